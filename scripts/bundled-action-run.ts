/**
 * The bundled action as a runner starts it (`node dist/index.js`, no flags of ours), with its whole
 * process's peak RSS: shared by `npm run bench` and scripts/measure-detect.ts.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'

/**
 * Prints the process's peak RSS on exit; loaded with --import so dist/index.js runs unchanged. The
 * probe loads in the action's worker thread too: only the main thread's exit is the process's.
 */
const PEAK_RSS_PROBE =
  "data:text/javascript,import{isMainThread}from'node:worker_threads';if(isMainThread)process.on('exit',()=>process.stderr.write('peak-rss-kib='+process.resourceUsage().maxRSS+'\\n'))"

export interface BundledActionRun {
  readonly wallMs: number
  readonly peakRssBytes: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `root`/dist/index.js with `env` (its inputs as INPUT_* variables); fails unless it exits 0. */
export async function runBundledActionMeasured(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  nodeArgs: readonly string[] = []
): Promise<BundledActionRun> {
  const start = performance.now()
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', PEAK_RSS_PROBE, join(root, 'dist/index.js')],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.once('exit', done))
  const wallMs = performance.now() - start
  const peak = /peak-rss-kib=(\d+)/.exec(stderr)?.[1]
  if (code !== 0 || peak === undefined) {
    throw new Error(`dist/index.js failed (exit ${code}):\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`)
  }
  return { wallMs, peakRssBytes: Number(peak) * 1024, stdout, stderr }
}
