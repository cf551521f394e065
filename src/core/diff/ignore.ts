import { splitPath } from '../model/json-path.js'
import type { Finding, IgnoringEntry } from '../model/finding.js'
import { KEYED_KINDS } from './objects.js'
import type { IgnoreEntry } from '../model/snapshot.js'

/** The baseline `ignore` entries that match one change. */
export interface IgnoreMatch {
  /** The first matching entry still in force: the change is accepted drift. */
  active?: IgnoreEntry
  /** The first matching entry that has expired: the change counts again, and the report says why. */
  expired?: IgnoreEntry
}

/** An entry whose `expires` day (YYYY-MM-DD) is today or earlier no longer applies. */
export function isExpired(entry: IgnoreEntry, today: string): boolean {
  return entry.expires !== undefined && entry.expires <= today
}

/** Which ignore entries accept a change at `path` of the object `kind`/`key`. */
export function matchIgnore(
  entries: readonly IgnoreEntry[] | undefined,
  today: string,
  object: { kind: string; key: string },
  path: string
): IgnoreMatch {
  let expired: IgnoreEntry | undefined
  for (const entry of entries ?? []) {
    if (!entryMatches(entry, object, path)) continue
    if (!isExpired(entry, today))
      return expired === undefined ? { active: entry } : { active: entry, expired }
    expired ??= entry
  }
  return expired === undefined ? {} : { expired }
}

/**
 * Mark a finding accepted when one entry in force covers every change of it, or note an expired
 * entry that would have. A finding that is only partly covered counts in full: classify already
 * splits changes by the entry that accepts them, so this only happens for findings built elsewhere.
 */
export function applyIgnore(
  finding: Finding,
  entries: readonly IgnoreEntry[] | undefined,
  today: string
): Finding {
  const matches = finding.changes.map((change) => matchIgnore(entries, today, finding.object, change.path))
  const first = matches[0]?.active
  if (first !== undefined && matches.every((match) => match.active === first)) {
    const entry = ignoringEntry((entries ?? []).indexOf(first), first)
    return {
      ...finding,
      ignored:
        first.expires === undefined
          ? { reason: first.reason, entry }
          : { reason: first.reason, expires: first.expires, entry }
    }
  }
  const expired = matches.find((match) => match.active === undefined && match.expired !== undefined)?.expired
  if (expired?.expires !== undefined) {
    return { ...finding, ignoreExpired: { reason: expired.reason, expires: expired.expires } }
  }
  return finding
}

/** Which entry accepted a finding: its place in the file and its scope, for the report to name it. */
function ignoringEntry(index: number, entry: IgnoreEntry): IgnoringEntry {
  return {
    index,
    kind: entry.kind,
    ...(entry.key === undefined ? {} : { key: entry.key }),
    ...(entry.path === undefined ? {} : { path: entry.path })
  }
}

/**
 * An entry as people can find it in the file: `ignore[2] (kind partner, key *, path **)`. An
 * absent key or path is shown as the wildcard it means.
 */
export function describeIgnoreEntry(entry: {
  index: number
  kind: string
  key?: string
  path?: string
}): string {
  return `ignore[${entry.index}] (kind ${entry.kind}, key ${entry.key ?? '*'}, path ${entry.path ?? '**'})`
}

/** Whether an entry reaches every kind of object (`*`; the schema refuses it, the core does not rely on that). */
export function coversEveryKind(entry: Pick<IgnoreEntry, 'kind'>): boolean {
  return entry.kind === '*'
}

/** Whether an entry reaches every object of a kind that has many (partners, policies): key `*` or absent. */
export function coversEveryKey(entry: Pick<IgnoreEntry, 'kind' | 'key'>): boolean {
  const keyed = coversEveryKind(entry) || (KEYED_KINDS as ReadonlySet<string>).has(entry.kind)
  return keyed && (entry.key === undefined || entry.key === '*')
}

/**
 * Whether an entry's path reaches every change under an object: no path, or a pattern of
 * wildcards only with a `**` in it (`**`, `*.**`: every setting of the object, trust included).
 */
export function coversEveryPath(entry: Pick<IgnoreEntry, 'path'>): boolean {
  if (entry.path === undefined) return true
  const segments = splitPath(entry.path)
  return segments.includes('**') && segments.every((segment) => segment === '*' || segment === '**')
}

/**
 * Whether `wider` accepts at least everything `narrower` accepts, for at least as long. Patterns
 * are compared conservatively: a pattern only covers a path pattern it equals, or a plain path it matches.
 */
export function entryCovers(wider: IgnoreEntry, narrower: IgnoreEntry): boolean {
  const kind = coversEveryKind(wider) || wider.kind === narrower.kind
  const key = wider.key === undefined || wider.key === '*' || wider.key === narrower.key
  const path =
    coversEveryPath(wider) ||
    (narrower.path !== undefined &&
      wider.path !== undefined &&
      (wider.path === narrower.path ||
        (!hasWildcard(narrower.path) && matchesPathPattern(wider.path, narrower.path))))
  const expiry =
    wider.expires === undefined || (narrower.expires !== undefined && narrower.expires <= wider.expires)
  return kind && key && path && expiry
}

function hasWildcard(pattern: string): boolean {
  return splitPath(pattern).some((segment) => segment === '*' || segment === '**')
}

/**
 * Path patterns: exact segments, `*` for one segment, `**` for any number (none included). No
 * path means every change of the object.
 */
export function matchesPathPattern(pattern: string, path: string): boolean {
  return matchSegments(splitPath(pattern), splitPath(path))
}

function entryMatches(entry: IgnoreEntry, object: { kind: string; key: string }, path: string): boolean {
  if (entry.kind !== object.kind) return false
  if (entry.key !== undefined && entry.key !== '*' && entry.key !== object.key) return false
  return entry.path === undefined || matchesPathPattern(entry.path, path)
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): boolean {
  const [head, ...rest] = pattern
  if (head === undefined) return segments.length === 0
  if (head === '**') {
    for (let skip = 0; skip <= segments.length; skip++) {
      if (matchSegments(rest, segments.slice(skip))) return true
    }
    return false
  }
  const [segment, ...remaining] = segments
  if (segment === undefined) return false
  return (head === '*' || head === segment) && matchSegments(rest, remaining)
}
