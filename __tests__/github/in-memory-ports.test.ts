/**
 * The publisher and the modes against the in-memory GitHub ports: one test per port, no HTTP.
 * The Octokit adapters behind the same ports are tested against the HTTP fake elsewhere.
 */
import { describe, expect, it } from '@jest/globals'
import { upsertStickyComment } from '../../src/github/sticky-comment.js'
import { DRIFT_LABEL } from '../../src/core/report/issue-plan.js'
import { runCheckBaseline } from '../../src/modes/check-baseline.js'
import { publishIssues } from '../../src/publish/publish-issues.js'
import { publishPullRequest, type PublishPullRequestInput } from '../../src/publish/publish-pull-request.js'
import { fabrikamMfaTrusted, TENANT_ID } from '../support/drift-fixtures.ts'
import { FAKE_BOT_LOGIN, InMemoryRepository } from '../support/in-memory-github.ts'
import { recordingLog } from '../support/publish-harness.ts'
import { recordingLogger } from '../support/check-harness.ts'
import { UNKEYED } from '../support/pseudonyms.ts'

const BOT = { login: FAKE_BOT_LOGIN, source: 'graphql-viewer' } as const
const BASELINE_PATH = `baselines/${TENANT_ID}.json`
const MARKER = '<!-- sticky -->'

function proposal(
  repository: InMemoryRepository,
  overrides: Partial<PublishPullRequestInput> = {}
): PublishPullRequestInput {
  return {
    github: repository.connect(),
    tenantId: TENANT_ID,
    baselinePath: BASELINE_PATH,
    snapshot: '{"tenantId":"live"}\n',
    reportMarkdown: 'Drift.',
    driftDetected: true,
    redaction: undefined,
    pseudonyms: UNKEYED,
    log: recordingLog(),
    ...overrides
  }
}

function publishFabrikam(repository: InMemoryRepository) {
  return publishIssues({
    tracker: repository.connect().issues(DRIFT_LABEL, BOT),
    findings: [fabrikamMfaTrusted],
    observed: () => true,
    tenantId: TENANT_ID,
    options: { minSeverity: 'low', labels: [], assignees: [], redaction: undefined, pseudonyms: UNKEYED },
    log: recordingLog()
  })
}

describe('IssueTracker (in memory)', () => {
  it('opens one issue for a drifted object, and a second identical run changes nothing', async () => {
    // Given a repository without issues
    const repository = new InMemoryRepository()

    // When the same drift is published twice
    const first = await publishFabrikam(repository)
    const before = JSON.stringify([...repository.issues.values()])
    const second = await publishFabrikam(repository)

    // Then one issue exists, carrying the drift label, and the second run left it as it was
    expect(first).toEqual({ issueNumbers: [1], failures: [] })
    expect(second.failures).toEqual([])
    expect([...repository.issues.values()].map((issue) => issue.labels)).toEqual([
      expect.arrayContaining([DRIFT_LABEL])
    ])
    expect(JSON.stringify([...repository.issues.values()])).toBe(before)
    expect(repository.labels.has(DRIFT_LABEL)).toBe(true)
  })
})

describe('Comments (in memory)', () => {
  it('keeps one sticky comment: created, then edited, never duplicated, and leaves look-alikes alone', async () => {
    // Given a pull request where someone else pasted our marker
    const repository = new InMemoryRepository()
    repository.comments.set(7, [{ id: 1, author: 'mallory', body: `${MARKER}\npassed` }])
    const github = repository.connect()

    // When the bot upserts its comment twice with different bodies
    const first = await upsertStickyComment(
      github,
      { issueNumber: 7 },
      { marker: MARKER, body: `${MARKER}\none` }
    )
    const second = await upsertStickyComment(
      github,
      { issueNumber: 7 },
      { marker: MARKER, body: `${MARKER}\ntwo` }
    )

    // Then the bot's own comment was created once and edited, and the look-alike is untouched
    expect([first.operation, second.operation]).toEqual(['created', 'updated'])
    expect(repository.comments.get(7)?.map((comment) => [comment.author, comment.body])).toEqual([
      ['mallory', `${MARKER}\npassed`],
      [FAKE_BOT_LOGIN, `${MARKER}\ntwo`]
    ])
  })
})

describe('TokenAccount (in memory)', () => {
  it('refuses to touch comments when the token account cannot be told', async () => {
    // Given a token whose account GitHub does not reveal
    const repository = new InMemoryRepository()
    repository.identity = { ok: false, error: 'Could not tell which account the github-token belongs to.' }

    // When the bot tries to keep its comment
    const upsert = upsertStickyComment(
      repository.connect(),
      { issueNumber: 3 },
      { marker: MARKER, body: MARKER }
    )

    // Then it fails with the reason, and writes nothing
    await expect(upsert).rejects.toThrow('Could not tell which account')
    expect(repository.comments.size).toBe(0)
  })
})

describe('PullRequests (in memory)', () => {
  it('proposes the drift once, leaves an unchanged proposal alone, and closes it when the drift is gone', async () => {
    // Given a default branch holding the committed baseline
    const repository = new InMemoryRepository({ files: { [BASELINE_PATH]: '{"tenantId":"old"}\n' } })

    // When drift is proposed twice, then a run finds no drift
    const created = await publishPullRequest(proposal(repository))
    const again = await publishPullRequest(proposal(repository))
    const closed = await publishPullRequest(proposal(repository, { driftDetected: false }))

    // Then one pull request was opened from the tenant's branch, kept, then closed with its branch deleted
    expect(created).toEqual({ number: 1, operation: 'created' })
    expect(again).toEqual({ number: 1, operation: 'unchanged' })
    expect(closed).toEqual({ number: 1, operation: 'closed' })
    expect(repository.pulls.get(1)).toMatchObject({ head: `entra-drift/${TENANT_ID}`, state: 'closed' })
    expect(repository.branches.has(`entra-drift/${TENANT_ID}`)).toBe(false)
    expect(repository.comments.get(1)?.map((comment) => comment.body)).toEqual([
      'No drift in this run: the tenant matches the baseline again. Closing.'
    ])
  })
})

describe('RepositoryInfo (in memory)', () => {
  it('proposes against the default branch the repository names', async () => {
    // Given a repository whose default branch is trunk
    const repository = new InMemoryRepository({ defaultBranch: 'trunk' })

    // When drift is proposed
    await publishPullRequest(proposal(repository))

    // Then the pull request targets trunk
    expect(repository.pulls.get(1)?.base).toBe('trunk')
  })
})

describe('PullRequestFiles (in memory)', () => {
  it('lets check-baseline explain a pull request that deletes a baseline, in one comment', async () => {
    // Given a pull request that deletes the tenant's baseline
    const repository = new InMemoryRepository({ files: { [BASELINE_PATH]: '{}' } })
    const baseSha = repository.branches.get('main') ?? ''
    repository.changedFiles.set(5, [{ path: BASELINE_PATH, status: 'removed' }])
    const event = {
      number: 5,
      pull_request: { number: 5, base: { sha: baseSha }, head: { sha: 'head' } },
      repository: { full_name: 'octo/drift' }
    }
    const files: Record<string, string> = { '/event.json': JSON.stringify(event) }

    // When check-baseline runs on it
    const outcome = await runCheckBaseline(
      {
        inputs: {
          baseline: 'baselines/<tenant-id>.json',
          failOn: 'high',
          githubToken: 'token',
          guestCountTolerance: { kind: 'percent', value: 10 },
          maxStaleGuests: undefined
        },
        log: recordingLogger(),
        now: new Date('2026-03-20T08:00:00Z'),
        readFile: async (path) => files[path]
      },
      {
        writeSummary: async () => undefined,
        environment: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/event.json' },
        readWorkspaceFile: async () => ({ kind: 'missing' }),
        connect: repository.connector()
      }
    )

    // Then the one changed file was checked and explained in a new comment on the pull request
    expect(outcome.outputs).toMatchObject({ 'baseline-files': '1', 'comment-operation': 'created' })
    expect(repository.comments.get(5)?.[0]?.body).toContain('deletes the baseline')
  })
})
