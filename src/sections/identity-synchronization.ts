import type { KeyedSection } from './section.js'

/** Each partner's cross-tenant synchronization policy, keyed by the partner's tenantId; null when it has none. */
export const identitySynchronizationSection = {
  id: 'identitySynchronization',
  kind: 'identitySynchronization',
  shape: 'keyed',
  keyProperty: 'tenantId',
  graph: {
    path: '/policies/crossTenantAccessPolicy/partners/{tenantId}/identitySynchronization',
    apiVersion: 'v1.0'
  },
  permission: 'Policy.Read.All',
  core: true,
  // Every cloud: the sync policy is in the China v1.0 schema too (microsoftgraph/msgraph-metadata
  // schemas/v1.0-Mooncake.csdl, crossTenantIdentitySyncPolicyPartner), and the GET's national-cloud
  // table lists all four deployments (learn.microsoft.com/graph/api/crosstenantidentitysyncpolicypartner-get).
  clouds: ['global', 'usgov', 'usgov-dod', 'china'],
  // Read in the partner list's round trip ($expand), the rest one by one once the partners are known.
  readBy: 'partners-collector',
  words: {
    kindLabel: 'Cross-tenant sync policy',
    subject: 'Cross-tenant sync policy for',
    issueSubject: 'cross-tenant sync with partner',
    entry: 'sync policy'
  },
  remediation: {
    properties: ['displayName', 'tenantId', 'userSyncInbound'],
    readOnly: ['tenantId'],
    updateCmdlet: 'Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization',
    idParameter: 'CrossTenantAccessPolicyConfigurationPartnerTenantId',
    create: {
      method: 'PUT',
      cmdlet: 'Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization',
      note: 'The partner configuration must exist before its sync policy can be created.'
    },
    remove: { cmdlet: 'Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization' }
  },
  audit: {
    activities: [
      'Create a partner cross-tenant identity sync setting',
      'Update a partner cross-tenant identity sync setting',
      'Delete a partner cross-tenant identity sync setting'
    ]
  },
  identifying: { names: ['displayName'] },
  schema: {
    type: 'object',
    description:
      "Each partner's cross-tenant synchronization policy, keyed by the partner tenantId; null = the partner has no sync policy.",
    propertyNames: {
      $ref: '#/$defs/guid'
    },
    additionalProperties: {
      $ref: '#/$defs/identitySynchronization'
    }
  }
} as const satisfies KeyedSection
