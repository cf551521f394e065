import type { TokenCredential } from '@azure/identity'
import { RenewableTokenProvider } from '../../src/auth/token-provider.js'
import { systemClock, type Clock } from '../../src/graph/clock.js'
import type { GraphFailure, GraphResult } from '../../src/graph/graph-failure.js'
import type { GraphReader, ReadOptions, ReaderStats } from '../../src/graph/graph-reader.js'
import { decode } from '../../src/graph/graph-sender.js'
import { createGraphTransport, type GraphTransport, type RawResponse } from '../../src/graph/transport.js'

/**
 * The naive reference strategy the benchmark measures the collector against: what a
 * straightforward Graph SDK script does. One request at a time, no `$batch`, no pacing; a 429, 503
 * or 504 is retried the way the SDK's RetryHandler retries it: after Retry-After when the answer
 * has one, else after a fixed delay that grows exponentially from the second retry. Not used by
 * the action.
 */
export interface DirectReaderOptions {
  readonly transport: GraphTransport
  readonly clock?: Clock
  /** The SDK's default is 3; its ceiling, used here so a long throttled run still finishes, is 10. */
  readonly maxRetries?: number
  /** The SDK's base delay in seconds (default 3). */
  readonly delaySeconds?: number
  /** The SDK's longest wait in seconds (default 180). */
  readonly maxDelaySeconds?: number
  /** In [0, 1); the SDK adds up to a second of randomness. */
  readonly random?: () => number
  readonly requestTimeoutMs?: number
  /**
   * Lists at the SDK's default page size, as a script that hands a collection to PageIterator
   * without setting `top` does: `$top` is dropped from list requests, so Graph serves its default
   * page (100 for /users). Counts (`$count=true`) keep theirs. Off unless set.
   */
  readonly sdkDefaultPageSize?: boolean
}

const SDK_RETRY_STATUS: ReadonlySet<number> = new Set([429, 503, 504])

/**
 * The SDK RetryHandler's wait before retry number `attempt` (1-based), in seconds: Retry-After
 * (seconds) when present, else `delay + random` for the first retry and
 * `round((2^attempt - 1) / 2) + delay + random` after it, capped at `maxDelay + random`.
 */
export function sdkRetryDelaySeconds(
  attempt: number,
  retryAfterSeconds: number | undefined,
  options: { readonly delaySeconds: number; readonly maxDelaySeconds: number; readonly random: () => number }
): number {
  const randomness = Number(options.random().toFixed(3))
  const delay =
    retryAfterSeconds ??
    (attempt >= 2
      ? Math.round((2 ** attempt - 1) / 2) + options.delaySeconds + randomness
      : options.delaySeconds + randomness)
  return Math.min(delay, options.maxDelaySeconds + randomness)
}

export class DirectGraphReader implements GraphReader {
  private readonly options: DirectReaderOptions
  private readonly clock: Clock
  private readonly counters = { httpRequests: 0, throttled: 0, retries: 0 }
  private turn: Promise<unknown> = Promise.resolve()

  constructor(options: DirectReaderOptions) {
    this.options = options
    this.clock = options.clock ?? systemClock
  }

  get stats(): ReaderStats {
    return { ...this.counters, batches: 0, batchedRequests: 0 }
  }

  /** Reads wait for each other: a script awaits every call before it makes the next. */
  get(path: string, options: ReadOptions = {}): Promise<GraphResult> {
    const sent = this.options.sdkDefaultPageSize ? withoutPageSize(path) : path
    const result = this.turn.then(() => this.send(sent, options))
    this.turn = result.catch(() => undefined)
    return result
  }

  private async send(path: string, options: ReadOptions): Promise<GraphResult> {
    const headers = options.consistencyLevel ? { ConsistencyLevel: 'eventual' } : undefined
    const maxRetries = this.options.maxRetries ?? 10
    for (let retries = 0; ; retries++) {
      let response: RawResponse
      try {
        this.counters.httpRequests++
        response = await this.options.transport.send({
          method: 'GET',
          url: path,
          headers,
          timeoutMs: this.options.requestTimeoutMs ?? 60_000
        })
      } catch (error) {
        // The SDK's RetryHandler retries HTTP answers only; a broken connection ends the script.
        const failure: GraphFailure = {
          kind: 'network',
          path,
          message: error instanceof Error ? error.message : String(error)
        }
        return { ok: false, failure }
      }
      if (!SDK_RETRY_STATUS.has(response.status) || retries >= maxRetries) {
        return decode(response, path)
      }
      if (response.status === 429) this.counters.throttled++
      this.counters.retries++
      const retryAfter = Number(response.headers['retry-after'] ?? Number.NaN)
      const seconds = sdkRetryDelaySeconds(
        retries + 1,
        Number.isFinite(retryAfter) ? retryAfter : undefined,
        {
          delaySeconds: this.options.delaySeconds ?? 3,
          maxDelaySeconds: this.options.maxDelaySeconds ?? 180,
          random: this.options.random ?? Math.random
        }
      )
      await this.clock.sleep(seconds * 1000)
    }
  }
}

/** The path without `$top`, unless it asks for a count (where `$top` is what keeps the page small). */
export function withoutPageSize(path: string): string {
  const query = path.indexOf('?')
  if (query < 0) return path
  const parts = path.slice(query + 1).split('&')
  const name = (part: string) => decodeURIComponent(part.split('=')[0] ?? '')
  if (parts.some((part) => name(part) === '$count' && part.endsWith('=true'))) return path
  const kept = parts.filter((part) => name(part) !== '$top')
  return kept.length === 0 ? path.slice(0, query) : `${path.slice(0, query)}?${kept.join('&')}`
}

export interface DirectSessionOptions {
  readonly graphEndpoint: string
  readonly createCredential: () => TokenCredential
  readonly onToken: (token: string) => void
  readonly clock?: Clock
  readonly sdkDefaultPageSize?: boolean
}

/** The naive strategy wired like openGraphSession: token → Graph client transport → direct reader. */
export function openDirectGraphSession(options: DirectSessionOptions): DirectGraphReader {
  const scope = `${new URL(options.graphEndpoint).origin}/.default`
  const tokens = new RenewableTokenProvider(options.createCredential, scope, options.onToken)
  return new DirectGraphReader({
    transport: createGraphTransport(options.graphEndpoint, tokens),
    clock: options.clock,
    sdkDefaultPageSize: options.sdkDefaultPageSize
  })
}
