import { composeCreatePullRequest } from 'octokit-plugin-create-pull-request'
import { orNotFound } from './github-error.js'
import { RepositoryAdapter } from './octokit.js'

/** A pull request as the proposal publisher sees it. */
export interface PullRequestRecord {
  readonly number: number
  readonly state: 'open' | 'closed'
  readonly title: string
  readonly body: string
  /** When it was merged; null when it was not. */
  readonly mergedAt: string | null
  /** Who opened it; undefined for a deleted account. */
  readonly author: string | undefined
  readonly headSha: string
  readonly baseRef: string
}

/** A commit between a base and a branch head. */
export interface BranchCommit {
  readonly message: string
  /** The GitHub account the commit is linked to; null when none is. */
  readonly author: { readonly login: string; readonly type: string } | null
}

/** `base...head`, as GitHub compares them. */
export interface BranchComparison {
  /** Oldest first; GitHub lists at most 250. */
  readonly commits: readonly BranchCommit[]
  readonly totalCommits: number
  /** Paths the branch changes. */
  readonly files: readonly string[]
  readonly behindBy: number
  readonly mergeBaseSha: string | undefined
  readonly baseSha: string
}

/** The pull-requests port: pull requests, and the branches and commits behind them, of one repository. */
/** A branch's content, committed and proposed as a pull request. */
export interface ProposedChange {
  readonly head: string
  readonly base: string
  readonly title: string
  readonly body: string
  readonly files: Readonly<Record<string, string>>
  readonly message: string
}

export interface PullRequests {
  /** The pull requests from `branch` (open or closed), newest first; the latest ten. */
  listForBranch(branch: string): Promise<PullRequestRecord[]>
  /** Opens a pull request from an existing branch; returns its number. */
  create(pull: { head: string; base: string; title: string; body: string }): Promise<number>
  update(number: number, changes: { title?: string; body?: string; state?: 'closed' }): Promise<void>
  state(number: number): Promise<'open' | 'closed'>
  /** Who closed the pull request, as GitHub recorded it. */
  closedBy(number: number): Promise<string | undefined>
  /** The commit a branch points at; undefined when there is no such branch. */
  branchHead(branch: string): Promise<string | undefined>
  compare(base: string, head: string): Promise<BranchComparison>
  /** A file's text at a commit or branch; undefined when it has no such regular file. */
  readFile(path: string, ref: string): Promise<string | undefined>
  /**
   * Commits `files` on `head` (created from `base` when missing) and opens or updates the pull
   * request from it; returns its number, or undefined when the commit would change nothing.
   */
  commitAndPropose(change: ProposedChange): Promise<number | undefined>
  deleteBranch(branch: string): Promise<void>
}

export class OctokitPullRequests extends RepositoryAdapter implements PullRequests {
  async listForBranch(branch: string): Promise<PullRequestRecord[]> {
    const { data } = await this.octokit.rest.pulls.list({
      ...this.repository(),
      head: `${this.owner}:${branch}`,
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: 10
    })
    return data.map((pull) => ({
      number: pull.number,
      state: pull.state === 'open' ? 'open' : 'closed',
      title: pull.title,
      body: pull.body ?? '',
      mergedAt: pull.merged_at,
      author: pull.user?.login,
      headSha: pull.head.sha,
      baseRef: pull.base.ref
    }))
  }

  async create(pull: { head: string; base: string; title: string; body: string }): Promise<number> {
    const { data } = await this.octokit.rest.pulls.create({ ...this.repository(), ...pull })
    return data.number
  }

  async update(number: number, changes: { title?: string; body?: string; state?: 'closed' }): Promise<void> {
    await this.octokit.rest.pulls.update({ ...this.repository(), pull_number: number, ...changes })
  }

  async state(number: number): Promise<'open' | 'closed'> {
    const { data } = await this.octokit.rest.pulls.get({ ...this.repository(), pull_number: number })
    return data.state === 'open' ? 'open' : 'closed'
  }

  async closedBy(number: number): Promise<string | undefined> {
    const { data } = await this.octokit.rest.issues.get({ ...this.repository(), issue_number: number })
    return data.closed_by?.login
  }

  async branchHead(branch: string): Promise<string | undefined> {
    const found = await orNotFound(
      this.octokit.rest.git.getRef({ ...this.repository(), ref: `heads/${branch}` })
    )
    return found?.data.object.sha
  }

  async compare(base: string, head: string): Promise<BranchComparison> {
    const { data } = await this.octokit.rest.repos.compareCommitsWithBasehead({
      ...this.repository(),
      basehead: `${base}...${head}`
    })
    return {
      commits: data.commits.map((commit) => ({
        message: commit.commit.message,
        author: commit.author === null ? null : { login: commit.author.login, type: commit.author.type }
      })),
      totalCommits: data.total_commits,
      files: (data.files ?? []).map((file) => file.filename),
      behindBy: data.behind_by,
      mergeBaseSha: data.merge_base_commit?.sha,
      baseSha: data.base_commit.sha
    }
  }

  async readFile(path: string, ref: string): Promise<string | undefined> {
    const found = await orNotFound(this.octokit.rest.repos.getContent({ ...this.repository(), path, ref }))
    const data = found?.data
    if (data === undefined || Array.isArray(data) || data.type !== 'file' || !('content' in data))
      return undefined
    return Buffer.from(data.content, 'base64').toString('utf8')
  }

  async commitAndPropose(change: ProposedChange): Promise<number | undefined> {
    const response = await composeCreatePullRequest(this.octokit, {
      ...this.repository(),
      title: change.title,
      body: change.body,
      base: change.base,
      head: change.head,
      update: true,
      createWhenEmpty: false,
      changes: [{ files: { ...change.files }, commit: change.message }]
    })
    return response === null ? undefined : response.data.number
  }

  async deleteBranch(branch: string): Promise<void> {
    await this.octokit.rest.git.deleteRef({ ...this.repository(), ref: `heads/${branch}` })
  }
}
