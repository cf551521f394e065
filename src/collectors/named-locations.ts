import { keyedCollectionCollector } from './keyed-collection.js'

/** Named locations (IP ranges and countries) that Conditional Access policies reference, keyed by id. */
export const namedLocations = keyedCollectionCollector({
  id: 'namedLocations',
  path: '/identity/conditionalAccess/namedLocations',
  permission: 'Policy.Read.All',
  core: true,
  keyProperty: 'id',
  limitClass: 'conditionalAccess',
  volatile: ['createdDateTime', 'modifiedDateTime', 'deletedDateTime']
})
