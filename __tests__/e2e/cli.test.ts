import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { TEST_GRAPH_CLOCK_VARIABLE } from '../../src/graph/clock.js'
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

interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the bundled CLI as a user would, signed in with `az login` to the fake cloud when one is given. */
async function cli(
  args: string[],
  fake: FakeCloud | undefined,
  cwd: string,
  options: { node?: string; nodeOptions?: string[]; env?: Record<string, string> } = {}
): Promise<CliResult> {
  const child = spawn(
    options.node ?? process.execPath,
    [...(options.nodeOptions ?? []), join(ROOT, 'dist/cli.js'), ...args],
    {
      cwd,
      env: {
        PATH: `${FAKE_AZ}:${process.env.PATH ?? ''}`,
        HOME: cwd,
        TMPDIR: cwd,
        // Graph waits take no time against the local stand-in (src/graph/clock.ts); they are still logged.
        [TEST_GRAPH_CLOCK_VARIABLE]: 'fast-forward',
        ...(fake
          ? { NODE_EXTRA_CA_CERTS: fake.certPath, FAKE_AZ_ACCESS_TOKEN: await azLoginToken(fake) }
          : {}),
        ...options.env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return { code, stdout, stderr }
}

const workstation = (): string => mkdtempSync(join(tmpdir(), 'entra-drift-cli-'))

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
})

/** One line on stderr, nothing of a stack trace or a raw errno. */
function expectOneClearLine(result: CliResult, line: string | RegExp): void {
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  if (typeof line === 'string') expect(lines[0]).toBe(line)
  else expect(lines[0]).toMatch(line)
  expect(result.stderr).not.toMatch(/\n\s+at |EISDIR|ENOENT|Input '/)
}

/** A Node older than 22 on this machine (the system one, here), if there is one. */
function olderNode(): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    const candidate = join(directory, 'node')
    if (!existsSync(candidate)) continue
    const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
    if (Number(version.split('.')[0]) < 22) return candidate
  }
  return undefined
}

describe('the CLI speaks in command-line words, with documented exit codes', () => {
  it('prints the package version with --version', async () => {
    const result = await cli(['--version'], undefined, workstation())

    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${version}\n`)
  })

  it.each(['snapshot', 'detect', 'check'])(
    'prints the help of %s with --help, and the exit codes',
    async (command) => {
      const result = await cli([command, '--help'], undefined, workstation())

      expect(result.code).toBe(0)
      expect(result.stdout).toContain(`Usage: entra-b2b-drift ${command} `)
      expect(result.stdout).toContain('3  the run could not complete')
      expect(result.stderr).toBe('')
    }
  )

  it('names a mistyped command and the one it resembles', async () => {
    const result = await cli(['detetc', '--tenant-id', CONTOSO_TENANT_ID], undefined, workstation())

    expect(result.code).toBe(2)
    expectOneClearLine(result, /^error: unknown command 'detetc'; did you mean 'detect'\?/)
  })

  it.each([
    ['--on-drift', 'issue', 'publish to GitHub'],
    ['--labels', 'security', 'publish to GitHub'],
    ['--assignees', 'avery', 'publish to GitHub'],
    ['--issue-min-severity', 'high', 'publish to GitHub'],
    ['--max-issues-per-run', '5', 'publish to GitHub'],
    ['--allow-public-baseline-pull-request', 'true', 'publish to GitHub'],
    ['--github-token', 'ghp_x', 'publish to GitHub'],
    ['--mode', 'snapshot', 'the command (snapshot, detect or check) is the mode'],
    ['--pseudonym-key', 'k', 'public GitHub surfaces'],
    ['--oidc-audience', 'api://x', 'only inside GitHub Actions'],
    ['--client-secret', 's3cret', 'ENTRA_CLIENT_SECRET'],
    ['--client-certificate', 'pem', 'ENTRA_CLIENT_CERTIFICATE']
  ])('refuses the action-only input %s with the reason', async (flag, value, reason) => {
    const result = await cli(
      ['detect', '--tenant-id', CONTOSO_TENANT_ID, flag, value],
      undefined,
      workstation()
    )

    expect(result.code).toBe(2)
    expectOneClearLine(
      result,
      new RegExp(`^error: ${flag} means nothing on a workstation: .*${escaped(reason)}`)
    )
  })

  it('names flags, not action inputs, in configuration errors', async () => {
    const result = await cli(['detect', '--tenant-id', 'not a tenant'], undefined, workstation())

    expect(result.code).toBe(2)
    expectOneClearLine(result, /^error: --tenant-id must be the tenant's GUID/)
  })

  it('names an option of another command, and an unknown option', async () => {
    const cwd = workstation()
    const misplaced = await cli(
      ['snapshot', '--tenant-id', CONTOSO_TENANT_ID, '--fail-on', 'high'],
      undefined,
      cwd
    )
    const unknown = await cli(['detect', '--tenant', CONTOSO_TENANT_ID], undefined, cwd)

    expect(misplaced.code).toBe(2)
    expectOneClearLine(misplaced, 'error: --fail-on is an option of detect and check, not of snapshot.')
    expect(unknown.code).toBe(2)
    expectOneClearLine(unknown, /^error: unknown option '--tenant' for detect/)
  })

  it('gives one line, exit 2, for a baseline that is a directory or missing, before signing in', async () => {
    const cwd = workstation()
    const folder = join(cwd, 'baselines')
    mkdirSync(folder)
    const common = ['--tenant-id', CONTOSO_TENANT_ID]

    const directory = await cli(['detect', ...common, '--baseline', folder], undefined, cwd)
    const missing = await cli(['detect', ...common], undefined, cwd)
    const snapshotIntoDirectory = await cli(['snapshot', ...common, '--baseline', folder], undefined, cwd)

    expect(directory.code).toBe(2)
    expectOneClearLine(
      directory,
      `error: --baseline ${folder} is a directory; give the baseline file (e.g. ${folder}/<tenant-id>.json).`
    )
    expect(missing.code).toBe(2)
    expectOneClearLine(
      missing,
      `error: --baseline baselines/${CONTOSO_TENANT_ID}.json does not exist; create it with: snapshot --tenant-id ${CONTOSO_TENANT_ID}.`
    )
    expect(snapshotIntoDirectory.code).toBe(2)
    expectOneClearLine(snapshotIntoDirectory, /^error: --baseline .* is a directory/)
  })

  it('exits 2 on a broken baseline for detect, naming its line, before signing in', async () => {
    const cwd = workstation()
    const broken = join(cwd, 'broken.json')
    writeFileSync(
      broken,
      readFileSync(resolve(ROOT, 'baselines/example.json'), 'utf8').replace(
        '"schemaVersion": 1,',
        '"schemaVersion": 1,,'
      )
    )

    const result = await cli(
      ['detect', '--tenant-id', CONTOSO_TENANT_ID, '--baseline', broken],
      undefined,
      cwd
    )

    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${broken}:2:`)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('gives one line, exit 2, for a file given to check that does not exist, or a directory without baselines', async () => {
    const cwd = workstation()
    mkdirSync(join(cwd, 'empty'))

    const missing = await cli(['check', 'baselines/nope.json'], undefined, cwd)
    const empty = await cli(['check', 'empty'], undefined, cwd)

    expect(missing.code).toBe(2)
    expectOneClearLine(missing, 'error: baselines/nope.json does not exist.')
    expect(empty.code).toBe(2)
    expectOneClearLine(empty, 'error: empty is a directory with no .json file in it.')
  })

  it('checks the *.json files of a directory given to check', async () => {
    const cwd = workstation()
    const folder = join(cwd, 'baselines')
    mkdirSync(folder)
    const example = readFileSync(resolve(ROOT, 'baselines/example.json'), 'utf8')
    writeFileSync(join(folder, 'a.json'), example)
    writeFileSync(join(folder, 'notes.txt'), 'not a baseline')

    const clean = await cli(['check', 'baselines'], undefined, cwd)
    writeFileSync(join(folder, 'b.json'), example.replace('"schemaVersion": 1,', '"schemaVersion": 1,,'))
    const broken = await cli(['check', 'baselines'], undefined, cwd)

    expect(clean.code).toBe(0)
    expect(clean.stdout).toContain(
      `${join('baselines', 'a.json')}: valid baseline of tenant ${CONTOSO_TENANT_ID}`
    )
    expect(clean.stdout + clean.stderr).not.toContain('notes.txt')
    expect(broken.code).toBe(1)
    expect(broken.stderr).toContain(`${join('baselines', 'b.json')}:2:`)
  })

  it('stops at once on a Node older than 22, before the program is loaded', async () => {
    const old = olderNode()
    // Without an old Node on the machine, the same check sees an older version reported.
    const result = await cli(
      ['--version'],
      undefined,
      workstation(),
      old === undefined
        ? {
            nodeOptions: [
              '--import',
              `data:text/javascript,Object.defineProperty(process.versions, 'node', { value: '20.19.0' })`
            ]
          }
        : { node: old }
    )

    const reported =
      old === undefined
        ? '20.19.0'
        : spawnSync(old, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(`entra-b2b-drift needs Node 22 or later (this is Node ${reported})\n`)
  })
})

describe('the CLI against a tenant: exit codes, reports and baselines', () => {
  async function withBaseline(): Promise<{ cwd: string; common: string[]; fake: FakeCloud }> {
    const fake = await startFakeCloud({ tenant: contosoTenant() })
    cloud = fake
    const cwd = workstation()
    const common = ['--tenant-id', CONTOSO_TENANT_ID, '--graph-endpoint', fake.url]
    const snapshot = await cli(['snapshot', ...common], fake, cwd)
    expect(snapshot.code).toBe(0)
    return { cwd, common, fake }
  }

  it('exits 0 without drift, and 0 with drift below --fail-on', async () => {
    const { cwd, common, fake } = await withBaseline()

    const quiet = await cli(['detect', ...common], fake, cwd)
    fake.setTenant(driftedContoso())
    const below = await cli(['detect', ...common, '--fail-on', 'none'], fake, cwd)

    expect(quiet.code).toBe(0)
    expect(quiet.stderr).toContain('drift-detected: false')
    expect(below.code).toBe(0)
    expect(below.stderr).toContain('drift-detected: true')
  })

  it('exits 3 when part of the tenant could not be read from Graph', async () => {
    const { cwd, common, fake } = await withBaseline()
    fake.faults.inject({
      match: /crossTenantAccessPolicy/,
      times: Infinity,
      fault: { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' }
    })

    const detect = await cli(['detect', ...common], fake, cwd)
    const snapshot = await cli(['snapshot', ...common, '--force'], fake, cwd)

    expect(detect.code).toBe(3)
    expect(detect.stderr).toContain('could not be read')
    expect(snapshot.code).toBe(3)
    expect(snapshot.stderr).toContain('no baseline was written')
  })

  it('writes the reports to a new private folder, or to --report-dir, never to a fixed shared path', async () => {
    const { cwd, common, fake } = await withBaseline()
    fake.setTenant(driftedContoso())

    const private1 = await cli(['detect', ...common, '--fail-on', 'none'], fake, cwd)
    const private2 = await cli(['detect', ...common, '--fail-on', 'none'], fake, cwd)
    const chosen = await cli(['detect', ...common, '--fail-on', 'none', '--report-dir', 'reports'], fake, cwd)

    const first = reportPath(private1.stderr)
    const second = reportPath(private2.stderr)
    expect(dirname(first).startsWith(join(cwd, 'entra-b2b-drift-'))).toBe(true)
    expect(dirname(second)).not.toBe(dirname(first))
    expect(statSync(dirname(first)).mode & 0o777).toBe(0o700)
    expect(readFileSync(first, 'utf8')).toContain('inbound-trust-accepted')
    expect(reportPath(chosen.stderr)).toBe(join('reports', 'report.md'))
    expect(existsSync(join(cwd, 'reports', 'report.json'))).toBe(true)
    expect(existsSync(join(cwd, 'entra-b2b-drift'))).toBe(false)
  })

  it('refuses to replace an existing baseline unless --force', async () => {
    const { cwd, common, fake } = await withBaseline()
    const path = join(cwd, 'baselines', `${CONTOSO_TENANT_ID}.json`)
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(/"capturedAt": "[^"]*"/, '"capturedAt": "2020-01-01T00:00:00.000Z"')
    )
    const before = readFileSync(path, 'utf8')
    const graphReadsBefore = fake.graphRequests().length

    const refused = await cli(['snapshot', ...common], fake, cwd)

    expect(refused.code).toBe(2)
    expectOneClearLine(
      refused,
      `error: baselines/${CONTOSO_TENANT_ID}.json already exists; nothing was written. Compare with detect, or pass --force to replace it.`
    )
    expect(readFileSync(path, 'utf8')).toBe(before)
    expect(fake.graphRequests().length).toBe(graphReadsBefore)

    const forced = await cli(['snapshot', ...common, '--force'], fake, cwd)

    expect(forced.code).toBe(0)
    expect(readFileSync(path, 'utf8')).not.toContain('2020-01-01T00:00:00.000Z')
  })
})

function reportPath(stderr: string): string {
  const line = stderr.split('\n').find((entry) => entry.startsWith('report-path: '))
  if (line === undefined) throw new Error(`no report-path in:\n${stderr}`)
  return line.slice('report-path: '.length)
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
