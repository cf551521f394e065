/**
 * Issue 12, point 5: the bot edits only what it wrote. A comment or an issue carrying the bot's
 * marker but written by someone else (anyone can paste a marker) is a look-alike: it is left alone
 * and the bot writes its own.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CHECK_MARKER } from '../../src/core/render/render-check.js'
import { createOctokit } from '../../src/github/octokit.js'
import { isAuthoredBy, resolveTokenIdentity } from '../../src/github/token-identity.js'
import { PullRequestScenario } from '../support/check-harness.ts'
import { runAction } from '../support/action-process.js'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'
import { FAKE_CLOUD_CERT_PATH, trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type FakeIssue, type GitHubFake } from '../fakes/github-fake.ts'
import { cloneTenant, contosoTenant, type SimulatedTenant } from '../fakes/simulated-tenant.ts'

let github: GitHubFake | undefined
/** Several runs of the bundled action, each pacing its writes as GitHub asks (1 s, 3 s for notifications). */
const E2E_TIMEOUT_MS = 180_000

let job: Job | undefined
beforeAll(() => trustFakeCertificate())
const closing = closedAfterEach()

function octokitAs(fake: GitHubFake, token: string) {
  return createOctokit(token, { baseUrl: fake.url, retryUnitMs: 1, paceWrites: false, maxRetries: 0 })
}

describe('the token identity', () => {
  it('is the GraphQL viewer: github-actions[bot] for the runner token, the person for a personal token', async () => {
    github = closing(await startGitHubFake())

    const bot = await resolveTokenIdentity(octokitAs(github, github.token))
    const person = await resolveTokenIdentity(octokitAs(github, github.userToken))

    expect(bot).toEqual({ ok: true, identity: { login: 'github-actions[bot]', source: 'graphql-viewer' } })
    expect(person).toEqual({ ok: true, identity: { login: github.userLogin, source: 'graphql-viewer' } })
  })

  it('falls back to GET /user, and for an installation token that GET /user refuses, to github-actions[bot]', async () => {
    github = closing(await startGitHubFake())
    github.faults.inject({ match: '/graphql', times: Infinity, fault: { status: 502 } })

    const person = await resolveTokenIdentity(octokitAs(github, github.userToken))
    const bot = await resolveTokenIdentity(octokitAs(github, github.token))

    expect(person).toEqual({ ok: true, identity: { login: github.userLogin, source: 'rest-user' } })
    expect(bot).toEqual({ ok: true, identity: { login: 'github-actions[bot]', source: 'runner-token' } })
    expect(github.requests.filter((request) => request.path === '/user').map((r) => r.status)).toEqual([
      200, 403
    ])
  })

  it('is unknown, with a reason, when a personal token gets no answer from either', async () => {
    github = closing(await startGitHubFake())
    github.faults.inject({ match: '/graphql', times: Infinity, fault: { status: 502 } })
    github.faults.inject({ match: '/user', times: Infinity, fault: { status: 502 } })

    const unknown = await resolveTokenIdentity(octokitAs(github, github.userToken))

    expect(unknown).toEqual({
      ok: false,
      error: expect.stringMatching(/GraphQL viewer: 502.*GET \/user: 502/)
    })
  })

  it('compares logins case-insensitively, with or without the [bot] suffix', () => {
    const identity = { login: 'github-actions[bot]', source: 'graphql-viewer' } as const

    expect(isAuthoredBy('github-actions', identity)).toBe(true)
    expect(isAuthoredBy('GitHub-Actions[bot]', identity)).toBe(true)
    expect(isAuthoredBy('github-actions-bot', identity)).toBe(false)
    expect(isAuthoredBy('mallory', identity)).toBe(false)
    expect(isAuthoredBy(undefined, identity)).toBe(false)
  })
})

describe('a planted check comment', () => {
  it(
    'given a "passed" comment with the check marker written by another user, then the bundled action leaves it alone and writes its own',
    async () => {
      const baseline = 'baselines/11111111-1111-4111-8111-111111111111.json'
      const example = readFileSync(resolve(import.meta.dirname, '../../baselines/example.json'), 'utf8')
      github = closing(await startGitHubFake({ files: { [baseline]: example } }))
      const edited = example.replace(
        '"allowInvitesFrom": "adminsAndGuestInviters"',
        '"allowInvitesFrom": "everyone"'
      )
      expect(edited).not.toBe(example)
      const pull = await PullRequestScenario.open(github, { [baseline]: edited })
      const planted = `${CHECK_MARKER}\n## Baseline check passed ✅\nNothing to review.`
      const plantedId = github.seedComment(pull.number, planted, github.userLogin)

      const run = await runAction({
        inputs: { mode: 'check-baseline', 'github-token': github.token, 'fail-on': 'none' },
        env: { ...pull.environment(), GITHUB_REPOSITORY: `${github.owner}/${github.repo}` },
        cwd: pull.workspace,
        caCertPath: FAKE_CLOUD_CERT_PATH
      })

      expect(run.exitCode).toBe(0)
      const comments = github.issue(pull.number)?.comments ?? []
      expect(comments.find((comment) => comment.id === plantedId)).toEqual({
        id: plantedId,
        body: planted,
        user: github.userLogin
      })
      const own = comments.filter((comment) => comment.user === github?.botLogin)
      expect(own).toHaveLength(1)
      expect(own[0]?.body).toContain('allowInvitesFrom')
      expect(github.writes().map((request) => request.method)).not.toContain('PATCH')
      await pull.close()
    },
    E2E_TIMEOUT_MS
  )
})

describe('a planted drift issue', () => {
  it(
    'given an issue with a valid marker opened by another user, then detect neither closes nor edits it, and opens its own',
    async () => {
      // Given: the exact issue the bot would write for this drift, copied into another repository by mallory.
      const drifted = inviteEveryone(contosoTenant())
      const original = await issueTheBotWouldOpen(drifted)
      github = closing(await startGitHubFake())
      const plantedNumber = github.seedIssue({
        title: 'Entra drift: reviewed and accepted, nothing to do',
        body: original.body,
        labels: original.labels,
        author: github.userLogin
      })
      const planted = structuredClone(github.issue(plantedNumber))
      job = closing(await startJob(contosoTenant()))
      expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
      const inputs = {
        ...job.secretInputs,
        'on-drift': 'issue',
        'github-token': github.token,
        'fail-on': 'none'
      }
      const env = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: `${github.owner}/${github.repo}` }

      // When: a run finds no drift (the bot would close its own issue), then a run finds the drift.
      const clean = await job.run(inputs, env)
      job.cloud.setTenant(drifted)
      const drifting = await job.run(inputs, env)

      // Then: the planted issue is untouched and the bot opened its own.
      expect([clean.exitCode, drifting.exitCode]).toEqual([0, 0])
      expect(github.issue(plantedNumber)).toEqual(planted)
      expect(github.writes().filter((request) => request.path.includes(`/issues/${plantedNumber}`))).toEqual(
        []
      )
      const own = github
        .issues()
        .filter((issue) => issue.author === github?.botLogin && issue.labels.includes('entra-drift'))
      expect(own).toHaveLength(1)
      expect(JSON.parse(drifting.outputs.issues ?? '[]')).toEqual([own[0]?.number])
    },
    E2E_TIMEOUT_MS
  )
})

function inviteEveryone(tenant: SimulatedTenant): SimulatedTenant {
  const drifted = cloneTenant(tenant)
  drifted.authorizationPolicy = { ...drifted.authorizationPolicy, allowInvitesFrom: 'everyone' }
  return drifted
}

/** Runs the bundled action once against a scratch repository and returns the drift issue it opened. */
async function issueTheBotWouldOpen(tenant: SimulatedTenant): Promise<FakeIssue> {
  const scratch = await startGitHubFake()
  const scratchJob = await startJob(contosoTenant())
  try {
    expect((await scratchJob.run({ ...scratchJob.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
    scratchJob.cloud.setTenant(tenant)
    const run = await scratchJob.run(
      { ...scratchJob.secretInputs, 'on-drift': 'issue', 'github-token': scratch.token, 'fail-on': 'none' },
      { GITHUB_API_URL: scratch.url, GITHUB_REPOSITORY: `${scratch.owner}/${scratch.repo}` }
    )
    expect(run.exitCode).toBe(0)
    const opened = scratch.issues().filter((issue) => issue.labels.includes('entra-drift'))
    expect(opened).toHaveLength(1)
    return opened[0] as FakeIssue
  } finally {
    await scratchJob.close()
    await scratch.close()
  }
}
