import { OctokitBaselineHistory, type BaselineHistory } from './baseline-history.js'
import { OctokitComments, type Comments } from './comments.js'
import { OctokitIssueTracker, type IssueTracker } from './issue-tracker.js'
import { createOctokit, type OctokitSettings } from './octokit.js'
import { OctokitPullRequestFiles, type PullRequestFiles } from './pull-request-files.js'
import { OctokitPullRequests, type PullRequests } from './pull-requests.js'
import { OctokitRepositoryAccess, type RepositoryAccess } from './repository-access.js'
import { OctokitRepositoryInfo, type RepositoryInfo } from './repository.js'
import { OctokitTokenAccount, type BotIdentity, type TokenAccount } from './token-identity.js'

/**
 * One repository on GitHub, as the publisher and the modes use it: every GitHub call goes through
 * one of these ports. `main.ts` builds the Octokit ones; tests use in-memory fakes.
 */
export interface GitHubRepository {
  /** The issues carrying `label`; only those `identity` wrote are the bot's. */
  issues(label: string, identity: BotIdentity): IssueTracker
  readonly pullRequests: PullRequests
  readonly pullRequestFiles: PullRequestFiles
  readonly comments: Comments
  readonly repository: RepositoryInfo
  readonly account: TokenAccount
  /** Who may write, and who approved a run (mode: revert). */
  readonly access: RepositoryAccess
  /** How the baseline file changed, to tell an accepted drift from a reverted one. */
  readonly baselineHistory: BaselineHistory
}

/** Opens a repository with a token: the only way publish/ and modes/ reach GitHub. */
export type ConnectGitHub = (token: string, repository: { owner: string; repo: string }) => GitHubRepository

/** The real connection: Octokit with the retry and throttling plugins, tuned by `settings`. */
export function octokitConnector(settings: OctokitSettings): ConnectGitHub {
  return (token, repository) => {
    const octokit = createOctokit(token, settings)
    return {
      issues: (label, identity) => new OctokitIssueTracker(octokit, repository, label, identity),
      pullRequests: new OctokitPullRequests(octokit, repository),
      pullRequestFiles: new OctokitPullRequestFiles(octokit),
      comments: new OctokitComments(octokit, repository),
      repository: new OctokitRepositoryInfo(octokit, repository),
      account: new OctokitTokenAccount(octokit),
      access: new OctokitRepositoryAccess(octokit, repository),
      baselineHistory: new OctokitBaselineHistory(octokit, repository)
    }
  }
}
