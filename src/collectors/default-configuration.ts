import { entityCollector } from './entity-collector.js'

/** The default configuration: what every external organisation without a partner override gets. */
export const defaultConfiguration = entityCollector({
  id: 'default',
  path: '/policies/crossTenantAccessPolicy/default',
  permission: 'Policy.Read.All',
  core: true
})
