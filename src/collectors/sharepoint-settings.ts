import { entityCollector } from './entity-collector.js'

/**
 * SharePoint and OneDrive external sharing: the workload that can diverge from Entra's own settings
 * unless its B2B integration is on (that switch itself is not in Graph).
 */
export const sharepointSettings = entityCollector({
  id: 'sharepointSettings',
  path: '/admin/sharepoint/settings',
  permission: 'SharePointTenantSettings.Read.All',
  core: false,
  clouds: ['global', 'usgov', 'usgov-dod']
})
