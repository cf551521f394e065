import { isUnset, stableStringify } from '../model/canonical.js'
import { isCloudGap } from '../model/cloud-properties.js'
import { formatPath, splitPath } from '../model/json-path.js'
import { EFFECTIVE_SETTINGS } from '../access/settings.js'
import type { Change, Finding, ReportedFinding, Severity } from '../model/finding.js'
import { codeBlock, inert, plain } from './inert.js'
import { isJsonObject, type JsonValue } from '../model/json.js'
import { countOf } from '../model/wording.js'
import { countsAsDrift, type Report } from '../report/report.js'
import { objectLabel, sectionLabel, SEVERITY_BADGES } from './render-labels.js'
import type { TierSummary } from '../tiers/evaluate.js'
import { isTierRule } from '../tiers/tier-findings.js'

/*
 * The markdown becomes an issue or pull-request body: it must be deterministic (no timestamps, no
 * run ids, or every run would rewrite it) and inert (every string from Graph or the baseline goes
 * through inert() or codeBlock(), so a policy name cannot mention, link, or close a fence).
 */

/** GitHub refuses issue and pull-request bodies above 65,536 characters. */
export const DEFAULT_MARKDOWN_MAX_LENGTH = 65000

export interface MarkdownOptions {
  maxLength?: number
}

type CountedSeverity = Exclude<Severity, 'info'>
type Detail = 'full' | 'compact' | 'omitted'

/** How much of the report a rendering shows; the budget walks down these steps. */
interface Plan {
  findings: Record<CountedSeverity, Detail>
  info: boolean
  ignored: boolean
}

const COUNTED_SEVERITIES: readonly CountedSeverity[] = ['critical', 'high', 'medium', 'low']

/** Kinds with one object per tenant: their display name is ours, their key says nothing more. */

/** Less important detail goes first when the body is over budget. */
const BUDGET_STEPS: readonly ((plan: Plan) => Plan)[] = [
  (plan) => ({ ...plan, info: false }),
  (plan) => withDetail(plan, 'low', 'compact'),
  (plan) => withDetail(plan, 'medium', 'compact'),
  (plan) => withDetail(plan, 'high', 'compact'),
  (plan) => withDetail(plan, 'critical', 'compact'),
  (plan) => ({ ...plan, ignored: false }),
  (plan) => withDetail(plan, 'low', 'omitted'),
  (plan) => withDetail(plan, 'medium', 'omitted'),
  (plan) => withDetail(plan, 'high', 'omitted'),
  (plan) => withDetail(plan, 'critical', 'omitted')
]

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH
  let plan: Plan = {
    findings: { critical: 'full', high: 'full', medium: 'full', low: 'full' },
    info: true,
    ignored: true
  }
  let body = renderWithPlan(report, plan)
  for (const step of BUDGET_STEPS) {
    if (body.length <= maxLength) return body
    plan = step(plan)
    body = renderWithPlan(report, plan)
  }
  return body.length <= maxLength ? body : cutToLength(body, maxLength)
}

/** Partners per tier of the partner policy, out of tier, and without a tier. */
function renderPartnerTiers(summary: TierSummary): string {
  if (summary.partnersUnknown !== undefined) {
    return `### Partner tiers\n\nNot judged: ${inert(summary.partnersUnknown)}.`
  }
  return [
    '### Partner tiers',
    '',
    '| Tier | Partners | Out of tier |',
    '| --- | ---: | ---: |',
    ...summary.tiers.map((entry) => `| ${codeSpan(entry.tier)} | ${entry.partners} | ${entry.outOfTier} |`),
    `| (no tier) | ${summary.unclassified} | |`
  ].join('\n')
}

function renderWithPlan(report: Report, plan: Plan): string {
  const counted = report.findings.filter(countsAsDrift)
  const info = report.findings.filter(
    (finding) => finding.severity === 'info' && finding.ignored === undefined
  )
  const ignored = report.findings.filter((finding) => finding.ignored !== undefined)
  const blocks: string[] = [summaryLine(report, counted)]
  const extras = extrasLine(info.length, ignored.length)
  blocks.push(`Baseline ${codeSpan(report.baseline)}${extras === '' ? '' : ` · ${extras}`}`)

  const budgetNote = budgetNotice(counted, plan, info.length, ignored.length)
  if (budgetNote !== '') blocks.push(budgetNote)
  // Never shortened: an entry that hides serious drift is what a reviewer must see first.
  const seriousIgnored = ignored.filter(isSerious)
  if (seriousIgnored.length > 0) blocks.push(renderSeriousIgnored(seriousIgnored))

  for (const severity of COUNTED_SEVERITIES) {
    const findings = counted.filter((finding) => finding.severity === severity)
    if (findings.length === 0) continue
    const detail = plan.findings[severity]
    if (detail === 'full') blocks.push(...findings.map(renderFinding))
    else if (detail === 'compact') blocks.push(findings.map(compactLine).join('\n'))
    else blocks.push(`_…and ${countOf(findings.length, `${severity} finding`)} not shown._`)
  }

  if (report.partnerTiers !== undefined) blocks.push(renderPartnerTiers(report.partnerTiers))
  if (plan.info && info.length > 0) blocks.push(renderInfo(info))
  if (plan.ignored && ignored.length > 0) blocks.push(renderIgnored(ignored))
  if (report.notCompared.length > 0) {
    blocks.push(
      [
        '### Not compared',
        '',
        'Missing data is never drift: these were left out of the comparison.',
        '',
        ...report.notCompared.map(
          (entry) => `- ${inert(sectionLabel(entry.section))}: ${inert(entry.reason)}`
        )
      ].join('\n')
    )
  }
  if (counted.length > 0) {
    blocks.push(
      '---\nIf the change was intended, update the baseline (or add an `ignore` entry with a reason and an expiry date). If not, apply the revert requests above.'
    )
  }
  return `${blocks.join('\n\n')}\n`
}

function summaryLine(report: Report, counted: readonly Finding[]): string {
  const hidden = report.findings.filter((finding) => finding.ignored !== undefined && isSerious(finding))
  if (counted.length === 0 && hidden.length > 0) {
    // "The tenant matches" would be untrue: it differs, and an entry accepts the difference.
    return `**No drift counted**, but the baseline's ignore entries accept ${countOf(hidden.length, 'high or critical finding')} (below).`
  }
  if (counted.length === 0) return noDrift(report, codeSpan(report.baseline))
  const parts = COUNTED_SEVERITIES.filter((severity) => report.counts[severity] > 0).map(
    (severity) => `${report.counts[severity]} ${severity}`
  )
  const objects = new Set(counted.map((finding) => `${finding.object.kind}\u0000${finding.object.key}`)).size
  return `**Drift: ${parts.join(', ')}** across ${countOf(objects, 'object')} of tenant ${inert(report.tenantId)}.`
}

function extrasLine(info: number, ignored: number): string {
  const parts: string[] = []
  if (info > 0) parts.push(info === 1 ? '1 new Graph property (info)' : `${info} new Graph properties (info)`)
  if (ignored > 0) parts.push(`${countOf(ignored, 'ignored finding')} (accepted drift)`)
  return parts.join(' · ')
}

function budgetNotice(counted: readonly Finding[], plan: Plan, info: number, ignored: number): string {
  const reduced: string[] = []
  for (const severity of [...COUNTED_SEVERITIES].reverse()) {
    const count = counted.filter((finding) => finding.severity === severity).length
    if (count > 0 && plan.findings[severity] !== 'full') reduced.push(`${count} ${severity}`)
  }
  if (!plan.info && info > 0) reduced.push(`${info} info`)
  if (!plan.ignored && ignored > 0) reduced.push(`${ignored} ignored`)
  if (reduced.length === 0) return ''
  return `> [!NOTE]\n> To fit the size limit, details of ${reduced.join(', ')} findings are shortened or left out. The JSON report has them all.`
}

function renderFinding(finding: ReportedFinding): string {
  const lines = [
    `### ${SEVERITY_BADGES[finding.severity]} · ${objectLabel(finding.object)}`,
    '',
    renderWhoWhenAffects(finding),
    '',
    inert(finding.summary, 500),
    ''
  ]
  lines.push(`**Why it matters:** ${finding.why}`, '')
  if (finding.ignoreExpired !== undefined) {
    lines.push(
      `**Ignore expired** on ${inert(finding.ignoreExpired.expires)} (reason was: ${inert(finding.ignoreExpired.reason)}): this drift counts again.`,
      ''
    )
  }
  if (isTierRule(finding.rule)) {
    // A partner policy finding compares the tenant with what its tier allows, not with the baseline.
    lines.push('| Path | Tier allows | Live |', '| --- | --- | --- |')
    for (const change of finding.changes) {
      lines.push(`| ${inert(change.path)} | ${tierAllows(change.before)} | ${tableValue(change.after)} |`)
    }
  } else {
    lines.push('| Path | Baseline | Live |', '| --- | --- | --- |')
    for (const change of finding.changes.flatMap(leafChanges)) {
      lines.push(`| ${inert(change.path)} | ${tableValue(change.before)} | ${tableValue(change.after)} |`)
    }
  }
  lines.push('')
  lines.push(...renderRemediation(finding))
  lines.push(`Rule \`${finding.rule}\` · finding \`${finding.id}\``)
  return lines.join('\n')
}

/** What a tier allows, as the policy states it: a list of levels or claims ('none' when empty), or a flag. */
function tierAllows(value: JsonValue): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : inert(value.map(String).join(', '))
  if (value === false) return 'no'
  return inert(typeof value === 'string' ? value : stableStringify(value))
}

/** Running text from Graph: `inert` for markdown, `plain` for a terminal. */
type TextStyle = (text: string, maxLength?: number) => string

/** How many affected partners the block names before it refers to the JSON report. */
const MAX_NAMED_PARTNERS = 10

/**
 * The first thing a reviewer asks: who did it, when, and which organisations it reaches. Lines
 * end in a backslash (a CommonMark hard break) so the block stays compact.
 */
export function renderWhoWhenAffects(finding: ReportedFinding, maxNamed = MAX_NAMED_PARTNERS): string {
  const lines: string[] = []
  const attribution = finding.attribution
  if ('unavailable' in attribution) {
    lines.push(`**Who / When:** not known: ${inert(attribution.unavailable, 400)}`)
  } else {
    const client = attribution.client === null ? '' : ` · client ${inert(attribution.client, 200)}`
    lines.push(`**Who:** ${inert(attribution.actor, 200)}${client}`)
    lines.push(
      `**When:** ${inert(auditTime(attribution.time))} · audit entry ${inert(attribution.auditId, 120)}`
    )
  }
  lines.push(`**Affects:** ${affectsText(finding, inert, maxNamed)}`)
  return lines.join('\\\n')
}

/** "Northwind Traders (northwind.onmicrosoft.com, 8a7d…)": one pair of brackets, the id last. */
function withTenantId(displayName: string, tenantId: string, text: TextStyle): string {
  if (displayName === tenantId) return text(tenantId, 80)
  if (displayName.endsWith(')')) return `${text(displayName.slice(0, -1), 160)}, ${text(tenantId, 80)})`
  return `${text(displayName, 100)} (${text(tenantId, 80)})`
}

function affectsText(
  finding: ReportedFinding,
  text: TextStyle = inert,
  maxNamed = MAX_NAMED_PARTNERS
): string {
  const access = finding.access
  const kind = finding.object.kind
  if (kind !== 'default' && kind !== 'partner') {
    return "no partner's effective access or trust (not a cross-tenant access setting)"
  }
  // A partner without a tier, or a default beyond the policy, is about who is reached, not a move.
  if (finding.rule === 'partner-unclassified') return 'this partner only'
  if (finding.rule === 'default-outside-policy')
    return 'every external organisation without a partner configuration'
  if (access === undefined) {
    return 'not known: the default settings were not read on both sides, so inheritance cannot be resolved'
  }
  const unavailable = finding.affectsUnavailable
  if (unavailable !== undefined) {
    // No count and no list: which partner configurations exist was not read.
    const how =
      access.direction === 'unchanged'
        ? ''
        : ` (access ${access.direction}: ${text(access.changes.join('; '), 400)})`
    return `partners unavailable (${text(unavailable.reason, 300)}): every organisation without a partner configuration${how}; which partner configurations inherit it is not known`
  }
  if (access.direction === 'unchanged' && kind === 'partner' && finding.change === 'added') {
    return pinsSettings(finding)
      ? 'this partner only: none of its effective access or trust moves today, but the settings it pins no longer follow the default, so a later tightening of the default will not reach it'
      : "none: this partner's every setting still inherits the default"
  }
  if (access.direction === 'unchanged') {
    return kind === 'partner'
      ? "this change moves none of this partner's effective access or trust"
      : "this change moves no organisation's effective access or trust"
  }
  const how = `access ${access.direction}: ${text(access.changes.join('; '), 400)}`
  if (kind === 'partner') return `this partner only (${how})`
  const partners = access.partners
  if (partners.length === 0) {
    return `every organisation without a partner configuration (${how}); no partner configuration inherits it`
  }
  const named = partners
    .slice(0, maxNamed)
    .map(({ tenantId, displayName }) => withTenantId(displayName, tenantId, text))
  const rest = partners.length - named.length
  const list = rest > 0 ? `${named.join(', ')} and ${rest} more (all in the JSON report)` : named.join(', ')
  return `every organisation without a partner configuration and ${countOf(partners.length, 'partner')} that inherit it (${how}): ${list}`
}

/** Whether a new partner configuration sets any access or trust setting itself. */
function pinsSettings(finding: Finding): boolean {
  const settings: ReadonlySet<string> = new Set(EFFECTIVE_SETTINGS)
  return finding.changes.some(
    (change) => settings.has(splitPath(change.path)[0] ?? '') && !isUnset(change.after)
  )
}

/** '2026-02-28 14:02:11 UTC' from the audit entry's ISO time; the raw text if it does not parse. */
function auditTime(time: string): string {
  const parsed = Date.parse(time)
  if (Number.isNaN(parsed)) return time
  return `${new Date(parsed).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

function renderRemediation(finding: Finding): string[] {
  const remediation = finding.remediation
  if (remediation === undefined) return []
  const lines: string[] = []
  if (remediation.graph !== undefined) {
    const { method, path, body } = remediation.graph
    lines.push(`**Revert:** ${method} ${inert(path, 400)}`)
    if (body !== undefined) lines.push('', codeBlock(JSON.stringify(body, null, 2), 'json'))
    lines.push('')
  }
  if (remediation.powershell !== undefined) {
    lines.push('PowerShell:', '', codeBlock(remediation.powershell, 'powershell'), '')
  }
  if (remediation.note !== undefined) lines.push(`**Note:** ${inert(remediation.note, 500)}`, '')
  return lines
}

function compactLine(finding: Finding): string {
  return `- ${SEVERITY_BADGES[finding.severity]} · ${inert(finding.summary)} (\`${finding.rule}\`)`
}

function renderInfo(findings: readonly Finding[]): string {
  const lines = [
    '### Graph returned new properties',
    '',
    'Listed for information, never counted as drift: refresh the baseline to start watching them.',
    ''
  ]
  for (const finding of findings) {
    for (const change of finding.changes.flatMap(leafChanges)) {
      lines.push(`- ${objectLabel(finding.object)}: ${inert(change.path)} = ${tableValue(change.after)}`)
    }
  }
  return lines.join('\n')
}

function renderIgnored(findings: readonly Finding[]): string {
  const lines = ['### Accepted drift (ignored)', '']
  for (const finding of findings) {
    lines.push(
      `- ${SEVERITY_BADGES[finding.severity]} · ${inert(finding.summary)}: ${ignoredBy(finding)}. Rule \`${finding.rule}\`.`
    )
  }
  return lines.join('\n')
}

function isSerious(finding: Finding): boolean {
  return finding.severity === 'critical' || finding.severity === 'high'
}

/** Ignored high and critical findings, up front: a wide or lasting entry can hide what detect exists to catch. */
function renderSeriousIgnored(findings: readonly Finding[]): string {
  const lines = [
    '> [!WARNING]',
    `> ${countOf(findings.length, 'high or critical finding')} accepted by the baseline's \`ignore\` entries, so not counted as drift. Check that each entry is meant to cover it:`
  ]
  for (const finding of findings) {
    lines.push(
      `> - ${SEVERITY_BADGES[finding.severity]} · ${objectLabel(finding.object)}: ${inert(finding.summary, 300)}: ${ignoredBy(finding)}.`
    )
  }
  return lines.join('\n')
}

/**
 * 'ignored by ignore[0] (kind `default`, key `*`, path `**`, reason: pilot), expires 2026-06-30',
 * or 'never expires'. An absent key or path is shown as the wildcard it means.
 */
export function ignoredBy(
  finding: Pick<Finding, 'ignored'>,
  style: 'markdown' | 'plain' = 'markdown'
): string {
  const ignored = finding.ignored
  if (ignored === undefined) return 'not ignored'
  const text = style === 'markdown' ? inert : plain
  const literal = style === 'markdown' ? codeSpan : (value: string) => plain(value, 300)
  const reason = `reason: ${text(ignored.reason, 300)}`
  const entry = ignored.entry
  const named =
    entry === undefined
      ? `a baseline ignore entry (${reason})`
      : `ignore[${entry.index}] (kind ${literal(entry.kind)}, key ${literal(entry.key ?? '*')}, path ${literal(entry.path ?? '**')}, ${reason})`
  const expiry = ignored.expires === undefined ? 'never expires' : `expires ${text(ignored.expires)}`
  return `ignored by ${named}, ${expiry}`
}

function tableValue(value: JsonValue): string {
  if (isUnset(value)) return '_not set_'
  return inert(scalarText(value))
}

/** An inline code span its content cannot close (CommonMark: a longer backtick run than any inside). */
function codeSpan(text: string): string {
  const cleaned = plain(text, 300)
  let longestRun = 0
  for (const run of cleaned.match(/`+/g) ?? []) longestRun = Math.max(longestRun, run.length)
  const fence = '`'.repeat(longestRun + 1)
  const padded = cleaned.startsWith('`') || cleaned.endsWith('`') ? ` ${cleaned} ` : cleaned
  return `${fence}${padded}${fence}`
}

function withDetail(plan: Plan, severity: CountedSeverity, detail: Detail): Plan {
  return { ...plan, findings: { ...plan.findings, [severity]: detail } }
}

/** Last resort when even the summary is too long: cut at a line break and say so. */
function cutToLength(body: string, maxLength: number): string {
  const notice = '\n\n_…truncated to fit the size limit; the JSON report has everything._\n'
  const room = Math.max(0, maxLength - notice.length)
  const cut = body.lastIndexOf('\n', room)
  return `${body.slice(0, cut > 0 ? cut : room)}${notice}`
}

/**
 * The clean verdict. It claims a match only when everything was compared: a section that could not
 * be read (or that the baseline lacks) leaves the question open for that section.
 */
export function noDrift(report: Pick<Report, 'notCompared'>, baseline: string): string {
  // Properties the tenant's cloud lacks ('default.tenantRestrictions' in usgov) are never read
  // there: they leave no question open, but they are named.
  const unread = report.notCompared.filter((entry) => !isCloudGap(entry.section)).length
  const gaps = report.notCompared.length - unread
  if (unread === 0 && gaps === 0) return `No drift. The tenant matches ${baseline}.`
  if (unread === 0) {
    const lacked = gaps === 1 ? '1 property it lacks is' : `${gaps} properties it lacks are`
    return `No drift. The tenant matches ${baseline} in everything its cloud's Graph has (${lacked} listed under "Not compared").`
  }
  const sections = unread === 1 ? '1 section was' : `${unread} sections were`
  return `No drift in what was compared with ${baseline}; ${sections} not compared (see "Not compared").`
}

/**
 * The plain-text rendering for terminals and logs: no markdown and no entities, and for each
 * finding what a person asks first (what changed, who, when, whom it reaches, why, how to revert).
 */
export function renderText(report: Report): string {
  const counted = report.findings.filter(countsAsDrift)
  const lines: string[] = []
  const hidden = report.findings.filter((finding) => finding.ignored !== undefined && isSerious(finding))
  if (counted.length === 0 && hidden.length > 0) {
    lines.push(
      `No drift counted, but the baseline's ignore entries accept ${countOf(hidden.length, 'high or critical finding')}.`
    )
  } else if (counted.length === 0) {
    lines.push(noDrift(report, plain(report.baseline)))
  } else {
    const parts = COUNTED_SEVERITIES.filter((severity) => report.counts[severity] > 0).map(
      (severity) => `${report.counts[severity]} ${severity}`
    )
    const objects = new Set(counted.map((finding) => `${finding.object.kind}\u0000${finding.object.key}`))
      .size
    lines.push(
      `Drift: ${parts.join(', ')} across ${countOf(objects, 'object')} of tenant ${plain(report.tenantId)}.`
    )
  }
  for (const finding of counted) lines.push('', ...textFinding(finding))
  if (hidden.length > 0) lines.push('')
  for (const finding of hidden) {
    lines.push(
      `IGNORED  ${finding.severity} ${plain(finding.summary)} [${finding.rule}]: ${ignoredBy(finding, 'plain')}`
    )
  }
  const extras: string[] = []
  if (report.counts.info > 0) extras.push(`${report.counts.info} info (new Graph properties)`)
  if (report.counts.ignored > 0) extras.push(`${report.counts.ignored} ignored`)
  if (extras.length > 0 || report.notCompared.length > 0) lines.push('')
  if (extras.length > 0) lines.push(`Also: ${extras.join(', ')}.`)
  for (const entry of report.notCompared)
    lines.push(`Not compared: ${plain(sectionLabel(entry.section))} (${plain(entry.reason)})`)
  const tiers = report.partnerTiers
  if (tiers !== undefined) {
    lines.push(
      '',
      tiers.partnersUnknown === undefined
        ? `Partner tiers: ${tiers.tiers.map((entry) => `${plain(entry.tier)} ${entry.partners} (${entry.outOfTier} out of tier)`).join(', ')}; ${tiers.unclassified} without a tier.`
        : `Partner tiers: not judged (${plain(tiers.partnersUnknown)}).`
    )
  }
  return `${lines.join('\n')}\n`
}

/** Lines of a finding under its severity, indented to the summary's column. */
const TEXT_INDENT = ' '.repeat(9)
/** How many changed leaves a terminal finding lists before it refers to the report files. */
const MAX_TEXT_CHANGES = 8

function textFinding(finding: ReportedFinding): string[] {
  const lines = [
    `${finding.severity.toUpperCase().padEnd(8)} ${plain(finding.summary, 300)} [${finding.rule}]`
  ]
  const leaves = finding.changes.flatMap(leafChanges)
  for (const change of leaves.slice(0, MAX_TEXT_CHANGES)) {
    lines.push(
      `${TEXT_INDENT}${plain(change.path)}: ${textValue(change.before)} -> ${textValue(change.after)}`
    )
  }
  if (leaves.length > MAX_TEXT_CHANGES)
    lines.push(`${TEXT_INDENT}… ${leaves.length - MAX_TEXT_CHANGES} more changes (report.json has them all)`)
  const attribution = finding.attribution
  if ('unavailable' in attribution) {
    lines.push(`${TEXT_INDENT}Who/when: not known: ${plain(attribution.unavailable, 400)}`)
  } else {
    const client = attribution.client === null ? '' : ` · client ${plain(attribution.client)}`
    lines.push(`${TEXT_INDENT}Who:      ${plain(attribution.actor)}${client}`)
    lines.push(
      `${TEXT_INDENT}When:     ${plain(auditTime(attribution.time))} · audit entry ${plain(attribution.auditId, 120)}`
    )
  }
  lines.push(`${TEXT_INDENT}Affects:  ${affectsText(finding, plain)}`)
  lines.push(`${TEXT_INDENT}Why:      ${finding.why}`)
  lines.push(...textRemediation(finding.remediation))
  return lines
}

function textRemediation(remediation: Finding['remediation']): string[] {
  if (remediation === undefined) return []
  const lines: string[] = []
  const graph = remediation.graph
  if (graph !== undefined) {
    const body = graph.body === undefined ? '' : ` ${JSON.stringify(graph.body)}`
    lines.push(`${TEXT_INDENT}Revert:   ${graph.method} ${plain(graph.path, 400)}${body}`)
  }
  if (remediation.powershell !== undefined) {
    const [first = '', ...rest] = remediation.powershell.split('\n')
    lines.push(`${TEXT_INDENT}PowerShell: ${first}`, ...rest.map((line) => `${TEXT_INDENT}  ${line}`))
  }
  if (remediation.note !== undefined) lines.push(`${TEXT_INDENT}Note:     ${plain(remediation.note, 500)}`)
  return lines
}

/**
 * A change as the leaves that differ: `b2bCollaborationInbound.usersAndGroups.accessType` and its
 * values, not the whole object as JSON cut off in a cell. Arrays of scalars stay one leaf (a list);
 * arrays of objects are walked by position.
 */
export function leafChanges(change: Change): Change[] {
  const leaves: Change[] = []
  collectLeaves(change.path, change.before, change.after, leaves)
  return leaves.length === 0 ? [change] : leaves
}

function collectLeaves(path: string, before: JsonValue, after: JsonValue, leaves: Change[]): void {
  if (stableStringify(before) === stableStringify(after)) return
  if (isBranch(before) || isBranch(after)) {
    const beforeEntries = branchEntries(before)
    const afterEntries = branchEntries(after)
    for (const key of [...new Set([...beforeEntries.keys(), ...afterEntries.keys()])]) {
      const childPath =
        key === '' || /^\[\d+\]$/.test(key)
          ? `${path}${key}`
          : `${path}${formatPath([key]).replace(/^(?=[^[])/, path === '' ? '' : '.')}`
      collectLeaves(childPath, beforeEntries.get(key) ?? null, afterEntries.get(key) ?? null, leaves)
    }
    return
  }
  if (isUnset(before) && isUnset(after)) return
  leaves.push({ path, before, after })
}

/** An object, or an array holding an object: something with leaves below it. */
function isBranch(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some((item) => isJsonObject(item) || Array.isArray(item))
  return isJsonObject(value)
}

function branchEntries(value: JsonValue): Map<string, JsonValue> {
  if (Array.isArray(value)) return new Map(value.map((item, index) => [`[${index}]`, item]))
  if (isJsonObject(value)) return new Map(Object.entries(value))
  // A scalar where the other side has an object: one leaf at the object's own path.
  return isUnset(value) ? new Map() : new Map([['', value]])
}

function textValue(value: JsonValue): string {
  if (isUnset(value)) return '(not set)'
  return plain(scalarText(value), 120)
}

/** A leaf value as a person reads it: a list of scalars comma-joined, anything else as JSON. */
function scalarText(value: JsonValue): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value) && value.every((item) => !isJsonObject(item) && !Array.isArray(item)))
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ')
  return stableStringify(value)
}
