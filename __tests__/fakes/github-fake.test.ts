import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { GitHubClient } from '../../src/github/octokit.js'
import { trustFakeCertificate } from './fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from './github-fake.ts'
import { octokitFor } from '../support/publish-harness.ts'

/** The fake answers as GitHub documents it; these are the answers the publisher relies on. */
let fake: GitHubFake
let octokit: GitHubClient
let repository: { owner: string; repo: string }

beforeAll(async () => {
  trustFakeCertificate()
  fake = await startGitHubFake({ files: { 'baselines/a.json': '{}\n' } })
  octokit = octokitFor(fake, undefined, 0)
  repository = { owner: fake.owner, repo: fake.repo }
})
afterAll(async () => {
  await fake.close()
})

function statusOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (error: { status?: number; response?: { data?: unknown } }) => ({
      status: error.status,
      data: error.response?.data
    })
  )
}

describe('the GitHub fake', () => {
  it('answers a missing label with 404 and a second creation with 422 already_exists', async () => {
    expect(
      await statusOf(octokit.rest.issues.getLabel({ ...repository, name: 'entra-drift' }))
    ).toMatchObject({ status: 404 })

    await octokit.rest.issues.createLabel({ ...repository, name: 'entra-drift', color: '5319e7' })

    expect(
      await statusOf(octokit.rest.issues.createLabel({ ...repository, name: 'Entra-Drift', color: '000000' }))
    ).toMatchObject({
      status: 422,
      data: { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] }
    })
  })

  it('pages issue listings with a Link header', async () => {
    for (let n = 0; n < 5; n++) fake.seedIssue({ title: `Issue ${n}` })

    const first = await octokit.rest.issues.listForRepo({ ...repository, per_page: 2 })

    expect(first.data).toHaveLength(2)
    expect(first.headers.link).toMatch(/[?&]page=2\b[^>]*>; rel="next".*[?&]page=3\b[^>]*>; rel="last"/)
  })

  it('applies state_reason only together with a change of state', async () => {
    const { data: issue } = await octokit.rest.issues.create({ ...repository, title: 'x' })

    await octokit.rest.issues.update({
      ...repository,
      issue_number: issue.number,
      state_reason: 'not_planned'
    })
    const closed = await octokit.rest.issues.update({
      ...repository,
      issue_number: issue.number,
      state: 'closed'
    })
    const reopened = await octokit.rest.issues.update({
      ...repository,
      issue_number: issue.number,
      state: 'open'
    })

    expect(closed.data.state_reason).toBe('completed')
    expect(reopened.data.state_reason).toBe('reopened')
  })

  it('refuses an existing ref, and a non-fast-forward update unless forced', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repository, ref: 'heads/main' })
    const { data: tree } = await octokit.rest.git.createTree({
      ...repository,
      base_tree: (await octokit.rest.git.getCommit({ ...repository, commit_sha: main.object.sha })).data.tree
        .sha,
      tree: [{ path: 'baselines/a.json', mode: '100644', content: '{"changed":true}\n' }]
    })
    const { data: commit } = await octokit.rest.git.createCommit({
      ...repository,
      message: 'm',
      tree: tree.sha,
      parents: []
    })
    await octokit.rest.git.createRef({ ...repository, ref: 'refs/heads/topic', sha: main.object.sha })

    expect(
      await statusOf(
        octokit.rest.git.createRef({ ...repository, ref: 'refs/heads/topic', sha: main.object.sha })
      )
    ).toMatchObject({
      status: 422,
      data: { message: 'Reference already exists' }
    })
    expect(
      await statusOf(octokit.rest.git.updateRef({ ...repository, ref: 'heads/topic', sha: commit.sha }))
    ).toMatchObject({
      status: 422,
      data: { message: 'Update is not a fast forward' }
    })
    expect(
      await statusOf(
        octokit.rest.git.updateRef({ ...repository, ref: 'heads/topic', sha: commit.sha, force: true })
      )
    ).toBe('resolved')
  })

  it('serves trees, blobs and file contents in base64', async () => {
    const { data: tree } = await octokit.rest.git.getTree({ ...repository, tree_sha: 'main', recursive: '1' })
    const entry = tree.tree.find((item) => item.path === 'baselines/a.json')
    const { data: blob } = await octokit.rest.git.getBlob({ ...repository, file_sha: entry?.sha ?? '' })
    const { data: file } = await octokit.rest.repos.getContent({
      ...repository,
      path: 'baselines/a.json',
      ref: 'main'
    })

    expect(Buffer.from(blob.content, 'base64').toString()).toBe('{}\n')
    expect(file).toMatchObject({ type: 'file', encoding: 'base64', path: 'baselines/a.json' })
  })

  it('refuses a second open pull request for the same head', async () => {
    await octokit.rest.git.createRef({
      ...repository,
      ref: 'refs/heads/proposal',
      sha: fake.pushFiles('main', { 'x.txt': 'x' }, 'x')
    })
    fake.pushFiles('proposal', { 'y.txt': 'y' }, 'y')
    await octokit.rest.pulls.create({
      ...repository,
      title: 'one',
      head: `${fake.owner}:proposal`,
      base: 'main'
    })

    expect(
      await statusOf(
        octokit.rest.pulls.create({ ...repository, title: 'two', head: 'proposal', base: 'main' })
      )
    ).toMatchObject({
      status: 422,
      data: { errors: [{ message: `A pull request already exists for ${fake.owner}:proposal.` }] }
    })
  })
})
