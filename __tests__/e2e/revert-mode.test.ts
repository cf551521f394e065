/**
 * Issue 18, mode: revert, run as the runner runs dist/index.js against the local Graph fake (which
 * applies writes) and the GitHub fake: a drift issue opened by detect, a comment asking for the
 * revert, the revert job in its approved environment with its own write-permitted app.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import type { Report } from '../../src/core/report/report.js'
import type { RecordedRequest } from '../fakes/fake-cloud.ts'
import { REPORT_ONLY_POLICY_ID } from '../fakes/drift-scenarios.ts'
import { startGitHubFake, type FakeIssue, type GitHubFake } from '../fakes/github-fake.ts'
import {
  ALL_READ_PERMISSIONS,
  CONTOSO_TENANT_ID,
  contosoTenant,
  partnerConfiguration,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { runAction, type ActionRun } from '../support/action-process.js'
import { TEST_PSEUDONYM_KEY } from '../support/pseudonyms.ts'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'

const closing = closedAfterEach()
const RUN_ID = '4242'
const CROSS_TENANT_WRITE = 'Policy.ReadWrite.CrossTenantAccess'

interface Scene {
  job: Job
  hub: GitHubFake
  issue: FakeIssue
  /** The finding detect reported on the default, as the JSON report carries it. */
  finding: Report['findings'][number]
}

/** Contoso as the baseline has it, except that the default now trusts every partner's MFA. */
function mfaTrustedByDefault(): SimulatedTenant {
  const tenant = contosoTenant()
  tenant.default = {
    ...tenant.default,
    inboundTrust: { ...(tenant.default['inboundTrust'] as object), isMfaAccepted: true }
  }
  return tenant
}

function graphWrites(job: Job): RecordedRequest[] {
  return job.cloud.graphRequests().filter((request) => request.method !== 'GET')
}

/**
 * Given a baseline of Contoso, a default that drifted to trusting inbound MFA, and the drift issue
 * the nightly detect run (read-only app, on-drift: issue) opened for it.
 */
async function driftIssueOnTheDefault(visibility: 'private' | 'public' = 'private'): Promise<Scene> {
  const job = closing(await startJob(contosoTenant()))
  const hub = closing(await startGitHubFake({ visibility }))
  expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
  job.cloud.setTenant(mfaTrustedByDefault())
  const detect = await job.run(...detectInputs(job, hub))
  expect(detect.exitCode).toBe(0)
  const report = JSON.parse(readFileSync(detect.outputs['report-json-path'] ?? '', 'utf8')) as Report
  const finding = report.findings.find((candidate) => candidate.object.kind === 'default')
  const issue = hub.issues().find((candidate) => candidate.labels.includes('entra-drift'))
  if (finding === undefined || issue === undefined) throw new Error('detect opened no issue for the default')
  return { job, hub, issue, finding }
}

function detectInputs(job: Job, hub: GitHubFake): [Record<string, string>, Record<string, string>] {
  return [
    {
      ...job.secretInputs,
      'on-drift': 'issue',
      'github-token': hub.token,
      'fail-on': 'none',
      'pseudonym-key': TEST_PSEUDONYM_KEY
    },
    { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}` }
  ]
}

/** The revert job: its own app holds only the write permission; the comment event names the issue and the person. */
async function revert(
  scene: Pick<Scene, 'job' | 'hub' | 'issue'>,
  requester: string,
  options: { body?: string; inputs?: Record<string, string>; permissions?: string[] } = {}
): Promise<ActionRun> {
  const { job, hub, issue } = scene
  job.cloud.tenant.grantedPermissions = new Set(options.permissions ?? [CROSS_TENANT_WRITE])
  job.cloud.requests.length = 0
  hub.clearRequests()
  const run = await runAction({
    inputs: {
      ...job.secretInputs,
      mode: 'revert',
      'github-token': hub.token,
      'pseudonym-key': TEST_PSEUDONYM_KEY,
      ...options.inputs
    },
    env: {
      GITHUB_API_URL: hub.url,
      GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}`,
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_RUN_ID: RUN_ID
    },
    event: {
      action: 'created',
      issue: { number: issue.number, title: issue.title, state: 'open' },
      comment: {
        id: 1,
        body: options.body ?? '/entra-drift revert',
        user: { login: requester, type: 'User' }
      },
      sender: { login: requester, type: 'User' }
    },
    cwd: job.workspace,
    caCertPath: job.cloud.certPath
  })
  // Back to the nightly detect app's permissions.
  job.cloud.tenant.grantedPermissions = new Set(ALL_READ_PERMISSIONS)
  return run
}

function lastComment(hub: GitHubFake, number: number): string {
  return hub.issue(number)?.comments.at(-1)?.body ?? ''
}

describe('mode: revert, from a drift issue, through the bundled action', () => {
  it('given an approved request from a writer, then one PATCH with the finding’s body, a verified read-back, a comment, a closed issue, and a quiet next detect', async () => {
    const scene = await driftIssueOnTheDefault()
    const { job, hub, issue, finding } = scene
    hub.setRole('avery', 'write')
    hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })

    const run = await revert(scene, 'avery')

    expect(run.exitCode).toBe(0)
    expect(run.outputs['revert-result']).toBe('reverted')
    const writes = graphWrites(job)
    expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([
      'PATCH /v1.0/policies/crossTenantAccessPolicy/default'
    ])
    expect(finding.remediation?.graph?.method).toBe('PATCH')
    expect(JSON.parse(writes[0]?.body ?? 'null')).toEqual(finding.remediation?.graph?.body)
    expect((job.cloud.tenant.default['inboundTrust'] as { isMfaAccepted: boolean }).isMfaAccepted).toBe(false)
    // Read back after the write, in the same run.
    const after = job.cloud.graphRequests().findIndex((request) => request.method === 'PATCH')
    expect(
      job.cloud
        .graphRequests()
        .slice(after + 1)
        .some(
          (request) =>
            request.method === 'GET' &&
            request.path.startsWith('/v1.0/policies/crossTenantAccessPolicy/default')
        )
    ).toBe(true)
    const comment = lastComment(hub, issue.number)
    expect(comment).toContain('Reverted: the object matches the baseline again')
    expect(comment).toContain('Asked by `avery`, approved by `riley`')
    expect(comment).toContain('PATCH /policies/crossTenantAccessPolicy/default')
    expect(comment).toContain('Microsoft Graph answered 204')
    expect(hub.issue(issue.number)).toMatchObject({ state: 'closed', state_reason: 'completed' })

    const next = await job.run(...detectInputs(job, hub))

    expect(next.exitCode).toBe(0)
    expect(next.outputs['drift-detected']).toBe('false')
    expect(hub.issue(issue.number)?.state).toBe('closed')
    expect(hub.issues().filter((candidate) => candidate.labels.includes('entra-drift'))).toHaveLength(1)
  })

  it.each([
    ['has read access only', 'read'],
    ['is not a collaborator', undefined]
  ])('given a requester who %s, then no write: the issue says why and stays open', async (_what, role) => {
    const scene = await driftIssueOnTheDefault()
    const { job, hub, issue } = scene
    if (role !== undefined) hub.setRole('mallory', role)
    hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })

    const run = await revert(scene, 'mallory')

    expect(run.exitCode).toBe(1)
    expect(run.outputs['revert-result']).toBe('refused')
    expect(graphWrites(job)).toEqual([])
    expect(run.stdout).toContain(`mallory has the role '${role ?? 'none'}'`)
    expect(lastComment(hub, issue.number)).toContain('Revert refused: nothing was written')
    expect(hub.issue(issue.number)?.state).toBe('open')
    expect((job.cloud.tenant.default['inboundTrust'] as { isMfaAccepted: boolean }).isMfaAccepted).toBe(true)
  })

  it('given an object changed again since the issue, then no write: the comment names what changed, the issue stays open', async () => {
    const scene = await driftIssueOnTheDefault()
    const { job, hub, issue } = scene
    hub.setRole('avery', 'admin')
    hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })
    const again = mfaTrustedByDefault()
    again.default = {
      ...again.default,
      inboundTrust: { ...(again.default['inboundTrust'] as object), isCompliantDeviceAccepted: true }
    }
    job.cloud.setTenant(again)

    const run = await revert(scene, 'avery')

    expect(run.exitCode).toBe(1)
    expect(run.outputs['revert-result']).toBe('refused')
    expect(graphWrites(job)).toEqual([])
    const comment = lastComment(hub, issue.number)
    expect(comment).toContain('changed again since the issue recorded its drift')
    expect(comment).toContain('inboundTrust.isCompliantDeviceAccepted: baseline false, live true')
    expect(hub.issue(issue.number)?.state).toBe('open')
  })

  it('given Graph refusing the write, then it was sent once, the issue says why and how to fix it, and stays open', async () => {
    const scene = await driftIssueOnTheDefault()
    const { job, hub, issue } = scene
    hub.setRole('avery', 'write')
    hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })

    const run = await revert(scene, 'avery', { permissions: ['Policy.Read.All'] })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['revert-result']).toBe('failed')
    expect(graphWrites(job).map((request) => request.method)).toEqual(['PATCH'])
    const comment = lastComment(hub, issue.number)
    expect(comment).toContain('Revert failed: Graph refused the write')
    expect(comment).toContain('Authorization_RequestDenied')
    expect(comment).toContain('Grant the revert app registration Policy.ReadWrite.CrossTenantAccess')
    expect(hub.issue(issue.number)?.state).toBe('open')
  })

  it.each([
    ['a 503', { status: 503 as const, retryAfter: '1' }, 'answered 503'],
    ['a reset connection', { kind: 'reset' as const }, 'whether Graph applied the write is unknown']
  ])(
    'given %s to the write, then it is not sent again and the issue stays open',
    async (_what, fault, said) => {
      const scene = await driftIssueOnTheDefault()
      const { job, hub, issue } = scene
      hub.setRole('avery', 'write')
      hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })
      job.cloud.faults.inject({
        match: '/policies/crossTenantAccessPolicy/default',
        method: 'PATCH',
        times: Infinity,
        fault
      })

      const run = await revert(scene, 'avery')

      expect(run.exitCode).toBe(1)
      expect(run.outputs['revert-result']).toBe('failed')
      expect(job.cloud.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1)
      expect(lastComment(hub, issue.number)).toContain(said)
      expect(hub.issue(issue.number)?.state).toBe('open')
    }
  )

  it('given a partner configuration the baseline does not have, then one DELETE of it, and its issue closed', async () => {
    const job = closing(await startJob(contosoTenant()))
    const hub = closing(await startGitHubFake())
    expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
    const gained = contosoTenant()
    const newcomer = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
    gained.partners = [...gained.partners, partnerConfiguration(newcomer, {})]
    job.cloud.setTenant(gained)
    expect((await job.run(...detectInputs(job, hub))).exitCode).toBe(0)
    const issue = hub.issues().find((candidate) => candidate.labels.includes('entra-drift'))
    if (issue === undefined) throw new Error('detect opened no issue for the new partner')
    hub.setRole('avery', 'maintain')
    hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })

    const run = await revert({ job, hub, issue }, 'avery')

    expect(run.exitCode).toBe(0)
    expect(graphWrites(job).map((request) => `${request.method} ${request.path}`)).toEqual([
      `DELETE /v1.0/policies/crossTenantAccessPolicy/partners/${newcomer}`
    ])
    expect(job.cloud.tenant.partners.some((partner) => partner['tenantId'] === newcomer)).toBe(false)
    expect(hub.issue(issue.number)).toMatchObject({ state: 'closed', state_reason: 'completed' })
  })

  it('given a public repository, then the keyed markers find the issue and the record names no tenant id', async () => {
    const scene = await driftIssueOnTheDefault('public')
    scene.hub.setRole('avery', 'write')
    scene.hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })

    const run = await revert(scene, 'avery')

    expect(run.outputs['revert-result']).toBe('reverted')
    const comment = lastComment(scene.hub, scene.issue.number)
    expect(comment).toContain('Reverted: the object matches the baseline again')
    expect(comment.toLowerCase()).not.toContain(CONTOSO_TENANT_ID.toLowerCase())
    expect(run.stdout.toLowerCase()).not.toContain(CONTOSO_TENANT_ID.toLowerCase())
  })

  it('given a guest CA policy switched to report-only, then one PATCH of its state under the CA write permissions', async () => {
    const job = closing(await startJob(contosoTenant()))
    const hub = closing(await startGitHubFake())
    expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
    const drifted = contosoTenant()
    drifted.conditionalAccessPolicies = drifted.conditionalAccessPolicies.map((policy) =>
      policy['id'] === REPORT_ONLY_POLICY_ID
        ? { ...policy, state: 'enabledForReportingButNotEnforced' }
        : policy
    )
    job.cloud.setTenant(drifted)
    expect((await job.run(...detectInputs(job, hub))).exitCode).toBe(0)
    const issue = hub.issues().find((candidate) => candidate.labels.includes('entra-drift'))
    if (issue === undefined) throw new Error('detect opened no issue for the CA policy')
    hub.setRole('avery', 'write')
    hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })

    const run = await revert({ job, hub, issue }, 'avery', {
      permissions: ['Policy.ReadWrite.ConditionalAccess', 'Policy.Read.All']
    })

    expect(run.exitCode).toBe(0)
    const writes = graphWrites(job)
    expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([
      `PATCH /v1.0/identity/conditionalAccess/policies/${REPORT_ONLY_POLICY_ID}`
    ])
    expect(JSON.parse(writes[0]?.body ?? 'null')).toEqual({ state: 'enabled' })
    expect(hub.issue(issue.number)).toMatchObject({ state: 'closed', state_reason: 'completed' })
  })

  it('given no approval of the run, then no write', async () => {
    const scene = await driftIssueOnTheDefault()
    scene.hub.setRole('avery', 'write')

    const run = await revert(scene, 'avery')

    expect(run.exitCode).toBe(1)
    expect(graphWrites(scene.job)).toEqual([])
    expect(lastComment(scene.hub, scene.issue.number)).toContain('no reviewer approved this workflow run')
  })

  it('given dry-run, then the request is printed, not sent, and the issue is not written to', async () => {
    const scene = await driftIssueOnTheDefault()
    scene.hub.setRole('avery', 'write')

    const run = await revert(scene, 'avery', { inputs: { 'dry-run': 'true' } })

    expect(run.exitCode).toBe(0)
    expect(run.outputs['revert-result']).toBe('dry-run')
    expect(graphWrites(scene.job)).toEqual([])
    expect(scene.hub.writes()).toEqual([])
    expect(run.summary).toContain('PATCH /policies/crossTenantAccessPolicy/default')
    expect(run.summary).toContain('"isMfaAccepted": false')
  })

  it('given a manual run (workflow_dispatch) with the issue number, then the person who started it is checked and the revert done', async () => {
    const scene = await driftIssueOnTheDefault()
    const { job, hub, issue } = scene
    hub.setRole('avery', 'admin')
    hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })
    job.cloud.tenant.grantedPermissions = new Set([CROSS_TENANT_WRITE])
    job.cloud.requests.length = 0

    const run = await runAction({
      inputs: {
        ...job.secretInputs,
        mode: 'revert',
        'github-token': hub.token,
        'pseudonym-key': TEST_PSEUDONYM_KEY,
        'issue-number': String(issue.number)
      },
      env: {
        GITHUB_API_URL: hub.url,
        GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}`,
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_RUN_ID: RUN_ID
      },
      event: { inputs: { 'issue-number': String(issue.number) }, sender: { login: 'avery', type: 'User' } },
      cwd: job.workspace,
      caCertPath: job.cloud.certPath
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs['revert-result']).toBe('reverted')
    expect(graphWrites(job).map((request) => request.method)).toEqual(['PATCH'])
    expect(lastComment(hub, issue.number)).toContain('Asked by `avery`, approved by `riley`')
  })

  it('given the command on an issue that is not a drift issue, then no write and no answer on that issue', async () => {
    const scene = await driftIssueOnTheDefault()
    const other = scene.hub.seedIssue({
      title: 'Question about guests',
      body: 'How do we invite?',
      author: 'mona'
    })
    scene.hub.setRole('avery', 'write')
    scene.hub.reviewRun(RUN_ID, { login: 'riley', state: 'approved', environment: 'entra-revert' })
    const otherIssue = scene.hub.issue(other)
    if (otherIssue === undefined) throw new Error('seeded issue missing')

    const run = await revert({ ...scene, issue: otherIssue }, 'avery')

    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(`issue #${other} is not a drift issue this action opened`)
    expect(graphWrites(scene.job)).toEqual([])
    expect(scene.hub.issue(other)?.comments).toEqual([])
  })

  it('given a comment that is not the command, then nothing at all', async () => {
    const scene = await driftIssueOnTheDefault()

    const run = await revert(scene, 'avery', { body: 'Looks like a portal click during the incident.' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs['revert-result']).toBe('ignored')
    expect(scene.job.cloud.graphRequests()).toEqual([])
    expect(scene.hub.writes()).toEqual([])
  })
})
