/**
 * An independent reading of Microsoft Graph's documented throttling limits, for `npm run bench`.
 *
 * Written from the page "Microsoft Graph service-specific throttling limits"
 * (https://learn.microsoft.com/graph/throttling-limits, the version Microsoft last changed in
 * February 2026), not from src/graph/pacer.ts (the client's model of the limits) nor from
 * __tests__/fakes/graph-limits.ts (the test fake's token buckets, which share that model): the
 * benchmark's 429 share is only worth something against limits the client did not write itself.
 * It imports neither.
 *
 * Reading: each limit "N per W" is taken literally, as at most N requests (or resource units)
 * admitted in ANY window of length W (a sliding window). That is stricter than a token bucket of N
 * refilled over W, which lets a client spend N at once and N more within the same W. A request over
 * any limit is answered 429 and spends nothing, as the page says: "Only the requests exceeding the
 * limits are throttled."
 *
 * Limits, with their scope as the page states it:
 * - every request: 130,000 requests per 10 s per app across all tenants (global limits);
 * - identity and access reports (auditLogs: directoryAudits, signIns, ...; and signInActivity):
 *   "Any: 122 requests per 10 seconds" per app for all tenants, "Five requests per 10 seconds"
 *   per app per tenant; "GET signInActivity: 10 requests per minute", both per app for all tenants
 *   AND per app per tenant;
 * - identity and access (users, groups, applications, servicePrincipals, organization, policies,
 *   ...): resource units, 3,500 / 5,000 / 8,000 per 10 s per application+tenant pair for tenants of
 *   under 50 / 50 to 500 / over 500 users, and 150,000 per 20 s per application; costs from the
 *   page's table (GET users 2, GET applications 2, GET groups/{id}/members 3, ...; any other identity
 *   GET 1; $select -1, $expand +1, $top under 20 -1; never below 1);
 * - identity protection and conditional access (conditionalAccess policies, named locations, risk):
 *   "One request per second" per tenant for all apps, 429 without Retry-After.
 *
 * [UNVERIFIED] Whether a GET signInActivity also counts against the reports "Any" row (5 per 10 s
 * per app per tenant, 122 per app): the table gives it a row of its own, which reads as the limit
 * for that request type (the default here, `signInActivityAlsoAny: false`), but the page also lists
 * signInActivity among the section's resources, so `signInActivityAlsoAny: true` counts it against
 * both (stricter: no more than five pages in any 10 s). Whether a `$batch` envelope counts against the global limit: the
 * page says nothing; its items do (throttling.md: each request in a batch is evaluated against the
 * limits), and only items are charged here.
 */
import { tooManyRequests, type GraphRequest, type GraphResponse } from '../__tests__/fakes/graph-response.ts'

/** Who a limit counts for: one app everywhere, one app in one tenant, or one tenant for every app. */
export type LimitScope = 'app' | 'app+tenant' | 'tenant'

export interface IndependentLimit {
  readonly name: string
  readonly scope: LimitScope
  /** Requests, or resource units where `unit` says so, admitted in any window of `windowMs`. */
  readonly amount: number
  readonly windowMs: number
  readonly unit: 'requests' | 'resource units'
  /** Whether a 429 of this limit carries Retry-After (Conditional Access's carry none). */
  readonly retryAfter: boolean
}

/** The application+tenant resource-unit quota by the tenant's number of users: S, M or L. */
export function identityQuota(tenantUsers: number): number {
  // "S - under 50 users, M - between 50 and 500 users, and L - above 500 users."
  if (tenantUsers < 50) return 3500
  if (tenantUsers <= 500) return 5000
  return 8000
}

/** Every limit this reading enforces, for a tenant of `tenantUsers` users. */
export function independentLimits(tenantUsers: number): readonly IndependentLimit[] {
  return [
    limit('global', 'app', 130_000, 10_000),
    limit('reports', 'app', 122, 10_000),
    limit('reports', 'app+tenant', 5, 10_000),
    limit('signInActivity', 'app', 10, 60_000),
    limit('signInActivity', 'app+tenant', 10, 60_000),
    { ...limit('identity', 'app+tenant', identityQuota(tenantUsers), 10_000), unit: 'resource units' },
    { ...limit('identity', 'app', 150_000, 20_000), unit: 'resource units' },
    { ...limit('conditionalAccess', 'tenant', 1, 1000), retryAfter: false }
  ]
}

function limit(family: string, scope: LimitScope, amount: number, windowMs: number): IndependentLimit {
  return { name: `${family} (${scope})`, scope, amount, windowMs, unit: 'requests', retryAfter: true }
}

/** The limit families a request falls under, each with its cost. */
export function familiesOf(
  request: Pick<GraphRequest, 'method' | 'path' | 'query'>,
  signInActivityAlsoAny = false
): Map<string, number> {
  const families = new Map<string, number>([['global', 1]])
  const segments = request.path.split('/').filter((segment) => segment !== '')
  const first = (segments[0] ?? '').toLowerCase()
  const names = (parameter: string) => (request.query.get(parameter) ?? '').toLowerCase()
  if (first === 'auditlogs' || first === 'reports') families.set('reports', 1)
  if (
    request.method === 'GET' &&
    first === 'users' &&
    (names('$select').includes('signinactivity') || names('$filter').includes('signinactivity'))
  ) {
    families.set('signInActivity', 1)
    if (signInActivityAlsoAny) families.set('reports', 1)
  }
  if (first === 'identity' && (segments[1] ?? '').toLowerCase() === 'conditionalaccess') {
    families.set('conditionalAccess', 1)
  }
  if (first === 'identityprotection' || first === 'riskyusers' || first === 'riskdetections') {
    families.set('conditionalAccess', 1)
  }
  if (IDENTITY_RESOURCES.has(first)) families.set('identity', resourceUnits(request, segments))
  return families
}

/** First path segments of the resources the identity-and-access limits list. */
const IDENTITY_RESOURCES = new Set([
  'applications',
  'contacts',
  'contracts',
  'devices',
  'directoryobjects',
  'directoryroles',
  'directoryroletemplates',
  'domains',
  'groups',
  'groupsettings',
  'groupsettingtemplates',
  'oauth2permissiongrants',
  'organization',
  'policies',
  'serviceprincipals',
  'subscribedskus',
  'users'
])

/** Base costs of GETs the page lists by path ({id} is any one segment); any other identity GET is 1. */
const BASE_COSTS: readonly [RegExp, number][] = [
  [/^applications$/i, 2],
  [/^applications\/[^/]+\/extensionProperties$/i, 2],
  [/^contracts$/i, 3],
  [/^domains\/[^/]+\/domainNameReferences$/i, 4],
  [/^groups\/[^/]+\/members$/i, 3],
  [/^groups\/[^/]+\/transitiveMembers$/i, 5],
  [/^oauth2PermissionGrants(\/[^/]+)?$/i, 2],
  [/^servicePrincipals\/[^/]+\/appRoleAssignments$/i, 2],
  [/^subscribedSkus$/i, 3],
  [/^users$/i, 2],
  // "Any request cost that applies to a request path starting with me/ also applies to ... users/{id}/".
  [/^users\/[^/]+\/(licenseDetails|memberOf|ownedObjects|transitiveMemberOf)$/i, 2]
]

function resourceUnits(request: Pick<GraphRequest, 'method' | 'query'>, segments: readonly string[]): number {
  const path = segments.join('/')
  let cost = 1
  if (request.method === 'GET') {
    for (const [pattern, base] of BASE_COSTS) {
      if (pattern.test(path)) {
        cost = base
        break
      }
    }
  }
  if (request.query.has('$select')) cost -= 1
  if (request.query.has('$expand')) cost += 1
  const top = Number(request.query.get('$top') ?? Number.NaN)
  if (Number.isFinite(top) && top < 20) cost -= 1
  return Math.max(1, cost)
}

/** One limit's admitted requests in its current window, oldest first, and their total. */
class SlidingWindow {
  private readonly times: number[] = []
  private readonly costs: number[] = []
  private head = 0
  private total = 0
  readonly limit: IndependentLimit

  constructor(limit: IndependentLimit) {
    this.limit = limit
  }

  /** Simulated ms until `cost` fits (0: it fits now). */
  wait(cost: number, now: number): number {
    this.expire(now)
    let excess = this.total + cost - this.limit.amount
    if (excess <= 0) return 0
    // The oldest entries must leave the window (at their time + windowMs) until the cost fits.
    for (let index = this.head; index < this.times.length; index++) {
      excess -= this.costs[index] ?? 0
      if (excess <= 0) return (this.times[index] ?? now) + this.limit.windowMs - now
    }
    // A single request costlier than the whole limit never fits; say one window.
    return this.limit.windowMs
  }

  add(cost: number, now: number): void {
    this.times.push(now)
    this.costs.push(cost)
    this.total += cost
  }

  private expire(now: number): void {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - this.limit.windowMs) {
      this.total -= this.costs[this.head] ?? 0
      this.head++
    }
    if (this.head > 4096) {
      this.times.splice(0, this.head)
      this.costs.splice(0, this.head)
      this.head = 0
    }
  }
}

export interface IndependentDecision {
  /** Simulated ms since the limiter started. */
  readonly at: number
  readonly method: string
  readonly target: string
  /** The limit that refused the request, or undefined when it was admitted. */
  readonly refusedBy: string | undefined
}

export interface IndependentLimiter {
  readonly limits: readonly IndependentLimit[]
  /**
   * A 429 when admitting the request would exceed a limit, or undefined (the request is admitted
   * and counted). `app` and `tenant` name who is asking; one app and one tenant by default.
   */
  admit(request: GraphRequest, who?: { app: string; tenant: string }): GraphResponse | undefined
  readonly decisions: readonly IndependentDecision[]
  /** Refused requests per limit name. */
  refusals(): Record<string, number>
  /** Empty windows, no decisions, simulated time from zero. */
  reset(): void
}

export interface IndependentLimiterOptions {
  readonly tenantUsers: number
  /** Real ms per simulated ms (0.01: a 60 s window passes in 0.6 s). Default 1. */
  readonly timeScale?: number
  /** Real time in ms (default performance.now). */
  readonly realNow?: () => number
  /** Count a GET signInActivity against the reports "Any" row too (see the [UNVERIFIED] above). */
  readonly signInActivityAlsoAny?: boolean
}

export function createIndependentLimiter(options: IndependentLimiterOptions): IndependentLimiter {
  const timeScale = options.timeScale ?? 1
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be positive; got ${timeScale}.`)
  const realNow = options.realNow ?? (() => performance.now())
  const limits = independentLimits(options.tenantUsers)
  let start = realNow()
  let windows = new Map<string, SlidingWindow>()
  const decisions: IndependentDecision[] = []

  function windowFor(limit: IndependentLimit, who: { app: string; tenant: string }): SlidingWindow {
    const owner =
      limit.scope === 'app' ? who.app : limit.scope === 'tenant' ? who.tenant : `${who.app}|${who.tenant}`
    const key = `${limit.name}|${owner}`
    let found = windows.get(key)
    if (found === undefined) {
      found = new SlidingWindow(limit)
      windows.set(key, found)
    }
    return found
  }

  return {
    limits,
    decisions,
    admit(request, who = { app: 'app', tenant: 'tenant' }) {
      const now = (realNow() - start) / timeScale
      const families = familiesOf(request, options.signInActivityAlsoAny ?? false)
      let wait = 0
      let refusedBy: IndependentLimit | undefined
      let silent = false
      const charged: [SlidingWindow, number][] = []
      for (const limit of limits) {
        const family = limit.name.slice(0, limit.name.indexOf(' ('))
        const cost = families.get(family)
        if (cost === undefined) continue
        const window = windowFor(limit, who)
        charged.push([window, cost])
        const needed = window.wait(cost, now)
        if (needed <= 0) continue
        if (!limit.retryAfter) silent = true
        if (refusedBy === undefined || needed > wait) refusedBy = limit
        wait = Math.max(wait, needed)
      }
      decisions.push({ at: now, method: request.method, target: request.target, refusedBy: refusedBy?.name })
      if (refusedBy !== undefined) {
        // Graph sends Retry-After in whole seconds; Conditional Access sends none.
        return tooManyRequests(request, silent ? undefined : String(Math.max(1, Math.ceil(wait / 1000))))
      }
      for (const [window, cost] of charged) window.add(cost, now)
      return undefined
    },
    refusals() {
      const counts: Record<string, number> = {}
      for (const decision of decisions) {
        if (decision.refusedBy !== undefined)
          counts[decision.refusedBy] = (counts[decision.refusedBy] ?? 0) + 1
      }
      return counts
    },
    reset() {
      start = realNow()
      windows = new Map()
      decisions.length = 0
    }
  }
}
