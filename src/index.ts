import { setFlagsFromString } from 'node:v8'
import { Worker } from 'node:worker_threads'

// The first log line goes out before the action's bundle is even read: the work runs in a worker
// thread (dist/action.js), so the runner's log shows the action started within milliseconds.
process.stdout.write('entra-b2b-drift: starting\n')

/**
 * A runner starts `node dist/index.js` with no flags, and with Node's defaults the heap of a large
 * tenant's run holds far more garbage than live data (issue 16: a peak RSS of 440 MB at 10,000
 * partners, with 60-90 MB live after each full collection). Two limits cut it, set where this file
 * can set them: a small young generation (Node grows it to 64 MB semi-spaces under the run's
 * allocation rate), given to a worker thread that does all the work; and a heap that grows by a tenth of
 * its live size between full collections instead of up to four times (V8's default). The flag is
 * read each time V8 sizes the heap after a full collection, so set here it holds for the worker's
 * heap, created after it. The main thread only starts the worker and passes on its exit code
 * (core.setFailed sets process.exitCode in the worker); the worker's stdout and stderr reach the
 * process's own, in order, before its exit event.
 */
setFlagsFromString('--heap-growing-percent=10')
const worker = new Worker(new URL('./action.js', import.meta.url), {
  resourceLimits: { maxYoungGenerationSizeMb: 8 }
})
worker.on('error', (error) => {
  // Only what main() could not catch (it turns every failure into a message): fail the step.
  process.stdout.write(
    `::error::entra-b2b-drift failed unexpectedly: ${String(error).replace(/\r?\n/g, '%0A')}\n`
  )
  process.exitCode = 1
})
worker.on('exit', (code) => {
  if (code !== 0) process.exitCode = code
})
