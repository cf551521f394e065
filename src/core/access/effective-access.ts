import { compareText } from '../model/canonical.js'
import type { AccessChange, AffectsUnavailable, Finding } from '../model/finding.js'
import { splitPath } from '../model/json-path.js'
import { listOf } from '../model/wording.js'
import type { Snapshot } from '../model/snapshot.js'
import {
  effectiveConfiguration,
  type EffectiveAccessView,
  type EffectiveSettingValue
} from './inheritance.js'
import { compareSetting, overallDirection, type SettingMove } from './setting-moves.js'
import { EFFECTIVE_SETTINGS, SETTING_LABELS, type EffectiveSetting } from './settings.js'

/*
 * What a change does to each external organisation's effective access: which partners it reaches
 * (those that follow the default for what changed, or the partner itself), how their access or
 * trust moved, and how a new partner configuration reads once resolved against the default.
 */

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
      comparable(was[setting], is[setting])
        ? compareSetting(setting, was[setting].value, is[setting].value)
        : []
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

/** A setting either snapshot could not hold moved nowhere that can be known. */
function comparable(before: EffectiveSettingValue, after: EffectiveSettingValue): boolean {
  return before.source !== 'unavailable' && after.source !== 'unavailable'
}

function takesFromDefault(value: EffectiveSettingValue): boolean {
  return value.source !== 'partner' || value.partlyInherited === true
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
    const moves = settings.flatMap((setting) => {
      const was = before.everyOtherOrganisation[setting]
      const is = after.everyOtherOrganisation[setting]
      return comparable(was, is) ? compareSetting(setting, was.value, is.value) : []
    })
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
  // Every pinned setting is named: a new override is reviewed whole.
  const pins = `pins today's default for ${listOf(
    pinned.map((setting) => SETTING_LABELS[setting]),
    Infinity
  )}`
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
