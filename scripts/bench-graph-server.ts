/**
 * The simulated Microsoft Graph of `npm run bench`, in a process of its own as the real service is
 * on machines of its own: the fake's user generation (a quarter of a million users per scan) must
 * not count against the collector's memory. Started by scripts/bench.ts with one tier; talks over
 * the IPC channel. Two fakes share the tenant: `timed` (latency, documented limits on the time
 * scale) for measured runs, `warm` (neither) for the untimed warm-up.
 */
import { startFakeCloud } from '../__tests__/fakes/fake-cloud.ts'
import { createGraphLimits, LIMIT_CLASS_NAMES, type LimitClassName } from '../__tests__/fakes/graph-limits.ts'
import { largeTenant } from '../__tests__/fakes/simulated-tenant.ts'
import { longestPageChain } from '../__tests__/bench/bench-metrics.ts'

export interface GraphServerConfig {
  readonly partners: number
  readonly caPolicies: number
  readonly guests: number
  readonly staleRatio: number
  /** ISO 8601: the simulated tenant's "now". */
  readonly now: string
  readonly latencyMs: number
  readonly timeScale: number
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
const limits = createGraphLimits({ tenantUsers: tenant.users.size, timeScale: config.timeScale })
const timed = await startFakeCloud({ tenant, latencyMs: config.latencyMs, limits })
const warm = await startFakeCloud({ tenant })

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
