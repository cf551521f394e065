import { canonicalize, compareText, isUnset, stableStringify } from '../model/canonical.js'
import type { Change, ObjectRef } from '../model/finding.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { formatPath } from '../model/json-path.js'
import type { ObjectPair } from './objects.js'

/** The field-level differences between a baseline object and its live counterpart. */
export interface ObjectDiff {
  /** Drift: properties the baseline holds whose value changed. */
  changes: Change[]
  /** Properties the baseline does not hold at all but Graph now returns set: listed, never drift. */
  newProperties: Change[]
}

/** One object's drift: what happened to the object and which fields differ. */
export interface ObjectDrift {
  object: ObjectRef
  change: 'added' | 'removed' | 'modified'
  /** The canonical baseline object (absent when added). */
  before?: JsonObject
  /** The canonical live object (absent when removed). */
  after?: JsonObject
  changes: Change[]
  newProperties: Change[]
}

/**
 * Compare two objects by meaning: annotations, key order and set order never count; null, absent,
 * empty and all-unset are one value; arrays are sets (except the ordered ones canonicalize keeps),
 * and a changed array is one change holding both whole arrays.
 */
export function diffObject(before: JsonObject, after: JsonObject): ObjectDiff {
  return diffCanonical(asObject(canonicalize(before)), asObject(canonicalize(after)))
}

/** The drift of every pair that differs; unchanged objects are left out. */
export function diffPairs(pairs: readonly ObjectPair[]): ObjectDrift[] {
  const drifts: ObjectDrift[] = []
  for (const { object, before, after } of pairs) {
    if (before !== undefined && after !== undefined) {
      const canonicalBefore = asObject(canonicalize(before))
      const canonicalAfter = asObject(canonicalize(after))
      const { changes, newProperties } = diffCanonical(canonicalBefore, canonicalAfter)
      if (changes.length === 0 && newProperties.length === 0) continue
      drifts.push({
        object,
        change: 'modified',
        before: canonicalBefore,
        after: canonicalAfter,
        changes,
        newProperties
      })
    } else if (after !== undefined) {
      const canonicalAfter = asObject(canonicalize(after))
      drifts.push({
        object,
        change: 'added',
        after: canonicalAfter,
        changes: topLevelProperties(canonicalAfter).map(([key, value]) => ({
          path: formatPath([key]),
          before: null,
          after: value
        })),
        newProperties: []
      })
    } else if (before !== undefined) {
      const canonicalBefore = asObject(canonicalize(before))
      drifts.push({
        object,
        change: 'removed',
        before: canonicalBefore,
        changes: topLevelProperties(canonicalBefore).map(([key, value]) => ({
          path: formatPath([key]),
          before: value,
          after: null
        })),
        newProperties: []
      })
    }
  }
  return drifts
}

function diffCanonical(before: JsonObject, after: JsonObject): ObjectDiff {
  const diff: ObjectDiff = { changes: [], newProperties: [] }
  diffProperties(before, after, [], diff)
  diff.changes.sort(byPath)
  diff.newProperties.sort(byPath)
  return diff
}

function byPath(a: Change, b: Change): number {
  return compareText(a.path, b.path)
}

function diffProperties(
  before: JsonObject,
  after: JsonObject,
  path: readonly string[],
  diff: ObjectDiff
): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareText)
  let siblingValueChanged = false
  for (const key of keys) {
    if (Object.hasOwn(before, key) && diffValues(before[key], after[key], [...path, key], diff)) {
      siblingValueChanged = true
    }
  }
  for (const key of keys) {
    const afterValue = after[key]
    if (Object.hasOwn(before, key) || isUnset(afterValue)) continue
    const change: Change = { path: formatPath([...path, key]), before: null, after: afterValue ?? null }
    // Graph adds properties without notice, and a baseline written before them cannot have drifted
    // on them. But inside a nested value, a key that appears next to a sibling whose own value
    // changed belongs to that change: polymorphic values (externalTenants gains `members` when
    // membershipKind turns 'enumerated') add and drop keys with their discriminator. Top-level
    // properties are independent settings, so there a new key is always a new property.
    if (siblingValueChanged && path.length > 0) diff.changes.push(change)
    else diff.newProperties.push(change)
  }
}

/** Records the differences of one property; true when the property's own value changed (not a nested one). */
function diffValues(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: readonly string[],
  diff: ObjectDiff
): boolean {
  const beforeUnset = isUnset(before)
  const afterUnset = isUnset(after)
  if (beforeUnset && afterUnset) return false
  // Unset ↔ set is one change at this level, not one per nested field.
  if (!beforeUnset && !afterUnset && isJsonObject(before) && isJsonObject(after)) {
    diffProperties(before, after, path, diff)
    return false
  }
  const beforeValue = beforeUnset ? null : (before ?? null)
  const afterValue = afterUnset ? null : (after ?? null)
  if (stableStringify(beforeValue) === stableStringify(afterValue)) return false
  diff.changes.push({ path: formatPath(path), before: beforeValue, after: afterValue })
  return true
}

function topLevelProperties(object: JsonObject): [string, JsonValue][] {
  return Object.entries(object)
    .filter(([, value]) => !isUnset(value))
    .sort(([a], [b]) => compareText(a, b))
}

function asObject(value: JsonValue): JsonObject {
  return isJsonObject(value) ? value : {}
}
