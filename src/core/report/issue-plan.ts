import {
  highestSeverity,
  severityRank,
  type Finding,
  type ObjectKind,
  type ObjectRef,
  type Severity,
  OBJECT_KINDS
} from '../model/finding.js'
import {
  findingFingerprint,
  formatIssueMarker,
  issueMarkerFor,
  objectFingerprint,
  renderChangedComment,
  renderDuplicateComment,
  renderIssueBody,
  renderIssueTitle,
  renderReopenedComment,
  renderResolvedComment,
  tenantFingerprint,
  type IssueMarker
} from '../render/render-issue.js'
import type { Pseudonyms } from '../model/pseudonym.js'
import type { RedactionContext } from './redact.js'
import { commentMarker, withCommentMarker, type CommentEvent } from './comment-marker.js'
import { inert } from '../render/inert.js'
import { stableStringify } from '../model/canonical.js'
import { isJsonObject, type JsonValue } from '../model/json.js'
import { SECTIONS } from '../../sections/index.js'
import {
  OVERDUE_MARKER,
  parseTriageNote,
  stripTriageBlock,
  triageFacts,
  withOverdueLine,
  type TriageFacts
} from '../render/render-triage.js'
import { dueDate, isOverdue, OVERDUE_LABEL, type TriageContext } from './triage.js'

/**
 * Decides what to do on GitHub so that issues follow the drift and nothing else: the same drift
 * changes nothing (no edit, no comment), changed drift updates the body with one comment, resolved
 * drift closes with a comment, returning drift reopens. Objects this run could not observe are left alone.
 */

export const DRIFT_LABEL = 'entra-drift'
const SEVERITY_LABEL_PREFIX = 'severity:'

/** Severities that can open an issue; `info` never does. */
export type IssueSeverity = Exclude<Severity, 'info'>

export function severityLabel(severity: Severity): string {
  return `${SEVERITY_LABEL_PREFIX}${severity}`
}

/** All counted (not ignored) findings on one object. */
export interface DriftedObject {
  readonly object: ObjectRef
  readonly findings: readonly Finding[]
}

/** An issue as GitHub has it: enough to decide whether to touch it. */
export interface IssueRecord {
  readonly number: number
  readonly state: 'open' | 'closed'
  /** `completed`, `not_planned`, `reopened` or null, as GitHub reports it. */
  readonly stateReason: string | null
  readonly title: string
  readonly body: string
  readonly labels: readonly string[]
  /** When it was opened (ISO 8601), as GitHub reports it: the due date counts from it. */
  readonly createdAt?: string | undefined
}

/** An issue found on GitHub carrying this tenant's marker. */
export interface TrackedIssue extends IssueRecord {
  readonly marker: IssueMarker
}

export interface IssuePlanOptions {
  /** Findings below this severity get no issue (default low). */
  readonly minSeverity: IssueSeverity
  /** Extra labels the user asked for, added to every drift issue. */
  readonly labels: readonly string[]
  /** Set on new issues only: triage may reassign later. */
  readonly assignees: readonly string[]
  readonly redact?: RedactionContext | undefined
  /** What hidden markers are made of: keyed tokens where identifiers are redacted. */
  readonly pseudonyms: Pseudonyms
  /**
   * At most this many issues are opened per run (the most severe objects first); the other drifted
   * objects are listed together in one overflow issue. Undefined: no cap.
   */
  readonly maxIssuesPerRun?: number | undefined
  /**
   * Links, owners, response times and the clock: with it, each issue carries a triage block, is
   * assigned and labelled from the owners map, and gets `overdue` once past its due date.
   */
  readonly triage?: TriageContext | undefined
}

export interface IssuePlanInput {
  readonly drifted: readonly DriftedObject[]
  readonly tracked: readonly TrackedIssue[]
  /**
   * Whether this run compared the object's section. `key` is undefined when the issue's object is
   * known only by its hashed marker (no drift on it this run): the answer must then hold for the whole kind.
   */
  readonly observed: (kind: ObjectKind, key: string | undefined) => boolean
  readonly tenantId: string
  readonly options: IssuePlanOptions
  /**
   * Why this run must not write issues (a core section could not be read), when it must not: a run
   * that failed makes no title, body or label edit, no close and no new issue. Every write it would
   * have made becomes `withheld`, for the log.
   */
  readonly blocked?: string | undefined
  /**
   * Object fingerprint → token of the object's value in the committed baseline (see baselineStates):
   * a drift that is gone is told accepted (the value moved since the issue was written) from reverted.
   */
  readonly baselineStates?: ReadonlyMap<string, string> | undefined
}

/**
 * One write on GitHub. `about` is the issue's title, to name the issue in the log and in failures.
 * A comment ends with its `commentMarker`, so a run retrying after a failed write can tell it
 * already posted it.
 */
export type IssueOperation =
  | {
      readonly kind: 'create'
      readonly about: string
      /** The object fingerprint of the marker: after a lost answer, the issue is looked for by it. */
      readonly object: string
      readonly severity: Severity
      readonly title: string
      readonly body: string
      readonly labels: readonly string[]
      readonly assignees: readonly string[]
    }
  | {
      readonly kind: 'update'
      readonly number: number
      readonly about: string
      readonly title?: string
      readonly body?: string
      readonly labels?: readonly string[]
      /** Present when the drift itself changed (not only the wording). */
      readonly comment?: string
      readonly commentMarker?: string
    }
  | {
      readonly kind: 'reopen'
      readonly number: number
      readonly about: string
      readonly title?: string
      readonly body?: string
      readonly labels?: readonly string[]
      readonly comment: string
      readonly commentMarker: string
    }
  | {
      readonly kind: 'close'
      readonly number: number
      readonly about: string
      readonly reason: 'completed' | 'not_planned'
      readonly comment: string
      readonly commentMarker: string
      /**
       * Set when the drift is gone (not merely below the threshold): the publisher looks at the
       * baseline's history since `openedAt` and rewords the comment as accepted or reverted.
       * `baselineMoved`: whether the object's baseline value changed since the issue was written;
       * undefined when that is not known (the issue predates the note, or the baseline was not read).
       */
      readonly ending?: {
        readonly openedAt: string | undefined
        readonly baselineMoved?: boolean | undefined
      }
    }
  | { readonly kind: 'none'; readonly number: number; readonly why: string }
  /** A write this run would have made but must not (see `IssuePlanInput.blocked`). */
  | { readonly kind: 'withheld'; readonly would: string }

/** The marker kind of the issue listing the drifted objects beyond `maxIssuesPerRun`. */
export const OVERFLOW_KIND = 'overflow'

interface DesiredIssue {
  readonly object?: ObjectRef
  readonly facts?: TriageFacts | undefined
  readonly assignees?: readonly string[]
  readonly findings: readonly Finding[]
  readonly marker: IssueMarker
  readonly title: string
  readonly body: string
  readonly labels: readonly string[]
}

export function planIssueSync(input: IssuePlanInput): IssueOperation[] {
  const operations = capNewIssues(planEveryObject(input), input)
  if (input.blocked === undefined) return operations
  return operations.map((operation) => withhold(operation))
}

function planEveryObject(input: IssuePlanInput): IssueOperation[] {
  const { options, tenantId } = input
  const render = { redact: options.redact }
  const ownTenant = tenantFingerprint(tenantId, options.pseudonyms)
  const trackedByObject = new Map<string, TrackedIssue[]>()
  for (const issue of input.tracked) {
    if (issue.marker.tenant !== ownTenant) continue
    const group = trackedByObject.get(issue.marker.object) ?? []
    group.push(issue)
    trackedByObject.set(issue.marker.object, group)
  }

  const operations: IssueOperation[] = []
  const belowThreshold = new Set<string>()
  const handled = new Set<string>()
  for (const { object, findings } of input.drifted) {
    const objectId = objectFingerprint(tenantId, object.kind, object.key, options.pseudonyms)
    const reportable = findings.filter((finding) => isReportable(finding, options.minSeverity))
    if (reportable.length === 0) {
      if (findings.length > 0) belowThreshold.add(objectId)
      continue
    }
    handled.add(objectId)
    const severity = (highestSeverity(reportable) ?? 'low') as IssueSeverity
    const facts = factsFor(
      object,
      severity,
      trackedByObject.get(objectId) ?? [],
      options.triage,
      input.baselineStates?.get(objectId)
    )
    const ownership = facts?.ownership
    const desired: DesiredIssue = {
      object,
      facts,
      findings: reportable,
      marker: issueMarkerFor(tenantId, object, reportable, options.pseudonyms),
      title: renderIssueTitle(object, reportable, render),
      body: renderIssueBody(object, reportable, {
        ...render,
        tenantId,
        pseudonyms: options.pseudonyms,
        triage:
          facts === undefined || options.triage === undefined ? undefined : { facts, context: options.triage }
      }),
      labels: [
        ...new Set([DRIFT_LABEL, severityLabel(severity), ...options.labels, ...(ownership?.labels ?? [])])
      ],
      assignees:
        ownership !== undefined && ownership.assignees.length > 0 ? ownership.assignees : options.assignees
    }
    operations.push(...planDrifted(desired, trackedByObject.get(objectId) ?? [], input))
  }

  for (const [objectId, issues] of trackedByObject) {
    if (handled.has(objectId) || objectId === overflowObject(input)) continue
    const { canonical, duplicates } = splitDuplicates(issues)
    operations.push(...closeDuplicates(duplicates, canonical))
    if (canonical?.state !== 'open') continue
    const kind = asObjectKind(canonical.marker.kind)
    if (kind === undefined || !input.observed(kind, undefined)) {
      operations.push({
        kind: 'none',
        number: canonical.number,
        why: 'its object was not observed in this run'
      })
      continue
    }
    const below = belowThreshold.has(objectId)
    const close = closing(
      canonical,
      'completed',
      renderResolvedComment(below, options.minSeverity),
      'resolved'
    )
    const note = parseTriageNote(canonical.body)
    const now = input.baselineStates?.get(objectId)
    const baselineMoved = note.baseline === undefined || now === undefined ? undefined : note.baseline !== now
    operations.push(
      below || close.kind !== 'close'
        ? close
        : { ...close, ending: { openedAt: note.opened ?? canonical.createdAt, baselineMoved } }
    )
  }
  return operations
}

function planDrifted(
  desired: DesiredIssue,
  issues: readonly TrackedIssue[],
  input: IssuePlanInput
): IssueOperation[] {
  const { canonical, duplicates } = splitDuplicates(issues)
  const operations = closeDuplicates(duplicates, canonical)
  if (canonical === undefined) {
    operations.push({
      kind: 'create',
      about: desired.title,
      object: desired.marker.object,
      severity: highestSeverity(desired.findings) ?? 'info',
      title: desired.title,
      body: desired.body,
      labels: desired.labels,
      assignees: desired.assignees ?? input.options.assignees
    })
    return operations
  }
  const edits = editsFor(canonical, desired)
  const render = { redact: input.options.redact }
  if (canonical.state === 'open') markOverdue(canonical, desired, edits, input.options.triage)
  if (canonical.state === 'closed') {
    if (canonical.stateReason === 'not_planned' && canonical.marker.state === desired.marker.state) {
      // Someone closed this exact drift as not planned: respect it until the drift changes.
      operations.push({ kind: 'none', number: canonical.number, why: 'this drift was closed as not planned' })
      return operations
    }
    // A drift that is back starts a new cycle: a fresh triage block (due date from now), no overdue label.
    if (canonical.body !== desired.body) edits.body = desired.body
    if (canonical.labels.includes(OVERDUE_LABEL)) {
      edits.labels = (edits.labels ?? canonical.labels).filter((label) => label !== OVERDUE_LABEL)
    }
    operations.push({
      kind: 'reopen',
      number: canonical.number,
      about: canonical.title,
      ...edits,
      ...markedComment(renderReopenedComment(desired.findings, render), 'reopened', desired.marker.state)
    })
    return operations
  }
  if (canonical.marker.state !== desired.marker.state) {
    const previous = new Set(canonical.marker.findings)
    const added = desired.findings.filter(
      (finding) => !previous.has(findingFingerprint(finding.id, input.options.pseudonyms))
    )
    const resolved = canonical.marker.findings.filter(
      (hash) => !desired.marker.findings.includes(hash)
    ).length
    operations.push({
      kind: 'update',
      number: canonical.number,
      about: canonical.title,
      ...edits,
      ...markedComment(renderChangedComment(added, resolved, render), 'changed', desired.marker.state)
    })
  } else if (Object.keys(edits).length > 0) {
    // Same drift, different wording (a renamed policy, a new renderer version): refresh silently.
    operations.push({ kind: 'update', number: canonical.number, about: canonical.title, ...edits })
  } else {
    operations.push({ kind: 'none', number: canonical.number, why: 'the drift is unchanged' })
  }
  return operations
}

/**
 * Past its due date, an open issue is labelled `overdue` once: the same write adds a hidden note to
 * the body, so a run finding the note adds nothing (not even when a person removed the label).
 */
function markOverdue(
  issue: TrackedIssue,
  desired: DesiredIssue,
  edits: { body?: string; labels?: readonly string[] },
  triage: TriageContext | undefined
): void {
  const facts = desired.facts
  if (triage === undefined || facts === undefined || issue.body.includes(OVERDUE_MARKER)) return
  const due = dueDate(facts.openedAt, facts.severity, triage.responseTimes)
  if (due === undefined || !isOverdue(due, triage.now)) return
  if (!issue.labels.includes(OVERDUE_LABEL)) {
    edits.labels = [
      ...(edits.labels ?? mergeLabels(issue.labels, desired.labels) ?? issue.labels),
      OVERDUE_LABEL
    ]
  }
  edits.body = withOverdueLine(edits.body ?? issue.body, due)
}

/** The triage facts of a drifted object: the due date counts from the open issue's creation, else from now. */
function factsFor(
  object: ObjectRef,
  severity: IssueSeverity,
  issues: readonly TrackedIssue[],
  triage: TriageContext | undefined,
  baselineState: string | undefined
): TriageFacts | undefined {
  if (triage === undefined) return undefined
  const { canonical } = splitDuplicates(issues)
  // An open issue's cycle began when its triage block says (a reopened issue starts a new one), else when GitHub opened it.
  const openedAt =
    canonical?.state === 'open'
      ? (parseTriageNote(canonical.body).opened ?? canonical.createdAt ?? triage.now)
      : triage.now
  const facts = { ...triageFacts(object, severity, openedAt, triage), baselineState }
  if (canonical?.state !== 'open' || !canonical.body.includes(OVERDUE_MARKER)) return facts
  return { ...facts, overdueSince: dueDate(openedAt, severity, triage.responseTimes) }
}

function editsFor(
  issue: TrackedIssue,
  desired: Pick<DesiredIssue, 'title' | 'body' | 'labels'>
): { title?: string; body?: string; labels?: readonly string[] } {
  const edits: { title?: string; body?: string; labels?: readonly string[] } = {}
  if (issue.title !== desired.title) edits.title = desired.title
  // The triage block holds facts of the run that wrote it: it alone never makes an edit.
  if (stripTriageBlock(issue.body) !== stripTriageBlock(desired.body)) edits.body = desired.body
  const labels = mergeLabels(issue.labels, desired.labels)
  if (labels !== undefined) edits.labels = labels
  return edits
}

/**
 * The issue's labels with the severity label replaced and ours added; labels triage added by hand
 * stay. Undefined when nothing would change.
 */
function mergeLabels(current: readonly string[], desired: readonly string[]): readonly string[] | undefined {
  const kept = current.filter((label) => !label.startsWith(SEVERITY_LABEL_PREFIX) || desired.includes(label))
  const merged = [...kept, ...desired.filter((label) => !kept.includes(label))]
  const unchanged = merged.length === current.length && merged.every((label) => current.includes(label))
  return unchanged ? undefined : merged
}

/**
 * Two runs racing can open two issues for one object. The lowest open number wins; without an open
 * one, the latest issue closed for any reason other than "not planned" (else the latest one).
 */
function splitDuplicates(issues: readonly TrackedIssue[]): {
  canonical: TrackedIssue | undefined
  duplicates: TrackedIssue[]
} {
  const open = issues.filter((issue) => issue.state === 'open').sort((a, b) => a.number - b.number)
  if (open.length > 0) return { canonical: open[0], duplicates: open.slice(1) }
  const closed = [...issues].sort((a, b) => b.number - a.number)
  const canonical = closed.find((issue) => issue.stateReason !== 'not_planned') ?? closed[0]
  return { canonical, duplicates: [] }
}

function closeDuplicates(
  duplicates: readonly TrackedIssue[],
  canonical: TrackedIssue | undefined
): IssueOperation[] {
  if (canonical === undefined) return []
  return duplicates.map((duplicate) =>
    closing(duplicate, 'not_planned', renderDuplicateComment(canonical.number), 'duplicate')
  )
}

function closing(
  issue: TrackedIssue,
  reason: 'completed' | 'not_planned',
  comment: string,
  event: CommentEvent
): IssueOperation {
  return {
    kind: 'close',
    number: issue.number,
    about: issue.title,
    reason,
    ...markedComment(comment, event, issue.marker.state)
  }
}

function markedComment(
  comment: string,
  event: CommentEvent,
  state: string
): { comment: string; commentMarker: string } {
  const marker = commentMarker(event, state)
  return { comment: withCommentMarker(comment, marker), commentMarker: marker }
}

/** What a withheld write would have been, for the log of a run that may not write. */
function withhold(operation: IssueOperation): IssueOperation {
  switch (operation.kind) {
    case 'none':
    case 'withheld':
      return operation
    case 'create':
      return { kind: 'withheld', would: `open an issue "${operation.about}"` }
    case 'update':
      return {
        kind: 'withheld',
        would: `update issue #${operation.number} "${operation.about}"${operation.comment === undefined ? '' : ' with a comment'}`
      }
    case 'reopen':
      return { kind: 'withheld', would: `reopen issue #${operation.number} "${operation.about}"` }
    case 'close':
      return { kind: 'withheld', would: `close issue #${operation.number} "${operation.about}"` }
  }
}

type CreateOperation = Extract<IssueOperation, { kind: 'create' }>

/**
 * Opens at most `maxIssuesPerRun` issues, the most severe objects first (ties keep the plan's
 * order); the others are listed in one overflow issue, kept up to date like a drift issue and
 * closed once no object is left over. Later runs open the next ones, so the list shrinks.
 */
function capNewIssues(operations: IssueOperation[], input: IssuePlanInput): IssueOperation[] {
  const max = input.options.maxIssuesPerRun
  const creates = operations.filter((operation): operation is CreateOperation => operation.kind === 'create')
  const ranked = creates
    .map((operation, index) => ({ operation, index }))
    .sort(
      (a, b) => severityRank(b.operation.severity) - severityRank(a.operation.severity) || a.index - b.index
    )
    .map(({ operation }) => operation)
  const leftOver = new Set(max === undefined ? [] : ranked.slice(Math.max(0, max)))
  const kept = operations.filter((operation) => operation.kind !== 'create' || !leftOver.has(operation))
  const ownTenant = tenantFingerprint(input.tenantId, input.options.pseudonyms)
  const overflowIssues = input.tracked.filter(
    (issue) => issue.marker.tenant === ownTenant && issue.marker.object === overflowObject(input)
  )
  return [
    ...kept,
    ...planOverflow(
      ranked.filter((operation) => leftOver.has(operation)),
      overflowIssues,
      input
    )
  ]
}

function overflowObject(input: IssuePlanInput): string {
  return objectFingerprint(input.tenantId, OVERFLOW_KIND, OVERFLOW_KIND, input.options.pseudonyms)
}

function planOverflow(
  leftOver: readonly CreateOperation[],
  issues: readonly TrackedIssue[],
  input: IssuePlanInput
): IssueOperation[] {
  const { canonical, duplicates } = splitDuplicates(issues)
  const operations = closeDuplicates(duplicates, canonical)
  if (leftOver.length === 0) {
    if (canonical?.state === 'open') {
      const comment =
        'Every drifted object listed here now has an issue of its own, or its drift is gone. Closing as completed.'
      operations.push(closing(canonical, 'completed', comment, 'overflow-resolved'))
    }
    return operations
  }
  const desired = overflowIssue(leftOver, input)
  if (canonical === undefined) {
    operations.push({
      kind: 'create',
      about: desired.title,
      object: overflowObject(input),
      severity: desired.severity,
      title: desired.title,
      body: desired.body,
      labels: desired.labels,
      assignees: input.options.assignees
    })
    return operations
  }
  const edits = editsFor(canonical, desired)
  if (canonical.state === 'closed') {
    const comment = `More drifted objects than max-issues-per-run (${input.options.maxIssuesPerRun}) again: reopening; the description lists them.`
    operations.push({
      kind: 'reopen',
      number: canonical.number,
      about: canonical.title,
      ...edits,
      ...markedComment(comment, 'reopened', desired.state)
    })
  } else if (Object.keys(edits).length > 0) {
    operations.push({ kind: 'update', number: canonical.number, about: canonical.title, ...edits })
  } else {
    operations.push({ kind: 'none', number: canonical.number, why: 'the objects left over are unchanged' })
  }
  return operations
}

function overflowIssue(
  leftOver: readonly CreateOperation[],
  input: IssuePlanInput
): { title: string; body: string; labels: string[]; severity: Severity; state: string } {
  const { tenantId, options } = input
  const severity =
    leftOver.map((operation) => operation.severity).sort((a, b) => severityRank(b) - severityRank(a))[0] ??
    'low'
  const lines = leftOver.map((operation) => `- **${operation.severity}** · ${inert(operation.title, 256)}`)
  const state = objectFingerprint(tenantId, OVERFLOW_KIND, lines.join('\n'), options.pseudonyms)
  const marker = formatIssueMarker({
    tenant: tenantFingerprint(tenantId, options.pseudonyms),
    object: overflowObject(input),
    state,
    kind: OVERFLOW_KIND,
    findings: []
  })
  const count = leftOver.length === 1 ? '1 more drifted object' : `${leftOver.length} more drifted objects`
  const body = [
    marker,
    `## ${count} without an issue of their own`,
    '',
    `This run found more drifted objects than \`max-issues-per-run\` (${options.maxIssuesPerRun}) lets it open issues for. ` +
      'These are listed here, most severe first; later runs open their issues.',
    '',
    ...lines,
    '',
    '---',
    '',
    '<sub>Opened by entra-b2b-drift. This issue is updated while objects are left over and closed when none is.</sub>'
  ].join('\n')
  return {
    title: `Entra drift: ${count} (over max-issues-per-run)`,
    body,
    labels: [DRIFT_LABEL, severityLabel(severity), ...options.labels],
    severity,
    state
  }
}

function isReportable(finding: Finding, minSeverity: IssueSeverity): boolean {
  if (finding.ignored !== undefined || finding.severity === 'info') return false
  return severityRank(finding.severity) >= severityRank(minSeverity)
}

function asObjectKind(kind: string): ObjectKind | undefined {
  return (OBJECT_KINDS as readonly string[]).includes(kind) ? (kind as ObjectKind) : undefined
}

/**
 * Object fingerprint → token of the object's value in a baseline (its snapshot JSON): what a drift
 * issue remembers, so that a later run can tell whether the baseline moved to match the tenant.
 */
export function baselineStates(
  baseline: JsonValue,
  tenantId: string,
  pseudonyms: Pseudonyms
): Map<string, string> {
  const states = new Map<string, string>()
  if (!isJsonObject(baseline)) return states
  const state = (kind: string, key: string, value: JsonValue | undefined) => {
    if (value === undefined) return
    states.set(
      objectFingerprint(tenantId, kind, key, pseudonyms),
      pseudonyms.token(`baseline\n${stableStringify(value)}`)
    )
  }
  for (const section of SECTIONS) {
    if (section.shape === 'singleton') state(section.kind, section.id, baseline[section.id])
    if (section.shape !== 'keyed') continue
    const objects = baseline[section.id]
    if (!isJsonObject(objects)) continue
    for (const [key, value] of Object.entries(objects)) state(section.kind, key, value)
  }
  return states
}
