import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { collectSnapshot } from '../../src/collectors/collect.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import type { Snapshot } from '../../src/core/model/snapshot.js'
import { CHECK_MARKER } from '../../src/core/render/render-check.js'
import { ConfigurationError } from '../../src/errors.js'
import { runCheckBaseline } from '../../src/modes/check-baseline.js'
import { openTestGraph, startTestCloud } from '../support/graph-fixture.ts'
import { trustFakeCertificate, type FakeCloud } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { CONTOSO_TENANT_ID, contosoTenant } from '../fakes/simulated-tenant.ts'
import { defaultConfiguration, fullSnapshot, setAt, TENANT_ID } from '../support/snapshot-builder.js'
import { PullRequestScenario, readable, recordingLogger } from '../support/check-harness.ts'

const BASELINE = `baselines/${TENANT_ID}.json`
const baseText = serializeSnapshot(fullSnapshot())
const mfaTrustText = serializeSnapshot(
  fullSnapshot({ default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true) })
)

/** Line and column (1-based) of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n')
  const index = lines.findIndex((line) => line.includes(needle))
  if (index < 0) throw new Error(`'${needle}' is not in the text`)
  return { line: index + 1, column: (lines[index] ?? '').indexOf(needle) + 1 }
}

let fake: GitHubFake
const scenarios: PullRequestScenario[] = []
let branches = 0

async function openPullRequest(head: Record<string, string>): Promise<PullRequestScenario> {
  const scenario = await PullRequestScenario.open(fake, head, `edit-${++branches}`)
  scenarios.push(scenario)
  return scenario
}

beforeAll(async () => {
  trustFakeCertificate()
  fake = await startGitHubFake({ files: { [BASELINE]: baseText, 'README.md': '# Baselines\n' } })
})

afterEach(async () => {
  for (const scenario of scenarios.splice(0)) await scenario.close()
})

afterAll(async () => {
  await fake.close()
})

describe('check-baseline on a pull request that trusts MFA on the default configuration', () => {
  it('fails at fail-on high, annotates isMfaAccepted, and keeps one comment across runs', async () => {
    // Given a pull request that turns on inbound MFA trust for every external organisation
    const pull = await openPullRequest({ [BASELINE]: mfaTrustText })

    // When the check runs without Graph credentials
    const first = await pull.run()

    // Then it fails, annotates the isMfaAccepted line, and leaves exactly one comment
    expect(first.outcome.failure).toContain(`${BASELINE}: 2 findings at fail-on high or worse`)
    expect(first.outcome.outputs).toMatchObject({
      'baseline-files': '1',
      'invalid-files': '0',
      'max-severity': 'critical',
      'comment-operation': 'created'
    })
    const at = positionOf(mfaTrustText, '"isMfaAccepted"')
    const annotated = first.log.errors().map((line) => [line.message.split(' ')[0], line.where])
    expect(annotated).toEqual([
      ['inbound-trust-accepted', { file: BASELINE, ...at }],
      ['default-trusts-external-mfa', { file: BASELINE, ...at }]
    ])
    expect(pull.comments()).toHaveLength(1)
    const comment = readable(pull.comments()[0] ?? '')
    expect(comment.startsWith(`${CHECK_MARKER}\n## Baseline check: ❌ fails (fail-on: high)`)).toBe(true)
    expect(comment).toContain('- Inbound trust: trusts no claims → trusts MFA.')
    expect(comment).toContain(
      'Skipped: no Microsoft Graph credentials in this run (pull requests from forks get none).'
    )
    expect(first.summary).toBe(pull.comments()[0])

    // And the base version was read through the API at the base commit
    const contents = fake.requests.filter((request) => request.path.endsWith(`/contents/${BASELINE}`))
    expect(contents.map((request) => request.query.ref)).toEqual([fake.branchSha(fake.defaultBranch)])

    // When a new commit adds a second edit and the check runs again
    const moreText = serializeSnapshot(
      fullSnapshot({
        default: setAt(
          setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true),
          'inboundTrust.isCompliantDeviceAccepted',
          true
        )
      })
    )
    await pull.push({ [BASELINE]: moreText })
    fake.clearRequests()
    const second = await pull.run()

    // Then the same comment is edited and none is added
    expect(second.outcome.outputs['comment-operation']).toBe('updated')
    expect(pull.comments()).toHaveLength(1)
    expect(readable(pull.comments()[0] ?? '')).toContain(
      'trusts no claims → trusts MFA and compliant devices.'
    )
    expect(fake.writes().map((request) => request.method)).toEqual(['PATCH'])

    // And a run that finds the same again writes nothing
    fake.clearRequests()
    const third = await pull.run()
    expect(third.outcome.outputs['comment-operation']).toBe('unchanged')
    expect(fake.writes()).toEqual([])
  })

  it('passes at fail-on critical with the same findings listed', async () => {
    const pull = await openPullRequest({ [BASELINE]: mfaTrustText })
    const run = await pull.run({ inputs: { failOn: 'critical', githubToken: fake.token } })
    // inbound-trust-accepted is critical: it still fails
    expect(run.outcome.failure).toContain('1 finding at fail-on critical or worse (inbound-trust-accepted)')
    const none = await pull.run({ inputs: { failOn: 'none' } })
    expect(none.outcome.failure).toBeUndefined()
    expect(none.log.errors()).toEqual([])
    // Below fail-on, the same findings are warning annotations at the same place
    const at = positionOf(mfaTrustText, '"isMfaAccepted"')
    const warned = none.log.lines
      .filter((line) => line.level === 'warning')
      .map((line) => [line.message.split(' ')[0], line.where])
    expect(warned).toEqual([
      ['inbound-trust-accepted', { file: BASELINE, ...at }],
      ['default-trusts-external-mfa', { file: BASELINE, ...at }]
    ])
  })
})

describe('check-baseline on an invalid baseline', () => {
  it('annotates a schema error at the line and column of the offending value', async () => {
    const broken = mfaTrustText.replace('"isMfaAccepted": true', '"isMfaAccepted": "yes"')
    const pull = await openPullRequest({ [BASELINE]: broken })
    const run = await pull.run()

    const at = positionOf(broken, '"yes"')
    expect(run.log.errors()).toEqual([
      {
        level: 'error',
        message: expect.stringContaining(
          'Baseline is invalid at /default/inboundTrust/isMfaAccepted: must be boolean'
        ),
        where: { file: BASELINE, ...at }
      }
    ])
    expect(run.outcome.failure).toContain(`${BASELINE} is not a valid baseline.`)
    expect(run.outcome.outputs['invalid-files']).toBe('1')
    expect(readable(pull.comments()[0] ?? '')).toContain(
      `- line ${at.line}, column ${at.column} (/default/inboundTrust/isMfaAccepted): must be boolean`
    )
  })
})

describe('check-baseline without baseline changes, or on other events', () => {
  it('writes no comment when the pull request changes no baseline', async () => {
    const pull = await openPullRequest({
      'README.md': '# Baselines of our tenants\n',
      'docs/baselines.json': '{}'
    })
    const run = await pull.run()
    expect(run.outcome.failure).toBeUndefined()
    expect(run.outcome.outputs).toMatchObject({ 'baseline-files': '0', 'comment-operation': 'none' })
    expect(pull.comments()).toEqual([])
  })

  it('refuses to run on anything but a pull_request event', async () => {
    const pull = await openPullRequest({ [BASELINE]: mfaTrustText })
    const run = runCheckBaseline(pull.context(recordingLogger()), {
      writeSummary: async () => undefined,
      environment: pull.environment('push'),
      readWorkspaceFile: async () => ({ kind: 'missing' })
    })
    await expect(run).rejects.toThrow(ConfigurationError)
    await expect(run).rejects.toThrow("this run was triggered by 'push'")
  })
})

describe('check-baseline with a new baseline file', () => {
  it('checks a file the base branch does not have as a new baseline, with state lint only', async () => {
    const newBaseline = 'baselines/d00d0000-0000-4000-8000-000000000002.json'
    const pull = await openPullRequest({
      [newBaseline]: serializeSnapshot({
        ...fullSnapshot(),
        tenantId: 'd00d0000-0000-4000-8000-000000000002'
      })
    })
    const run = await pull.run()
    expect(run.outcome.failure).toBeUndefined()
    const comment = readable(pull.comments()[0] ?? '')
    expect(comment).toContain('## Baseline check: ✅ passes (fail-on: high)')
    expect(comment).toContain('- New baseline for tenant d00d0000-0000-4000-8000-000000000002 (global cloud)')
    expect(comment).toContain('No hazard introduced by this change.')
  })
})

describe('check-baseline on a pull request from a fork (read-only token)', () => {
  it('still validates, lints and writes the job summary when it may not comment', async () => {
    const pull = await openPullRequest({ [BASELINE]: mfaTrustText })
    fake.faults.inject({
      match: `/repos/${fake.owner}/${fake.repo}/issues/${pull.number}/comments`,
      method: 'POST',
      fault: { status: 403, body: { message: 'Resource not accessible by integration' } }
    })
    const run = await pull.run()
    expect(run.outcome.outputs['comment-operation']).toBe('skipped')
    expect(run.outcome.failure).toContain('2 findings at fail-on high or worse')
    expect(
      run.log.lines.some((line) => line.level === 'warning' && line.message.includes('Could not comment'))
    ).toBe(true)
    expect(readable(run.summary)).toContain('- Inbound trust: trusts no claims → trusts MFA.')
  })
})

describe('check-baseline with Graph credentials: the plan', () => {
  let cloud: FakeCloud
  const now = new Date('2026-03-20T08:00:00Z')

  beforeAll(async () => {
    cloud = await startTestCloud(contosoTenant({ now }))
  })

  afterAll(async () => {
    await cloud.close()
  })

  it('compares the live tenant with the proposed baseline and lists what detect would report after the merge', async () => {
    // Given the committed baseline is today's snapshot of the simulated tenant
    const { graph } = openTestGraph(cloud)
    const collect = () =>
      collectSnapshot(graph, { tenantId: CONTOSO_TENANT_ID, cloud: 'global', staleGuestDays: 90, now })
    const current = (await collect()).snapshot
    const contosoBaseline = `baselines/${CONTOSO_TENANT_ID}.json`
    const proposed: Snapshot = {
      ...current,
      default: setAt(current.default ?? {}, 'inboundTrust.isMfaAccepted', true)
    }

    fake.pushFiles(
      fake.defaultBranch,
      { [contosoBaseline]: serializeSnapshot(current) },
      'Baseline of Contoso'
    )

    // And a pull request proposes MFA trust on the default, which the live tenant does not have
    const pull = await openPullRequest({ [contosoBaseline]: serializeSnapshot(proposed) })

    // When the check runs with credentials
    let reads = 0
    const run = await pull.run({
      collectLive: async () => {
        reads++
        return collect()
      }
    })

    // Then the comment shows the plan: detect would report the live tenant lacking the trust
    const comment = readable(pull.comments()[0] ?? '')
    expect(reads).toBe(1)
    expect(comment).not.toContain('Offline')
    expect(comment).toContain(`After the merge, detect would report 1 low in tenant ${CONTOSO_TENANT_ID}:`)
    expect(comment).toContain('(`inbound-trust-withdrawn`)')
    expect(run.outcome.failure).toContain(
      '2 findings at fail-on high or worse (inbound-trust-accepted, default-trusts-external-mfa)'
    )
  })

  it('skips the plan for a baseline of another tenant than the credentials’', async () => {
    const pull = await openPullRequest({ [BASELINE]: mfaTrustText })
    const { graph } = openTestGraph(cloud)
    const run = await pull.run({
      collectLive: () =>
        collectSnapshot(graph, { tenantId: CONTOSO_TENANT_ID, cloud: 'global', staleGuestDays: 90, now })
    })
    expect(readable(run.summary)).toContain(
      `Skipped: the credentials are for tenant ${CONTOSO_TENANT_ID}, and this baseline is for tenant ${TENANT_ID}.`
    )
  })

  it('says the plan failed, and still checks, when the live tenant cannot be read', async () => {
    const pull = await openPullRequest({ [BASELINE]: mfaTrustText })
    const run = await pull.run({
      collectLive: () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided.'))
    })
    expect(readable(run.summary)).toContain(
      'Failed: the live tenant could not be read: AADSTS7000215: Invalid client secret provided.'
    )
    expect(run.outcome.failure).toContain('2 findings at fail-on high or worse')
  })
})

describe('check-baseline on a baseline holding a section Graph serves only in beta', () => {
  const betaText = serializeSnapshot({
    ...fullSnapshot(),
    invitationDomains: { mode: 'allowList', allowedDomains: ['fabrikam.example'], blockedDomains: [] }
  })

  it('says, without include-beta, that detect compares it only with include-beta', async () => {
    // Given a pull request adding the invitation domain allow list to the baseline
    const pull = await openPullRequest({ [BASELINE]: betaText })

    // When the check runs without include-beta, then with it
    const without = await pull.run()
    const withBeta = await pull.run({ inputs: { includeBeta: true } })

    // Then only the first names the input, labelled beta; neither fails on it
    const note =
      'It holds invitationDomains (beta), which Microsoft Graph serves only in beta: detect compares it only with include-beta: true'
    expect(readable(without.summary)).toContain(note)
    expect(readable(withBeta.summary)).not.toContain(note)
    expect(without.outcome.outputs).toMatchObject({ 'invalid-files': '0' })
  })
})
