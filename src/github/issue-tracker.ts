import type { IssueRecord } from '../core/report/issue-plan.js'
import { statusOf } from '../errors.js'
import { RepositoryAdapter, type GitHubClient } from './octokit.js'
import { isAuthoredBy, type BotIdentity } from './token-identity.js'

export type { IssueRecord }

export interface LabelSpec {
  readonly name: string
  /** Six hex digits, no '#'. */
  readonly color: string
  readonly description: string
}

/** The issues port: verbs named after what the publisher means, not after REST routes. */
export interface IssueTracker {
  /**
   * Every issue the bot opened (open or closed, never a pull request) carrying the label and a body
   * containing `markerPrefix`. Issues with the marker opened by anyone else are look-alikes and are
   * not listed: the bot never edits or closes them.
   */
  listTracked(markerPrefix: string): Promise<IssueRecord[]>
  /**
   * Opens an issue; returns its number. Sent once, without automatic retries: after a 5xx the issue
   * may exist, and only the caller can look for it before trying again.
   */
  create(issue: {
    title: string
    body: string
    labels: readonly string[]
    assignees: readonly string[]
  }): Promise<number>
  update(
    number: number,
    changes: { title?: string; body?: string; labels?: readonly string[] }
  ): Promise<void>
  comment(number: number, body: string): Promise<void>
  /** The body of the latest comment the bot wrote on the issue (within the last page), if any. */
  lastOwnComment(number: number): Promise<string | undefined>
  /** Closes as completed unless told the issue was not planned (a duplicate). */
  close(number: number, reason?: 'completed' | 'not_planned'): Promise<void>
  /** Reopens, applying `changes` in the same write. */
  reopen(
    number: number,
    changes?: { title?: string; body?: string; labels?: readonly string[] }
  ): Promise<void>
  /** Creates the labels that do not exist yet; leaves existing ones (and their colours) alone. */
  ensureLabels(labels: readonly LabelSpec[]): Promise<void>
}

export class OctokitIssueTracker extends RepositoryAdapter implements IssueTracker {
  readonly #label: string
  readonly #identity: BotIdentity

  /**
   * `label`: the label every tracked issue carries; listing filters on it server-side.
   * `identity`: the token's account, the only author whose issues and comments are the bot's.
   */
  constructor(
    octokit: GitHubClient,
    repository: { owner: string; repo: string },
    label: string,
    identity: BotIdentity
  ) {
    super(octokit, repository)
    this.#label = label
    this.#identity = identity
  }

  async listTracked(markerPrefix: string): Promise<IssueRecord[]> {
    const issues = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
      ...this.repository(),
      labels: this.#label,
      state: 'all',
      per_page: 100
    })
    const tracked: IssueRecord[] = []
    for (const issue of issues) {
      // The issues API lists pull requests too.
      if (issue.pull_request !== undefined || !(issue.body ?? '').includes(markerPrefix)) continue
      if (!isAuthoredBy(issue.user?.login, this.#identity)) continue
      tracked.push({
        number: issue.number,
        state: issue.state === 'closed' ? 'closed' : 'open',
        stateReason: issue.state_reason ?? null,
        title: issue.title,
        body: issue.body ?? '',
        labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
        createdAt: issue.created_at
      })
    }
    return tracked
  }

  async create(issue: {
    title: string
    body: string
    labels: readonly string[]
    assignees: readonly string[]
  }): Promise<number> {
    const { data } = await this.octokit.rest.issues.create({
      ...this.repository(),
      title: issue.title,
      body: issue.body,
      labels: [...issue.labels],
      ...(issue.assignees.length > 0 ? { assignees: [...issue.assignees] } : {}),
      request: { retries: 0 }
    })
    return data.number
  }

  async update(
    number: number,
    changes: { title?: string; body?: string; labels?: readonly string[] }
  ): Promise<void> {
    await this.octokit.rest.issues.update({
      ...this.repository(),
      issue_number: number,
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.body === undefined ? {} : { body: changes.body }),
      ...(changes.labels === undefined ? {} : { labels: [...changes.labels] })
    })
  }

  async comment(number: number, body: string): Promise<void> {
    await this.octokit.rest.issues.createComment({ ...this.repository(), issue_number: number, body })
  }

  async lastOwnComment(number: number): Promise<string | undefined> {
    const request = { ...this.repository(), issue_number: number, per_page: 100 }
    const first = await this.octokit.rest.issues.listComments(request)
    // Oldest first: the latest comments are on the last page, which the Link header names.
    const lastPage = /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(first.headers.link ?? '')?.[1]
    const comments =
      lastPage === undefined
        ? first.data
        : (await this.octokit.rest.issues.listComments({ ...request, page: Number(lastPage) })).data
    const own = comments.filter((comment) => isAuthoredBy(comment.user?.login, this.#identity))
    return own.at(-1)?.body ?? undefined
  }

  async close(number: number, reason: 'completed' | 'not_planned' = 'completed'): Promise<void> {
    await this.octokit.rest.issues.update({
      ...this.repository(),
      issue_number: number,
      state: 'closed',
      state_reason: reason
    })
  }

  async reopen(
    number: number,
    changes: { title?: string; body?: string; labels?: readonly string[] } = {}
  ): Promise<void> {
    await this.octokit.rest.issues.update({
      ...this.repository(),
      issue_number: number,
      state: 'open',
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.body === undefined ? {} : { body: changes.body }),
      ...(changes.labels === undefined ? {} : { labels: [...changes.labels] })
    })
  }

  async ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    for (const label of labels) {
      if (await this.#labelExists(label.name)) continue
      try {
        await this.octokit.rest.issues.createLabel({ ...this.repository(), ...label })
      } catch (error) {
        // Another run created it between our look-up and our create: that is what we wanted.
        if (!isAlreadyExists(error)) throw error
      }
    }
  }

  async #labelExists(name: string): Promise<boolean> {
    try {
      await this.octokit.rest.issues.getLabel({ ...this.repository(), name })
      return true
    } catch (error) {
      if (statusOf(error) === 404) return false
      throw error
    }
  }
}

/** 422 with `errors[].code === 'already_exists'`: the documented answer for a duplicate label. */
function isAlreadyExists(error: unknown): boolean {
  if (statusOf(error) !== 422 || typeof error !== 'object' || error === null || !('response' in error))
    return false
  const data = (error as { response?: { data?: { errors?: { code?: string }[] } } }).response?.data
  return (data?.errors ?? []).some((detail) => detail.code === 'already_exists')
}
