import { compareText } from '../core/model/canonical.js'
import type { Finding, ObjectKind, Severity } from '../core/model/finding.js'
import {
  DRIFT_LABEL,
  OVERFLOW_KIND,
  planIssueSync,
  severityLabel,
  type DriftedObject,
  type IssueOperation,
  type IssueSeverity,
  type TrackedIssue
} from '../core/report/issue-plan.js'
import type { Pseudonyms } from '../core/model/pseudonym.js'
import { redactText, type RedactionContext } from '../core/report/redact.js'
import {
  parseIssueMarker,
  renderResolvedComment,
  tenantMarkerPrefix,
  type DriftEnding
} from '../core/render/render-issue.js'
import { carriesCommentMarker, withCommentMarker } from '../core/report/comment-marker.js'
import { OVERDUE_LABEL, type TriageContext } from '../core/report/triage.js'
import type { BaselineHistory } from '../github/baseline-history.js'
import type { OpenDrift } from '../core/render/render-history.js'
import { statusOf } from '../errors.js'
import { describeGitHubError } from '../github/github-error.js'
import type { IssueTracker, LabelSpec } from '../github/issue-tracker.js'
import type { LineLog } from '../runtime/logger.js'

export interface PublishIssuesOptions {
  /** Findings below this severity get no issue. */
  readonly minSeverity: IssueSeverity
  /** Extra labels on every drift issue (created with a neutral colour if missing). */
  readonly labels: readonly string[]
  /** Assigned on new issues only. */
  readonly assignees: readonly string[]
  /** Set where identifiers must not appear (a repository that is not private). */
  readonly redaction: RedactionContext | undefined
  /** What hidden markers are made of (keyed where identifiers are redacted). */
  readonly pseudonyms: Pseudonyms
  /** At most this many new issues per run; the rest are listed in one overflow issue (default: no cap). */
  readonly maxIssuesPerRun?: number
  /** Links, owners, response times and the clock for each issue's triage block (see TriageContext). */
  readonly triage?: TriageContext | undefined
}

export interface PublishIssuesInput {
  readonly tracker: IssueTracker
  /** Every finding of the run; ignored and info ones never open an issue. */
  readonly findings: readonly Finding[]
  /** Whether the run compared the object's section; `key` undefined = the whole kind. */
  readonly observed: (kind: ObjectKind, key: string | undefined) => boolean
  readonly tenantId: string
  readonly options: PublishIssuesOptions
  readonly log: LineLog
  /** Why this run may not write issues (a core section was not read), when it may not. */
  readonly blocked?: string | undefined
  /** Object fingerprint → token of its baseline value (issue-plan's baselineStates). */
  readonly baselineStates?: ReadonlyMap<string, string> | undefined
  /** The baseline file's history: a drift that disappears is closed as accepted or reverted. */
  readonly baselineHistory?: { readonly port: BaselineHistory; readonly path: string } | undefined
}

const SEVERITY_LABELS: Record<IssueSeverity, LabelSpec> = {
  critical: label(
    'critical',
    'b60205',
    'Drift that opens the tenant to every external organisation or removes a guest control'
  ),
  high: label('high', 'd93f0b', 'Drift that widens trust or access for external users'),
  medium: label('medium', 'fbca04', 'Drift worth a review: narrower access, changed lifecycle settings'),
  low: label('low', '0e8a16', 'Drift with little security impact')
}
const DRIFT_LABEL_SPEC: LabelSpec = {
  name: DRIFT_LABEL,
  color: '5319e7',
  description: 'Entra cross-tenant settings differ from the committed baseline (opened by entra-b2b-drift)'
}

const OVERDUE_LABEL_SPEC: LabelSpec = {
  name: OVERDUE_LABEL,
  color: 'b60205',
  description: 'A drift issue open past the response time of its severity (response-times)'
}

/** What publishing did, and each write that failed (named by operation and issue), as values. */
export interface PublishedIssues {
  /** Issues opened, updated or reopened by this run. */
  readonly issueNumbers: number[]
  /** E.g. `closing issue #12 ("Entra drift: …"): 403 Resource not accessible by integration`. */
  readonly failures: string[]
  /** The drift issues open after this run, for the history issue's list by age. */
  readonly open?: OpenDrift[]
}

/**
 * Makes GitHub issues follow the drift: one issue per drifted object, quiet when nothing changed.
 * Each planned write is carried out on its own: one that fails is reported and the others still
 * happen, so the caller can set its outputs and then fail the job with every failure named.
 * `blocked` (why the run may not write) turns every write into a line in the log.
 */
export async function publishIssues(input: PublishIssuesInput): Promise<PublishedIssues> {
  const { tracker, tenantId, options, log } = input
  const counted = input.findings.filter((finding) => finding.ignored === undefined)

  let tracked: TrackedIssue[]
  try {
    tracked = await listTrackedIssues(tracker, tenantId, options.pseudonyms)
  } catch (error) {
    return { issueNumbers: [], failures: [`listing the drift issues: ${describeGitHubError(error)}`] }
  }
  const operations = planIssueSync({
    drifted: groupByObject(counted),
    tracked,
    observed: input.observed,
    tenantId,
    options: {
      minSeverity: options.minSeverity,
      labels: options.labels,
      assignees: options.assignees,
      redact: options.redaction,
      pseudonyms: options.pseudonyms,
      maxIssuesPerRun: options.maxIssuesPerRun,
      triage: options.triage
    },
    blocked: input.blocked,
    baselineStates: input.baselineStates
  })
  if (input.blocked !== undefined) {
    const withheld = operations.filter((operation) => operation.kind === 'withheld')
    log.warning(
      `No drift issue is written: ${input.blocked}.${withheld.length === 0 ? ' Nothing would have changed.' : ''}`
    )
    for (const operation of withheld) log.info(`Not written: would ${operation.would}.`)
    return { issueNumbers: [], failures: [] }
  }

  const failures: string[] = []
  const labels = labelsToEnsure(operations, options.labels)
  if (labels.length > 0) {
    try {
      await tracker.ensureLabels(labels)
    } catch (error) {
      // GitHub creates a missing label when an issue names it; only its colour and description are lost.
      log.warning(`Could not create the labels (${describeGitHubError(error)}); issues are written anyway.`)
    }
  }

  const issueNumbers: number[] = []
  const created: number[] = []
  const createdAt = new Map<IssueOperation, number>()
  for (const planned of operations) {
    const operation = await withEnding(planned, input)
    try {
      const number = await apply(tracker, operation, { tenantId, pseudonyms: options.pseudonyms, log })
      if (number !== undefined) issueNumbers.push(number)
      if (number !== undefined && operation.kind === 'create') {
        created.push(number)
        createdAt.set(operation, number)
      }
    } catch (error) {
      const failure = `${describeOperation(operation)}: ${describeGitHubError(error)}`
      log.warning(`Failed ${failure}`)
      failures.push(failure)
    }
  }
  let yielded: number[] = []
  if (created.length > 0) {
    try {
      yielded = await yieldToRacingRuns(tracker, tenantId, options.pseudonyms, created, log)
    } catch (error) {
      failures.push(`looking for issues a racing run opened: ${describeGitHubError(error)}`)
    }
  }
  return {
    issueNumbers: issueNumbers.filter((number) => !yielded.includes(number)),
    failures,
    // Listed by age in the history issue where issues carry triage facts.
    ...(options.triage === undefined
      ? {}
      : {
          open: openAfter(tracked, operations, createdAt, options.triage.now).filter(
            (drift) => !yielded.includes(drift.number)
          )
        })
  }
}

/** The drift issues open once the plan is carried out (writes that failed aside): tracked, reopened or created. */
function openAfter(
  tracked: readonly TrackedIssue[],
  operations: readonly IssueOperation[],
  created: ReadonlyMap<IssueOperation, number>,
  now: string | undefined
): OpenDrift[] {
  const closed = new Set(
    operations.flatMap((operation) => (operation.kind === 'close' ? [operation.number] : []))
  )
  const reopened = new Set(
    operations.flatMap((operation) => (operation.kind === 'reopen' ? [operation.number] : []))
  )
  const open: OpenDrift[] = []
  for (const issue of tracked) {
    if (issue.marker.kind === OVERFLOW_KIND || closed.has(issue.number)) continue
    if (issue.state !== 'open' && !reopened.has(issue.number)) continue
    open.push({
      number: issue.number,
      title: issue.title,
      severity: severityOf(issue.labels),
      openedAt: issue.createdAt,
      overdue: issue.labels.includes(OVERDUE_LABEL)
    })
  }
  for (const [operation, number] of created) {
    if (operation.kind !== 'create' || operation.object === undefined) continue
    if (operation.labels.includes(DRIFT_LABEL) && operation.title.includes('(over max-issues-per-run)'))
      continue
    open.push({ number, title: operation.title, severity: operation.severity, openedAt: now, overdue: false })
  }
  return open
}

function severityOf(labels: readonly string[]): Severity | undefined {
  const label = labels.find((name) => name.startsWith('severity:'))
  const severity = label?.slice('severity:'.length)
  return (['critical', 'high', 'medium', 'low'] as const).find((known) => known === severity)
}

/**
 * A drift that is gone ended one of two ways: the baseline changed to match (accepted: the merged
 * pull request that changed the baseline file since the issue was opened names it) or the tenant
 * was put back (reverted: the baseline did not change). The comment says which; its marker stays.
 */
async function withEnding(operation: IssueOperation, input: PublishIssuesInput): Promise<IssueOperation> {
  if (operation.kind !== 'close' || operation.ending === undefined) return operation
  const { openedAt, baselineMoved } = operation.ending
  let ending: DriftEnding | undefined
  if (baselineMoved === false) {
    // The object's baseline value is what it was when the issue was written: the tenant moved back.
    ending = { how: 'reverted' }
  } else if (input.baselineHistory === undefined) {
    ending = baselineMoved === true ? { how: 'accepted' } : undefined
  } else if (openedAt === undefined) {
    ending =
      baselineMoved === true
        ? { how: 'accepted' }
        : { how: 'unknown', why: 'GitHub did not say when this issue was opened' }
  } else {
    const { port, path } = input.baselineHistory
    try {
      const changes = await port.changesSince(path, openedAt)
      const change = changes.find((candidate) => candidate.pullRequest !== undefined) ?? changes[0]
      ending =
        change === undefined
          ? baselineMoved === true
            ? { how: 'accepted' }
            : { how: 'reverted' }
          : {
              how: 'accepted',
              sha: change.sha,
              ...(change.pullRequest === undefined ? {} : { pullRequest: change.pullRequest }),
              committer: change.committer
            }
    } catch (error) {
      ending =
        baselineMoved === true
          ? { how: 'accepted' }
          : { how: 'unknown', why: `reading the history of ${path}: ${describeGitHubError(error)}` }
    }
  }
  if (ending === undefined) return operation
  const comment = withCommentMarker(
    renderResolvedComment(false, input.options.minSeverity, ending),
    operation.commentMarker
  )
  return { ...operation, comment: redactedComment(comment, input) }
}

function redactedComment(comment: string, input: PublishIssuesInput): string {
  const context = input.options.redaction
  return context === undefined ? comment : redactText(comment, context)
}

async function listTrackedIssues(
  tracker: IssueTracker,
  tenantId: string,
  pseudonyms: Pseudonyms
): Promise<TrackedIssue[]> {
  const tracked: TrackedIssue[] = []
  for (const issue of await tracker.listTracked(tenantMarkerPrefix(tenantId, pseudonyms))) {
    const marker = parseIssueMarker(issue.body)
    if (marker !== undefined) tracked.push({ ...issue, marker })
  }
  return tracked
}

/**
 * Two runs started together both find no issue and both open one. Looking again after creating
 * settles it within the run: an issue we just opened that has an older open twin is closed as its
 * duplicate, so every run converges on the lowest number whatever the interleaving.
 */
async function yieldToRacingRuns(
  tracker: IssueTracker,
  tenantId: string,
  pseudonyms: Pseudonyms,
  created: readonly number[],
  log: LineLog
): Promise<number[]> {
  const open = (await listTrackedIssues(tracker, tenantId, pseudonyms)).filter(
    (issue) => issue.state === 'open'
  )
  const yielded: number[] = []
  for (const number of created) {
    const mine = open.find((issue) => issue.number === number)
    if (mine === undefined) continue
    const older = open
      .filter((issue) => issue.marker.object === mine.marker.object && issue.number < number)
      .sort((a, b) => a.number - b.number)[0]
    if (older === undefined) continue
    await tracker.comment(number, `Duplicate of #${older.number}: another run opened it at the same time.`)
    await tracker.close(number, 'not_planned')
    log.info(
      `Closed issue #${number}: another run opened #${older.number} for the same drift at the same time.`
    )
    yielded.push(number)
  }
  return yielded
}

/**
 * Carries out one planned operation; returns the issue number when it was opened or updated.
 * The comment goes out before the body's marker moves: if the comment fails, the issue still
 * shows the old state and the next run comments again; if the comment went out but the edit
 * failed, the next run finds its comment last and does not repeat it.
 */
async function apply(
  tracker: IssueTracker,
  operation: IssueOperation,
  context: { tenantId: string; pseudonyms: Pseudonyms; log: LineLog }
): Promise<number | undefined> {
  const { log } = context
  switch (operation.kind) {
    case 'create': {
      const number = await createOnce(tracker, operation, context)
      log.info(`Opened issue #${number}: ${operation.title}`)
      return number
    }
    case 'update': {
      const { number, comment, commentMarker, kind: _kind, about: _about, ...changes } = operation
      if (comment !== undefined) await commentUnlessPosted(tracker, number, comment, commentMarker, log)
      await tracker.update(number, changes)
      log.info(
        `Updated issue #${number}${comment === undefined ? ' (wording only)' : ': the drift changed'}.`
      )
      return number
    }
    case 'reopen': {
      const { number, comment, commentMarker, kind: _kind, about: _about, ...changes } = operation
      await commentUnlessPosted(tracker, number, comment, commentMarker, log)
      await tracker.reopen(number, changes)
      log.info(`Reopened issue #${number}: the drift is back.`)
      return number
    }
    case 'close':
      await commentUnlessPosted(tracker, operation.number, operation.comment, operation.commentMarker, log)
      await tracker.close(operation.number, operation.reason)
      log.info(
        `Closed issue #${operation.number} (${operation.reason === 'completed' ? 'drift resolved' : 'duplicate'}).`
      )
      return undefined
    case 'none':
      log.info(`Issue #${operation.number} left as it is: ${operation.why}.`)
      return undefined
    case 'withheld':
      log.info(`Not written: would ${operation.would}.`)
      return undefined
  }
}

/**
 * Creating an issue is not idempotent: after a 5xx or a lost connection GitHub may have created
 * it. So the POST is sent once, and before trying again the tracked issues are listed: an open one
 * with this object's marker is the one we made.
 */
async function createOnce(
  tracker: IssueTracker,
  operation: Extract<IssueOperation, { kind: 'create' }>,
  context: { tenantId: string; pseudonyms: Pseudonyms; log: LineLog }
): Promise<number> {
  try {
    return await tracker.create(operation)
  } catch (error) {
    if (!mayHaveBeenCarriedOut(error)) throw error
    const made = (await listTrackedIssues(tracker, context.tenantId, context.pseudonyms))
      .filter((issue) => issue.state === 'open' && issue.marker.object === operation.object)
      .sort((a, b) => a.number - b.number)[0]
    if (made !== undefined) {
      context.log.info(
        `Creating the issue got ${describeGitHubError(error)}, but GitHub had created it: #${made.number}.`
      )
      return made.number
    }
    context.log.info(
      `Creating the issue got ${describeGitHubError(error)}; it does not exist: trying once more.`
    )
    return tracker.create(operation)
  }
}

async function commentUnlessPosted(
  tracker: IssueTracker,
  number: number,
  comment: string,
  marker: string | undefined,
  log: LineLog
): Promise<void> {
  if (marker !== undefined && carriesCommentMarker(await tracker.lastOwnComment(number), marker)) {
    log.info(`Issue #${number} already has this comment (an earlier run posted it): not repeated.`)
    return
  }
  await tracker.comment(number, comment)
}

function describeOperation(operation: IssueOperation): string {
  switch (operation.kind) {
    case 'none':
      return `leaving issue #${operation.number} as it is`
    case 'withheld':
      return `logging that the run would ${operation.would}`
    case 'create':
      return `opening an issue ("${operation.about}")`
    case 'update':
      return `updating issue #${operation.number} ("${operation.about}")`
    case 'reopen':
      return `reopening issue #${operation.number} ("${operation.about}")`
    case 'close':
      return `closing issue #${operation.number} ("${operation.about}")`
  }
}

/** A 5xx, or no answer at all: the write may have happened. */
function mayHaveBeenCarriedOut(error: unknown): boolean {
  const status = statusOf(error)
  return status === undefined || status >= 500
}

function groupByObject(findings: readonly Finding[]): DriftedObject[] {
  const groups = new Map<string, { object: Finding['object']; findings: Finding[] }>()
  for (const finding of findings) {
    const id = `${finding.object.kind}\n${finding.object.key}`
    const group = groups.get(id) ?? { object: finding.object, findings: [] }
    group.findings.push(finding)
    groups.set(id, group)
  }
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b)).map(([, group]) => group)
}

/** Only labels that an issue being written will carry; a quiet run looks nothing up. */
function labelsToEnsure(operations: readonly IssueOperation[], userLabels: readonly string[]): LabelSpec[] {
  const names = new Set<string>()
  for (const operation of operations) {
    if (operation.kind === 'close' || operation.kind === 'none' || operation.kind === 'withheld') continue
    for (const name of operation.labels ?? []) names.add(name)
  }
  const specs: LabelSpec[] = []
  if (names.has(DRIFT_LABEL)) specs.push(DRIFT_LABEL_SPEC)
  for (const spec of Object.values(SEVERITY_LABELS)) if (names.has(spec.name)) specs.push(spec)
  if (names.has(OVERDUE_LABEL)) specs.push(OVERDUE_LABEL_SPEC)
  // The user's labels, and the owners map's.
  for (const name of [...userLabels, ...names]) {
    if (names.has(name) && !specs.some((spec) => spec.name === name)) {
      specs.push({ name, color: 'ededed', description: '' })
    }
  }
  return specs
}

function label(severity: Severity, color: string, description: string): LabelSpec {
  return { name: severityLabel(severity), color, description }
}
