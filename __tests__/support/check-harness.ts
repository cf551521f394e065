/** A pull request on the local GitHub fake, with the workspace and event payload Actions would provide. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Collection } from '../../src/collectors/collect.js'
import { octokitConnector } from '../../src/github/github.js'
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js'
import type { Logger } from '../../src/runtime/logger.js'
import type { ModeOutcome } from '../../src/modes/outcome.js'
import { runCheckBaseline, type CheckBaselineContext } from '../../src/modes/check-baseline.js'
import { readWorkspaceFile } from '../../src/runtime/workspace-files.js'
import type { GitHubFake } from '../fakes/github-fake.ts'

export interface LoggedLine {
  level: 'info' | 'warning' | 'error'
  message: string
  where?: { file: string; line?: number; column?: number }
}

export interface RecordingLogger extends Logger {
  readonly lines: LoggedLine[]
  errors(): LoggedLine[]
}

/** A Logger that keeps every line, with the position an error annotation would carry. */
export function recordingLogger(): RecordingLogger {
  const lines: LoggedLine[] = []
  return {
    lines,
    errors: () => lines.filter((line) => line.level === 'error'),
    info: (message) => lines.push({ level: 'info', message }),
    warning: (message, where) =>
      lines.push({ level: 'warning', message, ...(where === undefined ? {} : { where }) }),
    error: (message, where) =>
      lines.push({ level: 'error', message, ...(where === undefined ? {} : { where }) }),
    group: (_title, work) => work()
  }
}

export function octokitFor(fake: GitHubFake): GitHubClient {
  return createOctokit(fake.token, { baseUrl: fake.url, retryUnitMs: 1, paceWrites: false })
}

/** Text as a reader sees it: numeric character references decoded, zero-width spaces removed. */
export function readable(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_entity, code: string) => String.fromCodePoint(Number(code)))
    .replaceAll('\u200b', '')
}

export interface CheckRun {
  outcome: ModeOutcome
  log: RecordingLogger
  summary: string
}

export class PullRequestScenario {
  readonly fake: GitHubFake
  readonly number: number
  readonly workspace: string
  readonly branch: string
  #eventPath: string
  #headSha: string

  private constructor(fake: GitHubFake, number: number, workspace: string, branch: string, headSha: string) {
    this.fake = fake
    this.number = number
    this.workspace = workspace
    this.branch = branch
    this.#headSha = headSha
    this.#eventPath = join(workspace, '..', 'event.json')
  }

  /**
   * Opens a pull request from a new branch that commits `head` on top of the fake's default
   * branch, and checks the merge out into a temporary workspace (as actions/checkout would).
   */
  static async open(
    fake: GitHubFake,
    head: Record<string, string>,
    branch = 'edit-baseline'
  ): Promise<PullRequestScenario> {
    const octokit = octokitFor(fake)
    const baseSha = fake.branchSha(fake.defaultBranch) ?? ''
    await octokit.rest.git.createRef({
      owner: fake.owner,
      repo: fake.repo,
      ref: `refs/heads/${branch}`,
      sha: baseSha
    })
    const headSha = fake.pushFiles(branch, head, 'Edit the baseline')
    const { data } = await octokit.rest.pulls.create({
      owner: fake.owner,
      repo: fake.repo,
      head: branch,
      base: fake.defaultBranch,
      title: 'Edit the baseline'
    })
    const root = await mkdtemp(join(tmpdir(), 'check-baseline-'))
    const workspace = join(root, 'workspace')
    const scenario = new PullRequestScenario(fake, data.number, workspace, branch, headSha)
    await scenario.#checkout(head)
    return scenario
  }

  /** A new commit on the pull request's branch. */
  async push(files: Record<string, string>): Promise<void> {
    this.#headSha = this.fake.pushFiles(this.branch, files, 'Another edit')
    await this.#checkout(files)
  }

  environment(eventName = 'pull_request'): Record<string, string> {
    return {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: this.#eventPath,
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_API_URL: this.fake.url
    }
  }

  context(log: Logger, inputs: Partial<CheckBaselineContext['inputs']> = {}): CheckBaselineContext {
    return {
      inputs: {
        baseline: 'baselines/<tenant-id>.json',
        failOn: 'high',
        githubToken: this.fake.token,
        guestCountTolerance: { kind: 'percent', value: 10 },
        maxStaleGuests: undefined,
        ...inputs
      },
      log,
      now: new Date('2026-03-20T08:00:00Z'),
      readFile: async (path) => {
        try {
          return await readFile(path, 'utf8')
        } catch {
          return undefined
        }
      }
    }
  }

  async run(
    options: {
      inputs?: Partial<CheckBaselineContext['inputs']>
      collectLive?: () => Promise<Collection>
      publicText?: (text: string) => string
      /** Lists the checkout's files (a pull request that changes the partner policy re-checks every baseline). */
      listWorkspaceFiles?: (pattern: string, cwd: string) => Promise<string[]>
    } = {}
  ): Promise<CheckRun> {
    const log = recordingLogger()
    let summary = ''
    const outcome = await runCheckBaseline(this.context(log, options.inputs), {
      writeSummary: async (markdown) => {
        summary += markdown
      },
      environment: this.environment(),
      readWorkspaceFile,
      listWorkspaceFiles: options.listWorkspaceFiles,
      collectLive: options.collectLive,
      publicText: options.publicText,
      connect: octokitConnector({ baseUrl: this.fake.url, log, paceWrites: false, retryUnitMs: 1 })
    })
    return { outcome, log, summary }
  }

  comments(): string[] {
    return (this.fake.issue(this.number)?.comments ?? []).map((comment) => comment.body)
  }

  async close(): Promise<void> {
    await rm(dirname(this.workspace), { recursive: true, force: true })
  }

  async #checkout(files: Record<string, string>): Promise<void> {
    // Only the files the pull request changes are read from the workspace.
    for (const [path, text] of Object.entries(files)) await writeText(join(this.workspace, path), text)
    const base = this.fake.defaultBranch
    const baseSha = this.fake.branchSha(base) ?? ''
    const event = {
      action: 'synchronize',
      number: this.number,
      pull_request: {
        number: this.number,
        base: { sha: baseSha, ref: base },
        head: { sha: this.#headSha, ref: this.branch }
      },
      repository: { full_name: `${this.fake.owner}/${this.fake.repo}` }
    }
    await writeText(this.#eventPath, JSON.stringify(event))
  }
}

async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text, 'utf8')
}
