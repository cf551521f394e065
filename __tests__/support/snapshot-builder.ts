import { canonicalize } from '../../src/core/model/canonical.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/core/model/json.js'
import type { Snapshot } from '../../src/core/model/snapshot.js'

/*
 * Small literal snapshots for the core tests. Every id is invented.
 */

export const TENANT_ID = 'c0ffee00-0000-4000-8000-000000000001'
export const PARTNER_ID = 'a11ce000-0000-4000-8000-0000000000a1'
export const OTHER_PARTNER_ID = 'b0b00000-0000-4000-8000-0000000000b2'
export const GUEST_POLICY_ID = 'ca000000-0000-4000-8000-0000000000c1'
export const STAFF_POLICY_ID = 'ca000000-0000-4000-8000-0000000000c2'
export const OFFICE_LOCATION_ID = '10c00000-0000-4000-8000-0000000000d1'
export const PARTNER_GROUP_ID = 'group000-0000-4000-8000-0000000000e1'

export const GUEST_ROLE = '10dae51f-b6af-4016-8d66-8c2a99b929b3'
export const RESTRICTED_GUEST_ROLE = '2af84b1e-32c8-42b7-82bc-daa82404023b'
export const MEMBER_ROLE = 'a0b1b346-4d3e-4e8b-98f8-753987be4970'

export function targetConfiguration(accessType: 'allowed' | 'blocked', ...targets: string[]): JsonObject {
  return {
    accessType,
    targets: targets.map((target) => ({
      target,
      targetType:
        target === 'AllApplications' || target === 'Office365'
          ? 'application'
          : target === 'AllUsers'
            ? 'user'
            : 'group'
    }))
  }
}

export function b2bSetting(
  accessType: 'allowed' | 'blocked',
  users = 'AllUsers',
  applications = 'AllApplications'
): JsonObject {
  return {
    usersAndGroups: targetConfiguration(accessType, users),
    applications: targetConfiguration(accessType, applications)
  }
}

/** The service defaults: collaboration open both ways, direct connect closed, no trust. */
export function defaultConfiguration(): JsonObject {
  return {
    id: 'default-policy-id',
    isServiceDefault: false,
    inboundTrust: {
      isMfaAccepted: false,
      isCompliantDeviceAccepted: false,
      isHybridAzureADJoinedDeviceAccepted: false
    },
    b2bCollaborationInbound: b2bSetting('allowed'),
    b2bCollaborationOutbound: b2bSetting('allowed'),
    b2bDirectConnectInbound: b2bSetting('blocked'),
    b2bDirectConnectOutbound: b2bSetting('blocked'),
    automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    tenantRestrictions: null,
    invitationRedemptionIdentityProviderConfiguration: {
      primaryIdentityProviderPrecedenceOrder: [
        'azureActiveDirectory',
        'externalFederation',
        'socialIdentityProviders'
      ],
      fallbackIdentityProvider: 'defaultConfiguredIdp'
    }
  }
}

/** A partner that overrides nothing: every setting inherits the default. */
export function partnerConfiguration(tenantId = PARTNER_ID): JsonObject {
  return {
    tenantId,
    isServiceProvider: null,
    isInMultiTenantOrganization: false,
    inboundTrust: null,
    automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
    b2bCollaborationInbound: null,
    b2bCollaborationOutbound: null,
    b2bDirectConnectInbound: null,
    b2bDirectConnectOutbound: null,
    tenantRestrictions: null
  }
}

export function syncPolicy(
  tenantId = PARTNER_ID,
  displayName = 'Fabrikam',
  isSyncAllowed = false
): JsonObject {
  return { tenantId, displayName, userSyncInbound: { isSyncAllowed } }
}

/** An enforced policy requiring MFA of B2B guests from two tenants. */
export function guestPolicy(id = GUEST_POLICY_ID, displayName = 'Require MFA for guests'): JsonObject {
  return {
    id,
    displayName,
    state: 'enabled',
    conditions: {
      applications: { includeApplications: ['All'], excludeApplications: [] },
      clientAppTypes: ['all'],
      users: {
        includeUsers: [],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: {
          guestOrExternalUserTypes: 'b2bCollaborationGuest,b2bCollaborationMember',
          externalTenants: { membershipKind: 'enumerated', members: [PARTNER_ID, OTHER_PARTNER_ID] }
        },
        excludeGuestsOrExternalUsers: null
      }
    },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    sessionControls: null
  }
}

/** An enforced policy for one staff group: it does not cover guests. */
export function staffPolicy(id = STAFF_POLICY_ID): JsonObject {
  const policy = guestPolicy(id, 'Require compliant devices for staff')
  return setAt(
    setAt(policy, 'conditions.users.includeGuestsOrExternalUsers', null),
    'conditions.users.includeGroups',
    ['staff000-0000-4000-8000-0000000000f1']
  )
}

export function ipLocation(id = OFFICE_LOCATION_ID, isTrusted = true): JsonObject {
  return { id, displayName: 'Head office', isTrusted, ipRanges: [{ cidrAddress: '198.51.100.0/24' }] }
}

export function authorizationPolicy(): JsonObject {
  return {
    id: 'authorizationPolicy',
    allowInvitesFrom: 'adminsAndGuestInviters',
    guestUserRoleId: GUEST_ROLE,
    allowEmailVerifiedUsersToJoinOrganization: false,
    blockMsolPowerShell: true
  }
}

export function sharepointSettings(): JsonObject {
  return {
    sharingCapability: 'externalUserSharingOnly',
    sharingDomainRestrictionMode: 'allowList',
    sharingAllowedDomainList: ['fabrikam.example'],
    sharingBlockedDomainList: [],
    isResharingByExternalUsersEnabled: false
  }
}

export function crossTenantAccessPolicy(): JsonObject {
  return { id: 'xtap-id', displayName: 'CrossTenantAccessPolicy', allowedCloudEndpoints: [] }
}

export const GUEST_STRENGTH_ID = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b'

export function authenticationStrength(): JsonObject {
  return {
    id: GUEST_STRENGTH_ID,
    displayName: 'Guest strength',
    description: 'Required of guests',
    policyType: 'custom',
    requirementsSatisfied: 'mfa',
    allowedCombinations: ['fido2', 'password,microsoftAuthenticatorPush'],
    combinationConfigurations: []
  }
}

export function multiTenantOrganization(): JsonObject {
  return { id: 'mto-id', displayName: 'Contoso group', description: 'Contoso and Fabrikam', state: 'active' }
}

/** A canonical snapshot holding the given sections (nothing else). */
export function snapshot(sections: Partial<Snapshot> = {}): Snapshot {
  const raw: Snapshot = {
    schemaVersion: 1,
    tenantId: TENANT_ID,
    cloud: 'global',
    capturedAt: '2026-03-01T02:00:00Z',
    ...sections
  }
  return canonicalize(raw as unknown as JsonValue) as unknown as Snapshot
}

/** A snapshot with every section set to the builders' values and no drift-prone surprises. */
export function fullSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return snapshot({
    crossTenantAccessPolicy: crossTenantAccessPolicy(),
    default: defaultConfiguration(),
    partners: { [PARTNER_ID]: partnerConfiguration() },
    identitySynchronization: { [PARTNER_ID]: syncPolicy() },
    conditionalAccessPolicies: { [GUEST_POLICY_ID]: guestPolicy(), [STAFF_POLICY_ID]: staffPolicy() },
    namedLocations: { [OFFICE_LOCATION_ID]: ipLocation() },
    guests: { total: 200, pendingAcceptance: 10, externalMembers: 3, staleAfterDays: 90, stale: 12 },
    authorizationPolicy: authorizationPolicy(),
    multiTenantOrganization: multiTenantOrganization(),
    sharepointSettings: sharepointSettings(),
    authenticationStrengthPolicies: { [GUEST_STRENGTH_ID]: authenticationStrength() },
    multiTenantOrganizationTenants: {},
    groupSettings: {},
    connectedOrganizations: {},
    externalAssignmentPolicies: {},
    entitlementManagementSettings: {
      id: 'singleton',
      externalUserLifecycleAction: 'blockSignInAndDelete',
      durationUntilExternalUserDeletedAfterBlocked: 'P30D'
    },
    guestInviterRoleAssignments: {},
    authenticationFlowsPolicy: {
      id: 'authenticationFlowsPolicy',
      displayName: 'Authentication flows policy',
      selfServiceSignUp: { isEnabled: false }
    },
    b2xUserFlows: {},
    guestAccessReviews: {},
    externalDomainFederations: {},
    crossTenantSyncJobs: {},
    identityProviders: {
      'MSASignup-OAUTH': {
        id: 'MSASignup-OAUTH',
        identityProviderType: 'MicrosoftAccount',
        displayName: 'MicrosoftAccount'
      }
    },
    emailAuthenticationMethod: {
      id: 'Email',
      state: 'enabled',
      allowExternalIdToUseEmailOtp: 'enabled',
      includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
      excludeTargets: []
    },
    multiTenantOrganizationJoinRequest: {
      id: 'join-request-id',
      addedByTenantId: '00000000-0000-0000-0000-000000000000',
      memberState: null,
      role: null,
      transitionDetails: null
    },
    ...overrides
  })
}

/** A deep copy of `object` with `value` at the dotted `path` (intermediate objects created). */
export function setAt(object: JsonObject, path: string, value: JsonValue): JsonObject {
  const copy = structuredClone(object)
  const segments = path.split('.')
  let current: JsonObject = copy
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment]
    if (!isJsonObject(next)) current[segment] = {}
    current = current[segment] as JsonObject
  }
  current[segments[segments.length - 1] as string] = value
  return copy
}

/** A deep copy of `object` without the property at the dotted `path`. */
export function withoutAt(object: JsonObject, path: string): JsonObject {
  const copy = structuredClone(object)
  const segments = path.split('.')
  let current: JsonValue | undefined = copy
  for (const segment of segments.slice(0, -1)) current = isJsonObject(current) ? current[segment] : undefined
  if (isJsonObject(current)) delete current[segments[segments.length - 1] as string]
  return copy
}
