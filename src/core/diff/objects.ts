import { compareText } from '../model/canonical.js'
import type { ObjectKind, ObjectRef } from '../model/finding.js'
import { isJsonObject, type JsonObject } from '../model/json.js'
import { partnerName } from '../model/partner-names.js'
import type { SectionId, Snapshot } from '../model/snapshot.js'

/** A section (or guest figure, 'guests.stale') left out of the comparison, and why. */
export interface NotCompared {
  section: string
  reason: string
}

/** One object in both snapshots, or in only one of them (added or removed). */
export interface ObjectPair {
  object: ObjectRef
  /** The baseline object; absent when the object was added. */
  before?: JsonObject
  /** The live object; absent when the object was removed. */
  after?: JsonObject
}

/** Sections holding one object each. */
const SINGLETON_SECTIONS = {
  crossTenantAccessPolicy: { kind: 'crossTenantAccessPolicy', displayName: 'Cross-tenant access policy' },
  default: { kind: 'default', displayName: 'Default cross-tenant access settings' },
  authorizationPolicy: { kind: 'authorizationPolicy', displayName: 'Authorization policy (guest settings)' },
  multiTenantOrganization: { kind: 'multiTenantOrganization', displayName: 'Multitenant organization' },
  sharepointSettings: { kind: 'sharepointSettings', displayName: 'SharePoint and OneDrive sharing settings' }
} as const satisfies Partial<Record<SectionId, { kind: ObjectKind; displayName: string }>>

/** Sections holding a map of objects keyed by their stable key. */
const COLLECTION_SECTIONS = {
  partners: 'partner',
  identitySynchronization: 'identitySynchronization',
  conditionalAccessPolicies: 'conditionalAccessPolicy',
  namedLocations: 'namedLocation'
} as const satisfies Partial<Record<SectionId, ObjectKind>>

/** Kinds with many objects, each told apart by its key (partner tenant id, policy id). */
export const KEYED_KINDS: ReadonlySet<ObjectKind> = new Set(Object.values(COLLECTION_SECTIONS))

type SingletonSection = keyof typeof SINGLETON_SECTIONS
type CollectionSection = keyof typeof COLLECTION_SECTIONS

/** The objects sections compared in this order (guests are figures, compared by guest-drift.ts). */
const OBJECT_SECTIONS: readonly (SingletonSection | CollectionSection)[] = [
  'crossTenantAccessPolicy',
  'default',
  'partners',
  'identitySynchronization',
  'conditionalAccessPolicies',
  'namedLocations',
  'authorizationPolicy',
  'multiTenantOrganization',
  'sharepointSettings'
]

export const GUESTS_OBJECT: ObjectRef = { kind: 'guests', key: 'guests', displayName: 'Guest users' }

/**
 * Why a section cannot be compared, or undefined when it can. Missing data is never drift: a
 * section that either side could not read, or that the baseline does not hold, is skipped.
 */
export function notComparedReason(baseline: Snapshot, live: Snapshot, section: string): string | undefined {
  const baselineUnavailable = baseline.unavailable?.[section]
  if (baselineUnavailable !== undefined) return `baseline read unavailable: ${baselineUnavailable}`
  if (sectionValue(baseline, section) === undefined) return 'not in the baseline'
  const liveUnavailable = live.unavailable?.[section]
  if (liveUnavailable !== undefined) return `live read unavailable: ${liveUnavailable}`
  if (sectionValue(live, section) === undefined) return 'not in the live snapshot'
  return undefined
}

/** Every object of the comparable sections, matched by kind and key, plus the sections skipped. */
export function pairObjects(
  baseline: Snapshot,
  live: Snapshot
): { pairs: ObjectPair[]; notCompared: NotCompared[] } {
  const pairs: ObjectPair[] = []
  const notCompared: NotCompared[] = []
  for (const section of OBJECT_SECTIONS) {
    const reason = notComparedReason(baseline, live, section)
    if (reason !== undefined) {
      notCompared.push({ section, reason })
      continue
    }
    if (isSingletonSection(section)) {
      pairs.push(pairSingleton(baseline, live, section))
    } else {
      pairs.push(...pairCollection(baseline, live, section))
    }
  }
  return { pairs, notCompared }
}

function isSingletonSection(section: SingletonSection | CollectionSection): section is SingletonSection {
  return section in SINGLETON_SECTIONS
}

function pairSingleton(baseline: Snapshot, live: Snapshot, section: SingletonSection): ObjectPair {
  const { kind, displayName } = SINGLETON_SECTIONS[section]
  return {
    object: { kind, key: section, displayName },
    before: baseline[section] ?? {},
    after: live[section] ?? {}
  }
}

function pairCollection(baseline: Snapshot, live: Snapshot, section: CollectionSection): ObjectPair[] {
  const kind = COLLECTION_SECTIONS[section]
  const before = collectionEntries(baseline, section)
  const after = collectionEntries(live, section)
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareText)
  return keys.map((key) => {
    const beforeObject = before.get(key)
    const afterObject = after.get(key)
    const pair: ObjectPair = { object: { kind, key, displayName: displayNameOf(kind, key, live, baseline) } }
    if (beforeObject !== undefined) pair.before = beforeObject
    if (afterObject !== undefined) pair.after = afterObject
    return pair
  })
}

/** The objects of a collection section; a null entry (a partner without a sync policy) is no object. */
function collectionEntries(snapshot: Snapshot, section: CollectionSection): Map<string, JsonObject> {
  const entries = new Map<string, JsonObject>()
  for (const [key, value] of Object.entries(snapshot[section] ?? {})) {
    if (isJsonObject(value)) entries.set(key, value)
  }
  return entries
}

/**
 * The name people know an object by; the live name wins over the baseline's, so a renamed policy
 * shows its current name. Partners (and their sync policies) are named by partnerName().
 */
function displayNameOf(kind: ObjectKind, key: string, live: Snapshot, baseline: Snapshot): string {
  if (kind === 'partner' || kind === 'identitySynchronization') return partnerName(key, live, baseline)
  const sources: (JsonObject | null | undefined)[] =
    kind === 'conditionalAccessPolicy'
      ? [live.conditionalAccessPolicies?.[key], baseline.conditionalAccessPolicies?.[key]]
      : [live.namedLocations?.[key], baseline.namedLocations?.[key]]
  for (const source of sources) {
    const name = source?.displayName
    if (typeof name === 'string' && name.trim() !== '') return name
  }
  return key
}

function sectionValue(snapshot: Snapshot, section: string): unknown {
  return (snapshot as unknown as Record<string, unknown>)[section]
}

/** The snapshot section an object kind lives in ('guests' for the guest figures). */
export function sectionOf(kind: ObjectKind): string {
  for (const [section, spec] of Object.entries(SINGLETON_SECTIONS)) if (spec.kind === kind) return section
  for (const [section, collectionKind] of Object.entries(COLLECTION_SECTIONS))
    if (collectionKind === kind) return section
  return 'guests'
}
