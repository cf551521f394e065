import { RepositoryAdapter } from './octokit.js'

/** What GitHub says about the repository (GET /repos/{owner}/{repo}). */
export interface RepositoryFacts {
  readonly private: boolean
  /** 'public', 'private' or 'internal' (GitHub Enterprise); GitHub may leave it out. */
  readonly visibility: string | undefined
  readonly defaultBranch: string
}

/** The repository-info port. */
export interface RepositoryInfo {
  describe(): Promise<RepositoryFacts>
}

export class OctokitRepositoryInfo extends RepositoryAdapter implements RepositoryInfo {
  async describe(): Promise<RepositoryFacts> {
    const { data } = await this.octokit.rest.repos.get({ owner: this.owner, repo: this.repo })
    return { private: data.private, visibility: data.visibility, defaultBranch: data.default_branch }
  }
}
