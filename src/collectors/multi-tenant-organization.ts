import { entityCollector } from './entity-collector.js'

/** The multitenant organization; a tenant in none answers 200 with state "inactive", not 404. */
export const multiTenantOrganization = entityCollector({
  id: 'multiTenantOrganization',
  path: '/tenantRelationships/multiTenantOrganization',
  permission: 'MultiTenantOrganization.Read.All',
  core: false,
  volatile: ['createdDateTime'],
  clouds: ['global']
})
