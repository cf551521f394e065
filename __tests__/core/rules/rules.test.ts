import { describe, expect, it } from '@jest/globals'
import { classify } from '../../../src/core/rules/classify.js'
import { diffPairs } from '../../../src/core/diff/diff.js'
import { OBJECT_KINDS, type Finding, type Severity } from '../../../src/core/model/finding.js'
import type { JsonObject } from '../../../src/core/model/json.js'
import { pairObjects } from '../../../src/core/diff/objects.js'
import { NEW_PROPERTY_RULE, RULES } from '../../../src/core/rules/rules.js'
import type { Snapshot } from '../../../src/core/model/snapshot.js'
import {
  GUEST_POLICY_ID,
  MEMBER_ROLE,
  OFFICE_LOCATION_ID,
  OTHER_PARTNER_ID,
  PARTNER_GROUP_ID,
  PARTNER_ID,
  RESTRICTED_GUEST_ROLE,
  STAFF_POLICY_ID,
  authorizationPolicy,
  b2bSetting,
  crossTenantAccessPolicy,
  defaultConfiguration,
  guestPolicy,
  ipLocation,
  multiTenantOrganization,
  partnerConfiguration,
  setAt,
  sharepointSettings,
  snapshot,
  staffPolicy,
  syncPolicy,
  targetConfiguration
} from '../../support/snapshot-builder.js'

type SingletonSection =
  | 'crossTenantAccessPolicy'
  | 'default'
  | 'authorizationPolicy'
  | 'multiTenantOrganization'
  | 'sharepointSettings'
type CollectionSection =
  'partners' | 'identitySynchronization' | 'conditionalAccessPolicies' | 'namedLocations'

/** Findings for one object of `section` going from `before` to `after` (undefined = absent). */
function findingsFor(
  section: SingletonSection | CollectionSection,
  before: JsonObject | undefined,
  after: JsonObject | undefined
): Finding[] {
  const side = (object: JsonObject | undefined): Partial<Snapshot> =>
    section === 'partners' ||
    section === 'identitySynchronization' ||
    section === 'conditionalAccessPolicies' ||
    section === 'namedLocations'
      ? { [section]: object === undefined ? {} : { [keyOf(object)]: object } }
      : { [section]: object }
  const drifts = diffPairs(pairObjects(snapshot(side(before)), snapshot(side(after))).pairs)
  return classify(drifts, { today: '2026-03-01' })
}

function keyOf(object: JsonObject): string {
  return String(object.tenantId ?? object.id)
}

function rulesOf(findings: readonly Finding[]): [string, Severity][] {
  return findings.map((finding) => [finding.rule, finding.severity])
}

const defaults = defaultConfiguration()
const partner = partnerConfiguration()
/** The default as Graph v1.0 serves it in the global service, with the Microsoft 365 settings. */
const m365Defaults = {
  ...defaults,
  m365CollaborationInbound: { users: targetConfiguration('blocked', 'AllUsers') },
  m365CollaborationOutbound: { usersAndGroups: targetConfiguration('allowed', 'AllUsers') },
  appServiceConnectInbound: { applications: targetConfiguration('blocked', 'AllApplications') }
}

interface RuleCase {
  name: string
  section: SingletonSection | CollectionSection
  before: JsonObject | undefined
  after: JsonObject | undefined
  rule: string
  severity: Severity
}

const cases: RuleCase[] = [
  // Inbound trust
  {
    name: 'the default newly accepts MFA',
    section: 'default',
    before: defaults,
    after: setAt(defaults, 'inboundTrust.isMfaAccepted', true),
    rule: 'inbound-trust-accepted',
    severity: 'critical'
  },
  {
    name: 'a partner newly accepts compliant devices (inherited → true)',
    section: 'partners',
    before: partner,
    after: setAt(partner, 'inboundTrust', { isCompliantDeviceAccepted: true }),
    rule: 'inbound-trust-accepted',
    severity: 'critical'
  },
  {
    name: 'a partner newly accepts hybrid-joined devices (false → true)',
    section: 'partners',
    before: setAt(partner, 'inboundTrust', {
      isHybridAzureADJoinedDeviceAccepted: false,
      isMfaAccepted: true
    }),
    after: setAt(partner, 'inboundTrust', { isHybridAzureADJoinedDeviceAccepted: true, isMfaAccepted: true }),
    rule: 'inbound-trust-accepted',
    severity: 'critical'
  },
  {
    name: 'the default withdraws MFA trust',
    section: 'default',
    before: setAt(defaults, 'inboundTrust.isMfaAccepted', true),
    after: defaults,
    rule: 'inbound-trust-withdrawn',
    severity: 'low'
  },
  // Inbound access
  {
    name: 'the default opens inbound collaboration (blocked → allowed)',
    section: 'default',
    before: setAt(defaults, 'b2bCollaborationInbound', b2bSetting('blocked')),
    after: defaults,
    rule: 'inbound-b2b-collaboration-opened-default',
    severity: 'critical'
  },
  {
    name: 'the default widens inbound collaboration targets to AllUsers',
    section: 'default',
    before: setAt(
      defaults,
      'b2bCollaborationInbound.usersAndGroups',
      targetConfiguration('allowed', PARTNER_GROUP_ID)
    ),
    after: defaults,
    rule: 'inbound-b2b-collaboration-opened-default',
    severity: 'critical'
  },
  {
    name: 'the default opens inbound direct connect',
    section: 'default',
    before: defaults,
    after: setAt(defaults, 'b2bDirectConnectInbound', b2bSetting('allowed')),
    rule: 'inbound-b2b-direct-connect-opened-default',
    severity: 'critical'
  },
  {
    name: 'a partner override that allows inbound collaboration is added',
    section: 'partners',
    before: partner,
    after: setAt(partner, 'b2bCollaborationInbound', b2bSetting('allowed')),
    rule: 'inbound-b2b-collaboration-opened-partner',
    severity: 'high'
  },
  {
    name: 'a partner stops blocking all but one group (blocked All → blocked some)',
    section: 'partners',
    before: setAt(partner, 'b2bCollaborationInbound', b2bSetting('blocked')),
    after: setAt(
      setAt(partner, 'b2bCollaborationInbound', b2bSetting('blocked')),
      'b2bCollaborationInbound.usersAndGroups',
      targetConfiguration('blocked', PARTNER_GROUP_ID)
    ),
    rule: 'inbound-b2b-collaboration-opened-partner',
    severity: 'high'
  },
  {
    name: 'a partner opens inbound direct connect',
    section: 'partners',
    before: setAt(partner, 'b2bDirectConnectInbound', b2bSetting('blocked')),
    after: setAt(partner, 'b2bDirectConnectInbound', b2bSetting('allowed', 'AllUsers', 'Office365')),
    rule: 'inbound-b2b-direct-connect-opened-partner',
    severity: 'high'
  },
  {
    name: 'the default blocks inbound collaboration',
    section: 'default',
    before: defaults,
    after: setAt(defaults, 'b2bCollaborationInbound', b2bSetting('blocked')),
    rule: 'inbound-access-blocked-default',
    severity: 'high'
  },
  {
    name: 'the default narrows inbound collaboration to one group',
    section: 'default',
    before: defaults,
    after: setAt(
      defaults,
      'b2bCollaborationInbound.usersAndGroups',
      targetConfiguration('allowed', PARTNER_GROUP_ID)
    ),
    rule: 'inbound-access-blocked-default',
    severity: 'high'
  },
  {
    name: 'a partner override that blocks everyone is added',
    section: 'partners',
    before: partner,
    after: setAt(partner, 'b2bCollaborationInbound', b2bSetting('blocked')),
    rule: 'inbound-access-blocked-partner',
    severity: 'medium'
  },
  // Outbound
  {
    name: 'the default opens outbound direct connect',
    section: 'default',
    before: defaults,
    after: setAt(defaults, 'b2bDirectConnectOutbound', b2bSetting('allowed')),
    rule: 'outbound-access-opened',
    severity: 'medium'
  },
  {
    name: 'a partner blocks outbound collaboration',
    section: 'partners',
    before: setAt(partner, 'b2bCollaborationOutbound', b2bSetting('allowed')),
    after: setAt(partner, 'b2bCollaborationOutbound', b2bSetting('blocked')),
    rule: 'outbound-access-closed',
    severity: 'low'
  },
  // Automatic redemption
  {
    name: 'a partner turns on inbound automatic redemption',
    section: 'partners',
    before: partner,
    after: setAt(partner, 'automaticUserConsentSettings.inboundAllowed', true),
    rule: 'automatic-redemption-inbound-enabled',
    severity: 'high'
  },
  {
    name: 'a partner turns on outbound automatic redemption',
    section: 'partners',
    before: partner,
    after: setAt(partner, 'automaticUserConsentSettings.outboundAllowed', true),
    rule: 'automatic-redemption-outbound-enabled',
    severity: 'medium'
  },
  {
    name: 'a partner turns off automatic redemption',
    section: 'partners',
    before: setAt(partner, 'automaticUserConsentSettings.inboundAllowed', true),
    after: partner,
    rule: 'automatic-redemption-disabled',
    severity: 'low'
  },
  // Partners as objects
  {
    name: 'a partner is added with no overrides',
    section: 'partners',
    before: undefined,
    after: partner,
    rule: 'partner-added',
    severity: 'high'
  },
  {
    name: 'a partner that trusted MFA is removed',
    section: 'partners',
    before: setAt(partner, 'inboundTrust', { isMfaAccepted: true }),
    after: undefined,
    rule: 'partner-removed',
    severity: 'medium'
  },
  // Service providers, tenant restrictions, invitation redemption
  {
    name: 'the default changes the redemption identity provider order',
    section: 'default',
    before: defaults,
    after: setAt(
      defaults,
      'invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder',
      ['externalFederation', 'azureActiveDirectory', 'socialIdentityProviders']
    ),
    rule: 'invitation-redemption-changed',
    severity: 'medium'
  },
  {
    name: 'the default makes Microsoft accounts the redemption fallback',
    section: 'default',
    before: defaults,
    after: setAt(
      defaults,
      'invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider',
      'microsoftAccount'
    ),
    rule: 'invitation-redemption-changed',
    severity: 'medium'
  },
  {
    name: 'the default configures tenant restrictions that block everyone (not configured → blocked)',
    section: 'default',
    before: defaults,
    after: setAt(defaults, 'tenantRestrictions', b2bSetting('blocked')),
    rule: 'tenant-restrictions-tightened',
    severity: 'low'
  },
  {
    name: 'the default tenant restrictions allow all external users (blocked → allowed)',
    section: 'default',
    before: setAt(defaults, 'tenantRestrictions', b2bSetting('blocked')),
    after: setAt(
      setAt(defaults, 'tenantRestrictions', b2bSetting('blocked')),
      'tenantRestrictions.usersAndGroups',
      targetConfiguration('allowed', 'AllUsers')
    ),
    rule: 'tenant-restrictions-loosened-default',
    severity: 'high'
  },
  {
    name: 'the default tenant restrictions are removed (blocked → not configured)',
    section: 'default',
    before: setAt(defaults, 'tenantRestrictions', b2bSetting('blocked')),
    after: defaults,
    rule: 'tenant-restrictions-loosened-default',
    severity: 'high'
  },
  {
    name: 'a partner overrides tenant restrictions to allow its users (inherited → allowed)',
    section: 'partners',
    before: partner,
    after: setAt(partner, 'tenantRestrictions', b2bSetting('allowed')),
    rule: 'tenant-restrictions-loosened-partner',
    severity: 'medium'
  },
  {
    name: 'a partner tenant restrictions block its applications (allowed → blocked)',
    section: 'partners',
    before: setAt(partner, 'tenantRestrictions', b2bSetting('allowed')),
    after: setAt(
      setAt(partner, 'tenantRestrictions', b2bSetting('allowed')),
      'tenantRestrictions.applications',
      targetConfiguration('blocked', 'AllApplications')
    ),
    rule: 'tenant-restrictions-tightened',
    severity: 'low'
  },
  {
    name: 'a partner becomes a service provider',
    section: 'partners',
    before: partner,
    after: setAt(partner, 'isServiceProvider', true),
    rule: 'service-provider-designated',
    severity: 'high'
  },
  {
    name: 'a partner is no longer a service provider',
    section: 'partners',
    before: setAt(partner, 'isServiceProvider', true),
    after: setAt(partner, 'isServiceProvider', false),
    rule: 'service-provider-unmarked',
    severity: 'low'
  },
  {
    name: 'a partner that was never a service provider is explicitly marked not one (null → false)',
    section: 'partners',
    before: partner,
    after: setAt(partner, 'isServiceProvider', false),
    rule: 'partner-setting-changed',
    severity: 'medium'
  },
  // Cross-tenant access policy (root)
  {
    name: 'a cloud endpoint is allowed',
    section: 'crossTenantAccessPolicy',
    before: crossTenantAccessPolicy(),
    after: setAt(crossTenantAccessPolicy(), 'allowedCloudEndpoints', ['microsoftonline.us']),
    rule: 'allowed-cloud-endpoints-added',
    severity: 'high'
  },
  {
    name: 'a cloud endpoint is removed',
    section: 'crossTenantAccessPolicy',
    before: setAt(crossTenantAccessPolicy(), 'allowedCloudEndpoints', ['microsoftonline.us']),
    after: crossTenantAccessPolicy(),
    rule: 'allowed-cloud-endpoints-removed',
    severity: 'low'
  },
  {
    name: 'the policy is renamed',
    section: 'crossTenantAccessPolicy',
    before: crossTenantAccessPolicy(),
    after: setAt(crossTenantAccessPolicy(), 'displayName', 'Renamed'),
    rule: 'cross-tenant-access-policy-changed',
    severity: 'low'
  },
  // Cross-tenant synchronization
  {
    name: 'sync is allowed',
    section: 'identitySynchronization',
    before: syncPolicy(),
    after: syncPolicy(PARTNER_ID, 'Fabrikam', true),
    rule: 'identity-sync-enabled',
    severity: 'high'
  },
  {
    name: 'a sync policy that allows sync is added',
    section: 'identitySynchronization',
    before: undefined,
    after: syncPolicy(PARTNER_ID, 'Fabrikam', true),
    rule: 'identity-sync-enabled',
    severity: 'high'
  },
  {
    name: 'sync is disallowed',
    section: 'identitySynchronization',
    before: syncPolicy(PARTNER_ID, 'Fabrikam', true),
    after: syncPolicy(),
    rule: 'identity-sync-disabled',
    severity: 'medium'
  },
  {
    name: 'a sync policy is removed',
    section: 'identitySynchronization',
    before: syncPolicy(PARTNER_ID, 'Fabrikam', true),
    after: undefined,
    rule: 'identity-sync-removed',
    severity: 'medium'
  },
  {
    name: 'a sync policy is renamed',
    section: 'identitySynchronization',
    before: syncPolicy(),
    after: syncPolicy(PARTNER_ID, 'Fabrikam Ltd'),
    rule: 'identity-sync-changed',
    severity: 'low'
  },
  // Conditional Access
  {
    name: 'a guest policy is disabled',
    section: 'conditionalAccessPolicies',
    before: guestPolicy(),
    after: setAt(guestPolicy(), 'state', 'disabled'),
    rule: 'ca-guest-policy-disabled',
    severity: 'high'
  },
  {
    name: 'a guest policy is put in report-only mode',
    section: 'conditionalAccessPolicies',
    before: guestPolicy(),
    after: setAt(guestPolicy(), 'state', 'enabledForReportingButNotEnforced'),
    rule: 'ca-guest-policy-report-only',
    severity: 'high'
  },
  {
    name: 'a policy for all users is disabled (it covers guests)',
    section: 'conditionalAccessPolicies',
    before: setAt(staffPolicy(), 'conditions.users.includeUsers', ['All']),
    after: setAt(setAt(staffPolicy(), 'conditions.users.includeUsers', ['All']), 'state', 'disabled'),
    rule: 'ca-guest-policy-disabled',
    severity: 'high'
  },
  {
    name: 'a guest policy is deleted',
    section: 'conditionalAccessPolicies',
    before: guestPolicy(),
    after: undefined,
    rule: 'ca-guest-policy-deleted',
    severity: 'high'
  },
  {
    name: 'a guest policy drops a guest type',
    section: 'conditionalAccessPolicies',
    before: guestPolicy(),
    after: setAt(
      guestPolicy(),
      'conditions.users.includeGuestsOrExternalUsers.guestOrExternalUserTypes',
      'b2bCollaborationGuest'
    ),
    rule: 'ca-guest-scope-narrowed',
    severity: 'high'
  },
  {
    name: 'a guest policy drops a partner tenant',
    section: 'conditionalAccessPolicies',
    before: guestPolicy(),
    after: setAt(guestPolicy(), 'conditions.users.includeGuestsOrExternalUsers.externalTenants.members', [
      PARTNER_ID
    ]),
    rule: 'ca-guest-scope-narrowed',
    severity: 'high'
  },
  {
    name: 'a guest policy goes from all tenants to a list',
    section: 'conditionalAccessPolicies',
    before: setAt(guestPolicy(), 'conditions.users.includeGuestsOrExternalUsers.externalTenants', {
      membershipKind: 'all'
    }),
    after: guestPolicy(),
    rule: 'ca-guest-scope-narrowed',
    severity: 'high'
  },
  {
    name: 'a guest policy excludes guests',
    section: 'conditionalAccessPolicies',
    before: guestPolicy(),
    after: setAt(guestPolicy(), 'conditions.users.excludeGuestsOrExternalUsers', {
      guestOrExternalUserTypes: 'b2bCollaborationMember',
      externalTenants: { membershipKind: 'all' }
    }),
    rule: 'ca-guest-scope-narrowed',
    severity: 'high'
  },
  {
    name: 'a guest policy widens its exclusion to all tenants',
    section: 'conditionalAccessPolicies',
    before: setAt(guestPolicy(), 'conditions.users.excludeGuestsOrExternalUsers', {
      guestOrExternalUserTypes: 'b2bCollaborationMember',
      externalTenants: { membershipKind: 'enumerated', members: [OTHER_PARTNER_ID] }
    }),
    after: setAt(guestPolicy(), 'conditions.users.excludeGuestsOrExternalUsers', {
      guestOrExternalUserTypes: 'b2bCollaborationMember',
      externalTenants: { membershipKind: 'all' }
    }),
    rule: 'ca-guest-scope-narrowed',
    severity: 'high'
  },
  {
    name: "'GuestsOrExternalUsers' is removed from a policy's included users",
    section: 'conditionalAccessPolicies',
    before: setAt(staffPolicy(), 'conditions.users.includeUsers', ['GuestsOrExternalUsers']),
    after: staffPolicy(),
    rule: 'ca-guest-scope-narrowed',
    severity: 'high'
  },
  {
    name: 'a guest policy adds a partner tenant (wider: not a narrowing)',
    section: 'conditionalAccessPolicies',
    before: setAt(guestPolicy(), 'conditions.users.includeGuestsOrExternalUsers.externalTenants.members', [
      PARTNER_ID
    ]),
    after: guestPolicy(),
    rule: 'ca-policy-changed',
    severity: 'medium'
  },
  {
    name: 'a guest policy changes its grant controls',
    section: 'conditionalAccessPolicies',
    before: guestPolicy(),
    after: setAt(guestPolicy(), 'grantControls.builtInControls', ['mfa', 'compliantDevice']),
    rule: 'ca-policy-changed',
    severity: 'medium'
  },
  {
    name: 'a staff policy is disabled (it does not cover guests)',
    section: 'conditionalAccessPolicies',
    before: staffPolicy(),
    after: setAt(staffPolicy(), 'state', 'disabled'),
    rule: 'ca-policy-changed',
    severity: 'medium'
  },
  {
    name: 'a staff policy is deleted',
    section: 'conditionalAccessPolicies',
    before: staffPolicy(),
    after: undefined,
    rule: 'ca-policy-deleted',
    severity: 'medium'
  },
  {
    name: 'an enforced policy blocking guests is added',
    section: 'conditionalAccessPolicies',
    before: undefined,
    after: setAt(guestPolicy(), 'grantControls.builtInControls', ['block']),
    rule: 'ca-policy-added',
    severity: 'low'
  },
  // Named locations
  {
    name: 'a named location becomes trusted',
    section: 'namedLocations',
    before: ipLocation(OFFICE_LOCATION_ID, false),
    after: ipLocation(OFFICE_LOCATION_ID, true),
    rule: 'named-location-trusted',
    severity: 'medium'
  },
  {
    name: 'a trusted named location gains a range',
    section: 'namedLocations',
    before: ipLocation(),
    after: setAt(ipLocation(), 'ipRanges', [
      { cidrAddress: '198.51.100.0/24' },
      { cidrAddress: '0.0.0.0/0' }
    ]),
    rule: 'trusted-location-ranges-changed',
    severity: 'medium'
  },
  {
    name: 'an untrusted named location gains a range',
    section: 'namedLocations',
    before: ipLocation(OFFICE_LOCATION_ID, false),
    after: setAt(ipLocation(OFFICE_LOCATION_ID, false), 'ipRanges', [{ cidrAddress: '203.0.113.0/24' }]),
    rule: 'named-location-changed',
    severity: 'low'
  },
  // Guest invitation settings
  {
    name: 'everyone may invite guests',
    section: 'authorizationPolicy',
    before: authorizationPolicy(),
    after: setAt(authorizationPolicy(), 'allowInvitesFrom', 'everyone'),
    rule: 'guest-invitation-settings-loosened',
    severity: 'high'
  },
  {
    name: 'guests get the member role',
    section: 'authorizationPolicy',
    before: authorizationPolicy(),
    after: setAt(authorizationPolicy(), 'guestUserRoleId', MEMBER_ROLE),
    rule: 'guest-invitation-settings-loosened',
    severity: 'high'
  },
  {
    name: 'email-verified users may join',
    section: 'authorizationPolicy',
    before: authorizationPolicy(),
    after: setAt(authorizationPolicy(), 'allowEmailVerifiedUsersToJoinOrganization', true),
    rule: 'guest-invitation-settings-loosened',
    severity: 'high'
  },
  {
    name: 'nobody may invite guests',
    section: 'authorizationPolicy',
    before: authorizationPolicy(),
    after: setAt(authorizationPolicy(), 'allowInvitesFrom', 'none'),
    rule: 'guest-invitation-settings-tightened',
    severity: 'low'
  },
  {
    name: 'guests get the restricted role',
    section: 'authorizationPolicy',
    before: authorizationPolicy(),
    after: setAt(authorizationPolicy(), 'guestUserRoleId', RESTRICTED_GUEST_ROLE),
    rule: 'guest-invitation-settings-tightened',
    severity: 'low'
  },
  {
    name: 'MSOL PowerShell is unblocked',
    section: 'authorizationPolicy',
    before: authorizationPolicy(),
    after: setAt(authorizationPolicy(), 'blockMsolPowerShell', false),
    rule: 'authorization-policy-changed',
    severity: 'low'
  },
  // SharePoint
  {
    name: 'SharePoint allows anyone links',
    section: 'sharepointSettings',
    before: sharepointSettings(),
    after: setAt(sharepointSettings(), 'sharingCapability', 'externalUserAndGuestSharing'),
    rule: 'sharepoint-sharing-loosened',
    severity: 'high'
  },
  {
    name: 'SharePoint drops its domain allow list',
    section: 'sharepointSettings',
    before: sharepointSettings(),
    after: setAt(sharepointSettings(), 'sharingDomainRestrictionMode', 'none'),
    rule: 'sharepoint-domain-restriction-relaxed',
    severity: 'high'
  },
  {
    name: 'SharePoint allows one more domain',
    section: 'sharepointSettings',
    before: sharepointSettings(),
    after: setAt(sharepointSettings(), 'sharingAllowedDomainList', ['fabrikam.example', 'tailspin.example']),
    rule: 'sharepoint-domain-restriction-relaxed',
    severity: 'high'
  },
  {
    name: 'SharePoint unblocks a domain',
    section: 'sharepointSettings',
    before: setAt(
      setAt(sharepointSettings(), 'sharingDomainRestrictionMode', 'blockList'),
      'sharingBlockedDomainList',
      ['rival.example']
    ),
    after: setAt(sharepointSettings(), 'sharingDomainRestrictionMode', 'blockList'),
    rule: 'sharepoint-domain-restriction-relaxed',
    severity: 'high'
  },
  {
    name: 'SharePoint sharing is tightened',
    section: 'sharepointSettings',
    before: sharepointSettings(),
    after: setAt(sharepointSettings(), 'sharingCapability', 'existingExternalUserSharingOnly'),
    rule: 'sharepoint-setting-changed',
    severity: 'low'
  },
  {
    name: 'external users may reshare',
    section: 'sharepointSettings',
    before: sharepointSettings(),
    after: setAt(sharepointSettings(), 'isResharingByExternalUsersEnabled', true),
    rule: 'sharepoint-external-resharing-enabled',
    severity: 'medium'
  },
  {
    name: 'the accepting account no longer has to match the invited one',
    section: 'sharepointSettings',
    before: setAt(sharepointSettings(), 'isRequireAcceptingUserToMatchInvitedUserEnabled', true),
    after: setAt(sharepointSettings(), 'isRequireAcceptingUserToMatchInvitedUserEnabled', false),
    rule: 'sharepoint-invitee-match-disabled',
    severity: 'medium'
  },
  {
    name: 'external users may no longer reshare',
    section: 'sharepointSettings',
    before: setAt(sharepointSettings(), 'isResharingByExternalUsersEnabled', true),
    after: sharepointSettings(),
    rule: 'sharepoint-guest-controls-tightened',
    severity: 'low'
  },
  {
    name: 'the accepting account must match the invited one again',
    section: 'sharepointSettings',
    before: setAt(sharepointSettings(), 'isRequireAcceptingUserToMatchInvitedUserEnabled', false),
    after: setAt(sharepointSettings(), 'isRequireAcceptingUserToMatchInvitedUserEnabled', true),
    rule: 'sharepoint-guest-controls-tightened',
    severity: 'low'
  },
  // Microsoft 365 collaboration and app service connect
  {
    name: 'the default opens inbound Microsoft 365 collaboration (blocked → allowed for all users)',
    section: 'default',
    before: m365Defaults,
    after: setAt(m365Defaults, 'm365CollaborationInbound.users', targetConfiguration('allowed', 'AllUsers')),
    rule: 'm365-collaboration-inbound-opened',
    severity: 'high'
  },
  {
    name: 'a partner overrides inbound Microsoft 365 collaboration for a group (inherited → allowed)',
    section: 'partners',
    before: setAt(partner, 'm365CollaborationInbound', null),
    after: setAt(partner, 'm365CollaborationInbound', {
      users: targetConfiguration('allowed', PARTNER_GROUP_ID)
    }),
    rule: 'm365-collaboration-inbound-opened',
    severity: 'high'
  },
  {
    name: 'the default opens inbound app service connect',
    section: 'default',
    before: m365Defaults,
    after: setAt(
      m365Defaults,
      'appServiceConnectInbound.applications',
      targetConfiguration('allowed', 'AllApplications')
    ),
    rule: 'app-service-connect-inbound-opened',
    severity: 'high'
  },
  {
    name: 'a partner opens outbound Microsoft 365 collaboration',
    section: 'partners',
    before: setAt(partner, 'm365CollaborationOutbound', {
      usersAndGroups: targetConfiguration('blocked', 'AllUsers')
    }),
    after: setAt(partner, 'm365CollaborationOutbound', {
      usersAndGroups: targetConfiguration('allowed', 'AllUsers')
    }),
    rule: 'm365-collaboration-outbound-opened',
    severity: 'medium'
  },
  {
    name: 'the default narrows outbound Microsoft 365 collaboration to a group',
    section: 'default',
    before: m365Defaults,
    after: setAt(
      m365Defaults,
      'm365CollaborationOutbound.usersAndGroups',
      targetConfiguration('allowed', PARTNER_GROUP_ID)
    ),
    rule: 'm365-collaboration-narrowed',
    severity: 'low'
  },
  {
    name: 'the default swaps the group allowed outbound Microsoft 365 collaboration',
    section: 'default',
    before: setAt(
      m365Defaults,
      'm365CollaborationOutbound.usersAndGroups',
      targetConfiguration('allowed', PARTNER_GROUP_ID)
    ),
    after: setAt(
      m365Defaults,
      'm365CollaborationOutbound.usersAndGroups',
      targetConfiguration('allowed', 'other-group')
    ),
    rule: 'm365-collaboration-changed',
    severity: 'medium'
  },
  // Multitenant organization
  {
    name: 'the multitenant organization is renamed',
    section: 'multiTenantOrganization',
    before: multiTenantOrganization(),
    after: setAt(multiTenantOrganization(), 'displayName', 'Renamed'),
    rule: 'multitenant-organization-changed',
    severity: 'medium'
  }
]

describe('the rule table', () => {
  it.each(cases)('classifies "$name" as $rule ($severity)', ({ section, before, after, rule, severity }) => {
    const findings = findingsFor(section, before, after)

    expect(rulesOf(findings)).toEqual([[rule, severity]])
  })

  it('words a Microsoft 365 collaboration finding like the B2B ones', () => {
    const after = setAt(
      m365Defaults,
      'm365CollaborationInbound.users',
      targetConfiguration('allowed', 'AllUsers')
    )

    const findings = findingsFor('default', m365Defaults, after)

    expect(findings.map((finding) => finding.summary)).toEqual([
      'The default configuration: inbound Microsoft 365 collaboration opened (users: blocked AllUsers → allowed AllUsers)'
    ])
  })

  it('groups the changes of one object that land on one rule into one finding', () => {
    const after = setAt(
      setAt(defaults, 'inboundTrust.isMfaAccepted', true),
      'inboundTrust.isCompliantDeviceAccepted',
      true
    )

    const findings = findingsFor('default', defaults, after)

    expect(findings).toHaveLength(1)
    expect(findings[0]?.changes.map((change) => change.path)).toEqual([
      'inboundTrust.isCompliantDeviceAccepted',
      'inboundTrust.isMfaAccepted'
    ])
    expect(findings[0]?.summary).toBe(
      'The default configuration now trusts compliant-device claims and MFA from every external organisation'
    )
  })

  it('gives each change of one object to the first rule that claims it', () => {
    const after = setAt(
      setAt(defaults, 'inboundTrust.isMfaAccepted', true),
      'tenantRestrictions',
      b2bSetting('blocked')
    )

    const findings = findingsFor('default', defaults, after)

    expect(rulesOf(findings)).toEqual([
      ['inbound-trust-accepted', 'critical'],
      ['tenant-restrictions-tightened', 'low']
    ])
  })

  it('given an added partner that trusts MFA and opens inbound collaboration, then it is one partner-added finding as severe as the worst setting', () => {
    const added = setAt(
      setAt(partner, 'inboundTrust', { isMfaAccepted: true }),
      'b2bCollaborationInbound',
      b2bSetting('allowed')
    )

    const findings = findingsFor('partners', undefined, added)

    expect(rulesOf(findings)).toEqual([['partner-added', 'critical']])
    expect(findings[0]?.changes.map((change) => change.path)).toEqual([
      'b2bCollaborationInbound',
      'inboundTrust',
      'isInMultiTenantOrganization',
      'tenantId'
    ])
    expect(findings[0]?.summary).toBe(
      `Partner ${PARTNER_ID}: new partner configuration (sets inbound trust and inbound B2B collaboration; every other setting inherits the default)`
    )
    expect(findings[0]?.why).toMatch(/^Accepting another tenant’s MFA or device claims/)
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'DELETE',
      path: `/policies/crossTenantAccessPolicy/partners/${PARTNER_ID}`
    })
  })

  it('describes what opened in the summary', () => {
    const findings = findingsFor(
      'partners',
      partner,
      setAt(partner, 'b2bCollaborationInbound', b2bSetting('allowed'))
    )

    expect(findings[0]?.summary).toBe(
      `Partner ${PARTNER_ID}: inbound B2B collaboration opened (usersAndGroups: inherited → allowed AllUsers and applications: inherited → allowed AllApplications)`
    )
  })

  it('given a partner newly marked as a service provider, then the title names the CSP relationship', () => {
    const [finding] = findingsFor('partners', partner, setAt(partner, 'isServiceProvider', true))

    expect(finding?.summary).toBe(
      `Partner ${PARTNER_ID} is now marked as a Cloud Service Provider (CSP) for our organisation`
    )
  })

  it('given default tenant restrictions that stop blocking external users, then the title says what our users may now do', () => {
    const blocked = setAt(defaults, 'tenantRestrictions', b2bSetting('blocked'))
    const after = setAt(
      blocked,
      'tenantRestrictions.usersAndGroups',
      targetConfiguration('allowed', 'AllUsers')
    )

    const [finding] = findingsFor('default', blocked, after)

    expect(finding?.summary).toBe(
      'Default settings: tenant restrictions loosened, our users may use more external accounts or apps from our devices (usersAndGroups: blocked AllUsers → allowed AllUsers)'
    )
  })

  it('given default tenant restrictions removed, then the title reads "not configured", not "inherited"', () => {
    const [finding] = findingsFor(
      'default',
      setAt(defaults, 'tenantRestrictions', b2bSetting('blocked')),
      defaults
    )

    expect(finding?.summary).toBe(
      'Default settings: tenant restrictions loosened, our users may use more external accounts or apps from our devices (usersAndGroups: blocked AllUsers → not configured and applications: blocked AllApplications → not configured)'
    )
  })

  it('given a new redemption order and fallback, then one finding states both', () => {
    const after = setAt(
      setAt(
        defaults,
        'invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder',
        ['socialIdentityProviders', 'azureActiveDirectory']
      ),
      'invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider',
      'microsoftAccount'
    )

    const findings = findingsFor('default', defaults, after)

    expect(rulesOf(findings)).toEqual([['invitation-redemption-changed', 'medium']])
    expect(findings[0]?.summary).toBe(
      'Default settings: guest invitation redemption changed (identity providers in order: azureActiveDirectory, externalFederation, socialIdentityProviders → socialIdentityProviders, azureActiveDirectory; fallback: defaultConfiguredIdp → microsoftAccount)'
    )
  })

  it('given both SharePoint guest controls restored, then one low finding lists both', () => {
    const loose = setAt(
      setAt(sharepointSettings(), 'isResharingByExternalUsersEnabled', true),
      'isRequireAcceptingUserToMatchInvitedUserEnabled',
      false
    )
    const strict = setAt(sharepointSettings(), 'isRequireAcceptingUserToMatchInvitedUserEnabled', true)

    const findings = findingsFor('sharepointSettings', loose, strict)

    expect(rulesOf(findings)).toEqual([['sharepoint-guest-controls-tightened', 'low']])
    expect(findings[0]?.summary).toBe(
      'SharePoint and OneDrive guest controls tightened (guests may no longer reshare what they do not own and invitations must be accepted by the invited account)'
    )
  })

  it('given an added partner marked as a service provider, then partner-added is high', () => {
    const findings = findingsFor('partners', undefined, setAt(partner, 'isServiceProvider', true))

    expect(rulesOf(findings)).toEqual([['partner-added', 'high']])
    expect(findings[0]?.why).toMatch(/^A service provider is the kind of partner/)
  })

  it('says how a guest policy narrowed', () => {
    const after = setAt(
      guestPolicy(),
      'conditions.users.includeGuestsOrExternalUsers.externalTenants.members',
      [PARTNER_ID]
    )

    const [finding] = findingsFor('conditionalAccessPolicies', guestPolicy(), after)

    expect(finding?.summary).toBe(
      `Conditional Access policy Require MFA for guests covers fewer guests or external users (tenants ${OTHER_PARTNER_ID} no longer included)`
    )
  })

  it('has unique kebab-case rule ids', () => {
    const ids = [...RULES, NEW_PROPERTY_RULE].map((rule) => rule.id)

    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  it('reserves critical for widening who gets in or whose assurance is trusted', () => {
    const critical = RULES.filter((rule) => rule.severity === 'critical').map((rule) => rule.id)

    expect(critical.sort()).toEqual([
      'inbound-b2b-collaboration-opened-default',
      'inbound-b2b-direct-connect-opened-default',
      'inbound-trust-accepted'
    ])
  })

  const settingKinds = OBJECT_KINDS.filter((kind) => kind !== 'guests')
  it.each(settingKinds)(
    'classifies any change of a %s, whatever its path (a fallback closes the kind)',
    (kind) => {
      const object = { kind, key: 'k', displayName: 'k' }
      const drifts = (['added', 'removed', 'modified'] as const).map((change) => ({
        object,
        change,
        before: change === 'added' ? undefined : { someUnknownSetting: 1 },
        after: change === 'removed' ? undefined : { someUnknownSetting: 2 },
        changes: [{ path: 'someUnknownSetting', before: 1, after: 2 }],
        newProperties: []
      }))

      const findings = classify(drifts, { today: '2026-03-01' })

      expect(findings).toHaveLength(3)
    }
  )

  it('never lets the guest-only kind reach the change rules', () => {
    expect(RULES.some((rule) => rule.kinds.includes('guests'))).toBe(false)
  })

  it('uses the CA policy id and partner tenant id as finding keys', () => {
    const findings = [
      ...findingsFor('conditionalAccessPolicies', guestPolicy(), setAt(guestPolicy(), 'state', 'disabled')),
      ...findingsFor('partners', partner, setAt(partner, 'isServiceProvider', true))
    ]

    expect(findings.map((finding) => finding.object.key)).toEqual([GUEST_POLICY_ID, PARTNER_ID])
    expect(STAFF_POLICY_ID).not.toBe(GUEST_POLICY_ID)
  })
})
