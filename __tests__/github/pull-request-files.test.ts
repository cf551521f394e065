import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  baselineGlob,
  listChangedBaselineFiles,
  matchesBaselineGlob,
  readBaseVersion,
  readHeadVersion,
  readPullRequestEvent,
  type PullRequestRef
} from '../../src/github/pull-request-files.js'
import { ConfigurationError } from '../../src/errors.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { octokitFor, PullRequestScenario } from '../support/check-harness.ts'

const A = 'baselines/aaaaaaaa-0000-4000-8000-00000000000a.json'
const B = 'baselines/bbbbbbbb-0000-4000-8000-00000000000b.json'

describe('baselineGlob and matchesBaselineGlob', () => {
  it('reads the baseline input as a glob, <tenant-id> standing for any tenant', () => {
    expect(baselineGlob('baselines/<tenant-id>.json')).toBe('baselines/*.json')
    expect(baselineGlob('./tenants/**/baseline.json')).toBe('tenants/**/baseline.json')
  })

  it.each([
    ['baselines/*.json', A, true],
    ['baselines/*.json', 'baselines/old/x.json', false],
    ['baselines/*.json', 'docs/baselines/x.json', false],
    ['baselines/**/*.json', 'baselines/emea/x.json', true],
    ['baselines/**/*.json', A, true],
    ['baselines/tenant-?.json', 'baselines/tenant-1.json', true],
    ['baselines/tenant-?.json', 'baselines/tenant-10.json', false]
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(matchesBaselineGlob(path, glob)).toBe(expected)
  })
})

describe('readPullRequestEvent', () => {
  let directory: string

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'event-'))
  })

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true })
  })

  async function eventFile(payload: unknown): Promise<string> {
    const path = join(directory, `${Math.random().toString(36).slice(2)}.json`)
    await writeFile(path, typeof payload === 'string' ? payload : JSON.stringify(payload))
    return path
  }

  const read = (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined)

  it('reads repository, number and the base and head commits from a pull_request payload', async () => {
    const path = await eventFile({
      number: 7,
      pull_request: { number: 7, base: { sha: 'b'.repeat(40) }, head: { sha: 'h'.repeat(40) } },
      repository: { full_name: 'contoso-security/tenant-baselines' }
    })
    await expect(
      readPullRequestEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path }, read)
    ).resolves.toEqual({
      owner: 'contoso-security',
      repo: 'tenant-baselines',
      number: 7,
      baseSha: 'b'.repeat(40),
      headSha: 'h'.repeat(40)
    })
  })

  it.each([
    [{ GITHUB_EVENT_NAME: 'schedule' }, "this run was triggered by 'schedule'"],
    [{ GITHUB_EVENT_NAME: 'pull_request_target' }, "triggered by 'pull_request_target'"],
    [
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/nonexistent/event.json' },
      'payload is missing'
    ]
  ])('refuses %j with a ConfigurationError', async (environment, message) => {
    const reading = readPullRequestEvent(environment, read)
    await expect(reading).rejects.toThrow(ConfigurationError)
    await expect(reading).rejects.toThrow(message)
  })

  it('refuses a payload that is not a pull request', async () => {
    const path = await eventFile({ ref: 'refs/heads/main', repository: { full_name: 'o/r' } })
    await expect(
      readPullRequestEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path }, read)
    ).rejects.toThrow('is not a pull_request event')
  })
})

describe('readHeadVersion', () => {
  let root: string
  let workspace: string

  beforeAll(async () => {
    // Given a checkout with a baseline, links to it, to /etc/passwd and to a folder outside
    root = await mkdtemp(join(tmpdir(), 'read-head-'))
    workspace = join(root, 'workspace')
    await mkdir(join(workspace, 'baselines'), { recursive: true })
    await mkdir(join(root, 'elsewhere'))
    await writeFile(join(workspace, A), '{"tenant": "a"}\n')
    await writeFile(join(root, 'elsewhere', 'other.json'), '{"tenant": "other"}\n')
    await symlink('aaaaaaaa-0000-4000-8000-00000000000a.json', join(workspace, 'baselines', 'to-a.json'))
    await symlink('/etc/passwd', join(workspace, 'baselines', 'passwd.json'))
    await symlink('does-not-exist.json', join(workspace, 'baselines', 'dangling.json'))
    await symlink(join(root, 'elsewhere'), join(workspace, 'linked'))
    await mkdir(join(workspace, 'baselines', 'folder.json'))
  })

  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('reads a regular file in the workspace', async () => {
    await expect(readHeadVersion(workspace, A)).resolves.toEqual({ kind: 'text', text: '{"tenant": "a"}\n' })
  })

  it.each([
    ['a link to another baseline', 'baselines/to-a.json'],
    ['a link to /etc/passwd', 'baselines/passwd.json'],
    ['a link to nothing', 'baselines/dangling.json']
  ])('refuses %s, naming the file, and reads nothing of the target', async (_case, path) => {
    const version = await readHeadVersion(workspace, path)
    expect(version).toEqual({
      kind: 'refused',
      problem: `'${path}' is a symbolic link; baselines must be regular files`
    })
  })

  it('refuses a file reached through a linked folder', async () => {
    const version = await readHeadVersion(workspace, 'linked/other.json')
    expect(version).toEqual({
      kind: 'refused',
      problem:
        "'linked/other.json' is reached through a symbolic link to a folder; baselines must be regular files inside the repository"
    })
  })

  it('refuses a folder', async () => {
    await expect(readHeadVersion(workspace, 'baselines/folder.json')).resolves.toMatchObject({
      kind: 'refused',
      problem: expect.stringContaining('is not a regular file')
    })
  })

  it('refuses paths that leave the workspace', async () => {
    await expect(readHeadVersion(workspace, '../elsewhere/other.json')).resolves.toMatchObject({
      kind: 'refused',
      problem: expect.stringContaining('not a path inside the repository')
    })
  })

  it('says to check out the repository when the file is not in the workspace', async () => {
    await expect(readHeadVersion(workspace, B)).rejects.toThrow('Run actions/checkout before this step.')
  })
})

describe('against the GitHub fake', () => {
  let fake: GitHubFake
  let scenario: PullRequestScenario | undefined

  beforeAll(async () => {
    trustFakeCertificate()
    fake = await startGitHubFake({ files: { [A]: '{"version": "base"}\n', 'README.md': '# Baselines\n' } })
  })

  afterEach(async () => {
    await scenario?.close()
  })

  afterAll(async () => {
    await fake.close()
  })

  function pullOf(opened: PullRequestScenario): PullRequestRef {
    return {
      owner: fake.owner,
      repo: fake.repo,
      number: opened.number,
      baseSha: fake.branchSha(fake.defaultBranch) ?? '',
      headSha: fake.branchSha(opened.branch) ?? ''
    }
  }

  it('lists the changed files that match the glob, with their status', async () => {
    scenario = await PullRequestScenario.open(fake, {
      [A]: '{"version": "head"}\n',
      [B]: '{}\n',
      'baselines/archive/old.json': '{}\n',
      'README.md': '# Baselines, edited\n'
    })
    const files = await listChangedBaselineFiles(octokitFor(fake), pullOf(scenario), 'baselines/*.json')
    expect(files).toEqual([
      { path: A, status: 'modified' },
      { path: B, status: 'added' }
    ])
  })

  it('reads a file at the base commit, and undefined for a file the base does not have', async () => {
    scenario = await PullRequestScenario.open(
      fake,
      { [A]: '{"version": "head"}\n', [B]: '{}\n' },
      'read-base'
    )
    const pull = pullOf(scenario)
    await expect(readBaseVersion(octokitFor(fake), pull, A)).resolves.toEqual({
      kind: 'text',
      text: '{"version": "base"}\n'
    })
    await expect(readBaseVersion(octokitFor(fake), pull, B)).resolves.toEqual({ kind: 'missing' })
  })

  it('refuses a base version that is a symbolic link, to a file in the repository or outside it', async () => {
    // Given a base branch where two baselines are links: one to another baseline, one to /etc/passwd
    const linkToA = 'baselines/cccccccc-0000-4000-8000-00000000000c.json'
    const linkOut = 'baselines/dddddddd-0000-4000-8000-00000000000d.json'
    const linked = await startGitHubFake({ files: { [A]: '{"tenant": "a"}\n' } })
    try {
      linked.pushSymlinks(
        linked.defaultBranch,
        { [linkToA]: 'aaaaaaaa-0000-4000-8000-00000000000a.json', [linkOut]: '/etc/passwd' },
        'Link baselines'
      )
      const pull: PullRequestRef = {
        owner: linked.owner,
        repo: linked.repo,
        number: 1,
        baseSha: linked.branchSha(linked.defaultBranch) ?? '',
        headSha: linked.branchSha(linked.defaultBranch) ?? ''
      }

      // When each is read as a base version
      const toA = await readBaseVersion(octokitFor(linked), pull, linkToA)
      const out = await readBaseVersion(octokitFor(linked), pull, linkOut)

      // Then both are refused by name: the contents API answered with A's content and path for the
      // first (GitHub follows links to files in the repository) and with type symlink for the second
      expect(toA).toEqual({
        kind: 'refused',
        problem: `'${linkToA}' is a symbolic link; baselines must be regular files`
      })
      expect(out).toEqual({
        kind: 'refused',
        problem: `'${linkOut}' is a symbolic link; baselines must be regular files`
      })
      const answered = linked.requests.filter((request) => request.path.includes('/contents/'))
      expect(answered.map((request) => request.status)).toEqual([200, 200])
    } finally {
      await linked.close()
    }
  })
})
