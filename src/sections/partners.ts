import { CONFIGURATION_SETTINGS } from './cross-tenant-configuration.js'
import type { KeyedSection } from './section.js'

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
    }
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
