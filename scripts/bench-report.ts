/**
 * The results of one `npm run bench` as data (written with `--json <path>`), and the markdown every
 * place that quotes them is made of: the tables the benchmark prints, the figures block of
 * docs/performance.md and the headline block of the README (scripts/bench-docs.ts rewrites both from
 * one results file, and a test holds them to it). Pure: no I/O.
 */

export interface BenchRow {
  /** 'ours', 'ours, configuration only' or 'naive'. */
  readonly strategy: string
  /** HTTP requests to Graph (a `$batch` counts once; sign-in not counted). */
  readonly httpRequests: number
  /** Graph reads, batch items counted one by one. */
  readonly graphReads: number
  /** Reads the simulated Graph answered 429. */
  readonly throttled: number
  /** Refused reads per limit of the limiter that answered. */
  readonly refusedBy: Readonly<Record<string, number>>
  /** Sign-in plus the longest run of exchanges that followed one another. */
  readonly criticalPath: number
  readonly wallMs: number
  readonly floorMs: number
  readonly floorBoundBy: string
  readonly projectionMs: number
  readonly projectionBoundBy: string
  readonly taskFloorMs: number
  readonly taskFloorBoundBy: string
  /** The benchmark process's peak RSS when the row ended (it never falls: the peak so far). */
  readonly peakRssBytes: number
}

export interface BenchTarget {
  readonly what: string
  readonly met: boolean
  readonly figure: string
}

export interface BenchTier {
  readonly tier: string
  readonly tenant: {
    readonly partners: number
    readonly caPolicies: number
    readonly guests: number
    readonly staleRatio: number
  }
  readonly rows: readonly BenchRow[]
  /** Ours and naive produced the same snapshot. */
  readonly identicalSnapshots: boolean
  /** Diff + render of this tier's snapshot against a baseline `changes` away. */
  readonly diff: {
    readonly changes: number
    readonly findings: number
    readonly markdownBytes: number
    readonly parseMs: number
    readonly firstMs: number
    readonly medianMs: number
  }
  /** `node dist/index.js` in snapshot mode: process start to its first network request, each round. */
  readonly coldStartMs: readonly number[]
  /** `node dist/index.js` in detect mode on this tier, Node's default flags, stale-guest pass off. */
  readonly action: { readonly peakRssBytes: number; readonly wallMs: number }
  readonly targets: readonly BenchTarget[]
}

export interface BenchResults {
  /** ISO 8601. */
  readonly measuredAt: string
  readonly node: string
  readonly cpus: number
  readonly latencyMs: number
  /** Real ms per simulated ms of the limits (0.01: limits run 100 times faster than real time). */
  readonly timeScale: number
  /** The assumed real Graph round trip of the real-limit projections. */
  readonly realLatencyMs: number
  /** Which limits answered 429 in the simulated Graph. */
  readonly limiter: 'independent' | 'model'
  /** The independent limiter counted signInActivity pages against the reports limit too. */
  readonly strictReports: boolean
  readonly tiers: readonly BenchTier[]
  /** The partner-scale tenant (configuration only, ours): issue 16's 10,000-partner targets. */
  readonly partnerScale?: PartnerScaleResult
}

export interface PartnerScaleResult {
  readonly partners: number
  /** Our collection of the tenant, time-scaled. */
  readonly collectMs: number
  /** parseBaseline of its snapshot as a baseline, first call (the validator compiled in it). */
  readonly parseMs: number
  /** The first diff + render after that parse. */
  readonly firstDiffMs: number
  readonly baselineBytes: number
  /** `node dist/index.js` in detect mode against it, Node's default flags. */
  readonly action: { readonly peakRssBytes: number; readonly wallMs: number }
  readonly targets: readonly BenchTarget[]
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

export const seconds = (ms: number): string =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`

/** Real time: seconds under two minutes, then minutes (hours past two). */
export const duration = (ms: number): string =>
  ms < 120_000
    ? seconds(ms)
    : ms < 2 * 3_600_000
      ? `${(ms / 60_000).toFixed(1)} min`
      : `${(ms / 3_600_000).toFixed(1)} h`

export const megabytes = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`

export const count = (value: number): string => value.toLocaleString('en-US')

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`

/** "time-scaled (limits ×100)" for a time scale of 0.01. */
export function timeScaledLabel(timeScale: number): string {
  return `time-scaled (limits ×${Math.round(1 / timeScale)})`
}

function limiterName(limiter: BenchResults['limiter'], strictReports = false): string {
  if (limiter === 'model') return "the fake's own limiter"
  return strictReports ? 'independent limiter, strict reports reading' : 'independent limiter'
}

function ratio(numerator: number, denominator: number): string {
  return `${(numerator / denominator).toFixed(1)}×`
}

/** One tier's table: every strategy, every column. */
export function renderTierTable(results: BenchResults, tier: BenchTier): string {
  const scaled = timeScaledLabel(results.timeScale)
  const columns = [
    'strategy',
    'HTTP requests',
    'Graph reads',
    'critical-path round trips',
    'real-limit projection',
    'task floor (real limits)',
    'naive/ours (real limits)',
    `wall, ${scaled}`,
    `floor, ${scaled}`,
    'wall/floor',
    'naive/ours (time-scaled)',
    `429s (${limiterName(results.limiter, results.strictReports)})`,
    'peak RSS (bench process, so far)'
  ]
  const lines = [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`]
  const ours = tier.rows.find((row) => row.strategy === 'ours')
  for (const row of tier.rows) {
    const naive = row.strategy === 'naive' && ours !== undefined
    const refused = Object.entries(row.refusedBy)
      .map(([limit, times]) => `${limit}: ${count(times)}`)
      .join(', ')
    const cells = [
      row.strategy,
      count(row.httpRequests),
      count(row.graphReads),
      String(row.criticalPath),
      `${duration(row.projectionMs)} (${row.projectionBoundBy})`,
      `${duration(row.taskFloorMs)} (${row.taskFloorBoundBy})`,
      naive ? ratio(row.projectionMs, ours.projectionMs) : '',
      seconds(row.wallMs),
      `${seconds(row.floorMs)} (${row.floorBoundBy})`,
      (row.wallMs / row.floorMs).toFixed(2),
      naive ? ratio(row.wallMs, ours.wallMs) : '',
      `${count(row.throttled)} of ${count(row.graphReads)} (${percent(row.throttled / Math.max(1, row.graphReads))})${refused === '' ? '' : `: ${refused}`}`,
      megabytes(row.peakRssBytes)
    ]
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}

/** One tier: what the tenant is, its table, and the figures measured once per tier. */
export function renderTier(results: BenchResults, tier: BenchTier): string {
  const { tenant, diff } = tier
  const starts = tier.coldStartMs
  return [
    `### ${tier.tier} tier: ${count(tenant.partners)} partners, ${count(tenant.caPolicies)} Conditional Access policies, ${count(tenant.guests)} guests (${Math.round(tenant.staleRatio * 100)}% stale)`,
    '',
    renderTierTable(results, tier),
    '',
    `- Snapshots, ours and naive: ${tier.identicalSnapshots ? 'identical' : '**different**'}.`,
    `- Cold start of \`node dist/index.js\` (snapshot mode), process start to its first network request: median ${median(starts).toFixed(0)} ms of ${starts.length} (${starts.map((ms) => ms.toFixed(0)).join(', ')}).`,
    `- First diff + render against a baseline ${diff.changes} changes away (${diff.findings} findings, ${count(diff.markdownBytes)} bytes of markdown), baseline parse included: ${(diff.parseMs + diff.firstMs).toFixed(0)} ms (parse ${diff.parseMs.toFixed(0)} ms, first diff + render ${diff.firstMs.toFixed(0)} ms; median of 7 after it ${diff.medianMs.toFixed(0)} ms).`,
    `- Peak RSS of the bundled action (\`node dist/index.js\`, detect mode, Node's default flags, stale-guest pass off, diff + render included): ${megabytes(tier.action.peakRssBytes)} (${seconds(tier.action.wallMs)}).`,
    ...(tier.targets.length === 0
      ? []
      : [
          '',
          'Targets:',
          '',
          ...tier.targets.map((target) => `- ${target.met ? '✓' : '✗'} ${target.what}: ${target.figure}`)
        ])
  ].join('\n')
}

/** The figures block of docs/performance.md: the run's conditions, then every tier. */
export function renderPerformanceFigures(results: BenchResults): string {
  return [
    `One run of \`npm run bench\` on ${results.measuredAt.slice(0, 10)} (${results.cpus} cores, Node ${results.node}; latency ${results.latencyMs} ms a round trip; limits run ${Math.round(1 / results.timeScale)} times faster than real time for the time-scaled columns; real-limit projections at an assumed ${results.realLatencyMs} ms a round trip; 429s answered by the ${limiterName(results.limiter, results.strictReports)}). Generated from \`docs/bench-results.json\` by \`node scripts/bench-docs.ts\`.`,
    '',
    ...results.tiers.flatMap((tier) => [renderTier(results, tier), '']),
    ...(results.partnerScale === undefined ? [] : [renderPartnerScale(results.partnerScale)])
  ]
    .join('\n')
    .trimEnd()
}

/** The 10,000-partner tenant: its baseline's parse and the bundled action's detect run, with their targets. */
export function renderPartnerScale(scale: PartnerScaleResult): string {
  return [
    `### partner scale: ${count(scale.partners)} partners (configuration only, ours)`,
    '',
    `- Collection (time-scaled): ${seconds(scale.collectMs)}; baseline of ${count(Math.round(scale.baselineBytes / 1024))} KiB parsed in ${scale.parseMs.toFixed(0)} ms (first call), first diff + render ${scale.firstDiffMs.toFixed(0)} ms more.`,
    `- The bundled action in detect mode (Node's default flags): peak RSS ${megabytes(scale.action.peakRssBytes)}, ${seconds(scale.action.wallMs)}.`,
    '',
    'Targets:',
    '',
    ...scale.targets.map((target) => `- ${target.met ? '✓' : '✗'} ${target.what}: ${target.figure}`)
  ].join('\n')
}

/** The README's headline: the real-limit projections first; time-scaled figures labelled as such. */
export function renderHeadline(results: BenchResults): string {
  const tier = results.tiers.find((candidate) => candidate.tier === 'large') ?? results.tiers.at(-1)
  if (tier === undefined) return ''
  const ours = tier.rows.find((row) => row.strategy === 'ours')
  const configuration = tier.rows.find((row) => row.strategy === 'ours, configuration only')
  const naive = tier.rows.find((row) => row.strategy === 'naive')
  if (ours === undefined || configuration === undefined || naive === undefined) return ''
  const scaled = timeScaledLabel(results.timeScale)
  const { tenant } = tier
  return [
    `A ${count(tenant.partners)}-partner, ${count(tenant.guests)}-guest tenant (${count(tenant.caPolicies)} Conditional Access policies, ${Math.round(tenant.staleRatio * 100)}% of guests stale), measured ${results.measuredAt.slice(0, 10)}:`,
    '',
    `- **At Graph's real limits** (projection from the requests made, at ${results.realLatencyMs} ms a round trip): the whole collection takes **${duration(ours.projectionMs)}** (bound by ${ours.projectionBoundBy}; the fewest documented requests that answer it take ${duration(ours.taskFloorMs)}), the configuration alone **${duration(configuration.projectionMs)}** in ${configuration.criticalPath} round trips; a naive one-request-at-a-time SDK-style script takes ${duration(naive.projectionMs)} (**${ratio(naive.projectionMs, ours.projectionMs)}** as long).`,
    `- **Throttling:** ${count(ours.throttled)} of ${count(ours.graphReads)} reads answered 429 (${percent(ours.throttled / Math.max(1, ours.graphReads))}) by the ${limiterName(results.limiter, results.strictReports)}, written from Microsoft's limits page apart from the client's own model of them.`,
    `- **${scaled[0]?.toUpperCase()}${scaled.slice(1)}:** ${seconds(ours.wallMs)} against a floor of ${seconds(ours.floorMs)} (${(ours.wallMs / ours.floorMs).toFixed(2)}×); naive ${seconds(naive.wallMs)} (${ratio(naive.wallMs, ours.wallMs)} as long). Snapshots of both: ${tier.identicalSnapshots ? 'identical' : 'different'}.`,
    `- First diff + render of ${tier.diff.changes} changes, baseline parse included: ${(tier.diff.parseMs + tier.diff.firstMs).toFixed(0)} ms; the bundled action's cold start to its first request: ${median(tier.coldStartMs).toFixed(0)} ms; its peak RSS in detect mode with Node's default flags: ${megabytes(tier.action.peakRssBytes)}.`,
    ...(results.partnerScale === undefined
      ? []
      : [
          `- At ${count(results.partnerScale.partners)} partners: baseline parse ${results.partnerScale.parseMs.toFixed(0)} ms; detect's peak RSS with Node's default flags ${megabytes(results.partnerScale.action.peakRssBytes)} (${seconds(results.partnerScale.action.wallMs)}).`
        ])
  ].join('\n')
}

export const MARKERS = { start: '<!-- bench:start -->', end: '<!-- bench:end -->' } as const

/** The text between the bench markers, or undefined when a marker is missing. */
export function quotedBlock(document: string): string | undefined {
  const start = document.indexOf(MARKERS.start)
  const end = document.indexOf(MARKERS.end)
  if (start < 0 || end < start) return undefined
  return document.slice(start + MARKERS.start.length, end).trim()
}

/** The document with the text between its bench markers replaced by `block`. */
export function withBlock(document: string, block: string, name: string): string {
  const start = document.indexOf(MARKERS.start)
  const end = document.indexOf(MARKERS.end)
  if (start < 0 || end < start) throw new Error(`${name} has no ${MARKERS.start} … ${MARKERS.end} block.`)
  return `${document.slice(0, start + MARKERS.start.length)}\n\n${block}\n\n${document.slice(end)}`
}
