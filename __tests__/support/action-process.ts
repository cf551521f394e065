import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { TEST_GRAPH_CLOCK_VARIABLE } from '../../src/graph/clock.js'

export interface ActionRun {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly summary: string
  /** The runner's temp folder of this run (reports land under it). */
  readonly runnerTemp: string
}

export interface ActionInvocation {
  /** Inputs by their action.yml names, e.g. { 'tenant-id': '…', mode: 'snapshot' }. */
  readonly inputs: Readonly<Record<string, string>>
  /** Extra environment (ACTIONS_ID_TOKEN_REQUEST_URL, GITHUB_API_URL, ...). */
  readonly env?: Readonly<Record<string, string>>
  /** Working directory (the "checkout"). */
  readonly cwd: string
  /** The fakes' certificate, trusted the way a user behind a TLS-inspecting proxy would. */
  readonly caCertPath: string
  readonly event?: unknown
}

const DIST = resolve(import.meta.dirname, '../../dist/index.js')

/**
 * Runs the bundled action exactly as a runner does: `node dist/index.js` in a child process, inputs
 * as INPUT_<NAME> variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_EVENT_PATH as files.
 */
export async function runAction(invocation: ActionInvocation): Promise<ActionRun> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'entra-drift-runner-'))
  const outputFile = join(runnerTemp, 'github_output')
  const summaryFile = join(runnerTemp, 'step_summary')
  const eventFile = join(runnerTemp, 'event.json')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(eventFile, JSON.stringify(invocation.event ?? defaultEvent(invocation.env)))

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerTemp,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_WORKSPACE: invocation.cwd,
    RUNNER_TEMP: runnerTemp,
    NODE_EXTRA_CA_CERTS: invocation.caCertPath,
    // The GitHub stand-in has no rate limits to respect: no write pacing, retry waits in milliseconds.
    ENTRA_B2B_DRIFT_GITHUB_PACING: 'off',
    // Graph waits (Retry-After, backoff, pacing) are asked for, logged and counted against
    // graph-timeout as ever, but take no time against the local stand-in (src/graph/clock.ts).
    [TEST_GRAPH_CLOCK_VARIABLE]: 'fast-forward',
    ...invocation.env
  }
  for (const [name, value] of Object.entries(invocation.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }

  const child = spawn(process.execPath, [DIST], {
    cwd: invocation.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exitCode = await new Promise<number | null>((done) => child.on('close', done))
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    runnerTemp
  }
}

/**
 * The event payload when a test gives none. Without a GitHub stand-in the run is a private
 * repository's, as its runner's payload would say; with one (GITHUB_API_URL set), the payload says
 * nothing, so the action asks the stand-in whether the repository is private.
 */
function defaultEvent(env: Readonly<Record<string, string>> | undefined): unknown {
  if (env?.GITHUB_API_URL !== undefined) return {}
  return { repository: { full_name: 'octo-org/octo-repo', private: true, visibility: 'private' } }
}

/** The messages of the run's `::error` annotations, decoded as the runner decodes them. */
export function errorAnnotations(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error'))
    .map((line) =>
      line
        .replace(/^::error[^:]*::/, '')
        .replaceAll('%0A', '\n')
        .replaceAll('%25', '%')
    )
}

/** The GITHUB_OUTPUT file format: `name<<delimiter` heredocs, as @actions/core writes them. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[index] ?? '')
    if (match === null) continue
    const [, name, delimiter] = match
    const value: string[] = []
    for (index++; index < lines.length && lines[index] !== delimiter; index++) value.push(lines[index] ?? '')
    outputs[name as string] = value.join('\n')
  }
  return outputs
}
