/**
 * Issue 12, point 8: the "accept this drift" pull request respects people. Each scenario runs the
 * bundled action (dist/index.js) as a runner does, against the Graph fake and the stateful GitHub
 * fake, on a repository whose default branch holds the committed baseline.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { trustEveryonesMfa } from '../fakes/drift-scenarios.ts'
import { contosoTenant, CONTOSO_PARTNERS, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'

const BASELINE_PATH = `baselines/${CONTOSO_TENANT_ID}.json`
const BRANCH = `entra-drift/${CONTOSO_TENANT_ID}`
/** Hand-written acceptances: they must survive any proposal. */
const IGNORE = [
  {
    kind: 'partner',
    key: CONTOSO_PARTNERS.northwind,
    path: 'b2bDirectConnectInbound.**',
    reason: 'Direct connect pilot with Northwind',
    expires: '2099-12-31'
  },
  { kind: 'guests', path: 'stale', reason: 'HR reviews stale guests each quarter' }
]

let job: Job | undefined
let github: GitHubFake | undefined
const closing = closedAfterEach()

/**
 * Given a committed baseline with ignore entries, on the checkout and on the default branch of a
 * private repository, and a tenant that has drifted since.
 */
async function driftedRepository(): Promise<{ job: Job; github: GitHubFake; baseline: string }> {
  job = closing(await startJob(contosoTenant()))
  expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
  const path = join(job.workspace, BASELINE_PATH)
  const baseline = `${JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), ignore: IGNORE }, null, 2)}\n`
  writeFileSync(path, baseline)
  github = closing(
    await startGitHubFake({ files: { [BASELINE_PATH]: baseline, 'README.md': '# Baselines\n' } })
  )
  job.cloud.setTenant(trustEveryonesMfa())
  return { job, github, baseline }
}

/** One scheduled detect run with on-drift: pull-request. */
async function nightlyRun(current: Job, hub: GitHubFake) {
  const run = await current.run(
    {
      ...current.secretInputs,
      mode: 'detect',
      'on-drift': 'pull-request',
      'github-token': hub.token,
      'fail-on': 'none'
    },
    { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}` }
  )
  expect(run.exitCode).toBe(0)
  return run
}

function gitWrites(hub: GitHubFake) {
  return hub.writes().filter((request) => request.path.includes('/git/'))
}

describe('the accept-drift pull request, run by run', () => {
  it('given an unchanged drifted tenant, the second run makes no commit and moves no ref', async () => {
    const { job: current, github: hub } = await driftedRepository()
    const first = await nightlyRun(current, hub)
    const head = hub.branchSha(BRANCH)
    expect(first.outputs['pull-request']).toBe(String(hub.pulls()[0]?.number))
    hub.clearRequests()

    const second = await nightlyRun(current, hub)

    expect(second.outputs['pull-request']).toBe(first.outputs['pull-request'])
    expect(hub.writes()).toEqual([])
    expect(
      hub.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/git/commits'))
    ).toEqual([])
    expect(hub.branchSha(BRANCH)).toBe(head)
    expect(hub.pulls()).toHaveLength(1)
  })

  it('given a baseline with ignore entries, the proposed baseline keeps them and takes the live settings', async () => {
    const { job: current, github: hub, baseline } = await driftedRepository()

    await nightlyRun(current, hub)

    const proposed = JSON.parse(hub.readFile(BRANCH, BASELINE_PATH) ?? '{}') as Record<string, unknown>
    expect(proposed.ignore).toEqual(IGNORE)
    expect(proposed.default).toMatchObject({ inboundTrust: { isMfaAccepted: true } })
    expect(Object.keys(proposed)).toEqual(Object.keys(JSON.parse(baseline) as object))
    expect(hub.readFile('main', BASELINE_PATH)).toBe(baseline)
  })

  it('given a pull request a person closed unmerged, the next run with the same drift opens nothing and pushes nothing', async () => {
    const { job: current, github: hub } = await driftedRepository()
    await nightlyRun(current, hub)
    const [pull] = hub.pulls()
    if (pull === undefined) throw new Error('The first run opened no pull request.')
    pull.state = 'closed'
    pull.closedBy = 'mona'
    const head = hub.branchSha(BRANCH)
    hub.clearRequests()

    const next = await nightlyRun(current, hub)

    expect(hub.writes()).toEqual([])
    expect(hub.pulls()).toHaveLength(1)
    expect(hub.pulls()[0]?.state).toBe('closed')
    expect(hub.branchSha(BRANCH)).toBe(head)
    expect(next.stdout).toContain('closed unmerged; not proposing it again')
  })

  it('given a person’s commit on the branch, the next run leaves the branch and comments once; a third run does not comment again', async () => {
    const { job: current, github: hub } = await driftedRepository()
    await nightlyRun(current, hub)
    const proposed = JSON.parse(hub.readFile(BRANCH, BASELINE_PATH) ?? '{}') as Record<string, unknown>
    const personal = hub.pushFiles(
      BRANCH,
      {
        [BASELINE_PATH]: `${JSON.stringify({ ...proposed, ignore: [...IGNORE, { kind: 'default', reason: 'Under review' }] }, null, 2)}\n`
      },
      'Accept the default change only while we review it'
    )
    const further = trustEveryonesMfa()
    further.authorizationPolicy = { ...further.authorizationPolicy, allowInvitesFrom: 'everyone' }
    current.cloud.setTenant(further)
    hub.clearRequests()

    await nightlyRun(current, hub)
    const afterSecond = gitWrites(hub)
    await nightlyRun(current, hub)

    expect(afterSecond).toEqual([])
    expect(gitWrites(hub)).toEqual([])
    expect(hub.branchSha(BRANCH)).toBe(personal)
    const comments = hub.pulls()[0]?.comments ?? []
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('this branch has commits by @mona, so this run did not update it')
    expect(hub.pulls()).toHaveLength(1)
  })
})
