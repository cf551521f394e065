/**
 * A hidden line at the end of every comment the bot posts on a drift issue, naming the event and the
 * drift state it reports. Before commenting, the publisher compares it with the bot's latest comment
 * on the issue: a run retrying after a failed write (the close after its comment, the body edit after
 * its comment) then does not say the same thing twice.
 */

const COMMENT_MARKER_PREFIX = '<!-- entra-b2b-drift:comment v1'

export type CommentEvent = 'changed' | 'reopened' | 'resolved' | 'duplicate' | 'overflow-resolved'

export function commentMarker(event: CommentEvent, state: string): string {
  return `${COMMENT_MARKER_PREFIX} event=${event} state=${state} -->`
}

export function withCommentMarker(comment: string, marker: string): string {
  return `${comment}\n\n${marker}`
}

/** Whether `body` (a comment) ends with `marker`: the same event about the same drift. */
export function carriesCommentMarker(body: string | undefined, marker: string): boolean {
  return body !== undefined && body.trimEnd().endsWith(marker)
}
