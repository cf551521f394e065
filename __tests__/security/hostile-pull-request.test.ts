import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { MAX_CHECKED_FILES } from '../../src/modes/check-baseline.js'
import { octokitFor, PullRequestScenario, readable } from '../support/check-harness.ts'
import { defaultConfiguration, fullSnapshot, setAt, TENANT_ID } from '../support/snapshot-builder.js'
import { runAction, type ActionRun } from '../support/action-process.js'
import { FAKE_CLOUD_CERT_PATH, trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'

const BASELINE = `baselines/${TENANT_ID}.json`
const BASE_TEXT = serializeSnapshot(fullSnapshot())
const MFA_TRUST_TEXT = serializeSnapshot(
  fullSnapshot({ default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true) })
)
const PASSWD_FIRST_LINE = readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? ''

/** A valid baseline of another tenant: its text must never reach a pull request about this one. */
function baselineOf(tenantId: string): string {
  return BASE_TEXT.replaceAll(TENANT_ID, tenantId)
}

function tenantNumbered(index: number): string {
  return `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`
}

let github: GitHubFake | undefined
const scenarios: PullRequestScenario[] = []
afterEach(async () => {
  for (const scenario of scenarios.splice(0)) await scenario.close()
  await github?.close()
  github = undefined
})

async function openPullRequest(
  fake: GitHubFake,
  head: Record<string, string>,
  branch = 'hostile'
): Promise<PullRequestScenario> {
  const scenario = await PullRequestScenario.open(fake, head, branch)
  scenarios.push(scenario)
  return scenario
}

function runCheckAction(fake: GitHubFake, pull: PullRequestScenario): Promise<ActionRun> {
  return runAction({
    inputs: { mode: 'check-baseline', 'github-token': fake.token, 'fail-on': 'high' },
    env: { ...pull.environment(), GITHUB_REPOSITORY: `${fake.owner}/${fake.repo}` },
    cwd: pull.workspace,
    caCertPath: FAKE_CLOUD_CERT_PATH
  })
}

interface RunnerCommand {
  name: string
  properties: Record<string, string>
  data: string
}

/**
 * The workflow commands the runner would obey in a step's stdout, read as actions/runner reads them:
 * `::name key=value,…::data` once the line is TrimStart()ed (properties and data unescaped), and the
 * legacy `##[name …]` anywhere in a line. Written independently of src/, so that it can catch it out.
 */
function commandsObeyed(stdout: string): RunnerCommand[] {
  const unescape = (text: string) =>
    text
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%25/g, '%')
  const commands: RunnerCommand[] = []
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const legacy = /##\[([a-z-]+)/i.exec(line)
    if (legacy !== null) commands.push({ name: `legacy:${legacy[1]}`, properties: {}, data: line })
    const trimmed = line.replace(/^[\s\ufeff]+/, '')
    if (!trimmed.startsWith('::')) continue
    const end = trimmed.indexOf('::', 2)
    if (end < 0) continue
    const [name = '', ...rest] = trimmed.slice(2, end).split(' ')
    const properties: Record<string, string> = {}
    for (const pair of rest.join(' ').split(',')) {
      const equals = pair.indexOf('=')
      if (equals > 0) properties[pair.slice(0, equals).trim()] = unescape(pair.slice(equals + 1))
    }
    commands.push({ name, properties, data: unescape(trimmed.slice(end + 2)) })
  }
  return commands
}

describe('a pull request whose baseline file names carry workflow commands', () => {
  it('forges no annotation, notice or mask: every command on stdout is the action’s own', async () => {
    // Given a fork pull request adding two baselines whose names split into forged commands
    trustFakeCertificate()
    github = await startGitHubFake({ files: { [BASELINE]: BASE_TEXT } })
    const forged = [
      '::error file=x::approved by security',
      '::add-mask::hunter2',
      '  ::notice::all clear',
      '##[error]legacy approved'
    ]
    const hostileValid = `baselines/a\n${forged.join('\n')}\n.json`
    const hostileInvalid = `baselines/b\r${forged.join('\r\n')}\r.json`
    const pull = await openPullRequest(github, {
      [hostileValid]: MFA_TRUST_TEXT,
      [hostileInvalid]: '{ "not": "a baseline",\n"::warning::from the content": true }'
    })

    // When the action checks it as a runner runs dist/index.js
    const run = await runCheckAction(github, pull)

    // Then it fails (an invalid file and findings at fail-on), and the runner would obey only the
    // action's own commands: groups, the mask of the token it was given, annotations on real files
    expect(run.exitCode).toBe(1)
    const commands = commandsObeyed(run.stdout)
    const ownCommands = ['group', 'endgroup', 'error', 'warning', 'add-mask', 'debug']
    expect(commands.filter((command) => !ownCommands.includes(command.name))).toEqual([])
    const masks = commands.filter((command) => command.name === 'add-mask')
    expect(masks.filter((command) => command.data !== github?.token)).toEqual([])
    const annotated = commands.filter((command) => command.name === 'error' || command.name === 'warning')
    expect(annotated.length).toBeGreaterThan(0)
    for (const annotation of annotated) {
      // On a real file (its legacy prefix broken), never on the forged `x`
      if (annotation.properties.file !== undefined) {
        const realFiles = [hostileValid, hostileInvalid].map((name) => name.replace('##[', '## ['))
        expect(realFiles).toContain(annotation.properties.file)
      }
      expect(annotation.data.startsWith('approved by security')).toBe(false)
    }
    expect(commands.filter((command) => command.name === 'notice')).toEqual([])
    expect(commands.some((command) => command.name.startsWith('legacy:'))).toBe(false)

    // And the forged text is still there to read, neutralised: on one line with the rest of the name
    expect(run.stdout).toContain('baselines/a ::error file=x::approved by security ::add-mask::hunter2')
    expect(run.stdout).toContain('## [error]legacy approved')
    expect(run.stdout).not.toMatch(/^\s*::error file=x::/m)
  })
})

describe('a pull request whose baselines are symbolic links', () => {
  it('refuses a link to another baseline and a link to /etc/passwd, and shows nothing of either target', async () => {
    // Given a checkout where the pull request's two baselines are links: one to another tenant's
    // baseline in the repository, one to /etc/passwd
    trustFakeCertificate()
    const otherTenant = tenantNumbered(42)
    const otherPath = `baselines/${otherTenant}.json`
    github = await startGitHubFake({ files: { [otherPath]: baselineOf(otherTenant) } })
    const toOther = `baselines/${tenantNumbered(1)}.json`
    const toPasswd = `baselines/${tenantNumbered(2)}.json`
    const pull = await openPullRequest(github, { [toOther]: 'link', [toPasswd]: 'link' })
    await writeFile(join(pull.workspace, otherPath), baselineOf(otherTenant))
    for (const path of [toOther, toPasswd]) await rm(join(pull.workspace, path))
    await symlink(`${otherTenant}.json`, join(pull.workspace, toOther))
    await symlink('/etc/passwd', join(pull.workspace, toPasswd))

    // When the action checks it
    const run = await runCheckAction(github, pull)

    // Then both files are invalid, each annotated with why
    expect(run.exitCode).toBe(1)
    expect(run.outputs['invalid-files']).toBe('2')
    const annotations = commandsObeyed(run.stdout).filter((command) => command.name === 'error')
    for (const path of [toOther, toPasswd]) {
      expect(annotations).toContainEqual({
        name: 'error',
        properties: { file: path },
        data: expect.stringContaining(`'${path}' is a symbolic link; baselines must be regular files`)
      })
    }
    const comment = readable(pull.comments()[0] ?? '')
    expect(comment).toContain(`'${toOther}' is a symbolic link; baselines must be regular files`)
    expect(readable(run.summary)).toContain(
      `'${toPasswd}' is a symbolic link; baselines must be regular files`
    )

    // And nothing of the targets reached the comment, the summary or the log
    for (const surface of [comment, readable(run.summary), run.stdout]) {
      expect(surface).not.toContain(otherTenant)
      expect(surface).not.toContain(PASSWD_FIRST_LINE)
      expect(surface).not.toContain(PASSWD_FIRST_LINE.split(':')[0] + ':x:')
    }
  })

  it('refuses a base version that the contents API serves as type symlink', async () => {
    // Given a base branch where the baseline is a link to /etc/passwd, and a pull request making it a file
    trustFakeCertificate()
    github = await startGitHubFake({ files: { 'README.md': '# Baselines\n' } })
    github.pushSymlinks(github.defaultBranch, { [BASELINE]: '/etc/passwd' }, 'Link the baseline')
    const pull = await openPullRequest(github, { [BASELINE]: MFA_TRUST_TEXT })
    const { data: served } = await octokitFor(github).rest.repos.getContent({
      owner: github.owner,
      repo: github.repo,
      path: BASELINE,
      ref: github.defaultBranch
    })
    expect(served).toMatchObject({ type: 'symlink', target: '/etc/passwd', path: BASELINE })
    github.clearRequests()

    // When the check runs
    const run = await pull.run()

    // Then the file is invalid because its base version is a link, and the link was never followed
    expect(run.outcome.outputs['invalid-files']).toBe('1')
    expect(run.outcome.failure).toContain(`${BASELINE} is not a valid baseline.`)
    expect(run.log.errors()).toEqual([
      {
        level: 'error',
        message: expect.stringContaining(`in the base branch, '${BASELINE}' is a symbolic link`),
        where: { file: BASELINE }
      }
    ])
    const contents = github.requests.filter((request) => request.path.includes('/contents/'))
    expect(contents.map((request) => [request.path.split('/contents/')[1], request.status])).toEqual([
      [BASELINE, 200]
    ])
    expect(github.requests.some((request) => request.path.includes('/git/blobs/'))).toBe(false)
    expect(readable(pull.comments()[0] ?? '')).toContain('is a symbolic link')
    expect(pull.comments()[0]).not.toContain(PASSWD_FIRST_LINE)
  })
})

describe('a pull request with 1,000 baseline files', () => {
  it(`checks ${MAX_CHECKED_FILES}, lists the rest as not checked, fails naming the count, and stays within ~60 API calls`, async () => {
    // Given a base branch with 1,000 baselines and a pull request that edits every one of them
    // (the worst case: each checked file has a base version to read)
    trustFakeCertificate()
    const paths = Array.from({ length: 1000 }, (_unused, index) => `baselines/${tenantNumbered(index)}.json`)
    github = await startGitHubFake({
      files: Object.fromEntries(paths.map((path) => [path, baselineOf(path.slice(10, 46))]))
    })
    const head = Object.fromEntries(
      paths.map((path) => [path, `${baselineOf(path.slice(10, 46)).trimEnd()}\n\n`])
    )
    const pull = await openPullRequest(github, head, 'many-files')
    github.clearRequests()

    // When the check runs
    const run = await pull.run()

    // Then it checked the first 50, failed naming the 950 it did not check, and listed them as not checked
    expect(run.outcome.outputs['baseline-files']).toBe(String(MAX_CHECKED_FILES))
    expect(run.outcome.failure).toContain(
      `950 baseline files were not checked: too many files (one run checks at most ${MAX_CHECKED_FILES}).`
    )
    const comment = readable(pull.comments()[0] ?? '')
    expect(comment).toContain('### Not checked: too many files')
    expect(comment).toContain('This pull request changes 1000 baseline files')
    expect(comment).toContain(`- ${paths[MAX_CHECKED_FILES]}`)
    expect(comment).toContain('…and 930 more')
    expect(comment).not.toContain(`- ${paths[999]}`)
    expect(comment.length).toBeLessThan(65536)
    expect(readable(run.summary)).toContain(`- ${paths[MAX_CHECKED_FILES + 199]}`)
    expect(run.log.errors().map((line) => line.message)).toContainEqual(
      expect.stringContaining('Not checked: too many files. Pull request')
    )

    // And the API calls were bounded: 10 pages of the file list, one base version per checked file,
    // the token's identity (whose comment is ours) and the comment (list, create): 63, where one call
    // per file would be over the token's 1,000 an hour
    const listing = github.requests.filter((request) => request.path.endsWith('/files'))
    const contents = github.requests.filter((request) => request.path.includes('/contents/'))
    expect(listing).toHaveLength(10)
    expect(contents).toHaveLength(MAX_CHECKED_FILES)
    expect(github.requests.length).toBeLessThanOrEqual(10 + MAX_CHECKED_FILES + 1 + 2)
  })
})

describe('the comment on a pull request that changes no more than the cap', () => {
  it('has no "not checked" section', async () => {
    trustFakeCertificate()
    github = await startGitHubFake({ files: { [BASELINE]: BASE_TEXT } })
    const pull = await openPullRequest(github, { [BASELINE]: MFA_TRUST_TEXT })
    const run = await pull.run()
    expect(run.outcome.failure).not.toContain('not checked')
    expect(pull.comments()[0]).not.toContain('Not checked')
  })
})
