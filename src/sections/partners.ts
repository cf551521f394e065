import { CONFIGURATION_SETTINGS } from './cross-tenant-configuration.js'
import type { KeyedSection } from './section.js'

/** What the national clouds' Graph v1.0 lacks on a partner (see `unavailableProperties`). */
const NOT_IN_NATIONAL_CLOUDS = [
  'appServiceConnectInbound',
  'isInMultiTenantOrganization',
  'm365CollaborationInbound',
  'm365CollaborationOutbound',
  'tenantRestrictions'
] as const

/** Partner configurations: overrides of the default for one external organisation each, keyed by tenantId. */
export const partnersSection = {
  id: 'partners',
  kind: 'partner',
  shape: 'keyed',
  keyProperty: 'tenantId',
  graph: { path: '/policies/crossTenantAccessPolicy/partners', apiVersion: 'v1.0' },
  permission: 'Policy.Read.All',
  core: true,
  // Read with each partner's sync policy and organisation name (collectors/partner-configurations.ts).
  readBy: 'own-collector',
  // Per-cloud truth from Microsoft Graph's own v1.0 schemas (microsoftgraph/msgraph-metadata
  // schemas/v1.0-Prod.csdl for the global service, v1.0-Fairfax.csdl for US Government L4 and L5,
  // v1.0-Mooncake.csdl for China; commit f54f11b6, 2026-08-20): the national clouds'
  // crossTenantAccessPolicyConfigurationPartner lacks these properties.
  unavailableProperties: {
    usgov: NOT_IN_NATIONAL_CLOUDS,
    'usgov-dod': NOT_IN_NATIONAL_CLOUDS,
    china: NOT_IN_NATIONAL_CLOUDS
  },
  words: {
    kindLabel: 'Partner',
    subject: 'Partner',
    issueSubject: 'partner',
    entry: 'partner',
    inventory: { one: 'partner configuration' }
  },
  remediation: {
    // crossCloudMeetingConfiguration and protectedContentSharing come back from the service but
    // are not in the v1.0 type: compared, never written.
    properties: [...CONFIGURATION_SETTINGS, 'isInMultiTenantOrganization', 'isServiceProvider', 'tenantId'],
    readOnly: ['tenantId', 'isInMultiTenantOrganization'],
    updateCmdlet: 'Update-MgPolicyCrossTenantAccessPolicyPartner',
    idParameter: 'CrossTenantAccessPolicyConfigurationPartnerTenantId',
    // The create body names the partner: only the computed membership flag is left out.
    create: {
      method: 'POST',
      cmdlet: 'New-MgPolicyCrossTenantAccessPolicyPartner',
      readOnly: ['isInMultiTenantOrganization']
    },
    remove: {
      cmdlet: 'Remove-MgPolicyCrossTenantAccessPolicyPartner',
      note: 'A partner with a cross-tenant sync policy cannot be deleted: delete its identitySynchronization first.'
    },
    // crosstenantaccesspolicyconfigurationpartner-update.md / -delete.md, crosstenantaccesspolicy-post-partners.md.
    writePermissions: ['Policy.ReadWrite.CrossTenantAccess']
  },
  audit: {
    activities: [
      'Add a partner to cross-tenant access setting',
      'Update a partner cross-tenant access setting',
      'Delete partner specific cross-tenant access setting'
    ]
  },
  schema: {
    type: 'object',
    description:
      'GET /policies/crossTenantAccessPolicy/partners: partner configurations, keyed by the partner tenantId.',
    propertyNames: {
      $ref: '#/$defs/guid'
    },
    additionalProperties: {
      $ref: '#/$defs/partner'
    }
  }
} as const satisfies KeyedSection
