import { isUnset, sortFlags, stableStringify } from '../model/canonical.js'
import {
  OBJECT_KINDS,
  type Change,
  type ObjectKind,
  type ObjectRef,
  type Severity
} from '../model/finding.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { keysAt, stringsAt, touches, valueAt } from '../model/json-path.js'
import { listOf } from '../model/wording.js'
import { KEYED_KINDS } from '../diff/objects.js'
import { compareBreadth, reachOf, resolveReach, type ResolvedReach } from '../access/reach.js'
import {
  EFFECTIVE_SETTINGS,
  INBOUND_B2B_SETTINGS,
  M365_SETTINGS,
  OUTBOUND_B2B_SETTINGS,
  SETTING_LABELS,
  SETTING_TARGET_CONFIGURATIONS
} from '../access/settings.js'
import { trustClaim } from '../access/trust.js'
import { sectionOfKind } from '../../sections/index.js'
import {
  activated,
  deactivated,
  mappingDifferences,
  scheduleState,
  scopeWidenings,
  touchesMappings,
  userTypeChanges
} from './sync-job-posture.js'

/** What a rule sees of one change. */
export interface RuleContext {
  object: ObjectRef
  /** What happened to the whole object. */
  changeKind: 'added' | 'removed' | 'modified'
  /** The change being classified (path relative to the object). */
  change: Change
  /** The whole canonical baseline object; undefined when the object was added. */
  before: JsonObject | undefined
  /** The whole canonical live object; undefined when the object was removed. */
  after: JsonObject | undefined
}

/** What a rule sees when it writes a finding's summary: every change of the object it claimed. */
export interface SummaryContext extends RuleContext {
  changes: readonly Change[]
}

/**
 * One line of the risk table. For each object, every change goes to the first rule (in table
 * order) whose kinds include the object's kind and whose `when` holds; the changes of one object
 * that land on one rule make one finding.
 */
export interface Rule {
  /** Public contract: appears in reports, ignores and issue labels. Never rename one. */
  readonly id: string
  readonly severity: Severity
  readonly kinds: readonly ObjectKind[]
  when(context: RuleContext): boolean
  summary(context: SummaryContext): string
  /** One line: why it matters. */
  readonly why: string
}

const always = (): boolean => true

/*
 * The table. Order matters: specific rules before the fallback that closes each kind, and the
 * rules that widen access or trust before the ones that narrow it.
 *
 * Severity `critical` is reserved for changes that widen who gets in or whose assurance we trust.
 *
 * Added objects: their changes are their top-level properties (before = null), and they go
 * through the same rules as any change. An added partner is then one `partner-added` finding (see
 * ADDED_OBJECT_RULES) as severe as the worst rule its settings trip: one that trusts MFA is
 * critical, one that allows inbound collaboration high; report building restates it from the
 * partner's effective access (what it opens, what it only pins). Removed objects are one finding each
 * (`partner-removed`, `ca-guest-policy-deleted`, `identity-sync-removed`, ...): what the removal
 * means is the object, not each of its fields.
 */
export const RULES: readonly Rule[] = [
  // ── Cross-tenant access policy (root) ────────────────────────────────────────────────────────
  {
    id: 'allowed-cloud-endpoints-added',
    severity: 'high',
    kinds: ['crossTenantAccessPolicy'],
    when: (c) => touches(c.change.path, 'allowedCloudEndpoints') && cloudEndpoints(c).added.length > 0,
    summary: (c) => `Cross-cloud collaboration enabled with ${listOf(cloudEndpoints(c).added)}`,
    why: 'Users of organisations in another Microsoft cloud can now be let in; the cross-cloud partners must be known and configured.'
  },
  {
    id: 'allowed-cloud-endpoints-removed',
    severity: 'low',
    kinds: ['crossTenantAccessPolicy'],
    when: (c) => touches(c.change.path, 'allowedCloudEndpoints') && cloudEndpoints(c).removed.length > 0,
    summary: (c) => `Cross-cloud collaboration disabled with ${listOf(cloudEndpoints(c).removed)}`,
    why: 'Partners in that cloud lose B2B access; check no business-critical partner depended on it.'
  },
  {
    id: 'cross-tenant-access-policy-changed',
    severity: 'low',
    kinds: ['crossTenantAccessPolicy'],
    when: always,
    summary: (c) => `Cross-tenant access policy: ${changedPaths(c)}`,
    why: 'A property of the cross-tenant access policy itself changed outside the reviewed baseline.'
  },

  // ── Default configuration and partner configurations ─────────────────────────────────────────
  {
    id: 'partner-removed',
    severity: 'medium',
    kinds: ['partner'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) =>
      `Partner ${c.object.displayName}: configuration deleted; the organisation now gets the default settings`,
    why: 'The partner falls back to the default settings: its users may lose access, or gain access the override used to block.'
  },
  {
    id: 'inbound-trust-accepted',
    severity: 'critical',
    kinds: ['default', 'partner'],
    when: (c) => trustFlags(scopeOf(c)).accepted.length > 0,
    summary: (c) =>
      `${subject(c.object)} now trusts ${listOf(trustFlags(scopeOf(c)).accepted.map(trustClaim))} from ${whose(c.object)}`,
    why: 'Accepting another tenant’s MFA or device claims imports its security posture: our Conditional Access is then satisfied by its assurance, not ours.'
  },
  {
    id: 'inbound-b2b-collaboration-opened-default',
    severity: 'critical',
    kinds: ['default'],
    when: (c) => accessMoves(scopeOf(c), 'b2bCollaborationInbound').opened.length > 0,
    summary: (c) =>
      `Default settings: inbound B2B collaboration opened (${describeMoves(c, 'b2bCollaborationInbound', 'opened')})`,
    why: 'The default applies to every external Entra organisation at once: opening it lets users of any tenant be invited in.'
  },
  {
    id: 'inbound-b2b-direct-connect-opened-default',
    severity: 'critical',
    kinds: ['default'],
    when: (c) => accessMoves(scopeOf(c), 'b2bDirectConnectInbound').opened.length > 0,
    summary: (c) =>
      `Default settings: inbound B2B direct connect opened (${describeMoves(c, 'b2bDirectConnectInbound', 'opened')})`,
    why: 'Direct connect (Teams shared channels) from every external organisation, with no guest object here to review or remove.'
  },
  {
    id: 'inbound-b2b-collaboration-opened-partner',
    severity: 'high',
    kinds: ['partner'],
    when: (c) => accessMoves(scopeOf(c), 'b2bCollaborationInbound').opened.length > 0,
    summary: (c) =>
      `Partner ${c.object.displayName}: inbound B2B collaboration opened (${describeMoves(c, 'b2bCollaborationInbound', 'opened')})`,
    why: 'More users or applications of this partner can now come in as guests than the baseline allows.'
  },
  {
    id: 'inbound-b2b-direct-connect-opened-partner',
    severity: 'high',
    kinds: ['partner'],
    when: (c) => accessMoves(scopeOf(c), 'b2bDirectConnectInbound').opened.length > 0,
    summary: (c) =>
      `Partner ${c.object.displayName}: inbound B2B direct connect opened (${describeMoves(c, 'b2bDirectConnectInbound', 'opened')})`,
    why: 'More of this partner’s users can reach shared channels here, without a guest object to review.'
  },
  {
    id: 'automatic-redemption-inbound-enabled',
    severity: 'high',
    kinds: ['default', 'partner'],
    when: (c) => turnedOn(scopeOf(c), 'automaticUserConsentSettings.inboundAllowed'),
    summary: (c) => `${subject(c.object)}: automatic redemption turned on for inbound users`,
    why: 'Guests from this organisation skip the consent prompt; without cross-tenant sync there is no lifecycle that justifies it.'
  },
  {
    id: 'inbound-access-blocked-default',
    severity: 'high',
    kinds: ['default'],
    when: (c) => inboundMoves(scopeOf(c)).narrowed.length > 0,
    summary: (c) => `Default settings: inbound access narrowed (${describeInboundNarrowing(c)})`,
    why: 'Blocking the default cuts off every external organisation that has no partner override, business-critical partners included.'
  },
  {
    id: 'inbound-access-blocked-partner',
    severity: 'medium',
    kinds: ['partner'],
    when: (c) => inboundMoves(scopeOf(c)).narrowed.length > 0,
    summary: (c) =>
      `Partner ${c.object.displayName}: inbound access narrowed (${describeInboundNarrowing(c)})`,
    why: 'Users of this partner may lose access they had; check the change was intended.'
  },
  {
    id: 'outbound-access-opened',
    severity: 'medium',
    kinds: ['default', 'partner'],
    when: (c) => outboundMoves(scopeOf(c)).opened.length > 0,
    summary: (c) =>
      `${subject(c.object)}: outbound access opened (${listOf(outboundMoves(scopeOf(c)).opened)})`,
    why: 'More of our users can join other organisations, taking our data to tenants whose controls we do not own.'
  },
  {
    id: 'automatic-redemption-outbound-enabled',
    severity: 'medium',
    kinds: ['default', 'partner'],
    when: (c) => turnedOn(scopeOf(c), 'automaticUserConsentSettings.outboundAllowed'),
    summary: (c) => `${subject(c.object)}: automatic redemption turned on for outbound users`,
    why: 'Our users join the other organisation without a consent prompt.'
  },
  {
    id: 'outbound-access-closed',
    severity: 'low',
    kinds: ['default', 'partner'],
    when: (c) => outboundMoves(scopeOf(c)).narrowed.length > 0,
    summary: (c) =>
      `${subject(c.object)}: outbound access narrowed (${listOf(outboundMoves(scopeOf(c)).narrowed)})`,
    why: 'Our users may no longer reach resources they used in other organisations.'
  },
  {
    id: 'inbound-trust-withdrawn',
    severity: 'low',
    kinds: ['default', 'partner'],
    when: (c) => trustFlags(scopeOf(c)).withdrawn.length > 0,
    summary: (c) =>
      `${subject(c.object)} no longer trusts ${listOf(trustFlags(scopeOf(c)).withdrawn.map(trustClaim))} from ${whose(c.object)}`,
    why: 'Safer, but guests may be prompted again for MFA or blocked by device requirements they cannot meet here.'
  },
  {
    id: 'automatic-redemption-disabled',
    severity: 'low',
    kinds: ['default', 'partner'],
    when: (c) =>
      turnedOff(scopeOf(c), 'automaticUserConsentSettings.inboundAllowed') ||
      turnedOff(scopeOf(c), 'automaticUserConsentSettings.outboundAllowed'),
    summary: (c) => `${subject(c.object)}: automatic redemption turned off`,
    why: 'Users see the consent prompt again; cross-tenant sync with this organisation may stop working smoothly.'
  },

  // Microsoft 365 collaboration and app service connect (Graph v1.0, global service only): the
  // trust Microsoft 365 cross-tenant capabilities build on, and which applications connect in.
  {
    id: 'm365-collaboration-inbound-opened',
    severity: 'high',
    kinds: ['default', 'partner'],
    when: (c) => accessMoves(scopeOf(c), 'm365CollaborationInbound').opened.length > 0,
    summary: (c) =>
      `${subject(c.object)}: inbound Microsoft 365 collaboration opened (${describeMoves(c, 'm365CollaborationInbound', 'opened')})`,
    why: 'More external users can now collaborate with us through Microsoft 365 apps: the trust that cross-tenant capabilities such as free/busy and calendar sharing build on.'
  },
  {
    id: 'app-service-connect-inbound-opened',
    severity: 'high',
    kinds: ['default', 'partner'],
    when: (c) => accessMoves(scopeOf(c), 'appServiceConnectInbound').opened.length > 0,
    summary: (c) =>
      `${subject(c.object)}: inbound app service connect opened (${describeMoves(c, 'appServiceConnectInbound', 'opened')})`,
    why: 'More applications of other organisations can now connect across the tenant boundary into ours.'
  },
  {
    id: 'm365-collaboration-outbound-opened',
    severity: 'medium',
    kinds: ['default', 'partner'],
    when: (c) => accessMoves(scopeOf(c), 'm365CollaborationOutbound').opened.length > 0,
    summary: (c) =>
      `${subject(c.object)}: outbound Microsoft 365 collaboration opened (${describeMoves(c, 'm365CollaborationOutbound', 'opened')})`,
    why: 'More of our users can collaborate with other organisations through Microsoft 365 apps, sharing what those apps expose.'
  },
  {
    id: 'm365-collaboration-narrowed',
    severity: 'low',
    kinds: ['default', 'partner'],
    when: (c) => m365Moves(scopeOf(c)).narrowed.length > 0,
    summary: (c) =>
      `${subject(c.object)}: Microsoft 365 collaboration narrowed (${listOf(m365Moves(scopeOf(c)).narrowed)})`,
    why: 'Users or applications may lose Microsoft 365 collaboration they relied on; check the change was intended.'
  },
  {
    id: 'm365-collaboration-changed',
    severity: 'medium',
    kinds: ['default', 'partner'],
    when: (c) => M365_SETTINGS.some((setting) => touches(c.change.path, setting)),
    summary: (c) => `${subject(c.object)}: Microsoft 365 collaboration settings ${changedPaths(c)}`,
    why: 'A Microsoft 365 collaboration or app service connect setting changed outside the reviewed baseline, neither clearly wider nor narrower.'
  },
  // ── Service providers, tenant restrictions, invitation redemption ─────────────────────────────
  // Settings of the default and partner configurations that are neither B2B access nor inbound
  // trust, each with its own risk. Property names and shapes: the v1.0 resource pages
  // crossTenantAccessPolicyConfigurationPartner (isServiceProvider: "whether the partner-specific
  // configuration is a Cloud Service Provider for your organization"),
  // crossTenantAccessPolicyTenantRestrictions (usersAndGroups and applications, target
  // configurations of the external organisation; devices "isn't supported on the server side yet";
  // on a partner, "for your organization users accessing a partner organization using partner
  // supplied identities on your network or devices")
  // and defaultInvitationRedemptionIdentityProviderConfiguration
  // (primaryIdentityProviderPrecedenceOrder, fallbackIdentityProvider).
  {
    id: 'service-provider-designated',
    severity: 'high',
    kinds: ['partner'],
    when: (c) => turnedOn(scopeOf(c), 'isServiceProvider'),
    summary: (c) =>
      `Partner ${c.object.displayName} is now marked as a Cloud Service Provider (CSP) for our organisation`,
    why: 'A service provider is the kind of partner that administers our tenant on our behalf (CSP, delegated admin); confirm a real, contracted relationship with this organisation exists.'
  },
  {
    id: 'service-provider-unmarked',
    severity: 'low',
    kinds: ['partner'],
    when: (c) => turnedOff(scopeOf(c), 'isServiceProvider'),
    summary: (c) => `Partner ${c.object.displayName} is no longer marked as a Cloud Service Provider (CSP)`,
    why: 'Check the service provider relationship really ended: the provider may lose the access it uses to support us.'
  },
  {
    id: 'tenant-restrictions-loosened-default',
    severity: 'high',
    kinds: ['default'],
    when: (c) => tenantRestrictionMoves(c, scopeOf(c)).loosened.length > 0,
    summary: (c) =>
      `Default settings: tenant restrictions loosened, our users may use more external accounts or apps from our devices (${describeTenantRestrictions(c, 'loosened')})`,
    why: 'Tenant restrictions decide which external organisations our users can sign in to from our devices and network; loosening the default opens that to every external organisation, a way for data to leave on an identity we do not control.'
  },
  {
    id: 'tenant-restrictions-loosened-partner',
    severity: 'medium',
    kinds: ['partner'],
    when: (c) => tenantRestrictionMoves(c, scopeOf(c)).loosened.length > 0,
    summary: (c) =>
      `Partner ${c.object.displayName}: tenant restrictions loosened, our users may use more of this organisation's accounts or apps from our devices (${describeTenantRestrictions(c, 'loosened')})`,
    why: 'Our users can now sign in to this organisation’s accounts or applications from our devices and network, and take data there.'
  },
  {
    id: 'tenant-restrictions-tightened',
    severity: 'low',
    kinds: ['default', 'partner'],
    when: (c) => tenantRestrictionMoves(c, scopeOf(c)).tightened.length > 0,
    summary: (c) =>
      `${subject(c.object)}: tenant restrictions tightened (${describeTenantRestrictions(c, 'tightened')})`,
    why: 'Safer, but our users may be blocked from external accounts or applications they used from our devices.'
  },
  {
    id: 'invitation-redemption-changed',
    severity: 'medium',
    kinds: ['default'],
    when: (c) => touches(c.change.path, REDEMPTION),
    summary: (c) => `Default settings: guest invitation redemption changed (${describeRedemption(c)})`,
    why: 'This decides which identity a guest proves when redeeming an invitation: a provider moved ahead of Microsoft Entra ID, or a Microsoft account or one-time passcode fallback, lets invitees redeem with a weaker or personal identity than the baseline expects.'
  },

  {
    id: 'partner-added',
    severity: 'high',
    kinds: ['partner'],
    when: (c) => c.changeKind === 'added',
    summary: (c) => `Partner ${c.object.displayName}: new partner configuration (${newPartnerSettings(c)})`,
    why: 'A partner configuration overrides the default for one organisation; it was not reviewed in the baseline.'
  },
  {
    id: 'default-setting-changed',
    severity: 'medium',
    kinds: ['default'],
    when: always,
    summary: (c) => `Default settings: ${changedPaths(c)}`,
    why: 'The default applies to every external organisation; any out-of-band change to it needs review.'
  },
  {
    id: 'partner-setting-changed',
    severity: 'medium',
    kinds: ['partner'],
    when: always,
    summary: (c) => `Partner ${c.object.displayName}: ${changedPaths(c)}`,
    why: 'A partner override changed outside the reviewed baseline.'
  },

  // ── Cross-tenant synchronization ──────────────────────────────────────────────────────────────
  {
    id: 'identity-sync-removed',
    severity: 'medium',
    kinds: ['identitySynchronization'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) => `Cross-tenant sync policy for ${c.object.displayName} deleted`,
    why: 'Without sync, leavers at the partner are no longer removed here: guests start to accumulate.'
  },
  {
    id: 'identity-sync-enabled',
    severity: 'high',
    kinds: ['identitySynchronization'],
    // An added policy that allows sync is one fact: every change of it lands here.
    when: (c) =>
      turnedOn(scopeOf(c), 'userSyncInbound.isSyncAllowed') ||
      (c.changeKind === 'added' && valueAt(c.after, 'userSyncInbound.isSyncAllowed') === true),
    summary: (c) => `Cross-tenant sync from ${c.object.displayName} allowed`,
    why: 'The partner can now create, update and remove users in our tenant automatically.'
  },
  {
    id: 'identity-sync-disabled',
    severity: 'medium',
    kinds: ['identitySynchronization'],
    when: (c) => turnedOff(scopeOf(c), 'userSyncInbound.isSyncAllowed'),
    summary: (c) => `Cross-tenant sync from ${c.object.displayName} no longer allowed`,
    why: 'Without sync, leavers at the partner are no longer removed here: guests start to accumulate.'
  },
  {
    id: 'identity-sync-changed',
    severity: 'low',
    kinds: ['identitySynchronization'],
    when: always,
    summary: (c) => `Cross-tenant sync policy for ${c.object.displayName}: ${changedPaths(c)}`,
    why: 'A cross-tenant sync policy changed outside the reviewed baseline.'
  },

  // ── Conditional Access ────────────────────────────────────────────────────────────────────────
  {
    id: 'ca-guest-policy-deleted',
    severity: 'high',
    kinds: ['conditionalAccessPolicy'],
    when: (c) => c.changeKind === 'removed' && coversGuests(c.before),
    summary: (c) => `Conditional Access policy ${c.object.displayName}, which covers guests, was deleted`,
    why: 'A control on guests and external users silently disappeared.'
  },
  {
    id: 'ca-guest-policy-disabled',
    severity: 'high',
    kinds: ['conditionalAccessPolicy'],
    when: (c) => stateMove(c) === 'disabled',
    summary: (c) => `Conditional Access policy ${c.object.displayName}, which covers guests, was disabled`,
    why: 'A control on guests and external users is no longer enforced.'
  },
  {
    id: 'ca-guest-policy-report-only',
    severity: 'high',
    kinds: ['conditionalAccessPolicy'],
    when: (c) => stateMove(c) === 'reportOnly',
    summary: (c) =>
      `Conditional Access policy ${c.object.displayName}, which covers guests, was put in report-only mode`,
    why: 'Report-only evaluates but does not enforce: the control on guests and external users is off.'
  },
  {
    id: 'ca-guest-scope-narrowed',
    severity: 'high',
    kinds: ['conditionalAccessPolicy'],
    when: (c) => c.changeKind === 'modified' && guestScopeNarrowing(scopeOf(c)).length > 0,
    summary: (c) =>
      `Conditional Access policy ${c.object.displayName} covers fewer guests or external users (${listOf(guestScopeNarrowing(scopeOf(c)))})`,
    why: 'Excluding guests from a guest policy silently removes the control for them.'
  },
  {
    id: 'ca-policy-deleted',
    severity: 'medium',
    kinds: ['conditionalAccessPolicy'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) => `Conditional Access policy ${c.object.displayName} was deleted`,
    why: 'A Conditional Access control disappeared outside the reviewed baseline.'
  },
  {
    id: 'ca-policy-added',
    severity: 'low',
    kinds: ['conditionalAccessPolicy'],
    when: (c) => c.changeKind === 'added',
    summary: (c) =>
      `Conditional Access policy ${c.object.displayName} was added (state ${String(c.after?.state ?? 'unknown')})`,
    why: 'A new policy can only add controls, but one that guests cannot satisfy here locks them out.'
  },
  {
    id: 'ca-policy-changed',
    severity: 'medium',
    kinds: ['conditionalAccessPolicy'],
    when: always,
    summary: (c) => `Conditional Access policy ${c.object.displayName}: ${changedPaths(c)}`,
    why: 'A Conditional Access policy changed outside the reviewed baseline.'
  },

  // ── Named locations ───────────────────────────────────────────────────────────────────────────
  {
    id: 'named-location-trusted',
    severity: 'medium',
    kinds: ['namedLocation'],
    when: (c) => turnedOn(scopeOf(c), 'isTrusted'),
    summary: (c) => `Named location ${c.object.displayName} is now trusted`,
    why: 'Policies that exempt trusted locations now exempt sign-ins from these addresses too.'
  },
  {
    id: 'trusted-location-ranges-changed',
    severity: 'medium',
    kinds: ['namedLocation'],
    when: (c) =>
      (c.before?.isTrusted === true || c.after?.isTrusted === true) &&
      (touches(c.change.path, 'ipRanges') || touches(c.change.path, 'countriesAndRegions')),
    summary: (c) => `Trusted named location ${c.object.displayName}: addresses or countries changed`,
    why: 'What counts as a trusted network changed, and with it who skips the controls that exempt trusted locations.'
  },
  {
    id: 'named-location-changed',
    severity: 'low',
    kinds: ['namedLocation'],
    when: always,
    summary: (c) =>
      `Named location ${c.object.displayName}: ${c.changeKind === 'modified' ? changedPaths(c) : c.changeKind}`,
    why: 'A named location used by Conditional Access changed outside the reviewed baseline.'
  },

  // ── Guest invitation settings (authorization policy) ──────────────────────────────────────────
  {
    id: 'guest-invitation-settings-loosened',
    severity: 'high',
    kinds: ['authorizationPolicy'],
    when: (c) => guestSettingMoves(scopeOf(c)).loosened.length > 0,
    summary: (c) => `Guest settings loosened: ${listOf(guestSettingMoves(scopeOf(c)).loosened)}`,
    why: 'More people can bring guests in, or guests get more access to the directory, than the baseline allows.'
  },
  {
    id: 'guest-invitation-settings-tightened',
    severity: 'low',
    kinds: ['authorizationPolicy'],
    when: (c) => guestSettingMoves(scopeOf(c)).tightened.length > 0,
    summary: (c) => `Guest settings tightened: ${listOf(guestSettingMoves(scopeOf(c)).tightened)}`,
    why: 'Safer, but people who invited guests before may no longer be able to.'
  },
  {
    id: 'authorization-policy-changed',
    severity: 'low',
    kinds: ['authorizationPolicy'],
    when: always,
    summary: (c) => `Authorization policy: ${changedPaths(c)}`,
    why: 'A tenant-wide authorization setting changed outside the reviewed baseline.'
  },

  // ── SharePoint and OneDrive ───────────────────────────────────────────────────────────────────
  {
    id: 'sharepoint-sharing-loosened',
    severity: 'high',
    kinds: ['sharepointSettings'],
    when: (c) => touches(c.change.path, 'sharingCapability') && sharingLoosened(c),
    summary: (c) =>
      `SharePoint external sharing loosened: ${String(c.before?.sharingCapability ?? 'unset')} → ${String(c.after?.sharingCapability ?? 'unset')}`,
    why: 'Files can now be shared with more external people, possibly outside Entra B2B controls.'
  },
  {
    id: 'sharepoint-domain-restriction-relaxed',
    severity: 'high',
    kinds: ['sharepointSettings'],
    when: (c) => domainRestrictionRelaxations(scopeOf(c)).length > 0,
    summary: (c) =>
      `SharePoint sharing domain restriction relaxed: ${listOf(domainRestrictionRelaxations(scopeOf(c)))}`,
    why: 'Files can now be shared with domains the baseline kept out.'
  },
  // ── SharePoint and OneDrive: guests' resharing and invitation matching ────────────────────────
  // sharepointSettings v1.0: isResharingByExternalUsersEnabled ("whether guests are allowed to
  // reshare files, folders, and sites they don't own"), isRequireAcceptingUserToMatchInvitedUserEnabled
  // ("whether guests must sign in using the same account to which sharing invitations are sent").
  {
    id: 'sharepoint-external-resharing-enabled',
    severity: 'medium',
    kinds: ['sharepointSettings'],
    when: (c) => turnedOn(scopeOf(c), 'isResharingByExternalUsersEnabled'),
    summary: () => 'SharePoint and OneDrive: guests may now reshare files, folders and sites they do not own',
    why: 'Guests can pass our content on to people nobody here invited, as far as the sharing level allows.'
  },
  {
    id: 'sharepoint-invitee-match-disabled',
    severity: 'medium',
    kinds: ['sharepointSettings'],
    when: (c) => turnedOff(scopeOf(c), 'isRequireAcceptingUserToMatchInvitedUserEnabled'),
    summary: () =>
      'SharePoint and OneDrive: a sharing invitation no longer has to be accepted by the invited account',
    why: 'A forwarded invitation can now be redeemed by whoever holds it, with any account: access goes to people who were never invited.'
  },
  {
    id: 'sharepoint-guest-controls-tightened',
    severity: 'low',
    kinds: ['sharepointSettings'],
    when: (c) =>
      turnedOff(scopeOf(c), 'isResharingByExternalUsersEnabled') ||
      turnedOn(scopeOf(c), 'isRequireAcceptingUserToMatchInvitedUserEnabled'),
    summary: (c) => `SharePoint and OneDrive guest controls tightened (${listOf(sharepointTightenings(c))})`,
    why: 'Safer, but guests who reshared content, or accepted invitations with another account, may lose access.'
  },
  {
    id: 'sharepoint-setting-changed',
    severity: 'low',
    kinds: ['sharepointSettings'],
    when: always,
    summary: (c) => `SharePoint settings: ${changedPaths(c)}`,
    why: 'A SharePoint or OneDrive tenant setting changed outside the reviewed baseline.'
  },

  // ── Multitenant organization ──────────────────────────────────────────────────────────────────
  {
    id: 'multitenant-organization-changed',
    severity: 'medium',
    kinds: ['multiTenantOrganization'],
    when: always,
    summary: (c) => `Multitenant organization: ${changedPaths(c)}`,
    why: 'Membership of a multitenant organization changes how partner settings and sync are applied.'
  },

  // ── Authentication strengths ──────────────────────────────────────────────────────────────────
  {
    id: 'authentication-strength-loosened',
    severity: 'high',
    kinds: ['authenticationStrengthPolicy'],
    when: (c) => c.changeKind === 'modified' && combinationsAdded(scopeOf(c)).length > 0,
    summary: (c) =>
      `Authentication strength ${c.object.displayName} now also accepts ${listOf(combinationsAdded(scopeOf(c)))}`,
    why: 'Every Conditional Access policy that requires this strength, guest policies included, is now satisfied by weaker or other methods.'
  },
  {
    id: 'authentication-strength-changed',
    severity: 'low',
    kinds: ['authenticationStrengthPolicy'],
    when: always,
    summary: (c) =>
      `Authentication strength ${c.object.displayName}: ${c.changeKind === 'modified' ? changedPaths(c) : c.changeKind}`,
    why: 'An authentication strength that Conditional Access policies may require changed outside the reviewed baseline.'
  },

  // ── Multitenant organization tenants and join request ────────────────────────────────────────
  {
    id: 'multitenant-organization-tenant-added',
    severity: 'high',
    kinds: ['multiTenantOrganizationTenant'],
    when: (c) => c.changeKind === 'added',
    summary: (c) =>
      `Multitenant organization tenant ${c.object.displayName} added (${String(c.after?.role ?? 'member')}, ${String(c.after?.state ?? 'pending')})`,
    why: 'A tenant in the organization gets its partner configuration and synchronization template: its users can be synchronized in and collaborate as members.'
  },
  {
    id: 'multitenant-organization-tenant-removed',
    severity: 'medium',
    kinds: ['multiTenantOrganizationTenant'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) => `Multitenant organization tenant ${c.object.displayName} removed`,
    why: 'Collaboration and synchronization with that tenant stop being managed by the organization; its partner configuration and synced users may remain.'
  },
  {
    id: 'multitenant-organization-tenant-changed',
    severity: 'medium',
    kinds: ['multiTenantOrganizationTenant'],
    when: always,
    summary: (c) => `Multitenant organization tenant ${c.object.displayName}: ${changedPaths(c)}`,
    why: 'A tenant’s role or state in the multitenant organization changed outside the reviewed baseline.'
  },
  {
    id: 'multitenant-organization-join-requested',
    severity: 'high',
    kinds: ['multiTenantOrganizationJoinRequest'],
    when: (c) => joinRequestedOf(c) !== undefined,
    summary: (c) =>
      `This tenant asked to join the multitenant organization of tenant ${String(joinRequestedOf(c))}`,
    why: 'Joining another tenant’s multitenant organization brings its partner settings and synchronization to this tenant.'
  },
  {
    id: 'multitenant-organization-join-request-changed',
    severity: 'medium',
    kinds: ['multiTenantOrganizationJoinRequest'],
    when: always,
    summary: (c) => `Multitenant organization join request: ${changedPaths(c)}`,
    why: 'This tenant’s membership of another tenant’s multitenant organization changed outside the reviewed baseline.'
  },

  // ── External identity providers and email one-time passcode ──────────────────────────────────
  {
    id: 'identity-provider-added',
    severity: 'medium',
    kinds: ['identityProvider'],
    when: (c) => c.changeKind === 'added',
    summary: (c) =>
      `Identity provider ${c.object.displayName} added${typeof c.after?.identityProviderType === 'string' ? ` (${c.after.identityProviderType})` : ''}`,
    why: 'Invited guests can now redeem and sign in with accounts of this provider, whose assurance we do not control.'
  },
  {
    id: 'identity-provider-removed',
    severity: 'medium',
    kinds: ['identityProvider'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) => `Identity provider ${c.object.displayName} removed`,
    why: 'Guests who redeemed with this provider can no longer sign in with it.'
  },
  {
    id: 'identity-provider-changed',
    severity: 'low',
    kinds: ['identityProvider'],
    when: always,
    summary: (c) => `Identity provider ${c.object.displayName}: ${changedPaths(c)}`,
    why: 'An identity provider guests sign in with changed outside the reviewed baseline.'
  },
  {
    id: 'email-otp-enabled-for-guests',
    severity: 'medium',
    kinds: ['emailAuthenticationMethod'],
    when: (c) => emailOtpForGuests(c.before) === false && emailOtpForGuests(c.after) === true,
    summary: (c) =>
      `Email one-time passcode for guests turned on (allowExternalIdToUseEmailOtp ${String(c.before?.allowExternalIdToUseEmailOtp ?? 'unset')} → ${String(c.after?.allowExternalIdToUseEmailOtp ?? 'unset')})`,
    why: 'Invited guests without an Entra or Microsoft account can now redeem and sign in with a code sent to any mailbox.'
  },
  {
    id: 'email-otp-disabled-for-guests',
    severity: 'medium',
    kinds: ['emailAuthenticationMethod'],
    when: (c) => emailOtpForGuests(c.before) === true && emailOtpForGuests(c.after) === false,
    summary: (c) =>
      `Email one-time passcode for guests turned off (allowExternalIdToUseEmailOtp ${String(c.before?.allowExternalIdToUseEmailOtp ?? 'unset')} → ${String(c.after?.allowExternalIdToUseEmailOtp ?? 'unset')})`,
    why: 'Guests who sign in with a code sent by email lose access, and new invitations to such guests can no longer be redeemed.'
  },
  {
    id: 'email-otp-changed',
    severity: 'low',
    kinds: ['emailAuthenticationMethod'],
    when: always,
    summary: (c) => `Email one-time passcode: ${changedPaths(c)}`,
    why: 'The email one-time passcode method changed outside the reviewed baseline.'
  },

  // ── Microsoft 365 group guest settings (Group.Unified) ────────────────────────────────────────
  {
    id: 'group-guest-settings-loosened',
    severity: 'high',
    kinds: ['groupSetting'],
    when: (c) => groupGuestMoves(c).loosened.length > 0,
    summary: (c) => `Microsoft 365 group guest settings loosened: ${listOf(groupGuestMoves(c).loosened)}`,
    why: 'Group owners can bring guests into Microsoft 365 groups (and Teams), or guests get more of them, without the tenant-wide review the baseline records.'
  },
  {
    id: 'group-guest-settings-tightened',
    severity: 'low',
    kinds: ['groupSetting'],
    when: (c) => groupGuestMoves(c).tightened.length > 0,
    summary: (c) => `Microsoft 365 group guest settings tightened: ${listOf(groupGuestMoves(c).tightened)}`,
    why: 'Safer, but group owners who add guests, or guests who use group content, may be cut off.'
  },
  {
    id: 'group-setting-changed',
    severity: 'low',
    kinds: ['groupSetting'],
    when: always,
    summary: (c) =>
      `Group setting ${c.object.displayName}: ${c.changeKind === 'modified' ? changedPaths(c) : c.changeKind}`,
    why: 'A tenant-wide directory setting changed outside the reviewed baseline.'
  },

  // ── Entitlement management: connected organizations (h12) ────────────────────────────────────
  {
    id: 'connected-organization-added',
    severity: 'medium',
    kinds: ['connectedOrganization'],
    when: (c) => c.changeKind === 'added' && c.after?.state === 'configured',
    summary: (c) =>
      `Connected organization ${c.object.displayName} added (configured${identitySourcesOf(c.after)})`,
    why: 'Its users can request every access package whose policy admits all configured connected organizations, and are invited as guests when approved.'
  },
  {
    id: 'connected-organization-configured',
    severity: 'medium',
    kinds: ['connectedOrganization'],
    when: (c) =>
      c.changeKind === 'modified' && c.before?.state === 'proposed' && c.after?.state === 'configured',
    summary: (c) => `Connected organization ${c.object.displayName} changed from proposed to configured`,
    why: 'Its users can now also request the access packages whose policy admits all configured connected organizations, not only those naming it.'
  },
  {
    id: 'connected-organization-removed',
    severity: 'low',
    kinds: ['connectedOrganization'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) => `Connected organization ${c.object.displayName} removed`,
    why: 'Its users can no longer request access packages; guests who came through it keep their accounts and assignments.'
  },
  {
    id: 'connected-organization-changed',
    severity: 'low',
    kinds: ['connectedOrganization'],
    when: always,
    summary: (c) =>
      `Connected organization ${c.object.displayName}: ${c.changeKind === 'modified' ? changedPaths(c) : `${c.changeKind} (${String(c.after?.state ?? c.before?.state ?? 'state unknown')})`}`,
    why: 'An organization whose users may request access packages changed outside the reviewed baseline.'
  },

  // ── Entitlement management: external user lifecycle (h12) ──────────────────────────────────────
  {
    id: 'external-user-lifecycle-disabled',
    severity: 'high',
    kinds: ['entitlementManagementSettings'],
    when: (c) => lifecycleActs(c.before) && c.after?.externalUserLifecycleAction === 'none',
    summary: (c) =>
      `External user lifecycle turned off (externalUserLifecycleAction ${String(c.before?.externalUserLifecycleAction)} → none)`,
    why: 'External users who lose their last access package assignment now keep their accounts, and their access to anything shared with guests, indefinitely.'
  },
  {
    id: 'external-user-lifecycle-changed',
    severity: 'low',
    kinds: ['entitlementManagementSettings'],
    when: always,
    summary: (c) => `External user lifecycle: ${changedPaths(c)}`,
    why: 'What happens to external users after their last access package assignment changed outside the reviewed baseline.'
  },

  // ── Entitlement management: assignment policies open to external users (h12) ─────────────────
  {
    id: 'assignment-policy-opened-to-all-external-users',
    severity: 'high',
    kinds: ['externalAssignmentPolicy'],
    when: (c) =>
      c.after?.allowedTargetScope === 'allExternalUsers' &&
      c.before?.allowedTargetScope !== 'allExternalUsers',
    summary: (c) =>
      `External assignment policy ${c.object.displayName} now lets any external user request access (allowedTargetScope ${String(c.before?.allowedTargetScope ?? 'not external')} → allExternalUsers)`,
    why: 'Anyone from any organisation, connected or not, can request the access package and is invited as a guest once the request is granted.'
  },
  {
    id: 'assignment-policy-approval-removed',
    severity: 'high',
    kinds: ['externalAssignmentPolicy'],
    when: (c) =>
      c.changeKind === 'modified' &&
      approvalRequiredForAdd(c.before) === true &&
      approvalRequiredForAdd(c.after) === false,
    summary: (c) =>
      `External assignment policy ${c.object.displayName} no longer requires approval (requestApprovalSettings.isApprovalRequiredForAdd true → false)`,
    why: 'External users it admits get the access package, and a guest account, as soon as they ask: no one reviews the request.'
  },
  {
    id: 'assignment-policy-external-added',
    severity: 'medium',
    kinds: ['externalAssignmentPolicy'],
    when: (c) => c.changeKind === 'added',
    summary: (c) =>
      `External assignment policy ${c.object.displayName} lets external users request access (${String(c.after?.allowedTargetScope)}${approvalRequiredForAdd(c.after) === false ? ', no approval' : ''})`,
    why: 'Users of connected organizations can request the access package through it and are invited as guests once granted.'
  },
  {
    id: 'assignment-policy-external-removed',
    severity: 'low',
    kinds: ['externalAssignmentPolicy'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) =>
      `External assignment policy ${c.object.displayName} no longer open to external users (deleted or narrowed)`,
    why: 'External users can no longer request through it; guests who already hold assignments keep them until they expire.'
  },
  {
    id: 'assignment-policy-external-changed',
    severity: 'low',
    kinds: ['externalAssignmentPolicy'],
    when: always,
    summary: (c) => `External assignment policy ${c.object.displayName}: ${changedPaths(c)}`,
    why: 'A policy external users can request through changed outside the reviewed baseline.'
  },

  // ── h11: Guest Inviter role holders ───────────────────────────────────────────────────────────
  {
    id: 'guest-inviter-assigned',
    severity: 'medium',
    kinds: ['guestInviterRoleAssignment'],
    when: (c) => c.changeKind === 'added',
    summary: (c) =>
      `Guest Inviter role assigned to principal ${String(c.after?.principalId ?? 'unknown')}${scopeNote(c.after)}`,
    why: 'One more person (or group or app) can invite guests, whatever the authorization policy lets other members do.'
  },
  {
    id: 'guest-inviter-unassigned',
    severity: 'low',
    kinds: ['guestInviterRoleAssignment'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) =>
      `Guest Inviter role removed from principal ${String(c.before?.principalId ?? 'unknown')}${scopeNote(c.before)}`,
    why: 'Fewer people can invite guests; someone who invited them on the baseline’s terms may no longer be able to.'
  },
  {
    id: 'guest-inviter-assignment-changed',
    severity: 'low',
    kinds: ['guestInviterRoleAssignment'],
    when: always,
    summary: (c) => `Guest Inviter assignment ${c.object.displayName}: ${changedPaths(c)}`,
    why: 'A Guest Inviter role assignment changed outside the reviewed baseline.'
  },

  // ── h11: Self-service sign-up and its user flows ──────────────────────────────────────────────
  {
    id: 'self-service-sign-up-enabled',
    severity: 'high',
    kinds: ['authenticationFlowsPolicy'],
    when: (c) => turnedOn(scopeOf(c), 'selfServiceSignUp.isEnabled'),
    summary: () => 'Self-service sign-up turned on (selfServiceSignUp.isEnabled → true)',
    why: 'Anyone reaching an application with a sign-up user flow can create a guest account in this tenant, without an invitation.'
  },
  {
    id: 'self-service-sign-up-disabled',
    severity: 'low',
    kinds: ['authenticationFlowsPolicy'],
    when: (c) => turnedOff(scopeOf(c), 'selfServiceSignUp.isEnabled'),
    summary: () => 'Self-service sign-up turned off (selfServiceSignUp.isEnabled → false)',
    why: 'Safer, but people can no longer sign themselves up through the user flows the baseline allowed.'
  },
  {
    id: 'self-service-sign-up-changed',
    severity: 'low',
    kinds: ['authenticationFlowsPolicy'],
    when: always,
    summary: (c) => `Self-service sign-up: ${changedPaths(c)}`,
    why: 'The authentication flows policy changed outside the reviewed baseline.'
  },
  {
    id: 'user-flow-added',
    severity: 'medium',
    kinds: ['b2xUserFlow'],
    when: (c) => c.changeKind === 'added',
    summary: (c) => `Self-service sign-up user flow ${c.object.displayName} added`,
    why: 'Another way for people to create their own guest account, through the applications the flow is attached to, once self-service sign-up is on.'
  },
  {
    id: 'user-flow-changed',
    severity: 'low',
    kinds: ['b2xUserFlow'],
    when: always,
    summary: (c) =>
      `Self-service sign-up user flow ${c.object.displayName}: ${c.changeKind === 'modified' ? changedPaths(c) : c.changeKind}`,
    why: 'A self-service sign-up user flow changed outside the reviewed baseline.'
  },

  // ── h11: Access reviews of guests ─────────────────────────────────────────────────────────────
  {
    id: 'guest-access-review-removed',
    severity: 'medium',
    kinds: ['guestAccessReview'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) => `Guest access review ${c.object.displayName} removed, or no longer reviews guests`,
    why: 'Guests this review would have confirmed or removed keep their access unchecked.'
  },
  {
    id: 'guest-access-review-weakened',
    severity: 'medium',
    kinds: ['guestAccessReview'],
    when: (c) => reviewWeakenings(scopeOf(c)).length > 0,
    summary: (c) => `Guest access review ${c.object.displayName}: ${listOf(reviewWeakenings(scopeOf(c)))}`,
    why: 'Guests are reviewed less often, or denied guests keep their access until someone applies the decisions by hand.'
  },
  {
    id: 'guest-access-review-added',
    severity: 'low',
    kinds: ['guestAccessReview'],
    when: (c) => c.changeKind === 'added',
    summary: (c) => `Guest access review ${c.object.displayName} added`,
    why: 'A new review of guests: safer, but the baseline does not record it yet.'
  },
  {
    id: 'guest-access-review-changed',
    severity: 'low',
    kinds: ['guestAccessReview'],
    when: always,
    summary: (c) => `Guest access review ${c.object.displayName}: ${changedPaths(c)}`,
    why: 'A review of guests changed outside the reviewed baseline.'
  },

  // ── h15: SAML/WS-Fed direct federation with partner identity providers ──────────────────────
  {
    id: 'external-domain-federation-added',
    severity: 'medium',
    kinds: ['externalDomainFederation'],
    when: (c) => c.changeKind === 'added',
    summary: (c) => `SAML/WS-Fed federation ${c.object.displayName} added${federatedDomainsOf(c.after)}`,
    why: "Guests from the federated domains now sign in through this partner's identity provider, whose assurance we do not control."
  },
  {
    id: 'external-domain-federation-removed',
    severity: 'low',
    kinds: ['externalDomainFederation'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) => `SAML/WS-Fed federation ${c.object.displayName} removed`,
    why: "Guests from the partner's domains can no longer sign in through its identity provider."
  },
  {
    id: 'external-domain-federation-trust-changed',
    severity: 'high',
    kinds: ['externalDomainFederation'],
    when: (c) => FEDERATION_TRUST.some((path) => touchesAny(scopeOf(c), path)),
    summary: (c) =>
      `SAML/WS-Fed federation ${c.object.displayName}: changed ${listOf(FEDERATION_TRUST.filter((path) => touchesAny(scopeOf(c), path)))}`,
    why: 'The issuer, sign-in URI or signing certificate decides who can vouch for guests from the partner domains: a changed one lets another identity provider sign them in.'
  },
  {
    id: 'external-domain-federation-changed',
    severity: 'low',
    kinds: ['externalDomainFederation'],
    when: always,
    summary: (c) => `SAML/WS-Fed federation ${c.object.displayName}: ${changedPaths(c)}`,
    why: 'A federation with a partner identity provider changed outside the reviewed baseline.'
  },

  // ── h-sync: cross-tenant synchronization jobs (this tenant's users provisioned into another) ──
  {
    id: 'cross-tenant-sync-job-added-active',
    severity: 'high',
    kinds: ['crossTenantSyncJob'],
    when: (c) => c.changeKind === 'added' && scheduleState(c.after) === 'Active',
    summary: (c) => `Cross-tenant sync job ${c.object.displayName} added and running`,
    why: 'Users of this tenant are now provisioned into another tenant as B2B users, with the attributes and user type its mappings write.'
  },
  {
    id: 'cross-tenant-sync-job-added',
    severity: 'medium',
    kinds: ['crossTenantSyncJob'],
    when: (c) => c.changeKind === 'added',
    summary: (c) =>
      `Cross-tenant sync job ${c.object.displayName} added (schedule ${scheduleState(c.after) ?? 'unknown'})`,
    why: 'A job that can provision users of this tenant into another tenant exists; starting it needs no further configuration.'
  },
  {
    id: 'cross-tenant-sync-job-removed',
    severity: 'medium',
    kinds: ['crossTenantSyncJob'],
    when: (c) => c.changeKind === 'removed',
    summary: (c) => `Cross-tenant sync job ${c.object.displayName} removed`,
    why: 'Provisioning into the other tenant stopped: users it created stay there, and leavers here are no longer removed there.'
  },
  {
    id: 'cross-tenant-sync-job-activated',
    severity: 'high',
    kinds: ['crossTenantSyncJob'],
    when: (c) => touches(c.change.path, 'schedule.state') && activated(c.before, c.after),
    summary: (c) =>
      `Cross-tenant sync job ${c.object.displayName}: started (${scheduleState(c.before) ?? 'unknown'} → Active)`,
    why: 'Users in scope are now provisioned into the other tenant on every cycle.'
  },
  {
    id: 'cross-tenant-sync-user-type-changed',
    severity: 'high',
    kinds: ['crossTenantSyncJob'],
    when: (c) => userTypeChanges([c.change.path], c.before, c.after).length > 0,
    summary: (c) =>
      `Cross-tenant sync job ${c.object.displayName}: ${userTypeChanges(scopeOf(c).paths, c.before, c.after).join('; ')}`,
    why: 'Whether provisioned users arrive as members or guests decides what they may see and do in the other tenant: members get member defaults, guests the restricted guest ones.'
  },
  {
    id: 'cross-tenant-sync-scope-widened',
    severity: 'high',
    kinds: ['crossTenantSyncJob'],
    when: (c) => scopeWidenings([c.change.path], c.before, c.after).length > 0,
    summary: (c) =>
      `Cross-tenant sync job ${c.object.displayName}: scope widened (${scopeWidenings(scopeOf(c).paths, c.before, c.after).join('; ')})`,
    why: 'More users (or objects) of this tenant are provisioned into the other tenant than the reviewed baseline allows.'
  },
  {
    id: 'cross-tenant-sync-job-stopped',
    severity: 'low',
    kinds: ['crossTenantSyncJob'],
    when: (c) => touches(c.change.path, 'schedule.state') && deactivated(c.before, c.after),
    summary: (c) =>
      `Cross-tenant sync job ${c.object.displayName}: stopped (Active → ${scheduleState(c.after) ?? 'unknown'})`,
    why: 'Provisioning paused: changes and leavers here no longer reach the other tenant until it is started again.'
  },
  {
    id: 'cross-tenant-sync-job-changed',
    severity: 'low',
    kinds: ['crossTenantSyncJob'],
    when: always,
    summary: (c) => `Cross-tenant sync job ${c.object.displayName}: ${syncJobChanges(c)}`,
    why: 'A cross-tenant synchronization job changed outside the reviewed baseline.'
  },
  // ── h-beta: B2B invitation domain allow or block list (Graph beta, read with include-beta) ─────
  {
    id: 'invitation-allow-list-removed',
    severity: 'high',
    kinds: ['invitationDomains'],
    when: (c) => invitationMode(c.before) === 'allowList' && invitationMode(c.after) !== 'allowList',
    summary: (c) =>
      invitationMode(c.after) === 'blockList'
        ? `${subject(c.object)}: allow list replaced by a block list (${listOf(stringsAt(c.after, 'blockedDomains'))}); guests can be invited from any other domain`
        : `${subject(c.object)}: allow list removed; guests can be invited from any domain`,
    why: 'Invitations could only go to the reviewed partner domains; now users of any organisation, and personal mail domains, can be invited as guests.'
  },
  {
    id: 'invitation-blocked-domain-removed',
    severity: 'high',
    kinds: ['invitationDomains'],
    when: (c) => invitationMode(c.after) !== 'allowList' && unblockedDomains(c).length > 0,
    summary: (c) => `${subject(c.object)}: ${listOf(unblockedDomains(c))} no longer blocked`,
    why: 'Anyone with an address at a domain taken off the block list can be invited as a guest again.'
  },
  {
    id: 'invitation-allowed-domain-added',
    severity: 'medium',
    kinds: ['invitationDomains'],
    when: (c) =>
      invitationMode(c.before) === 'allowList' &&
      invitationMode(c.after) === 'allowList' &&
      newlyAllowedDomains(c).length > 0,
    summary: (c) => `${subject(c.object)}: ${listOf(newlyAllowedDomains(c))} added to the allow list`,
    why: 'Users of one more organisation can be invited as guests; the allow list is meant to be the reviewed set of partner domains.'
  },
  {
    id: 'invitation-domains-changed',
    severity: 'low',
    kinds: ['invitationDomains'],
    when: always,
    summary: (c) => `${subject(c.object)}: ${changedPaths(c)}`,
    why: 'Which domains guests may be invited from changed outside the reviewed baseline; a narrower list can stop invitations a partner relies on (guests who already redeemed keep their access).'
  }
]

// h-sync: a sync job's changes in words, its object mappings mapping by mapping.
function syncJobChanges(context: SummaryContext): string {
  if (context.changeKind !== 'modified') return context.changeKind
  const paths = context.changes.map((change) => change.path)
  const others = paths.filter((path) => !touchesMappings([path]))
  const parts = [
    ...(touchesMappings(paths) ? mappingDifferences(context.before, context.after) : []),
    ...(others.length > 0 ? [`changed ${listOf(others)}`] : [])
  ]
  return parts.length > 0 ? parts.join('; ') : changedPaths(context)
}

// h-beta: the invitation domain restriction's mode, and the domains a change opened.
function invitationMode(posture: JsonObject | undefined): JsonValue | undefined {
  return valueAt(posture, 'mode')
}

function unblockedDomains(context: RuleContext): string[] {
  const after = stringsAt(context.after, 'blockedDomains')
  return stringsAt(context.before, 'blockedDomains').filter((domain) => !after.includes(domain))
}

function newlyAllowedDomains(context: RuleContext): string[] {
  const before = stringsAt(context.before, 'allowedDomains')
  return stringsAt(context.after, 'allowedDomains').filter((domain) => !before.includes(domain))
}

// h15: the properties of a SAML/WS-Fed federation that decide who vouches for guests.
const FEDERATION_TRUST = ['issuerUri', 'passiveSignInUri', 'signingCertificate']

// h15: the partner domains a federation covers, as ' (a.example, b.example)'.
function federatedDomainsOf(federation: JsonObject | undefined): string {
  const domains = Array.isArray(federation?.domains) ? federation.domains : []
  const names = domains.flatMap((domain) =>
    isJsonObject(domain) && typeof domain.id === 'string' ? [domain.id] : []
  )
  return names.length > 0 ? ` (${names.join(', ')})` : ''
}

/**
 * Kinds whose added objects are one finding on the named rule, whatever their properties trip on
 * their own: a new partner configuration is one change with one revert (its DELETE), so a finding
 * per setting would repeat the revert and split one decision in several.
 */
export const ADDED_OBJECT_RULES: Partial<Record<ObjectKind, string>> = { partner: 'partner-added' }

// h11: where a Guest Inviter assignment applies, when not the whole tenant.
function scopeNote(assignment: JsonObject | undefined): string {
  const scope = assignment?.directoryScopeId
  return typeof scope === 'string' && scope !== '/' ? ` (scope ${scope})` : ''
}

// h11: what stopped in a guest access review: its recurrence, or the automatic applying of decisions.
function reviewWeakenings(scope: Scope): string[] {
  const weakenings: string[] = []
  const { before, after } = scope
  if (
    touchesAny(scope, 'settings.recurrence') &&
    before !== undefined &&
    after !== undefined &&
    recurs(before) &&
    !recurs(after)
  ) {
    weakenings.push('no longer recurs (settings.recurrence)')
  }
  if (after !== undefined && turnedOff(scope, 'settings.autoApplyDecisionsEnabled')) {
    weakenings.push('decisions no longer applied automatically (settings.autoApplyDecisionsEnabled → false)')
  }
  return weakenings
}

// [UNVERIFIED] how a one-time review reads: no recurrence, or one without a pattern.
function recurs(definition: JsonObject): boolean {
  return isJsonObject(valueAt(definition, 'settings.recurrence.pattern'))
}

/** What a new partner configuration sets itself ('sets inbound trust and inbound B2B collaboration'). */
function newPartnerSettings(c: SummaryContext): string {
  const set = EFFECTIVE_SETTINGS.filter((setting) => !isUnset(c.after?.[setting] ?? null))
  if (set.length === 0) return 'overrides nothing: every setting inherits the default'
  return `sets ${listOf(
    set.map((setting) => SETTING_LABELS[setting]),
    EFFECTIVE_SETTINGS.length
  )}; every other setting inherits the default`
}

/** Properties Graph returned that the baseline does not hold: listed, never counted as drift. */
export const NEW_PROPERTY_RULE: Rule = {
  id: 'graph-new-property',
  severity: 'info',
  kinds: OBJECT_KINDS,
  when: always,
  summary: (c) =>
    `${subject(c.object)}: Graph returned ${c.changes.length === 1 ? 'a new property' : 'new properties'} (${listOf(c.changes.map((change) => change.path))})`,
  why: 'Microsoft Graph added a property the baseline does not know yet. Refresh the baseline to start watching it.'
}

// ── Semantics the table relies on ─────────────────────────────────────────────────────────────

/** Which paths a predicate considers: the one change being classified, or all of a finding's changes. */
interface Scope {
  before: JsonObject | undefined
  after: JsonObject | undefined
  paths: readonly string[]
}

function scopeOf(context: RuleContext | SummaryContext): Scope {
  const paths = 'changes' in context ? context.changes.map((change) => change.path) : [context.change.path]
  return { before: context.before, after: context.after, paths }
}

function touchesAny(scope: Scope, path: string): boolean {
  return scope.paths.some((changePath) => touches(changePath, path))
}

function turnedOn(scope: Scope, path: string): boolean {
  return (
    touchesAny(scope, path) && valueAt(scope.before, path) !== true && valueAt(scope.after, path) === true
  )
}

function turnedOff(scope: Scope, path: string): boolean {
  return (
    touchesAny(scope, path) && valueAt(scope.before, path) === true && valueAt(scope.after, path) !== true
  )
}

// Inbound trust: any boolean flag under inboundTrust, so claims Graph adds later are covered too.

function trustFlags(scope: Scope): { accepted: string[]; withdrawn: string[] } {
  const flags = new Set([...keysAt(scope.before, 'inboundTrust'), ...keysAt(scope.after, 'inboundTrust')])
  const accepted: string[] = []
  const withdrawn: string[] = []
  for (const flag of [...flags].sort()) {
    if (turnedOn(scope, `inboundTrust.${flag}`)) accepted.push(flag)
    if (turnedOff(scope, `inboundTrust.${flag}`)) withdrawn.push(flag)
  }
  return { accepted, withdrawn }
}

// B2B access: a change to a target configuration ({accessType, targets}) opens or narrows by its kind of reach.

type TargetSetting = keyof typeof SETTING_TARGET_CONFIGURATIONS

/** The target configurations of one access setting whose reach widened or narrowed, as paths. */
function accessMoves(scope: Scope, setting: TargetSetting): { opened: string[]; narrowed: string[] } {
  const moves = { opened: [] as string[], narrowed: [] as string[] }
  for (const configuration of SETTING_TARGET_CONFIGURATIONS[setting]) {
    const path = `${setting}.${configuration}`
    if (!touchesAny(scope, path)) continue
    const move = compareBreadth(reachOf(valueAt(scope.before, path)), reachOf(valueAt(scope.after, path)))
    if (move === 'widened') moves.opened.push(path)
    if (move === 'narrowed') moves.narrowed.push(path)
  }
  return moves
}

function inboundMoves(scope: Scope): { opened: string[]; narrowed: string[] } {
  return combinedMoves(scope, INBOUND_B2B_SETTINGS)
}

function outboundMoves(scope: Scope): { opened: string[]; narrowed: string[] } {
  return combinedMoves(scope, OUTBOUND_B2B_SETTINGS)
}

function m365Moves(scope: Scope): { opened: string[]; narrowed: string[] } {
  return combinedMoves(scope, M365_SETTINGS)
}

function combinedMoves(
  scope: Scope,
  settings: readonly TargetSetting[]
): { opened: string[]; narrowed: string[] } {
  const moves = { opened: [] as string[], narrowed: [] as string[] }
  for (const setting of settings) {
    const { opened: wider, narrowed: narrower } = accessMoves(scope, setting)
    moves.opened.push(...wider)
    moves.narrowed.push(...narrower)
  }
  return moves
}

function describeMoves(
  context: SummaryContext,
  setting: TargetSetting,
  direction: 'opened' | 'narrowed'
): string {
  const scope = scopeOf(context)
  return listOf(
    accessMoves(scope, setting)[direction].map((path) => {
      const name = path.slice(setting.length + 1)
      return `${name}: ${describeAccess(valueAt(scope.before, path))} → ${describeAccess(valueAt(scope.after, path))}`
    })
  )
}

function describeInboundNarrowing(context: SummaryContext): string {
  const parts: string[] = []
  for (const setting of INBOUND_B2B_SETTINGS) {
    if (accessMoves(scopeOf(context), setting).narrowed.length > 0) {
      parts.push(`${setting}: ${describeMoves(context, setting, 'narrowed')}`)
    }
  }
  return parts.join('; ')
}

function describeAccess(configuration: JsonValue | undefined): string {
  if (isUnset(configuration)) return 'inherited'
  if (!isJsonObject(configuration)) return stableStringify(configuration ?? null)
  const targets = (Array.isArray(configuration.targets) ? configuration.targets : []).map((target) =>
    isJsonObject(target) ? String(target.target) : stableStringify(target)
  )
  return `${String(configuration.accessType ?? 'unset')} ${listOf(targets)}`
}

// Cross-cloud endpoints.

function cloudEndpoints(context: RuleContext): { added: string[]; removed: string[] } {
  const before = stringsAt(context.before, 'allowedCloudEndpoints')
  const after = stringsAt(context.after, 'allowedCloudEndpoints')
  return {
    added: after.filter((endpoint) => !before.includes(endpoint)),
    removed: before.filter((endpoint) => !after.includes(endpoint))
  }
}

// Conditional Access.

/** A policy covers guests when it includes all users, the guest keyword, or guest/external user types. */
export function coversGuests(policy: JsonObject | undefined): boolean {
  const includeUsers = stringsAt(policy, 'conditions.users.includeUsers')
  return (
    includeUsers.includes('All') ||
    includeUsers.includes('GuestsOrExternalUsers') ||
    !isUnset(valueAt(policy, 'conditions.users.includeGuestsOrExternalUsers'))
  )
}

/** 'disabled' / 'reportOnly' when an enforced policy covering guests stopped being enforced. */
function stateMove(context: RuleContext): 'disabled' | 'reportOnly' | undefined {
  if (context.changeKind !== 'modified' || !touches(context.change.path, 'state')) return undefined
  if (context.before?.state !== 'enabled' || !coversGuests(context.before)) return undefined
  if (context.after?.state === 'disabled') return 'disabled'
  if (context.after?.state === 'enabledForReportingButNotEnforced') return 'reportOnly'
  return undefined
}

const USERS = 'conditions.users'
const INCLUDE_GUESTS = `${USERS}.includeGuestsOrExternalUsers`
const EXCLUDE_GUESTS = `${USERS}.excludeGuestsOrExternalUsers`

/** How a policy that covered guests now covers fewer of them; empty when it does not. */
function guestScopeNarrowing(scope: Scope): string[] {
  if (!coversGuests(scope.before)) return []
  const reasons: string[] = []
  const includeBefore = stringsAt(scope.before, `${USERS}.includeUsers`)
  const includeAfter = stringsAt(scope.after, `${USERS}.includeUsers`)
  if (touchesAny(scope, `${USERS}.includeUsers`)) {
    for (const keyword of ['All', 'GuestsOrExternalUsers']) {
      if (includeBefore.includes(keyword) && !includeAfter.includes(keyword)) {
        reasons.push(`'${keyword}' removed from included users`)
      }
    }
  }
  if (touchesAny(scope, `${USERS}.excludeUsers`)) {
    const excludesGuests = (policy: JsonObject | undefined): boolean =>
      stringsAt(policy, `${USERS}.excludeUsers`).includes('GuestsOrExternalUsers')
    if (!excludesGuests(scope.before) && excludesGuests(scope.after))
      reasons.push("'GuestsOrExternalUsers' excluded")
  }
  // With all users or the guest keyword included, the guest/external selector no longer limits coverage.
  const keywordCoversGuests = includeAfter.includes('All') || includeAfter.includes('GuestsOrExternalUsers')
  if (touchesAny(scope, INCLUDE_GUESTS) && !keywordCoversGuests) {
    const lost = selectorDifference(scope.before, scope.after, INCLUDE_GUESTS)
    if (lost.whole) reasons.push('guest and external user types no longer included')
    if (lost.types.length > 0) reasons.push(`${listOf(lost.types)} no longer included`)
    if (lost.allTenantsToList) reasons.push('included tenants limited from all to a list')
    if (lost.tenants.length > 0) reasons.push(`tenants ${listOf(lost.tenants)} no longer included`)
  }
  if (touchesAny(scope, EXCLUDE_GUESTS)) {
    const gained = selectorDifference(scope.after, scope.before, EXCLUDE_GUESTS)
    if (gained.whole) reasons.push('guests or external users excluded')
    if (gained.types.length > 0) reasons.push(`${listOf(gained.types)} now excluded`)
    if (gained.allTenantsToList) reasons.push('all tenants now excluded')
    if (gained.tenants.length > 0) reasons.push(`tenants ${listOf(gained.tenants)} now excluded`)
  }
  return reasons
}

/** What the guests-or-external-users selector at `path` of `wide` selects that the one of `narrow` does not. */
interface SelectorDifference {
  /** `wide` has a selector and `narrow` none. */
  whole: boolean
  /** User types (flags) only `wide` selects. */
  types: string[]
  /** `wide` selects all tenants, `narrow` an enumerated list. */
  allTenantsToList: boolean
  /** Tenants only `wide` enumerates. */
  tenants: string[]
}

function selectorDifference(
  wide: JsonObject | undefined,
  narrow: JsonObject | undefined,
  path: string
): SelectorDifference {
  const difference: SelectorDifference = { whole: false, types: [], allTenantsToList: false, tenants: [] }
  if (isUnset(valueAt(wide, path))) return difference
  if (isUnset(valueAt(narrow, path))) return { ...difference, whole: true }
  const narrowTypes = flagsAt(narrow, `${path}.guestOrExternalUserTypes`)
  difference.types = flagsAt(wide, `${path}.guestOrExternalUserTypes`).filter(
    (type) => !narrowTypes.includes(type)
  )
  // An unset tenant selector selects every tenant.
  const wideKind = valueAt(wide, `${path}.externalTenants.membershipKind`) ?? 'all'
  const narrowKind = valueAt(narrow, `${path}.externalTenants.membershipKind`) ?? 'all'
  if (wideKind === 'all' && narrowKind === 'enumerated') difference.allTenantsToList = true
  if (wideKind === 'enumerated' && narrowKind === 'enumerated') {
    const narrowMembers = stringsAt(narrow, `${path}.externalTenants.members`)
    difference.tenants = stringsAt(wide, `${path}.externalTenants.members`).filter(
      (member) => !narrowMembers.includes(member)
    )
  }
  return difference
}

// Guest settings (authorization policy): ordered from most to least restrictive.

const INVITERS = ['none', 'adminsAndGuestInviters', 'adminsGuestInvitersAndAllMembers', 'everyone']
const GUEST_ROLES: Record<string, string> = {
  '2af84b1e-32c8-42b7-82bc-daa82404023b': 'Restricted Guest User',
  '10dae51f-b6af-4016-8d66-8c2a99b929b3': 'Guest User',
  'a0b1b346-4d3e-4e8b-98f8-753987be4970': 'User'
}
const GUEST_ROLE_ORDER = Object.keys(GUEST_ROLES)

function guestSettingMoves(scope: Scope): { loosened: string[]; tightened: string[] } {
  const moves = { loosened: [] as string[], tightened: [] as string[] }
  const ordered = (path: string, order: readonly string[], name: (value: string) => string): void => {
    if (!touchesAny(scope, path)) return
    const before = valueAt(scope.before, path)
    const after = valueAt(scope.after, path)
    if (typeof before !== 'string' || typeof after !== 'string') return
    const from = order.indexOf(before)
    const to = order.indexOf(after)
    if (from < 0 || to < 0 || from === to) return
    moves[to > from ? 'loosened' : 'tightened'].push(`${path} ${name(before)} → ${name(after)}`)
  }
  ordered('allowInvitesFrom', INVITERS, (value) => value)
  ordered('guestUserRoleId', GUEST_ROLE_ORDER, (value) => GUEST_ROLES[value] ?? value)
  if (turnedOn(scope, 'allowEmailVerifiedUsersToJoinOrganization')) {
    moves.loosened.push('email-verified users may join the organisation')
  }
  if (turnedOff(scope, 'allowEmailVerifiedUsersToJoinOrganization')) {
    moves.tightened.push('email-verified users may no longer join the organisation')
  }
  return moves
}

// SharePoint sharing: ordered from most to least restrictive.

const SHARING_CAPABILITIES = [
  'disabled',
  'existingExternalUserSharingOnly',
  'externalUserSharingOnly',
  'externalUserAndGuestSharing'
]
const DOMAIN_RESTRICTION_RANK: Record<string, number> = { none: 0, blockList: 1, allowList: 2 }

function sharingLoosened(context: RuleContext): boolean {
  const from = SHARING_CAPABILITIES.indexOf(String(context.before?.sharingCapability))
  const to = SHARING_CAPABILITIES.indexOf(String(context.after?.sharingCapability))
  return from >= 0 && to > from
}

function domainRestrictionRelaxations(scope: Scope): string[] {
  const reasons: string[] = []
  const modeBefore = String(valueAt(scope.before, 'sharingDomainRestrictionMode') ?? 'none')
  const modeAfter = String(valueAt(scope.after, 'sharingDomainRestrictionMode') ?? 'none')
  const rankBefore = DOMAIN_RESTRICTION_RANK[modeBefore]
  const rankAfter = DOMAIN_RESTRICTION_RANK[modeAfter]
  if (
    touchesAny(scope, 'sharingDomainRestrictionMode') &&
    rankBefore !== undefined &&
    rankAfter !== undefined &&
    rankAfter < rankBefore
  ) {
    reasons.push(`restriction mode ${modeBefore} → ${modeAfter}`)
  }
  if (modeAfter === 'allowList' && touchesAny(scope, 'sharingAllowedDomainList')) {
    const before = stringsAt(scope.before, 'sharingAllowedDomainList')
    const added = stringsAt(scope.after, 'sharingAllowedDomainList').filter(
      (domain) => !before.includes(domain)
    )
    if (added.length > 0) reasons.push(`allowed domains added: ${listOf(added)}`)
  }
  if (modeAfter === 'blockList' && touchesAny(scope, 'sharingBlockedDomainList')) {
    const after = stringsAt(scope.after, 'sharingBlockedDomainList')
    const removed = stringsAt(scope.before, 'sharingBlockedDomainList').filter(
      (domain) => !after.includes(domain)
    )
    if (removed.length > 0) reasons.push(`blocked domains removed: ${listOf(removed)}`)
  }
  return reasons
}

// Authentication strengths: a combination the strength newly accepts loosens it.

function combinationsAdded(scope: Scope): string[] {
  if (!touchesAny(scope, 'allowedCombinations')) return []
  const before = stringsAt(scope.before, 'allowedCombinations').map(sortFlags)
  return stringsAt(scope.after, 'allowedCombinations')
    .map(sortFlags)
    .filter((combination) => !before.includes(combination))
}

// Multitenant organization join request: an owner tenant newly named, other than the reset value.
// Every change of a request that names a new owner is that one decision (its state follows).

const NO_TENANT = '00000000-0000-0000-0000-000000000000'

function joinRequestedOf(c: RuleContext): string | undefined {
  const after = c.after?.addedByTenantId
  if (typeof after !== 'string' || after === '' || after === NO_TENANT) return undefined
  return after === c.before?.addedByTenantId ? undefined : after
}

// Email one-time passcode for guests: 'default' is enabled for tenants since October 2021
// (emailAuthenticationMethodConfiguration); undefined when the value says nothing.

function emailOtpForGuests(policy: JsonObject | undefined): boolean | undefined {
  const value = policy?.allowExternalIdToUseEmailOtp
  if (value === 'enabled' || value === 'default') return true
  if (value === 'disabled') return false
  return undefined
}

// Microsoft 365 group guest settings: the Group.Unified values, each "true" or "false"; a value
// (or the whole setting) that is absent means the template's default.

const GROUP_UNIFIED_TEMPLATE = '62375ab9-6b52-47ed-826b-58e47e0e304b'
const GROUP_GUEST_SETTINGS: readonly { name: string; byDefault: boolean; allows: string }[] = [
  { name: 'AllowToAddGuests', byDefault: true, allows: 'owners may add guests' },
  { name: 'AllowGuestsToAccessGroups', byDefault: true, allows: 'guests may access group content' },
  { name: 'AllowGuestsToBeGroupOwner', byDefault: false, allows: 'guests may own groups' }
]

function groupSettingValue(setting: JsonObject | undefined, name: string, byDefault: boolean): boolean {
  const values = Array.isArray(setting?.values) ? setting.values : []
  for (const entry of values) {
    if (
      isJsonObject(entry) &&
      typeof entry.name === 'string' &&
      entry.name.toLowerCase() === name.toLowerCase()
    ) {
      const value = String(entry.value).trim().toLowerCase()
      if (value === 'true') return true
      if (value === 'false') return false
    }
  }
  return byDefault
}

function groupGuestMoves(c: RuleContext): { loosened: string[]; tightened: string[] } {
  const moves = { loosened: [] as string[], tightened: [] as string[] }
  const template = c.before?.templateId ?? c.after?.templateId
  if (template !== GROUP_UNIFIED_TEMPLATE) return moves
  for (const { name, byDefault, allows } of GROUP_GUEST_SETTINGS) {
    const before = groupSettingValue(c.before, name, byDefault)
    const after = groupSettingValue(c.after, name, byDefault)
    if (!before && after) moves.loosened.push(`${allows} (${name} → true)`)
    if (before && !after) moves.tightened.push(`${allows} no longer (${name} → false)`)
  }
  return moves
}

// Connected organizations: who an organization admits, as its identity sources name them.

function identitySourcesOf(organization: JsonObject | undefined): string {
  const sources = Array.isArray(organization?.identitySources) ? organization.identitySources : []
  const names = sources.flatMap((source) => {
    if (!isJsonObject(source)) return []
    const name = source.domainName ?? source.tenantId ?? source.displayName
    return typeof name === 'string' && name !== '' ? [name] : []
  })
  return names.length === 0 ? '' : `: ${listOf(names)}`
}

// External user lifecycle: an action that blocks (and perhaps deletes) external users who lost
// their last assignment.

function lifecycleActs(settings: JsonObject | undefined): boolean {
  const action = settings?.externalUserLifecycleAction
  return action === 'blockSignIn' || action === 'blockSignInAndDelete'
}

// Assignment policies: whether a request needs approval; undefined when the policy does not say.

function approvalRequiredForAdd(policy: JsonObject | undefined): boolean | undefined {
  const value = valueAt(policy, 'requestApprovalSettings.isApprovalRequiredForAdd')
  return typeof value === 'boolean' ? value : undefined
}

// Wording.

/** How a summary names an object: 'The default configuration', 'Partner Fabrikam', ... */
export function subject(object: ObjectRef): string {
  const words = sectionOfKind(object.kind).words.subject
  return KEYED_KINDS.has(object.kind) ? `${words} ${object.displayName}` : words
}

function whose(object: ObjectRef): string {
  return object.kind === 'default' ? 'every external organisation' : 'this partner'
}

/** 'changed a, b and c' for a modified object; 'added' or 'removed' for a whole one. */
function changedPaths(context: SummaryContext): string {
  if (context.changeKind !== 'modified') return context.changeKind
  return `changed ${listOf(context.changes.map((change) => change.path))}`
}

function flagsAt(object: JsonObject | undefined, path: string): string[] {
  const value = valueAt(object, path)
  if (typeof value !== 'string') return []
  return sortFlags(value)
    .split(',')
    .filter((flag) => flag !== 'none')
}

// Tenant restrictions: which external organisations' users and applications our users may use from
// our devices and network. Unconfigured on the default restricts nothing (as the access model reads
// it); unset on a partner inherits the default, judged like any B2B override (compareBreadth).

const TENANT_RESTRICTIONS = 'tenantRestrictions'

function tenantRestrictionMoves(
  context: RuleContext | SummaryContext,
  scope: Scope
): { loosened: string[]; tightened: string[] } {
  const moves = { loosened: [] as string[], tightened: [] as string[] }
  const unconfigured: ResolvedReach = { kind: 'all' }
  for (const configuration of SETTING_TARGET_CONFIGURATIONS.tenantRestrictions) {
    const path = `${TENANT_RESTRICTIONS}.${configuration}`
    if (!touchesAny(scope, path)) continue
    let before = reachOf(valueAt(scope.before, path))
    let after = reachOf(valueAt(scope.after, path))
    if (context.object.kind === 'default') {
      before = resolveReach(before, unconfigured)
      after = resolveReach(after, unconfigured)
    }
    const move = compareBreadth(before, after)
    if (move === 'widened') moves.loosened.push(path)
    if (move === 'narrowed') moves.tightened.push(path)
  }
  return moves
}

function describeTenantRestrictions(context: SummaryContext, direction: 'loosened' | 'tightened'): string {
  const scope = scopeOf(context)
  const describe = (value: JsonValue | undefined): string =>
    context.object.kind === 'default' && isUnset(value) ? 'not configured' : describeAccess(value)
  return listOf(
    tenantRestrictionMoves(context, scope)[direction].map((path) => {
      const name = path.slice(TENANT_RESTRICTIONS.length + 1)
      return `${name}: ${describe(valueAt(scope.before, path))} → ${describe(valueAt(scope.after, path))}`
    })
  )
}

// Invitation redemption (the default only): the identity providers tried in order, and the fallback.

const REDEMPTION = 'invitationRedemptionIdentityProviderConfiguration'

function describeRedemption(context: SummaryContext): string {
  const parts: string[] = []
  const order = (object: JsonObject | undefined): string => {
    const providers = valueAt(object, `${REDEMPTION}.primaryIdentityProviderPrecedenceOrder`)
    if (!Array.isArray(providers)) return 'unset'
    return providers.length === 0 ? 'none' : providers.map((provider) => String(provider)).join(', ')
  }
  const fallback = (object: JsonObject | undefined): string =>
    String(valueAt(object, `${REDEMPTION}.fallbackIdentityProvider`) ?? 'unset')
  if (order(context.before) !== order(context.after)) {
    parts.push(`identity providers in order: ${order(context.before)} → ${order(context.after)}`)
  }
  if (fallback(context.before) !== fallback(context.after)) {
    parts.push(`fallback: ${fallback(context.before)} → ${fallback(context.after)}`)
  }
  return parts.length > 0 ? parts.join('; ') : changedPaths(context)
}

// SharePoint guest controls.

function sharepointTightenings(context: SummaryContext): string[] {
  const scope = scopeOf(context)
  const reasons: string[] = []
  if (turnedOff(scope, 'isResharingByExternalUsersEnabled')) {
    reasons.push('guests may no longer reshare what they do not own')
  }
  if (turnedOn(scope, 'isRequireAcceptingUserToMatchInvitedUserEnabled')) {
    reasons.push('invitations must be accepted by the invited account')
  }
  return reasons
}
