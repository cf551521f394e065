import type { SingletonSection } from './section.js'

/** Guest invitation settings: allowInvitesFrom, guestUserRoleId, allowEmailVerifiedUsersToJoinOrganization. */
export const authorizationPolicySection = {
  id: 'authorizationPolicy',
  kind: 'authorizationPolicy',
  shape: 'singleton',
  graph: { path: '/policies/authorizationPolicy', apiVersion: 'v1.0' },
  permission: 'Policy.Read.All',
  core: true,
  readBy: 'declaration',
  words: {
    displayName: 'Authorization policy (guest settings)',
    subject: 'Authorization policy',
    issueSubject: 'guest invitation settings'
  },
  remediation: {
    properties: [
      'allowEmailVerifiedUsersToJoinOrganization',
      'allowInvitesFrom',
      'allowUserConsentForRiskyApps',
      'allowedToSignUpEmailBasedSubscriptions',
      'allowedToUseSSPR',
      'blockMsolPowerShell',
      'defaultUserRolePermissions',
      'deletedDateTime',
      'description',
      'displayName',
      'guestUserRoleId',
      'id'
    ],
    readOnly: ['id'],
    updateCmdlet: 'Update-MgPolicyAuthorizationPolicy'
  },
  audit: { activities: ['Update authorization policy'] },
  schema: {
    type: 'object',
    description: 'GET /policies/authorizationPolicy: who may invite guests and what guests may see.',
    additionalProperties: true,
    properties: {
      allowInvitesFrom: {
        enum: [
          'none',
          'adminsAndGuestInviters',
          'adminsGuestInvitersAndAllMembers',
          'everyone',
          'unknownFutureValue'
        ],
        description: 'Who may invite guests.'
      },
      guestUserRoleId: {
        $ref: '#/$defs/guid',
        description:
          'Role template guests get: Guest User, Restricted Guest User, or User (member-level access).'
      },
      allowEmailVerifiedUsersToJoinOrganization: {
        type: ['boolean', 'null'],
        description: 'Whether users may join the tenant by email verification (self-service sign-up).'
      }
    }
  }
} as const satisfies SingletonSection
