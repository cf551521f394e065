import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { threeObjectsDrifted } from '../fakes/drift-scenarios.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { contosoTenant, CONTOSO_PARTNERS, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'
import { TEST_PSEUDONYM_KEY } from '../support/pseudonyms.ts'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'

let job: Job | undefined
let github: GitHubFake | undefined
const closing = closedAfterEach()

/** The drift issues (the history tracking issue carries its own label). */
function driftIssues(hub: GitHubFake) {
  return hub.issues().filter((issue) => issue.labels.includes('entra-drift'))
}

async function start(visibility: 'private' | 'public'): Promise<{ job: Job; github: GitHubFake }> {
  job = closing(await startJob(contosoTenant()))
  github = closing(await startGitHubFake({ visibility }))
  const baseline = await job.run({ ...job.secretInputs, mode: 'snapshot' })
  expect(baseline.exitCode).toBe(0)
  return { job, github }
}

function publishing(
  current: Job,
  hub: GitHubFake,
  onDrift: string
): [Record<string, string>, Record<string, string>] {
  return [
    { ...current.secretInputs, 'on-drift': onDrift, 'github-token': hub.token, 'fail-on': 'none' },
    { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}` }
  ]
}

describe('on-drift: issue, four runs of the bundled action', () => {
  it('opens one issue per drifted object, stays quiet on the same drift, comments once on a change, closes all when resolved', async () => {
    const { job: current, github: hub } = await start('private')
    const [inputs, env] = publishing(current, hub, 'issue')

    current.cloud.setTenant(threeObjectsDrifted())
    const first = await current.run(inputs, env)
    expect(first.exitCode).toBe(0)
    const opened = driftIssues(hub)
    expect(opened).toHaveLength(3)
    expect(JSON.parse(first.outputs.issues ?? '[]').sort()).toEqual(
      opened.map((issue) => issue.number).sort()
    )
    for (const issue of opened) {
      expect(issue.labels).toContain('entra-drift')
      expect(issue.labels.some((label) => /^severity:(critical|high)$/.test(label))).toBe(true)
      expect(issue.title).toMatch(/^Entra drift: /)
    }

    hub.clearRequests()
    const second = await current.run(inputs, env)
    expect(second.exitCode).toBe(0)
    // The same drift touches no drift issue; the run only adds its point to the history tracking issue.
    const history = hub.issues().find((issue) => issue.labels.includes('entra-drift-history'))
    expect(hub.writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `PATCH /repos/${hub.owner}/${hub.repo}/issues/${history?.number}`
    ])
    expect(second.outputs.issues).toBe('[]')

    const further = threeObjectsDrifted()
    further.authorizationPolicy = {
      ...further.authorizationPolicy,
      allowEmailVerifiedUsersToJoinOrganization: true
    }
    current.cloud.setTenant(further)
    hub.clearRequests()
    const third = await current.run(inputs, env)
    expect(third.exitCode).toBe(0)
    const comments = hub
      .writes()
      .filter((request) => request.method === 'POST' && request.path.endsWith('/comments'))
    expect(comments).toHaveLength(1)
    const commented = hub.issues().filter((issue) => issue.comments.length === 1)
    expect(commented.map((issue) => issue.title)).toEqual([
      expect.stringMatching(/[Aa]uthorization|[Gg]uest/)
    ])
    expect(driftIssues(hub)).toHaveLength(3)

    current.cloud.setTenant(contosoTenant())
    const fourth = await current.run(inputs, env)
    expect(fourth.exitCode).toBe(0)
    const closed = driftIssues(hub)
    expect(closed.map((issue) => [issue.state, issue.state_reason])).toEqual([
      ['closed', 'completed'],
      ['closed', 'completed'],
      ['closed', 'completed']
    ])
  })
})

describe('on-drift: pull-request', () => {
  it('opens one pull request whose baseline equals the live snapshot, and a second run updates the same branch', async () => {
    const { job: current, github: hub } = await start('private')
    const [inputs, env] = publishing(current, hub, 'pull-request')
    current.cloud.setTenant(threeObjectsDrifted())

    const first = await current.run(inputs, env)

    expect(first.exitCode).toBe(0)
    expect(hub.pulls()).toHaveLength(1)
    const pull = hub.pulls()[0]
    expect(first.outputs['pull-request']).toBe(String(pull?.number))
    const branch = `entra-drift/${CONTOSO_TENANT_ID}`
    const live = readFileSync(first.outputs['snapshot-path'] ?? '', 'utf8')
    expect(hub.readFile(branch, `baselines/${CONTOSO_TENANT_ID}.json`)).toBe(live)
    expect(pull?.body).toContain('Drift: 1 critical')

    const further = threeObjectsDrifted()
    further.partners = further.partners.filter((partner) => partner.tenantId !== CONTOSO_PARTNERS.tailspin)
    current.cloud.setTenant(further)
    const headBefore = hub.branchSha(branch)
    const second = await current.run(inputs, env)

    expect(second.exitCode).toBe(0)
    expect(hub.pulls()).toHaveLength(1)
    expect(second.outputs['pull-request']).toBe(String(pull?.number))
    expect(hub.branchSha(branch)).not.toBe(headBefore)
    expect(hub.readFile(branch, `baselines/${CONTOSO_TENANT_ID}.json`)).not.toContain(
      CONTOSO_PARTNERS.tailspin
    )
  })
})

describe('redaction in a public repository', () => {
  it('puts no tenant id, object id or domain into any issue, comment or pull request text', async () => {
    const { job: current, github: hub } = await start('public')
    const [publishInputs, env] = publishing(current, hub, 'both')
    const inputs = { ...publishInputs, 'pseudonym-key': TEST_PSEUDONYM_KEY }
    const drifted = threeObjectsDrifted()
    drifted.sharepointSettings = {
      ...drifted.sharepointSettings,
      sharingAllowedDomainList: ['evil.example', 'fabrikam.example']
    }
    current.cloud.setTenant(drifted)

    const run = await current.run(inputs, env)

    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('Redacting identifiers')
    const published = hub
      .issues()
      .flatMap((issue) => [issue.title, issue.body, ...issue.comments.map((comment) => comment.body)])
      .join('\n')
    expect(published.length).toBeGreaterThan(0)
    expect(published).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i)
    expect(published).not.toMatch(/fabrikam\.example|evil\.example|contoso\.onmicrosoft\.com/)
    expect(published).not.toContain(CONTOSO_TENANT_ID)
  })
})
