import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startFakeCloud, type FakeCloud } from '../fakes/fake-cloud.ts'
import { driftedContoso } from '../fakes/drift-scenarios.ts'
import { contosoTenant, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const FAKE_AZ = resolve(import.meta.dirname, '../fakes/bin')
let cloud: FakeCloud | undefined
afterEach(async () => {
  await cloud?.close()
  cloud = undefined
})

/** What `az login` would have cached: a token the fake cloud issued. */
async function azLoginToken(fake: FakeCloud): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: fake.clientId,
    client_secret: fake.clientSecret,
    scope: `${fake.url}/.default`
  })
  process.env.NODE_EXTRA_CA_CERTS = fake.certPath
  const { trustFakeCertificate } = await import('../fakes/fake-cloud.ts')
  trustFakeCertificate()
  const response = await fetch(`${fake.url}/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`, { method: 'POST', body })
  return ((await response.json()) as { access_token: string }).access_token
}

async function cli(
  args: string[],
  fake: FakeCloud,
  cwd: string
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], {
    cwd,
    env: {
      PATH: `${FAKE_AZ}:${process.env.PATH ?? ''}`,
      HOME: cwd,
      NODE_EXTRA_CA_CERTS: fake.certPath,
      FAKE_AZ_ACCESS_TOKEN: await azLoginToken(fake)
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return { code, stdout, stderr }
}

describe('the CLI on a workstation, signed in with az login', () => {
  it('bootstraps a baseline with snapshot, then prints the drift report with detect', async () => {
    cloud = await startFakeCloud({ tenant: contosoTenant() })
    const cwd = mkdtempSync(join(tmpdir(), 'entra-drift-cli-'))
    const common = ['--tenant-id', CONTOSO_TENANT_ID, '--graph-endpoint', cloud.url]

    const snapshot = await cli(['snapshot', ...common], cloud, cwd)
    expect(snapshot.stderr).toContain(`Wrote the snapshot of tenant ${CONTOSO_TENANT_ID}`)
    expect(snapshot.code).toBe(0)
    expect(
      JSON.parse(readFileSync(join(cwd, 'baselines', `${CONTOSO_TENANT_ID}.json`), 'utf8')).tenantId
    ).toBe(CONTOSO_TENANT_ID)

    cloud.setTenant(driftedContoso())
    const detect = await cli(['detect', ...common, '--fail-on', 'critical'], cloud, cwd)

    expect(detect.code).toBe(1)
    expect(detect.stdout).toMatch(/critical/i)
    expect(detect.stdout).toContain('inbound-trust-accepted')
    expect(detect.stderr).toContain('drift-detected: true')
  })

  it('checks local baseline files offline: valid and lint-clean at fail-on high, or the broken line named', async () => {
    cloud = await startFakeCloud({ tenant: contosoTenant() })
    const cwd = mkdtempSync(join(tmpdir(), 'entra-drift-cli-'))
    const example = resolve(ROOT, 'baselines/example.json')
    const broken = join(cwd, 'broken.json')
    writeFileSync(
      broken,
      readFileSync(example, 'utf8').replace('"schemaVersion": 1,', '"schemaVersion": 1,,')
    )

    const good = await cli(['check', example], cloud, cwd)
    const bad = await cli(['check', broken], cloud, cwd)

    expect(good.code).toBe(0)
    expect(good.stdout).toContain(`valid baseline of tenant ${CONTOSO_TENANT_ID}`)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`${broken}:2:`)
  })

  it('prints usage for an unknown command', async () => {
    cloud = await startFakeCloud({ tenant: contosoTenant() })
    const result = await cli(['frobnicate'], cloud, mkdtempSync(join(tmpdir(), 'entra-drift-cli-')))

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Usage: entra-b2b-drift <snapshot|detect>')
  })
})
