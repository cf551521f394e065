import { splitPath } from './diff.js'
import type { Finding } from './finding.js'
import type { IgnoreEntry } from './snapshot.js'

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
    return {
      ...finding,
      ignored:
        first.expires === undefined
          ? { reason: first.reason }
          : { reason: first.reason, expires: first.expires }
    }
  }
  const expired = matches.find((match) => match.active === undefined && match.expired !== undefined)?.expired
  if (expired?.expires !== undefined) {
    return { ...finding, ignoreExpired: { reason: expired.reason, expires: expired.expires } }
  }
  return finding
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
