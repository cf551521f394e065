import { entityCollector } from './entity-collector.js'

/** Guest invitation settings: allowInvitesFrom, guestUserRoleId, allowEmailVerifiedUsersToJoinOrganization. */
export const authorizationPolicy = entityCollector({
  id: 'authorizationPolicy',
  path: '/policies/authorizationPolicy',
  permission: 'Policy.Read.All',
  core: true
})
