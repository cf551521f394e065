import { SECTION_IDS, type Snapshot } from '../model/snapshot.js'
import { jsonChunks } from '../model/json-chunks.js'
import type { JsonObject } from '../model/json.js'

/**
 * The snapshot's file text: envelope first, sections in their fixed order, two-space indent and a
 * final newline. Sections are canonical already (sorted keys), so an unchanged tenant gives the
 * same bytes but for `capturedAt`.
 */
export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshotDocument(snapshot), null, 2)}\n`
}

/** serializeSnapshot()'s text in pieces, for writing a large snapshot without holding its text whole. */
export function* serializeSnapshotInPieces(snapshot: Snapshot): Generator<string> {
  yield* jsonChunks(snapshotDocument(snapshot))
  yield '\n'
}

/** What the snapshot's file holds, in the file's order: its text is `JSON.stringify(document, null, 2)`. */
export function snapshotDocument(snapshot: Snapshot): JsonObject {
  const ordered: Record<string, unknown> = {
    schemaVersion: snapshot.schemaVersion,
    tenantId: snapshot.tenantId,
    cloud: snapshot.cloud,
    capturedAt: snapshot.capturedAt
  }
  for (const section of SECTION_IDS) {
    if (snapshot[section] !== undefined) ordered[section] = snapshot[section]
  }
  if (snapshot.unavailable !== undefined) ordered.unavailable = snapshot.unavailable
  if (snapshot.ignore !== undefined) ordered.ignore = snapshot.ignore
  return ordered as JsonObject
}
