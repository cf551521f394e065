/**
 * Issue 5, secrets: the bundled action runs every mode and every sign-in with secrets of known
 * value (client secret, certificate and key, GitHub token, the runner's OIDC request token), and
 * everything it leaves behind is scanned for them and for the secrets minted on the way (access
 * tokens, the GitHub OIDC token, the signed client assertion). The runner would mask what the action
 * registers with `::add-mask::`; this test is not the runner, so it demands that nothing is printed
 * unmasked in the first place (the `::add-mask::` lines themselves excepted).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ActionRun } from '../../support/action-process.js'
import { fabrikamTrustsEveryClaim } from '../../fakes/drift-scenarios.ts'
import { startGitHubFake, type GitHubFake } from '../../fakes/github-fake.ts'
import { contosoTenant } from '../../fakes/simulated-tenant.ts'
import { startActionJob, type ActionJob } from './action-job.js'

const CLIENT_SECRET = 'Qz8~LeakProbe.ClientSecret-7f3a9c1e5b'
const GITHUB_TOKEN = 'ghs_LeakProbeGitHubToken0123456789abcdef'
const OIDC_REQUEST_TOKEN = 'LeakProbeRunnerOidcRequestToken-4c2e8a6f'
const REJECTED_SECRET = 'Wr0ng~LeakProbe.RejectedSecret-91d4'

/** A throwaway certificate and key for this test only: the client-certificate input and its public half. */
function throwawayCertificate(): { input: string; certificatePem: string } {
  const directory = mkdtempSync(join(tmpdir(), 'entra-drift-cert-'))
  const keyPath = join(directory, 'key.pem')
  const certPath = join(directory, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=entra-b2b-drift leak probe'
    ],
    { stdio: 'ignore' }
  )
  const certificatePem = readFileSync(certPath, 'utf8')
  return { input: `${certificatePem}${readFileSync(keyPath, 'utf8')}`, certificatePem }
}

/** Every file below a folder, as text. */
function filesBelow(directory: string): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = []
  for (const entry of readdirSync(directory, { recursive: true, encoding: 'utf8' })) {
    const path = join(directory, entry)
    if (statSync(path).isFile()) files.push({ path, text: readFileSync(path, 'utf8') })
  }
  return files
}

interface Exposure {
  readonly where: string
  readonly text: string
}

/** What a run leaves where people or other steps can read it. */
function exposuresOf(name: string, run: ActionRun, workspace: string): Exposure[] {
  const printed = (text: string): string =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
  return [
    { where: `${name}: stdout`, text: printed(run.stdout) },
    { where: `${name}: stderr`, text: printed(run.stderr) },
    ...filesBelow(run.runnerTemp).map((file) => ({ where: `${name}: ${file.path}`, text: file.text })),
    ...filesBelow(workspace).map((file) => ({ where: `${name}: ${file.path}`, text: file.text }))
  ]
}

describe('no secret anywhere, in any mode, with any sign-in', () => {
  let job: ActionJob
  let github: GitHubFake
  let certificate: { input: string; certificatePem: string }
  const exposures: Exposure[] = []
  const runs: Record<string, ActionRun> = {}

  beforeAll(async () => {
    certificate = throwawayCertificate()
    job = await startActionJob(contosoTenant(), {
      clientSecret: CLIENT_SECRET,
      certificatePem: certificate.certificatePem,
      oidcRequestToken: OIDC_REQUEST_TOKEN
    })
    github = await startGitHubFake({ token: GITHUB_TOKEN })
    const workspace = job.newWorkspace()
    const graph = {
      'tenant-id': job.secretInputs['tenant-id'] ?? '',
      'client-id': job.secretInputs['client-id'] ?? '',
      'graph-endpoint': job.cloud.url,
      'authority-host': job.cloud.url
    }
    const secret = { ...graph, 'client-secret': CLIENT_SECRET, 'github-token': GITHUB_TOKEN }
    const publishing = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: `${github.owner}/${github.repo}` }

    const record = async (name: string, inputs: Record<string, string>, env: Record<string, string> = {}) => {
      const run = await job.run(inputs, workspace, env)
      runs[name] = run
      exposures.push(...exposuresOf(name, run, workspace))
    }
    await record('snapshot (client secret)', { ...secret, mode: 'snapshot' })
    job.cloud.setTenant(fabrikamTrustsEveryClaim())
    await record(
      'detect (client secret, issues and pull request)',
      { ...secret, mode: 'detect', 'on-drift': 'both', 'fail-on': 'none' },
      publishing
    )
    await record(
      'detect (GitHub OIDC)',
      { ...graph, mode: 'detect', auth: 'oidc', 'on-drift': 'none', 'fail-on': 'none' },
      job.oidcEnv
    )
    await record('detect (client certificate)', {
      ...graph,
      mode: 'detect',
      'client-certificate': certificate.input,
      'on-drift': 'none',
      'fail-on': 'none'
    })
    job.cloud.faults.inject({
      match: '/policies/crossTenantAccessPolicy/partners',
      times: Infinity,
      fault: { status: 503, retryAfter: '3600' }
    })
    await record(
      'detect (client secret, partners failing)',
      { ...secret, mode: 'detect', 'on-drift': 'issue', 'graph-timeout': '10' },
      publishing
    )
    await record('snapshot (client secret, partners failing)', {
      ...secret,
      mode: 'snapshot',
      'graph-timeout': '10'
    })
    job.cloud.faults.clear()
    await record('snapshot (a rejected client secret)', {
      ...graph,
      'client-secret': REJECTED_SECRET,
      mode: 'snapshot'
    })

    // What the action wrote to GitHub: issues, comments, the pull request and its files.
    for (const request of github.requests) {
      exposures.push({
        where: `GitHub ${request.method} ${request.path}`,
        text: JSON.stringify(request.body ?? null)
      })
    }
    for (const issue of [...github.issues(), ...github.pulls()]) {
      exposures.push({ where: `GitHub #${issue.number}`, text: JSON.stringify(issue) })
    }
  }, 120_000)

  afterAll(async () => {
    await job.close()
    await github.close()
  })

  /** Secrets minted during the runs, as the fake saw them arrive. */
  function mintedSecrets(): { accessTokens: string[]; assertions: string[] } {
    const accessTokens = new Set<string>()
    const assertions = new Set<string>()
    for (const request of job.cloud.requests) {
      const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1]
      if (request.path.startsWith('/v1.0') && bearer !== undefined) accessTokens.add(bearer)
      const assertion = request.path.includes('/oauth2/v2.0/token')
        ? new URLSearchParams(request.body ?? '').get('client_assertion')
        : null
      if (assertion !== null) assertions.add(assertion)
    }
    return { accessTokens: [...accessTokens], assertions: [...assertions] }
  }

  /** Each base64 line of the PEM too: a leak of one line is a leak. */
  function certificateSecrets(): string[] {
    const lines = certificate.input.split('\n').filter((line) => line !== '' && !line.startsWith('-----'))
    return [certificate.input, ...lines]
  }

  function leaksOf(secrets: readonly string[]): string[] {
    const leaks: string[] = []
    for (const exposure of exposures) {
      for (const secret of secrets) {
        if (exposure.text.includes(secret)) leaks.push(`${exposure.where} shows ${secret.slice(0, 12)}…`)
      }
    }
    return leaks
  }

  it('every run did what it was asked (so there was text to scan)', () => {
    expect(runs['snapshot (client secret)']?.exitCode).toBe(0)
    expect(runs['detect (client secret, issues and pull request)']?.exitCode).toBe(0)
    expect(runs['detect (client secret, issues and pull request)']?.outputs['drift-detected']).toBe('true')
    expect(runs['detect (GitHub OIDC)']?.outputs['drift-detected']).toBe('true')
    expect(runs['detect (client certificate)']?.outputs['drift-detected']).toBe('true')
    expect(runs['detect (client secret, partners failing)']?.exitCode).toBe(1)
    expect(runs['snapshot (client secret, partners failing)']?.exitCode).toBe(1)
    expect(runs['snapshot (a rejected client secret)']?.exitCode).toBe(1)
    expect(github.issues().length).toBeGreaterThan(0)
    expect(github.pulls().length).toBe(1)
  })

  it('the scan can see a secret: it finds them in the ::add-mask:: lines it otherwise leaves out', () => {
    const raw = Object.values(runs)
      .map((run) => run.stdout)
      .join('\n')
    const { accessTokens } = mintedSecrets()
    for (const secret of [CLIENT_SECRET, GITHUB_TOKEN, ...accessTokens]) expect(raw).toContain(secret)
  })

  it('the client secret, the GitHub token and the runner OIDC request token appear nowhere', () => {
    expect(leaksOf([CLIENT_SECRET, GITHUB_TOKEN, OIDC_REQUEST_TOKEN])).toEqual([])
  })

  it('a client secret Entra rejected is not echoed either', () => {
    expect(leaksOf([REJECTED_SECRET])).toEqual([])
  })

  it('no line of the certificate or its private key appears anywhere', () => {
    expect(leaksOf(certificateSecrets())).toEqual([])
  })

  it('no access token, GitHub OIDC token or signed client assertion appears anywhere', () => {
    const { accessTokens, assertions } = mintedSecrets()
    // One token per run at least, and an assertion for the OIDC run and the certificate run.
    expect(accessTokens.length).toBeGreaterThanOrEqual(6)
    expect(assertions.length).toBeGreaterThanOrEqual(2)

    expect(leaksOf([...accessTokens, ...assertions])).toEqual([])
  })

  it('every secret a run held was registered with ::add-mask:: before anything could print it', () => {
    const masked = (run: ActionRun | undefined): string[] =>
      (run?.stdout ?? '')
        .split('\n')
        .filter((line) => line.startsWith('::add-mask::'))
        .map((line) =>
          line
            .slice('::add-mask::'.length)
            .replaceAll('%0A', '\n')
            .replaceAll('%0D', '\r')
            .replaceAll('%25', '%')
        )
    const secretRun = masked(runs['detect (client secret, issues and pull request)'])
    expect(secretRun).toEqual(expect.arrayContaining([CLIENT_SECRET, GITHUB_TOKEN]))
    const certificateRun = masked(runs['detect (client certificate)'])
    expect(certificateRun).toContain(certificate.input.trim())
    const keyLines = certificate.input
      .split('\n')
      .filter((line) => line.length > 8 && !line.startsWith('-----'))
    expect(certificateRun).toEqual(expect.arrayContaining(keyLines))

    const { accessTokens, assertions } = mintedSecrets()
    const everyMask = Object.values(runs).flatMap(masked)
    expect(everyMask).toEqual(expect.arrayContaining(accessTokens))
    const oidcToken = assertions.filter((assertion) =>
      masked(runs['detect (GitHub OIDC)']).includes(assertion)
    )
    expect(oidcToken).toHaveLength(1)
  })
})
