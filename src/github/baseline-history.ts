import { RepositoryAdapter } from './octokit.js'

/** A merged pull request that changed a file. */
export interface BaselineChange {
  /** The commit on the default branch that changed the file. */
  readonly sha: string
  /** The merged pull request the commit belongs to; undefined for a commit pushed without one. */
  readonly pullRequest?: {
    readonly number: number
    readonly title: string
    readonly author: string | undefined
  }
  /** The commit's GitHub account, when GitHub links one. */
  readonly committer: string | undefined
}

/** The baseline-history port: how a baseline file changed since a moment. */
export interface BaselineHistory {
  /** Commits on the default branch that changed `path` since `since` (ISO 8601), newest first, with their pull request. */
  changesSince(path: string, since: string): Promise<BaselineChange[]>
}

/**
 * GitHub REST "List commits" (`path`, `since`) and "List pull requests associated with a commit"
 * (`GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls`): a merge commit, a squash or a rebased
 * commit of a merged pull request lists that pull request.
 */
export class OctokitBaselineHistory extends RepositoryAdapter implements BaselineHistory {
  async changesSince(path: string, since: string): Promise<BaselineChange[]> {
    const { data: commits } = await this.octokit.rest.repos.listCommits({
      ...this.repository(),
      path,
      since,
      per_page: 20
    })
    const changes: BaselineChange[] = []
    for (const commit of commits.slice(0, 5)) {
      const { data: pulls } = await this.octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        ...this.repository(),
        commit_sha: commit.sha
      })
      // Open pull requests that merely contain the commit are listed too: only a merged one moved the baseline.
      const merged = pulls.find((pull) => pull.merged_at !== null && pull.merged_at !== undefined)
      changes.push({
        sha: commit.sha,
        committer: commit.author?.login ?? undefined,
        ...(merged === undefined
          ? {}
          : {
              pullRequest: {
                number: merged.number,
                title: merged.title,
                author: merged.user?.login ?? undefined
              }
            })
      })
    }
    return changes
  }
}
