import { compareText, isUnset } from '../model/canonical.js'
import { isJsonObject, type JsonValue } from '../model/json.js'

/*
 * What a B2B setting lets in. Each B2B setting holds two target configurations, usersAndGroups and
 * applications, each `{ accessType: 'allowed' | 'blocked', targets: [{ target, targetType }] }`:
 * allowed + AllUsers/AllApplications lets everyone in, allowed + a list only those, blocked + a
 * list everyone but those, blocked + AllUsers/AllApplications nobody. A partner configuration that
 * leaves one unset inherits the default's.
 */

/** The two halves of a B2B setting: who may come, and to which applications. */
export const TARGET_CONFIGURATIONS = ['usersAndGroups', 'applications'] as const

/** One entry of a target configuration: a keyword (AllUsers) or an object id, and its type. */
export interface Target {
  target: string
  targetType: string
}

/** Who one target configuration lets through. */
export type Reach =
  /** Unset: the level above decides (the default, for a partner). */
  | { kind: 'inherit' }
  | { kind: 'none' }
  /** Allowed for the listed users, groups or applications only. */
  | { kind: 'some'; targets: Target[] }
  /** Allowed for everyone but the listed ones. */
  | { kind: 'allExcept'; targets: Target[] }
  | { kind: 'all' }
  /** Set to something this version cannot read (another accessType, not an object). */
  | { kind: 'unknown' }

/** A reach once inheritance is resolved: what actually applies. */
export type ResolvedReach = Exclude<Reach, { kind: 'inherit' }>

/** The keywords that stand for everyone on their side. */
const ALL_TARGETS: ReadonlySet<string> = new Set(['AllUsers', 'AllApplications'])

/** Target keywords Graph documents besides object ids, and how a sentence names them. */
export const TARGET_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ['AllUsers', 'all users'],
  ['AllApplications', 'all applications'],
  ['AllMicrosoftApps', 'all Microsoft apps'],
  ['Office365', 'Office 365']
])

/** The reach of one target configuration; its targets sorted by id. */
export function reachOf(configuration: JsonValue | undefined): Reach {
  if (isUnset(configuration)) return { kind: 'inherit' }
  if (!isJsonObject(configuration)) return { kind: 'unknown' }
  const targets: Target[] = (Array.isArray(configuration.targets) ? configuration.targets : [])
    .filter(isJsonObject)
    .map((target) => ({ target: String(target.target), targetType: String(target.targetType ?? 'unknown') }))
    .sort((a, b) => compareText(a.target, b.target))
  const coversAll = targets.some((target) => ALL_TARGETS.has(target.target))
  if (configuration.accessType === 'allowed') return coversAll ? { kind: 'all' } : { kind: 'some', targets }
  if (configuration.accessType === 'blocked')
    return coversAll ? { kind: 'none' } : { kind: 'allExcept', targets }
  return { kind: 'unknown' }
}

/** `reach`, or `above` where it inherits. */
export function resolveReach(reach: Reach, above: ResolvedReach): ResolvedReach {
  return reach.kind === 'inherit' ? above : reach
}

/** How a reach moved: 'changed' when it is neither wider nor narrower (other groups, another list). */
export type ReachMove = 'widened' | 'narrowed' | 'changed' | 'unchanged'

const BREADTH: Record<'none' | 'some' | 'allExcept' | 'all', number> = {
  none: 0,
  some: 1,
  allExcept: 2,
  all: 3
}

/**
 * An edit to one target configuration judged by its kind of reach alone, as the detect rules read a
 * change: listing other or more targets of the same kind moves nothing, nor does an unreadable
 * value. An override added where the partner inherited opens when it allows (some or all) and
 * narrows when it blocks everyone: what it replaces is the default's, judged elsewhere.
 */
export function compareBreadth(before: Reach, after: Reach): 'widened' | 'narrowed' | 'unchanged' {
  if (after.kind === 'inherit' || after.kind === 'unknown' || before.kind === 'unknown') return 'unchanged'
  if (before.kind === 'inherit') {
    if (after.kind === 'some' || after.kind === 'all') return 'widened'
    return after.kind === 'none' ? 'narrowed' : 'unchanged'
  }
  const from = BREADTH[before.kind]
  const to = BREADTH[after.kind]
  return to > from ? 'widened' : to < from ? 'narrowed' : 'unchanged'
}

/**
 * Two resolved reaches compared as sets, as effective access reads them: 'some A' lets A in,
 * 'allExcept A' everyone but A, so adding targets to an allow list widens and to a block list narrows.
 */
export function compareReach(before: ResolvedReach, after: ResolvedReach): ReachMove {
  if (sameReach(before, after)) return 'unchanged'
  if (before.kind === 'unknown' || after.kind === 'unknown') return 'changed'
  if (after.kind === 'all' || before.kind === 'none') return 'widened'
  if (before.kind === 'all' || after.kind === 'none') return 'narrowed'
  const was = new Set(before.targets.map((target) => target.target))
  const is = new Set(after.targets.map((target) => target.target))
  const disjoint = [...was].every((target) => !is.has(target))
  if (before.kind === 'some' && after.kind === 'some') return subsetMove(was, is, 'widened', 'narrowed')
  if (before.kind === 'allExcept' && after.kind === 'allExcept')
    return subsetMove(was, is, 'narrowed', 'widened')
  if (before.kind === 'some') return disjoint ? 'widened' : 'changed'
  return disjoint ? 'narrowed' : 'changed'
}

function sameReach(a: ResolvedReach, b: ResolvedReach): boolean {
  if (a.kind !== b.kind) return false
  if (!('targets' in a) || !('targets' in b)) return true
  return (
    a.targets.length === b.targets.length &&
    a.targets.every(
      (target, index) =>
        target.target === b.targets[index]?.target && target.targetType === b.targets[index]?.targetType
    )
  )
}

/** `grown` when `after` holds all of `before`, `shrunk` when `before` holds all of `after`. */
function subsetMove(
  before: ReadonlySet<string>,
  after: ReadonlySet<string>,
  grown: 'widened' | 'narrowed',
  shrunk: 'widened' | 'narrowed'
): 'widened' | 'narrowed' | 'changed' {
  if ([...before].every((target) => after.has(target))) return grown
  if ([...after].every((target) => before.has(target))) return shrunk
  return 'changed'
}
