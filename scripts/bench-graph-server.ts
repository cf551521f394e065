/**
 * The simulated Microsoft Graph of `npm run bench`, in a process of its own as the real service is
 * on machines of its own: the fake's user generation (a quarter of a million users per scan) must
 * not count against the collector's memory. Started by scripts/bench.ts with one tier; talks over
 * the IPC channel. Two fakes share the tenant: `timed` (latency, documented limits on the time
 * scale) for measured runs, `warm` (neither) for the untimed warm-up.
 */
import { startFakeCloud } from '../__tests__/fakes/fake-cloud.ts'
import {
  chargesFor,
  createGraphLimits,
  documentedLimits,
  LIMIT_CLASS_NAMES,
  statsOf,
  type GraphLimits,
  type LimitClassName,
  type LimitDecision
} from '../__tests__/fakes/graph-limits.ts'
import { largeTenant } from '../__tests__/fakes/simulated-tenant.ts'
import { longestPageChain } from '../__tests__/bench/bench-metrics.ts'
import { createIndependentLimiter, type IndependentLimiter } from './bench-independent-limits.ts'

export interface GraphServerConfig {
  readonly partners: number
  readonly caPolicies: number
  readonly guests: number
  readonly staleRatio: number
  /** ISO 8601: the simulated tenant's "now". */
  readonly now: string
  readonly latencyMs: number
  readonly timeScale: number
  /**
   * Which limits answer 429 in the timed fake: `independent` (bench-independent-limits.ts, written
   * from Microsoft's page apart from the client's model; the default) or `model` (the test fake's
   * token buckets, graph-limits.ts, which share the client's model of the limits).
   */
  readonly limiter: 'independent' | 'model'
  /** The independent limiter's stricter reading: a signInActivity page counts as a report request too. */
  readonly strictReports: boolean
}

export type GraphServerMessage =
  | {
      readonly type: 'ready'
      readonly timedUrl: string
      readonly warmUrl: string
      readonly tenantId: string
      readonly clientId: string
      readonly clientSecret: string
    }
  | { readonly type: 'report'; readonly report: GraphServerReport }

export interface GraphServerReport {
  /** HTTP requests to Graph since the last reset (a $batch counts once). */
  readonly httpRequests: number
  /** Graph reads, batch items counted one by one. */
  readonly graphReads: number
  readonly throttled: number
  /** Which limiter answered (see GraphServerConfig.limiter). */
  readonly limiter: 'independent' | 'model'
  /** Requests refused per limit (independent limiter: 'signInActivity (app+tenant)', ...). */
  readonly refusedBy: Record<string, number>
  readonly spent: Record<LimitClassName, number>
  readonly specs: ReturnType<typeof createGraphLimits>['specs']
  readonly pageChain: number
  readonly maxRssBytes: number
}

const config = JSON.parse(process.argv[2] ?? '{}') as GraphServerConfig
const tenant = largeTenant({
  partners: config.partners,
  caPolicies: config.caPolicies,
  guests: config.guests,
  staleRatio: config.staleRatio,
  now: new Date(config.now)
})
const independent = createIndependentLimiter({
  tenantUsers: tenant.users.size,
  timeScale: config.timeScale,
  signInActivityAlsoAny: config.strictReports
})
const limits =
  config.limiter === 'model'
    ? createGraphLimits({ tenantUsers: tenant.users.size, timeScale: config.timeScale })
    : answeredBy(independent, tenant.users.size)
const timed = await startFakeCloud({ tenant, latencyMs: config.latencyMs, limits })
const warm = await startFakeCloud({ tenant })

/**
 * The independent limiter as the fake's GraphLimits hook: it alone decides 429s. What the admitted
 * requests spent per limit class of the model (graph-limits.ts chargesFor) is still counted, for the
 * floor and projection arithmetic of bench-metrics.ts, which states its limits in those classes.
 */
function answeredBy(limiter: IndependentLimiter, tenantUsers: number): GraphLimits {
  const decisions: LimitDecision[] = []
  return {
    specs: documentedLimits(tenantUsers),
    timeScale: config.timeScale,
    decisions,
    admit(request) {
      const answer = limiter.admit(request)
      const decided = limiter.decisions[limiter.decisions.length - 1]
      decisions.push({
        at: decided?.at ?? 0,
        method: request.method,
        target: request.target,
        charges: chargesFor(request),
        throttled: answer !== undefined
      })
      return answer
    },
    stats: () => statsOf(decisions),
    reset() {
      limiter.reset()
      decisions.length = 0
    }
  }
}

function report(): GraphServerReport {
  const stats = limits.stats()
  const spent = {} as Record<LimitClassName, number>
  for (const name of LIMIT_CLASS_NAMES) spent[name] = stats.byClass[name].admittedCost
  return {
    httpRequests: timed.requests.filter(
      (request) => request.batchId === undefined && request.path.startsWith('/v1.0/')
    ).length,
    graphReads: timed.graphRequests().length,
    throttled: stats.throttled,
    limiter: config.limiter,
    refusedBy: config.limiter === 'model' ? {} : independent.refusals(),
    spent,
    specs: limits.specs,
    pageChain: longestPageChain(limits.decisions),
    maxRssBytes: process.resourceUsage().maxRSS * 1024
  }
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'reset') {
    limits.reset()
    timed.requests.length = 0
    process.send?.({ type: 'reset' })
  } else if (message.type === 'report') {
    process.send?.({ type: 'report', report: report() } satisfies GraphServerMessage)
  } else if (message.type === 'close') {
    void Promise.all([timed.close(), warm.close()]).then(() => process.exit(0))
  }
})
process.on('disconnect', () => process.exit(0))
process.send?.({
  type: 'ready',
  timedUrl: timed.url,
  warmUrl: warm.url,
  tenantId: tenant.tenantId,
  clientId: timed.clientId,
  clientSecret: timed.clientSecret
} satisfies GraphServerMessage)
