/**
 * When and how long to wait before asking Graph again. Graph's guidance: honour Retry-After (seconds,
 * possibly fractional, or an HTTP date); without it back off exponentially. Conditional Access and
 * named locations answer 429 with no Retry-After at all, so the exponential path is a real one.
 */

const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status)
}

/** Retry-After in milliseconds, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined
  const seconds = Number(value.trim())
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}

export interface BackoffOptions {
  readonly baseMs: number
  readonly maxMs: number
  /** Returns a number in [0, 1); injectable so tests are deterministic. */
  readonly random: () => number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, random: Math.random }

/**
 * "Equal jitter" exponential backoff: half the exponential step is kept, half is random, so retries
 * from many clients spread out yet none retries immediately.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1))
  return exponential / 2 + options.random() * (exponential / 2)
}
