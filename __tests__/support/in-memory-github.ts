/**
 * In-memory fakes of the GitHub ports (src/github/*): one repository held in plain objects, no HTTP.
 * Unit tests of publish/ and modes/ use these; the stateful HTTP fake (__tests__/fakes/github-fake.ts)
 * stays for end-to-end tests of the Octokit adapters and the bundled action.
 */
import type { CommentRecord, Comments } from '../../src/github/comments.js'
import type { ConnectGitHub, GitHubRepository } from '../../src/github/github.js'
import type { IssueRecord, IssueTracker, LabelSpec } from '../../src/github/issue-tracker.js'
import type {
  ChangedBaselineFile,
  PullRequestFiles,
  PullRequestRef
} from '../../src/github/pull-request-files.js'
import type {
  BranchCommit,
  BranchComparison,
  ProposedChange,
  PullRequestRecord,
  PullRequests
} from '../../src/github/pull-requests.js'
import type { RunApproval } from '../../src/github/repository-access.js'
import type { RepositoryFacts, RepositoryInfo } from '../../src/github/repository.js'
import {
  isAuthoredBy,
  type BotIdentity,
  type IdentityAnswer,
  type TokenAccount
} from '../../src/github/token-identity.js'
import type { FileVersion } from '../../src/runtime/workspace-files.js'

/** The login every write of the fakes is made as, unless a test says otherwise. */
export const FAKE_BOT_LOGIN = 'github-actions[bot]'

interface StoredIssue {
  number: number
  state: 'open' | 'closed'
  stateReason: string | null
  title: string
  body: string
  labels: string[]
  assignees: string[]
  author: string
}

interface StoredPull {
  number: number
  state: 'open' | 'closed'
  title: string
  body: string
  head: string
  base: string
  headSha: string
  author: string
  closedBy?: string
}

interface Commit {
  sha: string
  parent: string | undefined
  files: Record<string, string>
  message: string
  author: BranchCommit['author']
}

/** Everything a repository holds; the ports below read and write it. */
export class InMemoryRepository {
  readonly issues = new Map<number, StoredIssue>()
  readonly pulls = new Map<number, StoredPull>()
  readonly comments = new Map<number, CommentRecord[]>()
  readonly labels = new Map<string, LabelSpec>()
  readonly commits = new Map<string, Commit>()
  readonly branches = new Map<string, string>()
  facts: RepositoryFacts
  /** Who the token is; `{ ok: false }` plays a token whose account cannot be told. */
  identity: IdentityAnswer = { ok: true, identity: { login: FAKE_BOT_LOGIN, source: 'graphql-viewer' } }
  /** The files each pull request changes, as the pull request files API lists them. */
  readonly changedFiles = new Map<number, ChangedBaselineFile[]>()
  /** Each person's role on the repository (admin, maintain, write, triage, read); anyone else has none. */
  readonly permissions = new Map<string, string>()
  /** The environment reviews of each workflow run, by run id. */
  readonly approvals = new Map<string, RunApproval[]>()
  #next = 1
  #commits = 0
  #commentIds = 1000

  constructor(options: { defaultBranch?: string; files?: Record<string, string>; visibility?: string } = {}) {
    const defaultBranch = options.defaultBranch ?? 'main'
    const visibility = options.visibility ?? 'private'
    this.facts = { private: visibility === 'private', visibility, defaultBranch }
    this.branches.set(defaultBranch, this.commit(undefined, options.files ?? {}, 'Initial commit', null))
  }

  /** The next issue or pull request number (they share one sequence, as on GitHub). */
  nextNumber(): number {
    return this.#next++
  }

  nextCommentId(): number {
    return ++this.#commentIds
  }

  commit(
    parent: string | undefined,
    files: Record<string, string>,
    message: string,
    author: BranchCommit['author']
  ): string {
    const sha = `c${++this.#commits}`
    this.commits.set(sha, { sha, parent, files: { ...files }, message, author })
    return sha
  }

  /** The files at a branch name or a commit sha. */
  filesAt(ref: string): Record<string, string> | undefined {
    const sha = this.branches.get(ref) ?? ref
    return this.commits.get(sha)?.files
  }

  /** The commits from `sha` back to the first, newest first. */
  history(sha: string): Commit[] {
    const commits: Commit[] = []
    for (
      let at = this.commits.get(sha);
      at !== undefined;
      at = at.parent ? this.commits.get(at.parent) : undefined
    )
      commits.push(at)
    return commits
  }

  login(): string {
    return this.identity.ok ? this.identity.identity.login : 'someone'
  }

  connect(): GitHubRepository {
    return {
      issues: (label, identity) => new InMemoryIssueTracker(this, label, identity),
      pullRequests: new InMemoryPullRequests(this),
      pullRequestFiles: new InMemoryPullRequestFiles(this),
      comments: new InMemoryComments(this),
      repository: new InMemoryRepositoryInfo(this),
      account: new InMemoryTokenAccount(this),
      access: {
        permissionOf: async (login) => this.permissions.get(login) ?? 'none',
        approvalsOf: async (runId) => [...(this.approvals.get(runId) ?? [])]
      },
      // No history: every drift that disappears reads as put back.
      baselineHistory: { changesSince: () => Promise.resolve([]) }
    }
  }

  /** A ConnectGitHub that opens this repository whatever the token. */
  connector(): ConnectGitHub {
    return () => this.connect()
  }
}

export class InMemoryIssueTracker implements IssueTracker {
  readonly #repository: InMemoryRepository
  readonly #label: string
  readonly #identity: BotIdentity

  constructor(repository: InMemoryRepository, label: string, identity: BotIdentity) {
    this.#repository = repository
    this.#label = label
    this.#identity = identity
  }

  async listTracked(markerPrefix: string): Promise<IssueRecord[]> {
    return [...this.#repository.issues.values()]
      .filter(
        (issue) =>
          issue.labels.includes(this.#label) &&
          issue.body.includes(markerPrefix) &&
          isAuthoredBy(issue.author, this.#identity)
      )
      .map((issue) => ({ ...issue, labels: [...issue.labels] }))
  }

  async create(issue: {
    title: string
    body: string
    labels: readonly string[]
    assignees: readonly string[]
  }): Promise<number> {
    const number = this.#repository.nextNumber()
    this.#repository.issues.set(number, {
      number,
      state: 'open',
      stateReason: null,
      title: issue.title,
      body: issue.body,
      labels: [...issue.labels],
      assignees: [...issue.assignees],
      author: this.#identity.login
    })
    return number
  }

  async update(
    number: number,
    changes: { title?: string; body?: string; labels?: readonly string[] }
  ): Promise<void> {
    const issue = this.#issue(number)
    if (changes.title !== undefined) issue.title = changes.title
    if (changes.body !== undefined) issue.body = changes.body
    if (changes.labels !== undefined) issue.labels = [...changes.labels]
  }

  async comment(number: number, body: string): Promise<void> {
    await new InMemoryComments(this.#repository).create(this.#issue(number).number, body)
  }

  async lastOwnComment(number: number): Promise<string | undefined> {
    const comments = this.#repository.comments.get(number) ?? []
    return comments.filter((comment) => isAuthoredBy(comment.author, this.#identity)).at(-1)?.body
  }

  async close(number: number, reason: 'completed' | 'not_planned' = 'completed'): Promise<void> {
    const issue = this.#issue(number)
    issue.state = 'closed'
    issue.stateReason = reason
  }

  async reopen(
    number: number,
    changes: { title?: string; body?: string; labels?: readonly string[] } = {}
  ): Promise<void> {
    await this.update(number, changes)
    const issue = this.#issue(number)
    issue.state = 'open'
    issue.stateReason = 'reopened'
  }

  async ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    for (const label of labels) {
      if (!this.#repository.labels.has(label.name)) this.#repository.labels.set(label.name, label)
    }
  }

  #issue(number: number): StoredIssue {
    const issue = this.#repository.issues.get(number)
    if (issue === undefined) throw Object.assign(new Error(`No issue #${number}`), { status: 404 })
    return issue
  }
}

export class InMemoryComments implements Comments {
  readonly #repository: InMemoryRepository

  constructor(repository: InMemoryRepository) {
    this.#repository = repository
  }

  async list(issueNumber: number): Promise<CommentRecord[]> {
    return [...(this.#repository.comments.get(issueNumber) ?? [])]
  }

  async create(issueNumber: number, body: string): Promise<number> {
    const comments = this.#repository.comments.get(issueNumber) ?? []
    const id = this.#repository.nextCommentId()
    comments.push({ id, author: this.#repository.login(), body })
    this.#repository.comments.set(issueNumber, comments)
    return id
  }

  async update(commentId: number, body: string): Promise<void> {
    for (const [issueNumber, comments] of this.#repository.comments) {
      const index = comments.findIndex((comment) => comment.id === commentId)
      const found = comments[index]
      if (found === undefined) continue
      comments[index] = { ...found, body }
      this.#repository.comments.set(issueNumber, comments)
      return
    }
    throw Object.assign(new Error(`No comment ${commentId}`), { status: 404 })
  }
}

export class InMemoryPullRequests implements PullRequests {
  readonly #repository: InMemoryRepository

  constructor(repository: InMemoryRepository) {
    this.#repository = repository
  }

  async listForBranch(branch: string): Promise<PullRequestRecord[]> {
    return [...this.#repository.pulls.values()]
      .filter((pull) => pull.head === branch)
      .sort((a, b) => b.number - a.number)
      .slice(0, 10)
      .map((pull) => ({
        number: pull.number,
        state: pull.state,
        title: pull.title,
        body: pull.body,
        mergedAt: null,
        author: pull.author,
        headSha: pull.headSha,
        baseRef: pull.base
      }))
  }

  async create(pull: { head: string; base: string; title: string; body: string }): Promise<number> {
    const headSha = this.#repository.branches.get(pull.head)
    if (headSha === undefined) throw Object.assign(new Error(`No branch ${pull.head}`), { status: 422 })
    const number = this.#repository.nextNumber()
    this.#repository.pulls.set(number, {
      number,
      state: 'open',
      ...pull,
      headSha,
      author: this.#repository.login()
    })
    return number
  }

  async update(number: number, changes: { title?: string; body?: string; state?: 'closed' }): Promise<void> {
    const pull = this.#pull(number)
    if (changes.title !== undefined) pull.title = changes.title
    if (changes.body !== undefined) pull.body = changes.body
    if (changes.state !== undefined) {
      pull.state = changes.state
      pull.closedBy = this.#repository.login()
    }
  }

  async state(number: number): Promise<'open' | 'closed'> {
    return this.#pull(number).state
  }

  async closedBy(number: number): Promise<string | undefined> {
    return this.#pull(number).closedBy
  }

  async branchHead(branch: string): Promise<string | undefined> {
    return this.#repository.branches.get(branch)
  }

  async compare(base: string, head: string): Promise<BranchComparison> {
    const baseSha = this.#repository.branches.get(base) ?? base
    const onBase = new Set(this.#repository.history(baseSha).map((commit) => commit.sha))
    const headHistory = this.#repository.history(head)
    const ahead = headHistory.filter((commit) => !onBase.has(commit.sha)).reverse()
    const mergeBase = headHistory.find((commit) => onBase.has(commit.sha))
    const baseFiles = mergeBase?.files ?? {}
    const headFiles = this.#repository.filesAt(head) ?? {}
    const paths = new Set([...Object.keys(baseFiles), ...Object.keys(headFiles)])
    return {
      commits: ahead.map((commit) => ({ message: commit.message, author: commit.author })),
      totalCommits: ahead.length,
      files: [...paths].filter((path) => baseFiles[path] !== headFiles[path]),
      behindBy: this.#repository.history(baseSha).findIndex((commit) => commit.sha === mergeBase?.sha),
      mergeBaseSha: mergeBase?.sha,
      baseSha
    }
  }

  async readFile(path: string, ref: string): Promise<string | undefined> {
    return this.#repository.filesAt(ref)?.[path]
  }

  async commitAndPropose(change: ProposedChange): Promise<number | undefined> {
    const { branches } = this.#repository
    const parent = branches.get(change.head) ?? branches.get(change.base)
    const before = parent === undefined ? {} : (this.#repository.filesAt(parent) ?? {})
    const after = { ...before, ...change.files }
    if (Object.entries(change.files).every(([path, text]) => before[path] === text)) return undefined
    const author = { login: this.#repository.login(), type: 'Bot' }
    const sha = this.#repository.commit(parent, after, change.message, author)
    branches.set(change.head, sha)
    const open = [...this.#repository.pulls.values()].find(
      (pull) => pull.head === change.head && pull.state === 'open'
    )
    if (open === undefined) return this.create(change)
    Object.assign(open, { title: change.title, body: change.body, headSha: sha })
    return open.number
  }

  async deleteBranch(branch: string): Promise<void> {
    if (!this.#repository.branches.delete(branch))
      throw Object.assign(new Error(`No branch ${branch}`), { status: 422 })
  }

  #pull(number: number): StoredPull {
    const pull = this.#repository.pulls.get(number)
    if (pull === undefined) throw Object.assign(new Error(`No pull request #${number}`), { status: 404 })
    return pull
  }
}

export class InMemoryPullRequestFiles implements PullRequestFiles {
  readonly #repository: InMemoryRepository

  constructor(repository: InMemoryRepository) {
    this.#repository = repository
  }

  async changedBaselineFiles(pull: PullRequestRef, _glob: string): Promise<ChangedBaselineFile[]> {
    return [...(this.#repository.changedFiles.get(pull.number) ?? [])]
  }

  async baseVersion(pull: PullRequestRef, path: string): Promise<FileVersion> {
    const text = this.#repository.filesAt(pull.baseSha)?.[path]
    return text === undefined ? { kind: 'missing' } : { kind: 'text', text }
  }
}

export class InMemoryRepositoryInfo implements RepositoryInfo {
  readonly #repository: InMemoryRepository

  constructor(repository: InMemoryRepository) {
    this.#repository = repository
  }

  async describe(): Promise<RepositoryFacts> {
    return this.#repository.facts
  }
}

export class InMemoryTokenAccount implements TokenAccount {
  readonly #repository: InMemoryRepository

  constructor(repository: InMemoryRepository) {
    this.#repository = repository
  }

  async identify(): Promise<IdentityAnswer> {
    return this.#repository.identity
  }
}
