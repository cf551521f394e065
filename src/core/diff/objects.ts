import { compareText } from '../model/canonical.js'
import { keepPosture, type ExpandedProperties } from '../model/expanded.js'
import type { ObjectKind, ObjectRef } from '../model/finding.js'
import { isJsonObject, type JsonObject } from '../model/json.js'
import { omit, propertiesNotCompared, propertyEntry } from '../model/cloud-properties.js'
import { partnerName } from '../model/partner-names.js'
import type { Snapshot } from '../model/snapshot.js'
import { guestsSection } from '../../sections/guests.js'
import {
  BETA_SECTION_IDS,
  SECTIONS,
  sectionOfKind,
  type Section,
  type SectionId
} from '../../sections/index.js'

/**
 * A section (or guest figure, 'guests.stale', or a property a cloud lacks, 'default.tenantRestrictions')
 * left out of the comparison, and why.
 */
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

type SingletonSection = Extract<Section, { shape: 'singleton' }>
type CollectionSection = Extract<Section, { shape: 'keyed' }>
type PairedSection = SingletonSection | CollectionSection

/** The sections of objects, compared in the table's order (guests are figures, compared by guest-drift.ts). */
const OBJECT_SECTIONS: readonly PairedSection[] = SECTIONS.filter(
  (section): section is PairedSection => section.shape === 'singleton' || section.shape === 'keyed'
)

/** Kinds with many objects, each told apart by its key (partner tenant id, policy id). */
export const KEYED_KINDS: ReadonlySet<ObjectKind> = new Set(
  SECTIONS.flatMap((section) => (section.shape === 'keyed' ? [section.kind] : []))
)

export const GUESTS_OBJECT: ObjectRef = {
  kind: guestsSection.kind,
  key: guestsSection.id,
  displayName: guestsSection.words.displayName
}

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
    // A section Graph serves only in beta is read only with include-beta: a live snapshot that
    // neither holds it nor names it unavailable was taken without, and the section is left out
    // silently (not "not compared"), whatever the baseline holds.
    if (BETA_SECTION_IDS.has(section.id) && !readInto(live, section.id)) continue
    const reason = notComparedReason(baseline, live, section.id)
    if (reason !== undefined) {
      notCompared.push({ section: section.id, reason })
      continue
    }
    const sectionPairs =
      section.shape === 'singleton'
        ? [pairSingleton(baseline, live, section)]
        : pairCollection(baseline, live, section)
    // A property either side's cloud does not have is missing data, not a removal or an addition.
    const skipped = propertiesNotCompared(baseline, live, section)
    for (const [property, why] of skipped) {
      notCompared.push({ section: propertyEntry(section.id, property), reason: why })
    }
    pairs.push(
      ...(skipped.size === 0
        ? sectionPairs
        : sectionPairs.map((pair) => withoutProperties(pair, skipped.keys())))
    )
  }
  return { pairs, notCompared }
}

function withoutProperties(pair: ObjectPair, properties: Iterable<string>): ObjectPair {
  const names = [...properties]
  const stripped: ObjectPair = { object: pair.object }
  if (pair.before !== undefined) stripped.before = omit(pair.before, names)
  if (pair.after !== undefined) stripped.after = omit(pair.after, names)
  return stripped
}

function pairSingleton(baseline: Snapshot, live: Snapshot, section: SingletonSection): ObjectPair {
  return {
    object: { kind: section.kind, key: section.id, displayName: section.words.displayName },
    before: keepPosture(baseline[section.id] ?? {}, expandedOf(section)),
    after: keepPosture(live[section.id] ?? {}, expandedOf(section))
  }
}

function pairCollection(baseline: Snapshot, live: Snapshot, section: CollectionSection): ObjectPair[] {
  const before = collectionEntries(baseline, section.id)
  const after = collectionEntries(live, section.id)
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareText)
  return keys.map((key) => {
    const beforeObject = before.get(key)
    const afterObject = after.get(key)
    const pair: ObjectPair = {
      object: { kind: section.kind, key, displayName: displayNameOf(section, key, live, baseline) }
    }
    // A baseline taken before the declaration holds expanded entities whole: reduced the same way.
    if (beforeObject !== undefined) pair.before = keepPosture(beforeObject, expandedOf(section))
    if (afterObject !== undefined) pair.after = keepPosture(afterObject, expandedOf(section))
    return pair
  })
}

/** The objects of a collection section; a null entry (a partner without a sync policy) is no object. */
function collectionEntries(snapshot: Snapshot, section: CollectionSection['id']): Map<string, JsonObject> {
  const entries = new Map<string, JsonObject>()
  for (const [key, value] of Object.entries(snapshot[section] ?? {})) {
    if (isJsonObject(value)) entries.set(key, value)
  }
  return entries
}

/**
 * The name people know an object by; the live name wins over the baseline's, so a renamed policy
 * shows its current name. Objects keyed by a partner's tenant id are named by partnerName().
 */
function displayNameOf(section: CollectionSection, key: string, live: Snapshot, baseline: Snapshot): string {
  if (section.keyProperty === 'tenantId') {
    const name = partnerName(key, live, baseline)
    // A tenant that is not a partner (a multitenant organization member) goes by its own name.
    if (name !== key) return name
  }
  for (const snapshot of [live, baseline]) {
    const name = snapshot[section.id]?.[key]?.displayName
    if (typeof name === 'string' && name.trim() !== '') return name
  }
  return key
}

function expandedOf(section: PairedSection): ExpandedProperties | undefined {
  return 'expanded' in section ? section.expanded : undefined
}

/** Whether a capture read the section: it holds it, or names it unavailable. */
function readInto(snapshot: Snapshot, section: string): boolean {
  return sectionValue(snapshot, section) !== undefined || snapshot.unavailable?.[section] !== undefined
}

function sectionValue(snapshot: Snapshot, section: string): unknown {
  return (snapshot as unknown as Record<string, unknown>)[section]
}

/** The snapshot section an object kind lives in ('guests' for the guest figures). */
export function sectionOf(kind: ObjectKind): SectionId {
  return sectionOfKind(kind).id
}
