import { compareText } from '../model/canonical.js'
import { isJsonObject, type JsonValue } from '../model/json.js'
import { partnerName } from '../model/partner-names.js'
import type { Snapshot } from '../model/snapshot.js'
import {
  effectiveConfiguration,
  inheritsDefault,
  type EffectiveConfiguration
} from '../access/inheritance.js'
import { reachOf } from '../access/reach.js'
import { SETTING_TARGET_CONFIGURATIONS } from '../access/settings.js'
import {
  ACCESS_LEVELS,
  REACH_SETTINGS,
  REDEMPTION_DIRECTIONS,
  TRUST_CLAIMS,
  type AccessLevel,
  type Allowance,
  type PartnerPolicy,
  type ReachSetting,
  type RedemptionDirection,
  type TrustClaim
} from './policy.js'

/*
 * A snapshot (live, or a baseline) held to a partner policy through effective access: each
 * partner's configuration resolved against the default (src/core/access/inheritance.ts), then
 * compared with what its tier allows. A breach a partner takes from the default is the default's
 * doing, so it is reported once on the default with every partner whose tier it breaks. Missing
 * data is never a breach: a setting the snapshot could not hold, or cannot be read, is not judged.
 */

/** One thing a configuration has that its tier (or the default's constraints) does not allow. */
export interface TierBreach {
  /** The policy's name of what is constrained. */
  constraint: keyof Allowance
  /** The Graph property, as a finding's change path: 'inboundTrust.isMfaAccepted', 'b2bCollaborationInbound'. */
  path: string
  /** What the configuration has: an access level, or true for a claim, direction or sync that is on. */
  actual: JsonValue
  /** What the tier allows there, as the policy states it. */
  allowed: JsonValue
  /** 'trusts MFA', 'has inbound B2B collaboration open'. */
  has: string
  /** 'allows no inbound MFA trust', 'allows inbound B2B collaboration only blocked or limited'. */
  allows: string
  /** Whether the partner's own configuration sets it, or it comes from the default. */
  from: 'partner' | 'default'
}

export interface PartnerStanding {
  tenantId: string
  /** The policy's name for a classified partner, else the name Graph knows it by. */
  displayName: string
  /** Absent: the partner has a configuration but no tier (unclassified). */
  tier?: string
  /** Whether the snapshot holds a partner configuration for it (one that has none gets the default). */
  configured: boolean
  breaches: TierBreach[]
}

export interface TierEvaluation {
  /** Every partner of the snapshot or of the policy, by tenant id. */
  partners: PartnerStanding[]
  /** What the default gives that the policy's constraints on the default do not allow. */
  defaultBreaches: TierBreach[]
  /** Set when partners could not be judged (no default, or no partners section): why. */
  partnersUnknown?: string
}

/** Holds every partner and the default of `snapshot` to `policy`. */
export function evaluateTiers(snapshot: Snapshot, policy: PartnerPolicy): TierEvaluation {
  const view = effectiveConfiguration(snapshot)
  if (view === undefined) {
    return {
      partners: [],
      defaultBreaches: [],
      partnersUnknown: 'the snapshot holds no default configuration'
    }
  }
  const defaultBreaches =
    policy.default === undefined
      ? []
      : breachesOf(view.everyOtherOrganisation, policy.default, undefined, () => 'default')
  if (view.partnersUnavailable !== undefined) {
    return { partners: [], defaultBreaches, partnersUnknown: view.partnersUnavailable }
  }
  const tenantIds = [...new Set([...Object.keys(view.partners), ...Object.keys(policy.partners)])].sort(
    compareText
  )
  const partners = tenantIds.map((tenantId): PartnerStanding => {
    const own = view.partners[tenantId]
    const assignment = policy.partners[tenantId.toLowerCase()]
    const displayName = assignment?.name ?? own?.displayName ?? partnerName(tenantId, snapshot)
    const tier = assignment === undefined ? undefined : policy.tiers[assignment.tier]
    const standing = { tenantId, displayName, configured: own !== undefined }
    if (assignment === undefined || tier === undefined) return { ...standing, breaches: [] }
    const settings = own?.settings ?? view.everyOtherOrganisation
    const sync = syncState(snapshot, tenantId)
    const from = (path: string): 'partner' | 'default' =>
      own !== undefined && !inheritsDefault(snapshot, tenantId, path) ? 'partner' : 'default'
    return { ...standing, tier: assignment.tier, breaches: breachesOf(settings, tier.allows, sync, from) }
  })
  return { partners, defaultBreaches }
}

/** Whether cross-tenant synchronization into our tenant is on; undefined when unknown or not applicable. */
function syncState(snapshot: Snapshot, tenantId: string): boolean | undefined {
  const policies = snapshot.identitySynchronization
  if (policies === undefined || snapshot.unavailable?.identitySynchronization !== undefined) return undefined
  const policy = policies[tenantId]
  if (policy === undefined) return undefined
  const inbound = policy?.userSyncInbound
  return isJsonObject(inbound) && inbound.isSyncAllowed === true
}

const REACH_WORDS: Readonly<Record<ReachSetting, string>> = {
  b2bCollaborationInbound: 'inbound B2B collaboration',
  b2bCollaborationOutbound: 'outbound B2B collaboration',
  b2bDirectConnectInbound: 'inbound B2B direct connect',
  b2bDirectConnectOutbound: 'outbound B2B direct connect',
  tenantRestrictions: 'tenant restrictions'
}

const TRUST_WORDS: Readonly<Record<TrustClaim, { has: string; trust: string }>> = {
  mfa: { has: 'trusts MFA', trust: 'inbound MFA trust' },
  compliantDevice: { has: 'trusts compliant devices', trust: 'inbound compliant-device trust' },
  hybridJoinedDevice: { has: 'trusts hybrid-joined devices', trust: 'inbound hybrid-joined-device trust' }
}

/** Everything `settings` (and `sync`) has beyond `allows`. */
export function breachesOf(
  settings: EffectiveConfiguration,
  allows: Allowance,
  sync: boolean | undefined,
  from: (path: string) => 'partner' | 'default'
): TierBreach[] {
  const breaches: TierBreach[] = []
  const trust = settings.inboundTrust
  const allowedClaims = allows.inboundTrust
  if (allowedClaims !== undefined && trust.source !== 'unavailable' && isJsonObject(trust.value)) {
    for (const claim of Object.keys(TRUST_CLAIMS) as TrustClaim[]) {
      const path = `inboundTrust.${TRUST_CLAIMS[claim]}`
      if (trust.value[TRUST_CLAIMS[claim]] !== true || allowedClaims.includes(claim)) continue
      breaches.push({
        constraint: 'inboundTrust',
        path,
        actual: true,
        allowed: allowedClaims,
        has: TRUST_WORDS[claim].has,
        allows: `allows no ${TRUST_WORDS[claim].trust}`,
        from: from(path)
      })
    }
  }
  for (const setting of REACH_SETTINGS) {
    const allowed = allows[setting]
    const value = settings[setting]
    if (allowed === undefined || value.source === 'unavailable') continue
    const level = accessLevel(setting, value.value)
    if (level === undefined || allowed.includes(level)) continue
    breaches.push({
      constraint: setting,
      path: setting,
      actual: level,
      allowed,
      has: `has ${REACH_WORDS[setting]} ${level}`,
      allows:
        allowed.length === 0
          ? `allows no ${REACH_WORDS[setting]} at all`
          : `allows ${REACH_WORDS[setting]} only ${orderedLevels(allowed).join(' or ')}`,
      from: from(setting)
    })
  }
  const consent = settings.automaticUserConsentSettings
  const directions = allows.automaticRedemption
  if (directions !== undefined && consent.source !== 'unavailable' && isJsonObject(consent.value)) {
    for (const direction of Object.keys(REDEMPTION_DIRECTIONS) as RedemptionDirection[]) {
      const path = `automaticUserConsentSettings.${REDEMPTION_DIRECTIONS[direction]}`
      if (consent.value[REDEMPTION_DIRECTIONS[direction]] !== true || directions.includes(direction)) continue
      breaches.push({
        constraint: 'automaticRedemption',
        path,
        actual: true,
        allowed: directions,
        has: `redeems ${direction} invitations automatically`,
        allows: `allows no ${direction} automatic redemption`,
        from: from(path)
      })
    }
  }
  if (allows.identitySync === false && sync === true) {
    breaches.push({
      constraint: 'identitySync',
      path: 'identitySynchronization.userSyncInbound.isSyncAllowed',
      actual: true,
      allowed: false,
      has: 'synchronizes its users into our tenant',
      allows: 'allows no inbound identity sync',
      from: 'partner'
    })
  }
  return breaches
}

function orderedLevels(levels: readonly AccessLevel[]): AccessLevel[] {
  return ACCESS_LEVELS.filter((level) => levels.includes(level))
}

/**
 * How far a resolved B2B setting reaches: a person gets in only where both the users half and the
 * applications half let them, so the narrower half decides. Undefined when it cannot be read.
 * Tenant restrictions that are not configured restrict nothing: 'open' (the v1.0 pages of
 * crossTenantAccessPolicyConfigurationDefault and ...Partner describe the property, not what null
 * means [UNVERIFIED]; inheritance.ts reads it the same way). A tier that constrains tenant
 * restrictions therefore treats an unconfigured one as the widest, never as a pass.
 */
export function accessLevel(setting: ReachSetting, value: JsonValue): AccessLevel | undefined {
  if (value === null) return setting === 'tenantRestrictions' ? 'open' : undefined
  if (!isJsonObject(value)) return undefined
  let narrowest = 2
  let unreadable = false
  for (const half of SETTING_TARGET_CONFIGURATIONS[setting]) {
    const reach = reachOf(value[half])
    const rank =
      reach.kind === 'none'
        ? 0
        : reach.kind === 'some'
          ? 1
          : reach.kind === 'all' || reach.kind === 'allExcept'
            ? 2
            : reach.kind === 'inherit' && setting === 'tenantRestrictions'
              ? 2
              : undefined
    if (rank === undefined) unreadable = true
    else narrowest = Math.min(narrowest, rank)
  }
  if (unreadable && narrowest > 0) return undefined
  return ACCESS_LEVELS[narrowest]
}

/** Partners per tier, how many of them are out of it, and how many have no tier: the report's table. */
export interface TierSummary {
  /** In the policy's order. */
  tiers: { tier: string; partners: number; outOfTier: number }[]
  /** Partners with a configuration and no tier. */
  unclassified: number
  /** Partners out of their tier, through their own settings or the default's. */
  outOfTier: number
  /** Set when partners could not be judged: why (then the counts claim nothing). */
  partnersUnknown?: string
}

export function summarizeTiers(evaluation: TierEvaluation, policy: PartnerPolicy): TierSummary {
  const tiers = Object.keys(policy.tiers).map((tier) => {
    const members = evaluation.partners.filter((partner) => partner.tier === tier)
    return {
      tier,
      partners: members.length,
      outOfTier: members.filter((partner) => partner.breaches.length > 0).length
    }
  })
  return {
    tiers,
    unclassified: evaluation.partners.filter((partner) => partner.tier === undefined && partner.configured)
      .length,
    outOfTier: tiers.reduce((sum, entry) => sum + entry.outOfTier, 0),
    ...(evaluation.partnersUnknown === undefined ? {} : { partnersUnknown: evaluation.partnersUnknown })
  }
}
