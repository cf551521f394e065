import type { SingletonSection } from './section.js'

/**
 * This tenant's request to join another tenant's multitenant organization: addedByTenantId is the
 * owner it asked to join. Global cloud only. A tenant that never asked answers the record with
 * null states (documented example); [UNVERIFIED] whether some tenants answer 404 instead, which
 * reads as unavailable, never as drift.
 * https://learn.microsoft.com/graph/api/multitenantorganizationjoinrequestrecord-get
 */
export const multiTenantOrganizationJoinRequestSection = {
  id: 'multiTenantOrganizationJoinRequest',
  kind: 'multiTenantOrganizationJoinRequest',
  shape: 'singleton',
  graph: { path: '/tenantRelationships/multiTenantOrganization/joinRequest', apiVersion: 'v1.0' },
  permission: 'MultiTenantOrganization.Read.All',
  core: false,
  clouds: ['global'],
  readBy: 'declaration',
  words: {
    displayName: 'Multitenant organization join request',
    subject: 'Multitenant organization join request',
    issueSubject: 'multitenant organization join request'
  },
  remediation: {
    properties: ['addedByTenantId', 'id', 'memberState', 'role', 'transitionDetails'],
    // A join is requested (or a failed one reset) by PATCHing addedByTenantId; the rest is Entra's.
    readOnly: ['id', 'memberState', 'role', 'transitionDetails'],
    updateCmdlet: 'Update-MgTenantRelationshipMultiTenantOrganizationJoinRequest'
  },
  audit: { activities: ['Tenant joining MultiTenantOrg tenant'] },
  schema: {
    type: 'object',
    description: 'GET /tenantRelationships/multiTenantOrganization/joinRequest.',
    additionalProperties: true,
    properties: {
      addedByTenantId: {
        type: ['string', 'null'],
        description: 'The owner tenant whose organization this tenant asked to join.'
      },
      memberState: {
        enum: ['pending', 'active', 'removed', 'unknownFutureValue', null],
        description: "This tenant's state in that organization."
      },
      role: {
        enum: ['owner', 'member', 'unknownFutureValue', null],
        description: "This tenant's role in that organization."
      }
    }
  }
} as const satisfies SingletonSection
