/**
 * A comment goes out once per event: a run retrying after a failed write finds its own comment
 * last and does not repeat it; a comment someone else wrote, even carrying the same hidden
 * marker, never counts as the bot's.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { fabrikamMfaTrusted } from '../support/drift-fixtures.ts'
import { publishRun } from '../support/publish-harness.ts'

let fake: GitHubFake

beforeAll(() => trustFakeCertificate())
beforeEach(async () => {
  fake = await startGitHubFake()
})
afterEach(async () => {
  await fake.close()
})

function issuePath(number: number): string {
  return `/repos/${fake.owner}/${fake.repo}/issues/${number}`
}

async function oneIssueThenResolvedWithFailedClose(): Promise<number> {
  await publishRun(fake, [fabrikamMfaTrusted])
  const number = fake.issues()[0]?.number ?? -1
  fake.faults.inject({ match: issuePath(number), method: 'PATCH', fault: { status: 403 } })
  const failed = await publishRun(fake, [])
  expect(failed.failures).toEqual([
    expect.stringMatching(new RegExp(`^closing issue #${number} \\(".*"\\): 403`))
  ])
  return number
}

describe('comments are not repeated by a retrying run', () => {
  it('given a close that failed after its comment, when the next run closes, then it does not comment again', async () => {
    const number = await oneIssueThenResolvedWithFailedClose()

    await publishRun(fake, [])

    expect(fake.issue(number)?.state).toBe('closed')
    expect(fake.issue(number)?.comments).toHaveLength(1)
  })

  it('given the bot comment is followed by more than a page of other comments, then it is still found on the last page', async () => {
    const number = await oneIssueThenResolvedWithFailedClose()
    const first = fake.issue(number)?.comments[0]
    const marker = first?.body.split('\n').at(-1) ?? ''
    if (first !== undefined) first.body = 'An older note of the bot.'
    for (let index = 0; index < 120; index += 1)
      fake.seedComment(number, `Looking into it (${index}).`, 'alice')
    // Only the bot's latest comment, on the second page, carries the close comment's marker.
    fake.seedComment(number, `Resolved.\n\n${marker}`)

    await publishRun(fake, [])

    expect(fake.issue(number)?.state).toBe('closed')
    expect(fake.issue(number)?.comments.filter((comment) => comment.user === fake.botLogin)).toHaveLength(2)
    expect(
      fake.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/comments'))
    ).toContainEqual(expect.objectContaining({ query: expect.objectContaining({ page: '2' }) }))
  })

  it('given a comment by another user carrying the same hidden marker, then the bot still posts its own', async () => {
    await publishRun(fake, [fabrikamMfaTrusted])
    const number = fake.issues()[0]?.number ?? -1
    fake.faults.inject({ match: issuePath(number), method: 'PATCH', fault: { status: 403 } })
    await publishRun(fake, [])
    const ownComment = fake.issue(number)?.comments[0]
    fake.issue(number)?.comments.splice(0, 1)
    fake.seedComment(number, ownComment?.body ?? '', fake.userLogin)

    await publishRun(fake, [])

    expect(fake.issue(number)?.state).toBe('closed')
    expect(fake.issue(number)?.comments.map((comment) => comment.user)).toEqual([
      fake.userLogin,
      fake.botLogin
    ])
  })

  it('given the drift came back and went again, then the second close is commented again', async () => {
    await publishRun(fake, [fabrikamMfaTrusted])
    await publishRun(fake, [])
    await publishRun(fake, [fabrikamMfaTrusted])

    await publishRun(fake, [])

    const [issue] = fake.issues()
    expect(issue?.state).toBe('closed')
    expect(issue?.comments.map((comment) => comment.body.split('\n')[0])).toEqual([
      expect.stringContaining('The drift on this object is gone'),
      expect.stringContaining('This drift is back'),
      expect.stringContaining('The drift on this object is gone')
    ])
  })
})
