import { driftCount, formatHistoryData, HISTORY_LENGTH, type HistoryPoint } from '../report/history.js'
import type { Pseudonyms } from '../model/pseudonym.js'
import type { RedactionContext } from '../report/redact.js'
import type { Severity } from '../model/finding.js'
import { tenantFingerprint } from './render-issue.js'

/**
 * The trend as GitHub renders it: Mermaid `xychart-beta` charts next to a table of the same
 * numbers. Guests and findings get a chart each: on one axis a few findings would vanish under
 * thousands of guests, and xychart draws no legend to tell two lines apart.
 */

export const HISTORY_LABEL = 'entra-drift-history'
export const HISTORY_MARKER_PREFIX = '<!-- entra-b2b-drift:history v1'

export interface HistoryIssueOptions {
  /** Set where identifiers must not appear: the tenant reads as its placeholder, as in every other public text. */
  readonly redact: RedactionContext | undefined
  /** What the hidden marker is made of. */
  readonly pseudonyms: Pseudonyms
  /** The drift issues open after this run and the run's clock: listed oldest first. Absent: no list. */
  readonly open?: { readonly drifts: readonly OpenDrift[]; readonly now: string } | undefined
}

/** A drift issue still open, for the list by age. */
export interface OpenDrift {
  readonly number: number
  readonly title: string
  readonly severity: Severity | undefined
  /** When the issue was opened (ISO 8601); undefined when GitHub did not say. */
  readonly openedAt: string | undefined
  readonly overdue: boolean
}

/** "Open drift by age": oldest first, each with its severity, age and whether it is overdue. */
export function renderOpenDrifts(drifts: readonly OpenDrift[], now: string): string {
  if (drifts.length === 0) return '### Open drift by age\n\nNo drift issue is open.'
  const age = (openedAt: string | undefined): number =>
    openedAt === undefined
      ? -1
      : Math.max(0, Math.floor((Date.parse(now) - Date.parse(openedAt)) / 86_400_000))
  const sorted = [...drifts].sort((a, b) => age(b.openedAt) - age(a.openedAt) || a.number - b.number)
  return [
    '### Open drift by age',
    '',
    '| Issue | Severity | Open since | Age |',
    '| --- | --- | --- | --- |',
    ...sorted.map((drift) => {
      const days = age(drift.openedAt)
      const since = drift.openedAt === undefined ? 'not known' : drift.openedAt.slice(0, 10)
      const ageText = days < 0 ? 'not known' : `${days} day${days === 1 ? '' : 's'}`
      return `| #${drift.number} | ${drift.severity ?? 'not known'} | ${since} | ${ageText}${drift.overdue ? ' · **overdue**' : ''} |`
    })
  ].join('\n')
}

/** The marker prefix that finds one tenant's tracking issue; hashes only, like the drift issues'. */
export function historyMarkerPrefix(tenantId: string, pseudonyms: Pseudonyms): string {
  return `${HISTORY_MARKER_PREFIX} tenant=${tenantFingerprint(tenantId, pseudonyms)}`
}

/** The tenant's tracking issue: title and body, the points kept in a hidden block at the end. */
export function renderHistoryIssue(
  tenantId: string,
  points: readonly HistoryPoint[],
  options: HistoryIssueOptions
): { title: string; body: string } {
  const tenant = options.redact ? options.redact.placeholder(tenantId, 'tenant') : tenantId.toLowerCase()
  const body = [
    `${historyMarkerPrefix(tenantId, options.pseudonyms)} -->`,
    `Guest accounts and drift findings of tenant \`${tenant}\`, one point per detect run (the last ${HISTORY_LENGTH} are kept). ` +
      'entra-b2b-drift edits this issue on every run, which notifies nobody; the drift itself is in the issues labelled `entra-drift`.',
    '',
    renderTrend(points),
    '',
    ...(options.open === undefined ? [] : [renderOpenDrifts(options.open.drifts, options.open.now), '']),
    formatHistoryData(points),
    ''
  ].join('\n')
  return { title: `Entra drift history (${tenant})`, body }
}

/** The job summary's section: the same charts and table, and where they are kept. */
export function renderHistorySummary(points: readonly HistoryPoint[], issueNumber: number): string {
  const runs = points.length === 1 ? 'run' : `${points.length} runs`
  return [
    `### Trend over the last ${runs}`,
    '',
    renderTrend(points),
    '',
    `Kept in the tracking issue #${issueNumber} (label \`${HISTORY_LABEL}\`).`,
    ''
  ].join('\n')
}

/** Without history (on-drift none or pull-request): this run's numbers, and how to get the trend. */
export function renderCurrentNumbers(point: HistoryPoint): string {
  return [
    '### This run in numbers',
    '',
    '| Guests | External members | Pending invitations | Stale guests | Drift findings | Critical | High | Medium | Low |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${numberCells(point).join(' | ')} |`,
    '',
    `The trend over the last ${HISTORY_LENGTH} runs is kept with \`on-drift: issue\` or \`both\`, in one tracking issue per tenant (needs \`permissions: issues: write\`).`,
    ''
  ].join('\n')
}

/** Both charts and the table, newest run first in the table. */
export function renderTrend(points: readonly HistoryPoint[]): string {
  const sections = [renderGuestChart(points), renderDriftChart(points), renderHistoryTable(points)]
  return sections.join('\n\n')
}

export function renderHistoryTable(points: readonly HistoryPoint[]): string {
  // The partner tier columns appear once some run read a partner policy.
  const tiers = hasTiers(points)
  const rows = [...points]
    .reverse()
    .map(
      (point) =>
        `| ${runTime(point.at)} | ${[...numberCells(point), ...(tiers ? tierCells(point) : [])].join(' | ')} |`
    )
  const lines = [
    `| Run (UTC) | Guests | External members | Pending invitations | Stale guests | Drift findings | Critical | High | Medium | Low |${tiers ? ' Out of tier | No tier |' : ''}`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${tiers ? ' ---: | ---: |' : ''}`,
    ...rows
  ]
  if (tiers && points.some((point) => point.outOfTier === undefined)) {
    lines.push('', 'Out of tier and no tier: – where that run read no partner policy.')
  }
  if (points.some((point) => point.partial)) {
    lines.push('', '_partial_: some sections could not be read in that run; its counts cover the rest.')
  }
  if (
    points.some(
      (point) =>
        point.total === null ||
        point.pendingAcceptance === null ||
        (point.externalMembers ?? null) === null ||
        point.stale === null
    )
  ) {
    lines.push(
      '',
      '–: the figure was not read in that run (stale guests need AuditLog.Read.All and Entra ID P1).'
    )
  }
  return lines.join('\n')
}

/** Guest accounts over the runs that read them; nothing when none did. */
function renderGuestChart(points: readonly HistoryPoint[]): string {
  const read = points.filter((point): point is HistoryPoint & { total: number } => point.total !== null)
  if (read.length === 0) return '_Guest accounts were not read in these runs: no guest chart._'
  const totals = read.map((point) => point.total)
  const low = Math.min(...totals)
  const high = Math.max(...totals)
  // A band around the figures, so a change of a few guests among thousands still shows.
  const margin = Math.max(1, Math.ceil((high - low) * 0.1))
  return mermaid([
    'title "Guest accounts"',
    `x-axis [${chartLabels(read.map((point) => point.at)).join(', ')}]`,
    `y-axis "Guests" ${Math.max(0, low - margin)} --> ${high + margin}`,
    `line "guests" [${totals.join(', ')}]`
  ])
}

/** Counted findings per run as bars, critical and high as a line over them. */
function renderDriftChart(points: readonly HistoryPoint[]): string {
  const counts = points.map(driftCount)
  const severe = points.map((point) => point.findings.critical + point.findings.high)
  const tiers = hasTiers(points)
  const outside = points.map((point) => (point.outOfTier ?? 0) + (point.unclassified ?? 0))
  const chart = mermaid([
    'title "Drift findings"',
    `x-axis [${chartLabels(points.map((point) => point.at)).join(', ')}]`,
    `y-axis "Findings" 0 --> ${Math.max(5, ...counts, ...(tiers ? outside : []))}`,
    `bar "all findings" [${counts.join(', ')}]`,
    `line "critical and high" [${severe.join(', ')}]`,
    ...(tiers ? [`line "partners out of tier or without one" [${outside.join(', ')}]`] : [])
  ])
  return tiers
    ? `${chart}\n\nBars: all drift findings; lines: critical and high, then partners out of their tier or without one (0 where a run read no partner policy).`
    : `${chart}\n\nBars: all drift findings; line: critical and high.`
}

/**
 * Category labels, one per run and all different (a chart merges equal categories): the day,
 * with the time where a day has several runs, and a counter where even that repeats.
 */
export function chartLabels(timestamps: readonly string[]): string[] {
  const day = (at: string) => at.slice(5, 10)
  const minute = (at: string) => `${day(at)} ${at.slice(11, 16)}`
  const second = (at: string) => `${day(at)} ${at.slice(11, 19)}`
  let labels = timestamps.map(day)
  for (const finer of [minute, second]) {
    const repeated = repeatedValues(labels)
    labels = labels.map((label, index) => (repeated.has(label) ? finer(timestamps[index] ?? '') : label))
  }
  const repeated = repeatedValues(labels)
  const seen = new Map<string, number>()
  const unique = labels.map((label) => {
    if (!repeated.has(label)) return label
    const count = (seen.get(label) ?? 0) + 1
    seen.set(label, count)
    return `${label} (${count})`
  })
  return unique.map((label) => `"${label}"`)
}

function repeatedValues(values: readonly string[]): Set<string> {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const value of values) {
    if (seen.has(value)) repeated.add(value)
    seen.add(value)
  }
  return repeated
}

function mermaid(lines: readonly string[]): string {
  return ['```mermaid', 'xychart-beta', ...lines.map((line) => `  ${line}`), '```'].join('\n')
}

function numberCells(point: HistoryPoint): string[] {
  const figure = (value: number | null) => (value === null ? '–' : String(value))
  const { critical, high, medium, low } = point.findings
  return [
    figure(point.total),
    figure(point.externalMembers ?? null),
    figure(point.pendingAcceptance),
    figure(point.stale),
    `${driftCount(point)}${point.partial ? ' _partial_' : ''}`,
    String(critical),
    String(high),
    String(medium),
    String(low)
  ]
}

function hasTiers(points: readonly HistoryPoint[]): boolean {
  return points.some((point) => point.outOfTier !== undefined)
}

function tierCells(point: HistoryPoint): string[] {
  const figure = (value: number | undefined) => (value === undefined ? '–' : String(value))
  return [figure(point.outOfTier), figure(point.unclassified)]
}

/** `2026-05-03 05:17`: the run's minute, UTC. */
function runTime(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)}`
}
