/**
 * Regenerates `baselines/example.json`: a snapshot of the simulated Contoso tenant taken by the
 * bundled action in `mode: snapshot`, as a user bootstraps a baseline. `npm run demo` compares a
 * drifted Contoso with it. A test keeps the committed file equal to a fresh snapshot.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startFakeCloud } from '../__tests__/fakes/fake-cloud.ts'
import { contosoTenant, CONTOSO_TENANT_ID } from '../__tests__/fakes/simulated-tenant.ts'

const root = resolve(import.meta.dirname, '..')
const cloud = await startFakeCloud({ tenant: contosoTenant() })
const runnerTemp = mkdtempSync(join(tmpdir(), 'entra-b2b-drift-example-'))
writeFileSync(join(runnerTemp, 'out'), '')
const env: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  GITHUB_OUTPUT: join(runnerTemp, 'out'),
  RUNNER_TEMP: runnerTemp,
  NODE_EXTRA_CA_CERTS: cloud.certPath,
  INPUT_MODE: 'snapshot',
  'INPUT_TENANT-ID': CONTOSO_TENANT_ID,
  'INPUT_CLIENT-ID': cloud.clientId,
  'INPUT_CLIENT-SECRET': cloud.clientSecret,
  'INPUT_GRAPH-ENDPOINT': cloud.url,
  'INPUT_AUTHORITY-HOST': cloud.url,
  INPUT_BASELINE: 'baselines/example.json'
}
// Asynchronous: the fake is served by this process's event loop while the action runs.
const child = spawn(process.execPath, [join(root, 'dist/index.js')], { cwd: root, env, stdio: 'inherit' })
const code = await new Promise<number | null>((done) => child.on('close', done))
await cloud.close()
process.exitCode = code ?? 1
