import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { upsertStickyComment } from '../../src/github/sticky-comment.js'
import type { GitHubClient } from '../../src/github/octokit.js'
import { OctokitComments } from '../../src/github/comments.js'
import { OctokitTokenAccount } from '../../src/github/token-identity.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { octokitFor } from '../support/check-harness.ts'

const MARKER = '<!-- entra-b2b-drift:check-baseline v1 -->'

let fake: GitHubFake
let octokit: GitHubClient
let github: { comments: OctokitComments; account: OctokitTokenAccount }
let issueNumber: number

function target() {
  return { owner: fake.owner, repo: fake.repo, issueNumber }
}

function bodies(): string[] {
  return (fake.issue(issueNumber)?.comments ?? []).map((comment) => comment.body)
}

beforeAll(async () => {
  trustFakeCertificate()
  fake = await startGitHubFake()
  octokit = octokitFor(fake)
  github = {
    comments: new OctokitComments(octokit, { owner: fake.owner, repo: fake.repo }),
    account: new OctokitTokenAccount(octokit)
  }
})

beforeEach(() => {
  issueNumber = fake.seedIssue({ title: 'Edit the baseline', body: '' })
  fake.clearRequests()
})

afterAll(async () => {
  await fake.close()
})

describe('upsertStickyComment', () => {
  it('creates the comment once, then edits it, and writes nothing when the body is unchanged', async () => {
    const first = await upsertStickyComment(github, target(), { marker: MARKER, body: `${MARKER}\nfirst` })
    expect(first.operation).toBe('created')
    expect(bodies()).toEqual([`${MARKER}\nfirst`])

    const second = await upsertStickyComment(github, target(), { marker: MARKER, body: `${MARKER}\nsecond` })
    expect(second).toEqual({ operation: 'updated', id: first.id })
    expect(bodies()).toEqual([`${MARKER}\nsecond`])

    fake.clearRequests()
    const third = await upsertStickyComment(github, target(), { marker: MARKER, body: `${MARKER}\nsecond` })
    expect(third).toEqual({ operation: 'unchanged', id: first.id })
    expect(fake.writes()).toEqual([])
  })

  it('does not take over a comment that only quotes the marker', async () => {
    await octokit.rest.issues.createComment({
      owner: fake.owner,
      repo: fake.repo,
      issue_number: issueNumber,
      body: `Why does the bot write\n> ${MARKER}\nat the top?`
    })
    const result = await upsertStickyComment(github, target(), { marker: MARKER, body: `${MARKER}\nours` })
    expect(result.operation).toBe('created')
    expect(bodies()).toHaveLength(2)
    expect(bodies()[0]).toContain('Why does the bot write')
  })

  it('finds its comment beyond the first page of a long conversation', async () => {
    const comment = (body: string) =>
      octokit.rest.issues.createComment({
        owner: fake.owner,
        repo: fake.repo,
        issue_number: issueNumber,
        body
      })
    for (let index = 0; index < 105; index++) await comment(`review note ${index}`)
    // An earlier run wrote its comment after a long review: it is on the second page.
    await comment(`${MARKER}\nold`)
    fake.clearRequests()

    const result = await upsertStickyComment(github, target(), { marker: MARKER, body: `${MARKER}\nnew` })

    expect(result.operation).toBe('updated')
    expect(bodies().filter((body) => body.startsWith(MARKER))).toEqual([`${MARKER}\nnew`])
    expect(fake.writes().map((request) => request.method)).toEqual(['PATCH'])
  })

  it('only updates when told not to create (a pull request that no longer changes a baseline)', async () => {
    const result = await upsertStickyComment(github, target(), {
      marker: MARKER,
      body: `${MARKER}\nnothing to check`,
      createIfMissing: false
    })
    expect(result).toEqual({ operation: 'none' })
    expect(fake.writes()).toEqual([])
  })
})
