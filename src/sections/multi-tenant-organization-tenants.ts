import type { KeyedSection } from './section.js'

/**
 * The tenants of the multitenant organization, keyed by tenant id: each member (or pending
 * member) gets the organization's partner configuration and sync template, so a tenant that is
 * added opens B2B collaboration and synchronization with it. Global cloud only; a tenant in no
 * multitenant organization answers an empty collection [UNVERIFIED: or 404, read as unavailable].
 * https://learn.microsoft.com/graph/api/multitenantorganization-list-tenants
 */
/** What the audit log records when the organization's tenants change (Entra's audit activity reference). */
export const MULTI_TENANT_ORGANIZATION_TENANT_ACTIVITIES = [
  'Add MultiTenantOrg tenant',
  'Update MultiTenantOrg tenant',
  'Delete MultiTenantOrg tenant',
  'Hard Delete MultiTenantOrg tenant',
  'Tenant joining MultiTenantOrg tenant'
] as const

/** What Graph records about a member by itself: never in a write body. */
const COMPUTED_MEMBER_PROPERTIES = [
  'id',
  'deletedDateTime',
  'addedDateTime',
  'joinedDateTime',
  'addedByTenantId',
  'state',
  'transitionDetails'
] as const

export const multiTenantOrganizationTenantsSection = {
  id: 'multiTenantOrganizationTenants',
  kind: 'multiTenantOrganizationTenant',
  shape: 'keyed',
  keyProperty: 'tenantId',
  graph: { path: '/tenantRelationships/multiTenantOrganization/tenants', apiVersion: 'v1.0' },
  // MultiTenantOrganization.ReadBasic.All also lists the tenants, but only their displayName and
  // tenantId: role and state, which the rules compare, need Read.All.
  permission: 'MultiTenantOrganization.Read.All',
  core: false,
  clouds: ['global'],
  readBy: 'declaration',
  volatile: ['addedDateTime', 'joinedDateTime'],
  words: {
    kindLabel: 'Multitenant organization tenant',
    subject: 'Multitenant organization tenant',
    issueSubject: 'multitenant organization tenant',
    entry: 'multitenant organization tenant'
  },
  remediation: {
    properties: [
      'addedByTenantId',
      'addedDateTime',
      'deletedDateTime',
      'displayName',
      'id',
      'joinedDateTime',
      'role',
      'state',
      'tenantId',
      'transitionDetails'
    ],
    // Only displayName and role can be PATCHed; state and the rest follow joining and leaving.
    readOnly: ['tenantId', ...COMPUTED_MEMBER_PROPERTIES],
    updateCmdlet: 'Update-MgTenantRelationshipMultiTenantOrganizationTenant',
    idParameter: 'MultiTenantOrganizationMemberId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgTenantRelationshipMultiTenantOrganizationTenant',
      // A new member is named by its tenantId.
      readOnly: COMPUTED_MEMBER_PROPERTIES,
      note: 'The tenant is added as pending: its own administrators must then join the organization.'
    },
    remove: {
      cmdlet: 'Remove-MgTenantRelationshipMultiTenantOrganizationTenant',
      note: 'Removing a tenant removes it from the organization for every member; its partner configuration and sync policy stay until deleted.'
    }
  },
  audit: { activities: MULTI_TENANT_ORGANIZATION_TENANT_ACTIVITIES },
  // Member tenants are organisations.
  identifying: { names: ['displayName'] },
  schema: {
    type: 'object',
    description: 'GET /tenantRelationships/multiTenantOrganization/tenants, keyed by tenant id.',
    propertyNames: { $ref: '#/$defs/guid' },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        displayName: { type: ['string', 'null'], description: "The tenant's name in the organization." },
        role: {
          enum: ['owner', 'member', 'unknownFutureValue'],
          description: 'Owners manage the organization; members take part in it.'
        },
        state: {
          enum: ['pending', 'active', 'removed', 'unknownFutureValue'],
          description: 'Whether the tenant has joined, is still to join, or was removed.'
        }
      }
    }
  }
} as const satisfies KeyedSection
