import type { RevertRequest, RevertVerification } from '../revert/revert-plan.js'
import type { Finding } from '../model/finding.js'
import { codeBlock, inert } from './inert.js'

/*
 * The comments mode: revert leaves on a drift issue: the record of who asked, who approved, what
 * was sent, what Graph answered and what the re-read showed. Pure text; the mode posts it.
 */

/** The hidden last line of every revert comment (not a drift-state comment: the publisher's marker differs). */
export const REVERT_COMMENT_MARKER = '<!-- entra-b2b-drift:revert v1 -->'

/** Someone asked for a revert. `approvers`: logins that approved the run's environment. */
export interface RevertRecord {
  readonly requester: string
  readonly approvers: readonly string[]
  /** The workflow run, for the log (a link), when known. */
  readonly runUrl?: string | undefined
}

export function renderRevertRefused(record: RevertRecord, reason: string): string {
  return [
    '### Revert refused: nothing was written',
    '',
    `Asked by ${who(record.requester)}${approvedBy(record)}.`,
    '',
    codeBlock(reason, 'text'),
    ...run(record),
    '',
    REVERT_COMMENT_MARKER
  ].join('\n')
}

export function renderRevertResult(
  record: RevertRecord,
  finding: Finding,
  request: RevertRequest,
  answer: { ok: boolean; status: number; error?: string | undefined },
  verification: RevertVerification | undefined
): string {
  const heading = !answer.ok
    ? '### Revert failed: Graph refused the write'
    : verification?.objectMatches === true
      ? '### Reverted: the object matches the baseline again'
      : verification?.reverted === true
        ? '### Reverted this finding; the object still differs elsewhere'
        : '### Revert sent, but the object does not read back as the baseline'
  const lines = [
    heading,
    '',
    `Asked by ${who(record.requester)}${approvedBy(record)}.`,
    '',
    `Finding: ${inert(finding.summary, 300)} (rule \`${finding.rule}\`, ${finding.severity}).`,
    '',
    'Request sent once (never retried):',
    '',
    codeBlock(requestText(request), 'http'),
    '',
    answer.ok
      ? `Microsoft Graph answered ${answer.status}.`
      : `Microsoft Graph answered ${answer.status === 0 ? 'nothing' : answer.status}:\n\n${codeBlock(answer.error ?? 'no error text', 'text')}`
  ]
  if (verification !== undefined) {
    lines.push(
      '',
      verification.reverted
        ? 'Read back: the values this finding changed equal the baseline again.'
        : 'Read back: the values this finding changed still differ from the baseline.'
    )
    if (verification.remaining.length > 0) {
      lines.push(
        '',
        'Still different from the baseline:',
        '',
        codeBlock(verification.remaining.join('\n'), 'text')
      )
    }
  }
  if (!answer.ok) lines.push('', 'The issue stays open. Fix the cause (above), then ask again.')
  lines.push(...run(record), '', REVERT_COMMENT_MARKER)
  return lines.join('\n')
}

/** The request as a person would read it in Graph Explorer. */
export function requestText(request: RevertRequest): string {
  const head = `${request.method} ${request.path}`
  return request.body === undefined ? head : `${head}\n\n${JSON.stringify(request.body, null, 2)}`
}

function who(login: string): string {
  // In code, a login is not a mention: nobody is notified by the bot's record.
  return `\`${login}\``
}

function approvedBy(record: RevertRecord): string {
  return record.approvers.length === 0
    ? ', with no environment approval recorded'
    : `, approved by ${record.approvers.map(who).join(', ')}`
}

function run(record: RevertRecord): string[] {
  return record.runUrl === undefined ? [] : ['', `Workflow run: ${record.runUrl}`]
}
