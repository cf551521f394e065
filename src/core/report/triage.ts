import type { Severity } from '../model/finding.js'

/** Severities that can open an issue (as issue-plan's IssueSeverity). */
type IssueSeverity = Exclude<Severity, 'info'>
import type { OwnersMap, TierLookup } from './owners.js'

/**
 * What an issue needs beyond the findings to be where triage happens: links to the evidence, the
 * open accept-drift pull request, owners and response times, and the clock. All optional: without
 * it, an issue body is the pure function of the findings it always was.
 */
export interface TriageContext {
  /** The injected clock (ISO 8601): due dates and the ignore entry's expiry are counted from it. */
  readonly now: string
  /** The workflow run (server URL, so GitHub Enterprise Server works), with its attempt. */
  readonly runUrl?: string | undefined
  /** The report artifact; the run page (which lists artifacts) when the artifact id is not known. */
  readonly artifactUrl?: string | undefined
  /** `${server}/${repo}/blob/${sha}/${baselinePath}`: a baseline line is this plus `#L<line>`. */
  readonly baselineUrl?: string | undefined
  /** The baseline file's text at that commit: lines are found the way the pull-request check finds them. */
  readonly baselineText?: string | undefined
  /** The open accept-drift pull request, when there is one. */
  readonly acceptPullRequest?: { readonly number: number } | undefined
  readonly responseTimes: ResponseTimes
  readonly owners?: OwnersMap | undefined
  /** Partner tier lookup (issue 17); undefined until tiers exist, and then a tier entry matches nothing. */
  readonly tierOf?: TierLookup | undefined
}

/** Hours to respond, per severity; absent = no due date. */
export type ResponseTimes = Partial<Record<IssueSeverity, number>>

export const DEFAULT_RESPONSE_TIMES: ResponseTimes = {
  critical: 24,
  high: 7 * 24,
  medium: 30 * 24,
  low: 90 * 24
}

export const OVERDUE_LABEL = 'overdue'

/**
 * `critical=1d,high=7d,medium=30d` (units: `h` hours, `d` days, `w` weeks; `none` for no due date).
 * Severities not named keep their default. Throws an Error naming the bad part.
 */
export function parseResponseTimes(text: string): ResponseTimes {
  const times: Record<string, number | undefined> = { ...DEFAULT_RESPONSE_TIMES }
  for (const part of text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')) {
    const match = /^(critical|high|medium|low)\s*=\s*(?:(\d{1,4})\s*([hdw])|(none))$/i.exec(part)
    if (match === null) {
      throw new Error(
        `'${part}' is not a response time: write severity=duration, e.g. critical=1d,high=7d (units h, d, w; or none)`
      )
    }
    const severity = (match[1] ?? '').toLowerCase()
    if (match[4] !== undefined) {
      times[severity] = undefined
      continue
    }
    const unit = (match[3] ?? 'd').toLowerCase()
    times[severity] = Number(match[2]) * (unit === 'h' ? 1 : unit === 'd' ? 24 : 168)
  }
  const result: Record<string, number> = {}
  for (const [severity, hours] of Object.entries(times)) if (hours !== undefined) result[severity] = hours
  return result as ResponseTimes
}

/** When a drift of `severity` opened at `openedAt` is due (ISO 8601), or undefined when it has no response time. */
export function dueDate(openedAt: string, severity: IssueSeverity, times: ResponseTimes): string | undefined {
  const hours = times[severity]
  const opened = Date.parse(openedAt)
  if (hours === undefined || Number.isNaN(opened)) return undefined
  return new Date(opened + hours * 3_600_000).toISOString()
}

export function isOverdue(due: string | undefined, now: string): boolean {
  return due !== undefined && Date.parse(now) > Date.parse(due)
}

/** `1 day`, `7 days`, `12 hours`. */
export function durationText(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`
  return hours === 1 ? '1 hour' : `${hours} hours`
}
