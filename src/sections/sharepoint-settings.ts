import type { SingletonSection } from './section.js'

/** SharePoint and OneDrive external sharing: the workload that can diverge from Entra's own settings
 * unless its B2B integration is on (that switch itself is not in Graph). */
export const sharepointSettingsSection = {
  id: 'sharepointSettings',
  kind: 'sharepointSettings',
  shape: 'singleton',
  graph: { path: '/admin/sharepoint/settings', apiVersion: 'v1.0' },
  permission: 'SharePointTenantSettings.Read.All',
  core: false,
  // The GET's national-cloud table lists the global service and US Government only
  // (learn.microsoft.com/graph/api/sharepointsettings-get). The China v1.0 schema does declare
  // sharepointSettings (msgraph-metadata schemas/v1.0-Mooncake.csdl) [UNVERIFIED whether China serves
  // it]; were it read there, an answer of 404/400/501 would still be "unavailable", not a failure.
  clouds: ['global', 'usgov', 'usgov-dod'],
  readBy: 'declaration',
  words: {
    displayName: 'SharePoint and OneDrive sharing settings',
    subject: 'SharePoint settings',
    issueSubject: 'SharePoint sharing settings'
  },
  remediation: {
    properties: [
      'allowedDomainGuidsForSyncApp',
      'availableManagedPathsForSiteCreation',
      'deletedUserPersonalSiteRetentionPeriodInDays',
      'excludedFileExtensionsForSyncApp',
      'id',
      'idleSessionSignOut',
      'imageTaggingOption',
      'isCommentingOnSitePagesEnabled',
      'isFileActivityNotificationEnabled',
      'isLegacyAuthProtocolsEnabled',
      'isLoopEnabled',
      'isMacSyncAppEnabled',
      'isRequireAcceptingUserToMatchInvitedUserEnabled',
      'isResharingByExternalUsersEnabled',
      'isSharePointMobileNotificationEnabled',
      'isSharePointNewsfeedEnabled',
      'isSiteCreationEnabled',
      'isSiteCreationUIEnabled',
      'isSitePagesCreationEnabled',
      'isSitesStorageLimitAutomatic',
      'isSyncButtonHiddenOnPersonalSite',
      'isUnmanagedSyncAppForTenantRestricted',
      'personalSiteDefaultStorageLimitInMB',
      'sharingAllowedDomainList',
      'sharingBlockedDomainList',
      'sharingCapability',
      'sharingDomainRestrictionMode',
      'siteCreationDefaultManagedPath',
      'siteCreationDefaultStorageLimitInMB',
      'tenantDefaultTimezone'
    ],
    readOnly: ['id'],
    updateCmdlet: 'Update-MgAdminSharepointSetting'
  },
  audit: {
    notAudited:
      'SharePoint tenant settings are audited by Microsoft Purview, not in the Entra directory audit log'
  },
  identifying: { domains: ['sharingAllowedDomainList', 'sharingBlockedDomainList'] },
  schema: {
    type: 'object',
    description: 'GET /admin/sharepoint/settings: SharePoint and OneDrive external sharing.',
    additionalProperties: true,
    properties: {
      sharingCapability: {
        enum: [
          'disabled',
          'externalUserSharingOnly',
          'externalUserAndGuestSharing',
          'existingExternalUserSharingOnly',
          'unknownFutureValue'
        ],
        description: 'How far content may be shared outside the organisation.'
      },
      sharingDomainRestrictionMode: {
        enum: ['none', 'allowList', 'blockList', 'unknownFutureValue'],
        description: 'Whether sharing is limited by domain.'
      },
      sharingAllowedDomainList: {
        type: 'array',
        description: 'Domains content may be shared with when the mode is allowList.',
        items: {
          type: 'string'
        }
      },
      sharingBlockedDomainList: {
        type: 'array',
        description: 'Domains content may not be shared with when the mode is blockList.',
        items: {
          type: 'string'
        }
      },
      isResharingByExternalUsersEnabled: {
        type: ['boolean', 'null'],
        description: 'Whether external users may share content they do not own.'
      },
      isRequireAcceptingUserToMatchInvitedUserEnabled: {
        type: ['boolean', 'null'],
        description: 'Whether the account accepting a sharing invitation must be the invited one.'
      }
    }
  }
} as const satisfies SingletonSection
