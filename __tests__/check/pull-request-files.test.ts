import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
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
} from '../../src/check/pull-request-files.js'
import { ConfigurationError } from '../../src/errors.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { octokitFor, PullRequestScenario } from './check-harness.ts'

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
  it('refuses paths that leave the workspace', async () => {
    await expect(readHeadVersion('/workspace', '../secrets.json', async () => '{}')).rejects.toThrow(
      'not a path inside the repository'
    )
  })

  it('says to check out the repository when the file is not in the workspace', async () => {
    await expect(readHeadVersion('/workspace', A, async () => undefined)).rejects.toThrow(
      'Run actions/checkout before this step.'
    )
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
    await expect(readBaseVersion(octokitFor(fake), pull, A)).resolves.toBe('{"version": "base"}\n')
    await expect(readBaseVersion(octokitFor(fake), pull, B)).resolves.toBeUndefined()
  })
})
