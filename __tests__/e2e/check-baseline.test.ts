import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { PullRequestScenario } from '../support/check-harness.ts'
import { FAKE_CLOUD_CERT_PATH, startFakeCloud, trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { CONTOSO_TENANT_ID, contosoTenant } from '../fakes/simulated-tenant.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { runAction } from '../support/action-process.js'

const BASELINE = 'baselines/11111111-1111-4111-8111-111111111111.json'
const EXAMPLE = readFileSync(resolve(import.meta.dirname, '../../baselines/example.json'), 'utf8')

let github: GitHubFake | undefined
afterEach(async () => {
  await github?.close()
  github = undefined
})

/** The default configuration's `"isMfaAccepted": false` turned true: trusting every tenant's MFA. */
function trustEveryonesMfa(text: string): { text: string; line: number; column: number } {
  const lines = text.split('\n')
  const defaultStart = lines.findIndex((line) => line.startsWith('  "default": {'))
  const line = lines.findIndex((row, index) => index > defaultStart && row.includes('"isMfaAccepted": false'))
  lines[line] = (lines[line] ?? '').replace('"isMfaAccepted": false', '"isMfaAccepted": true')
  return {
    text: lines.join('\n'),
    line: line + 1,
    column: (lines[line] ?? '').indexOf('"isMfaAccepted"') + 1
  }
}

describe('mode: check-baseline on a pull_request event, run as the runner runs dist/index.js', () => {
  it('fails at fail-on high, annotates isMfaAccepted, keeps one comment and edits it on the next commit', async () => {
    trustFakeCertificate()
    github = await startGitHubFake({ files: { [BASELINE]: EXAMPLE } })
    const edit = trustEveryonesMfa(EXAMPLE)
    const pull = await PullRequestScenario.open(github, { [BASELINE]: edit.text })
    const invoke = () =>
      runAction({
        inputs: { mode: 'check-baseline', 'github-token': github?.token ?? '', 'fail-on': 'high' },
        env: { ...pull.environment(), GITHUB_REPOSITORY: `${github?.owner}/${github?.repo}` },
        cwd: pull.workspace,
        caCertPath: FAKE_CLOUD_CERT_PATH
      })

    const first = await invoke()

    expect(first.exitCode).toBe(1)
    const annotations = first.stdout.split('\n').filter((line) => line.startsWith('::error file='))
    expect(annotations).toContainEqual(
      expect.stringContaining(`file=${BASELINE},line=${edit.line},col=${edit.column}`)
    )
    expect(pull.comments()).toHaveLength(1)
    expect(pull.comments()[0]).toContain('plan')
    expect(first.summary).toContain('default-trusts-external-mfa')
    expect(pull.comments()[0]).toContain('Offline')

    const further = edit.text.replace(
      '"allowInvitesFrom": "adminsAndGuestInviters"',
      '"allowInvitesFrom": "everyone"'
    )
    await pull.push({ [BASELINE]: further })
    github.clearRequests()
    const second = await invoke()

    expect(second.exitCode).toBe(1)
    expect(pull.comments()).toHaveLength(1)
    expect(pull.comments()[0]).toContain('allowInvitesFrom')
    const commentWrites = github.writes().filter((request) => request.path.includes('/comments'))
    expect(commentWrites.map((request) => request.method)).toEqual(['PATCH'])
    await pull.close()
  })
})

describe('mode: check-baseline in a public repository', () => {
  it('redacts the comment, the summary and the log; annotations still point at the pull request’s file', async () => {
    trustFakeCertificate()
    github = await startGitHubFake({ visibility: 'public', files: { [BASELINE]: EXAMPLE } })
    const edit = trustEveryonesMfa(EXAMPLE)
    const pull = await PullRequestScenario.open(github, { [BASELINE]: edit.text })

    const run = await runAction({
      inputs: { mode: 'check-baseline', 'github-token': github.token, 'fail-on': 'high' },
      env: { ...pull.environment(), GITHUB_REPOSITORY: `${github.owner}/${github.repo}` },
      cwd: pull.workspace,
      caCertPath: FAKE_CLOUD_CERT_PATH
    })

    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('Redacting identifiers')
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error file='))
    expect(annotations).toContainEqual(expect.stringContaining(`file=${BASELINE},line=${edit.line}`))
    const visible = [
      ...pull.comments(),
      run.summary,
      // What the log shows, the annotations' file property aside (a path the pull request itself shows).
      run.stdout.replace(/^::(error|warning) file=[^:]*::/gm, '')
    ].join('\n')
    expect(pull.comments()).toHaveLength(1)
    expect(visible).toMatch(/Tenant (tenant|id)-1/)
    for (const identifying of [
      '11111111-1111-4111-8111-111111111111',
      '3f5c1a2e-7b4d-4c8e-9a1f-0d2b6e8c4a71',
      'Fabrikam'
    ]) {
      expect(visible).not.toContain(identifying)
    }
    await pull.close()
  })
})

describe('mode: check-baseline with credentials (issue 18: every mode but revert only reads Graph)', () => {
  it('reads the live tenant for the plan with GET and $batch of GETs only', async () => {
    trustFakeCertificate()
    const cloud = await startFakeCloud({ tenant: contosoTenant() })
    try {
      // Were a write sent, the fake would apply it rather than answer 405.
      cloud.tenant.grantedPermissions.add('Policy.ReadWrite.CrossTenantAccess')
      github = await startGitHubFake({ files: { [BASELINE]: EXAMPLE } })
      const pull = await PullRequestScenario.open(github, { [BASELINE]: trustEveryonesMfa(EXAMPLE).text })

      const run = await runAction({
        inputs: {
          mode: 'check-baseline',
          'github-token': github.token,
          'fail-on': 'none',
          'tenant-id': CONTOSO_TENANT_ID,
          'client-id': cloud.clientId,
          'client-secret': cloud.clientSecret,
          'graph-endpoint': cloud.url,
          'authority-host': cloud.url
        },
        env: { ...pull.environment(), GITHUB_REPOSITORY: `${github.owner}/${github.repo}` },
        cwd: pull.workspace,
        caCertPath: FAKE_CLOUD_CERT_PATH
      })

      expect(run.exitCode).toBe(0)
      const requests = cloud.graphRequests()
      expect(requests.length).toBeGreaterThan(10)
      expect(new Set(requests.map((request) => request.method))).toEqual(new Set(['GET']))
      // Graph traffic besides the reads: only the $batch envelopes (the token request goes to Entra, not Graph).
      const envelopes = cloud.requests.filter(
        (request) => request.path.startsWith('/v1.0') && request.method !== 'GET'
      )
      expect(envelopes.length).toBeGreaterThan(0)
      expect(new Set(envelopes.map((request) => `${request.method} ${request.path}`))).toEqual(
        new Set(['POST /v1.0/$batch'])
      )
      await pull.close()
    } finally {
      await cloud.close()
    }
  })
})
