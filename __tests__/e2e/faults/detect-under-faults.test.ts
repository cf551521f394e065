/**
 * Issue 5 end to end: the bundled action (dist/index.js, run as a runner runs it) against a Graph
 * whose partner reads keep failing until graph-timeout is spent. Missing data must never become
 * drift, a closed issue or a baseline.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { errorAnnotations, type ActionRun } from '../../support/action-process.js'
import type { FaultRule } from '../../fakes/faults.ts'
import { startGitHubFake, type GitHubFake } from '../../fakes/github-fake.ts'
import {
  cloneTenant,
  contosoTenant,
  CONTOSO_PARTNERS,
  CONTOSO_TENANT_ID
} from '../../fakes/simulated-tenant.ts'
import { startActionJob, type ActionJob } from './action-job.js'

const BASELINE = `baselines/${CONTOSO_TENANT_ID}.json`
const PARTNERS = '/policies/crossTenantAccessPolicy/partners'

/** Every partner read (the list and its sync expansion) answers 503, Retry-After 1 s, for ever. */
const PARTNERS_DOWN: FaultRule = { match: PARTNERS, times: Infinity, fault: { status: 503, retryAfter: '1' } }
/** The smallest graph-timeout the action accepts, so the budget really runs out during the test. */
const GRAPH_TIMEOUT = '10'

function checkoutWithBaseline(job: ActionJob, baselineText: string): string {
  const workspace = job.newWorkspace()
  mkdirSync(join(workspace, 'baselines'))
  writeFileSync(join(workspace, BASELINE), baselineText)
  return workspace
}

function reportOf(run: ActionRun): {
  driftDetected: boolean
  findings: unknown[]
  notCompared: { section: string }[]
} {
  const path = run.outputs['report-json-path']
  if (!path) throw new Error('The run set no report-json-path output.')
  return JSON.parse(readFileSync(path, 'utf8'))
}

describe('partners cannot be read within graph-timeout', () => {
  let job: ActionJob
  let baselineText: string
  let detect: ActionRun
  let snapshotOverBaseline: ActionRun
  let snapshotWithoutBaseline: ActionRun
  let workspaces: { detect: string; overBaseline: string; withoutBaseline: string }

  beforeAll(async () => {
    job = await startActionJob(contosoTenant())
    const first = job.newWorkspace()
    const clean = await job.run({ ...job.secretInputs, mode: 'snapshot' }, first)
    expect(clean.exitCode).toBe(0)
    baselineText = readFileSync(join(first, BASELINE), 'utf8')
    const sanity = await job.run({ ...job.secretInputs, mode: 'detect', 'fail-on': 'low' }, first)
    expect(sanity.exitCode).toBe(0)
    expect(sanity.outputs['drift-detected']).toBe('false')

    job.cloud.faults.inject(PARTNERS_DOWN)
    workspaces = {
      detect: checkoutWithBaseline(job, baselineText),
      overBaseline: checkoutWithBaseline(job, baselineText),
      withoutBaseline: job.newWorkspace()
    }
    const faulted = { 'graph-timeout': GRAPH_TIMEOUT, 'fail-on': 'low' }
    // The three runs wait out the same budget side by side.
    ;[detect, snapshotOverBaseline, snapshotWithoutBaseline] = await Promise.all([
      job.run({ ...job.secretInputs, ...faulted, mode: 'detect' }, workspaces.detect),
      job.run({ ...job.secretInputs, ...faulted, mode: 'snapshot' }, workspaces.overBaseline),
      job.run({ ...job.secretInputs, ...faulted, mode: 'snapshot' }, workspaces.withoutBaseline)
    ])
  }, 60_000)

  afterAll(async () => {
    await job.close()
  })

  it('kept asking until the budget ran out (Retry-After honoured), then gave up', () => {
    for (const run of [detect, snapshotOverBaseline, snapshotWithoutBaseline]) {
      const retries = run.stdout
        .split('\n')
        .filter((line) => line.includes(`on ${PARTNERS}`) && line.includes('retrying in 1.0 s'))
      expect(retries.length).toBeGreaterThanOrEqual(5)
      // Each 1 s wait was spent from graph-timeout (the run's clock skips waits, it does not drop
      // them): no read was retried more often than 10 s of budget allows at one retry a second.
      const perRead = new Map<string, number>()
      for (const line of retries) {
        const read = line.replace(/; retrying in .*$/, '')
        perRead.set(read, (perRead.get(read) ?? 0) + 1)
      }
      for (const count of perRead.values()) expect(count).toBeLessThanOrEqual(Number(GRAPH_TIMEOUT))
    }
  })

  it('detect: the step fails, and its error names partners', () => {
    expect(detect.exitCode).toBe(1)
    const errors = errorAnnotations(detect).join('\n')
    expect(errors).toMatch(
      /- partners could not be read completely: GET \/policies\/crossTenantAccessPolicy\/partners/
    )
    expect(errors).toContain('graph-timeout budget')
  })

  it('detect: no drift is reported from the missing partners, and the report lists them as not compared', () => {
    expect(detect.outputs['drift-detected']).toBe('false')
    expect(detect.outputs['drift-count']).toBe('0')
    const report = reportOf(detect)
    expect(report.driftDetected).toBe(false)
    expect(report.findings).toEqual([])
    expect(report.notCompared.map((entry) => entry.section).sort()).toEqual([
      'identitySynchronization',
      'partners'
    ])
    expect(detect.summary).toContain('### Not compared')
    expect(detect.summary).toMatch(/- partners: .*incomplete/)
  })

  it('detect: no snapshot is offered from the partial read, and the baseline is untouched', () => {
    expect(detect.outputs['snapshot-path']).toBe('')
    const reportDirectory = join(detect.runnerTemp, 'entra-b2b-drift', CONTOSO_TENANT_ID)
    expect(existsSync(join(reportDirectory, 'snapshot.json'))).toBe(false)
    expect(readFileSync(join(workspaces.detect, BASELINE), 'utf8')).toBe(baselineText)
  })

  // Known bug outside the Graph layer, left failing on purpose: the report's headline
  // (src/core/render/render-markdown.ts) and the log line (src/modes/detect.ts) of a partial comparison claim a match.
  it('detect: nowhere claims "the tenant matches" while partners were not compared', () => {
    expect(detect.summary).not.toMatch(/tenant matches/i)
    expect(detect.stdout).not.toMatch(/tenant matches/i)
    expect(readFileSync(detect.outputs['report-path'] ?? '', 'utf8')).not.toMatch(/tenant matches/i)
  })

  it('snapshot over an existing baseline: fails naming partners, and the file is byte-identical', () => {
    expect(snapshotOverBaseline.exitCode).toBe(1)
    expect(errorAnnotations(snapshotOverBaseline).join('\n')).toMatch(
      /no baseline was written[\s\S]*- partners could not be read/
    )
    expect(readFileSync(join(workspaces.overBaseline, BASELINE), 'utf8')).toBe(baselineText)
    expect(snapshotOverBaseline.outputs).toEqual({})
  })

  it('snapshot without a baseline: fails naming partners, and writes none', () => {
    expect(snapshotWithoutBaseline.exitCode).toBe(1)
    expect(errorAnnotations(snapshotWithoutBaseline).join('\n')).toMatch(/- partners could not be read/)
    expect(existsSync(join(workspaces.withoutBaseline, 'baselines'))).toBe(false)
    expect(snapshotWithoutBaseline.outputs).toEqual({})
  })
})

describe('an open drift issue while partners cannot be read', () => {
  let job: ActionJob
  let github: GitHubFake

  beforeAll(async () => {
    job = await startActionJob(contosoTenant())
    github = await startGitHubFake()
  })

  afterAll(async () => {
    await job.close()
    await github.close()
  })

  it('is neither closed nor edited nor commented, although the drift is gone in the tenant', async () => {
    const workspace = job.newWorkspace()
    expect((await job.run({ ...job.secretInputs, mode: 'snapshot' }, workspace)).exitCode).toBe(0)
    const publishing = {
      ...job.secretInputs,
      'on-drift': 'issue',
      'github-token': github.token,
      'fail-on': 'none'
    }
    const env = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: `${github.owner}/${github.repo}` }

    // Given: Fabrikam's inbound trust drifted, and the action opened an issue for it.
    const drifted = cloneTenant(contosoTenant())
    drifted.partners = drifted.partners.map((partner) =>
      partner.tenantId === CONTOSO_PARTNERS.fabrikam
        ? {
            ...partner,
            inboundTrust: {
              isMfaAccepted: false,
              isCompliantDeviceAccepted: true,
              isHybridAzureADJoinedDeviceAccepted: true
            }
          }
        : partner
    )
    job.cloud.setTenant(drifted)
    const opened = await job.run({ ...publishing, mode: 'detect' }, workspace, env)
    expect(opened.exitCode).toBe(0)
    const driftIssues = github
      .issues()
      .filter((issue) => issue.labels.includes('entra-drift') && issue.pull === undefined)
    expect(driftIssues).toHaveLength(1)
    const before = structuredClone(driftIssues[0])

    // When: the drift is undone in the tenant, but partners cannot be read this time.
    job.cloud.setTenant(contosoTenant())
    job.cloud.faults.inject({ match: PARTNERS, times: Infinity, fault: { status: 503, retryAfter: '3600' } })
    github.clearRequests()
    const faulted = await job.run(
      { ...publishing, mode: 'detect', 'graph-timeout': GRAPH_TIMEOUT },
      workspace,
      env
    )

    // Then: the step fails, and the issue stays exactly as it was.
    expect(faulted.exitCode).toBe(1)
    expect(errorAnnotations(faulted).join('\n')).toMatch(/- partners could not be read/)
    expect(github.issue(before?.number ?? -1)).toEqual(before)
    const touched = github.writes().filter((request) => request.path.includes(`/issues/${before?.number}`))
    expect(touched).toEqual([])
    expect(faulted.outputs['drift-detected']).toBe('false')
  }, 60_000)
})
