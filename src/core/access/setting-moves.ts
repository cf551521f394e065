import { compareText, stableStringify } from '../model/canonical.js'
import type { AccessDirection } from '../model/finding.js'
import { isJsonObject, type JsonValue } from '../model/json.js'
import { countOf } from '../model/wording.js'
import {
  TARGET_KEYWORDS,
  compareReach,
  reachOf,
  resolveReach,
  type ResolvedReach,
  type Target
} from './reach.js'
import { SETTING_LABELS, SETTING_TARGET_CONFIGURATIONS, type EffectiveSetting } from './settings.js'
import { trustClaim } from './trust.js'

/*
 * How one setting's effective value moved between two snapshots, in the words report building
 * uses: what it now lets in, trusts or redeems automatically, and whether that is wider or narrower.
 */

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
      return targetMoves(setting, SETTING_TARGET_CONFIGURATIONS[setting], before, after)
  }
}

/** 'mixed' when some access widened and some narrowed, or targets were swapped for others. */
export function overallDirection(moves: readonly SettingMove[]): AccessDirection {
  if (moves.length === 0) return 'unchanged'
  if (moves.every((move) => move.direction === 'widened')) return 'widened'
  if (moves.every((move) => move.direction === 'narrowed')) return 'narrowed'
  return 'mixed'
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

const TARGET_NOUNS: Readonly<Record<string, string>> = {
  usersAndGroups: 'users',
  users: 'users',
  applications: 'applications'
}

function targetMoves(
  setting: EffectiveSetting,
  configurations: readonly string[],
  before: JsonValue,
  after: JsonValue
): SettingMove[] {
  const moves: { move: SettingMove; reach: ResolvedReach }[] = []
  for (const key of configurations) {
    const noun = TARGET_NOUNS[key] ?? key
    // Unconfigured tenant restrictions restrict nothing; the B2B settings are always resolved; an
    // unset Microsoft 365 collaboration or app service connect has no documented meaning.
    const unset: ResolvedReach = setting === 'tenantRestrictions' ? { kind: 'all' } : { kind: 'unknown' }
    const was = resolveReach(reachOf(isJsonObject(before) ? before[key] : undefined), unset)
    const is = resolveReach(reachOf(isJsonObject(after) ? after[key] : undefined), unset)
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

function describeReach(reach: ResolvedReach, noun: string): string {
  switch (reach.kind) {
    case 'all':
      return `allowed for all ${noun}`
    case 'none':
      return `blocked for all ${noun}`
    case 'some':
      return `allowed only for ${describeTargets(reach.targets)}`
    case 'allExcept':
      return `allowed for all ${noun} except ${describeTargets(reach.targets)}`
    case 'unknown':
      return `set to a value this version cannot interpret for ${noun}`
  }
}

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
    parts.push(countOf(count, type))
  }
  return parts.length === 0 ? 'nobody' : parts.join(', ')
}
