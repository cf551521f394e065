import { keyedCollectionCollector } from './keyed-collection.js'

/** Every Conditional Access policy, keyed by id (a rename is a change, not a new policy). */
export const conditionalAccessPolicies = keyedCollectionCollector({
  id: 'conditionalAccessPolicies',
  path: '/identity/conditionalAccess/policies',
  permission: 'Policy.Read.All',
  core: true,
  keyProperty: 'id',
  limitClass: 'conditionalAccess',
  volatile: ['createdDateTime', 'modifiedDateTime', 'deletedDateTime']
})
