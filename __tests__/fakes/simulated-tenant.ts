/**
 * The state of a simulated Entra tenant as Microsoft Graph v1.0 would serve it: raw wire-shaped objects
 * (nulls for unconfigured settings, comma-joined flags, undeclared wire extras), without the
 * `@odata.context` the server adds. Builders produce a realistic small tenant, a generated user
 * population and a large benchmark tenant, all deterministic.
 */

export interface SimulatedSignInActivity {
  lastSignInDateTime?: string
  lastSignInRequestId?: string
  lastNonInteractiveSignInDateTime?: string
  lastNonInteractiveSignInRequestId?: string
  lastSuccessfulSignInDateTime?: string
  lastSuccessfulSignInRequestId?: string
}

export interface SimulatedUser {
  id: string
  displayName: string
  userPrincipalName: string
  mail?: string | null
  userType: 'Guest' | 'Member'
  externalUserState: 'PendingAcceptance' | 'Accepted' | null
  externalUserStateChangeDateTime?: string | null
  /**
   * `Invitation` for an external account, null for a regular work account (user resource, v1.0).
   * [UNVERIFIED] what a cross-tenant-synchronized user carries: the fake gives external members
   * what the docs give a B2B user invited as a member (creationType Invitation, an
   * externalUserState), the Invitation Manager case "Properties of a B2B guest user" describes.
   */
  creationType?: 'Invitation' | null
  /**
   * user resource (v1.0): "Nullable. ... Property is null for some users created before June 2018
   * and on-premises users that were synced to Microsoft Entra ID before June 2018."
   */
  createdDateTime: string | null
  /** Absent for users who never signed in (Graph then omits the property even when selected). */
  signInActivity?: SimulatedSignInActivity
}

/** Users are produced on demand so that a 250,000-guest tenant costs no memory. */
export interface UserSet {
  readonly size: number
  at(index: number): SimulatedUser
}

export interface SimulatedTenant {
  tenantId: string
  crossTenantAccessPolicy: Record<string, unknown>
  default: Record<string, unknown>
  partners: Record<string, unknown>[]
  /** Partner tenantId -> that partner's cross-tenant sync policy; a partner without an entry has none. */
  identitySynchronization: Record<string, Record<string, unknown>>
  conditionalAccessPolicies: Record<string, unknown>[]
  namedLocations: Record<string, unknown>[]
  users: UserSet
  authorizationPolicy: Record<string, unknown>
  multiTenantOrganization: Record<string, unknown>
  sharepointSettings: Record<string, unknown>
  /** GET /policies/authenticationStrengthPolicies: the built-in strengths and any custom ones. */
  authenticationStrengthPolicies: Record<string, unknown>[]
  /** GET /tenantRelationships/multiTenantOrganization/tenants: empty for a tenant in no organization. */
  multiTenantOrganizationTenants: Record<string, unknown>[]
  /** GET /tenantRelationships/multiTenantOrganization/joinRequest. */
  multiTenantOrganizationJoinRequest: Record<string, unknown>
  /** GET /identity/identityProviders: built-in and social providers, wire-typed (@odata.type). */
  identityProviders: Record<string, unknown>[]
  /** GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email. */
  emailAuthenticationMethod: Record<string, unknown>
  /** GET /groupSettings: tenant-wide directory settings (none until an admin creates one). */
  groupSettings: Record<string, unknown>[]
  /** GET /identityGovernance/entitlementManagement/connectedOrganizations. */
  connectedOrganizations: Record<string, unknown>[]
  /** GET /identityGovernance/entitlementManagement/settings. */
  entitlementManagementSettings: Record<string, unknown>
  /** GET /identityGovernance/entitlementManagement/assignmentPolicies: every policy, internal ones too. */
  assignmentPolicies: Record<string, unknown>[]
  // h11: guest inviters, self-service sign-up, guest access reviews
  /** GET /roleManagement/directory/roleAssignments: directory role assignments, every role. */
  roleAssignments: Record<string, unknown>[]
  /** GET /policies/authenticationFlowsPolicy: whether self-service sign-up is on. */
  authenticationFlowsPolicy: Record<string, unknown>
  /** GET /identity/b2xUserFlows: self-service sign-up user flows. */
  b2xUserFlows: Record<string, unknown>[]
  /** GET /identityGovernance/accessReviews/definitions: every access review series. */
  accessReviewDefinitions: Record<string, unknown>[]
  /** GET /directory/federationConfigurations/graph.samlOrWsFedExternalDomainFederation (h15). */
  externalDomainFederations: Record<string, unknown>[]
  /** GET /servicePrincipals (h-sync): enterprise apps; $filter on applicationTemplateId (eq, ne). */
  servicePrincipals: Record<string, unknown>[]
  /**
   * GET /servicePrincipals/{id}/synchronization/jobs and …/jobs/{jobId}/schema (h-sync): each
   * service principal's synchronization jobs with their schemas, by service principal id.
   */
  synchronizationJobs: Record<string, SynchronizationJobRecord[]>
  /** GET /beta/policies/b2bManagementPolicies (Graph beta only): none until an admin sets a restriction. */
  b2bManagementPolicies?: Record<string, unknown>[]
  /**
   * What findTenantInformationByTenantId knows about other tenants (any tenant in the cloud, not
   * only partners), keyed by tenant id: displayName, defaultDomainName. Unknown ids answer 404.
   */
  tenantDirectory?: Record<string, { displayName: string; defaultDomainName: string }>
  directoryAudits: Record<string, unknown>[]
  /** Application permissions admin-consented for the calling app, e.g. 'Policy.Read.All'. */
  grantedPermissions: Set<string>
  /** Entra ID P1/P2 licensed; signInActivity needs it. */
  premium: boolean
  /** Server page sizes; unset = the whole collection in one page. */
  pageSizes?: { partners?: number; conditionalAccessPolicies?: number; namedLocations?: number }
}

/** A synchronization job as GET …/jobs lists it, and its schema as GET …/jobs/{jobId}/schema answers. */
export interface SynchronizationJobRecord {
  job: Record<string, unknown>
  schema: Record<string, unknown>
}

/** The least-privileged application permissions that cover every read the fake serves. */
export const ALL_READ_PERMISSIONS: readonly string[] = [
  'Policy.Read.All',
  'User.Read.All',
  'AuditLog.Read.All',
  'MultiTenantOrganization.Read.All',
  'SharePointTenantSettings.Read.All',
  'CrossTenantInformation.ReadBasic.All',
  'Policy.Read.AuthenticationMethod',
  'IdentityProvider.Read.All',
  'GroupSettings.Read.All',
  'EntitlementManagement.Read.All',
  // h11: guest inviters, self-service sign-up, guest access reviews
  'RoleManagement.Read.Directory',
  'IdentityUserFlow.Read.All',
  'AccessReview.Read.All',
  // h-sync: the configuration apps, then their synchronization jobs and schemas
  'Application.Read.All',
  'Synchronization.Read.All',
  // h-beta: the invitation domain restriction (Graph beta, read only with include-beta)
  'Policy.Read.B2BManagementPolicy'
]

export const CONTOSO_TENANT_ID = '11111111-1111-4111-8111-111111111111'
export const CONTOSO_PARTNERS = {
  fabrikam: '3f5c1a2e-7b4d-4c8e-9a1f-0d2b6e8c4a71',
  northwind: '8a7d2c4b-1e3f-4b5a-8c6d-9e0f1a2b3c4d',
  tailspin: 'c4e8a6b2-5d1f-4a3e-b7c9-2f0e8d6a4b13'
} as const
/** Days without a sign-in after which the Contoso fixtures call a guest stale. */
export const STALE_AFTER_DAYS = 90

const GRAPH_ROOT = 'https://graph.microsoft.com'
const DAY_MS = 86_400_000
/** Well-known role template id of the limited "Guest User" role. */
const GUEST_USER_ROLE_ID = '10dae51f-b6af-4016-8d66-8c2a99b929b3'
const GLOBAL_ADMINISTRATOR_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10'

// ---------------------------------------------------------------------------------------------
// Deterministic pseudo-randomness: every value is a pure function of (seed, stream, index), so a
// user set can produce user #123,456 without producing the ones before it.

/** One avalanche step folding `value` into `state` (murmur3-style finaliser). */
function mix(state: number, value: number): number {
  let h = Math.imul(state ^ (value >>> 0), 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function hash32(...parts: number[]): number {
  let h = 0x9e3779b9
  for (const part of parts) h = mix(h, part)
  return h
}

function hashText(text: string): number {
  return hash32(...Array.from(text, (character) => character.charCodeAt(0)))
}

const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))
const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'))

// Number#toString(16) and Date#toISOString dominate the cost of generating a user, and a
// benchmark tenant generates hundreds of thousands per scan: hence the lookup tables.
function hex8(value: number): string {
  return (
    (BYTE_HEX[value >>> 24] ?? '') +
    (BYTE_HEX[(value >>> 16) & 0xff] ?? '') +
    (BYTE_HEX[(value >>> 8) & 0xff] ?? '') +
    (BYTE_HEX[value & 0xff] ?? '')
  )
}

/** A version-4-shaped GUID; user sets call this hundreds of thousands of times, so it stays cheap. */
function deterministicGuid(...parts: number[]): string {
  const base = hash32(...parts)
  const hex = hex8(mix(base, 0)) + hex8(mix(base, 1)) + hex8(mix(base, 2)) + hex8(mix(base, 3))
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** 'YYYY-MM-DDT' per day number; a pure memo (generated timestamps span a few thousand days). */
const dayPrefixes = new Map<number, string>()

/** ISO 8601 in whole seconds, as Graph writes directory timestamps: 2025-12-01T10:11:12Z. */
function isoSeconds(time: number): string {
  const day = Math.floor(time / DAY_MS)
  let prefix = dayPrefixes.get(day)
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11)
    dayPrefixes.set(day, prefix)
  }
  const seconds = Math.floor((time - day * DAY_MS) / 1000)
  const hours = TWO_DIGITS[Math.floor(seconds / 3600)] ?? '00'
  const minutes = TWO_DIGITS[Math.floor(seconds / 60) % 60] ?? '00'
  return `${prefix}${hours}:${minutes}:${TWO_DIGITS[seconds % 60] ?? '00'}Z`
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b)
}

// ---------------------------------------------------------------------------------------------
// Wire-shape builders shared by every tenant.

type AccessType = 'allowed' | 'blocked'
type Target = { target: string; targetType: 'user' | 'group' | 'application' }

function targetConfiguration(accessType: AccessType, targets: Target[]): Record<string, unknown> {
  return { accessType, targets }
}

const ALL_USERS: Target = { target: 'AllUsers', targetType: 'user' }
const ALL_APPLICATIONS: Target = { target: 'AllApplications', targetType: 'application' }
const OFFICE_365: Target = { target: 'Office365', targetType: 'application' }

function b2bSetting(
  usersAccess: AccessType,
  users: Target[],
  applicationsAccess: AccessType,
  applications: Target[]
): Record<string, unknown> {
  return {
    usersAndGroups: targetConfiguration(usersAccess, users),
    applications: targetConfiguration(applicationsAccess, applications)
  }
}

function inboundTrust(
  mfa: boolean,
  compliantDevice: boolean,
  hybridJoined: boolean
): Record<string, unknown> {
  return {
    isMfaAccepted: mfa,
    isCompliantDeviceAccepted: compliantDevice,
    isHybridAzureADJoinedDeviceAccepted: hybridJoined
  }
}

function inboundOutbound(inbound: boolean | null, outbound: boolean | null): Record<string, unknown> {
  return { inboundAllowed: inbound, outboundAllowed: outbound }
}

/** A partner configuration in wire shape; every setting not given is null (= inherits the default). */
export function partnerConfiguration(
  tenantId: string,
  settings: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    tenantId,
    isServiceProvider: null,
    isInMultiTenantOrganization: false,
    inboundTrust: null,
    b2bCollaborationOutbound: null,
    b2bCollaborationInbound: null,
    b2bDirectConnectOutbound: null,
    b2bDirectConnectInbound: null,
    tenantRestrictions: null,
    // Returned by the service although $metadata does not declare it.
    crossCloudMeetingConfiguration: inboundOutbound(null, null),
    automaticUserConsentSettings: inboundOutbound(null, null),
    // Returned by the service although $metadata does not declare it.
    protectedContentSharing: inboundOutbound(null, null),
    m365CollaborationInbound: null,
    m365CollaborationOutbound: null,
    appServiceConnectInbound: null,
    ...settings
  }
}

export function identitySyncPolicy(
  tenantId: string,
  displayName: string | null,
  isSyncAllowed: boolean
): Record<string, unknown> {
  return { tenantId, displayName, userSyncInbound: { isSyncAllowed } }
}

interface ConditionalAccessPolicySpec {
  id: string
  displayName: string
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced'
  createdDateTime: string
  modifiedDateTime: string
  templateId?: string | null
  users: Partial<Record<UserConditionKey, unknown>>
  applications?: string[]
  clientAppTypes?: string[]
  locations?: { includeLocations: string[]; excludeLocations: string[] } | null
  signInRiskLevels?: string[]
  /** null = no grant controls (session-only policy). */
  builtInControls: string[] | null
  /** The authentication strength the policy requires, as Graph expands it (authenticationStrengthPolicy()). */
  authenticationStrength?: Record<string, unknown> | null
  termsOfUse?: string[]
  sessionControls?: Record<string, unknown> | null
}

type UserConditionKey =
  | 'excludeGroups'
  | 'excludeGuestsOrExternalUsers'
  | 'excludeRoles'
  | 'excludeUsers'
  | 'includeGroups'
  | 'includeGuestsOrExternalUsers'
  | 'includeRoles'
  | 'includeUsers'

/** A Conditional Access policy in the live wire shape (keys present with null/[] when unused). */
export function conditionalAccessPolicy(spec: ConditionalAccessPolicySpec): Record<string, unknown> {
  const grantControls =
    spec.builtInControls === null
      ? null
      : {
          authenticationStrength: spec.authenticationStrength ?? null,
          // Graph auto-expands authenticationStrength and annotates it; the server re-bases the host.
          'authenticationStrength@odata.context': `${GRAPH_ROOT}/v1.0/$metadata#identity/conditionalAccess/policies('${spec.id}')/grantControls/authenticationStrength/$entity`,
          builtInControls: spec.builtInControls,
          customAuthenticationFactors: [],
          operator: 'OR',
          termsOfUse: spec.termsOfUse ?? []
        }
  return {
    id: spec.id,
    templateId: spec.templateId ?? null,
    displayName: spec.displayName,
    createdDateTime: spec.createdDateTime,
    modifiedDateTime: spec.modifiedDateTime,
    deletedDateTime: null,
    state: spec.state,
    conditions: {
      applications: {
        applicationFilter: null,
        excludeApplications: [],
        includeApplications: spec.applications ?? ['All'],
        includeAuthenticationContextClassReferences: [],
        includeUserActions: []
      },
      authenticationFlows: null,
      clientAppTypes: spec.clientAppTypes ?? ['all'],
      clientApplications: null,
      devices: null,
      insiderRiskLevels: null,
      locations: spec.locations ?? null,
      platforms: null,
      servicePrincipalRiskLevels: [],
      signInRiskLevels: spec.signInRiskLevels ?? [],
      userRiskLevels: [],
      users: {
        excludeGroups: [],
        excludeGuestsOrExternalUsers: null,
        excludeRoles: [],
        excludeUsers: [],
        includeGroups: [],
        includeGuestsOrExternalUsers: null,
        includeRoles: [],
        includeUsers: [],
        ...spec.users
      }
    },
    grantControls,
    sessionControls: spec.sessionControls ?? null
  }
}

/**
 * An authenticationStrengthPolicy as Graph returns it, shaped like the docs' example response
 * (https://learn.microsoft.com/graph/api/authenticationstrengthpolicy-get): expanded inside a CA
 * policy's grantControls it carries the same properties, timestamps and description included.
 * Defaults: the built-in "Phishing-resistant MFA" strength of that example.
 */
export function authenticationStrengthPolicy(
  settings: Partial<{
    id: string
    displayName: string
    description: string
    policyType: 'builtIn' | 'custom'
    requirementsSatisfied: 'none' | 'mfa'
    allowedCombinations: string[]
    createdDateTime: string
    modifiedDateTime: string
  }> = {}
): Record<string, unknown> {
  return {
    id: '00000000-0000-0000-0000-000000000004',
    createdDateTime: '2017-10-30T10:59:01Z',
    modifiedDateTime: '2017-10-30T10:59:01Z',
    displayName: 'Phishing-resistant MFA',
    description:
      'Phishing-resistant, passwordless methods for the strongest authentication, such as a FIDO2 security key',
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
    combinationConfigurations: [],
    ...settings
  }
}

/** conditionalAccessGuestsOrExternalUsers; `tenants` 'all' or the enumerated member tenant ids. */
export function guestsOrExternalUsers(
  userTypes: string[],
  tenants: 'all' | string[]
): Record<string, unknown> {
  const externalTenants =
    tenants === 'all'
      ? { '@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants', membershipKind: 'all' }
      : {
          '@odata.type': '#microsoft.graph.conditionalAccessEnumeratedExternalTenants',
          membershipKind: 'enumerated',
          members: tenants
        }
  // Flags enums travel as one comma-joined string without spaces.
  return { externalTenants, guestOrExternalUserTypes: userTypes.join(',') }
}

/** The default configuration as resetToSystemDefault leaves it (issue 18's fake applies the reset). */
export function systemDefaultConfiguration(policyId: string): Record<string, unknown> {
  return defaultConfiguration(policyId, false)
}

function defaultConfiguration(policyId: string, customised: boolean): Record<string, unknown> {
  return {
    id: policyId,
    isServiceDefault: !customised,
    inboundTrust: inboundTrust(false, false, false),
    b2bCollaborationOutbound: b2bSetting('allowed', [ALL_USERS], 'allowed', [ALL_APPLICATIONS]),
    b2bCollaborationInbound: b2bSetting('allowed', [ALL_USERS], 'allowed', [ALL_APPLICATIONS]),
    b2bDirectConnectOutbound: b2bSetting('blocked', [ALL_USERS], 'blocked', [ALL_APPLICATIONS]),
    b2bDirectConnectInbound: b2bSetting('blocked', [ALL_USERS], 'blocked', [ALL_APPLICATIONS]),
    automaticUserConsentSettings: inboundOutbound(false, false),
    tenantRestrictions: {
      devices: null,
      ...b2bSetting('blocked', [ALL_USERS], 'blocked', [ALL_APPLICATIONS])
    },
    invitationRedemptionIdentityProviderConfiguration: customised
      ? {
          primaryIdentityProviderPrecedenceOrder: ['azureActiveDirectory', 'externalFederation'],
          fallbackIdentityProvider: 'emailOneTimePasscode'
        }
      : {
          primaryIdentityProviderPrecedenceOrder: [
            'azureActiveDirectory',
            'externalFederation',
            'socialIdentityProviders'
          ],
          fallbackIdentityProvider: 'defaultConfiguredIdp'
        },
    m365CollaborationInbound: { users: targetConfiguration('blocked', [ALL_USERS]) },
    m365CollaborationOutbound: { usersAndGroups: targetConfiguration('allowed', [ALL_USERS]) },
    appServiceConnectInbound: { applications: targetConfiguration('blocked', [ALL_APPLICATIONS]) }
  }
}

function crossTenantAccessPolicyRoot(policyId: string, tenantId: string): Record<string, unknown> {
  return {
    id: policyId,
    displayName: `CrossTenantAccessPolicy for ${tenantId}`,
    allowedCloudEndpoints: []
  }
}

function authorizationPolicy(tenantId: string): Record<string, unknown> {
  return {
    '@odata.id': `${GRAPH_ROOT}/v2/${tenantId}/authorizationPolicy/authorizationPolicy`,
    id: 'authorizationPolicy',
    allowInvitesFrom: 'adminsAndGuestInviters',
    allowedToSignUpEmailBasedSubscriptions: false,
    allowedToUseSSPR: true,
    allowEmailVerifiedUsersToJoinOrganization: false,
    allowUserConsentForRiskyApps: false,
    blockMsolPowerShell: true,
    description: 'Used to manage authorization related settings across the company.',
    displayName: 'Authorization Policy',
    guestUserRoleId: GUEST_USER_ROLE_ID,
    defaultUserRolePermissions: {
      allowedToCreateApps: false,
      allowedToCreateSecurityGroups: false,
      allowedToCreateTenants: false,
      allowedToReadBitlockerKeysForOwnedDevice: true,
      allowedToReadOtherUsers: true,
      permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-low']
    }
  }
}

/** What Graph answers for a tenant that belongs to no multitenant organization (200, not 404). */
function inactiveMultiTenantOrganization(): Record<string, unknown> {
  return { createdDateTime: null, displayName: null, description: null, state: 'inactive' }
}

/** Contoso's guest strength (custom): phishing-resistant methods or Authenticator push after a password. */
export const CONTOSO_GUEST_STRENGTH_ID = '5b8e2f4a-6c1d-4e7f-9a3b-2d4c6e8f0a1b'

/**
 * The three built-in strengths (their ids are the same in every tenant) and Contoso's custom one,
 * shaped as the documented list example answers (authenticationstrengthroot-list-policies).
 */
function authenticationStrengthPolicies(custom: boolean): Record<string, unknown>[] {
  const builtIn = (id: string, displayName: string, description: string, combinations: string[]) => ({
    id,
    createdDateTime: '2021-12-01T00:00:00Z',
    modifiedDateTime: '2021-12-01T00:00:00Z',
    displayName,
    description,
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    allowedCombinations: combinations,
    combinationConfigurations: []
  })
  const phishingResistant = ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor']
  const policies: Record<string, unknown>[] = [
    builtIn('00000000-0000-0000-0000-000000000002', 'Multifactor authentication', 'Built-in MFA.', [
      ...phishingResistant,
      'deviceBasedPush',
      'temporaryAccessPassOneTime',
      'password,microsoftAuthenticatorPush',
      'password,softwareOath',
      'password,sms',
      'federatedMultiFactor'
    ]),
    builtIn('00000000-0000-0000-0000-000000000003', 'Passwordless MFA', 'Built-in passwordless.', [
      ...phishingResistant,
      'deviceBasedPush'
    ]),
    builtIn(
      '00000000-0000-0000-0000-000000000004',
      'Phishing-resistant MFA',
      'Built-in phishing-resistant.',
      phishingResistant
    )
  ]
  if (custom) {
    policies.push({
      id: CONTOSO_GUEST_STRENGTH_ID,
      createdDateTime: '2025-02-11T09:30:00Z',
      modifiedDateTime: '2025-06-03T14:05:00Z',
      displayName: 'Guest sign-in strength',
      description: 'Required of B2B guests by the guest MFA policy.',
      policyType: 'custom',
      requirementsSatisfied: 'mfa',
      allowedCombinations: ['fido2', 'password,microsoftAuthenticatorPush', 'windowsHelloForBusiness'],
      combinationConfigurations: []
    })
  }
  return policies
}

/**
 * A tenant that never asked to join an organization, as the documented example answers before a
 * join: the reset owner id and null states (multitenantorganizationjoinrequestrecord-get).
 */
function noJoinRequest(): Record<string, unknown> {
  return {
    id: '9c2e4a6b-8d1f-4e3a-b5c7-d9e1f3a5b7c9',
    addedByTenantId: '00000000-0000-0000-0000-000000000000',
    memberState: null,
    role: null,
    transitionDetails: null
  }
}

/** A tenant of a multitenant organization, shaped as the documented list example answers. */
export function multiTenantOrganizationMember(
  tenantId: string,
  displayName: string,
  addedByTenantId: string,
  role: 'owner' | 'member' = 'member',
  state: 'pending' | 'active' = 'pending'
): Record<string, unknown> {
  return {
    tenantId,
    displayName,
    addedDateTime: '2026-10-02T10:15:00Z',
    joinedDateTime: null,
    addedByTenantId,
    role,
    state,
    transitionDetails: null
  }
}

/**
 * The providers an Entra tenant lists, shaped as the documented example answers: the built-in
 * Microsoft account provider and, for Contoso, Google federation (the secret comes back masked).
 */
function identityProviders(google: boolean): Record<string, unknown>[] {
  const providers: Record<string, unknown>[] = [
    {
      '@odata.type': 'microsoft.graph.builtInIdentityProvider',
      id: 'MSASignup-OAUTH',
      identityProviderType: 'MicrosoftAccount',
      displayName: 'MicrosoftAccount'
    }
  ]
  if (google) {
    providers.push({
      '@odata.type': '#microsoft.graph.socialIdentityProvider',
      id: 'Google-OAUTH',
      displayName: 'Google',
      identityProviderType: 'Google',
      clientId: '318204615577-contoso.apps.googleusercontent.com',
      clientSecret: '******'
    })
  }
  return providers
}

/** Contoso's SAML/WS-Fed federation with Litware's identity provider (h15). */
export const CONTOSO_LITWARE_FEDERATION_ID = '96db02e2-80c1-4a2b-bc3a-de92ffb8c5be'

/**
 * A SAML/WS-Fed federation shaped as the documented list example answers it (no @odata.type in
 * the items; the signing certificate is a short stand-in, the docs' example truncates it too).
 */
export function externalDomainFederation(
  id: string,
  displayName: string,
  domains: string[]
): Record<string, unknown> {
  const host = domains[0] ?? 'partner.example'
  return {
    id,
    displayName,
    issuerUri: `https://sts.${host}/adfs/services/trust`,
    metadataExchangeUri: null,
    signingCertificate: 'MIIC6DCCAdCgAwIBAgIQQ6vYJIVKQ',
    passiveSignInUri: `https://sts.${host}/adfs/ls/`,
    preferredAuthenticationProtocol: 'saml',
    domains: domains.map((domain) => ({ id: domain }))
  }
}

/** Contoso's cross-tenant synchronization configuration app (to Fabrikam) and its Azure2Azure job (h-sync). */
export const CONTOSO_SYNC_APP = {
  servicePrincipalId: '7d3e5f2a-9b1c-4d6e-8f0a-2b4c6d8e0f1a',
  appId: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5e7a',
  jobId: 'Azure2Azure.0c2b6f9a1e3d4c5b8a7f6e5d4c3b2a19.7d3e5f2a-9b1c-4d6e-8f0a-2b4c6d8e0f1a'
} as const

/** The gallery template cross-tenant synchronization configuration apps are instantiated from. */
export const CROSS_TENANT_SYNC_APP_TEMPLATE = '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7'

/**
 * A cross-tenant synchronization configuration app's service principal, with the properties the
 * tutorial's instantiate response shows (v1.0 names; the list answers many more, trimmed here).
 */
export function crossTenantSyncApp(id: string, appId: string, displayName: string): Record<string, unknown> {
  return { ...enterpriseApp(id, appId, displayName), applicationTemplateId: CROSS_TENANT_SYNC_APP_TEMPLATE }
}

/** An enterprise app that is not a sync configuration (no template, or another gallery template). */
export function enterpriseApp(id: string, appId: string, displayName: string): Record<string, unknown> {
  return {
    id,
    accountEnabled: true,
    appId,
    appDisplayName: displayName,
    applicationTemplateId: null,
    appRoleAssignmentRequired: true,
    displayName,
    servicePrincipalNames: [appId],
    servicePrincipalType: 'Application',
    tags: ['WindowsAzureActiveDirectoryIntegratedApp']
  }
}

/**
 * An Azure2Azure synchronization job as the tutorial's "Monitor provisioning" response shows it
 * (GET …/jobs/{jobId}), with a last execution that moves on every cycle.
 */
export function azure2AzureJob(id: string, state: 'Active' | 'Paused' | 'Disabled'): Record<string, unknown> {
  return {
    id,
    templateId: 'Azure2Azure',
    schedule: { expiration: null, interval: 'PT40M', state },
    status: {
      countSuccessiveCompleteFailures: 0,
      escrowsPruned: false,
      code: state === 'Active' ? 'Active' : 'Paused',
      lastSuccessfulExecution: null,
      lastSuccessfulExecutionWithExports: null,
      quarantine: null,
      steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
      steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
      troubleshootingUrl: '',
      lastExecution: {
        activityIdentifier: null,
        countEntitled: 12,
        countEntitledForProvisioning: 12,
        countEscrowed: 0,
        countEscrowedRaw: 0,
        countExported: 3,
        countExports: 3,
        countImported: 12,
        countImportedDeltas: 0,
        countImportedReferenceDeltas: 0,
        state: 'Succeeded',
        timeBegan: '2026-12-04T23:20:00Z',
        timeEnded: '2026-12-04T23:21:07Z',
        error: { code: 'None', message: '', tenantActionable: false }
      },
      progress: [],
      synchronizedEntryCountByType: [{ key: 'user to User', value: 12 }]
    },
    synchronizationJobSettings: [
      { name: 'AzureIngestionAttributeOptimization', value: 'False' },
      { name: 'LookaheadQueryEnabled', value: 'False' }
    ]
  }
}

/** An attribute mapping as the documented schema example shapes it. */
export function attributeMapping(
  targetAttributeName: string,
  source: Record<string, unknown>,
  matchingPriority = 0
): Record<string, unknown> {
  return {
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: 'FlowWhenChanged',
    flowType: 'Always',
    matchingPriority,
    source,
    targetAttributeName
  }
}

/** A mapping source: a source attribute, or a constant (whose name is its value). */
export function fromAttribute(name: string): Record<string, unknown> {
  return { expression: `[${name}]`, name, parameters: [], type: 'Attribute' }
}
export function constant(value: string): Record<string, unknown> {
  return { expression: `"${value}"`, name: value, parameters: [], type: 'Constant' }
}

/** The user object mapping of Contoso's job; [UNVERIFIED] the Azure2Azure template's mapping name. */
export const SYNC_USER_MAPPING = 'Provision Microsoft Entra ID Users'

/**
 * An Azure2Azure job schema shaped as the documented GET …/schema example (one synchronization
 * rule; the template's directories are left out, as the docs' example truncates them): users
 * scoped by a department filter, matched on the source object id, written as `userType` members
 * or guests; the group mapping disabled (the template's default).
 */
export function azure2AzureSchema(
  id: string,
  options: { department: string | null; userType: string }
): Record<string, unknown> {
  const scope =
    options.department === null
      ? null
      : {
          categoryFilterGroups: [],
          groups: [
            {
              name: `${options.department} department filter`,
              clauses: [
                {
                  operatorName: 'EQUALS',
                  sourceOperandName: 'department',
                  targetOperand: { values: [options.department] }
                }
              ]
            }
          ],
          inputFilterGroups: []
        }
  return {
    id,
    version: 'Date:2026-11-02T10:14:31.482Z~Version:2',
    synchronizationRules: [
      {
        containerFilter: { includedContainers: [] },
        editable: true,
        groupFilter: { includedGroups: [] },
        id: '8d1fd0b7-d8f7-4a1b-9c6e-d2f4a8b0c1e3',
        metadata: [],
        name: 'USER_INBOUND_USER',
        objectMappings: [
          {
            attributeMappings: [
              attributeMapping('alternativeSecurityIds', fromAttribute('objectId'), 1),
              attributeMapping('displayName', fromAttribute('displayName')),
              attributeMapping('mail', fromAttribute('mail')),
              attributeMapping('showInAddressList', fromAttribute('showInAddressList')),
              attributeMapping('userType', constant(options.userType))
            ],
            enabled: true,
            flowTypes: 'Add,Update,Delete',
            metadata: [],
            name: SYNC_USER_MAPPING,
            scope,
            sourceObjectName: 'User',
            targetObjectName: 'User'
          },
          {
            attributeMappings: [attributeMapping('displayName', fromAttribute('displayName'))],
            enabled: false,
            flowTypes: 'Add,Update,Delete',
            metadata: [],
            name: 'Provision Microsoft Entra ID Groups',
            scope: null,
            sourceObjectName: 'Group',
            targetObjectName: 'Group'
          }
        ],
        priority: 1,
        sourceDirectoryName: 'Azure Active Directory',
        targetDirectoryName: 'Azure Active Directory (target tenant)'
      }
    ]
  }
}

/** Contoso's B2B management policy (Graph beta). */
export const CONTOSO_B2B_MANAGEMENT_POLICY_ID = 'f596ef0d-42f9-0359-1aaa-12d02b38802a'

/**
 * A b2bManagementPolicy shaped as the beta list example answers it (isOrganizationDefault as the
 * string "true", as there), its definition the one JSON string the portal writes: the invitation
 * domain list beside the policy's other features.
 */
export function b2bManagementPolicy(
  id: string,
  list: { AllowedDomains: string[] } | { BlockedDomains: string[] }
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.b2bManagementPolicy',
    id,
    deletedDateTime: null,
    description: 'Policy used for B2B features',
    displayName: 'B2BManagementPolicy',
    definition: [
      JSON.stringify({
        B2BManagementPolicy: {
          InvitationsAllowedAndBlockedDomainsPolicy: list,
          AutoRedeemPolicy: {
            AdminConsentedForUsersIntoTenantIds: [],
            NoAADConsentForUsersFromTenantsIds: []
          }
        }
      })
    ],
    isOrganizationDefault: 'true'
  }
}

/** The email one-time passcode method as the documented example answers it, with targets. */
export function emailAuthenticationMethod(allowExternalIdToUseEmailOtp: string): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.emailAuthenticationMethodConfiguration',
    id: 'Email',
    state: 'enabled',
    allowExternalIdToUseEmailOtp,
    includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
    excludeTargets: []
  }
}

/** Contoso's connected organizations' ids. */
export const CONTOSO_CONNECTED_ORGANIZATIONS = {
  fabrikam: '2d7f4b9e-3a1c-4e6b-8f2d-5c9a1e7b3d40',
  litware: '9e1b5d3f-7c2a-4b8e-a6d4-0f3c8e2a6b15'
} as const

/**
 * A connected organization, shaped as the documented list example answers (identity sources
 * wire-typed): configured for a partner tenant, or proposed for a domain.
 */
export function connectedOrganization(
  id: string,
  displayName: string,
  state: 'configured' | 'proposed',
  identitySources: Record<string, unknown>[]
): Record<string, unknown> {
  return {
    id,
    displayName,
    description: displayName,
    createdDateTime: '2025-09-08T11:20:31.4Z',
    modifiedDateTime: '2025-09-08T11:20:31.4Z',
    identitySources,
    state
  }
}

export function tenantIdentitySource(tenantId: string, displayName: string): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.azureActiveDirectoryTenant', displayName, tenantId }
}

export function domainIdentitySource(domainName: string): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.domainIdentitySource', displayName: domainName, domainName }
}

/** Contoso's: Fabrikam's tenant (configured) and a domain entitlement management proposed. */
function contosoConnectedOrganizations(): Record<string, unknown>[] {
  return [
    connectedOrganization(CONTOSO_CONNECTED_ORGANIZATIONS.fabrikam, 'Fabrikam', 'configured', [
      tenantIdentitySource(CONTOSO_PARTNERS.fabrikam, 'Fabrikam')
    ]),
    connectedOrganization(CONTOSO_CONNECTED_ORGANIZATIONS.litware, 'litware.example', 'proposed', [
      domainIdentitySource('litware.example')
    ])
  ]
}

/** The external user lifecycle, shaped as the documented get example answers. */
export function entitlementManagementSettings(
  externalUserLifecycleAction: string,
  durationUntilExternalUserDeletedAfterBlocked: string | null = 'P30D'
): Record<string, unknown> {
  return { id: 'singleton', externalUserLifecycleAction, durationUntilExternalUserDeletedAfterBlocked }
}

/** Contoso's assignment policies' ids. */
export const CONTOSO_ASSIGNMENT_POLICIES = {
  employees: '6f2a8c4e-1b3d-4e5f-9a7c-2d4e6f8a0b1c',
  fabrikamPartners: 'a3c5e7f9-2b4d-4f6a-8c0e-1d3f5a7c9e2b'
} as const

/**
 * An assignment policy, shaped as the documented update example writes it (the list example is
 * truncated): its scope, who may request, and whether a request needs approval.
 */
export function assignmentPolicy(
  id: string,
  displayName: string,
  allowedTargetScope: string,
  options: { approval?: boolean; specificAllowedTargets?: Record<string, unknown>[] } = {}
): Record<string, unknown> {
  const approval = options.approval ?? true
  return {
    id,
    displayName,
    description: `${displayName} can request access.`,
    createdDateTime: '2025-10-01T09:00:00Z',
    modifiedDateTime: '2025-10-01T09:00:00Z',
    allowedTargetScope,
    specificAllowedTargets: options.specificAllowedTargets ?? [],
    automaticRequestSettings: null,
    expiration: { endDateTime: null, duration: 'P90D', type: 'afterDuration' },
    requestorSettings: {
      enableTargetsToSelfAddAccess: true,
      enableTargetsToSelfUpdateAccess: false,
      enableTargetsToSelfRemoveAccess: true,
      allowCustomAssignmentSchedule: false,
      enableOnBehalfRequestorsToAddAccess: false,
      enableOnBehalfRequestorsToUpdateAccess: false,
      enableOnBehalfRequestorsToRemoveAccess: false,
      onBehalfRequestors: []
    },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: approval,
      isApprovalRequiredForUpdate: false,
      isRequestorJustificationRequired: approval,
      stages: approval
        ? [
            {
              durationBeforeAutomaticDenial: 'P7D',
              isApproverJustificationRequired: false,
              isEscalationEnabled: false,
              durationBeforeEscalation: 'PT0S',
              primaryApprovers: [
                {
                  '@odata.type': '#microsoft.graph.externalSponsors',
                  isBackup: false,
                  description: 'External sponsors'
                }
              ],
              fallbackPrimaryApprovers: [],
              escalationApprovers: [],
              fallbackEscalationApprovers: []
            }
          ]
        : []
    },
    reviewSettings: null
  }
}

/** Contoso's: one for employees (not kept by the section) and one for Fabrikam's users. */
function contosoAssignmentPolicies(): Record<string, unknown>[] {
  return [
    assignmentPolicy(CONTOSO_ASSIGNMENT_POLICIES.employees, 'Employees', 'allMemberUsers'),
    assignmentPolicy(
      CONTOSO_ASSIGNMENT_POLICIES.fabrikamPartners,
      'Fabrikam partners',
      'specificConnectedOrganizationUsers',
      {
        specificAllowedTargets: [
          {
            '@odata.type': '#microsoft.graph.connectedOrganizationMembers',
            connectedOrganizationId: CONTOSO_CONNECTED_ORGANIZATIONS.fabrikam,
            description: 'Fabrikam'
          }
        ]
      }
    )
  ]
}

/** Contoso's Group.Unified setting id. */
export const CONTOSO_GROUP_SETTING_ID = '7a3c5e9b-1d2f-4a6c-8e0b-3f5d7a9c1e2b'

/**
 * The tenant-wide Microsoft 365 group settings (template Group.Unified), shaped as the documented
 * list example answers: every value a string.
 */
export function groupUnifiedSetting(guestValues: {
  AllowToAddGuests: string
  AllowGuestsToAccessGroups: string
  AllowGuestsToBeGroupOwner: string
}): Record<string, unknown> {
  return {
    id: CONTOSO_GROUP_SETTING_ID,
    displayName: 'Group.Unified',
    templateId: '62375ab9-6b52-47ed-826b-58e47e0e304b',
    values: [
      { name: 'EnableMIPLabels', value: 'false' },
      { name: 'CustomBlockedWordsList', value: '' },
      { name: 'EnableMSStandardBlockedWords', value: 'true' },
      { name: 'ClassificationDescriptions', value: '' },
      { name: 'DefaultClassification', value: '' },
      { name: 'PrefixSuffixNamingRequirement', value: '' },
      { name: 'AllowGuestsToBeGroupOwner', value: guestValues.AllowGuestsToBeGroupOwner },
      { name: 'AllowGuestsToAccessGroups', value: guestValues.AllowGuestsToAccessGroups },
      { name: 'GuestUsageGuidelinesUrl', value: 'https://contoso.example/guest-guidelines' },
      { name: 'GroupCreationAllowedGroupId', value: '' },
      { name: 'AllowToAddGuests', value: guestValues.AllowToAddGuests },
      { name: 'UsageGuidelinesUrl', value: '' },
      { name: 'ClassificationList', value: '' },
      { name: 'EnableGroupCreation', value: 'false' }
    ]
  }
}

// h11: guest inviters, self-service sign-up, guest access reviews
/** The built-in Guest Inviter role's definition id (its template id). */
export const GUEST_INVITER_ROLE_ID = '95e79109-95c0-4d8e-aee3-d01accf2d47b'
/** Contoso's one Guest Inviter: Megan, who runs partner onboarding. */
export const CONTOSO_GUEST_INVITER_ASSIGNMENT_ID = 'CZHnlY2OyE2u0-0_0sLxeyl7cF1mIWFkmWKQ2rjd4E0-1'

/**
 * A directory role assignment, shaped as the documented list example answers (resourceScope, an
 * older name of directoryScopeId, included).
 */
export function roleAssignment(
  id: string,
  roleDefinitionId: string,
  principalId: string,
  directoryScopeId = '/'
): Record<string, unknown> {
  return { id, principalId, resourceScope: directoryScopeId, directoryScopeId, roleDefinitionId }
}

/** The authentication flows policy as the documented example answers it. */
export function authenticationFlowsPolicy(isEnabled: boolean): Record<string, unknown> {
  return {
    id: 'authenticationFlowsPolicy',
    displayName: 'Authentication flows policy',
    description:
      'Authentication flows policy allows modification of settings related to authentication flows in AAD tenant, such as self-service sign up configuration.',
    selfServiceSignUp: { isEnabled }
  }
}

/** A self-service sign-up user flow, shaped as the documented list example answers. */
export function b2xUserFlow(id: string): Record<string, unknown> {
  return { id, userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 1 }
}

/** Contoso's quarterly review of guests in every Microsoft 365 group. */
export const CONTOSO_GUEST_REVIEW_ID = '4b6f2c1e-9d3a-4e7b-8c5f-1a2d3e4f5a6b'

/**
 * An access review series of guests in every Microsoft 365 group, shaped as the documented list
 * example answers ("Review guest access across Microsoft 365 groups"), every quarter.
 */
export function guestAccessReview(
  id: string,
  displayName: string,
  settings: { recurs?: boolean; autoApplyDecisionsEnabled?: boolean } = {}
): Record<string, unknown> {
  return {
    id,
    displayName,
    status: 'InProgress',
    createdDateTime: '2026-04-27T09:00:00Z',
    lastModifiedDateTime: '2026-04-27T09:00:00Z',
    scope: {
      '@odata.type': '#microsoft.graph.accessReviewQueryScope',
      query: "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')",
      queryType: 'MicrosoftGraph'
    },
    instanceEnumerationScope: {
      '@odata.type': '#microsoft.graph.accessReviewQueryScope',
      query: "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true",
      queryType: 'MicrosoftGraph'
    },
    reviewers: [{ query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' }],
    settings: {
      mailNotificationsEnabled: true,
      reminderNotificationsEnabled: true,
      justificationRequiredOnApproval: true,
      defaultDecisionEnabled: true,
      defaultDecision: 'Recommendation',
      instanceDurationInDays: 25,
      autoApplyDecisionsEnabled: settings.autoApplyDecisionsEnabled ?? true,
      recommendationsEnabled: true,
      recurrence:
        settings.recurs === false
          ? null
          : {
              pattern: {
                type: 'absoluteMonthly',
                interval: 3,
                month: 0,
                dayOfMonth: 0,
                daysOfWeek: [],
                firstDayOfWeek: 'sunday',
                index: 'first'
              },
              range: {
                type: 'noEnd',
                numberOfOccurrences: 0,
                recurrenceTimeZone: null,
                startDate: '2026-04-27',
                endDate: '9999-12-31'
              }
            },
      applyActions: [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }]
    },
    instances: []
  }
}

/** A review of one group's members, guests or not, as the documented first list example answers. */
function groupMembersReview(): Record<string, unknown> {
  return {
    id: '7c2e9a4d-3b1f-4c6e-9a8d-2e4f6a8c0b1d',
    displayName: 'Finance group membership',
    status: 'InProgress',
    scope: {
      '@odata.type': '#microsoft.graph.accessReviewQueryScope',
      query: '/groups/2f4a6c8e-0b1d-4e3f-8a5c-7e9b1d3f5a7c/transitiveMembers',
      queryType: 'MicrosoftGraph'
    },
    instanceEnumerationScope: {
      '@odata.type': '#microsoft.graph.accessReviewQueryScope',
      query: '/groups/2f4a6c8e-0b1d-4e3f-8a5c-7e9b1d3f5a7c',
      queryType: 'MicrosoftGraph'
    },
    reviewers: [{ query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' }],
    settings: {
      mailNotificationsEnabled: true,
      reminderNotificationsEnabled: true,
      justificationRequiredOnApproval: true,
      defaultDecisionEnabled: false,
      defaultDecision: 'None',
      instanceDurationInDays: 0,
      autoApplyDecisionsEnabled: false,
      recommendationsEnabled: true,
      recurrence: {
        pattern: {
          type: 'weekly',
          interval: 1,
          month: 0,
          dayOfMonth: 0,
          daysOfWeek: [],
          firstDayOfWeek: 'sunday',
          index: 'first'
        },
        range: {
          type: 'numbered',
          numberOfOccurrences: 0,
          recurrenceTimeZone: null,
          startDate: '2026-02-02',
          endDate: '9999-12-31'
        }
      }
    }
  }
}

/** Contoso's role assignments: a Global Administrator and one Guest Inviter. */
function contosoRoleAssignments(): Record<string, unknown>[] {
  return [
    roleAssignment(
      'lAPpYvVpN0KRkAEhdxReEGk3bKs5kIdGh9ZcLkAqvq8-1',
      GLOBAL_ADMINISTRATOR_ROLE_ID,
      'ab6c3769-9039-4687-87d6-5c2e402abeaf'
    ),
    roleAssignment(
      CONTOSO_GUEST_INVITER_ASSIGNMENT_ID,
      GUEST_INVITER_ROLE_ID,
      '5d707b29-2161-4c99-9962-90dab8dde04d'
    )
  ]
}

function sharepointSettings(allowedDomains: string[]): Record<string, unknown> {
  return {
    allowedDomainGuidsForSyncApp: [],
    availableManagedPathsForSiteCreation: ['/sites/', '/teams/'],
    deletedUserPersonalSiteRetentionPeriodInDays: 90,
    excludedFileExtensionsForSyncApp: ['.pst', '.ost'],
    idleSessionSignOut: { isEnabled: true, warnAfterInSeconds: 3000, signOutAfterInSeconds: 3600 },
    imageTaggingOption: 'basic',
    isCommentingOnSitePagesEnabled: true,
    isFileActivityNotificationEnabled: true,
    isLegacyAuthProtocolsEnabled: false,
    isLoopEnabled: true,
    isMacSyncAppEnabled: true,
    isRequireAcceptingUserToMatchInvitedUserEnabled: true,
    isResharingByExternalUsersEnabled: false,
    isSharePointMobileNotificationEnabled: true,
    isSharePointNewsfeedEnabled: false,
    isSiteCreationEnabled: false,
    isSiteCreationUIEnabled: false,
    isSitePagesCreationEnabled: true,
    isSitesStorageLimitAutomatic: true,
    isSyncButtonHiddenOnPersonalSite: false,
    isUnmanagedSyncAppForTenantRestricted: true,
    personalSiteDefaultStorageLimitInMB: 1048576,
    sharingAllowedDomainList: allowedDomains,
    sharingBlockedDomainList: [],
    sharingCapability: 'externalUserSharingOnly',
    sharingDomainRestrictionMode: allowedDomains.length > 0 ? 'allowList' : 'none',
    siteCreationDefaultManagedPath: '/sites/',
    siteCreationDefaultStorageLimitInMB: 25600,
    tenantDefaultTimezone: '(UTC) Coordinated Universal Time'
  }
}

interface DirectoryAuditSpec {
  id: string
  activityDateTime: string
  activityDisplayName: string
  category: string
  loggedByService: string
  initiatedBy: { id: string; displayName: string; userPrincipalName: string }
  target: { id: string; displayName: string; type: string }
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[]
}

/** A directoryAudit entry in wire shape. */
function directoryAudit(spec: DirectoryAuditSpec): Record<string, unknown> {
  return {
    id: spec.id,
    category: spec.category,
    correlationId: deterministicGuid(hashText(spec.id), 7),
    result: 'success',
    resultReason: '',
    activityDisplayName: spec.activityDisplayName,
    activityDateTime: spec.activityDateTime,
    loggedByService: spec.loggedByService,
    operationType: 'Update',
    initiatedBy: {
      app: null,
      user: {
        id: spec.initiatedBy.id,
        displayName: spec.initiatedBy.displayName,
        userPrincipalName: spec.initiatedBy.userPrincipalName,
        ipAddress: '203.0.113.24',
        userType: null,
        homeTenantId: null,
        homeTenantName: null
      }
    },
    targetResources: [
      {
        id: spec.target.id,
        displayName: spec.target.displayName,
        type: spec.target.type,
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: spec.modifiedProperties
      }
    ],
    additionalDetails: []
  }
}

// ---------------------------------------------------------------------------------------------
// Users.

/** A UserSet over a fixed list (for hand-written fixtures). */
export function listedUsers(users: readonly SimulatedUser[]): UserSet {
  const copy = [...users]
  return {
    size: copy.length,
    at(index: number): SimulatedUser {
      const user = copy[index]
      if (user === undefined) throw new RangeError(`No user at index ${index} (size ${copy.length}).`)
      return user
    }
  }
}

interface SignInMoments {
  /** Days before `now` of the last interactive sign-in; undefined = never signed in. */
  interactiveDaysAgo?: number
  /** Days before `now` of the last non-interactive sign-in; undefined = the '0001-01-01' sentinel Graph reports. */
  nonInteractiveDaysAgo?: number
}

function signInActivity(
  now: number,
  moments: SignInMoments,
  salt: number
): SimulatedSignInActivity | undefined {
  if (moments.interactiveDaysAgo === undefined) return undefined
  const interactive = now - moments.interactiveDaysAgo * DAY_MS - (mix(salt, 1) % 36_000) * 1000
  const interactiveId = deterministicGuid(salt, 2)
  if (moments.nonInteractiveDaysAgo === undefined) {
    // Microsoft's own examples carry these sentinels for "no non-interactive sign-in recorded".
    return {
      lastSignInDateTime: isoSeconds(interactive),
      lastSignInRequestId: interactiveId,
      lastNonInteractiveSignInDateTime: '0001-01-01T00:00:00Z',
      lastNonInteractiveSignInRequestId: '',
      lastSuccessfulSignInDateTime: isoSeconds(interactive),
      lastSuccessfulSignInRequestId: interactiveId
    }
  }
  const nonInteractive = now - moments.nonInteractiveDaysAgo * DAY_MS - (mix(salt, 3) % 36_000) * 1000
  const nonInteractiveId = deterministicGuid(salt, 4)
  const latestIsInteractive = interactive >= nonInteractive
  return {
    lastSignInDateTime: isoSeconds(interactive),
    lastSignInRequestId: interactiveId,
    lastNonInteractiveSignInDateTime: isoSeconds(nonInteractive),
    lastNonInteractiveSignInRequestId: nonInteractiveId,
    lastSuccessfulSignInDateTime: isoSeconds(latestIsInteractive ? interactive : nonInteractive),
    lastSuccessfulSignInRequestId: latestIsInteractive ? interactiveId : nonInteractiveId
  }
}

interface PersonSpec {
  id: string
  givenName: string
  surname: string
  /** External users (guests and external members): the home domain; internal members: undefined. */
  homeDomain?: string
  /** Defaults to Guest for an external user and Member otherwise; 'Member' with a home domain is an external member. */
  userType?: 'Guest' | 'Member'
  tenantDomain: string
  externalUserState: 'PendingAcceptance' | 'Accepted' | null
  createdDaysAgo: number
  signIns: SignInMoments
}

function person(now: number, spec: PersonSpec, salt: number): SimulatedUser {
  const created = now - spec.createdDaysAgo * DAY_MS - (mix(salt, 5) % 36_000) * 1000
  const local = `${spec.givenName}.${spec.surname}`.toLowerCase()
  const isExternal = spec.homeDomain !== undefined
  const mail = isExternal ? `${local}@${spec.homeDomain}` : `${local}@${spec.tenantDomain}`
  const stateChanged =
    spec.externalUserState === null
      ? null
      : isoSeconds(spec.externalUserState === 'Accepted' ? created + 3_600_000 : created)
  const user: SimulatedUser = {
    id: spec.id,
    displayName: `${spec.givenName} ${spec.surname}`,
    userPrincipalName: isExternal
      ? `${local}_${spec.homeDomain}#EXT#@${spec.tenantDomain}`
      : `${local}@${spec.tenantDomain}`,
    mail,
    userType: spec.userType ?? (isExternal ? 'Guest' : 'Member'),
    externalUserState: spec.externalUserState,
    externalUserStateChangeDateTime: stateChanged,
    creationType: isExternal ? 'Invitation' : null,
    createdDateTime: isoSeconds(created)
  }
  const activity = signInActivity(now, spec.signIns, salt)
  if (activity !== undefined) user.signInActivity = activity
  return user
}

// prettier-ignore
const GIVEN_NAMES = [
  'Avery', 'Blake', 'Casey', 'Dana', 'Elliot', 'Finley', 'Gray', 'Harper', 'Indra', 'Jules',
  'Kai', 'Lior', 'Morgan', 'Noor', 'Oakley', 'Parker', 'Quinn', 'Reese', 'Sasha', 'Tamsin'
]
// prettier-ignore
const SURNAMES = [
  'Abara', 'Brandt', 'Castillo', 'Dahl', 'Eklund', 'Farrow', 'Gallo', 'Haddad', 'Ivers', 'Jansen',
  'Kowal', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quist', 'Rahman', 'Sato', 'Toivonen'
]
const GUEST_HOME_DOMAINS = ['fabrikam.example', 'northwind.example', 'tailspin.example', 'outlook.example']

export interface GeneratedUsersOptions {
  guests: number
  members?: number
  /**
   * How many of the `members` are external members: B2B users with userType Member (cross-tenant
   * synchronized, or invited as members), homed in another organisation.
   */
  externalMembers?: number
  /**
   * Share of guests with no sign-in for more than 90 days, counting the never-signed-in ones
   * (so it includes `neverSignedInRatio`). Pending invitations are recent and never stale.
   */
  staleRatio?: number
  /** Share of guests whose invitation is PendingAcceptance (invited 1-60 days ago, never signed in). */
  pendingRatio?: number
  /** Share of guests who accepted long ago and have no recorded sign-in (no signInActivity). */
  neverSignedInRatio?: number
  /**
   * Share, in thousandths, of the guests not pending acceptance whose createdDateTime is
   * null (the docs: null for some users created before June 2018). Chosen by a hash, so the exact
   * number is found by looking (undatedGuests).
   */
  undatedPerMille?: number
  seed?: number
  now?: Date
  /** The tenant's initial domain used in user principal names. */
  tenantDomain?: string
}

/** How many generated guests fall in each band; the bands are disjoint and exact. */
export interface GuestBands {
  pending: number
  neverSignedIn: number
  signedInLongAgo: number
  active: number
}

export function guestBands(options: GeneratedUsersOptions): GuestBands {
  const guests = options.guests
  const pending = Math.round(guests * (options.pendingRatio ?? 0))
  const neverSignedIn = Math.min(guests - pending, Math.round(guests * (options.neverSignedInRatio ?? 0)))
  const stale = Math.round(guests * (options.staleRatio ?? 0))
  const signedInLongAgo = Math.max(0, Math.min(guests - pending - neverSignedIn, stale - neverSignedIn))
  return {
    pending,
    neverSignedIn,
    signedInLongAgo,
    active: guests - pending - neverSignedIn - signedInLongAgo
  }
}

/**
 * A deterministic population of guests and members spread evenly over the index range. Guests are
 * assigned to bands (pending, never signed in, signed in long ago, active) through a fixed
 * permutation, so the band sizes are exact (see guestBands) while their positions look random.
 */
export function generatedUsers(options: GeneratedUsersOptions): UserSet {
  const guests = options.guests
  const members = options.members ?? 0
  const size = guests + members
  const seed = options.seed ?? 1
  const now = (options.now ?? new Date()).getTime()
  const tenantDomain = options.tenantDomain ?? 'woodgrove.onmicrosoft.com'
  const bands = guestBands(options)
  let stride = 7919
  while (guests > 1 && greatestCommonDivisor(stride, guests) !== 1) stride += 2
  const offset = hash32(seed, 11) % Math.max(guests, 1)

  function guestBand(ordinal: number): keyof GuestBands {
    const rank = (ordinal * stride + offset) % guests
    if (rank < bands.pending) return 'pending'
    if (rank < bands.pending + bands.neverSignedIn) return 'neverSignedIn'
    if (rank < bands.pending + bands.neverSignedIn + bands.signedInLongAgo) return 'signedInLongAgo'
    return 'active'
  }

  function at(index: number): SimulatedUser {
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`No user at index ${index} (size ${size}).`)
    }
    // Bresenham spread: exactly `guests` of the `size` positions are guests.
    const guestsBefore = Math.floor((index * guests) / size)
    const isGuest = Math.floor(((index + 1) * guests) / size) > guestsBefore
    const salt = hash32(seed, index)
    const pick = (stream: number, max: number): number => mix(salt, 100 + stream) % max
    const base = {
      id: deterministicGuid(seed, index, 0xacc),
      givenName: GIVEN_NAMES[pick(1, GIVEN_NAMES.length)] ?? 'Alex',
      surname: `${SURNAMES[pick(2, SURNAMES.length)] ?? 'Doe'}${index}`,
      tenantDomain
    }
    if (!isGuest && index - guestsBefore < (options.externalMembers ?? 0)) {
      return person(
        now,
        {
          ...base,
          homeDomain: GUEST_HOME_DOMAINS[pick(6, GUEST_HOME_DOMAINS.length)] ?? 'fabrikam.example',
          userType: 'Member',
          externalUserState: 'Accepted',
          createdDaysAgo: 30 + pick(3, 2000),
          signIns: { interactiveDaysAgo: pick(4, 30), nonInteractiveDaysAgo: pick(5, 10) }
        },
        salt
      )
    }
    if (!isGuest) {
      return person(
        now,
        {
          ...base,
          externalUserState: null,
          createdDaysAgo: 30 + pick(3, 2000),
          signIns: { interactiveDaysAgo: pick(4, 30), nonInteractiveDaysAgo: pick(5, 10) }
        },
        salt
      )
    }
    const homeDomain = GUEST_HOME_DOMAINS[pick(6, GUEST_HOME_DOMAINS.length)] ?? 'fabrikam.example'
    const band = guestBand(guestsBefore)
    const guest = guestOf(band, base, homeDomain, pick, salt)
    if (band !== 'pending' && pick(16, 1000) < (options.undatedPerMille ?? 0)) guest.createdDateTime = null
    return guest
  }

  function guestOf(
    band: keyof GuestBands,
    base: { id: string; givenName: string; surname: string; tenantDomain: string },
    homeDomain: string,
    pick: (stream: number, max: number) => number,
    salt: number
  ): SimulatedUser {
    if (band === 'pending') {
      return person(
        now,
        {
          ...base,
          homeDomain,
          externalUserState: 'PendingAcceptance',
          createdDaysAgo: 1 + pick(7, 60),
          signIns: {}
        },
        salt
      )
    }
    if (band === 'neverSignedIn') {
      return person(
        now,
        {
          ...base,
          homeDomain,
          externalUserState: 'Accepted',
          createdDaysAgo: 120 + pick(8, 1500),
          signIns: {}
        },
        salt
      )
    }
    if (band === 'signedInLongAgo') {
      const lastDaysAgo = 91 + pick(9, 640)
      const nonInteractive = pick(10, 3) === 0 ? undefined : lastDaysAgo + pick(11, 30)
      return person(
        now,
        {
          ...base,
          homeDomain,
          externalUserState: 'Accepted',
          createdDaysAgo: lastDaysAgo + 10 + pick(12, 700),
          signIns: { interactiveDaysAgo: lastDaysAgo, nonInteractiveDaysAgo: nonInteractive }
        },
        salt
      )
    }
    const lastDaysAgo = pick(13, 89)
    return person(
      now,
      {
        ...base,
        homeDomain,
        externalUserState: 'Accepted',
        createdDaysAgo: lastDaysAgo + 5 + pick(14, 900),
        signIns: { interactiveDaysAgo: lastDaysAgo, nonInteractiveDaysAgo: pick(15, 89) }
      },
      salt
    )
  }

  return { size, at }
}

// ---------------------------------------------------------------------------------------------
// Contoso: a realistic small tenant.

const CONTOSO_DOMAIN = 'contoso.onmicrosoft.com'
const CONTOSO_POLICY_ID = '5b0a8e3c-2f47-4d19-8c6e-a1d4f7b2c903'
const CONTOSO_GROUPS = {
  guestInviters: '6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
  breakGlass: 'a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d',
  sharedChannelOwners: '0d9c8b7a-6f5e-4d4c-8b3a-2a1f0e9d8c7b'
}
const CONTOSO_NAMED_LOCATIONS = {
  headquarters: '2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c',
  blockedCountries: 'e7f6d5c4-b3a2-4918-8776-65544332211f'
}
const CONTOSO_ADMIN = {
  id: 'f0e1d2c3-b4a5-4697-8887-766554433221',
  displayName: 'Riley Admin',
  userPrincipalName: 'riley.admin@contoso.onmicrosoft.com'
}

type GuestRow = [
  givenName: string,
  surname: string,
  homeDomain: string,
  state: 'PendingAcceptance' | 'Accepted',
  createdDaysAgo: number,
  interactiveDaysAgo: number | undefined,
  nonInteractiveDaysAgo: number | undefined
]

/**
 * 25 guests relative to `now`: 16 active (last sign-in 0-89 days ago), 4 who last signed in
 * 91-700 days ago, 1 accepted guest with no recorded sign-in, and 4 pending invitations (3 recent,
 * 1 sent 200 days ago). Stale after 90 days: 6 guests, 2 of them never signed in (the accepted one
 * and the old pending invitation).
 */
const CONTOSO_GUESTS: GuestRow[] = [
  ['Avery', 'Lindqvist', 'fabrikam.example', 'Accepted', 400, 0, 0],
  ['Blake', 'Okafor', 'fabrikam.example', 'Accepted', 380, 1, 1],
  ['Casey', 'Moreau', 'fabrikam.example', 'Accepted', 300, 2, undefined],
  ['Dana', 'Sato', 'fabrikam.example', 'Accepted', 250, 3, 2],
  ['Elliot', 'Haddad', 'fabrikam.example', 'Accepted', 240, 5, 4],
  ['Finley', 'Brandt', 'northwind.example', 'Accepted', 220, 7, 7],
  ['Gray', 'Petrov', 'northwind.example', 'Accepted', 210, 10, 3],
  ['Harper', 'Castillo', 'northwind.example', 'Accepted', 200, 14, 14],
  ['Indra', 'Rahman', 'northwind.example', 'Accepted', 190, 20, 18],
  ['Jules', 'Eklund', 'tailspin.example', 'Accepted', 180, 30, 29],
  ['Kai', 'Farrow', 'tailspin.example', 'Accepted', 170, 33, undefined],
  ['Lior', 'Gallo', 'tailspin.example', 'Accepted', 160, 45, 40],
  ['Morgan', 'Ivers', 'outlook.example', 'Accepted', 150, 50, 50],
  ['Noor', 'Jansen', 'outlook.example', 'Accepted', 140, 60, 58],
  ['Oakley', 'Kowal', 'fabrikam.example', 'Accepted', 130, 75, 75],
  // Just inside the 90-day window.
  ['Parker', 'Nakamura', 'northwind.example', 'Accepted', 365, 89, 89],
  // Just outside it, then further back.
  ['Quinn', 'Dahl', 'fabrikam.example', 'Accepted', 500, 91, 95],
  ['Reese', 'Abara', 'tailspin.example', 'Accepted', 600, 120, undefined],
  ['Sasha', 'Toivonen', 'outlook.example', 'Accepted', 800, 400, 420],
  ['Tamsin', 'Quist', 'northwind.example', 'Accepted', 900, 700, undefined],
  // Accepted long ago; no sign-in recorded since (Graph omits signInActivity).
  ['Uma', 'Reyes', 'tailspin.example', 'Accepted', 500, undefined, undefined],
  // Invitations never redeemed: one forgotten for months, three recent.
  ['Vic', 'Hale', 'outlook.example', 'PendingAcceptance', 200, undefined, undefined],
  ['Wren', 'Ito', 'fabrikam.example', 'PendingAcceptance', 30, undefined, undefined],
  ['Xan', 'Mori', 'northwind.example', 'PendingAcceptance', 10, undefined, undefined],
  ['Yael', 'Berg', 'fabrikam.example', 'PendingAcceptance', 2, undefined, undefined]
]

/**
 * External members: Fabrikam users that cross-tenant synchronization (allowed from Fabrikam, see
 * contosoTenant) provisioned here as members, not guests.
 */
const CONTOSO_EXTERNAL_MEMBERS: [
  givenName: string,
  surname: string,
  createdDaysAgo: number,
  interactiveDaysAgo: number
][] = [
  ['Zuri', 'Lindgren', 120, 1],
  ['Ash', 'Varga', 90, 6]
]

type MemberRow = [
  givenName: string,
  surname: string,
  createdDaysAgo: number,
  interactiveDaysAgo: number | undefined
]

/** 15 members: one service account that never signs in, one member idle for 200 days. */
const CONTOSO_MEMBERS: MemberRow[] = [
  ['Riley', 'Admin', 1500, 0],
  ['Sam', 'Nguyen', 1400, 1],
  ['Taylor', 'Kim', 1300, 1],
  ['Jordan', 'Silva', 1200, 2],
  ['Alex', 'Weber', 1100, 3],
  ['Robin', 'Novak', 1000, 4],
  ['Charlie', 'Rossi', 900, 5],
  ['Drew', 'Larsen', 800, 6],
  ['Emery', 'Costa', 700, 8],
  ['Frankie', 'Meyer', 600, 9],
  ['Hayden', 'Ortiz', 500, 12],
  ['Jamie', 'Fischer', 400, 15],
  ['Logan', 'Duarte', 300, 25],
  ['Mika', 'Svensson', 900, 200],
  ['Svc', 'Backup', 1600, undefined]
]

function contosoUsers(now: number): SimulatedUser[] {
  const users: SimulatedUser[] = []
  CONTOSO_MEMBERS.forEach(([givenName, surname, createdDaysAgo, interactiveDaysAgo], index) => {
    const salt = hash32(0xc0, index)
    users.push(
      person(
        now,
        {
          id: deterministicGuid(0xc0, index),
          givenName,
          surname,
          tenantDomain: CONTOSO_DOMAIN,
          externalUserState: null,
          createdDaysAgo,
          signIns: { interactiveDaysAgo, nonInteractiveDaysAgo: interactiveDaysAgo }
        },
        salt
      )
    )
  })
  CONTOSO_GUESTS.forEach(
    (
      [givenName, surname, homeDomain, state, createdDaysAgo, interactiveDaysAgo, nonInteractiveDaysAgo],
      index
    ) => {
      const salt = hash32(0x9e, index)
      users.push(
        person(
          now,
          {
            id: deterministicGuid(0x9e, index),
            givenName,
            surname,
            homeDomain,
            tenantDomain: CONTOSO_DOMAIN,
            externalUserState: state,
            createdDaysAgo,
            signIns: { interactiveDaysAgo, nonInteractiveDaysAgo }
          },
          salt
        )
      )
    }
  )
  CONTOSO_EXTERNAL_MEMBERS.forEach(([givenName, surname, createdDaysAgo, interactiveDaysAgo], index) => {
    const salt = hash32(0xe4, index)
    users.push(
      person(
        now,
        {
          id: deterministicGuid(0xe4, index),
          givenName,
          surname,
          homeDomain: 'fabrikam.example',
          userType: 'Member',
          tenantDomain: CONTOSO_DOMAIN,
          externalUserState: 'Accepted',
          createdDaysAgo,
          signIns: { interactiveDaysAgo, nonInteractiveDaysAgo: interactiveDaysAgo }
        },
        salt
      )
    )
  })
  // Graph lists directory objects in no meaningful order; sorting by id mixes guests and members.
  return users.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

function contosoConditionalAccessPolicies(): Record<string, unknown>[] {
  const { fabrikam, northwind } = CONTOSO_PARTNERS
  return [
    conditionalAccessPolicy({
      id: '7d3e9f21-4a6b-4c8d-9e0f-1a2b3c4d5e6f',
      displayName: 'Require MFA for partner guests',
      state: 'enabled',
      createdDateTime: '2025-03-02T09:14:51.1234567Z',
      modifiedDateTime: '2025-11-20T16:02:03.7654321Z',
      users: {
        excludeGroups: [CONTOSO_GROUPS.breakGlass],
        includeGuestsOrExternalUsers: guestsOrExternalUsers(
          ['b2bCollaborationGuest', 'b2bCollaborationMember', 'b2bDirectConnectUser'],
          [fabrikam, northwind]
        )
      },
      builtInControls: ['mfa']
    }),
    conditionalAccessPolicy({
      id: '91c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      displayName: 'Block guests from admin portals',
      state: 'enabled',
      createdDateTime: '2024-02-01T10:10:10Z',
      modifiedDateTime: '2024-05-05T05:05:05Z',
      users: { includeUsers: ['GuestsOrExternalUsers'] },
      applications: ['MicrosoftAdminPortals'],
      builtInControls: ['block']
    }),
    conditionalAccessPolicy({
      id: 'b4a59c6d-7e8f-4091-a2b3-c4d5e6f70819',
      displayName: 'Require compliant device (report-only)',
      state: 'enabledForReportingButNotEnforced',
      createdDateTime: '2025-06-30T17:45:12.5550000Z',
      modifiedDateTime: '2025-07-01T08:00:00.0000000Z',
      templateId: null,
      users: {
        includeUsers: ['All'],
        excludeGroups: [CONTOSO_GROUPS.breakGlass],
        excludeGuestsOrExternalUsers: guestsOrExternalUsers(
          [
            'internalGuest',
            'b2bCollaborationGuest',
            'b2bCollaborationMember',
            'b2bDirectConnectUser',
            'otherExternalUser',
            'serviceProvider'
          ],
          'all'
        )
      },
      builtInControls: ['compliantDevice']
    }),
    conditionalAccessPolicy({
      id: 'c8d7e6f5-a4b3-4c2d-9e1f-0a9b8c7d6e5f',
      displayName: 'Guests: terms of use and 4-hour sessions',
      state: 'disabled',
      createdDateTime: '2024-09-12T11:00:00.0000000Z',
      modifiedDateTime: '2025-01-07T08:30:45.1000000Z',
      users: {
        includeGuestsOrExternalUsers: guestsOrExternalUsers(['internalGuest', 'b2bCollaborationGuest'], 'all')
      },
      builtInControls: [],
      termsOfUse: ['4d3c2b1a-0f9e-4d8c-b7a6-958473625140'],
      sessionControls: {
        applicationEnforcedRestrictions: null,
        cloudAppSecurity: null,
        disableResilienceDefaults: null,
        persistentBrowser: { isEnabled: true, mode: 'never' },
        secureSignInSession: null,
        signInFrequency: {
          authenticationType: 'primaryAndSecondaryAuthentication',
          frequencyInterval: 'timeBased',
          isEnabled: true,
          type: 'hours',
          value: 4
        }
      }
    }),
    conditionalAccessPolicy({
      id: 'e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b',
      displayName: 'Block sign-ins from blocked countries',
      state: 'enabled',
      createdDateTime: '2024-09-01T08:10:00.0000000Z',
      modifiedDateTime: '2025-04-18T13:37:00.4200000Z',
      templateId: null,
      users: { includeUsers: ['All'], excludeGroups: [CONTOSO_GROUPS.breakGlass], includeRoles: [] },
      locations: { includeLocations: [CONTOSO_NAMED_LOCATIONS.blockedCountries], excludeLocations: [] },
      builtInControls: ['block']
    })
  ]
}

function contosoNamedLocations(): Record<string, unknown>[] {
  return [
    {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      createdDateTime: '2024-09-01T08:00:00.1234567Z',
      deletedDateTime: null,
      displayName: 'Contoso HQ egress',
      id: CONTOSO_NAMED_LOCATIONS.headquarters,
      ipRanges: [
        { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.0.2.0/24' },
        { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8:c0::/48' }
      ],
      isTrusted: true,
      modifiedDateTime: '2025-02-14T11:22:33.4444444Z'
    },
    {
      // Country locations carry no isTrusted key.
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      countriesAndRegions: ['KP', 'IR', 'SY'],
      countryLookupMethod: 'clientIpAddress',
      createdDateTime: '2024-09-01T08:05:00.0000000Z',
      deletedDateTime: null,
      displayName: 'Blocked countries',
      id: CONTOSO_NAMED_LOCATIONS.blockedCountries,
      includeUnknownCountriesAndRegions: true,
      modifiedDateTime: '2024-09-01T08:05:00.0000000Z'
    }
  ]
}

function contosoPartners(): Record<string, unknown>[] {
  const { fabrikam, northwind, tailspin } = CONTOSO_PARTNERS
  return [
    partnerConfiguration(fabrikam, {
      inboundTrust: inboundTrust(true, false, false),
      b2bCollaborationInbound: b2bSetting('allowed', [ALL_USERS], 'allowed', [ALL_APPLICATIONS]),
      automaticUserConsentSettings: inboundOutbound(true, false)
    }),
    partnerConfiguration(northwind, {
      isServiceProvider: false,
      b2bDirectConnectInbound: b2bSetting(
        'allowed',
        [{ target: CONTOSO_GROUPS.sharedChannelOwners, targetType: 'group' }],
        'allowed',
        [OFFICE_365]
      ),
      b2bDirectConnectOutbound: b2bSetting(
        'allowed',
        [{ target: CONTOSO_GROUPS.sharedChannelOwners, targetType: 'group' }],
        'allowed',
        [OFFICE_365]
      )
    }),
    // Everything null: Tailspin inherits the default configuration.
    partnerConfiguration(tailspin)
  ]
}

function contosoDirectoryAudits(now: number): Record<string, unknown>[] {
  const at = (daysAgo: number): string => isoSeconds(now - daysAgo * DAY_MS)
  return [
    directoryAudit({
      id: 'Directory_4F2A0C1E-6B3D-4E5F-8A9B-0C1D2E3F4A5B_1',
      activityDateTime: at(1),
      activityDisplayName: 'Update a partner cross-tenant access setting',
      category: 'CrossTenantAccessSettings',
      loggedByService: 'Core Directory',
      initiatedBy: CONTOSO_ADMIN,
      target: { id: CONTOSO_PARTNERS.fabrikam, displayName: 'Fabrikam', type: 'Policy' },
      modifiedProperties: [
        { displayName: 'inboundTrust.isMfaAccepted', oldValue: '[false]', newValue: '[true]' }
      ]
    }),
    directoryAudit({
      id: 'IPCGraph_7A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9_2',
      activityDateTime: at(3),
      activityDisplayName: 'Update conditional access policy',
      category: 'Policy',
      loggedByService: 'Conditional Access',
      initiatedBy: CONTOSO_ADMIN,
      target: {
        id: 'b4a59c6d-7e8f-4091-a2b3-c4d5e6f70819',
        displayName: 'Require compliant device (report-only)',
        type: 'Policy'
      },
      modifiedProperties: [
        {
          displayName: 'ConditionalAccessPolicy',
          oldValue: '{"state":"enabled"}',
          newValue: '{"state":"enabledForReportingButNotEnforced"}'
        }
      ]
    }),
    directoryAudit({
      id: 'Directory_9C8B7A6F-5E4D-4C3B-A291-807F6E5D4C3B_3',
      activityDateTime: at(20),
      activityDisplayName: 'Update authorization policy',
      category: 'Policy',
      loggedByService: 'Core Directory',
      initiatedBy: CONTOSO_ADMIN,
      target: { id: 'authorizationPolicy', displayName: 'Authorization Policy', type: 'Policy' },
      modifiedProperties: [
        { displayName: 'AllowInvitesFrom', oldValue: '["everyone"]', newValue: '["adminsAndGuestInviters"]' }
      ]
    })
  ]
}

/** The partners' organisations as the cloud's tenant directory knows them. */
export const CONTOSO_PARTNER_DIRECTORY = {
  [CONTOSO_PARTNERS.fabrikam]: {
    displayName: 'Fabrikam, Ltd',
    defaultDomainName: 'fabrikam.onmicrosoft.com'
  },
  [CONTOSO_PARTNERS.northwind]: {
    displayName: 'Northwind Traders',
    defaultDomainName: 'northwindtraders.onmicrosoft.com'
  },
  [CONTOSO_PARTNERS.tailspin]: {
    displayName: 'Tailspin Toys',
    defaultDomainName: 'tailspintoys.onmicrosoft.com'
  }
} as const

/**
 * "Contoso": a small, realistic tenant with a customised default, three partners (Fabrikam: MFA
 * trust, automatic redemption and a sync policy; Northwind: direct connect for one group;
 * Tailspin: all null), five CA policies (guest-scoped, report-only, disabled), two named
 * locations, 42 users of which 25 guests (see CONTOSO_GUESTS) and 2 external members, no MTO, every read permission, premium.
 */
export function contosoTenant(options: { now?: Date } = {}): SimulatedTenant {
  const now = (options.now ?? new Date()).getTime()
  return {
    tenantId: CONTOSO_TENANT_ID,
    crossTenantAccessPolicy: crossTenantAccessPolicyRoot(CONTOSO_POLICY_ID, CONTOSO_TENANT_ID),
    default: defaultConfiguration(CONTOSO_POLICY_ID, true),
    partners: contosoPartners(),
    identitySynchronization: {
      [CONTOSO_PARTNERS.fabrikam]: identitySyncPolicy(CONTOSO_PARTNERS.fabrikam, 'Fabrikam', true)
    },
    conditionalAccessPolicies: contosoConditionalAccessPolicies(),
    namedLocations: contosoNamedLocations(),
    users: listedUsers(contosoUsers(now)),
    authorizationPolicy: authorizationPolicy(CONTOSO_TENANT_ID),
    multiTenantOrganization: inactiveMultiTenantOrganization(),
    sharepointSettings: sharepointSettings(['fabrikam.example', 'northwind.example']),
    authenticationStrengthPolicies: authenticationStrengthPolicies(true),
    multiTenantOrganizationTenants: [],
    multiTenantOrganizationJoinRequest: noJoinRequest(),
    identityProviders: identityProviders(true),
    emailAuthenticationMethod: emailAuthenticationMethod('enabled'),
    groupSettings: [
      groupUnifiedSetting({
        AllowToAddGuests: 'true',
        AllowGuestsToAccessGroups: 'true',
        AllowGuestsToBeGroupOwner: 'false'
      })
    ],
    connectedOrganizations: contosoConnectedOrganizations(),
    entitlementManagementSettings: entitlementManagementSettings('blockSignInAndDelete'),
    assignmentPolicies: contosoAssignmentPolicies(),
    roleAssignments: contosoRoleAssignments(),
    authenticationFlowsPolicy: authenticationFlowsPolicy(false),
    b2xUserFlows: [b2xUserFlow('B2X_1_SupplierPortalSignUp')],
    accessReviewDefinitions: [
      guestAccessReview(CONTOSO_GUEST_REVIEW_ID, 'Quarterly review of guests in Microsoft 365 groups'),
      groupMembersReview()
    ],
    externalDomainFederations: [
      externalDomainFederation(CONTOSO_LITWARE_FEDERATION_ID, 'Litware', ['litware.example'])
    ],
    servicePrincipals: [
      crossTenantSyncApp(CONTOSO_SYNC_APP.servicePrincipalId, CONTOSO_SYNC_APP.appId, 'Fabrikam'),
      enterpriseApp(
        '5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b',
        'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
        'Expense reports'
      )
    ],
    synchronizationJobs: {
      [CONTOSO_SYNC_APP.servicePrincipalId]: [
        {
          job: azure2AzureJob(CONTOSO_SYNC_APP.jobId, 'Active'),
          schema: azure2AzureSchema(CONTOSO_SYNC_APP.jobId, { department: 'Marketing', userType: 'Member' })
        }
      ]
    },
    // Invitations only to the partners' domains, listed as an admin typed them.
    b2bManagementPolicies: [
      b2bManagementPolicy(CONTOSO_B2B_MANAGEMENT_POLICY_ID, {
        AllowedDomains: ['Northwind.example', 'fabrikam.example', 'litware.example']
      })
    ],
    tenantDirectory: CONTOSO_PARTNER_DIRECTORY,
    directoryAudits: contosoDirectoryAudits(now),
    grantedPermissions: new Set(ALL_READ_PERMISSIONS),
    premium: true
  }
}

// ---------------------------------------------------------------------------------------------
// A large tenant for benchmarks.

export interface LargeTenantOptions {
  partners?: number
  caPolicies?: number
  guests?: number
  /** See GeneratedUsersOptions.staleRatio. */
  staleRatio?: number
  seed?: number
  now?: Date
}

const LARGE_TENANT_ID = '44444444-4444-4444-8444-444444444444'

function generatedPartner(seed: number, index: number): Record<string, unknown> {
  const tenantId = deterministicGuid(seed, index, 0x9a7)
  const flavour = hash32(seed, index, 1) % 4
  if (flavour === 0) return partnerConfiguration(tenantId)
  if (flavour === 1) {
    return partnerConfiguration(tenantId, {
      inboundTrust: inboundTrust(true, hash32(seed, index, 2) % 2 === 0, false),
      automaticUserConsentSettings: inboundOutbound(true, true)
    })
  }
  if (flavour === 2) {
    return partnerConfiguration(tenantId, {
      b2bCollaborationInbound: b2bSetting('blocked', [ALL_USERS], 'blocked', [ALL_APPLICATIONS])
    })
  }
  return partnerConfiguration(tenantId, {
    isServiceProvider: true,
    b2bDirectConnectInbound: b2bSetting('allowed', [ALL_USERS], 'allowed', [OFFICE_365])
  })
}

function generatedConditionalAccessPolicy(
  seed: number,
  index: number,
  partnerIds: string[]
): Record<string, unknown> {
  const id = deterministicGuid(seed, index, 0xca)
  const states = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'] as const
  const state = states[hash32(seed, index, 1) % states.length] ?? 'enabled'
  const controls = [['mfa'], ['block'], ['compliantDevice'], ['mfa', 'compliantDevice']]
  const policySalt = hash32(seed, index)
  const members = partnerIds.filter((_, partnerIndex) => mix(policySalt, partnerIndex) % 97 === 0).slice(0, 5)
  const created = Date.UTC(2023, 0, 1) + (hash32(seed, index, 2) % 700) * DAY_MS
  return conditionalAccessPolicy({
    id,
    displayName: `Policy ${String(index + 1).padStart(3, '0')}`,
    state,
    createdDateTime: isoSeconds(created),
    modifiedDateTime: isoSeconds(created + (hash32(seed, index, 3) % 300) * DAY_MS),
    users:
      index % 3 === 0
        ? {
            includeGuestsOrExternalUsers: guestsOrExternalUsers(
              ['b2bCollaborationGuest', 'b2bCollaborationMember'],
              members.length > 0 ? members : 'all'
            )
          }
        : { includeUsers: ['All'], excludeRoles: [GLOBAL_ADMINISTRATOR_ROLE_ID] },
    builtInControls: controls[hash32(seed, index, 4) % controls.length] ?? ['mfa']
  })
}

/**
 * A benchmark tenant: by default 1,000 partners (about half with a sync policy), 195 CA policies and
 * 250,000 guests (plus a tenth as many members), deterministic from `seed`.
 */
export function largeTenant(options: LargeTenantOptions = {}): SimulatedTenant {
  const seed = options.seed ?? 1
  const partnerCount = options.partners ?? 1000
  const partners = Array.from({ length: partnerCount }, (_, index) => generatedPartner(seed, index))
  const partnerIds = partners.map((partner) => String(partner['tenantId']))
  const identitySynchronization: Record<string, Record<string, unknown>> = {}
  partnerIds.forEach((tenantId, index) => {
    if (hash32(seed, index, 0x5c) % 2 === 0) {
      identitySynchronization[tenantId] = identitySyncPolicy(
        tenantId,
        `Partner ${index + 1}`,
        index % 5 !== 0
      )
    }
  })
  const guests = options.guests ?? 250_000
  const policyId = deterministicGuid(seed, 0x707)
  return {
    tenantId: LARGE_TENANT_ID,
    crossTenantAccessPolicy: crossTenantAccessPolicyRoot(policyId, LARGE_TENANT_ID),
    default: defaultConfiguration(policyId, true),
    partners,
    identitySynchronization,
    conditionalAccessPolicies: Array.from({ length: options.caPolicies ?? 195 }, (_, index) =>
      generatedConditionalAccessPolicy(seed, index, partnerIds)
    ),
    namedLocations: contosoNamedLocations(),
    users: generatedUsers({
      guests,
      members: Math.round(guests / 10),
      staleRatio: options.staleRatio ?? 0.3,
      pendingRatio: 0.05,
      neverSignedInRatio: 0.05,
      seed,
      now: options.now,
      tenantDomain: 'woodgrove.onmicrosoft.com'
    }),
    authorizationPolicy: authorizationPolicy(LARGE_TENANT_ID),
    multiTenantOrganization: inactiveMultiTenantOrganization(),
    sharepointSettings: sharepointSettings([]),
    authenticationStrengthPolicies: authenticationStrengthPolicies(false),
    multiTenantOrganizationTenants: [],
    multiTenantOrganizationJoinRequest: noJoinRequest(),
    identityProviders: identityProviders(false),
    emailAuthenticationMethod: emailAuthenticationMethod('default'),
    groupSettings: [],
    connectedOrganizations: [],
    entitlementManagementSettings: entitlementManagementSettings('blockSignIn', null),
    assignmentPolicies: [],
    roleAssignments: [],
    authenticationFlowsPolicy: authenticationFlowsPolicy(false),
    b2xUserFlows: [],
    accessReviewDefinitions: [],
    externalDomainFederations: [],
    servicePrincipals: [],
    synchronizationJobs: {},
    // Every partner but each tenth is known to the cloud's directory (the others answer 404).
    tenantDirectory: Object.fromEntries(
      partnerIds
        .filter((_, index) => index % 10 !== 9)
        .map((tenantId, index) => [
          tenantId,
          {
            displayName: `Partner Org ${index + 1}`,
            defaultDomainName: `partner${index + 1}.onmicrosoft.com`
          }
        ])
    ),
    directoryAudits: [],
    grantedPermissions: new Set(ALL_READ_PERMISSIONS),
    premium: true
  }
}

/** A deep copy tests can mutate; the (immutable, generated) UserSet is shared. */
export function cloneTenant(tenant: SimulatedTenant): SimulatedTenant {
  const { users, grantedPermissions, ...rest } = tenant
  return { ...structuredClone(rest), users, grantedPermissions: new Set(grantedPermissions) }
}
