import type { SingletonSection } from './section.js'

/**
 * Entitlement management's tenant-wide settings: what happens to an external user (a guest who came
 * through an access package) once their last assignment is removed: nothing (`none`), blocked from
 * signing in (`blockSignIn`), or blocked and deleted after durationUntilExternalUserDeletedAfterBlocked
 * (`blockSignInAndDelete`).
 * https://learn.microsoft.com/graph/api/entitlementmanagementsettings-get
 */
export const entitlementManagementSettingsSection = {
  id: 'entitlementManagementSettings',
  kind: 'entitlementManagementSettings',
  shape: 'singleton',
  graph: { path: '/identityGovernance/entitlementManagement/settings', apiVersion: 'v1.0' },
  // The get page's permission table is an include; EntitlementManagement.Read.All reads every
  // entitlement management object.
  permission: 'EntitlementManagement.Read.All',
  core: false,
  readBy: 'declaration',
  words: {
    displayName: 'External user lifecycle',
    subject: 'External user lifecycle',
    issueSubject: 'external user lifecycle'
  },
  remediation: {
    properties: ['durationUntilExternalUserDeletedAfterBlocked', 'externalUserLifecycleAction', 'id'],
    readOnly: ['id'],
    updateCmdlet: 'Update-MgEntitlementManagementSetting'
  },
  audit: {
    // The audit activity reference's Entitlement Management section; [UNVERIFIED] that it is the
    // activity these settings log (it is the section's only tenant-wide one).
    activities: ['Update tenant setting']
  },
  schema: {
    type: 'object',
    description: 'GET /identityGovernance/entitlementManagement/settings: the external user lifecycle.',
    additionalProperties: true,
    properties: {
      externalUserLifecycleAction: {
        enum: ['none', 'blockSignIn', 'blockSignInAndDelete', 'unknownFutureValue', null],
        description: 'What happens to an external user whose last access package assignment is removed.'
      },
      durationUntilExternalUserDeletedAfterBlocked: {
        type: ['string', 'null'],
        description: 'ISO 8601 duration between blocking and deleting such a user (blockSignInAndDelete).'
      }
    }
  }
} as const satisfies SingletonSection
