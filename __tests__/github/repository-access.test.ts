import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { githubFor } from '../support/publish-harness.ts'

let fake: GitHubFake

beforeAll(async () => {
  trustFakeCertificate()
  fake = await startGitHubFake()
})

afterAll(async () => {
  await fake.close()
})

describe('the repository-access adapter, over real HTTP against the GitHub fake', () => {
  it.each([
    ['admin', 'admin'],
    ['maintain', 'maintain'],
    ['write', 'write'],
    ['triage', 'triage'],
    ['read', 'read']
  ])(
    'given a person with the role %s, then that role (role_name, not the legacy permission)',
    async (role, expected) => {
      fake.setRole(`person-${role}`, role)

      expect(await githubFor(fake).access.permissionOf(`person-${role}`)).toBe(expected)
    }
  )

  it('given someone with no access, then none', async () => {
    expect(await githubFor(fake).access.permissionOf('stranger')).toBe('none')
  })

  it('given a run reviewed in its environment, then each review with its reviewer, state and environments', async () => {
    fake.reviewRun('77', { login: 'riley', state: 'approved', environment: 'entra-revert', comment: 'ok' })

    const approvals = await githubFor(fake).access.approvalsOf('77')

    expect(approvals).toEqual([
      { login: 'riley', state: 'approved', environments: ['entra-revert'], comment: 'ok' }
    ])
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/repos/${fake.owner}/${fake.repo}/actions/runs/77/approvals`
    })
  })
})
