import type { Clock } from './clock.js'
import { graphErrorOf, type GraphFailure, type GraphResult } from './graph-failure.js'
import { decode, type GraphSender, type TrafficStats } from './graph-sender.js'
import { Pacer, DOCUMENTED_LIMITS, resourceUnitCost, type LimitClass } from './pacer.js'
import { isRetryableStatus, parseRetryAfter } from './retry-policy.js'

export interface ReadOptions {
  /** Sends `ConsistencyLevel: eventual`, which advanced directory queries ($count, some filters) require. */
  readonly consistencyLevel?: boolean
  /** The documented throttling class the request falls under, so it is paced to that limit. */
  readonly limitClass?: LimitClass
  /**
   * The version root of `path` (and of its nextLinks): v1.0 unless 'beta', which only sections
   * Graph serves in beta ask for (input include-beta).
   */
  readonly apiVersion?: 'v1.0' | 'beta'
}

/** Read-only access to Graph: the only port collectors see. */
export interface GraphReader {
  /** `path` is relative to the version root ('/policies/...', query values URL-encoded) or an absolute nextLink. */
  get(path: string, options?: ReadOptions): Promise<GraphResult>
  readonly stats: ReaderStats
  /** The clock the reader paces and retries on, so that a collector's own time budget runs on it too. */
  readonly graphClock?: Clock
  /** When (clock ms) the run's graph-timeout budget ends: no request starts after it. */
  readonly deadline?: number
}

export interface ReaderStats extends TrafficStats {
  batches: number
  batchedRequests: number
}

/** JSON batching allows at most 20 requests per batch (json-batching.md). */
const MAX_BATCH_SIZE = 20

interface PendingRead {
  readonly url: string
  /** Set for a beta read: it travels alone or in a beta $batch, never in a v1.0 one. */
  readonly version: 'beta' | undefined
  readonly headers: Record<string, string> | undefined
  attempt: number
  readonly resolve: (result: GraphResult) => void
  /** Waits for the read's turn under every budget it spends (its limit class, resource units). */
  readonly pace: () => Promise<void>
  /** Tells those budgets that Graph answered the read 429. */
  readonly onThrottled: (retryAfterMs: number | undefined) => void
}

/**
 * Collects every read issued in the same tick and sends them together as JSON `$batch` requests
 * (up to 20 each, several batches in flight), so independent reads cost one round trip. Each
 * item's status is checked on its own: a throttled or unavailable item is retried alone, after its
 * own Retry-After. A Graph (or proxy) that refuses `$batch` gets the reads one by one instead.
 */
export class BatchingGraphReader implements GraphReader {
  private readonly sender: GraphSender
  private readonly clock: Clock
  private readonly origin: string
  private readonly pacers = new Map<LimitClass, Pacer>()
  private queue: PendingRead[] = []
  private flushScheduled = false
  private batchSupported = true
  private readonly counters = { batches: 0, batchedRequests: 0 }

  constructor(sender: GraphSender, clock: Clock, graphEndpoint: string) {
    this.sender = sender
    this.clock = clock
    this.origin = new URL(graphEndpoint).origin
  }

  get graphClock(): Clock {
    return this.clock
  }

  get deadline(): number {
    return this.sender.deadline
  }

  get stats(): ReaderStats {
    return { ...this.sender.stats, ...this.counters }
  }

  async get(path: string, options: ReadOptions = {}): Promise<GraphResult> {
    const pacers: { pacer: Pacer; cost: number }[] = []
    if (options.limitClass) pacers.push({ pacer: this.pacerFor(options.limitClass), cost: 1 })
    const resourceUnits = resourceUnitCost(path)
    if (resourceUnits !== undefined) {
      pacers.push({ pacer: this.pacerFor('identityAndAccess'), cost: resourceUnits })
    }
    // Every attempt, the first and each retry, spends the same budgets: one per limit class, shared
    // by every read of the run.
    const pace = async (): Promise<void> => {
      for (const { pacer, cost } of pacers) await pacer.acquire(cost)
    }
    // A 429 slows the read's named class (Graph says which limit a 429 is for only in undocumented
    // headers); a read of no named class is an identity-and-access read.
    const onThrottled = (retryAfterMs: number | undefined): void => pacers[0]?.pacer.throttled(retryAfterMs)
    await pace()
    const headers = options.consistencyLevel ? { ConsistencyLevel: 'eventual' } : undefined
    const apiVersion = options.apiVersion ?? 'v1.0'
    const relative = this.relativeUrl(path, apiVersion)
    if (relative === undefined) {
      return {
        ok: false,
        failure: {
          kind: 'bad-response',
          path: labelOf(path),
          message: `a link outside Microsoft Graph ${apiVersion} was not followed (the access token goes to Graph only)`
        }
      }
    }
    const version = apiVersion === 'beta' ? 'beta' : undefined
    return new Promise<GraphResult>((resolve) => {
      this.enqueue({ url: relative, version, headers, attempt: 1, resolve, pace, onThrottled })
    })
  }

  private enqueue(read: PendingRead): void {
    this.queue.push(read)
    if (this.flushScheduled) return
    this.flushScheduled = true
    setImmediate(() => this.flush())
  }

  private flush(): void {
    this.flushScheduled = false
    const reads = this.queue
    this.queue = []
    if (reads.length === 1 || !this.batchSupported) {
      for (const read of reads) void this.sendAlone(read)
      return
    }
    // A batch's items are relative to the version root it is posted to: beta reads go in their own.
    for (const version of [undefined, 'beta'] as const) {
      const same = reads.filter((read) => read.version === version)
      for (let start = 0; start < same.length; start += MAX_BATCH_SIZE) {
        void this.sendBatch(same.slice(start, start + MAX_BATCH_SIZE))
      }
    }
  }

  private async sendAlone(read: PendingRead): Promise<void> {
    read.resolve(
      await this.sender.send({
        method: 'GET',
        url: read.url,
        ...(read.version === undefined ? {} : { version: read.version }),
        label: labelWithVersion(read),
        headers: read.headers,
        pace: read.pace,
        onThrottled: read.onThrottled
      })
    )
  }

  /** A read sent again on its own after its batch could not carry it: a new attempt, paced again. */
  private async resendAlone(read: PendingRead): Promise<void> {
    await read.pace()
    await this.sendAlone(read)
  }

  private async sendBatch(reads: PendingRead[]): Promise<void> {
    if (reads.length === 1) return this.sendAlone(reads[0] as PendingRead)
    this.counters.batches++
    this.counters.batchedRequests += reads.length
    const requests = reads.map((read, index) => ({
      id: String(index + 1),
      method: 'GET',
      url: read.url,
      ...(read.headers ? { headers: read.headers } : {})
    }))
    const version = reads[0]?.version
    const outer = await this.sender.send({
      method: 'POST',
      url: '/$batch',
      ...(version === undefined ? {} : { version }),
      label: version === undefined ? '/$batch' : `/${version}/$batch`,
      headers: { 'Content-Type': 'application/json' },
      body: { requests },
      retryConnectionFailure: false,
      // A retried envelope carries every read again: each spends its budgets again.
      pace: async () => {
        for (const read of reads) await read.pace()
      },
      onThrottled: (retryAfterMs) => {
        for (const read of reads) read.onThrottled(retryAfterMs)
      }
    })
    if (!outer.ok) {
      if (batchRefused(outer.failure)) {
        this.batchSupported = false
        for (const read of reads) void this.resendAlone(read)
        return
      }
      if (unreadableBatch(outer.failure)) {
        // One read that hangs (or a garbled envelope) must not sink its batch-mates: each read
        // goes again on its own, with retries of its own, so only the faulty one can fail.
        for (const read of reads) void this.resendAlone(read)
        return
      }
      for (const read of reads)
        read.resolve({ ok: false, failure: { ...outer.failure, path: labelWithVersion(read) } })
      return
    }
    const answers = new Map<string, BatchAnswer>()
    for (const answer of batchAnswersOf(outer.body)) answers.set(answer.id.toLowerCase(), answer)
    reads.forEach((read, index) => {
      const answer = answers.get(String(index + 1))
      if (answer === undefined) {
        // Graph promises an answer per item; without one, ask again on its own.
        void this.resendAlone(read)
        return
      }
      if (isRetryableStatus(answer.status)) {
        void this.retryItem(read, answer)
        return
      }
      if (answer.status === 401) {
        void this.resendAlone(read)
        return
      }
      read.resolve(
        decode({ status: answer.status, headers: answer.headers, body: answer.body }, labelWithVersion(read))
      )
    })
  }

  /** A throttled or unavailable batch item waits its own Retry-After, then joins a later batch. */
  private async retryItem(read: PendingRead, answer: BatchAnswer): Promise<void> {
    const retryAfter = parseRetryAfter(answer.headers['retry-after'], this.clock.now())
    if (answer.status === 429) {
      this.sender.stats.throttled++
      read.onThrottled(retryAfter)
    }
    const mayRetry = await this.sender.waitBeforeRetry(
      read.attempt,
      retryAfter,
      read.url,
      `HTTP ${answer.status} (batch item)`
    )
    if (!mayRetry) {
      const error = graphErrorOf(answer.body)
      read.resolve({
        ok: false,
        failure: {
          kind: answer.status === 429 ? 'throttled' : 'unavailable',
          path: labelWithVersion(read),
          status: answer.status,
          code: error.code,
          message: `gave up within the graph-timeout budget; last answer: ${error.message ?? `HTTP ${answer.status}`}`
        }
      })
      return
    }
    read.attempt++
    await read.pace()
    this.enqueue(read)
  }

  private pacerFor(limitClass: LimitClass): Pacer {
    let pacer = this.pacers.get(limitClass)
    if (!pacer) {
      pacer = new Pacer(DOCUMENTED_LIMITS[limitClass], this.clock)
      this.pacers.set(limitClass, pacer)
    }
    return pacer
  }

  /**
   * Every read goes to the configured endpoint. A nextLink names Graph's own host, which behind a
   * proxy or a private endpoint is not the one configured: its path under the read's version root
   * and its query are kept and the host is ours. Anything that is not a path under that root is
   * refused, so that no link can send the bearer token elsewhere (nor a v1.0 read's link into beta).
   */
  private relativeUrl(path: string, version: 'v1.0' | 'beta'): string | undefined {
    if (path.startsWith('/')) return path
    const root = `${this.origin}/${version}`
    if (path.startsWith(`${root}/`)) return path.slice(root.length)
    let url: URL
    try {
      url = new URL(path)
    } catch {
      return undefined
    }
    if (url.protocol !== 'https:' || !url.pathname.startsWith(`/${version}/`)) return undefined
    return `${url.pathname.slice(`/${version}`.length)}${url.search}`
  }
}

interface BatchAnswer {
  readonly id: string
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: unknown
}

function batchAnswersOf(body: unknown): BatchAnswer[] {
  const responses = (body as { responses?: unknown } | undefined)?.responses
  if (!Array.isArray(responses)) return []
  const answers: BatchAnswer[] = []
  for (const item of responses as unknown[]) {
    if (typeof item !== 'object' || item === null) continue
    const { id, status, headers, body: itemBody } = item as Record<string, unknown>
    if (typeof id !== 'string' || typeof status !== 'number') continue
    const lowerHeaders: Record<string, string> = {}
    if (typeof headers === 'object' && headers !== null) {
      for (const [name, value] of Object.entries(headers)) lowerHeaders[name.toLowerCase()] = String(value)
    }
    answers.push({ id, status, headers: lowerHeaders, body: itemBody })
  }
  return answers
}

/**
 * A Graph stand-in that does not speak `$batch` answers 400, 404, 405 or 501 to it; a proxy that
 * refuses POST may answer 403. Graph itself never denies `$batch` (permissions are checked per
 * item), so a 403 on the envelope says nothing about the reads: they are asked again one by one.
 */
function batchRefused(failure: GraphFailure): boolean {
  return [400, 403, 404, 405, 501].includes(failure.status ?? 0)
}

/** No usable answer to the batch as a whole: it hung, the connection broke, or the body is not a batch answer. */
function unreadableBatch(failure: GraphFailure): boolean {
  return failure.kind === 'timeout' || failure.kind === 'network' || failure.kind === 'bad-response'
}

/** What messages name a read by: its path, with the version root when it is beta. */
function labelWithVersion(read: Pick<PendingRead, 'url' | 'version'>): string {
  return read.version === undefined ? read.url : `/${read.version}${read.url}`
}

function labelOf(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.pathname}${parsed.search}`
  } catch {
    return url
  }
}
