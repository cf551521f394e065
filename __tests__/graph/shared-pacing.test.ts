import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../../src/graph/clock.js'
import { BatchingGraphReader } from '../../src/graph/graph-reader.js'
import { GraphSender } from '../../src/graph/graph-sender.js'
import { DOCUMENTED_LIMITS, Pacer } from '../../src/graph/pacer.js'
import type { GraphTransport, RawRequest } from '../../src/graph/transport.js'

const ENDPOINT = 'https://graph.microsoft.com'
const JSON_TYPE = { 'content-type': 'application/json' }

/** A clock that only moves when someone sleeps on it (or the test moves it). */
function manualClock(): Clock & { slept: number[]; advance(ms: number): void } {
  let now = 0
  const slept: number[] = []
  return {
    slept,
    advance: (ms) => void (now += ms),
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
}

describe('a pacer after Graph answers 429', () => {
  it('given a Retry-After of 30 s, then no request of the class goes before it has passed, tokens left or not', async () => {
    const clock = manualClock()
    const pacer = new Pacer({ requests: 10, windowMs: 1000, burst: 10 }, clock)
    await pacer.acquire()

    pacer.throttled(30_000)
    await pacer.acquire()

    expect(clock.now()).toBe(30_000)
  })

  it('given one 429, then the bucket refills at half the documented rate', async () => {
    const clock = manualClock()
    // signInActivity's 10 a minute with a burst of 1: one token every 6 s.
    const pacer = new Pacer({ requests: 10, windowMs: 60_000, burst: 1 }, clock)
    await pacer.acquire()

    pacer.throttled(undefined)
    await pacer.acquire()

    expect(pacer.share).toBe(0.5)
    expect(clock.now()).toBe(12_000)
  })

  it('given repeated 429s, then the pace halves each time but never drops below an eighth', () => {
    const clock = manualClock()
    const pacer = new Pacer({ requests: 10, windowMs: 60_000, burst: 5 }, clock)

    const shares = [1, 2, 3, 4, 5].map(() => {
      pacer.throttled(undefined)
      return pacer.share
    })

    expect(shares).toEqual([0.5, 0.25, 0.125, 0.125, 0.125])
  })

  it('recovers a quarter of the documented rate for each whole window without a 429, counted from the end of Retry-After', () => {
    const clock = manualClock()
    const pacer = new Pacer({ requests: 10, windowMs: 60_000, burst: 5 }, clock)
    pacer.throttled(undefined)
    pacer.throttled(10_000) // share 0.25, paused until 10 s

    clock.advance(65_000) // 55 s after the pause: not a whole window yet
    expect(pacer.share).toBe(0.25)
    clock.advance(5_000) // one window after the pause
    expect(pacer.share).toBe(0.5)
    clock.advance(120_000)
    expect(pacer.share).toBe(1)
    clock.advance(600_000)
    expect(pacer.share).toBe(1)
  })
})

/** A Graph that answers 429 (Retry-After: 0) to the first `refusals` requests, then 200. */
function throttlingGraph(refusals: number, clock: Clock): { transport: GraphTransport; sentAt: number[] } {
  const sentAt: number[] = []
  return {
    sentAt,
    transport: {
      async send(_request: RawRequest) {
        sentAt.push(clock.now())
        if (sentAt.length <= refusals) {
          return {
            status: 429,
            headers: { ...JSON_TYPE, 'retry-after': '0' },
            text: '{"error":{"code":"TooManyRequests","message":"Please retry again later."}}'
          }
        }
        return { status: 200, headers: JSON_TYPE, text: '{"value":[]}' }
      }
    }
  }
}

function readerOver(transport: GraphTransport, clock: Clock): BatchingGraphReader {
  const sender = new GraphSender({
    transport,
    renewToken: () => undefined,
    clock,
    deadline: clock.now() + 3_600_000,
    requestTimeoutMs: 1000,
    maxConcurrency: 4,
    backoff: { baseMs: 1, maxMs: 1, random: () => 0 },
    log: () => undefined
  })
  return new BatchingGraphReader(sender, clock, ENDPOINT)
}

describe('one budget per tenant, retries included', () => {
  it('given a Conditional Access read throttled twice with Retry-After 0, then each retry waits for a token of the class, at a pace that slowed after each 429', async () => {
    const clock = manualClock()
    const graph = throttlingGraph(2, clock)
    const reader = readerOver(graph.transport, clock)

    const read = await reader.get('/identity/conditionalAccess/policies', { limitClass: 'conditionalAccess' })

    expect(read.ok).toBe(true)
    // 1 a second documented: after the first 429 one token in 2 s, after the second one in 4 s.
    expect(graph.sentAt).toEqual([0, 2000, 6000])
  })

  it('given a class with a one-second window, then its rate comes back a quarter every 30 s, not every second', () => {
    const clock = manualClock()
    const pacer = new Pacer(DOCUMENTED_LIMITS.conditionalAccess, clock)
    pacer.throttled(undefined)

    clock.advance(29_000)
    expect(pacer.share).toBe(0.5)
    clock.advance(1_000)
    expect(pacer.share).toBe(0.75)
  })

  it('honours a Retry-After longer than the pace for the retried read and every other read of the class', async () => {
    const clock = manualClock()
    const sentAt: number[] = []
    const transport: GraphTransport = {
      async send() {
        sentAt.push(clock.now())
        if (sentAt.length === 1) {
          return { status: 429, headers: { ...JSON_TYPE, 'retry-after': '45' }, text: '{}' }
        }
        return { status: 200, headers: JSON_TYPE, text: '{"value":[]}' }
      }
    }
    const reader = readerOver(transport, clock)

    await reader.get("/users?$filter=userType+eq+'Guest'&$select=id,signInActivity&$top=500", {
      limitClass: 'signInActivity'
    })
    await reader.get("/users?$filter=userType+eq+'Guest'&$select=id,signInActivity&$top=500&$skiptoken=2", {
      limitClass: 'signInActivity'
    })

    expect(sentAt[0]).toBe(0)
    expect(sentAt[1]).toBeGreaterThanOrEqual(45_000)
    expect(sentAt[2]).toBeGreaterThanOrEqual(sentAt[1] ?? 0)
  })
})

describe('DOCUMENTED_LIMITS: one table, each limit with the page that documents it', () => {
  it.each(Object.entries(DOCUMENTED_LIMITS))('%s names its documentation', (_name, limit) => {
    expect(limit.doc).toMatch(/^https:\/\/learn\.microsoft\.com\/graph\/throttling-limits#[a-z-]+$/)
  })
})
