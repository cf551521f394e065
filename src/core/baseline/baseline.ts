import { canonicalize, compareText } from '../model/canonical.js'
import { plain } from '../render/inert.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import {
  appendPointer,
  parseJsonWithPositions,
  type JsonSourceError,
  type ValuePosition
} from './json-source.js'
import {
  SECTION_IDS,
  SNAPSHOT_SCHEMA_VERSION,
  type GuestCounts,
  type IgnoreEntry,
  type SectionId,
  type Snapshot
} from '../model/snapshot.js'
import { validateSnapshotDocument, type SchemaProblem } from './snapshot-schema.js'
import { SECTIONS } from '../../sections/index.js'

/**
 * Reads a baseline file's text into a Snapshot. A broken baseline must never turn into "everything
 * drifted": anything wrong with it stops the run with one error that says where and how to fix it.
 */

/** A tenant's snapshot is normally well under 1 MB; far beyond that the file is not a baseline. */
export const MAX_BASELINE_BYTES = 25 * 1024 * 1024

/** The schemaVersion values this build reads. */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [SNAPSHOT_SCHEMA_VERSION]

export interface BaselineProblem {
  /** RFC 6901 pointer; '' is the whole document. Absent when the problem has no place in the JSON. */
  pointer?: string
  line?: number
  column?: number
  /** Plain words; may quote the file's own text, so show it through formatBaselineError (or inert()). */
  problem: string
}

export interface BaselineError extends BaselineProblem {
  file: string
  fix: string
  /** Further schema violations after the first, in file order (a few at most). */
  otherProblems?: BaselineProblem[]
  /** Schema violations beyond those listed. */
  unlistedProblems?: number
}

export type BaselineResult = { ok: true; baseline: Snapshot } | { ok: false; error: BaselineError }

const LISTED_PROBLEMS = 5
const REGENERATE = 'regenerate the baseline with `mode: snapshot`'

/** Sections keyed by a property of their entries: the key and that property must agree. */
const KEYED_SECTIONS = SECTIONS.flatMap((section) =>
  section.shape === 'keyed' || section.shape === 'labels'
    ? [{ section: section.id, property: section.keyProperty, entry: section.words.entry }]
    : []
)

export function parseBaseline(
  text: string,
  file: string,
  expect: { tenantId?: string } = {}
): BaselineResult {
  const fail = (error: Omit<BaselineError, 'file'>): BaselineResult => ({
    ok: false,
    error: { file, ...error }
  })

  const bytes = utf8Length(text)
  if (bytes > MAX_BASELINE_BYTES) {
    return fail({
      problem: `the file is ${(bytes / 1024 / 1024).toFixed(1)} MB; a baseline may be at most ${MAX_BASELINE_BYTES / 1024 / 1024} MB`,
      fix: `A baseline of one tenant is normally well under 1 MB. Make sure the file holds only the snapshot written by \`mode: snapshot\` (no logs or exports pasted into it), or ${REGENERATE}.`
    })
  }
  if (!/[^\s\uFEFF]/.test(text)) {
    return fail({
      problem: 'the file is empty',
      fix: 'Run the action with `mode: snapshot` to write a baseline for this tenant, review it, and commit it.'
    })
  }

  const parsed = parseJsonWithPositions(text)
  if (!parsed.ok) return fail(sourceError(parsed.error))
  const document = parsed.value
  const locate = (pointer: string, at: SchemaProblem['at'] = 'value'): Omit<BaselineProblem, 'problem'> => {
    const position: ValuePosition | undefined = parsed.positions(pointer)
    const place = at === 'key' ? (position?.key ?? position) : position
    return place === undefined ? { pointer } : { pointer, line: place.line, column: place.column }
  }

  if (!isJsonObject(document)) {
    return fail({
      ...locate(''),
      problem: `a baseline must be a JSON object, not ${kindOf(document)}`,
      fix: `A baseline is the JSON object written by \`mode: snapshot\` ({"schemaVersion": 1, "tenantId": …}): ${REGENERATE}.`
    })
  }

  const versionError = checkSchemaVersion(document)
  if (versionError !== undefined) return fail({ ...locate(versionError.pointer), ...versionError })

  const schemaProblems = validateSnapshotDocument(document)
  if (schemaProblems.length > 0) {
    const located = schemaProblems
      .map((p) => ({ ...locate(p.pointer, p.at), problem: p.message }))
      .sort(byPosition)
    const [first, ...others] = located as [BaselineProblem, ...BaselineProblem[]]
    const listed = others.slice(0, LISTED_PROBLEMS - 1)
    return fail({
      ...first,
      ...(listed.length > 0 ? { otherProblems: listed } : {}),
      ...(others.length > listed.length ? { unlistedProblems: others.length - listed.length } : {}),
      fix: `Edit the value to match the snapshot format (the message says what is allowed; add "$schema" pointing at snapshot-v1.json so your editor checks as you type), or ${REGENERATE}.`
    })
  }
  // The schema has accepted the document's shape, so it is a Snapshot (plus an optional $schema).
  const snapshot = document as unknown as Snapshot

  if (expect.tenantId !== undefined && snapshot.tenantId.toLowerCase() !== expect.tenantId.toLowerCase()) {
    const expected = plain(expect.tenantId, 80)
    return fail({
      ...locate('/tenantId'),
      problem: `baseline belongs to tenant ${snapshot.tenantId} but the action runs for tenant ${expected}`,
      fix: `Use the baseline of tenant ${expected} (baselines/${expected}.json by default), or create it by running the action with \`mode: snapshot\` for that tenant.`
    })
  }

  for (const { section, property, entry } of KEYED_SECTIONS) {
    for (const [key, value] of Object.entries(snapshot[section] ?? {})) {
      const own = value?.[property]
      if (typeof own !== 'string' || own === key) continue
      return fail({
        ...locate(appendPointer(appendPointer(`/${section}`, key), property)),
        problem: `${entry} key '${key}' differs from its ${property} '${own}'`,
        fix: `Entries in ${section} are keyed by their ${property}: make the key and the ${property} the same, or ${REGENERATE}.`
      })
    }
  }

  return { ok: true, baseline: canonicalSnapshot(snapshot) }
}

/** "Baseline <file> is invalid at <pointer> (line L, column C): <problem>." and a "Fix:" line. */
export function formatBaselineError(error: BaselineError): string {
  const lines = [`Baseline ${plain(error.file, 200)} is invalid${where(error)}: ${sentence(error.problem)}`]
  for (const other of error.otherProblems ?? [])
    lines.push(`  Also${where(other)}: ${sentence(other.problem)}`)
  if (error.unlistedProblems !== undefined) {
    lines.push(`  ...and ${error.unlistedProblems} more problem${error.unlistedProblems === 1 ? '' : 's'}.`)
  }
  lines.push(`Fix: ${plain(error.fix, 600)}`)
  return lines.join('\n')
}

function where(problem: BaselineProblem): string {
  const at =
    problem.pointer === undefined
      ? ''
      : problem.pointer === ''
        ? ' at the document root'
        : ` at ${plain(problem.pointer, 200)}`
  const position =
    problem.line === undefined || problem.column === undefined
      ? ''
      : ` (line ${problem.line}, column ${problem.column})`
  return `${at}${position}`
}

/** File contents end up in the message: one line, no invisible characters, bounded. */
function sentence(problem: string): string {
  return `${plain(problem, 300)}.`
}

function sourceError(error: JsonSourceError): Omit<BaselineError, 'file'> {
  const location = {
    ...(error.pointer === undefined ? {} : { pointer: error.pointer }),
    line: error.line,
    column: error.column,
    problem: error.message
  }
  switch (error.kind) {
    case 'duplicateKey': {
      const key = lastToken(error.pointer ?? '')
      const first = error.firstOccurrence
      return {
        ...location,
        fix: `Keep one of the two '${key}' entries (the first is at line ${first?.line}, column ${first?.column}) and delete the other: a key may appear only once in an object.`
      }
    }
    case 'mergeConflict':
      return {
        ...location,
        fix: `Resolve the merge conflict: keep one side, delete the <<<<<<<, ======= and >>>>>>> lines, or ${REGENERATE}.`
      }
    case 'syntax':
      return {
        ...location,
        fix: `Correct the JSON at that position (baselines are plain JSON: double-quoted strings, no comments, no trailing commas), or ${REGENERATE}.`
      }
  }
}

/** The version is checked before the schema so that a baseline of another format gets this message, not fifty. */
function checkSchemaVersion(
  document: JsonObject
): (BaselineProblem & { pointer: string; fix: string }) | undefined {
  const reads = `this build reads schemaVersion ${READABLE_SCHEMA_VERSIONS.join(' or ')}`
  if (!Object.hasOwn(document, 'schemaVersion')) {
    return {
      pointer: '',
      problem: `schemaVersion is missing (${reads})`,
      fix: `Regenerate the baseline with \`mode: snapshot\`; it writes schemaVersion ${SNAPSHOT_SCHEMA_VERSION}.`
    }
  }
  const version = document['schemaVersion'] as JsonValue
  if (typeof version === 'number' && READABLE_SCHEMA_VERSIONS.includes(version)) return undefined
  const newer = typeof version === 'number' && Number.isInteger(version) && version > SNAPSHOT_SCHEMA_VERSION
  return {
    pointer: '/schemaVersion',
    problem: `schemaVersion ${plain(JSON.stringify(version), 40)} is not supported: ${reads}`,
    fix: newer
      ? `This baseline was written by a newer version of entra-b2b-drift: upgrade the action, or regenerate the baseline with \`mode: snapshot\` using this version.`
      : `Regenerate the baseline with \`mode: snapshot\` (it writes schemaVersion ${SNAPSHOT_SCHEMA_VERSION}), then re-apply any intended hand edits.`
  }
}

/**
 * The baseline in the form the comparison expects: Graph sections canonicalised (a hand edit may
 * reorder keys or set-like arrays, or keep OData annotations), our own sections in a fixed key
 * order, and without the editor-only $schema. Two equivalent files load to identical JSON.
 */
function canonicalSnapshot(document: Snapshot): Snapshot {
  const snapshot: Snapshot = {
    schemaVersion: document.schemaVersion,
    tenantId: document.tenantId,
    cloud: document.cloud,
    capturedAt: document.capturedAt
  }
  for (const section of SECTION_IDS) {
    const value = document[section]
    if (value === undefined) continue
    const canonical =
      section === 'guests' ? inKeyOrder(value, GUEST_COUNT_KEYS) : canonicalize(value as GraphSection)
    Object.assign(snapshot, { [section]: canonical })
  }
  if (document.unavailable !== undefined) {
    const sortedKeys = Object.keys(document.unavailable).sort(compareText)
    snapshot.unavailable = inKeyOrder(document.unavailable, sortedKeys)
  }
  // Entry order is kept: it is the author's.
  if (document.ignore !== undefined)
    snapshot.ignore = document.ignore.map((entry) => inKeyOrder(entry, IGNORE_KEYS))
  return snapshot
}

type GraphSection = NonNullable<Snapshot[Exclude<SectionId, 'guests'>]>

const GUEST_COUNT_KEYS: readonly (keyof GuestCounts)[] = [
  'total',
  'pendingAcceptance',
  'externalMembers',
  'staleAfterDays',
  'stale',
  'staleDefinition'
]
const IGNORE_KEYS: readonly (keyof IgnoreEntry)[] = ['kind', 'key', 'path', 'reason', 'expires']

/** A copy with the given keys, in that order (the schema has ruled out any others). */
function inKeyOrder<T extends object>(value: T, keys: readonly (keyof T)[]): T {
  const copy: Partial<T> = {}
  for (const key of keys) if (Object.hasOwn(value, key)) copy[key] = value[key]
  return copy as T
}

function byPosition(a: BaselineProblem, b: BaselineProblem): number {
  return (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0)
}

function kindOf(value: JsonValue): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`
}

function lastToken(pointer: string): string {
  const escaped = pointer.slice(pointer.lastIndexOf('/') + 1)
  return escaped.replaceAll('~1', '/').replaceAll('~0', '~')
}

/**
 * The UTF-8 size, counted only when the character count cannot decide (a UTF-16 unit is 1 to 3
 * bytes). A text over the cap by its character count alone gets that count: exact for ASCII.
 * Counted, not encoded: encoding a baseline of thousands of partners copied megabytes for a number.
 */
function utf8Length(text: string): number {
  if (text.length > MAX_BASELINE_BYTES || text.length * 3 <= MAX_BASELINE_BYTES) return text.length
  let bytes = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4
      index++
    } else bytes += 3 // a lone surrogate is encoded as U+FFFD: three bytes
  }
  return bytes
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
