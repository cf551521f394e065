import { compareText } from './canonical.js'
import { isJsonObject, type JsonObject } from './json.js'
import type { CloudName, Snapshot } from './snapshot.js'
import { SECTIONS, type Section } from '../../sections/index.js'

/*
 * Properties a cloud's Graph v1.0 does not have (the sections' `unavailableProperties`, taken from
 * the national clouds' schemas). A snapshot taken there names each one in `unavailable` as
 * '<section id>.<property>' (e.g. 'default.tenantRestrictions': "not in the usgov cloud's Graph
 * v1.0") and holds none of them; the comparison skips them and lists them as not compared.
 */

/** The key `unavailable` names a property by: '<section id>.<property>'. */
export function propertyEntry(section: string, property: string): string {
  return `${section}.${property}`
}

/** Why a property is absent from a snapshot taken in `cloud`. */
export function cloudGapReason(cloud: CloudName): string {
  return `not in the ${cloud} cloud's Graph v1.0`
}

/** The top-level properties of a section's objects that `cloud` does not have. */
export function propertiesMissingIn(section: Section, cloud: CloudName): readonly string[] {
  if (!('unavailableProperties' in section)) return []
  const gaps: Partial<Record<CloudName, readonly string[]>> = section.unavailableProperties
  return gaps[cloud] ?? []
}

/**
 * Whether a not-compared or unavailable entry ('default.tenantRestrictions') is a property some
 * national cloud's Graph lacks by declaration: missing everywhere in that cloud, not a failed read.
 */
export function isCloudGap(entry: string): boolean {
  return SECTIONS.some((section) => {
    if (!entry.startsWith(`${section.id}.`) || !('unavailableProperties' in section)) return false
    const property = entry.slice(section.id.length + 1)
    const gaps: Partial<Record<CloudName, readonly string[]>> = section.unavailableProperties
    return Object.values(gaps).some((properties) => properties.includes(property))
  })
}

/**
 * The snapshot as the cloud's Graph serves it: every property the cloud lacks removed from the
 * sections that were read (even if Graph returned one after all, which the schema says it cannot)
 * and named in `unavailable` with the reason. Sections not read stay named as they were.
 */
export function withCloudGaps(snapshot: Snapshot): Snapshot {
  const unavailable: Record<string, string> = { ...snapshot.unavailable }
  const result: Record<string, unknown> = { ...snapshot }
  for (const section of SECTIONS) {
    const missing = propertiesMissingIn(section, snapshot.cloud)
    const value = result[section.id]
    if (missing.length === 0 || value === undefined) continue
    result[section.id] =
      section.shape === 'keyed'
        ? mapObjects(value, (object) => omit(object, missing))
        : omitFrom(value, missing)
    for (const property of missing) {
      unavailable[propertyEntry(section.id, property)] = cloudGapReason(snapshot.cloud)
    }
  }
  const sorted = Object.fromEntries(Object.entries(unavailable).sort(([a], [b]) => compareText(a, b)))
  return {
    ...(result as unknown as Snapshot),
    ...(Object.keys(sorted).length > 0 ? { unavailable: sorted } : {})
  }
}

/**
 * The top-level properties of a section that cannot be compared between two snapshots, with the
 * reason: named unavailable by either snapshot, or missing in either snapshot's cloud (a snapshot
 * written before clouds were declared does not name them itself).
 */
export function propertiesNotCompared(
  baseline: Snapshot,
  live: Snapshot,
  section: Section
): Map<string, string> {
  const reasons = new Map<string, string>()
  const prefix = `${section.id}.`
  const sides = [
    { snapshot: baseline, side: 'baseline' },
    { snapshot: live, side: 'live' }
  ] as const
  for (const { snapshot, side } of sides) {
    for (const [entry, reason] of Object.entries(snapshot.unavailable ?? {})) {
      if (!entry.startsWith(prefix)) continue
      const property = entry.slice(prefix.length)
      if (property === '' || reasons.has(property)) continue
      reasons.set(property, `${side} read unavailable: ${reason}`)
    }
  }
  for (const { snapshot, side } of sides) {
    for (const property of propertiesMissingIn(section, snapshot.cloud)) {
      if (!reasons.has(property)) {
        reasons.set(property, `${side} read unavailable: ${cloudGapReason(snapshot.cloud)}`)
      }
    }
  }
  return new Map([...reasons].sort(([a], [b]) => compareText(a, b)))
}

/** `object` without the named top-level properties. */
export function omit(object: JsonObject, properties: Iterable<string>): JsonObject {
  const left: JsonObject = { ...object }
  for (const property of properties) delete left[property]
  return left
}

function omitFrom(value: unknown, properties: readonly string[]): unknown {
  return isJsonObject(value) ? omit(value, properties) : value
}

/** A keyed section with `map` applied to each object (a null entry, a partner without a sync policy, stays). */
function mapObjects(value: unknown, map: (object: JsonObject) => JsonObject): unknown {
  if (!isJsonObject(value)) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, isJsonObject(entry) ? map(entry) : entry])
  )
}
