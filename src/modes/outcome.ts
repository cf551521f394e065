import type { Snapshot } from '../core/model/snapshot.js'
import type { Report } from '../core/report/report.js'

// What the modes and the publisher hand each other and the entry point: plain data, in a module of
// its own so that neither side imports the other for a type.

/** What a mode hands back to the entry point. */
export interface ModeOutcome {
  readonly outputs: Readonly<Record<string, string>>
  /** Set when the step must fail: one message for the user. */
  readonly failure?: string
  /** The report a person reads (the CLI prints it). */
  readonly report?: string
}

/** What publishing hands back: outputs to set, and a section to add to the job summary. */
export interface PublishOutcome {
  readonly outputs: Record<string, string>
  /** The trend (or this run's numbers), appended to the job summary after the report. */
  readonly summary?: string
  /** Writes that failed, each naming the operation and the issue; the step fails with them. */
  readonly failures?: readonly string[]
}

/** What detect found, for the publisher. */
export interface DetectResult {
  readonly report: Report
  readonly markdown: string
  readonly live: Snapshot
  /**
   * The live snapshot as collected, only when every section was read (a baseline may be made of it).
   * Serialised only by what needs its text: at thousands of partners the text is tens of megabytes.
   */
  readonly completeSnapshot: Snapshot | undefined
  /**
   * The committed baseline's text the run compared with, read again from the checkout when publishing
   * needs it (undefined if it is gone): the run does not hold its megabytes while it reads Graph.
   */
  readonly readBaselineText: () => Promise<string | undefined>
  /** The run's clock (ISO 8601): due dates count from it. */
  readonly now?: string
  /** Sections (and guest figures) that were not compared this run: nothing about them may be concluded. */
  readonly notCompared: ReadonlySet<string>
  /** Sections whose read failed so that the run fails (incomplete, or core): no issue is written. */
  readonly blocked: readonly string[]
  /** The tier the partner policy places a partner in (by tenant id), when a policy was read. */
  readonly tierOf?: (partnerTenantId: string) => string | undefined
}
