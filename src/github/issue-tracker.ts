import type { GitHubClient } from './octokit.js'

/** An issue as the publisher sees it: enough to decide whether to touch it. */
export interface IssueRecord {
  readonly number: number
  readonly state: 'open' | 'closed'
  /** `completed`, `not_planned`, `reopened` or null, as GitHub reports it. */
  readonly stateReason: string | null
  readonly title: string
  readonly body: string
  readonly labels: readonly string[]
}

export interface LabelSpec {
  readonly name: string
  /** Six hex digits, no '#'. */
  readonly color: string
  readonly description: string
}

/** The issues port: verbs named after what the publisher means, not after REST routes. */
export interface IssueTracker {
  /** Every issue (open or closed, never a pull request) carrying the drift label and a body containing `markerPrefix`. */
  listTracked(markerPrefix: string): Promise<IssueRecord[]>
  /** Opens an issue; returns its number. */
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
  /** Closes as completed unless told the issue was not planned (a duplicate). */
  close(number: number, reason?: 'completed' | 'not_planned'): Promise<void>
  reopen(number: number): Promise<void>
  /** Creates the labels that do not exist yet; leaves existing ones (and their colours) alone. */
  ensureLabels(labels: readonly LabelSpec[]): Promise<void>
}

export class OctokitIssueTracker implements IssueTracker {
  readonly #octokit: GitHubClient
  readonly #owner: string
  readonly #repo: string
  readonly #label: string

  /** `label`: the label every tracked issue carries; listing filters on it server-side. */
  constructor(octokit: GitHubClient, repository: { owner: string; repo: string }, label: string) {
    this.#octokit = octokit
    this.#owner = repository.owner
    this.#repo = repository.repo
    this.#label = label
  }

  async listTracked(markerPrefix: string): Promise<IssueRecord[]> {
    const issues = await this.#octokit.paginate(this.#octokit.rest.issues.listForRepo, {
      ...this.#repository(),
      labels: this.#label,
      state: 'all',
      per_page: 100
    })
    const tracked: IssueRecord[] = []
    for (const issue of issues) {
      // The issues API lists pull requests too.
      if (issue.pull_request !== undefined || !(issue.body ?? '').includes(markerPrefix)) continue
      tracked.push({
        number: issue.number,
        state: issue.state === 'closed' ? 'closed' : 'open',
        stateReason: issue.state_reason ?? null,
        title: issue.title,
        body: issue.body ?? '',
        labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
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
    const { data } = await this.#octokit.rest.issues.create({
      ...this.#repository(),
      title: issue.title,
      body: issue.body,
      labels: [...issue.labels],
      ...(issue.assignees.length > 0 ? { assignees: [...issue.assignees] } : {})
    })
    return data.number
  }

  async update(
    number: number,
    changes: { title?: string; body?: string; labels?: readonly string[] }
  ): Promise<void> {
    await this.#octokit.rest.issues.update({
      ...this.#repository(),
      issue_number: number,
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.body === undefined ? {} : { body: changes.body }),
      ...(changes.labels === undefined ? {} : { labels: [...changes.labels] })
    })
  }

  async comment(number: number, body: string): Promise<void> {
    await this.#octokit.rest.issues.createComment({ ...this.#repository(), issue_number: number, body })
  }

  async close(number: number, reason: 'completed' | 'not_planned' = 'completed'): Promise<void> {
    await this.#octokit.rest.issues.update({
      ...this.#repository(),
      issue_number: number,
      state: 'closed',
      state_reason: reason
    })
  }

  async reopen(number: number): Promise<void> {
    await this.#octokit.rest.issues.update({ ...this.#repository(), issue_number: number, state: 'open' })
  }

  async ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    for (const label of labels) {
      if (await this.#labelExists(label.name)) continue
      try {
        await this.#octokit.rest.issues.createLabel({ ...this.#repository(), ...label })
      } catch (error) {
        // Another run created it between our look-up and our create: that is what we wanted.
        if (!isAlreadyExists(error)) throw error
      }
    }
  }

  async #labelExists(name: string): Promise<boolean> {
    try {
      await this.#octokit.rest.issues.getLabel({ ...this.#repository(), name })
      return true
    } catch (error) {
      if (statusOf(error) === 404) return false
      throw error
    }
  }

  #repository(): { owner: string; repo: string } {
    return { owner: this.#owner, repo: this.#repo }
  }
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined
}

/** 422 with `errors[].code === 'already_exists'`: the documented answer for a duplicate label. */
function isAlreadyExists(error: unknown): boolean {
  if (statusOf(error) !== 422 || typeof error !== 'object' || error === null || !('response' in error))
    return false
  const data = (error as { response?: { data?: { errors?: { code?: string }[] } } }).response?.data
  return (data?.errors ?? []).some((detail) => detail.code === 'already_exists')
}
