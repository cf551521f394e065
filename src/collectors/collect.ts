import { withCloudGaps } from '../core/model/cloud-properties.js'
import { SNAPSHOT_SCHEMA_VERSION, type CloudName, type Snapshot } from '../core/model/snapshot.js'
import type { GraphReader } from '../graph/graph-reader.js'
import type { Collector, SectionProblem, SnapshotSections } from './collector.js'
import { selectCollectors } from './registry.js'

export interface Collection {
  readonly snapshot: Snapshot
  /** Sections that could not be read; `unavailable` ones are also named in `snapshot.unavailable`. */
  readonly problems: readonly SectionProblem[]
}

export interface CollectOptions {
  readonly tenantId: string
  readonly cloud: CloudName
  readonly staleGuestDays: number
  readonly now: Date
  /** Read the sections Graph serves only in beta too (input include-beta); default false. */
  readonly includeBeta?: boolean
  /** Default: the registry's. Beta ones run only with `includeBeta` either way. */
  readonly collectors?: readonly Collector[]
}

/**
 * Runs every collector at once (their independent reads meet in the reader's batches) and
 * assembles the snapshot. Sections that failed are left out and listed, never filled with guesses;
 * so are the properties the cloud's Graph does not have (the sections' `unavailableProperties`).
 */
export async function collectSnapshot(graph: GraphReader, options: CollectOptions): Promise<Collection> {
  const context = { graph, cloud: options.cloud, staleGuestDays: options.staleGuestDays, now: options.now }
  const results = await Promise.all(
    selectCollectors(options.includeBeta ?? false, options.collectors).map((collector) =>
      collector.collect(context)
    )
  )

  let sections: SnapshotSections = {}
  const problems: SectionProblem[] = []
  for (const result of results) {
    sections = { ...sections, ...result.sections }
    problems.push(...result.problems)
  }
  const unavailable: Record<string, string> = {}
  for (const problem of problems) {
    if (problem.status === 'unavailable' && !problem.core) unavailable[problem.section] = problem.reason
  }
  // The properties the cloud's Graph lacks are named unavailable, not left to read as removed.
  const snapshot: Snapshot = withCloudGaps({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tenantId: options.tenantId,
    cloud: options.cloud,
    capturedAt: options.now.toISOString(),
    ...sections,
    ...(Object.keys(unavailable).length > 0 ? { unavailable: sortedRecord(unavailable) } : {})
  })
  return { snapshot, problems }
}

/** Problems that forbid trusting the snapshot: any incomplete section, and unreadable core sections. */
export function blockingProblems(problems: readonly SectionProblem[]): SectionProblem[] {
  return problems.filter((problem) => problem.status === 'incomplete' || problem.core)
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
