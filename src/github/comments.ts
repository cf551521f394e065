import { RepositoryAdapter } from './octokit.js'

/** A comment on an issue or a pull request, as the publisher sees it. */
export interface CommentRecord {
  readonly id: number
  /** The author's login; undefined for a deleted account. */
  readonly author: string | undefined
  readonly body: string
}

/** The comments port: the comments of one repository's issues and pull requests. */
export interface Comments {
  /** Every comment on the issue or pull request, oldest first. */
  list(issueNumber: number): Promise<CommentRecord[]>
  /** Writes a comment; returns its id. */
  create(issueNumber: number, body: string): Promise<number>
  update(commentId: number, body: string): Promise<void>
}

export class OctokitComments extends RepositoryAdapter implements Comments {
  async list(issueNumber: number): Promise<CommentRecord[]> {
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      owner: this.owner,
      repo: this.repo,
      issue_number: issueNumber,
      per_page: 100
    })
    return comments.map((comment) => ({
      id: comment.id,
      author: comment.user?.login,
      body: comment.body ?? ''
    }))
  }

  async create(issueNumber: number, body: string): Promise<number> {
    const { data } = await this.octokit.rest.issues.createComment({
      owner: this.owner,
      repo: this.repo,
      issue_number: issueNumber,
      body
    })
    return data.id
  }

  async update(commentId: number, body: string): Promise<void> {
    await this.octokit.rest.issues.updateComment({
      owner: this.owner,
      repo: this.repo,
      comment_id: commentId,
      body
    })
  }
}
