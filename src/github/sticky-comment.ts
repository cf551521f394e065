import { ConfigurationError } from '../errors.js'
import type { Comments } from './comments.js'
import { isAuthoredBy, type BotIdentity, type TokenAccount } from './token-identity.js'

export type CommentOperation = 'created' | 'updated' | 'unchanged' | 'none'

export interface CommentTarget {
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
  github: { readonly comments: Comments; readonly account: TokenAccount },
  target: CommentTarget,
  comment: { marker: string; body: string; createIfMissing?: boolean; identity?: BotIdentity }
): Promise<{ operation: CommentOperation; id?: number }> {
  const identity = comment.identity ?? (await identityOrThrow(github.account))
  const comments = await github.comments.list(target.issueNumber)
  // Oldest first, as GitHub lists them: the first one is the comment earlier runs kept editing.
  const existing = comments.find(
    (candidate) =>
      isAuthoredBy(candidate.author, identity) && candidate.body.trimStart().startsWith(comment.marker)
  )
  if (existing !== undefined) {
    if (existing.body === comment.body) return { operation: 'unchanged', id: existing.id }
    await github.comments.update(existing.id, comment.body)
    return { operation: 'updated', id: existing.id }
  }
  if (comment.createIfMissing === false) return { operation: 'none' }
  const id = await github.comments.create(target.issueNumber, comment.body)
  return { operation: 'created', id }
}

async function identityOrThrow(account: TokenAccount): Promise<BotIdentity> {
  const resolved = await account.identify()
  // The token is the user's to change: without its account, no comment can be recognised as ours.
  if (!resolved.ok) throw new ConfigurationError(resolved.error)
  return resolved.identity
}
