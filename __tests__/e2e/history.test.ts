import { describe, expect, it } from '@jest/globals'
import { driftCount, parseHistoryData } from '../../src/core/report/history.js'
import { HISTORY_LABEL } from '../../src/core/render/render-history.js'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { cloneTenant, contosoTenant } from '../fakes/simulated-tenant.ts'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'

let job: Job | undefined
let github: GitHubFake | undefined
const closing = closedAfterEach()

async function jobWithBaseline(): Promise<{ job: Job; github: GitHubFake }> {
  job = closing(await startJob(contosoTenant()))
  github = closing(await startGitHubFake())
  const snapshot = await job.run({ ...job.secretInputs, mode: 'snapshot' })
  expect(snapshot.exitCode).toBe(0)
  return { job, github }
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')
}

function xValues(chart: string): string[] {
  const axis = /^\s*x-axis \[(.*)\]$/m.exec(chart)?.[1] ?? ''
  return [...axis.matchAll(/"([^"]*)"/g)].map((match) => match[1] ?? '')
}

describe('history: the bundled action over three detect runs with on-drift: issue', () => {
  it('keeps three points in the tracking issue and shows the trend chart in the job summary', async () => {
    const { job: current, github: hub } = await jobWithBaseline()
    const inputs = {
      ...current.secretInputs,
      'on-drift': 'issue',
      'github-token': hub.token,
      'fail-on': 'none'
    }
    const env = { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}` }

    const runs = []
    for (const invitationsOpenTo of ['adminsAndGuestInviters', 'everyone', 'adminsAndGuestInviters']) {
      const tenant = cloneTenant(contosoTenant())
      tenant.authorizationPolicy = { ...tenant.authorizationPolicy, allowInvitesFrom: invitationsOpenTo }
      current.cloud.setTenant(tenant)
      const run = await current.run(inputs, env)
      expect(run.exitCode).toBe(0)
      runs.push(run)
    }

    const tracking = hub.issues().filter((issue) => issue.labels.includes(HISTORY_LABEL))
    expect(tracking).toHaveLength(1)
    const points = parseHistoryData(tracking[0]?.body ?? '').points
    expect(points).toHaveLength(3)
    expect(points.map((point) => point.total)).toEqual([25, 25, 25])
    expect(points.map((point) => driftCount(point) > 0)).toEqual([false, true, false])
    const issueCharts = mermaidBlocks(tracking[0]?.body ?? '')
    expect(issueCharts.map((chart) => xValues(chart).length)).toEqual([3, 3])
    expect(tracking[0]?.comments).toEqual([])

    const summary = runs[2]?.summary ?? ''
    expect(summary).toContain('```mermaid')
    expect(summary).toContain('xychart-beta')
    expect(summary).toContain('Trend over the last 3 runs')
    expect(mermaidBlocks(summary).map((chart) => xValues(chart).length)).toEqual([3, 3])
    expect(summary.indexOf('xychart-beta')).toBeGreaterThan(summary.indexOf('Snapshot taken'))
  })
})

describe('history: on-drift: none', () => {
  it('writes no tracking issue; the job summary shows this run in numbers without a chart', async () => {
    const { job: current, github: hub } = await jobWithBaseline()

    const run = await current.run(
      { ...current.secretInputs, 'on-drift': 'none', 'github-token': hub.token },
      { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}` }
    )

    expect(run.exitCode).toBe(0)
    expect(hub.writes()).toEqual([])
    expect(run.summary).toContain('This run in numbers')
    expect(run.summary).not.toContain('xychart-beta')
  })
})
