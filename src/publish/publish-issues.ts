import { compareText } from '../core/canonical.js'
import type { Finding, ObjectKind, Severity } from '../core/finding.js'
import {
  DRIFT_LABEL,
  planIssueSync,
  severityLabel,
  type DriftedObject,
  type IssueOperation,
  type IssueSeverity,
  type TrackedIssue
} from '../core/issue-plan.js'
import type { Pseudonyms } from '../core/pseudonym.js'
import type { RedactionContext } from '../core/redact.js'
import { parseIssueMarker, tenantMarkerPrefix } from '../core/render-issue.js'
import type { IssueTracker, LabelSpec } from '../github/issue-tracker.js'
import type { GitHubLog } from '../github/octokit.js'

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
}

export interface PublishIssuesInput {
  readonly tracker: IssueTracker
  /** Every finding of the run; ignored and info ones never open an issue. */
  readonly findings: readonly Finding[]
  /** Whether the run compared the object's section; `key` undefined = the whole kind. */
  readonly observed: (kind: ObjectKind, key: string | undefined) => boolean
  readonly tenantId: string
  readonly options: PublishIssuesOptions
  readonly log: GitHubLog
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

/**
 * Makes GitHub issues follow the drift: one issue per drifted object, quiet when nothing changed.
 * Errors propagate: for a compliance control, failing to report must fail the job.
 */
export async function publishIssues(input: PublishIssuesInput): Promise<{ issueNumbers: number[] }> {
  const { tracker, tenantId, options, log } = input
  const counted = input.findings.filter((finding) => finding.ignored === undefined)

  const tracked = await listTrackedIssues(tracker, tenantId, options.pseudonyms)
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
      pseudonyms: options.pseudonyms
    }
  })

  const labels = labelsToEnsure(operations, options.labels)
  if (labels.length > 0) await tracker.ensureLabels(labels)

  const issueNumbers: number[] = []
  const created: number[] = []
  for (const operation of operations) {
    const number = await apply(tracker, operation, log)
    if (number !== undefined) issueNumbers.push(number)
    if (number !== undefined && operation.kind === 'create') created.push(number)
  }
  const yielded =
    created.length > 0 ? await yieldToRacingRuns(tracker, tenantId, options.pseudonyms, created, log) : []
  return { issueNumbers: issueNumbers.filter((number) => !yielded.includes(number)) }
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
  log: GitHubLog
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

/** Carries out one planned operation; returns the issue number when it was opened or updated. */
async function apply(
  tracker: IssueTracker,
  operation: IssueOperation,
  log: GitHubLog
): Promise<number | undefined> {
  switch (operation.kind) {
    case 'create': {
      const number = await tracker.create(operation)
      log.info(`Opened issue #${number}: ${operation.title}`)
      return number
    }
    case 'update': {
      const { number, comment, kind: _kind, ...changes } = operation
      await tracker.update(number, changes)
      if (comment !== undefined) await tracker.comment(number, comment)
      log.info(
        `Updated issue #${number}${comment === undefined ? ' (wording only)' : ': the drift changed'}.`
      )
      return number
    }
    case 'reopen': {
      const { number, comment, kind: _kind, ...changes } = operation
      await tracker.reopen(number)
      if (Object.keys(changes).length > 0) await tracker.update(number, changes)
      await tracker.comment(number, comment)
      log.info(`Reopened issue #${number}: the drift is back.`)
      return number
    }
    case 'close':
      await tracker.comment(operation.number, operation.comment)
      await tracker.close(operation.number, operation.reason)
      log.info(
        `Closed issue #${operation.number} (${operation.reason === 'completed' ? 'drift resolved' : 'duplicate'}).`
      )
      return undefined
    case 'none':
      log.info(`Issue #${operation.number} left as it is: ${operation.why}.`)
      return undefined
  }
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
    if (operation.kind === 'close' || operation.kind === 'none') continue
    for (const name of operation.labels ?? []) names.add(name)
  }
  const specs: LabelSpec[] = []
  if (names.has(DRIFT_LABEL)) specs.push(DRIFT_LABEL_SPEC)
  for (const spec of Object.values(SEVERITY_LABELS)) if (names.has(spec.name)) specs.push(spec)
  for (const name of userLabels) {
    if (names.has(name) && !specs.some((spec) => spec.name === name)) {
      specs.push({ name, color: 'ededed', description: '' })
    }
  }
  return specs
}

function label(severity: Severity, color: string, description: string): LabelSpec {
  return { name: severityLabel(severity), color, description }
}
