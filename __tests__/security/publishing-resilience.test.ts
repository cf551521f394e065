/**
 * Issue 12, points 7, 9b and 10a, run as a runner runs dist/index.js: publishing finishes what it
 * can, can be retried without losing or doubling a notification, writes nothing from a run that
 * failed, and opens a bounded number of issues.
 */
import { describe, expect, it } from '@jest/globals'
import {
  fabrikamTrustsEveryClaim,
  inviteEveryone,
  threeObjectsDrifted,
  trustEveryonesMfa
} from '../fakes/drift-scenarios.ts'
import { errorAnnotations, type ActionRun } from '../support/action-process.js'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'
import { startGitHubFake, type FakeIssue, type GitHubFake } from '../fakes/github-fake.ts'
import { contosoTenant } from '../fakes/simulated-tenant.ts'

/** Several runs of the bundled action, each pacing its writes as GitHub asks (1 s, 3 s for notifications). */
const E2E_TIMEOUT_MS = 180_000

let job: Job | undefined
let github: GitHubFake | undefined
const closing = closedAfterEach()

interface Scene {
  readonly job: Job
  readonly hub: GitHubFake
  run(extraInputs?: Record<string, string>): Promise<ActionRun>
}

/** A tenant whose baseline is committed, a repository, and the action publishing issues to it. */
async function scene(): Promise<Scene> {
  job = closing(await startJob(contosoTenant()))
  github = closing(await startGitHubFake())
  const baseline = await job.run({ ...job.secretInputs, mode: 'snapshot' })
  expect(baseline.exitCode).toBe(0)
  const current = job
  const hub = github
  return {
    job: current,
    hub,
    run: (extraInputs = {}) =>
      current.run(
        {
          ...current.secretInputs,
          'on-drift': 'issue',
          'github-token': hub.token,
          'fail-on': 'none',
          ...extraInputs
        },
        { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}` }
      )
  }
}

function driftIssues(hub: GitHubFake): FakeIssue[] {
  return hub.issues().filter((issue) => issue.labels.includes('entra-drift'))
}

const LOCKED = {
  status: 403,
  body: {
    message: 'Unable to create comment because issue is locked.',
    documentation_url: 'https://docs.github.com/articles/locking-conversations/'
  }
}
const NOT_ACCESSIBLE = {
  status: 403,
  body: {
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest/issues/issues#update-an-issue'
  }
}

describe('a "drift changed" comment that fails', () => {
  it(
    'leaves the body on the old state, so the next run posts the comment and then moves the body',
    async () => {
      const { job: current, hub, run } = await scene()
      current.cloud.setTenant(inviteEveryone(contosoTenant()))
      expect((await run()).exitCode).toBe(0)
      const [issue] = driftIssues(hub)
      const before = structuredClone(issue)
      const further = inviteEveryone(contosoTenant())
      further.authorizationPolicy = {
        ...further.authorizationPolicy,
        allowEmailVerifiedUsersToJoinOrganization: true
      }
      current.cloud.setTenant(further)

      hub.faults.inject({
        match: `/repos/${hub.owner}/${hub.repo}/issues/${before?.number}/comments`,
        method: 'POST',
        fault: LOCKED
      })
      const failed = await run()

      expect(failed.exitCode).toBe(1)
      expect(errorAnnotations(failed).join('\n')).toContain(`updating issue #${before?.number} (`)
      expect(errorAnnotations(failed).join('\n')).toContain(
        '403 Unable to create comment because issue is locked.'
      )
      expect(hub.issue(before?.number ?? -1)).toEqual(before)

      const retried = await run()

      expect(retried.exitCode).toBe(0)
      const after = hub.issue(before?.number ?? -1)
      expect(after?.comments).toHaveLength(1)
      expect(after?.comments[0]?.body).toContain('The drift on this object changed')
      expect(after?.body).not.toEqual(before?.body)
    },
    E2E_TIMEOUT_MS
  )
})

describe('a close that fails after its comment', () => {
  it(
    'is retried by the next run without a second comment',
    async () => {
      const { job: current, hub, run } = await scene()
      current.cloud.setTenant(inviteEveryone(contosoTenant()))
      expect((await run()).exitCode).toBe(0)
      const [issue] = driftIssues(hub)
      const number = issue?.number ?? -1
      current.cloud.setTenant(contosoTenant())

      hub.faults.inject({
        match: `/repos/${hub.owner}/${hub.repo}/issues/${number}`,
        method: 'PATCH',
        fault: NOT_ACCESSIBLE
      })
      const failed = await run()

      expect(failed.exitCode).toBe(1)
      expect(errorAnnotations(failed).join('\n')).toContain(`closing issue #${number} (`)
      expect(errorAnnotations(failed).join('\n')).toContain('403 Resource not accessible by integration')
      expect(hub.issue(number)).toMatchObject({ state: 'open', comments: [expect.anything()] })

      const retried = await run()

      expect(retried.exitCode).toBe(0)
      expect(hub.issue(number)?.state).toBe('closed')
      expect(hub.issue(number)?.comments.map((comment) => comment.body.split('\n')[0])).toEqual([
        expect.stringContaining('The drift on this object is gone')
      ])
    },
    E2E_TIMEOUT_MS
  )
})

describe('a 502 after GitHub created the issue', () => {
  it(
    'leaves exactly one issue: the run looks before creating again',
    async () => {
      const { job: current, hub, run } = await scene()
      current.cloud.setTenant(inviteEveryone(contosoTenant()))
      const issuesPath = `/repos/${hub.owner}/${hub.repo}/issues`
      hub.faults.inject({
        match: issuesPath,
        method: 'POST',
        afterHandling: true,
        fault: { status: 502, body: { message: 'Server Error' } }
      })

      const published = await run()

      expect(published.exitCode).toBe(0)
      const issues = driftIssues(hub)
      expect(issues).toHaveLength(1)
      expect(JSON.parse(published.outputs.issues ?? '[]')).toEqual([issues[0]?.number])
      const creations = hub.requests.filter(
        (request) => request.method === 'POST' && request.path === issuesPath
      )
      // The drift issue (answered 502 after it was made), then the history tracking issue.
      expect(creations.map((request) => request.status)).toEqual([502, 201])
    },
    E2E_TIMEOUT_MS
  )
})

describe('one GitHub operation that fails', () => {
  it(
    'does not stop the others; outputs are set and the failure names the operation and the issue',
    async () => {
      const { job: current, hub, run } = await scene()
      current.cloud.setTenant(threeObjectsDrifted())
      expect((await run()).exitCode).toBe(0)
      const opened = driftIssues(hub).map((issue) => issue.number)
      expect(opened).toHaveLength(3)
      const broken = opened[0] ?? -1
      current.cloud.setTenant(contosoTenant())

      // Outlasts Octokit's retries (3): this close fails for good.
      hub.faults.inject({
        match: `/repos/${hub.owner}/${hub.repo}/issues/${broken}`,
        method: 'PATCH',
        times: 4,
        fault: { status: 500, body: { message: 'Server Error' } }
      })
      const failed = await run()

      expect(failed.exitCode).toBe(1)
      expect(errorAnnotations(failed).join('\n')).toMatch(
        new RegExp(`closing issue #${broken} \\(".*"\\): 500 Server Error`)
      )
      expect(errorAnnotations(failed).join('\n')).not.toContain('failed unexpectedly')
      expect(
        driftIssues(hub)
          .filter((issue) => issue.number !== broken)
          .map((issue) => issue.state)
      ).toEqual(['closed', 'closed'])
      expect(hub.issue(broken)?.state).toBe('open')
      expect(failed.outputs['report-path']).toMatch(/report\.md$/)
      expect(failed.outputs['report-json-path']).toMatch(/report\.json$/)
      expect(failed.outputs.issues).toBe('[]')
      expect(failed.outputs['pull-request']).toBe('')
    },
    E2E_TIMEOUT_MS
  )
})

describe('a run that failed', () => {
  it(
    'given the partner list cannot be read, then it edits no issue (not even a count in a title) and says so',
    async () => {
      const { job: current, hub, run } = await scene()
      current.cloud.setTenant(trustEveryonesMfa(contosoTenant()))
      expect((await run()).exitCode).toBe(0)
      const before = structuredClone(hub.issues())
      expect(driftIssues(hub)).toHaveLength(1)

      current.cloud.faults.inject({
        match: '/policies/crossTenantAccessPolicy/partners',
        times: Infinity,
        fault: { status: 503, retryAfter: '3600' }
      })
      hub.clearRequests()
      const failed = await run({ 'graph-timeout': '10' })

      expect(failed.exitCode).toBe(1)
      expect(errorAnnotations(failed).join('\n')).toMatch(/partners/)
      expect(hub.writes()).toEqual([])
      expect(hub.issues()).toEqual(before)
      expect(failed.stdout).toContain(
        'No drift issue is written: some of the tenant could not be read (partners'
      )
    },
    E2E_TIMEOUT_MS
  )
})

describe('max-issues-per-run', () => {
  it(
    'given 4 drifted objects and a cap of 2, then 2 issues and 1 overflow issue listing the other 2',
    async () => {
      const { job: current, hub, run } = await scene()
      const fourObjects = fabrikamTrustsEveryClaim(threeObjectsDrifted())
      current.cloud.setTenant(fourObjects)

      const published = await run({ 'max-issues-per-run': '2' })

      expect(published.exitCode).toBe(0)
      const issues = driftIssues(hub)
      const overflow = issues.filter((issue) => issue.title.includes('over max-issues-per-run'))
      expect(issues).toHaveLength(3)
      expect(overflow).toHaveLength(1)
      expect(overflow[0]?.title).toBe('Entra drift: 2 more drifted objects (over max-issues-per-run)')
      expect(overflow[0]?.body.match(/^- \*\*(critical|high|medium|low)\*\* · /gm)).toHaveLength(2)
      expect(JSON.parse(published.outputs.issues ?? '[]')).toHaveLength(3)
    },
    E2E_TIMEOUT_MS
  )
})
