import { compareText, isUnset, stableStringify } from '../model/canonical.js'
import { splitPath } from '../model/json-path.js'
import type { AccessChange, AccessDirection, AffectsUnavailable, Finding } from '../model/finding.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { partnerName } from '../model/partner-names.js'
import { trustClaim } from '../rules/rules.js'
import type { Snapshot } from '../model/snapshot.js'

/*
 * What each external organisation effectively gets. A partner setting that is unset (null, absent,
 * all-unset) inherits the default's; whatever the default leaves unset is Microsoft's service
 * default. Resolving that once lets a change to the default be reported as the change it is for
 * every partner that follows it, and a partner change as the widening or narrowing it really is.
 */

/** The settings a partner can override; everything else on a configuration is not access or trust. */
export const EFFECTIVE_SETTINGS = [
  'inboundTrust',
  'b2bCollaborationInbound',
  'b2bCollaborationOutbound',
  'b2bDirectConnectInbound',
  'b2bDirectConnectOutbound',
  'automaticUserConsentSettings',
  'tenantRestrictions'
] as const
export type EffectiveSetting = (typeof EFFECTIVE_SETTINGS)[number]

/** Where an effective setting comes from. */
export type SettingSource = 'partner' | 'default' | 'service default'

export interface EffectiveSettingValue {
  /** The resolved value; null for tenant restrictions nobody configured (no restriction). */
  value: JsonValue
  source: SettingSource
  /** Set when the source left parts of the setting unset and the level above filled them. */
  partlyInherited?: true
}

export type EffectiveConfiguration = Record<EffectiveSetting, EffectiveSettingValue>

export interface EffectivePartner {
  displayName: string
  settings: EffectiveConfiguration
}

/** The effective cross-tenant access of one snapshot: the JSON report carries it for auditors. */
export interface EffectiveAccessView {
  /** Every external Entra organisation without a partner configuration: the default, completed by the service defaults. */
  everyOtherOrganisation: EffectiveConfiguration
  /** Keyed by partner tenant id; empty, and not the truth, when `partnersUnavailable` is set. */
  partners: Record<string, EffectivePartner>
  /** Set when the snapshot holds no partners section (not read, or not held): why, instead of a list. */
  partnersUnavailable?: string
}

/**
 * Microsoft's system defaults (the default configuration while `isServiceDefault` is true):
 * collaboration allowed both ways for all users and applications, direct connect blocked both
 * ways, no inbound trust, no automatic redemption. Tenant restrictions are not configured, which
 * restricts nothing.
 */
export const SERVICE_DEFAULTS: Readonly<Record<EffectiveSetting, JsonValue>> = {
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
  tenantRestrictions: null
}

function b2bSetting(accessType: 'allowed' | 'blocked'): JsonObject {
  return {
    usersAndGroups: { accessType, targets: [{ target: 'AllUsers', targetType: 'user' }] },
    applications: { accessType, targets: [{ target: 'AllApplications', targetType: 'application' }] }
  }
}

/**
 * The effective configuration per partner and for every other organisation, or undefined when
 * the snapshot holds no default configuration (then nothing a partner inherits is known).
 */
export function effectiveConfiguration(snapshot: Snapshot): EffectiveAccessView | undefined {
  const defaults = snapshot.default
  if (defaults === undefined) return undefined
  const untouched = defaults.isServiceDefault === true
  const everyOtherOrganisation = resolveEach((setting) =>
    resolve(defaults[setting], untouched ? 'service default' : 'default', {
      value: SERVICE_DEFAULTS[setting],
      source: 'service default'
    })
  )
  const partners: Record<string, EffectivePartner> = {}
  if (snapshot.partners === undefined) {
    const reason = snapshot.unavailable?.partners ?? 'the snapshot holds no partners section'
    return { everyOtherOrganisation, partners, partnersUnavailable: reason }
  }
  for (const tenantId of Object.keys(snapshot.partners).sort(compareText)) {
    const partner = snapshot.partners?.[tenantId] ?? {}
    partners[tenantId] = {
      displayName: partnerName(tenantId, snapshot),
      settings: resolveEach((setting) =>
        resolve(partner[setting], 'partner', everyOtherOrganisation[setting])
      )
    }
  }
  return { everyOtherOrganisation, partners }
}

/** One literal with every setting, so the compiler checks none is missing. */
function resolveEach(
  resolveOne: (setting: EffectiveSetting) => EffectiveSettingValue
): EffectiveConfiguration {
  return {
    inboundTrust: resolveOne('inboundTrust'),
    b2bCollaborationInbound: resolveOne('b2bCollaborationInbound'),
    b2bCollaborationOutbound: resolveOne('b2bCollaborationOutbound'),
    b2bDirectConnectInbound: resolveOne('b2bDirectConnectInbound'),
    b2bDirectConnectOutbound: resolveOne('b2bDirectConnectOutbound'),
    automaticUserConsentSettings: resolveOne('automaticUserConsentSettings'),
    tenantRestrictions: resolveOne('tenantRestrictions')
  }
}

/** `own` where it is set (attributed to `source`), the level above where it is not. */
function resolve(
  own: JsonValue | undefined,
  source: SettingSource,
  above: EffectiveSettingValue
): EffectiveSettingValue {
  if (isUnset(own)) return above
  const merged = inherit(own ?? null, above.value)
  return merged.usedAbove
    ? { value: merged.value, source, partlyInherited: true }
    : { value: merged.value, source }
}

/**
 * Null inherits, key by key. A target configuration ({accessType, targets}) is one decision and
 * is never mixed with the level above.
 */
function inherit(own: JsonValue, above: JsonValue): { value: JsonValue; usedAbove: boolean } {
  if (isUnset(own)) return { value: above, usedAbove: !isUnset(above) }
  if (!isJsonObject(own) || !isJsonObject(above) || 'accessType' in own)
    return { value: own, usedAbove: false }
  const value: JsonObject = {}
  let usedAbove = false
  for (const key of [...new Set([...Object.keys(own), ...Object.keys(above)])].sort(compareText)) {
    const inner = inherit(own[key] ?? null, above[key] ?? null)
    if (!isUnset(inner.value)) value[key] = inner.value
    usedAbove ||= inner.usedAbove
  }
  return { value, usedAbove }
}

// ── Comparing effective access ──────────────────────────────────────────────────────────────────

/** One way a setting's effective value moved. */
export interface SettingMove {
  setting: EffectiveSetting
  /** The part that moved, e.g. 'b2bCollaborationInbound.usersAndGroups' or 'inboundTrust.isMfaAccepted'. */
  path: string
  /** 'changed': neither wider nor narrower (other groups, another list). */
  direction: 'widened' | 'narrowed' | 'changed'
  /** In words, e.g. 'inbound B2B collaboration now allowed for all users'. */
  description: string
}

/** A partner whose effective access or trust moved. */
export interface PartnerImpact {
  tenantId: string
  displayName: string
  moves: SettingMove[]
  /** The settings among `moves` that the partner takes, wholly or partly, from the default in the live snapshot. */
  followsDefault: EffectiveSetting[]
}

/**
 * The partners (of either snapshot) whose effective access or trust moved between baseline and
 * live, and how; a tenant without a partner configuration on one side gets the default there.
 * Undefined when either snapshot lacks the default or the partners, so nothing it passes on is known.
 */
export function affectedPartners(
  baseline: Snapshot,
  live: Snapshot,
  settings: readonly EffectiveSetting[] = EFFECTIVE_SETTINGS
): PartnerImpact[] | undefined {
  const before = effectiveConfiguration(baseline)
  const after = effectiveConfiguration(live)
  if (before === undefined || after === undefined) return undefined
  if (before.partnersUnavailable !== undefined || after.partnersUnavailable !== undefined) return undefined
  return partnerImpacts(before, after, settings)
}

function partnerImpacts(
  before: EffectiveAccessView,
  after: EffectiveAccessView,
  settings: readonly EffectiveSetting[],
  only?: string
): PartnerImpact[] {
  // A partner finding concerns one partner: computing every partner's impact for each of them
  // made a report of many partner findings quadratic in the number of partners.
  const tenantIds =
    only !== undefined
      ? [only]
      : [...new Set([...Object.keys(before.partners), ...Object.keys(after.partners)])].sort(compareText)
  const impacts: PartnerImpact[] = []
  for (const tenantId of tenantIds) {
    const was = before.partners[tenantId]?.settings ?? before.everyOtherOrganisation
    const is = after.partners[tenantId]?.settings ?? after.everyOtherOrganisation
    const moves = settings.flatMap((setting) =>
      compareSetting(setting, was[setting].value, is[setting].value)
    )
    if (moves.length === 0) continue
    const followsDefault = settings.filter(
      (setting) => moves.some((move) => move.setting === setting) && takesFromDefault(is[setting])
    )
    const displayName =
      after.partners[tenantId]?.displayName ?? before.partners[tenantId]?.displayName ?? tenantId
    impacts.push({ tenantId, displayName, moves, followsDefault })
  }
  return impacts
}

function takesFromDefault(value: EffectiveSettingValue): boolean {
  return value.source !== 'partner' || value.partlyInherited === true
}

/** The moves of one setting between two effective values. */
export function compareSetting(
  setting: EffectiveSetting,
  before: JsonValue,
  after: JsonValue
): SettingMove[] {
  if (stableStringify(before) === stableStringify(after)) return []
  switch (setting) {
    case 'inboundTrust':
      return flagMoves(setting, before, after, (flag, on) =>
        on ? `now trusts ${trustClaim(flag)}` : `no longer trusts ${trustClaim(flag)}`
      )
    case 'automaticUserConsentSettings':
      return flagMoves(setting, before, after, (flag, on) => {
        const who = flag === 'inboundAllowed' ? 'inbound' : flag === 'outboundAllowed' ? 'outbound' : flag
        return `automatic redemption now ${on ? 'on' : 'off'} for ${who} users`
      })
    default:
      return targetMoves(setting, before, after)
  }
}

/** Boolean flags: turning one on widens (more trust, fewer prompts), turning it off narrows. */
function flagMoves(
  setting: EffectiveSetting,
  before: JsonValue,
  after: JsonValue,
  describe: (flag: string, on: boolean) => string
): SettingMove[] {
  const flags = [...new Set([...keysOf(before), ...keysOf(after)])].sort(compareText)
  const moves: SettingMove[] = []
  for (const flag of flags) {
    const was = isJsonObject(before) && before[flag] === true
    const is = isJsonObject(after) && after[flag] === true
    if (was === is) continue
    moves.push({
      setting,
      path: `${setting}.${flag}`,
      direction: is ? 'widened' : 'narrowed',
      description: describe(flag, is)
    })
  }
  return moves
}

function keysOf(value: JsonValue): string[] {
  return isJsonObject(value) ? Object.keys(value) : []
}

const SETTING_LABELS: Record<EffectiveSetting, string> = {
  inboundTrust: 'inbound trust',
  b2bCollaborationInbound: 'inbound B2B collaboration',
  b2bCollaborationOutbound: 'outbound B2B collaboration',
  b2bDirectConnectInbound: 'inbound B2B direct connect',
  b2bDirectConnectOutbound: 'outbound B2B direct connect',
  automaticUserConsentSettings: 'automatic redemption',
  tenantRestrictions: 'tenant restrictions'
}

const TARGET_CONFIGURATIONS = [
  { key: 'usersAndGroups', noun: 'users' },
  { key: 'applications', noun: 'applications' }
] as const

/** Who a target configuration lets through. */
type Reach =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'only'; targets: Target[] }
  | { kind: 'allExcept'; targets: Target[] }
  | { kind: 'unknown' }

interface Target {
  target: string
  targetType: string
}

const ALL_KEYWORDS: ReadonlySet<string> = new Set(['AllUsers', 'AllApplications'])

function targetMoves(setting: EffectiveSetting, before: JsonValue, after: JsonValue): SettingMove[] {
  const moves: { move: SettingMove; reach: Reach }[] = []
  for (const { key, noun } of TARGET_CONFIGURATIONS) {
    // Unconfigured tenant restrictions restrict nothing; the B2B settings are always resolved.
    const unset: Reach = setting === 'tenantRestrictions' ? { kind: 'all' } : { kind: 'unknown' }
    const was = reachOf(isJsonObject(before) ? before[key] : undefined, unset)
    const is = reachOf(isJsonObject(after) ? after[key] : undefined, unset)
    const direction = compareReach(was, is)
    if (direction === 'unchanged') continue
    const description = `${SETTING_LABELS[setting]} now ${describeReach(is, noun)}`
    moves.push({ move: { setting, path: `${setting}.${key}`, direction, description }, reach: is })
  }
  const [users, applications] = moves
  // "now blocked for all users and applications" reads better than the same sentence twice.
  if (
    users !== undefined &&
    applications !== undefined &&
    users.move.direction === applications.move.direction &&
    users.reach.kind === applications.reach.kind &&
    (users.reach.kind === 'all' || users.reach.kind === 'none')
  ) {
    const verb = users.reach.kind === 'all' ? 'allowed' : 'blocked'
    return [
      {
        setting,
        path: setting,
        direction: users.move.direction,
        description: `${SETTING_LABELS[setting]} now ${verb} for all users and applications`
      }
    ]
  }
  return moves.map(({ move }) => move)
}

function reachOf(configuration: JsonValue | undefined, unset: Reach): Reach {
  if (isUnset(configuration)) return unset
  if (!isJsonObject(configuration)) return { kind: 'unknown' }
  const targets: Target[] = (Array.isArray(configuration.targets) ? configuration.targets : [])
    .filter(isJsonObject)
    .map((target) => ({ target: String(target.target), targetType: String(target.targetType ?? 'unknown') }))
    .sort((a, b) => compareText(a.target, b.target))
  const coversAll = targets.some((target) => ALL_KEYWORDS.has(target.target))
  if (configuration.accessType === 'allowed') return coversAll ? { kind: 'all' } : { kind: 'only', targets }
  if (configuration.accessType === 'blocked')
    return coversAll ? { kind: 'none' } : { kind: 'allExcept', targets }
  return { kind: 'unknown' }
}

/** Set semantics: 'only A' lets A in, 'allExcept A' everyone but A. */
function compareReach(before: Reach, after: Reach): SettingMove['direction'] | 'unchanged' {
  if (stableStringify(before as unknown as JsonValue) === stableStringify(after as unknown as JsonValue)) {
    return 'unchanged'
  }
  if (before.kind === 'unknown' || after.kind === 'unknown') return 'changed'
  if (after.kind === 'all' || before.kind === 'none') return 'widened'
  if (before.kind === 'all' || after.kind === 'none') return 'narrowed'
  const was = new Set(before.targets.map((target) => target.target))
  const is = new Set(after.targets.map((target) => target.target))
  const disjoint = [...was].every((target) => !is.has(target))
  if (before.kind === 'only' && after.kind === 'only') return subsetDirection(was, is, 'widened', 'narrowed')
  if (before.kind === 'allExcept' && after.kind === 'allExcept')
    return subsetDirection(was, is, 'narrowed', 'widened')
  if (before.kind === 'only') return disjoint ? 'widened' : 'changed'
  return disjoint ? 'narrowed' : 'changed'
}

/** `grown` when `after` holds all of `before`, `shrunk` when `before` holds all of `after`. */
function subsetDirection(
  before: ReadonlySet<string>,
  after: ReadonlySet<string>,
  grown: 'widened' | 'narrowed',
  shrunk: 'widened' | 'narrowed'
): 'widened' | 'narrowed' | 'changed' {
  if ([...before].every((target) => after.has(target))) return grown
  if ([...after].every((target) => before.has(target))) return shrunk
  return 'changed'
}

function describeReach(reach: Reach, noun: string): string {
  switch (reach.kind) {
    case 'all':
      return `allowed for all ${noun}`
    case 'none':
      return `blocked for all ${noun}`
    case 'only':
      return `allowed only for ${describeTargets(reach.targets)}`
    case 'allExcept':
      return `allowed for all ${noun} except ${describeTargets(reach.targets)}`
    case 'unknown':
      return `set to a value this version cannot interpret for ${noun}`
  }
}

/** Target keywords Graph documents besides object ids. */
const TARGET_KEYWORDS: ReadonlySet<string> = new Set([
  'AllUsers',
  'AllApplications',
  'AllMicrosoftApps',
  'Office365'
])

/** Keywords by name ('Office365'), object ids counted by type ('2 groups'). */
function describeTargets(targets: readonly Target[]): string {
  const named = targets.filter((target) => TARGET_KEYWORDS.has(target.target)).map((target) => target.target)
  const counted = new Map<string, number>()
  for (const target of targets) {
    if (named.includes(target.target)) continue
    counted.set(target.targetType, (counted.get(target.targetType) ?? 0) + 1)
  }
  const parts = [...named]
  for (const [type, count] of [...counted].sort(([a], [b]) => compareText(a, b))) {
    parts.push(`${count} ${type}${count === 1 ? '' : 's'}`)
  }
  return parts.length === 0 ? 'nobody' : parts.join(', ')
}

// ── Per finding ─────────────────────────────────────────────────────────────────────────────────

/** What report building attaches to a finding about effective access. */
export interface FindingAccess {
  /** Tenant ids of the partners whose effective access or trust this finding's change moved. */
  affects: string[]
  /** Set on default and partner findings when both snapshots hold the default. */
  access?: AccessChange
  /** Set when which partners are affected cannot be known: then `affects` is empty and claims nothing. */
  affectsUnavailable?: AffectsUnavailable
}

/**
 * The effective-access side of one finding. A default finding affects the partners that take the
 * changed setting from the default; a partner finding affects that partner when its effective
 * access or trust moved. Only the settings the finding's changes touch are considered, so a
 * partner's trust finding and its outbound finding each say what they changed.
 *
 * Without the partners section on both sides (`partnersNotCompared` is the comparison's reason),
 * a default finding names and counts no partner: a missing list would otherwise read as "no
 * partner configuration", and every baseline partner as one that now inherits the default.
 */
export function findingAccess(
  finding: Finding,
  before: EffectiveAccessView | undefined,
  after: EffectiveAccessView | undefined,
  partnersNotCompared?: string
): FindingAccess {
  const kind = finding.object.kind
  if ((kind !== 'default' && kind !== 'partner') || before === undefined || after === undefined) {
    return { affects: [] }
  }
  const settings = touchedSettings(finding)
  if (kind === 'default') {
    const moves = settings.flatMap((setting) =>
      compareSetting(
        setting,
        before.everyOtherOrganisation[setting].value,
        after.everyOtherOrganisation[setting].value
      )
    )
    const unknownBecause =
      partnersNotCompared ??
      (after.partnersUnavailable === undefined ? undefined : `live: ${after.partnersUnavailable}`) ??
      (before.partnersUnavailable === undefined ? undefined : `baseline: ${before.partnersUnavailable}`)
    if (unknownBecause !== undefined) {
      return {
        affects: [],
        access: accessChange(moves, []),
        affectsUnavailable: { section: 'partners', reason: unknownBecause }
      }
    }
    const followers = partnerImpacts(before, after, settings).filter(
      (impact) => impact.followsDefault.length > 0
    )
    return {
      affects: followers.map((impact) => impact.tenantId),
      access: accessChange(moves, followers)
    }
  }
  const impact = partnerImpacts(before, after, settings, finding.object.key).find(
    (candidate) => candidate.tenantId === finding.object.key
  )
  const impacts = impact === undefined ? [] : [impact]
  return { affects: impacts.map((item) => item.tenantId), access: accessChange(impact?.moves ?? [], impacts) }
}

/**
 * A new partner configuration, restated from what it does to that partner's effective access: what
 * it opens or narrows, and what it pins (sets to the value the default gives today). One that
 * moves nothing only pins, which deserves a review, not an alarm: a later tightening of the default
 * will not reach the partner (medium). One that sets nothing at all changes nothing (low).
 * Without the default on both sides, nothing can be resolved and the finding stays as classified.
 */
export function restateNewPartner(
  finding: Finding,
  before: EffectiveAccessView | undefined,
  after: EffectiveAccessView | undefined
): Finding {
  if (finding.rule !== 'partner-added' || finding.change !== 'added') return finding
  if (finding.access === undefined || before === undefined || after === undefined) return finding
  const key = finding.object.key
  // Only what the configuration sets itself: a setting it leaves unset moves with the default, and
  // the default's own findings report that.
  const moves = partnerImpacts(before, after, touchedSettings(finding), key)[0]?.moves ?? []
  const moved = new Set(moves.map((move) => move.setting))
  const own = after.partners[key]?.settings
  const pinned = touchedSettings(finding).filter(
    (setting) => own?.[setting].source === 'partner' && !moved.has(setting)
  )
  const pins = `pins today's default for ${labelList(pinned)}`
  const subject = `Partner ${finding.object.displayName}: new partner configuration`
  if (moves.length > 0) {
    const parts = [...new Set(moves.map((move) => move.description))]
    if (pinned.length > 0) parts.push(pins)
    return { ...finding, summary: `${subject}: ${parts.join('; ')}` }
  }
  if (pinned.length === 0) {
    return {
      ...finding,
      severity: 'low',
      summary: `${subject} that overrides nothing: every setting inherits the default`,
      why: 'It moves none of this partner’s access or trust: an empty override, where a later one would go unreviewed.'
    }
  }
  return {
    ...finding,
    severity: 'medium',
    summary: `${subject} that ${pins}`,
    why: `It moves none of this partner’s access or trust today, but ${pins} for this partner: a later tightening of the default will not reach it.`
  }
}

function labelList(settings: readonly EffectiveSetting[]): string {
  const labels = settings.map((setting) => SETTING_LABELS[setting])
  if (labels.length <= 1) return labels.join('')
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1] ?? ''}`
}

function touchedSettings(finding: Finding): EffectiveSetting[] {
  const heads = new Set(finding.changes.map((change) => splitPath(change.path)[0]))
  return EFFECTIVE_SETTINGS.filter((setting) => heads.has(setting))
}

function accessChange(moves: readonly SettingMove[], partners: readonly PartnerImpact[]): AccessChange {
  return {
    direction: overallDirection(moves),
    changes: [...new Set(moves.map((move) => move.description))],
    partners: partners.map(({ tenantId, displayName }) => ({ tenantId, displayName }))
  }
}

/** 'mixed' when some access widened and some narrowed, or targets were swapped for others. */
export function overallDirection(moves: readonly SettingMove[]): AccessDirection {
  if (moves.length === 0) return 'unchanged'
  if (moves.every((move) => move.direction === 'widened')) return 'widened'
  if (moves.every((move) => move.direction === 'narrowed')) return 'narrowed'
  return 'mixed'
}

/**
 * For issue titles of the default settings: 'affects 14 partners' (the partners that inherit what
 * changed, across the findings given), 'partners unavailable' when the partner list was not
 * compared (a count would be a guess), or undefined when no finding is about the default.
 */
export function affectedSummary(findings: readonly Finding[]): string | undefined {
  const defaultFindings = findings.filter(
    (finding) => finding.object.kind === 'default' && finding.access !== undefined
  )
  if (defaultFindings.length === 0) return undefined
  if (defaultFindings.some((finding) => finding.affectsUnavailable !== undefined))
    return 'partners unavailable'
  const partners = new Set(defaultFindings.flatMap((finding) => finding.affects ?? []))
  if (partners.size === 0) return 'affects no partner configuration'
  return `affects ${partners.size} partner${partners.size === 1 ? '' : 's'}`
}
