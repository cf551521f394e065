import type { Clock } from './clock.js'
import { graphErrorOf, type GraphFailure, type GraphFailureKind, type GraphResult } from './graph-failure.js'
import {
  backoffDelay,
  DEFAULT_BACKOFF,
  isRetryableStatus,
  parseRetryAfter,
  type BackoffOptions
} from './retry-policy.js'
import { SignInError, TimeoutError, type GraphTransport, type RawResponse } from './transport.js'

export interface SenderOptions {
  readonly transport: GraphTransport
  /** Called once when Graph answers 401, so the next attempt carries a freshly acquired token. */
  readonly renewToken: () => void
  readonly clock: Clock
  /** Absolute time (clock ms) after which no new attempt starts: the input graph-timeout. */
  readonly deadline: number
  /** Longest wait for one answer; a request that hangs past it is retried. */
  readonly requestTimeoutMs: number
  readonly backoff?: BackoffOptions
  /** At most this many HTTP requests in flight. */
  readonly maxConcurrency: number
  readonly log: (message: string) => void
}

/** Counters for the benchmark and the run summary. */
export interface TrafficStats {
  httpRequests: number
  throttled: number
  retries: number
}

export interface SendRequest {
  readonly method: 'GET' | 'POST'
  readonly url: string
  /** The version root `url` is under: v1.0 unless 'beta'. */
  readonly version?: 'beta'
  /** The path shown in messages (no host, no secrets). */
  readonly label: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: unknown
  /**
   * False: a hang or a reset is answered at once instead of retried. The batching reader uses it so
   * that one stuck read does not keep its batch-mates waiting: it re-sends them one by one.
   */
  readonly retryConnectionFailure?: boolean
  /**
   * Waits for the request's turn under its limit classes' budgets. The caller paces the first
   * attempt; the sender calls this before every later one, so retries spend the same budget.
   */
  readonly pace?: () => Promise<void>
  /** Graph answered 429 (with its Retry-After, if any): the request's limit classes slow down. */
  readonly onThrottled?: (retryAfterMs: number | undefined) => void
}

export interface DecodedBody {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /** Parsed JSON, or the text of a text/plain answer ($count). */
  readonly body: unknown
}

/** An HTTP answer and the token generation its request was sent with. */
interface Exchanged {
  readonly response: RawResponse
  readonly generation: number
}

/**
 * Sends one request to Graph and keeps at it through the faults Graph documents: 429 and 5xx
 * (honouring Retry-After), connection resets, hangs, and a 401 from a token that went stale,
 * until it has an answer or the run's time budget is spent. Never throws: a failure is a value.
 */
export class GraphSender {
  readonly stats: TrafficStats = { httpRequests: 0, throttled: 0, retries: 0 }
  private readonly options: SenderOptions
  private inFlight = 0
  private readonly waiting: (() => void)[] = []
  /** Counts renewals, so that requests turned away with the same stale token renew it only once. */
  private tokenGeneration = 0

  constructor(options: SenderOptions) {
    this.options = options
  }

  get deadline(): number {
    return this.options.deadline
  }

  async send(request: SendRequest): Promise<GraphResult> {
    const { clock, deadline } = this.options
    let renewed = false
    let lastProblem: GraphFailure | undefined
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && request.pace !== undefined) await request.pace()
      const remaining = deadline - clock.now()
      if (remaining <= 0) return { ok: false, failure: budgetSpent(request.label, lastProblem) }
      let exchanged: Exchanged
      try {
        exchanged = await this.exchange(request, Math.min(this.options.requestTimeoutMs, remaining))
      } catch (error) {
        if (error instanceof SignInError) {
          return { ok: false, failure: { kind: 'unauthorized', path: request.label, message: error.message } }
        }
        const kind: GraphFailureKind = error instanceof TimeoutError ? 'timeout' : 'network'
        lastProblem = { kind, path: request.label, message: causeOf(error) }
        if (request.retryConnectionFailure === false) return { ok: false, failure: lastProblem }
        if (!(await this.waitBeforeRetry(attempt, undefined, request.label, lastProblem.message))) {
          return { ok: false, failure: budgetSpent(request.label, lastProblem) }
        }
        continue
      }

      const { response, generation: sentWithGeneration } = exchanged
      if (response.status === 401 && !renewed) {
        renewed = true
        // Requests in flight together all carry the expired token: the first 401 renews it, the
        // others retry with the token that renewal brings ("acquire once more", not once each).
        if (sentWithGeneration === this.tokenGeneration) {
          this.tokenGeneration++
          this.options.renewToken()
          this.options.log(`Graph rejected the access token for ${request.label}; acquiring a new one.`)
        }
        continue
      }
      if (isRetryableStatus(response.status)) {
        if (response.status === 429) this.stats.throttled++
        const error = graphErrorOf(safeJson(response.text))
        lastProblem = {
          kind: response.status === 429 ? 'throttled' : 'unavailable',
          path: request.label,
          status: response.status,
          code: error.code,
          message: error.message ?? `HTTP ${response.status}`
        }
        const retryAfter = parseRetryAfter(response.headers['retry-after'], clock.now())
        if (response.status === 429) request.onThrottled?.(retryAfter)
        if (!(await this.waitBeforeRetry(attempt, retryAfter, request.label, `HTTP ${response.status}`))) {
          return { ok: false, failure: budgetSpent(request.label, lastProblem) }
        }
        continue
      }
      return decode(response, request.label)
    }
  }

  /** Sleeps before the next attempt; false when that attempt would start after the deadline. */
  async waitBeforeRetry(
    attempt: number,
    retryAfterMs: number | undefined,
    label: string,
    reason: string
  ): Promise<boolean> {
    const delay = retryAfterMs ?? backoffDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF)
    if (this.options.clock.now() + delay >= this.options.deadline) return false
    this.stats.retries++
    this.options.log(
      `${reason} on ${label}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1}).`
    )
    await this.options.clock.sleep(delay)
    return true
  }

  /** One HTTP exchange, and the token generation it was sent with. */
  private async exchange(request: SendRequest, timeoutMs: number): Promise<Exchanged> {
    await this.acquireSlot()
    try {
      this.stats.httpRequests++
      const generation = this.tokenGeneration
      const response = await this.options.transport.send({
        method: request.method,
        url: request.url,
        ...(request.version === undefined ? {} : { version: request.version }),
        headers: request.headers,
        body: request.body,
        timeoutMs
      })
      return { response, generation }
    } finally {
      this.releaseSlot()
    }
  }

  private async acquireSlot(): Promise<void> {
    if (this.inFlight < this.options.maxConcurrency) {
      this.inFlight++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  private releaseSlot(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.inFlight--
  }
}

/** Turns a final HTTP answer into a result: 2xx with a readable body, or a classified failure. */
export function decode(response: DecodedBody | RawResponse, label: string): GraphResult {
  const contentType = response.headers['content-type'] ?? ''
  let body: unknown
  if ('text' in response) {
    if (response.status === 204 || response.text === '') body = undefined
    else if (contentType.includes('json')) {
      try {
        body = JSON.parse(response.text)
      } catch {
        return {
          ok: false,
          failure: {
            kind: 'bad-response',
            path: label,
            status: response.status,
            message: `the answer is not the JSON Graph documents (${contentType || 'no content type'}, ${response.text.length} bytes)`
          }
        }
      }
    } else body = response.text
  } else body = response.body

  if (response.status >= 200 && response.status < 300) {
    return { ok: true, status: response.status, body, headers: response.headers }
  }
  const error = graphErrorOf(body)
  return {
    ok: false,
    failure: {
      kind: failureKindOf(response.status),
      path: label,
      status: response.status,
      code: error.code,
      message: error.message ?? `HTTP ${response.status}`
    }
  }
}

function failureKindOf(status: number): GraphFailureKind {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  if (status === 429) return 'throttled'
  // Only the 5xx that are retried are an outage. 501 Not Implemented is Graph's answer to a query
  // form it does not support (user-list.md): a refusal, like a 400, that callers may work around.
  if (isRetryableStatus(status)) return 'unavailable'
  return 'http'
}

function budgetSpent(label: string, last: GraphFailure | undefined): GraphFailure {
  const cause = last ? `; last answer: ${last.message}` : ''
  return {
    kind: last?.kind ?? 'timeout',
    path: label,
    status: last?.status,
    code: last?.code,
    message: `gave up within the graph-timeout budget${cause}`
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined
    return typeof code === 'string' ? `${error.message} (${code})` : error.message
  }
  return String(error)
}
