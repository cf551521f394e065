import type { Clock } from './clock.js'

/**
 * A client-side token bucket for one documented Graph limit class, so that the collector runs at the
 * limit instead of provoking a storm of 429s (graph-reference §9). Time comes from the Clock, so a
 * benchmark's time-scaled clock paces at the scaled limit.
 */
export interface PacerLimit {
  /** Tokens per window: requests, or resource units for the identity-and-access budget. */
  readonly requests: number
  readonly windowMs: number
  /** How many tokens may be spent at once before pacing starts. */
  readonly burst: number
  /** Where Microsoft documents the limit. */
  readonly doc?: string
}

/** The lowest share of the documented rate a pacer drops to after repeated 429s. */
const MIN_SHARE = 1 / 8
/** The share of the documented rate won back for each recovery period that passes without a 429. */
const RECOVERY_STEP = 1 / 4
/**
 * The shortest recovery period: a limit's window, but never under 30 s, so that a class with a
 * window of a second (Conditional Access) does not win its rate back while it waits for one token.
 */
const MIN_RECOVERY_MS = 30_000
/**
 * How much longer than the documented window the ledger keeps what was spent: a fiftieth (1.2 s of a
 * minute). Requests leave here at least a window apart but reach Graph a round trip later, and round
 * trips vary: two sent exactly a window apart can arrive inside one window, and the 11th of "10 a
 * minute" is refused (issue 16's benchmark drew its only 429s so). The guard costs 2% of the rate.
 */
const WINDOW_GUARD_SHARE = 1 / 50

/**
 * One budget for one limit class, shared by every request of the run, retries included. A 429 of
 * the class halves its refill rate (down to an eighth of the documented rate) and holds every
 * request of the class until its Retry-After has passed; each window (at least 30 s) without a 429
 * then wins back a quarter of the documented rate, until the full rate is reached again. Whatever
 * the bucket allows, no window of the documented length (plus a guard for the round trip's jitter)
 * holds more than the documented number (the limits page's "N per W", read literally).
 */
export class Pacer {
  private tokens: number
  private lastRefill: number
  private queue: Promise<void> = Promise.resolve()
  private readonly limit: PacerLimit
  private readonly clock: Clock
  /** The share of the documented rate in use: 1 until Graph answers 429. */
  private currentShare = 1
  /** When the share was last lowered or raised (clock ms). */
  private shareChangedAt: number
  /** No token is given before this time (clock ms): the last Retry-After of the class. */
  private pausedUntil = 0
  /**
   * What was spent in the last window, oldest first: the bucket alone lets a full burst and a
   * window's refill through in one window, while Microsoft states each limit as at most so many in
   * any window ("10 requests per minute"), which this ledger keeps.
   */
  private readonly spentAt: number[] = []
  private readonly spentCost: number[] = []
  private spentHead = 0
  private spentInWindow = 0

  constructor(limit: PacerLimit, clock: Clock) {
    this.limit = limit
    this.clock = clock
    this.tokens = limit.burst
    this.lastRefill = clock.now()
    this.shareChangedAt = this.lastRefill
  }

  /** The share of the documented rate the pacer runs at now (1: the documented rate). */
  get share(): number {
    this.refill()
    return this.currentShare
  }

  /**
   * Resolves when a request costing `cost` tokens may be sent. Callers are served in order. A cost
   * above the burst is charged as the burst, so it waits for a full bucket instead of forever.
   */
  acquire(cost = 1): Promise<void> {
    const turn = this.queue.then(() => this.takeTokens(Math.min(cost, this.limit.burst)))
    this.queue = turn
    return turn
  }

  /**
   * Graph answered 429 to a request of this class: the bucket refills at half the pace it did, and
   * no request of the class goes before `retryAfterMs` (when Graph gave one) has passed. The tokens
   * left are kept: Graph's Retry-After says when it takes requests again, and it is believed.
   */
  throttled(retryAfterMs?: number): void {
    this.refill()
    const now = this.clock.now()
    this.currentShare = Math.max(MIN_SHARE, this.currentShare / 2)
    this.shareChangedAt = now
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(0, retryAfterMs ?? 0))
    this.lastRefill = Math.max(this.lastRefill, this.pausedUntil)
  }

  private async takeTokens(cost: number): Promise<void> {
    for (;;) {
      this.refill()
      const now = this.clock.now()
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now)
        continue
      }
      if (this.tokens + 1e-9 < cost) {
        const msPerToken = this.limit.windowMs / (this.limit.requests * this.currentShare)
        await this.clock.sleep(Math.max(1, (cost - this.tokens) * msPerToken))
        continue
      }
      const windowOpensAt = this.windowRoomAt(now, cost)
      if (windowOpensAt <= now) break
      await this.clock.sleep(Math.max(1, windowOpensAt - now))
    }
    this.tokens = Math.max(0, this.tokens - cost)
    this.spentAt.push(this.clock.now())
    this.spentCost.push(cost)
    this.spentInWindow += cost
  }

  /** When `cost` more fits in the sliding window: now, or when enough of what was spent leaves it. */
  private windowRoomAt(now: number, cost: number): number {
    const window = this.limit.windowMs * (1 + WINDOW_GUARD_SHARE)
    while (this.spentHead < this.spentAt.length && (this.spentAt[this.spentHead] as number) <= now - window) {
      this.spentInWindow -= this.spentCost[this.spentHead] as number
      this.spentHead += 1
    }
    if (this.spentHead > 1024 && this.spentHead * 2 > this.spentAt.length) {
      this.spentAt.splice(0, this.spentHead)
      this.spentCost.splice(0, this.spentHead)
      this.spentHead = 0
    }
    // A cost above the whole window's allowance is charged as that allowance, as the bucket charges the burst.
    let excess = this.spentInWindow + Math.min(cost, this.limit.requests) - this.limit.requests
    if (excess <= 1e-9) return now
    for (let index = this.spentHead; index < this.spentAt.length; index += 1) {
      excess -= this.spentCost[index] as number
      if (excess <= 1e-9) return (this.spentAt[index] as number) + window
    }
    return now + window
  }

  private refill(): void {
    const now = this.clock.now()
    if (now > this.lastRefill) {
      const earned = ((now - this.lastRefill) * this.limit.requests * this.currentShare) / this.limit.windowMs
      this.tokens = Math.min(this.limit.burst, this.tokens + earned)
      this.lastRefill = now
    }
    if (this.currentShare < 1) {
      const period = Math.max(this.limit.windowMs, MIN_RECOVERY_MS)
      const since = Math.max(this.shareChangedAt, this.pausedUntil)
      const periods = Math.floor((now - since) / period)
      if (periods > 0) {
        this.currentShare = Math.min(1, this.currentShare + periods * RECOVERY_STEP)
        this.shareChangedAt = since + periods * period
      }
    }
  }
}

/** Graph's documented limit classes this collector paces itself for. */
export type LimitClass = 'conditionalAccess' | 'signInActivity' | 'identityAndAccess' | 'reports'

const THROTTLING_LIMITS = 'https://learn.microsoft.com/graph/throttling-limits'

/**
 * Every limit this collector paces itself for, in one table, each with the page that documents it
 * (Microsoft Graph service-specific throttling limits).
 */
export const DOCUMENTED_LIMITS: Readonly<Record<LimitClass, PacerLimit>> = {
  // "Identity protection and conditional access: 1 request per second per tenant", 429s without Retry-After.
  conditionalAccess: {
    requests: 1,
    windowMs: 1000,
    burst: 1,
    doc: `${THROTTLING_LIMITS}#identity-protection-and-conditional-access-service-limits`
  },
  // "GET signInActivity: 10 requests per minute" (identity and access reports). Half the minute's
  // allowance as burst: the service's bucket keeps the other half as slack, so requests that reach
  // it a little closer together than they left here (network jitter) still find a token.
  signInActivity: {
    requests: 10,
    windowMs: 60_000,
    burst: 5,
    doc: `${THROTTLING_LIMITS}#identity-and-access-reports-service-limits`
  },
  // Identity and access, per app+tenant pair: 3,500 resource units per 10 s for the smallest tenants
  // (5,000 and 8,000 for larger ones). The tenant's size is unknown before its users are counted,
  // so the smallest budget is the one that never overruns.
  identityAndAccess: {
    requests: 3500,
    windowMs: 10_000,
    burst: 3500,
    doc: `${THROTTLING_LIMITS}#identity-and-access-service-limits`
  },
  // "Identity and access reports: 5 requests per 10 seconds per app per tenant" (the audit log,
  // auditLogs/directoryAudits). Three at once: like signInActivity, the service's bucket keeps the
  // rest as slack for requests that reach it a little closer together than they left here.
  reports: {
    requests: 5,
    windowMs: 10_000,
    burst: 3,
    doc: `${THROTTLING_LIMITS}#identity-and-access-reports-service-limits`
  }
}

const IDENTITY_PATHS = /^\/(users|groups|directoryObjects|organization|policies)(\/|$)/i

/**
 * What a GET costs against the identity-and-access budget, in resource units, or undefined when the
 * path is outside it (Conditional Access, SharePoint, ...). Documented costs: GET users 2, any other
 * identity GET 1; $select takes 1 off, $expand adds 1, $top under 20 takes 1 off; never below 1.
 * `path` is relative to the version root or an absolute nextLink.
 */
export function resourceUnitCost(path: string): number | undefined {
  const url = new URL(path, 'https://graph.invalid/v1.0/')
  const relative = url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '')
  if (!IDENTITY_PATHS.test(decodeURIComponent(relative))) return undefined
  let units = /^\/users(\/|$)/i.test(relative) ? 2 : 1
  if (url.searchParams.has('$select')) units -= 1
  if (url.searchParams.has('$expand')) units += 1
  const top = Number(url.searchParams.get('$top') ?? Number.NaN)
  if (Number.isFinite(top) && top < 20) units -= 1
  return Math.max(1, units)
}
