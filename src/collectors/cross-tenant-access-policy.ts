import { entityCollector } from './entity-collector.js'

/** The policy root: which other Microsoft clouds B2B may reach (allowedCloudEndpoints). */
export const crossTenantAccessPolicy = entityCollector({
  id: 'crossTenantAccessPolicy',
  path: '/policies/crossTenantAccessPolicy',
  permission: 'Policy.Read.All',
  core: true
})
