import {
  severityRank,
  type Finding,
  type ObjectKind,
  type ObjectRef,
  type Severity,
  OBJECT_KINDS
} from './finding.js'
import {
  findingFingerprint,
  highestSeverity,
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
} from './render-issue.js'
import type { Pseudonyms } from './pseudonym.js'
import type { RedactionContext } from './redact.js'

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

/** An issue found on GitHub carrying this tenant's marker. */
export interface TrackedIssue {
  readonly number: number
  readonly state: 'open' | 'closed'
  readonly stateReason: string | null
  readonly title: string
  readonly body: string
  readonly labels: readonly string[]
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
}

export type IssueOperation =
  | {
      readonly kind: 'create'
      readonly title: string
      readonly body: string
      readonly labels: readonly string[]
      readonly assignees: readonly string[]
    }
  | {
      readonly kind: 'update'
      readonly number: number
      readonly title?: string
      readonly body?: string
      readonly labels?: readonly string[]
      /** Present when the drift itself changed (not only the wording). */
      readonly comment?: string
    }
  | {
      readonly kind: 'reopen'
      readonly number: number
      readonly title?: string
      readonly body?: string
      readonly labels?: readonly string[]
      readonly comment: string
    }
  | {
      readonly kind: 'close'
      readonly number: number
      readonly reason: 'completed' | 'not_planned'
      readonly comment: string
    }
  | { readonly kind: 'none'; readonly number: number; readonly why: string }

interface DesiredIssue {
  readonly findings: readonly Finding[]
  readonly marker: IssueMarker
  readonly title: string
  readonly body: string
  readonly labels: readonly string[]
}

export function planIssueSync(input: IssuePlanInput): IssueOperation[] {
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
    const desired: DesiredIssue = {
      findings: reportable,
      marker: issueMarkerFor(tenantId, object, reportable, options.pseudonyms),
      title: renderIssueTitle(object, reportable, render),
      body: renderIssueBody(object, reportable, { ...render, tenantId, pseudonyms: options.pseudonyms }),
      labels: [DRIFT_LABEL, severityLabel(highestSeverity(reportable)), ...options.labels]
    }
    operations.push(...planDrifted(desired, trackedByObject.get(objectId) ?? [], input))
  }

  for (const [objectId, issues] of trackedByObject) {
    if (handled.has(objectId)) continue
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
    operations.push({
      kind: 'close',
      number: canonical.number,
      reason: 'completed',
      comment: renderResolvedComment(belowThreshold.has(objectId), options.minSeverity)
    })
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
      title: desired.title,
      body: desired.body,
      labels: desired.labels,
      assignees: input.options.assignees
    })
    return operations
  }
  const edits = editsFor(canonical, desired)
  const render = { redact: input.options.redact }
  if (canonical.state === 'closed') {
    if (canonical.stateReason === 'not_planned' && canonical.marker.state === desired.marker.state) {
      // Someone closed this exact drift as not planned: respect it until the drift changes.
      operations.push({ kind: 'none', number: canonical.number, why: 'this drift was closed as not planned' })
      return operations
    }
    operations.push({
      kind: 'reopen',
      number: canonical.number,
      ...edits,
      comment: renderReopenedComment(desired.findings, render)
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
      ...edits,
      comment: renderChangedComment(added, resolved, render)
    })
  } else if (Object.keys(edits).length > 0) {
    // Same drift, different wording (a renamed policy, a new renderer version): refresh silently.
    operations.push({ kind: 'update', number: canonical.number, ...edits })
  } else {
    operations.push({ kind: 'none', number: canonical.number, why: 'the drift is unchanged' })
  }
  return operations
}

function editsFor(
  issue: TrackedIssue,
  desired: DesiredIssue
): { title?: string; body?: string; labels?: readonly string[] } {
  const edits: { title?: string; body?: string; labels?: readonly string[] } = {}
  if (issue.title !== desired.title) edits.title = desired.title
  if (issue.body !== desired.body) edits.body = desired.body
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
  return duplicates.map((duplicate) => ({
    kind: 'close',
    number: duplicate.number,
    reason: 'not_planned',
    comment: renderDuplicateComment(canonical.number)
  }))
}

function isReportable(finding: Finding, minSeverity: IssueSeverity): boolean {
  if (finding.ignored !== undefined || finding.severity === 'info') return false
  return severityRank(finding.severity) >= severityRank(minSeverity)
}

function asObjectKind(kind: string): ObjectKind | undefined {
  return (OBJECT_KINDS as readonly string[]).includes(kind) ? (kind as ObjectKind) : undefined
}
