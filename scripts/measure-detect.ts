/**
 * `node scripts/measure-detect.ts [--partners 1000] [--on-drift none|issue|pull-request|both]
 *   [--profile cpu|heap] [--skip-action] [--save dir] [--node-args '--trace-gc'] [--log file]`
 *
 * The partner-scale figures of issue 16 on one tenant size, repeatably and without the rest of
 * `npm run bench`: the baseline parse, the first diff + render (baseline parse included), and the
 * bundled action in detect mode with Node's default flags (wall, peak RSS), against the bench's
 * baseline (scripts/bench-baseline.ts: up to 50 changes). `--on-drift issue` (or `pull-request`,
 * `both`) also publishes to the tests' GitHub stand-in, as a scheduled run does (`none`, the
 * default, is what `npm run bench` measures). `--profile` writes a .cpuprofile / .heapprofile of
 * the action's process to the directory it prints.
 */
import './source-hooks.ts'
import { runBundledActionMeasured } from './bundled-action-run.ts'
import { baselineWithChanges } from './bench-baseline.ts'
import { fork, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { GraphServerConfig, GraphServerMessage } from './bench-graph-server.ts'

const { collectWith } = await import('../__tests__/bench/strategy-run.ts')
const { FAKE_CLOUD_CERT_PATH } = await import('../__tests__/fakes/fake-cloud.ts')
const { startGitHubFake } = await import('../__tests__/fakes/github-fake.ts')
const { serializeSnapshot } = await import('../src/core/baseline/snapshot-file.ts')
const { parseBaseline } = await import('../src/core/baseline/baseline.ts')
const { buildReport, compareSnapshots } = await import('../src/core/report/report.ts')
const { renderMarkdown } = await import('../src/core/render/render-markdown.ts')

const ROOT = resolve(import.meta.dirname, '..')
const NOW = new Date('2026-11-20T12:00:00Z')
const { values: args } = parseArgs({
  options: {
    partners: { type: 'string', default: '1000' },
    'on-drift': { type: 'string', default: 'none' },
    profile: { type: 'string' },
    'skip-action': { type: 'boolean', default: false },
    /** Writes live.json (the collected snapshot) and baseline.json there, for measuring the core alone. */
    save: { type: 'string' },
    /** Extra flags for the action's node (e.g. '--trace-gc'); the figures above are with none. */
    'node-args': { type: 'string' },
    /** Writes the action's stdout and stderr there. */
    log: { type: 'string' }
  }
})
const partners = Number(args.partners)

const config: GraphServerConfig = {
  partners,
  caPolicies: 195,
  guests: 1000,
  staleRatio: 0.2,
  now: NOW.toISOString(),
  latencyMs: 0,
  timeScale: 0.0002,
  // As npm run bench's default; only the warm fake (no limits) is read here.
  limiter: 'independent',
  strictReports: false
}
const child = fork(join(ROOT, 'scripts/bench-graph-server.ts'), [JSON.stringify(config)], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc']
})
const ready = await new Promise<GraphServerMessage>((done) => child.once('message', done))
if (ready.type !== 'ready') throw new Error('The Graph server did not start.')
const endpoint = {
  url: ready.warmUrl,
  tenantId: ready.tenantId,
  clientId: ready.clientId,
  clientSecret: ready.clientSecret
}

try {
  const run = await collectWith('optimised', endpoint, { now: NOW, staleGuestDays: 0, timeScale: 0.0002 })
  if (run.collection.problems.length > 0)
    throw new Error(`The collection had problems: ${JSON.stringify(run.collection.problems)}`)
  const live = run.collection.snapshot
  const text = serializeSnapshot(baselineWithChanges(live).baseline)
  if (args.save !== undefined) {
    writeFileSync(join(args.save, 'live.json'), serializeSnapshot(live))
    writeFileSync(join(args.save, 'baseline.json'), text)
  }

  const parseStart = performance.now()
  const parsed = parseBaseline(text, 'baselines/bench.json', { tenantId: live.tenantId })
  const parseMs = performance.now() - parseStart
  if (!parsed.ok) throw new Error(`The synthetic baseline is invalid: ${JSON.stringify(parsed.error)}`)
  const diffStart = performance.now()
  const comparison = compareSnapshots(parsed.baseline, live, { today: NOW.toISOString().slice(0, 10) })
  const report = buildReport({
    tenantId: live.tenantId,
    baselinePath: 'baselines/bench.json',
    capturedAt: live.capturedAt,
    comparison
  })
  const markdown = renderMarkdown(report)
  const diffMs = performance.now() - diffStart
  console.log(
    `${partners} partners: baseline ${Math.round(text.length / 1024)} KiB, parse ${parseMs.toFixed(0)} ms; first diff + render ${diffMs.toFixed(0)} ms (${(parseMs + diffMs).toFixed(0)} ms with the parse); ${report.findings.length} findings, ${markdown.length} chars of markdown.`
  )
  if (!args['skip-action']) {
    const action = await runBundledAction(text)
    console.log(
      `${partners} partners: the bundled action in detect mode: wall ${(action.wallMs / 1000).toFixed(2)} s, peak RSS ${Math.round(action.peakRssKib / 1024)} MB${action.profileDirectory ? `; profile in ${action.profileDirectory}` : ''}.`
    )
  }
} finally {
  child.send({ type: 'close' })
}

async function runBundledAction(
  baselineText: string
): Promise<{ wallMs: number; peakRssKib: number; profileDirectory?: string }> {
  if (!existsSync(join(ROOT, 'dist/index.js'))) {
    const built = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' })
    if (built.status !== 0) throw new Error('npm run build failed.')
  }
  const directory = mkdtempSync(join(tmpdir(), 'entra-b2b-drift-measure-'))
  writeFileSync(join(directory, 'github_output'), '')
  writeFileSync(join(directory, 'step_summary'), '')
  writeFileSync(join(directory, 'baseline.json'), baselineText)
  const publishing = args['on-drift'] === 'none' ? undefined : await startGitHubFake()
  const inputs: Record<string, string> = {
    'tenant-id': endpoint.tenantId,
    'client-id': endpoint.clientId,
    'client-secret': endpoint.clientSecret,
    'graph-endpoint': endpoint.url,
    'authority-host': endpoint.url,
    baseline: join(directory, 'baseline.json'),
    mode: 'detect',
    'stale-guest-days': '0',
    'on-drift': args['on-drift'] ?? 'none',
    'fail-on': 'none',
    ...(publishing === undefined ? {} : { 'github-token': publishing.token })
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_EXTRA_CA_CERTS: FAKE_CLOUD_CERT_PATH,
    RUNNER_TEMP: directory,
    GITHUB_OUTPUT: join(directory, 'github_output'),
    GITHUB_STEP_SUMMARY: join(directory, 'step_summary'),
    ...(publishing === undefined
      ? {}
      : {
          GITHUB_API_URL: publishing.url,
          GITHUB_REPOSITORY: `${publishing.owner}/${publishing.repo}`,
          GITHUB_EVENT_PATH: join(directory, 'event.json'),
          GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
          GITHUB_RUN_ID: '1',
          ENTRA_B2B_DRIFT_GITHUB_PACING: 'off'
        })
  }
  writeFileSync(join(directory, 'event.json'), '{}')
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const profile =
    args.profile === 'cpu'
      ? ['--cpu-prof', `--cpu-prof-dir=${directory}`]
      : args.profile === 'heap'
        ? ['--heap-prof', `--heap-prof-dir=${directory}`]
        : []
  const run = await runBundledActionMeasured(ROOT, env, [
    ...profile,
    ...(args['node-args'] ?? '').split(' ').filter(Boolean)
  ])
  if (args.log !== undefined) writeFileSync(args.log, run.stdout + run.stderr)
  if (publishing !== undefined) {
    console.log(`${publishing.issues().length} issue(s) on the GitHub stand-in.`)
    await publishing.close()
  }
  return {
    wallMs: run.wallMs,
    peakRssKib: run.peakRssBytes / 1024,
    ...(profile.length > 0 ? { profileDirectory: directory } : {})
  }
}
