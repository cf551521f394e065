/**
 * Microsoft Graph's documented throttling limits as token buckets, so the fake answers 429 the
 * way the service does: Conditional Access and named locations (1 request a second per tenant, 429
 * without Retry-After), signInActivity (10 requests a minute), the identity-and-access
 * resource-unit budget per app+tenant (sized by the tenant's user count) and the identity-and-
 * access reports limit (5 requests per 10 s). Limits run on a time scale so a benchmark of a large
 * tenant finishes in seconds while every limit keeps its proportions to the others.
 */
import { tooManyRequests, type GraphRequest, type GraphResponse } from './graph-response.ts'

export type LimitClassName = 'conditionalAccess' | 'signInActivity' | 'identityAndAccess' | 'reports'

export const LIMIT_CLASS_NAMES: readonly LimitClassName[] = [
  'conditionalAccess',
  'signInActivity',
  'identityAndAccess',
  'reports'
]

export interface BucketSpec {
  /** Tokens (requests, or resource units) the window grants. */
  readonly amount: number
  readonly windowMs: number
  /** The bucket's size: the largest burst. */
  readonly capacity: number
  /** Whether a 429 of this class carries Retry-After (Conditional Access's carry none). */
  readonly retryAfter: boolean
}

/** Resource units per 10 s for one app+tenant pair, by tenant size: S < 50 users ≤ M ≤ 500 < L. */
export function identityBudgetFor(tenantUsers: number): number {
  if (tenantUsers < 50) return 3500
  if (tenantUsers <= 500) return 5000
  return 8000
}

/** The documented limits; only the identity budget depends on the tenant. */
export function documentedLimits(tenantUsers: number): Record<LimitClassName, BucketSpec> {
  const budget = identityBudgetFor(tenantUsers)
  return {
    conditionalAccess: { amount: 1, windowMs: 1000, capacity: 1, retryAfter: false },
    signInActivity: { amount: 10, windowMs: 60_000, capacity: 10, retryAfter: true },
    identityAndAccess: { amount: budget, windowMs: 10_000, capacity: budget, retryAfter: true },
    reports: { amount: 5, windowMs: 10_000, capacity: 5, retryAfter: true }
  }
}

export interface Charge {
  readonly limitClass: LimitClassName
  /** Requests, or resource units for identityAndAccess. */
  readonly cost: number
}

const IDENTITY_PATHS = /^\/(users|groups|directoryObjects|organization|policies)(\/|$)/i

/**
 * Which limits a request counts against, and at what cost. Resource units: GET users costs 2, any
 * other identity GET 1; $select takes 1 off, $expand adds 1, $top under 20 takes 1 off; never below 1.
 */
export function chargesFor(request: Pick<GraphRequest, 'method' | 'path' | 'query'>): Charge[] {
  const charges: Charge[] = []
  const path = request.path
  if (/^\/identity\/conditionalAccess\//i.test(path))
    charges.push({ limitClass: 'conditionalAccess', cost: 1 })
  if (/^\/auditLogs\//i.test(path)) charges.push({ limitClass: 'reports', cost: 1 })
  const onUsers = /^\/users(\/|$)/i.test(path)
  const select = request.query.get('$select') ?? ''
  const filter = request.query.get('$filter') ?? ''
  if (onUsers && (/signInActivity/i.test(select) || /signInActivity/i.test(filter))) {
    charges.push({ limitClass: 'signInActivity', cost: 1 })
  }
  if (IDENTITY_PATHS.test(path)) {
    let units = onUsers ? 2 : 1
    if (request.method === 'GET') {
      if (request.query.has('$select')) units -= 1
      if (request.query.has('$expand')) units += 1
      const top = Number(request.query.get('$top') ?? Number.NaN)
      if (Number.isFinite(top) && top < 20) units -= 1
    }
    charges.push({ limitClass: 'identityAndAccess', cost: Math.max(1, units) })
  }
  return charges
}

class TokenBucket {
  private tokens: number
  private last: number
  readonly spec: BucketSpec

  constructor(spec: BucketSpec, now: number) {
    this.spec = spec
    this.tokens = spec.capacity
    this.last = now
  }

  /** Simulated ms until `cost` tokens are there (0: now). */
  shortfall(cost: number, now: number): number {
    this.refill(now)
    const missing = Math.min(cost, this.spec.capacity) - this.tokens
    return missing <= 0 ? 0 : (missing * this.spec.windowMs) / this.spec.amount
  }

  take(cost: number): void {
    this.tokens -= Math.min(cost, this.spec.capacity)
  }

  private refill(now: number): void {
    const earned = ((now - this.last) * this.spec.amount) / this.spec.windowMs
    this.tokens = Math.min(this.spec.capacity, this.tokens + earned)
    this.last = now
  }
}

export interface LimitDecision {
  /** Simulated ms since the limits started. */
  readonly at: number
  readonly method: string
  /** Decoded path and query, as fault rules see it. */
  readonly target: string
  readonly charges: readonly Charge[]
  readonly throttled: boolean
}

export interface ClassStats {
  admitted: number
  /** Tokens spent by admitted requests (resource units for identityAndAccess). */
  admittedCost: number
  throttled: number
}

export interface LimitStats {
  readonly requests: number
  readonly throttled: number
  readonly byClass: Readonly<Record<LimitClassName, Readonly<ClassStats>>>
}

/** The hook fake-cloud.ts calls for every Graph request, direct or inside a $batch. */
export interface GraphLimits {
  /** A 429 when a limit is spent, or undefined when the request may be served. */
  admit(request: GraphRequest): GraphResponse | undefined
  readonly specs: Readonly<Record<LimitClassName, BucketSpec>>
  /** Real ms per simulated ms. */
  readonly timeScale: number
  stats(): LimitStats
  readonly decisions: readonly LimitDecision[]
  /** Full buckets, no decisions, simulated time from zero: a new run against the same fake. */
  reset(): void
}

export interface GraphLimitsOptions {
  /** Users in the tenant: picks the identity budget. */
  readonly tenantUsers: number
  /** Real ms per simulated ms: 0.01 lets a 60 s window pass in 0.6 s. Default 1. */
  readonly timeScale?: number
  /** Replaces documented limits, e.g. a tighter one for a test. */
  readonly overrides?: Partial<Record<LimitClassName, BucketSpec>>
  /** Real time in ms (default performance.now). */
  readonly realNow?: () => number
}

export function createGraphLimits(options: GraphLimitsOptions): GraphLimits {
  const timeScale = options.timeScale ?? 1
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be positive; got ${timeScale}.`)
  const realNow = options.realNow ?? (() => performance.now())
  let start = realNow()
  const simulatedNow = (): number => (realNow() - start) / timeScale
  const specs = { ...documentedLimits(options.tenantUsers), ...options.overrides }
  const buckets = new Map<LimitClassName, TokenBucket>()
  const decisions: LimitDecision[] = []
  function reset(): void {
    start = realNow()
    for (const name of LIMIT_CLASS_NAMES) buckets.set(name, new TokenBucket(specs[name], 0))
    decisions.length = 0
  }
  reset()

  function bucket(name: LimitClassName): TokenBucket {
    const found = buckets.get(name)
    if (found === undefined) throw new Error(`No bucket for limit class '${name}'.`)
    return found
  }

  return {
    specs,
    timeScale,
    decisions,
    reset,
    admit(request) {
      const at = simulatedNow()
      const charges = chargesFor(request)
      let wait = 0
      let withoutRetryAfter = false
      for (const charge of charges) {
        const shortfall = bucket(charge.limitClass).shortfall(charge.cost, at)
        if (shortfall > 0) {
          wait = Math.max(wait, shortfall)
          if (!specs[charge.limitClass].retryAfter) withoutRetryAfter = true
        }
      }
      const throttled = wait > 0
      decisions.push({ at, method: request.method, target: request.target, charges, throttled })
      if (throttled) {
        // Graph sends whole seconds; a throttled request spends nothing.
        return tooManyRequests(request, withoutRetryAfter ? undefined : String(Math.ceil(wait / 1000)))
      }
      for (const charge of charges) bucket(charge.limitClass).take(charge.cost)
      return undefined
    },
    stats: () => statsOf(decisions)
  }
}

/** Real time as scaledClock reads and spends it: ms from performance.now(), sleeps on setTimeout. */
/** What a run's decisions add up to, per limit class: admitted (and their cost) and throttled. */
export function statsOf(decisions: readonly LimitDecision[]): LimitStats {
  const byClass = {} as Record<LimitClassName, ClassStats>
  for (const name of LIMIT_CLASS_NAMES) byClass[name] = { admitted: 0, admittedCost: 0, throttled: 0 }
  let throttled = 0
  for (const decision of decisions) {
    if (decision.throttled) throttled++
    for (const charge of decision.charges) {
      const stats = byClass[charge.limitClass]
      if (decision.throttled) stats.throttled++
      else {
        stats.admitted++
        stats.admittedCost += charge.cost
      }
    }
  }
  return { requests: decisions.length, throttled, byClass }
}

export interface RealTime {
  now(): number
  sleep(ms: number): Promise<void>
}

const realTime: RealTime = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * A clock for the clients that talk to a time-scaled fake: `now()` is simulated ms, a sleep of
 * `ms` simulated ms lasts `ms × timeScale` real ms. Structurally a src/graph Clock. `real` is the
 * time it scales (a test gives its own, so that nothing depends on how fast the machine is).
 */
export function scaledClock(
  timeScale: number,
  real: RealTime = realTime
): { now(): number; sleep(ms: number): Promise<void> } {
  const origin = Date.now()
  const start = real.now()
  return {
    now: () => origin + (real.now() - start) / timeScale,
    sleep: (ms) => real.sleep(Math.max(0, ms * timeScale))
  }
}
