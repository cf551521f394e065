import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createOctokit } from '../../src/github/octokit.js'
import { publishPullRequest } from '../../src/publish/publish-pull-request.js'
import { shouldRedact } from '../../src/publish/repository-visibility.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { secondaryRateLimit, startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { TENANT_ID, THREE_OBJECTS_DRIFTED } from '../support/drift-fixtures.ts'
import { githubFor, octokitFor, publishRun, recordingLog } from '../support/publish-harness.ts'
import { UNKEYED } from '../support/pseudonyms.ts'

let fake: GitHubFake
const issuesPath = () => `/repos/${fake.owner}/${fake.repo}/issues`

beforeAll(() => trustFakeCertificate())
beforeEach(async () => {
  fake = await startGitHubFake()
})
afterEach(async () => {
  await fake.close()
})

describe('transient failures', () => {
  it('retries a 502 and creates the issue exactly once', async () => {
    fake.faults.inject({
      match: issuesPath(),
      method: 'POST',
      fault: { status: 502, body: { message: 'Bad Gateway' } }
    })

    await publishRun(fake, THREE_OBJECTS_DRIFTED.slice(0, 1))

    const creations = fake.requests.filter(
      (request) => request.method === 'POST' && request.path === issuesPath()
    )
    expect(creations.map((request) => request.status)).toEqual([502, 201])
    expect(fake.issues()).toHaveLength(1)
  })

  it('waits out a secondary rate limit as told by retry-after, and says so in the log', async () => {
    fake.faults.inject({ match: issuesPath(), method: 'GET', fault: secondaryRateLimit(2) })
    const log = recordingLog()

    await publishRun(fake, THREE_OBJECTS_DRIFTED, { log })

    expect(fake.issues()).toHaveLength(3)
    expect(
      fake.requests
        .filter((request) => request.method === 'GET' && request.path === issuesPath())
        .map((request) => request.status)
      // the retried listing, then the second look after creating (racing runs)
    ).toEqual([403, 200, 200])
    expect(log.lines).toContainEqual(
      expect.stringMatching(/^warning: Secondary rate limit hit for GET .*retrying in 2 s/)
    )
  })

  it('waits for the primary rate limit to reset before retrying', async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 1)
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }
    fake.faults.inject({
      match: issuesPath(),
      method: 'GET',
      fault: { status: 403, headers, body: { message: 'API rate limit exceeded for installation ID 1.' } }
    })
    const log = recordingLog()

    await publishRun(fake, THREE_OBJECTS_DRIFTED, { log })

    expect(fake.issues()).toHaveLength(3)
    expect(log.lines).toContainEqual(expect.stringMatching(/^warning: Rate limit hit for GET .*retry 1 of 3/))
  })

  it('retries a 409 on the branch update and still updates the pull request', async () => {
    const input = {
      tenantId: TENANT_ID,
      baselinePath: 'baselines/tenant.json',
      reportMarkdown: 'Drift.',
      driftDetected: true,
      redaction: undefined,
      pseudonyms: UNKEYED,
      log: recordingLog()
    }
    await publishPullRequest({ ...input, github: githubFor(fake), snapshot: '{"v":1}\n' })
    fake.faults.inject({
      match: /\/git\/refs\//,
      method: 'PATCH',
      fault: { status: 409, body: { message: 'Conflict' } }
    })

    const result = await publishPullRequest({
      ...input,
      github: githubFor(fake),
      snapshot: '{"v":2}\n'
    })

    expect(result.operation).toBe('updated')
    expect(
      fake.requests.filter((request) => request.method === 'PATCH' && request.path.includes('/git/refs/'))
    ).toHaveLength(2)
    expect(fake.readFile(`entra-drift/${TENANT_ID}`, 'baselines/tenant.json')).toBe('{"v":2}\n')
  })
})

describe('failures that must fail the run (returned as values naming the operation)', () => {
  it('given a lasting outage on creating issues, then it creates twice with a look in between, and names the failure', async () => {
    fake.faults.inject({ match: issuesPath(), method: 'POST', times: Infinity, fault: { status: 502 } })

    const result = await publishRun(fake, THREE_OBJECTS_DRIFTED.slice(0, 1))

    expect(result.failures).toEqual([expect.stringMatching(/^opening an issue \("Entra drift: .*"\): 502 /)])
    expect(
      fake.requests
        .filter((request) => request.path === issuesPath())
        .map((request) => `${request.method} ${request.status}`)
    ).toEqual(['GET 200', 'POST 502', 'GET 200', 'POST 502'])
  })

  it('gives up on a secondary rate limit that does not lift, and logs why', async () => {
    fake.faults.inject({ match: issuesPath(), method: 'GET', times: Infinity, fault: secondaryRateLimit(1) })
    const log = recordingLog()

    const result = await publishRun(fake, THREE_OBJECTS_DRIFTED, { log, octokit: octokitFor(fake, log, 2) })

    expect(result.failures).toEqual([
      expect.stringMatching(/^listing the drift issues: 403 You have exceeded/)
    ])
    expect(log.lines.at(-1)).toMatch(/^warning: Secondary rate limit hit for GET .*giving up after 2 retries/)
  })

  it('does not retry a 422 validation error', async () => {
    fake.faults.inject({
      match: issuesPath(),
      method: 'POST',
      times: Infinity,
      fault: {
        status: 422,
        body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'invalid' }] }
      }
    })

    const result = await publishRun(fake, THREE_OBJECTS_DRIFTED.slice(0, 1))

    expect(result.failures).toEqual([expect.stringMatching(/^opening an issue .*: 422 Validation Failed$/)])
    expect(
      fake.requests.filter((request) => request.method === 'POST' && request.path === issuesPath())
    ).toHaveLength(1)
  })

  it('surfaces a rejected token as 401', async () => {
    const octokit = createOctokit('not-the-token', { baseUrl: fake.url, retryUnitMs: 1, paceWrites: false })

    const result = await publishRun(fake, THREE_OBJECTS_DRIFTED, { octokit })

    expect(result.failures).toEqual(['listing the drift issues: 401 Bad credentials'])
  })

  it('answers a route the fake does not implement with a 404 naming the route', async () => {
    const octokit = octokitFor(fake)

    const request = octokit.request('GET /repos/{owner}/{repo}/actions/runs', {
      owner: fake.owner,
      repo: fake.repo
    })

    await expect(request).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining(
        `does not implement GET /repos/${fake.owner}/${fake.repo}/actions/runs`
      )
    })
  })
})

describe('whether to redact', () => {
  const readRepository = () => async () =>
    (await octokitFor(fake).rest.repos.get({ owner: fake.owner, repo: fake.repo })).data

  it.each([
    ['public', true],
    ['internal', true],
    ['private', false]
  ] as const)(
    'with auto, asks GitHub when the event has no repository: %s → %s',
    async (visibility, expected) => {
      fake.visibility = visibility

      await expect(shouldRedact('auto', undefined, readRepository())).resolves.toBe(expected)
    }
  )

  it('with auto, trusts the event payload and asks nothing', async () => {
    await expect(
      shouldRedact('auto', { private: false, visibility: 'public' }, readRepository())
    ).resolves.toBe(true)
    await expect(shouldRedact('auto', { private: true }, readRepository())).resolves.toBe(false)

    expect(fake.requests).toEqual([])
  })

  it('obeys an explicit true or false', async () => {
    fake.visibility = 'public'

    await expect(shouldRedact('false', undefined, readRepository())).resolves.toBe(false)
    await expect(shouldRedact('true', { visibility: 'private' }, readRepository())).resolves.toBe(true)
  })
})
