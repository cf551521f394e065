import { parseJsonWithPositions } from '../baseline/json-source.js'
import { compareText } from '../model/canonical.js'
import type { Finding, ObjectRef, ReportedFinding } from '../model/finding.js'
import { pointerOf } from '../rules/lint-rules.js'
import { sectionOfKind } from '../../sections/index.js'
import { ownersOf, type Ownership } from '../report/owners.js'
import { dueDate, durationText, type TriageContext } from '../report/triage.js'
import type { Severity } from '../model/finding.js'
import { codeBlock } from './inert.js'
import { leafChanges, renderWhoWhenAffects } from './render-markdown.js'

/**
 * The part of a drift issue where triage happens: who, when and whom (worded as in the report),
 * the owner and the due date, links to the evidence, and what to do next. It sits between two
 * hidden markers because it holds facts of the run that wrote it (a run link, the audit entries
 * of that run's window): an unchanged drift compares equal without it, so a later run does not
 * rewrite the issue just because its own run id differs.
 */

export const TRIAGE_START = '<!-- entra-b2b-drift:triage -->'
export const TRIAGE_END = '<!-- /entra-b2b-drift:triage -->'

/** The comment that starts mode: revert on a drift issue (src/modes/revert.ts listens for it). */
export const REVERT_COMMAND = '/entra-drift revert'

/** How many partners the issue names before it points at the report; the title's count stays a list here. */
const MAX_NAMED_PARTNERS_IN_ISSUE = 200

/** A body without its triage block: what decides whether an issue needs rewriting. */
export function stripTriageBlock(body: string): string {
  const start = body.indexOf(TRIAGE_START)
  if (start < 0) return body
  const end = body.indexOf(TRIAGE_END, start)
  if (end < 0) return body
  return body.slice(0, start) + body.slice(end + TRIAGE_END.length)
}

export interface TriageFacts {
  /** When the issue was opened (now, for a new one): the due date counts from it. */
  readonly openedAt: string
  /** A token of the object's value in the baseline: a later run tells an accepted drift from a reverted one by it. */
  readonly baselineState?: string | undefined
  readonly severity: Exclude<Severity, 'info'>
  readonly ownership: Ownership
  /** Set once the issue was labelled overdue: when it became due. */
  readonly overdueSince?: string | undefined
}

/** Hidden in the body once the issue was labelled overdue, so the label is added once, not every run. */
export const OVERDUE_MARKER = '<!-- entra-b2b-drift:overdue -->'

/** The line saying the issue is overdue, with its marker. */
export function overdueLine(due: string): string {
  return `${OVERDUE_MARKER}**Overdue** since ${day(due)}.`
}

/** The body with the overdue line added to its triage block (or at its end, without one). */
export function withOverdueLine(body: string, due: string): string {
  const end = body.indexOf(TRIAGE_END)
  if (end < 0) return `${body.trimEnd()}\n\n${overdueLine(due)}\n`
  return `${body.slice(0, end)}${overdueLine(due)}\n${body.slice(end)}`
}

export function triageFacts(
  object: ObjectRef,
  severity: Exclude<Severity, 'info'>,
  openedAt: string,
  context: TriageContext
): TriageFacts {
  return { openedAt, severity, ownership: ownersOf(object, context.owners, context.tierOf) }
}

const NOTE_PREFIX = '<!-- entra-b2b-drift:triage-facts'

/** What the triage block remembers for later runs: when this drift cycle began, and the baseline's value then. */
export function parseTriageNote(body: string): { opened?: string; baseline?: string } {
  const start = body.indexOf(NOTE_PREFIX)
  if (start < 0) return {}
  const end = body.indexOf('-->', start)
  if (end < 0) return {}
  const note: { opened?: string; baseline?: string } = {}
  for (const pair of body
    .slice(start + NOTE_PREFIX.length, end)
    .trim()
    .split(/\s+/)) {
    const [name, value] = pair.split('=')
    if (value === undefined || value === '') continue
    if (name === 'opened' && !Number.isNaN(Date.parse(value))) note.opened = value
    if (name === 'baseline' && /^[0-9a-f]{6,64}$/.test(value)) note.baseline = value
  }
  return note
}

function triageNote(facts: TriageFacts): string {
  const baseline = facts.baselineState === undefined ? '' : ` baseline=${facts.baselineState}`
  return `${NOTE_PREFIX} opened=${facts.openedAt}${baseline} -->`
}

export function renderTriageBlock(
  object: ObjectRef,
  findings: readonly Finding[],
  facts: TriageFacts,
  context: TriageContext
): string {
  return [
    TRIAGE_START,
    triageNote(facts),
    whoWhenWhom(findings),
    '',
    // A hard break (backslash) keeps owner and due date on lines of their own, as in the Who block.
    `${ownerLine(facts.ownership, context)}\\`,
    dueLine(facts, context),
    '',
    evidence(object, findings, context),
    '',
    '### What next',
    '',
    ...whatNext(object, findings, context),
    ...(facts.overdueSince === undefined ? [] : [overdueLine(facts.overdueSince)]),
    TRIAGE_END
  ].join('\n')
}

/** One "Who / When / Affects" block per distinct wording: findings of one change share one. */
function whoWhenWhom(findings: readonly Finding[]): string {
  const blocks: string[] = []
  for (const finding of findings) {
    if (finding.attribution === undefined) continue
    const block = renderWhoWhenAffects(finding as ReportedFinding, MAX_NAMED_PARTNERS_IN_ISSUE)
    if (!blocks.includes(block)) blocks.push(block)
  }
  if (blocks.length === 0) return '**Who / When:** not known: this run did not attribute the change'
  return blocks.join('\n\n')
}

function ownerLine(ownership: Ownership, context: TriageContext): string {
  const people = [
    ...ownership.assignees.map((login) => `@${login}`),
    ...ownership.teams.map((team) => `@${team}`)
  ]
  if (context.owners === undefined) return '**Owner:** no owners map is configured (`owners-file`).'
  if (ownership.matched) return `**Owner:** ${people.join(', ') || 'labels only'} (from the owners map).`
  return people.length > 0
    ? `**Owner:** ${people.join(', ')}: the default owner, because no entry of the owners map matches this drift.`
    : '**Owner:** nobody: no entry of the owners map matches this drift, and the map names no default owner.'
}

function dueLine(facts: TriageFacts, context: TriageContext): string {
  const due = dueDate(facts.openedAt, facts.severity, context.responseTimes)
  const hours = context.responseTimes[facts.severity]
  if (due === undefined || hours === undefined)
    return `**Respond by:** no response time is set for ${facts.severity} drift.`
  return `**Respond by:** ${day(due)} (${facts.severity}: ${durationText(hours)} from ${day(facts.openedAt)}); labelled \`overdue\` after that.`
}

function evidence(object: ObjectRef, findings: readonly Finding[], context: TriageContext): string {
  const links: string[] = []
  if (context.runUrl !== undefined) links.push(`[workflow run](${context.runUrl})`)
  if (context.artifactUrl !== undefined) links.push(`[report artifact](${context.artifactUrl})`)
  const lines = [
    `**Evidence:** ${links.length > 0 ? links.join(' · ') : 'no run link (not run in GitHub Actions)'}`
  ]
  const baseline = baselineLinks(object, findings, context)
  if (baseline.length > 0) {
    lines.push('', 'Baseline lines the live tenant departs from:', '', ...baseline.map((link) => `- ${link}`))
  }
  return lines.join('\n')
}

/**
 * The baseline's source positions, read once per run: every issue of the run links into the same
 * baseline, which can be megabytes at thousands of partners.
 */
const POSITIONS = new WeakMap<TriageContext, ReturnType<typeof parseJsonWithPositions>>()
function positionsOf(context: TriageContext, text: string): ReturnType<typeof parseJsonWithPositions> {
  let parsed = POSITIONS.get(context)
  if (parsed === undefined) {
    parsed = parseJsonWithPositions(text)
    POSITIONS.set(context, parsed)
  }
  return parsed
}

/** `path` → link to its line in the baseline, found like check-baseline's annotations. */
function baselineLinks(object: ObjectRef, findings: readonly Finding[], context: TriageContext): string[] {
  if (context.baselineUrl === undefined || context.baselineText === undefined) return []
  const parsed = positionsOf(context, context.baselineText)
  if (!parsed.ok) return []
  const lineOf = (pointer: string): number | undefined => {
    for (let at = pointer; ; at = at.slice(0, Math.max(0, at.lastIndexOf('/')))) {
      const place = parsed.positions(at)
      if (place !== undefined) return (place.key ?? place).line
      if (at === '') return undefined
    }
  }
  const paths = new Set<string>()
  for (const finding of findings) {
    if (finding.changes.length === 0) paths.add('')
    for (const change of finding.changes.flatMap(leafChanges)) paths.add(change.path)
  }
  const links: string[] = []
  for (const path of [...paths].sort(compareText).slice(0, 50)) {
    const line = lineOf(pointerOf(object, path))
    if (line === undefined) continue
    const label = path === '' ? '(whole object)' : `\`${path}\``
    links.push(`[${label} · line ${line}](${context.baselineUrl}#L${line})`)
  }
  return links
}

function whatNext(object: ObjectRef, findings: readonly Finding[], context: TriageContext): string[] {
  const accept =
    context.acceptPullRequest === undefined
      ? 'run this workflow with `on-drift: pull-request` (or `both`) to open the accept-drift pull request, or update the baseline by hand, then merge it.'
      : `review and merge the accept-drift pull request #${context.acceptPullRequest.number}.`
  // mode: revert writes only the kinds that declare the permissions a revert needs.
  const revert = revertable(object)
    ? `comment \`${REVERT_COMMAND}\` on this issue (a reviewed revert run), or send the request under **Remediation** below.`
    : 'send the request under **Remediation** below to put the tenant back.'
  return [
    `- [ ] **Intended?** Accept it: ${accept}`,
    `- [ ] **Unintended?** Revert it: ${revert}`,
    "- [ ] **An exception?** Add this entry to the baseline's `ignore` list (give the reason; it stops applying on `expires`):",
    '',
    codeBlock(JSON.stringify(ignoreEntry(object, findings, context.now), null, 2), 'json')
  ]
}

function revertable(object: ObjectRef): boolean {
  const section = sectionOfKind(object.kind)
  return 'remediation' in section && 'writePermissions' in section.remediation
}

/** A ready `ignore` entry covering this object's drift, with a reason to fill in and an expiry 90 days out. */
export function ignoreEntry(
  object: ObjectRef,
  findings: readonly Finding[],
  now: string
): { kind: string; key?: string; path?: string; reason: string; expires: string } {
  const paths = [
    ...new Set(
      findings.flatMap((finding) => finding.changes.flatMap(leafChanges).map((change) => change.path))
    )
  ]
  const keyed = sectionOfKind(object.kind).shape === 'keyed'
  const parsed = Date.parse(now)
  const expires = new Date((Number.isNaN(parsed) ? 0 : parsed) + 90 * 86_400_000).toISOString().slice(0, 10)
  return {
    kind: object.kind,
    ...(keyed ? { key: object.key } : {}),
    ...(paths.length === 1 && paths[0] !== undefined ? { path: paths[0] } : {}),
    reason: 'TODO: why this drift is accepted, and who accepted it',
    expires
  }
}

function day(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}
