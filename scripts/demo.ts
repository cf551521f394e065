/**
 * `npm run demo`: the action's main job, exactly as a runner runs it (`node dist/index.js`), against
 * a simulated Contoso tenant that drifted from `baselines/example.json`. No credentials, no network:
 * the tenant is the local Graph fake the tests use.
 */
import './source-hooks.ts'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startFakeCloud } from '../__tests__/fakes/fake-cloud.ts'
import { driftedContoso } from '../__tests__/fakes/drift-scenarios.ts'
import { CONTOSO_TENANT_ID } from '../__tests__/fakes/simulated-tenant.ts'
import type { Report } from '../src/core/report/report.ts'

const { renderText } = await import('../src/core/render/render-markdown.ts')

const root = resolve(import.meta.dirname, '..')
const cloud = await startFakeCloud({ tenant: driftedContoso() })
const runnerTemp = mkdtempSync(join(tmpdir(), 'entra-b2b-drift-demo-'))
const outputFile = join(runnerTemp, 'github_output')
const summaryFile = join(runnerTemp, 'step_summary')
writeFileSync(outputFile, '')
writeFileSync(summaryFile, '')
// The event payload of a private repository: identifiers are shown (a public one would redact them).
const eventFile = join(runnerTemp, 'event.json')
writeFileSync(eventFile, JSON.stringify({ repository: { private: true, visibility: 'private' } }))

const inputs: Record<string, string> = {
  mode: 'detect',
  'tenant-id': CONTOSO_TENANT_ID,
  'client-id': cloud.clientId,
  'client-secret': cloud.clientSecret,
  'graph-endpoint': cloud.url,
  'authority-host': cloud.url,
  baseline: 'baselines/example.json',
  'on-drift': 'none',
  'fail-on': 'high'
}
const env: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  GITHUB_OUTPUT: outputFile,
  GITHUB_STEP_SUMMARY: summaryFile,
  GITHUB_EVENT_PATH: eventFile,
  RUNNER_TEMP: runnerTemp,
  NODE_EXTRA_CA_CERTS: cloud.certPath
}
for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value

console.log('▶ node dist/index.js  (mode: detect, baseline: baselines/example.json, fail-on: high)')
console.log('  against a simulated tenant "Contoso" that drifted from its baseline\n')
const child = spawn(process.execPath, [join(root, 'dist/index.js')], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit']
})
let log = ''
child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()))
const exitCode = await new Promise<number | null>((done) => child.on('close', done))
await cloud.close()

const shown = log
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('::add-mask::') && !line.startsWith('::debug::'))
  .map(
    (line) => `  │ ${line.replace(/^::(group|endgroup)::/, '').replace(/^::(error|warning)[^:]*::/, '$1: ')}`
  )
console.log('── Action log ──────────────────────────────────────────────────────────────')
console.log(shown.join('\n'))
const outputs = new Map<string, string>()
for (const [, name = '', , value = ''] of readFileSync(outputFile, 'utf8').matchAll(
  /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
))
  outputs.set(name, value)
// A terminal gets the terminal rendering (the CLI's); the job summary and report.md are markdown for GitHub.
const reportJson = outputs.get('report-json-path') ?? ''
console.log('\n── The report, as a terminal shows it (report.json rendered as text) ──────\n')
console.log(renderText(JSON.parse(readFileSync(reportJson, 'utf8')) as Report).trim())
console.log('\n── Outputs (GITHUB_OUTPUT) ─────────────────────────────────────────────────')
for (const [name, value] of outputs) console.log(`  ${name} = ${value}`)
console.log(
  `\nThe same report as markdown, for an issue or the job summary: ${outputs.get('report-path') ?? ''}`
)
console.log(
  `\nThe step ${exitCode === 0 ? 'succeeded' : 'failed, as fail-on: high asks when a finding is high or critical'} (exit code ${exitCode}).`
)
