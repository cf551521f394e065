import { compareText, stableStringify } from '../model/canonical.js'
import {
  highestSeverity,
  severityRank,
  type Finding,
  type ObjectKind,
  type ObjectRef,
  type Severity
} from '../model/finding.js'
import { affectedSummary } from '../access/effective-access.js'
import { codeBlock, inert, plain } from './inert.js'
import type { JsonValue } from '../model/json.js'
import type { Pseudonyms } from '../model/pseudonym.js'
import { countOf } from '../model/wording.js'
import { redactText, type RedactionContext } from '../report/redact.js'
import { leafChanges } from './render-markdown.js'
import { subject as ruleSubject } from '../rules/rules.js'
import { sectionOfKind } from '../../sections/index.js'
import { isTierRule } from '../tiers/tier-findings.js'
import { renderTriageBlock, type TriageFacts } from './render-triage.js'
import type { TriageContext } from '../report/triage.js'

/**
 * One issue per drifted object. Everything here is a pure function of the findings and, for the
 * triage block (who, when, whom, owner, due date, links, what next), of the run's triage context.
 * The triage block sits between hidden markers and is left out when deciding whether an issue
 * changed, so an unchanged drift is never rewritten just because a later run has another run id.
 */

export interface IssueRenderOptions {
  /** Set when publishing where identifiers must not appear (a public repository). */
  readonly redact?: RedactionContext | undefined
}

/** Body options: without `triage`, the body has no triage block. */
export interface IssueBodyOptions extends IssueRenderOptions {
  readonly tenantId: string
  readonly pseudonyms: Pseudonyms
  readonly triage?: { readonly context: TriageContext; readonly facts: TriageFacts } | undefined
}

/**
 * What the hidden marker records: tokens only (keyed by `pseudonym-key` where the repository is not
 * private), so even a public repository's issue source leaks no id.
 */
export interface IssueMarker {
  /** Hash of our tenant id: issues of other tenants in the same repository are never touched. */
  readonly tenant: string
  /** Hash of tenant id + object kind + object key: identifies the issue across runs (never the title). */
  readonly object: string
  /** Hash of the sorted finding ids: equal means "same drift". */
  readonly state: string
  /** The object kind, in clear (a fixed vocabulary): lets a later run ask whether that section was observed. */
  readonly kind: string
  /** Short hash per finding id: lets a later run say which findings are new. */
  readonly findings: readonly string[]
}

export const MARKER_PREFIX = '<!-- entra-b2b-drift:issue v1'
/** GitHub rejects titles longer than this. */
export const MAX_TITLE_LENGTH = 256
/** GitHub rejects issue bodies and comments longer than 65,536 characters; keep a margin. */
export const MAX_BODY_LENGTH = 65_000

/** The marker prefix that scopes a listing to one tenant's issues. */
export function tenantMarkerPrefix(tenantId: string, pseudonyms: Pseudonyms): string {
  return `${MARKER_PREFIX} tenant=${tenantFingerprint(tenantId, pseudonyms)}`
}

export function tenantFingerprint(tenantId: string, pseudonyms: Pseudonyms): string {
  return pseudonyms.token(`tenant\n${tenantId.toLowerCase()}`)
}

export function objectFingerprint(
  tenantId: string,
  kind: string,
  key: string,
  pseudonyms: Pseudonyms
): string {
  return pseudonyms.token(`${tenantId.toLowerCase()}\n${kind}\n${key}`)
}

export function findingFingerprint(findingId: string, pseudonyms: Pseudonyms): string {
  return pseudonyms.token(findingId, 12)
}

export function issueMarkerFor(
  tenantId: string,
  object: ObjectRef,
  findings: readonly Finding[],
  pseudonyms: Pseudonyms
): IssueMarker {
  const ids = findings.map((finding) => finding.id).sort(compareText)
  return {
    tenant: tenantFingerprint(tenantId, pseudonyms),
    object: objectFingerprint(tenantId, object.kind, object.key, pseudonyms),
    state: pseudonyms.token(ids.join('\n')),
    kind: object.kind,
    findings: [...new Set(ids.map((id) => findingFingerprint(id, pseudonyms)))].sort(compareText)
  }
}

export function formatIssueMarker(marker: IssueMarker): string {
  return (
    `${MARKER_PREFIX} tenant=${marker.tenant} object=${marker.object} state=${marker.state}` +
    ` kind=${marker.kind} findings=${marker.findings.join(',')} -->`
  )
}

/** The marker in an issue body, or undefined when the body carries none (or a malformed one). */
export function parseIssueMarker(body: string): IssueMarker | undefined {
  const start = body.indexOf(MARKER_PREFIX)
  if (start < 0) return undefined
  const end = body.indexOf('-->', start)
  if (end < 0) return undefined
  const fields = new Map<string, string>()
  for (const pair of body
    .slice(start + MARKER_PREFIX.length, end)
    .trim()
    .split(/\s+/)) {
    const separator = pair.indexOf('=')
    if (separator > 0) fields.set(pair.slice(0, separator), pair.slice(separator + 1))
  }
  const tenant = fields.get('tenant')
  const object = fields.get('object')
  const state = fields.get('state')
  if (!tenant || !object || !state) return undefined
  const findings = fields.get('findings') ?? ''
  return {
    tenant,
    object,
    state,
    kind: fields.get('kind') ?? '',
    findings: findings ? findings.split(',') : []
  }
}

/** Findings most severe first, then by rule and id: the order every renderer uses. */
export function orderFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      compareText(a.rule, b.rule) ||
      compareText(a.id, b.id)
  )
}

/**
 * A plain-text title a reviewer can scan, e.g. `Entra drift: CA policy "Require MFA for guests" disabled`.
 * Titles are not markdown, but GitHub still links `#123` and `@name` in them, so the ASCII `@` and
 * `#` in Graph text become their full-width forms (＠, ＃): still readable, never a mention or a
 * reference, and without zero-width characters, which would hide what the title really says.
 */
export function renderIssueTitle(
  object: ObjectRef,
  findings: readonly Finding[],
  options: IssueRenderOptions
): string {
  const ordered = orderFindings(findings)
  const lead = ordered[0]
  const summary = lead ? titleText(redacted(predicateOf(object, lead.summary), options), 120) : 'drift'
  const more = ordered.length > 1 ? ` (+${ordered.length - 1} more)` : ''
  const affected = object.kind === 'default' ? affectedSummary(findings) : undefined
  // Before the predicate, so that truncating a long title never drops the blast radius.
  const subject = `${titleText(subjectOf(object, options, 'title'), 120)}${affected ? ` (${affected})` : ''}`
  const separator = isSingleton(object.kind) ? ': ' : ' '
  const title = `Entra drift: ${subject}${separator}${summary}${more}`
  return truncate(redacted(title, options), MAX_TITLE_LENGTH)
}

export function renderIssueBody(
  object: ObjectRef,
  findings: readonly Finding[],
  options: IssueBodyOptions
): string {
  const ordered = orderFindings(findings)
  let rowLimit = 200
  for (;;) {
    const body = redacted(composeBody(object, ordered, options, rowLimit), options)
    if (body.length <= MAX_BODY_LENGTH || rowLimit <= 1) return truncate(body, MAX_BODY_LENGTH)
    rowLimit = Math.floor(rowLimit / 2)
  }
}

/** Posted when the set of findings on an object changed since the issue was last written. */
export function renderChangedComment(
  added: readonly Finding[],
  resolvedCount: number,
  options: IssueRenderOptions
): string {
  const lines = ['The drift on this object changed since this issue was last updated.', '']
  if (added.length > 0) {
    lines.push('**New findings:**', '')
    for (const finding of orderFindings(added)) lines.push(`- ${findingLine(finding, options)}`)
    lines.push('')
  }
  if (resolvedCount > 0) lines.push(`**No longer drifting:** ${countOf(resolvedCount, 'finding')}.`, '')
  lines.push('The description above shows the current state.')
  return redacted(lines.join('\n'), options)
}

export function renderReopenedComment(findings: readonly Finding[], options: IssueRenderOptions): string {
  const ordered = orderFindings(findings)
  const lines = [
    `This drift is back: ${countOf(ordered.length, 'finding')}, highest severity **${highestSeverity(ordered) ?? 'info'}**.`,
    '',
    ...ordered.map((finding) => `- ${findingLine(finding, options)}`),
    '',
    'Reopening; the description above shows the current state.'
  ]
  return redacted(lines.join('\n'), options)
}

/**
 * How a drift ended: the baseline file changed since the issue was opened (accepted, in the pull
 * request that changed it, when there is one), or it did not and the tenant was put back (reverted).
 */
export type DriftEnding =
  | {
      readonly how: 'accepted'
      /** The commit that changed the baseline file, when it was found. */
      readonly sha?: string | undefined
      readonly pullRequest?: {
        readonly number: number
        readonly title: string
        readonly author: string | undefined
      }
      readonly committer?: string | undefined
    }
  | { readonly how: 'reverted' }
  /** The baseline's history could not be read. */
  | { readonly how: 'unknown'; readonly why: string }

export function renderResolvedComment(
  belowThreshold: boolean,
  minSeverity: Severity,
  ending?: DriftEnding
): string {
  if (belowThreshold) {
    return (
      `No drift at or above **${minSeverity}** severity remains on this object. Closing as completed; ` +
      'this issue is reopened if such drift comes back.'
    )
  }
  const closing = 'Closing as completed; this issue is reopened if the drift comes back.'
  if (ending === undefined || ending.how === 'unknown') {
    const why =
      ending === undefined ? '' : ` (whether the baseline changed is not known: ${inert(ending.why, 300)})`
    return `The drift on this object is gone: this run found the tenant matching the baseline again${why}. ${closing}`
  }
  if (ending.how === 'reverted') {
    return (
      'The drift on this object is gone: **reverted**. The baseline file did not change since this issue ' +
      'was opened, so the tenant was put back to match it (who did it is in the directory audit log). ' +
      closing
    )
  }
  const pull = ending.pullRequest
  const where =
    ending.sha === undefined
      ? '(the commit that changed it was not found)'
      : pull === undefined
        ? `in commit ${ending.sha.slice(0, 12)}${ending.committer === undefined ? '' : ` by ${ending.committer}`}, pushed without a pull request`
        : `in pull request #${pull.number} (${inert(pull.title, 200)})${pull.author === undefined ? '' : ` by ${pull.author}`}`
  return (
    `The drift on this object is gone: **accepted**. The baseline was changed to match the tenant ${where}. ` +
    closing
  )
}

export function renderDuplicateComment(canonicalNumber: number): string {
  return `Closing as a duplicate of #${canonicalNumber}, which tracks the same drift (two runs opened an issue at once).`
}

function composeBody(
  object: ObjectRef,
  findings: readonly Finding[],
  options: IssueBodyOptions,
  rowLimit: number
): string {
  const marker = formatIssueMarker(issueMarkerFor(options.tenantId, object, findings, options.pseudonyms))
  const rules = [...new Set(findings.map((finding) => finding.rule))].sort(compareText)
  return [
    marker,
    `## ${inert(subjectOf(object, options, 'body'), 240)}`,
    '',
    `**Severity: ${highestSeverity(findings) ?? 'info'}** · ${countOf(findings.length, 'finding')} · ${objectLine(object, options)}`,
    '',
    ...(options.triage === undefined
      ? []
      : [renderTriageBlock(object, findings, options.triage.facts, options.triage.context), '']),
    '### What changed',
    '',
    changesTable(findings, options, rowLimit),
    '',
    '### Why it matters',
    '',
    ...findings.map((finding) => `- ${findingLine(finding, options)}: ${text(finding.why, options, 400)}`),
    '',
    '### Remediation',
    '',
    remediationSection(findings, options, rowLimit),
    '',
    '### Rules',
    '',
    rules.map((rule) => code(rule)).join(', '),
    '',
    '---',
    '',
    '<sub>Opened by entra-b2b-drift. If the change was intended, accept it by updating the baseline; ' +
      'otherwise revert it in the tenant. This issue is updated when the drift changes and closed when it is gone.</sub>',
    ''
  ].join('\n')
}

function changesTable(findings: readonly Finding[], options: IssueRenderOptions, rowLimit: number): string {
  const rows: string[] = []
  for (const finding of findings) {
    const severity = finding.severity
    // A partner policy finding compares the tenant with its tier, not with the baseline.
    if (isTierRule(finding.rule)) {
      for (const change of finding.changes) {
        rows.push(
          `| ${code(redacted(change.path, options))} | allowed: ${value(change.before, options)} | ` +
            `${value(change.after, options)} | ${severity} | ${code(finding.rule)} |`
        )
      }
      continue
    }
    if (finding.changes.length === 0) {
      const [before, after] = finding.change === 'added' ? ['absent', 'present'] : ['present', 'absent']
      rows.push(`| (whole object) | ${before} | ${after} | ${severity} | ${code(finding.rule)} |`)
    }
    for (const change of finding.changes.flatMap(leafChanges)) {
      rows.push(
        `| ${code(redacted(change.path, options))} | ${value(change.before, options)} | ` +
          `${value(change.after, options)} | ${severity} | ${code(finding.rule)} |`
      )
    }
  }
  const shown = rows.slice(0, rowLimit)
  const omitted = rows.length - shown.length
  return [
    '| Setting | Baseline | Live | Severity | Rule |',
    '| --- | --- | --- | --- | --- |',
    ...shown,
    ...(omitted > 0 ? ['', `…and ${countOf(omitted, 'more change')} (see the run's report).`] : [])
  ].join('\n')
}

function remediationSection(
  findings: readonly Finding[],
  options: IssueRenderOptions,
  limit: number
): string {
  const seen = new Set<string>()
  const blocks: string[] = []
  for (const finding of findings) {
    const remediation = finding.remediation
    if (!remediation) continue
    const identity = stableStringify(remediation as unknown as JsonValue)
    if (seen.has(identity)) continue
    seen.add(identity)
    if (blocks.length >= limit) break
    const goal = isTierRule(finding.rule) ? 'bring it within the partner policy' : 'restore the baseline'
    blocks.push(`To ${goal} (${code(finding.rule)}):`, '')
    const graph = remediation.graph
    if (graph !== undefined) {
      const request = [
        `${graph.method} ${graph.path}`,
        ...(graph.body === undefined
          ? []
          : ['Content-Type: application/json', '', JSON.stringify(graph.body, null, 2)])
      ].join('\n')
      blocks.push('Microsoft Graph:', '', codeBlock(redacted(request, options), 'http'), '')
    }
    if (remediation.powershell !== undefined) {
      blocks.push(
        'Microsoft Graph PowerShell:',
        '',
        codeBlock(redacted(remediation.powershell, options), 'powershell'),
        ''
      )
    }
    if (remediation.note !== undefined) blocks.push(text(remediation.note, options, 600), '')
  }
  if (blocks.length === 0)
    return 'No automatic remediation is known for this drift: compare the table above with the baseline.'
  return blocks.join('\n').trimEnd()
}

function findingLine(finding: Finding, options: IssueRenderOptions): string {
  return `**${finding.severity}** ${text(finding.summary, options, 300)} (${code(finding.rule)})`
}

function objectLine(object: ObjectRef, options: IssueRenderOptions): string {
  const key =
    object.key === object.kind
      ? ''
      : ` · key ${text(identifier(object.key, object.kind, options), options, 80)}`
  return `object kind ${code(object.kind)}${key}`
}

function subjectOf(object: ObjectRef, options: IssueRenderOptions, use: 'title' | 'body'): string {
  const section = sectionOfKind(object.kind)
  const what = section.words.issueSubject
  if (section.shape !== 'keyed') return what
  const name = redacted(plain(object.displayName, 100), options)
  if (section.keyProperty === 'tenantId') {
    const tenant = tenantLabel(object.key, options, use)
    return name && name !== object.key ? `${what} ${name} (${tenant})` : `${what} ${tenant}`
  }
  return `${what} "${name}"`
}

/**
 * The summary without its leading subject ("Partner Fabrikam: inbound access narrowed" → "inbound
 * access narrowed"), since the title names the object itself.
 */
function predicateOf(object: ObjectRef, summary: string): string {
  const lead = ruleSubject(object)
  if (!summary.startsWith(lead)) return summary
  const rest = summary.slice(lead.length).replace(/^[\s:,]+/, '')
  return rest.length > 0 ? rest : summary
}

/** `tenant 0530e93a…` in a title, the whole id in a body, a placeholder when redacting. */
function tenantLabel(tenantId: string, options: IssueRenderOptions, use: 'title' | 'body'): string {
  if (options.redact) return options.redact.placeholder(tenantId, 'tenant')
  return use === 'title' ? `tenant ${tenantId.slice(0, 8)}…` : `tenant ${tenantId}`
}

function identifier(key: string, kind: ObjectKind, options: IssueRenderOptions): string {
  if (!options.redact) return key
  const section = sectionOfKind(kind)
  const isTenant = section.shape === 'keyed' && section.keyProperty === 'tenantId'
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)
    ? options.redact.placeholder(key, isTenant ? 'tenant' : 'id')
    : redacted(key, options)
}

function isSingleton(kind: ObjectKind): boolean {
  return sectionOfKind(kind).shape !== 'keyed'
}

/** Graph text for running markdown: redacted first (the escaping would hide ids from the final pass), then inert. */
function text(value: string, options: IssueRenderOptions, maxLength: number): string {
  return inert(redacted(value, options), maxLength)
}

function value(json: JsonValue, options: IssueRenderOptions): string {
  if (json === null) return '*not set*'
  return text(typeof json === 'string' ? json : stableStringify(json), options, 160)
}

/** A code span for our own identifiers (rule ids, paths); anything else is shown as inert text. */
function code(identifierText: string): string {
  return /^[A-Za-z0-9._:/[\]-]{1,120}$/.test(identifierText)
    ? `\`${identifierText}\``
    : inert(identifierText, 120)
}

function titleText(value: string, maxLength: number): string {
  return plain(value, maxLength).replace(/@/g, '＠').replace(/#/g, '＃')
}

function redacted(value: string, options: IssueRenderOptions): string {
  return options.redact ? redactText(value, options.redact) : value
}

function truncate(value: string, maxLength: number): string {
  const chars = Array.from(value)
  return chars.length <= maxLength ? value : `${chars.slice(0, maxLength - 1).join('')}…`
}
