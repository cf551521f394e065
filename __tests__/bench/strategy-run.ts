/**
 * One collection of a simulated tenant through the real Graph layer, by either strategy: the
 * project's collector (batching, pacing, stale guests by listing every guest) or the naive reference
 * (one request at a time, SDK-style retries, every resource on its own). Shared by `npm run bench`
 * (whose fake runs in a process of its own) and the equivalence test (whose fake runs in-process).
 */
import { ClientSecretCredential } from '@azure/identity'
import { collectSnapshot, type Collection } from '../../src/collectors/collect.js'
import { openDirectGraphSession } from './direct-graph-reader.js'
import type { GraphReader, ReaderStats } from '../../src/graph/graph-reader.js'
import { openGraphSession } from '../../src/graph/graph-session.js'
import { startFakeCloud, trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { createGraphLimits, scaledClock, type GraphLimits } from '../fakes/graph-limits.ts'
import type { SimulatedTenant } from '../fakes/simulated-tenant.ts'
import { NAIVE_COLLECTORS } from './naive-collectors.ts'

export type Strategy = 'optimised' | 'naive'

/** Where a fake Graph answers, and the app registration it accepts. */
export interface GraphEndpoint {
  readonly url: string
  readonly tenantId: string
  readonly clientId: string
  readonly clientSecret: string
}

export interface CollectOptions {
  readonly now: Date
  readonly staleGuestDays: number
  /** Real ms per simulated ms for every client wait (pacer, Retry-After, backoff); the fake's limits must match. */
  readonly timeScale?: number
}

export interface StrategyCollection {
  readonly collection: Collection
  readonly stats: ReaderStats
  /** From the first read to the snapshot, sign-in included, real ms. */
  readonly wallMs: number
}

/** Collects the tenant behind `endpoint` with one strategy, the way the action's Graph layer is wired. */
export async function collectWith(
  strategy: Strategy,
  endpoint: GraphEndpoint,
  options: CollectOptions
): Promise<StrategyCollection> {
  trustFakeCertificate()
  const graph = openReader(strategy, endpoint, options.timeScale)
  const started = performance.now()
  // As the action does (run-snapshot.ts): sign in, then read; the naive script signs in on its first read.
  if ('signIn' in graph && typeof graph.signIn === 'function') await graph.signIn()
  const collection = await collectSnapshot(graph, {
    tenantId: endpoint.tenantId,
    cloud: 'global',
    staleGuestDays: options.staleGuestDays,
    now: options.now,
    ...(strategy === 'naive' ? { collectors: NAIVE_COLLECTORS } : {})
  })
  return { collection, stats: graph.stats, wallMs: performance.now() - started }
}

function openReader(strategy: Strategy, endpoint: GraphEndpoint, timeScale: number | undefined): GraphReader {
  const session = {
    graphEndpoint: endpoint.url,
    createCredential: () =>
      new ClientSecretCredential(endpoint.tenantId, endpoint.clientId, endpoint.clientSecret, {
        authorityHost: endpoint.url,
        disableInstanceDiscovery: true
      }),
    onToken: () => undefined,
    ...(timeScale === undefined ? {} : { clock: scaledClock(timeScale) })
  }
  if (strategy === 'naive') return openDirectGraphSession({ ...session, sdkDefaultPageSize: true })
  // The budget is simulated time, long enough that no run ever reaches it: six simulated hours, and at
  // least 15 minutes of wall time when waits are scaled down, so a loaded machine cannot exhaust it.
  const timeoutSeconds = timeScale === undefined ? 6 * 3600 : Math.max(6 * 3600, 900 / timeScale)
  return openGraphSession({ ...session, timeoutSeconds, log: () => undefined })
}

export interface InProcessRun extends StrategyCollection {
  readonly limits: GraphLimits | undefined
}

/** A fresh in-process fake serving `tenant` (limits on when `timeScale` is given), collected once. */
export async function runAgainstFake(
  strategy: Strategy,
  tenant: SimulatedTenant,
  options: CollectOptions & { readonly latencyMs?: number }
): Promise<InProcessRun> {
  trustFakeCertificate()
  const limits =
    options.timeScale === undefined
      ? undefined
      : createGraphLimits({ tenantUsers: tenant.users.size, timeScale: options.timeScale })
  const cloud = await startFakeCloud({
    tenant,
    latencyMs: options.latencyMs ?? 0,
    ...(limits === undefined ? {} : { limits })
  })
  try {
    const endpoint = {
      url: cloud.url,
      tenantId: tenant.tenantId,
      clientId: cloud.clientId,
      clientSecret: cloud.clientSecret
    }
    const run = await collectWith(strategy, endpoint, options)
    return { ...run, limits }
  } finally {
    await cloud.close()
  }
}
