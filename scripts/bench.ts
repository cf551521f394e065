/**
 * `npm run bench [-- --tier small|large|all] [--latency 50] [--time-scale 0.01] [--real-latency 200]
 *   [--limiter independent|model] [--strict-reports] [--json <path>]`
 *
 * Collects a small tenant (10 partners, 20 CA policies, 1,000 guests) and a large one (1,000
 * partners, 195 CA policies, 250,000 guests, 20% stale) with this project's collector and with a
 * naive reference strategy, against a simulated Graph with per-request latency whose 429s come from
 * an independent reading of Graph's documented limits (scripts/bench-independent-limits.ts) on a time
 * scale; then, per tier, times diff + render of the snapshot against a baseline with 50 changes, the
 * bundled action's cold start and its peak RSS. Prints one table per tier; `--json` writes the
 * results (scripts/bench-report.ts BenchResults), from which `node scripts/bench-docs.ts` rewrites
 * the figures in docs/performance.md and the README. CI runs `--tier small` as a smoke run; it is
 * not a timed test.
 */
import './source-hooks.ts'
import { runBundledActionMeasured } from './bundled-action-run.ts'
import { baselineWithChanges } from './bench-baseline.ts'
import { fork, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { StrategyCollection } from '../__tests__/bench/strategy-run.ts'
import type { Snapshot } from '../src/core/model/snapshot.ts'
import type { GraphServerConfig, GraphServerMessage, GraphServerReport } from './bench-graph-server.ts'
import type { BenchResults, BenchRow, BenchTarget, BenchTier, PartnerScaleResult } from './bench-report.ts'

const { collectWith } = await import('../__tests__/bench/strategy-run.ts')
const { floorOf, longestSequentialChain, projectionOf } = await import('../__tests__/bench/bench-metrics.ts')
const { FAKE_CLOUD_CERT_PATH } = await import('../__tests__/fakes/fake-cloud.ts')
const { serializeSnapshot } = await import('../src/core/baseline/snapshot-file.ts')
const { parseBaseline } = await import('../src/core/baseline/baseline.ts')
const { buildReport, compareSnapshots } = await import('../src/core/report/report.ts')
const { renderMarkdown } = await import('../src/core/render/render-markdown.ts')
const { median, megabytes, renderPartnerScale, renderTier, seconds } = await import('./bench-report.ts')

const ROOT = resolve(import.meta.dirname, '..')
const NOW = new Date('2026-11-20T12:00:00Z')
const STALE_GUEST_DAYS = 90

const TIERS = {
  small: { partners: 10, caPolicies: 20, guests: 1000, staleRatio: 0.2 },
  large: { partners: 1000, caPolicies: 195, guests: 250_000, staleRatio: 0.2 },
  /** `--tier partners` (and part of `all`): configuration only, ours only, the 10,000-partner targets. */
  partners: { partners: 10_000, caPolicies: 195, guests: 1000, staleRatio: 0.2 }
} as const
type TierName = keyof typeof TIERS

const { values: args } = parseArgs({
  options: {
    tier: { type: 'string', default: 'all' },
    latency: { type: 'string', default: '50' },
    'time-scale': { type: 'string', default: '0.01' },
    'real-latency': { type: 'string', default: '200' },
    limiter: { type: 'string', default: 'independent' },
    'strict-reports': { type: 'boolean', default: false },
    json: { type: 'string' }
  }
})
const tiers: TierName[] =
  args.tier === 'all' ? ['small', 'large'] : args.tier === 'small' || args.tier === 'large' ? [args.tier] : []
const partnerScale = args.tier === 'partners' || args.tier === 'all'
if (tiers.length === 0 && !partnerScale)
  throw new Error(`--tier must be small, large, partners or all; got '${args.tier}'.`)
if (args.limiter !== 'independent' && args.limiter !== 'model')
  throw new Error(`--limiter must be independent or model; got '${args.limiter}'.`)
const limiter: 'independent' | 'model' = args.limiter
const latencyMs = Number(args.latency)
const timeScale = Number(args['time-scale'])
/** An assumed real Graph round trip for the real-limit projections (not measured: stated beside them). */
const realLatencyMs = Number(args['real-latency'])
/** At most this many users a page when signInActivity is selected (docs/stale-guests.md). */
const SIGN_IN_PAGE_SIZE = 500

// ---------------------------------------------------------------------------------------------
// What the client saw: every Graph exchange's start and end, for the critical path.

interface TimedExchange {
  readonly url: string
  readonly start: number
  readonly end: number
}
const exchanges: TimedExchange[] = []
const realFetch = globalThis.fetch
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  const start = performance.now()
  try {
    return await realFetch(input, init)
  } finally {
    if (url.includes('/v1.0/')) exchanges.push({ url, start, end: performance.now() })
  }
}

// ---------------------------------------------------------------------------------------------
// The simulated Graph, in a process of its own.

interface GraphServer {
  readonly timed: { url: string; tenantId: string; clientId: string; clientSecret: string }
  readonly warm: { url: string; tenantId: string; clientId: string; clientSecret: string }
  reset(): Promise<void>
  report(): Promise<GraphServerReport>
  close(): Promise<void>
}

async function startGraphServer(tier: TierName): Promise<GraphServer> {
  const config: GraphServerConfig = {
    ...TIERS[tier],
    now: NOW.toISOString(),
    latencyMs,
    timeScale,
    limiter,
    strictReports: args['strict-reports']
  }
  const child = fork(join(ROOT, 'scripts/bench-graph-server.ts'), [JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const next = (type: string): Promise<GraphServerMessage> =>
    new Promise((done, fail) => {
      const onMessage = (message: GraphServerMessage | { type: 'reset' }): void => {
        if (message.type !== type) return
        child.off('message', onMessage)
        child.off('exit', onExit)
        done(message as GraphServerMessage)
      }
      const onExit = (code: number | null): void => fail(new Error(`The Graph server exited (${code}).`))
      child.on('message', onMessage)
      child.once('exit', onExit)
    })
  const ready = await next('ready')
  if (ready.type !== 'ready') throw new Error('The Graph server did not start.')
  const app = { tenantId: ready.tenantId, clientId: ready.clientId, clientSecret: ready.clientSecret }
  return {
    timed: { url: ready.timedUrl, ...app },
    warm: { url: ready.warmUrl, ...app },
    async reset() {
      const answer = next('reset')
      child.send({ type: 'reset' })
      await answer
    },
    async report() {
      const answer = next('report')
      child.send({ type: 'report' })
      const message = await answer
      if (message.type !== 'report') throw new Error('The Graph server sent no report.')
      return message.report
    },
    async close() {
      const exited = new Promise((done) => child.once('exit', done))
      child.send({ type: 'close' })
      await exited
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One measured run.

interface Row {
  readonly tier: TierName
  readonly label: string
  readonly run: StrategyCollection
  readonly server: GraphServerReport
  readonly criticalPath: number
  readonly floorMs: number
  readonly floorBoundBy: string
  /** The requests made, against the real limits at the real latency (real time, not scaled). */
  readonly projection: { readonly ms: number; readonly boundBy: string }
  /** The fewest documented requests that answer the task, against the real limits. */
  readonly taskFloor: { readonly ms: number; readonly boundBy: string }
  readonly peakRssBytes: number
}

/**
 * The fewest documented requests that answer a tier's collection: the stale-guest figure needs every
 * guest listed with its signInActivity, 500 a page, each page after the previous one's nextLink (the
 * only documented form that sees guests who never signed in: docs/stale-guests.md); Conditional
 * Access needs its policies and its named locations (one page each is assumed [UNVERIFIED]);
 * everything else fits in one $batch round trip and inside the identity budget's burst.
 */
function taskFloorOf(tier: TierName, staleGuestDays: number, specs: GraphServerReport['specs']) {
  const pages = staleGuestDays > 0 ? Math.ceil(TIERS[tier].guests / SIGN_IN_PAGE_SIZE) : 0
  return projectionOf({
    realLatencyMs,
    roundTrips: 1 + Math.max(1, pages),
    specs,
    spent: { signInActivity: pages, conditionalAccess: 2 }
  })
}

async function measure(
  tier: TierName,
  server: GraphServer,
  strategy: 'optimised' | 'naive',
  label: string,
  staleGuestDays: number
): Promise<Row> {
  await server.reset()
  const mark = exchanges.length
  const run = await collectWith(strategy, server.timed, { now: NOW, staleGuestDays, timeScale })
  const report = await server.report()
  if (run.collection.problems.length > 0) {
    throw new Error(
      `${tier}/${label}: the collection had problems: ${JSON.stringify(run.collection.problems)}`
    )
  }
  const mine = exchanges.slice(mark).filter((exchange) => exchange.url.startsWith(server.timed.url))
  const floor = floorOf({
    latencyMs,
    timeScale,
    pageChain: report.pageChain,
    specs: report.specs,
    spent: report.spent
  })
  const row: Row = {
    tier,
    label,
    run,
    server: report,
    // Sign-in is one round trip before any read.
    criticalPath: 1 + longestSequentialChain(mine),
    floorMs: floor.ms,
    floorBoundBy: floor.boundBy,
    projection: projectionOf({
      realLatencyMs,
      roundTrips: 1 + longestSequentialChain(mine),
      specs: report.specs,
      spent: report.spent
    }),
    taskFloor: taskFloorOf(tier, staleGuestDays, report.specs),
    peakRssBytes: process.resourceUsage().maxRSS * 1024
  }
  console.error(`  ${tier} ${label}: ${(run.wallMs / 1000).toFixed(2)} s`)
  return row
}

// ---------------------------------------------------------------------------------------------
// Diff + render of the large snapshot against a baseline 50 changes away.

interface DiffTiming {
  /** The baseline file the timing compared against. */
  readonly baselineText: string
  readonly changes: number
  readonly parseMs: number
  readonly firstMs: number
  readonly medianMs: number
  readonly findings: number
  readonly markdownBytes: number
}

function timeDiffAndRender(live: Snapshot): DiffTiming {
  const { baseline, changes } = baselineWithChanges(live)
  const text = serializeSnapshot(baseline)
  const parseStart = performance.now()
  const parsed = parseBaseline(text, 'baselines/bench.json', { tenantId: live.tenantId })
  const parseMs = performance.now() - parseStart
  if (!parsed.ok) throw new Error(`The synthetic baseline is invalid: ${JSON.stringify(parsed.error)}`)
  const times: number[] = []
  let findings = 0
  let markdownBytes = 0
  for (let round = 0; round < 7; round++) {
    const start = performance.now()
    const comparison = compareSnapshots(parsed.baseline, live, { today: NOW.toISOString().slice(0, 10) })
    const report = buildReport({
      tenantId: live.tenantId,
      baselinePath: 'baselines/bench.json',
      capturedAt: live.capturedAt,
      comparison
    })
    const markdown = renderMarkdown(report)
    times.push(performance.now() - start)
    findings = report.findings.length
    markdownBytes = Buffer.byteLength(markdown)
  }
  return {
    baselineText: text,
    changes,
    parseMs,
    firstMs: times[0] ?? 0,
    medianMs: median(times),
    findings,
    markdownBytes
  }
}

// ---------------------------------------------------------------------------------------------
// The bundled action as a runner starts it: cold start, and the whole process's peak RSS.

function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist/index.js'))) return
  const built = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' })
  if (built.status !== 0) throw new Error('npm run build failed; the bundled action cannot be measured.')
}

function actionEnvironment(server: GraphServer, inputs: Record<string, string>): Record<string, string> {
  const directory = mkdtempSync(join(tmpdir(), 'entra-b2b-drift-bench-'))
  writeFileSync(join(directory, 'github_output'), '')
  writeFileSync(join(directory, 'step_summary'), '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_EXTRA_CA_CERTS: FAKE_CLOUD_CERT_PATH,
    RUNNER_TEMP: directory,
    GITHUB_OUTPUT: join(directory, 'github_output'),
    GITHUB_STEP_SUMMARY: join(directory, 'step_summary')
  }
  const all: Record<string, string> = {
    'tenant-id': server.timed.tenantId,
    'client-id': server.timed.clientId,
    'client-secret': server.timed.clientSecret,
    'graph-endpoint': server.timed.url,
    'authority-host': server.timed.url,
    baseline: join(directory, 'baseline.json'),
    'on-drift': 'none',
    'fail-on': 'none',
    ...inputs
  }
  for (const [name, value] of Object.entries(all)) env[`INPUT_${name.toUpperCase()}`] = value
  return env
}

/**
 * Loaded with --import before dist/index.js: prints, on the first outgoing request (a socket from
 * node:http/https, as @azure/identity's sign-in opens, or a fetch, as the Graph client makes), the
 * milliseconds since the process started. The action works in a worker thread (src/index.ts), whose
 * performance.now() counts from the worker's start: the probe, loaded in both threads, prints the
 * request's wall-clock time and the main thread its time origin, the process's start.
 */
const FIRST_REQUEST_PROBE =
  "data:text/javascript,import dc from 'node:diagnostics_channel';import{isMainThread}from'node:worker_threads';if(isMainThread)process.stderr.write('process-origin='+performance.timeOrigin+'\\n');let seen=false;const mark=()=>{if(!seen){seen=true;process.stderr.write('first-request-at='+(performance.timeOrigin+performance.now())+'\\n')}};dc.subscribe('net.client.socket',mark);const f=globalThis.fetch;globalThis.fetch=(...a)=>{mark();return f(...a)}"

interface ColdStart {
  /** From process start to its first outgoing network request. */
  readonly firstRequestMs: number
  /** From spawn to the first line a person sees in the log (secret masks are not shown). */
  readonly firstLineMs: number
}

/** The bundled action in snapshot mode, from process start to its first network request. */
async function coldStarts(server: GraphServer, rounds: number): Promise<ColdStart[]> {
  ensureBuilt()
  const times: ColdStart[] = []
  for (let round = 0; round < rounds; round++) {
    const env = actionEnvironment(server, { mode: 'snapshot' })
    const start = performance.now()
    const child = spawn(process.execPath, ['--import', FIRST_REQUEST_PROBE, join(ROOT, 'dist/index.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let firstLineMs: number | undefined
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const lines = out.split('\n').slice(0, -1)
      if (firstLineMs === undefined && lines.some((line) => !line.startsWith('::add-mask::')))
        firstLineMs = performance.now() - start
    })
    const firstRequestMs = await new Promise<number>((done, fail) => {
      let err = ''
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString()
        const origin = /process-origin=([\d.]+)/.exec(err)
        const request = /first-request-at=([\d.]+)/.exec(err)
        if (origin && request) done(Number(request[1]) - Number(origin[1]))
      })
      child.once('exit', () => fail(new Error('dist/index.js exited before its first network request.')))
    })
    child.kill()
    await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(undefined)))
    times.push({ firstRequestMs, firstLineMs: firstLineMs ?? Number.NaN })
  }
  return times
}

interface ActionRun {
  readonly wallMs: number
  readonly peakRssBytes: number
}

/**
 * The action's own process on the large tenant: detect mode against `baselineText`, so collection,
 * diff and render all count. The stale-guest pass is off: the production binary paces at real
 * time, where that pass alone takes minutes (its memory is a page at a time; see the rows above).
 */
async function runBundledAction(server: GraphServer, baselineText: string): Promise<ActionRun> {
  ensureBuilt()
  const env = actionEnvironment(server, { mode: 'detect', 'stale-guest-days': '0' })
  writeFileSync(env['INPUT_BASELINE'] as string, baselineText)
  const { wallMs, peakRssBytes } = await runBundledActionMeasured(ROOT, env)
  return { wallMs, peakRssBytes }
}

// ---------------------------------------------------------------------------------------------

/** The issue's targets, for one tier's measurements. */
function targetsOf(
  tier: TierName,
  tierRows: readonly Row[],
  timing: DiffTiming,
  starts: readonly ColdStart[],
  run: ActionRun
): BenchTarget[] {
  const ours = tierRows.find((row) => row.label === 'ours') as Row
  const configuration = tierRows.find((row) => row.label === 'ours, configuration only') as Row
  const throttledShare = ours.server.throttled / Math.max(1, ours.server.graphReads)
  const coldStart = median(starts.map((start) => start.firstRequestMs))
  const limit = 300 * 1024 * 1024
  return [
    {
      what: 'wall time within 1.25× of the floor (time-scaled)',
      met: ours.run.wallMs <= 1.25 * ours.floorMs,
      figure: `${(ours.run.wallMs / ours.floorMs).toFixed(2)}×`
    },
    {
      what: 'configuration part ≤ 25 round trips',
      met: configuration.criticalPath <= 25,
      figure: `${configuration.criticalPath}`
    },
    {
      what: `< 5% of reads answered 429 (${limiter === 'independent' ? 'independent limiter' : "the fake's own limiter"})`,
      met: throttledShare < 0.05,
      figure: `${(throttledShare * 100).toFixed(1)}%`
    },
    {
      what: 'detect peak RSS < 300 MB (the bundled action, default flags)',
      met: run.peakRssBytes < limit,
      figure: megabytes(run.peakRssBytes)
    },
    {
      what: 'first diff + render, baseline parse included, < 250 ms',
      met: timing.firstMs + timing.parseMs < 250,
      figure: `${(timing.firstMs + timing.parseMs).toFixed(0)} ms`
    },
    {
      what: 'cold start to the first network request < 400 ms',
      met: coldStart < 400,
      figure: `${coldStart.toFixed(0)} ms (${tier} tier's runs)`
    }
  ]
}

function benchRow(row: Row): BenchRow {
  return {
    strategy: row.label,
    httpRequests: row.server.httpRequests,
    graphReads: row.server.graphReads,
    throttled: row.server.throttled,
    refusedBy: row.server.refusedBy,
    criticalPath: row.criticalPath,
    wallMs: row.run.wallMs,
    floorMs: row.floorMs,
    floorBoundBy: row.floorBoundBy,
    projectionMs: row.projection.ms,
    projectionBoundBy: row.projection.boundBy,
    taskFloorMs: row.taskFloor.ms,
    taskFloorBoundBy: row.taskFloor.boundBy,
    peakRssBytes: row.peakRssBytes
  }
}

const measuredTiers = new Map<TierName, BenchTier>()
let graphServerRss = 0

console.error(
  `Benchmark: latency ${latencyMs} ms, limits on a time scale of ${timeScale} (1 simulated minute = ${seconds(60_000 * timeScale)}), 429s by the ${limiter} limiter.`
)
// The largest tier goes first, so the process's memory during its collection is that collection's,
// not what earlier runs left in the heap; the tables list the tiers small to large all the same.
for (const tier of [...tiers].reverse()) {
  const server = await startGraphServer(tier)
  try {
    // Untimed: warms the JIT and lets the simulated directory build its $count index.
    await collectWith('optimised', server.warm, {
      now: NOW,
      staleGuestDays: STALE_GUEST_DAYS,
      timeScale: 0.0002
    })
    const tierRows: Row[] = []
    const ours = await measure(tier, server, 'optimised', 'ours', STALE_GUEST_DAYS)
    tierRows.push(ours)
    const timing = timeDiffAndRender(ours.run.collection.snapshot)
    const run = await runBundledAction(server, timing.baselineText)
    const starts = await coldStarts(server, 5)
    tierRows.push(await measure(tier, server, 'optimised', 'ours, configuration only', 0))
    const naive = await measure(tier, server, 'naive', 'naive', STALE_GUEST_DAYS)
    tierRows.push(naive)
    graphServerRss = Math.max(graphServerRss, ...tierRows.map((row) => row.server.maxRssBytes))
    measuredTiers.set(tier, {
      tier,
      tenant: {
        partners: TIERS[tier].partners,
        caPolicies: TIERS[tier].caPolicies,
        guests: TIERS[tier].guests,
        staleRatio: TIERS[tier].staleRatio
      },
      rows: tierRows.map(benchRow),
      identicalSnapshots:
        serializeSnapshot(ours.run.collection.snapshot) === serializeSnapshot(naive.run.collection.snapshot),
      diff: {
        changes: timing.changes,
        findings: timing.findings,
        markdownBytes: timing.markdownBytes,
        parseMs: timing.parseMs,
        firstMs: timing.firstMs,
        medianMs: timing.medianMs
      },
      coldStartMs: starts.map((start) => start.firstRequestMs),
      action: { peakRssBytes: run.peakRssBytes, wallMs: run.wallMs },
      // The issue's targets are set for the large tenant; smaller tiers are measured, not judged.
      targets: tier === 'large' ? targetsOf(tier, tierRows, timing, starts, run) : []
    })
  } finally {
    await server.close()
  }
}

/** The 10,000-partner tenant: its baseline's parse, and the bundled action's peak RSS in detect mode. */
interface PartnerScale {
  readonly collectMs: number
  readonly parseMs: number
  readonly firstDiffMs: number
  readonly baselineBytes: number
  readonly action: ActionRun
}
let partnerScaleResult: PartnerScale | undefined
if (partnerScale) {
  const server = await startGraphServer('partners')
  try {
    await collectWith('optimised', server.warm, { now: NOW, staleGuestDays: 0, timeScale: 0.0002 })
    await server.reset()
    const run = await collectWith('optimised', server.timed, { now: NOW, staleGuestDays: 0, timeScale })
    if (run.collection.problems.length > 0)
      throw new Error(`partners: the collection had problems: ${JSON.stringify(run.collection.problems)}`)
    const timing = timeDiffAndRender(run.collection.snapshot)
    partnerScaleResult = {
      collectMs: run.wallMs,
      parseMs: timing.parseMs,
      firstDiffMs: timing.firstMs,
      baselineBytes: Buffer.byteLength(timing.baselineText),
      action: await runBundledAction(server, timing.baselineText)
    }
    console.error(`  partners: ${(run.wallMs / 1000).toFixed(2)} s`)
  } finally {
    await server.close()
  }
}

const partnerScaleReport: PartnerScaleResult | undefined =
  partnerScaleResult === undefined
    ? undefined
    : {
        partners: TIERS.partners.partners,
        collectMs: partnerScaleResult.collectMs,
        parseMs: partnerScaleResult.parseMs,
        firstDiffMs: partnerScaleResult.firstDiffMs,
        baselineBytes: partnerScaleResult.baselineBytes,
        action: {
          peakRssBytes: partnerScaleResult.action.peakRssBytes,
          wallMs: partnerScaleResult.action.wallMs
        },
        targets: [
          {
            what: 'baseline parse < 500 ms',
            met: partnerScaleResult.parseMs < 500,
            figure: `${partnerScaleResult.parseMs.toFixed(0)} ms`
          },
          {
            what: 'detect peak RSS < 300 MB (the bundled action, default flags)',
            met: partnerScaleResult.action.peakRssBytes < 300 * 1024 * 1024,
            figure: megabytes(partnerScaleResult.action.peakRssBytes)
          }
        ]
      }
if (partnerScaleReport !== undefined) console.log(`${renderPartnerScale(partnerScaleReport)}\n`)

if (measuredTiers.size === 0 && partnerScaleReport === undefined) process.exit(process.exitCode ?? 0)
const results: BenchResults = {
  measuredAt: new Date().toISOString(),
  node: process.versions.node,
  cpus: availableParallelism(),
  latencyMs,
  timeScale,
  realLatencyMs,
  limiter,
  strictReports: args['strict-reports'],
  tiers: tiers.flatMap((tier) => {
    const measured = measuredTiers.get(tier)
    return measured === undefined ? [] : [measured]
  }),
  ...(partnerScaleReport === undefined ? {} : { partnerScale: partnerScaleReport })
}
for (const tier of results.tiers) console.log(`${renderTier(results, tier)}\n`)
console.log(
  `Real-limit projection: the requests made, against Graph's documented limits in real time at an assumed ${realLatencyMs} ms a round trip (--real-latency); task floor: the fewest documented requests that answer the same collection, likewise. Peak RSS of this benchmark process at the end: ${megabytes(process.resourceUsage().maxRSS * 1024)}${graphServerRss > 0 ? `; the simulated Graph's own process: ${megabytes(graphServerRss)}` : ''}.`
)
if (args.json !== undefined) {
  writeFileSync(resolve(args.json), `${JSON.stringify(results, null, 2)}\n`)
  console.error(
    `Results written to ${args.json}; \`node scripts/bench-docs.ts ${args.json}\` quotes them in docs/performance.md and the README.`
  )
}
if (results.tiers.some((tier) => !tier.identicalSnapshots)) process.exitCode = 1
