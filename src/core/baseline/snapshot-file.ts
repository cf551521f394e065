import { SECTION_IDS, type Snapshot } from '../model/snapshot.js'
import { jsonChunks } from '../model/json-chunks.js'

/**
 * The snapshot's file text: envelope first, sections in their fixed order, two-space indent and a
 * final newline. Sections are canonical already (sorted keys), so an unchanged tenant gives the
 * same bytes but for `capturedAt`.
 */
export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(inFileOrder(snapshot), null, 2)}\n`
}

/** serializeSnapshot()'s text in pieces, for writing a large snapshot without holding its text whole. */
export function* serializeSnapshotInPieces(snapshot: Snapshot): Generator<string> {
  yield* jsonChunks(inFileOrder(snapshot))
  yield '\n'
}

function inFileOrder(snapshot: Snapshot): Record<string, unknown> {
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
  return ordered
}
