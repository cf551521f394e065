import type { ChangeExplanation } from '../rules/explain-change.js'
import { severityRank, type FailOn, type Finding, type Severity } from '../model/finding.js'
import { inert } from './inert.js'
import { countOf } from '../model/wording.js'
import type { LintFinding } from '../rules/lint-rules.js'
import type { NotCompared } from '../diff/objects.js'
import { ignoredBy } from './render-markdown.js'
import { countsAsDrift } from '../report/report.js'
import { objectLabel, sectionLabel, SEVERITY_BADGES } from './render-labels.js'

/*
 * The pull-request comment and job summary of `mode: check-baseline`. Deterministic (no
 * timestamps, no run ids: the sticky comment is only rewritten when its content changes) and
 * inert: everything taken from a baseline file or from Graph goes through inert().
 */

/** First line of the sticky comment: how later runs find it. */
export const CHECK_MARKER = '<!-- entra-b2b-drift:check-baseline v1 -->'

/** GitHub refuses comments above 65,536 characters. */
export const DEFAULT_CHECK_MAX_LENGTH = 65000

export interface LocatedLintFinding extends LintFinding {
  /** 1-based position in the proposed file; absent when nothing there holds it (a deleted object). */
  line?: number
  column?: number
  /** False for a state hazard the base version already had: listed, never counted. */
  introduced: boolean
  /** Introduced and at fail-on or worse. */
  failing: boolean
}

export interface FileProblem {
  pointer?: string
  line?: number
  column?: number
  message: string
}

/** The plan: what detect would report after the merge, i.e. the live tenant against the proposed baseline. */
export type PlanOutcome =
  | { status: 'compared'; tenantId: string; findings: Finding[]; notCompared: NotCompared[] }
  | { status: 'skipped' | 'failed'; reason: string }

export interface FileCheck {
  path: string
  status: 'added' | 'modified' | 'removed' | 'renamed'
  previousPath?: string
  tenantId?: string
  /** Set when the proposed file is not a valid baseline. */
  invalid?: { problems: FileProblem[]; unlistedProblems: number; fix: string }
  /** What kept the check from being complete (the base version unreadable, the file deleted). */
  notes: string[]
  explanation?: ChangeExplanation
  findings: LocatedLintFinding[]
  plan: PlanOutcome
}

export interface CheckResult {
  files: FileCheck[]
  failOn: FailOn
  failed: boolean
  /** Whether the run had Microsoft Graph credentials: the plan needs them. */
  online: boolean
}

export interface CheckRenderOptions {
  maxLength?: number
}

const COUNTED: readonly Exclude<Severity, 'info'>[] = ['critical', 'high', 'medium', 'low']

/** Items per list, tried in turn until the body fits. */
const LIST_LIMITS = [Infinity, 50, 20, 5, 1]

export function renderCheck(result: CheckResult, options: CheckRenderOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_CHECK_MAX_LENGTH
  let body = ''
  for (const limit of LIST_LIMITS) {
    body = renderWithLimit(result, limit)
    if (body.length <= maxLength) return body
  }
  const notice = '\n\n_…cut to fit the size limit; the job summary has everything._\n'
  const cut = body.lastIndexOf('\n', Math.max(0, maxLength - notice.length))
  return `${body.slice(0, Math.max(cut, CHECK_MARKER.length))}${notice}`
}

function renderWithLimit(result: CheckResult, limit: number): string {
  const blocks = [CHECK_MARKER + '\n' + headline(result), summaryLine(result)]
  if (result.files.length > 0 && !result.online) {
    blocks.push(
      '> [!NOTE]\n> Offline: this run has no Microsoft Graph credentials (pull requests from forks get none), so the plan, the differences between the live tenant and the proposed baseline, was skipped. Validation and lint ran in full.'
    )
  }
  for (const file of result.files) blocks.push(renderFile(file, limit))
  if (limit !== Infinity)
    blocks.push(
      `_Lists are shortened to ${limit} items to fit the size limit; the job summary has them all._`
    )
  return `${blocks.join('\n\n')}\n`
}

function headline(result: CheckResult): string {
  if (result.files.length === 0) return '## Baseline check: no baseline changes'
  return result.failed
    ? `## Baseline check: ❌ fails (fail-on: ${result.failOn})`
    : `## Baseline check: ✅ passes (fail-on: ${result.failOn})`
}

function summaryLine(result: CheckResult): string {
  if (result.files.length === 0) return 'This pull request no longer changes a baseline file.'
  const invalid = result.files.filter((file) => file.invalid !== undefined).length
  const findings = result.files.flatMap((file) => file.findings)
  const introduced = findings.filter((finding) => finding.introduced)
  const inherited = findings.length - introduced.length
  const parts = [`${countOf(result.files.length, 'baseline file')} checked`]
  if (invalid > 0) parts.push(`${invalid} invalid`)
  parts.push(
    introduced.length === 0
      ? 'no lint findings introduced'
      : `${countOf(introduced.length, 'lint finding')} introduced (${severityCounts(introduced)})`
  )
  if (inherited > 0) parts.push(`${inherited} already in the base branch`)
  return `${parts.join(' · ')}.`
}

function renderFile(file: FileCheck, limit: number): string {
  const title =
    file.previousPath === undefined
      ? inert(file.path, 300)
      : `${inert(file.previousPath, 300)} → ${inert(file.path, 300)}`
  const lines = [`### ${title} (${file.status})`]
  if (file.tenantId !== undefined) lines.push('', `Tenant ${inert(file.tenantId, 80)}`)
  for (const note of file.notes) lines.push('', `> [!NOTE]\n> ${inert(note, 500)}`)
  if (file.invalid !== undefined) lines.push('', renderInvalid(file.invalid, limit))
  if (file.explanation !== undefined) lines.push('', renderExplanation(file.explanation, limit))
  const introduced = file.findings.filter((finding) => finding.introduced)
  const inherited = file.findings.filter((finding) => !finding.introduced)
  if (file.invalid === undefined && file.status !== 'removed')
    lines.push('', renderFindings(introduced, limit))
  if (inherited.length > 0) {
    lines.push(
      '',
      `<details><summary>${countOf(inherited.length, 'hazard')} already in the base branch (not counted)</summary>`,
      '',
      findingsTable(inherited, limit),
      '',
      '</details>'
    )
  }
  lines.push('', renderPlan(file.plan, limit))
  return lines.join('\n')
}

function renderInvalid(invalid: NonNullable<FileCheck['invalid']>, limit: number): string {
  const lines = ['#### ❌ Not a valid baseline', '']
  for (const problem of capped(invalid.problems, limit)) {
    const where = problem.line === undefined ? '' : `line ${problem.line}, column ${problem.column ?? 1}`
    const pointer =
      problem.pointer === undefined || problem.pointer === '' ? '' : ` (${inert(problem.pointer, 200)})`
    lines.push(`- ${where === '' ? '' : `${where}${pointer}: `}${inert(problem.message, 400)}`)
  }
  const more = invalid.unlistedProblems + Math.max(0, invalid.problems.length - limit)
  if (more > 0) lines.push(`- …and ${countOf(more, 'more problem')}`)
  lines.push(
    '',
    `**Fix:** ${inert(invalid.fix, 600)}`,
    '',
    'Lint and plan need a valid baseline: they run once the file is fixed.'
  )
  return lines.join('\n')
}

function renderExplanation(explanation: ChangeExplanation, limit: number): string {
  const lines = ['#### What this change does']
  if (explanation.file.length === 0 && explanation.objects.length === 0) {
    lines.push('', 'Nothing that detect compares: formatting, key order or volatile fields only.')
  }
  if (explanation.file.length > 0) {
    lines.push('')
    for (const sentence of capped(explanation.file, limit)) lines.push(`- ${inert(sentence, 500)}`)
  }
  for (const object of capped(explanation.objects, limit)) {
    lines.push('', `**${objectLabel(object.object)}** (${object.change})`, '')
    for (const sentence of capped(object.sentences, limit)) lines.push(`- ${inert(sentence, 600)}`)
  }
  const hidden = Math.max(0, explanation.objects.length - limit)
  if (hidden > 0) lines.push('', `_…and ${countOf(hidden, 'more changed object')}._`)
  return lines.join('\n')
}

function renderFindings(findings: readonly LocatedLintFinding[], limit: number): string {
  if (findings.length === 0) return '#### Lint\n\nNo hazard introduced by this change.'
  return ['#### Lint', '', '❌ marks findings that fail the check.', '', findingsTable(findings, limit)].join(
    '\n'
  )
}

function findingsTable(findings: readonly LocatedLintFinding[], limit: number): string {
  const sorted = [...findings].sort(
    (a, b) => Number(b.failing) - Number(a.failing) || severityRank(b.severity) - severityRank(a.severity)
  )
  const lines = ['| | Severity | Rule | Line | Finding |', '| --- | --- | --- | --- | --- |']
  for (const finding of capped(sorted, limit)) {
    // Messages name their object themselves ("Partner Fabrikam …").
    const kind = finding.source === 'change' ? 'change' : 'state'
    lines.push(
      `| ${finding.failing ? '❌' : ''} | ${SEVERITY_BADGES[finding.severity]} | \`${finding.rule}\` (${kind}) | ${finding.line ?? ''} | ${inert(finding.message, 400)}<br>${inert(finding.why, 400)} |`
    )
  }
  if (sorted.length > limit) lines.push(`| | | | | …and ${countOf(sorted.length - limit, 'more finding')} |`)
  return lines.join('\n')
}

function renderPlan(plan: PlanOutcome, limit: number): string {
  const lines = ['#### Plan: live tenant against the proposed baseline', '']
  if (plan.status !== 'compared') {
    lines.push(`${plan.status === 'skipped' ? 'Skipped' : 'Failed'}: ${inert(plan.reason, 600)}`)
    return lines.join('\n')
  }
  const counted = plan.findings.filter(countsAsDrift)
  if (counted.length === 0) {
    lines.push(
      `The live tenant ${inert(plan.tenantId, 80)} matches the proposed baseline: detect will report no drift after the merge.`
    )
  } else {
    lines.push(
      `After the merge, detect would report ${severityCounts(counted)} in tenant ${inert(plan.tenantId, 80)}:`,
      ''
    )
    for (const finding of capped(counted, limit)) {
      lines.push(
        `- ${SEVERITY_BADGES[finding.severity]} · ${objectLabel(finding.object)}: ${inert(finding.summary, 400)} (\`${finding.rule}\`)`
      )
    }
    if (counted.length > limit) lines.push(`- …and ${countOf(counted.length - limit, 'more finding')}`)
  }
  // What the proposed ignore entries would hide is part of what the merge does.
  const hidden = plan.findings.filter(
    (finding) =>
      finding.ignored !== undefined && (finding.severity === 'critical' || finding.severity === 'high')
  )
  if (hidden.length > 0) {
    lines.push(
      '',
      `⚠️ The proposed baseline's \`ignore\` entries would hide ${severityCounts(hidden)} drift in the live tenant:`,
      ''
    )
    for (const finding of capped(hidden, limit)) {
      lines.push(
        `- ${SEVERITY_BADGES[finding.severity]} · ${objectLabel(finding.object)}: ${inert(finding.summary, 400)}: ${ignoredBy(finding)}.`
      )
    }
    if (hidden.length > limit) lines.push(`- …and ${countOf(hidden.length - limit, 'more finding')}`)
  }
  if (plan.notCompared.length > 0) {
    lines.push(
      '',
      `Not compared: ${plan.notCompared.map((entry) => `${inert(sectionLabel(entry.section), 80)} (${inert(entry.reason, 200)})`).join('; ')}.`
    )
  }
  return lines.join('\n')
}

function severityCounts(findings: readonly { severity: Severity }[]): string {
  return COUNTED.map(
    (severity) => [severity, findings.filter((finding) => finding.severity === severity).length] as const
  )
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ')
}

function capped<T>(items: readonly T[], limit: number): readonly T[] {
  return items.length > limit ? items.slice(0, limit) : items
}
