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
}

export class Pacer {
  private tokens: number
  private lastRefill: number
  private queue: Promise<void> = Promise.resolve()
  private readonly limit: PacerLimit
  private readonly clock: Clock

  constructor(limit: PacerLimit, clock: Clock) {
    this.limit = limit
    this.clock = clock
    this.tokens = limit.burst
    this.lastRefill = clock.now()
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

  private async takeTokens(cost: number): Promise<void> {
    this.refill()
    if (this.tokens < cost) {
      const msPerToken = this.limit.windowMs / this.limit.requests
      await this.clock.sleep((cost - this.tokens) * msPerToken)
      this.refill()
    }
    this.tokens = Math.max(0, this.tokens - cost)
  }

  private refill(): void {
    const now = this.clock.now()
    const earned = ((now - this.lastRefill) * this.limit.requests) / this.limit.windowMs
    this.tokens = Math.min(this.limit.burst, this.tokens + earned)
    this.lastRefill = now
  }
}

/** Graph's documented limit classes this collector paces itself for. */
export type LimitClass = 'conditionalAccess' | 'signInActivity' | 'identityAndAccess' | 'reports'

export const DOCUMENTED_LIMITS: Readonly<Record<LimitClass, PacerLimit>> = {
  // "Identity protection and conditional access: 1 request per second per tenant", 429s without Retry-After.
  conditionalAccess: { requests: 1, windowMs: 1000, burst: 1 },
  // "GET signInActivity: 10 requests per minute" (identity and access reports). Half the minute's
  // allowance as burst: the service's bucket keeps the other half as slack, so requests that reach
  // it a little closer together than they left here (network jitter) still find a token.
  signInActivity: { requests: 10, windowMs: 60_000, burst: 5 },
  // Identity and access, per app+tenant pair: 3,500 resource units per 10 s for the smallest tenants
  // (5,000 and 8,000 for larger ones). The tenant's size is unknown before its users are counted,
  // so the smallest budget is the one that never overruns.
  identityAndAccess: { requests: 3500, windowMs: 10_000, burst: 3500 },
  // "Identity and access reports: 5 requests per 10 seconds per app per tenant" (the audit log,
  // auditLogs/directoryAudits). Three at once: like signInActivity, the service's bucket keeps the
  // rest as slack for requests that reach it a little closer together than they left here.
  reports: { requests: 5, windowMs: 10_000, burst: 3 }
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
