import type { Clock } from './clock.js'

/**
 * A client-side token bucket for one documented Graph limit class, so that the collector runs at the
 * limit instead of provoking a storm of 429s (graph-reference §9).
 */
export interface PacerLimit {
  /** Requests allowed per window. */
  readonly requests: number
  readonly windowMs: number
  /** How many may go at once before pacing starts. */
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

  /** Resolves when one more request of this class may be sent. Callers are served in order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.takeToken())
    this.queue = turn
    return turn
  }

  private async takeToken(): Promise<void> {
    this.refill()
    if (this.tokens < 1) {
      const msPerToken = this.limit.windowMs / this.limit.requests
      await this.clock.sleep((1 - this.tokens) * msPerToken)
      this.refill()
    }
    this.tokens = Math.max(0, this.tokens - 1)
  }

  private refill(): void {
    const now = this.clock.now()
    const earned = ((now - this.lastRefill) * this.limit.requests) / this.limit.windowMs
    this.tokens = Math.min(this.limit.burst, this.tokens + earned)
    this.lastRefill = now
  }
}

/** Graph's documented limit classes this collector paces itself for. */
export type LimitClass = 'conditionalAccess' | 'signInActivity'

export const DOCUMENTED_LIMITS: Readonly<Record<LimitClass, PacerLimit>> = {
  // "Identity protection and conditional access: 1 request per second per tenant", 429s without Retry-After.
  conditionalAccess: { requests: 1, windowMs: 1000, burst: 1 },
  // "GET signInActivity: 10 requests per minute" (identity and access reports).
  signInActivity: { requests: 10, windowMs: 60_000, burst: 2 }
}
