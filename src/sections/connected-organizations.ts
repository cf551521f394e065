import type { KeyedSection } from './section.js'

/**
 * Entitlement management's connected organizations, keyed by id: the partner tenants and domains
 * whose users may request access packages and are then invited as guests (state `configured`), or
 * that entitlement management added on its own when one of their users was approved (`proposed`:
 * only policies for specific connected organizations apply to them). Each names its partner in
 * identitySources (an azureActiveDirectoryTenant's tenantId, a domain's domainName, ...).
 * https://learn.microsoft.com/graph/api/entitlementmanagement-list-connectedorganizations
 */
export const connectedOrganizationsSection = {
  id: 'connectedOrganizations',
  kind: 'connectedOrganization',
  shape: 'keyed',
  keyProperty: 'id',
  graph: { path: '/identityGovernance/entitlementManagement/connectedOrganizations', apiVersion: 'v1.0' },
  // The list page's permission table is an include; its application entry and the permissions
  // reference name EntitlementManagement.Read.All as least privileged.
  permission: 'EntitlementManagement.Read.All',
  core: false,
  readBy: 'declaration',
  volatile: ['createdDateTime', 'modifiedDateTime'],
  words: {
    kindLabel: 'Connected organization',
    subject: 'Connected organization',
    issueSubject: 'connected organization',
    entry: 'connected organization'
  },
  remediation: {
    properties: [
      'createdDateTime',
      'description',
      'displayName',
      'id',
      'identitySources',
      'modifiedDateTime',
      'state'
    ],
    readOnly: ['id', 'createdDateTime', 'modifiedDateTime'],
    updateCmdlet: 'Update-MgEntitlementManagementConnectedOrganization',
    idParameter: 'ConnectedOrganizationId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgEntitlementManagementConnectedOrganization',
      note: 'The re-created organization gets a new id: update its key in the baseline and in the assignment policies that name it; its sponsors are not in the baseline.'
    },
    remove: {
      cmdlet: 'Remove-MgEntitlementManagementConnectedOrganization',
      note: 'Guests who came through it keep their accounts and assignments; policies that name it no longer let its users request.'
    }
  },
  audit: {
    // The audit activity reference's Entitlement Management section, category EntitlementManagement.
    activities: [
      'Create connected organization',
      'Update connected organization',
      'Delete connected organization'
    ]
  },
  // Partner organisations: their names, and the domains their users sign in with.
  identifying: {
    names: ['displayName', 'description', 'identitySources.displayName'],
    domains: ['identitySources.domainName', 'identitySources.issuerUri'],
    tenantIds: ['identitySources.tenantId']
  },
  schema: {
    type: 'object',
    description: 'GET /identityGovernance/entitlementManagement/connectedOrganizations, keyed by id.',
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        displayName: { type: ['string', 'null'], description: 'Name of the connected organization.' },
        state: {
          enum: ['configured', 'proposed', 'unknownFutureValue', null],
          description:
            'configured: every policy for connected organizations applies; proposed: only those naming it.'
        },
        identitySources: {
          type: ['array', 'null'],
          description:
            'Where its users come from: a tenant (tenantId), a domain (domainName), a federated domain or a social provider.',
          items: { type: 'object', additionalProperties: true }
        }
      }
    }
  }
} as const satisfies KeyedSection
