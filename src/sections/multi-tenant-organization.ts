import { MULTI_TENANT_ORGANIZATION_TENANT_ACTIVITIES } from './multi-tenant-organization-tenants.js'
import type { SingletonSection } from './section.js'

/** The multitenant organization; a tenant in none answers 200 with state "inactive", not 404. */
export const multiTenantOrganizationSection = {
  id: 'multiTenantOrganization',
  kind: 'multiTenantOrganization',
  shape: 'singleton',
  graph: { path: '/tenantRelationships/multiTenantOrganization', apiVersion: 'v1.0' },
  permission: 'MultiTenantOrganization.Read.All',
  core: false,
  // Global only: the US Government and China v1.0 schemas have no tenantRelationship
  // multiTenantOrganization (microsoftgraph/msgraph-metadata schemas/v1.0-Fairfax.csdl, v1.0-Mooncake.csdl).
  clouds: ['global'],
  readBy: 'declaration',
  volatile: ['createdDateTime'],
  words: {
    displayName: 'Multitenant organization',
    subject: 'Multitenant organization',
    issueSubject: 'multitenant organization'
  },
  remediation: {
    properties: ['createdDateTime', 'description', 'displayName', 'id', 'state'],
    // Membership state changes by creating, joining or leaving, never by PATCH.
    readOnly: ['id', 'createdDateTime', 'state'],
    updateCmdlet: 'Update-MgTenantRelationshipMultiTenantOrganization'
  },
  audit: {
    activities: [
      'Create a MultiTenantOrg',
      'Update a MultiTenantOrg',
      ...MULTI_TENANT_ORGANIZATION_TENANT_ACTIVITIES
    ]
  },
  // A multitenant organization is named after its partners.
  identifying: { names: ['displayName'] },
  schema: {
    type: 'object',
    description: 'GET /tenantRelationships/multiTenantOrganization.',
    additionalProperties: true,
    properties: {
      state: {
        enum: ['active', 'inactive', 'unknownFutureValue'],
        description: 'Whether the tenant is in a multitenant organization.'
      },
      displayName: {
        type: ['string', 'null'],
        description: 'Name of the multitenant organization.'
      },
      description: {
        type: ['string', 'null'],
        description: 'Description of the multitenant organization.'
      }
    }
  }
} as const satisfies SingletonSection
