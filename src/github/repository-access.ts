import { statusOf } from '../errors.js'
import { RepositoryAdapter } from './octokit.js'

/** One entry of a workflow run's environment review history. */
export interface RunApproval {
  /** The reviewer's login. */
  readonly login: string
  readonly state: 'approved' | 'rejected' | 'pending'
  /** The environments the review was for. */
  readonly environments: readonly string[]
  readonly comment: string
}

/**
 * Who may do what in the repository, asked of GitHub itself rather than taken from the event
 * payload: mode: revert checks the person who asked for a write, and names who approved the run.
 */
export interface RepositoryAccess {
  /**
   * The person's permission on the repository: 'admin', 'maintain', 'write', 'triage', 'read' or
   * 'none' (GitHub's role name where it gives one). 'none' for someone GitHub does not know here.
   */
  permissionOf(login: string): Promise<string>
  /** The environment reviews of a workflow run, oldest first. */
  approvalsOf(runId: string): Promise<RunApproval[]>
}

export class OctokitRepositoryAccess extends RepositoryAdapter implements RepositoryAccess {
  async permissionOf(login: string): Promise<string> {
    try {
      // GET /repos/{owner}/{repo}/collaborators/{username}/permission: `permission` is the legacy
      // admin/write/read/none (maintain reads as write, triage as read); `role_name` the actual role.
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        ...this.repository(),
        username: login
      })
      const role = (data as { role_name?: unknown }).role_name
      return typeof role === 'string' && role !== '' ? role : data.permission
    } catch (error) {
      // 404: not a user GitHub knows for this repository.
      if (statusOf(error) === 404) return 'none'
      throw error
    }
  }

  async approvalsOf(runId: string): Promise<RunApproval[]> {
    // GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals ("Get the review history for a workflow run").
    const { data } = await this.octokit.rest.actions.getReviewsForRun({
      ...this.repository(),
      run_id: Number(runId)
    })
    return data.map((entry) => ({
      login: entry.user.login,
      state: entry.state,
      environments: entry.environments.map((environment) => environment.name ?? ''),
      comment: entry.comment
    }))
  }
}
