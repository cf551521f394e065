import type { Pseudonyms } from '../core/model/pseudonym.js'
import type { RedactionContext } from '../core/report/redact.js'
import {
  recordsRun,
  historyPoint,
  mergeHistories,
  parseHistoryData,
  type HistoryPoint
} from '../core/report/history.js'
import type { Report } from '../core/report/report.js'
import {
  HISTORY_LABEL,
  historyMarkerPrefix,
  renderHistoryIssue,
  renderHistorySummary,
  type OpenDrift
} from '../core/render/render-history.js'
import type { Snapshot } from '../core/model/snapshot.js'
import type { IssueRecord, IssueTracker, LabelSpec } from '../github/issue-tracker.js'
import type { LineLog } from '../runtime/logger.js'

export interface RecordHistoryInput {
  /** An issue tracker scoped to HISTORY_LABEL. */
  readonly tracker: IssueTracker
  readonly report: Report
  /** The live snapshot: its guest figures are the point's. */
  readonly live: Snapshot
  /** Write the tenant as its placeholder (public repository). */
  /** Set where identifiers must not appear. */
  readonly redaction: RedactionContext | undefined
  /** What the hidden marker is made of. */
  readonly pseudonyms: Pseudonyms
  readonly log: LineLog
  /** The workflow run (GITHUB_RUN_ID): a re-run of a run already recorded changes nothing. */
  readonly run?: string
  /** The drift issues open after this run and the clock: the issue lists them by age. */
  readonly open?: { readonly drifts: readonly OpenDrift[]; readonly now: string } | undefined
}

export interface RecordedHistory {
  readonly issueNumber: number
  /** Oldest first, this run last. */
  readonly points: readonly HistoryPoint[]
  /** The job summary's trend section. */
  readonly summary: string
}

export const HISTORY_LABEL_SPEC: LabelSpec = {
  name: HISTORY_LABEL,
  color: 'c5def5',
  description: 'Guest and drift figures of a tenant over the last runs (kept by entra-b2b-drift)'
}

/**
 * Adds this run to the tenant's tracking issue: one edit per run, never a comment, so the
 * history notifies nobody. The issue is found by its hidden marker, never by its title; a closed
 * one keeps being updated (closing it only tidies the issue list).
 */
export async function recordHistory(input: RecordHistoryInput): Promise<RecordedHistory> {
  const { tracker, report, log } = input
  const tracked = await tracker.listTracked(historyMarkerPrefix(report.tenantId, input.pseudonyms))
  const byNumber = [...tracked].sort((a, b) => a.number - b.number)
  const issue = canonicalIssue(byNumber)
  const earlier: HistoryPoint[][] = []
  for (const record of byNumber) {
    const parsed = parseHistoryData(record.body)
    if (parsed.unreadable > 0) {
      log.warning(
        `Tracking issue #${record.number}: ${parsed.unreadable} history entr${parsed.unreadable === 1 ? 'y is' : 'ies are'} not readable (edited by hand?) and dropped.`
      )
    }
    earlier.push(parsed.points)
  }
  if (byNumber.length > 1) {
    log.warning(
      `Several tracking issues carry this tenant's history (${byNumber.map((record) => `#${record.number}`).join(', ')}): their points are merged into #${issue?.number}; close the others.`
    )
  }

  const recorded = mergeHistories(earlier)
  const points = recordsRun(recorded, input.run)
    ? recorded
    : mergeHistories([...earlier, [historyPoint(report, input.live, input.run)]])
  const { title, body } = renderHistoryIssue(report.tenantId, points, {
    redact: input.redaction,
    pseudonyms: input.pseudonyms,
    open: input.open
  })
  let issueNumber: number
  if (issue === undefined) {
    await tracker.ensureLabels([HISTORY_LABEL_SPEC])
    issueNumber = await tracker.create({ title, body, labels: [HISTORY_LABEL], assignees: [] })
    log.info(`Opened the history tracking issue #${issueNumber}.`)
  } else {
    issueNumber = issue.number
    if (issue.body === body && issue.title === title) {
      log.info(`The history tracking issue #${issueNumber} already holds this run.`)
    } else {
      await tracker.update(issueNumber, { body, ...(issue.title === title ? {} : { title }) })
      log.info(`Added this run to the history tracking issue #${issueNumber} (${points.length} runs).`)
    }
  }
  return { issueNumber, points, summary: renderHistorySummary(points, issueNumber) }
}

/** The lowest open issue; without an open one, the latest closed one. */
function canonicalIssue(byNumber: readonly IssueRecord[]): IssueRecord | undefined {
  return byNumber.find((issue) => issue.state === 'open') ?? byNumber.at(-1)
}
