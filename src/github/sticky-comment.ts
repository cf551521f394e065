import type { GitHubClient } from './octokit.js'
import { isAuthoredBy, resolveTokenIdentity, type BotIdentity } from './token-identity.js'

export type CommentOperation = 'created' | 'updated' | 'unchanged' | 'none'

export interface CommentTarget {
  readonly owner: string
  readonly repo: string
  /** The pull request (comments on a pull request are issue comments). */
  readonly issueNumber: number
}

/**
 * Keeps one comment per pull request: the first comment the bot wrote whose body starts with
 * `marker` is edited, a new one is written only when there is none, and an unchanged body is not
 * written at all. A comment with the marker written by anyone else is a look-alike (anyone can
 * paste a "passed" comment) and is never taken for ours. `createIfMissing: false` only updates an
 * existing comment ('none' when there is none). Without `identity`, the token's is looked up.
 */
export async function upsertStickyComment(
  github: GitHubClient,
  target: CommentTarget,
  comment: { marker: string; body: string; createIfMissing?: boolean; identity?: BotIdentity }
): Promise<{ operation: CommentOperation; id?: number }> {
  const { owner, repo, issueNumber } = target
  const identity = comment.identity ?? (await identityOrThrow(github))
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100
  })
  // Oldest first, as GitHub lists them: the first one is the comment earlier runs kept editing.
  const existing = comments.find(
    (candidate) =>
      isAuthoredBy(candidate.user?.login, identity) &&
      (candidate.body ?? '').trimStart().startsWith(comment.marker)
  )
  if (existing !== undefined) {
    if (existing.body === comment.body) return { operation: 'unchanged', id: existing.id }
    await github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: comment.body })
    return { operation: 'updated', id: existing.id }
  }
  if (comment.createIfMissing === false) return { operation: 'none' }
  const { data } = await github.rest.issues.createComment({
    owner,
    repo,
    issue_number: issueNumber,
    body: comment.body
  })
  return { operation: 'created', id: data.id }
}

async function identityOrThrow(github: GitHubClient): Promise<BotIdentity> {
  const resolved = await resolveTokenIdentity(github)
  if (!resolved.ok) throw new Error(resolved.error)
  return resolved.identity
}
