import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../../src/graph/clock.js'
import { DirectGraphReader, sdkRetryDelaySeconds, withoutPageSize } from './direct-graph-reader.js'
import type { GraphTransport, RawRequest, RawResponse } from '../../src/graph/transport.js'

const SDK_DEFAULTS = { delaySeconds: 3, maxDelaySeconds: 180, random: () => 0 }

describe('sdkRetryDelaySeconds: the Graph SDK RetryHandler schedule', () => {
  it.each([
    [1, undefined, 3],
    [2, undefined, 5],
    [3, undefined, 7],
    [4, undefined, 11],
    [5, undefined, 19],
    [9, undefined, 180],
    [1, 6, 6],
    [3, 0.5, 0.5],
    [1, 500, 180]
  ])('retry %d with Retry-After %p waits %d s', (attempt, retryAfter, seconds) => {
    expect(sdkRetryDelaySeconds(attempt, retryAfter, SDK_DEFAULTS)).toBe(seconds)
  })

  it('adds up to a second of randomness, rounded to milliseconds', () => {
    expect(sdkRetryDelaySeconds(1, undefined, { ...SDK_DEFAULTS, random: () => 0.12345 })).toBe(3.123)
  })
})

/** A transport answering from a script, recording how many requests were in flight at once. */
function scriptedTransport(
  answers: RawResponse[]
): GraphTransport & { requests: RawRequest[]; mostInFlight: number } {
  let inFlight = 0
  const transport = {
    requests: [] as RawRequest[],
    mostInFlight: 0,
    async send(request: RawRequest): Promise<RawResponse> {
      transport.requests.push(request)
      inFlight++
      transport.mostInFlight = Math.max(transport.mostInFlight, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight--
      return answers.shift() ?? ok({ value: [] })
    }
  }
  return transport
}

function ok(body: unknown): RawResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, text: JSON.stringify(body) }
}

function throttled(retryAfter?: string): RawResponse {
  return {
    status: 429,
    headers: {
      'content-type': 'application/json',
      ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter })
    },
    text: JSON.stringify({ error: { code: 'TooManyRequests', message: 'Please retry again later.' } })
  }
}

function recordingClock(): Clock & { slept: number[] } {
  const slept: number[] = []
  return { slept, now: () => Date.now(), sleep: async (ms) => void slept.push(ms) }
}

describe('DirectGraphReader: the naive reference strategy', () => {
  it('given reads asked for together, then it sends them one at a time, in the order asked', async () => {
    const transport = scriptedTransport([])
    const reader = new DirectGraphReader({ transport, clock: recordingClock() })

    await Promise.all(['/a', '/b', '/c'].map((path) => reader.get(path)))

    expect(transport.mostInFlight).toBe(1)
    expect(transport.requests.map((request) => request.url)).toEqual(['/a', '/b', '/c'])
    expect(reader.stats).toMatchObject({ httpRequests: 3, batches: 0 })
  })

  it('given a 429 with Retry-After, then it waits exactly that long and tries again', async () => {
    const transport = scriptedTransport([throttled('6'), ok({ value: [1] })])
    const clock = recordingClock()
    const reader = new DirectGraphReader({ transport, clock })

    const result = await reader.get('/identity/conditionalAccess/policies')

    expect(result).toMatchObject({ ok: true, body: { value: [1] } })
    expect(clock.slept).toEqual([6000])
    expect(reader.stats).toMatchObject({ httpRequests: 2, throttled: 1, retries: 1 })
  })

  it('given 429s without Retry-After, then it backs off as the SDK does: 3 s, then 5 s', async () => {
    const transport = scriptedTransport([throttled(), throttled(), ok({})])
    const clock = recordingClock()
    const reader = new DirectGraphReader({ transport, clock, random: () => 0 })

    await reader.get('/identity/conditionalAccess/namedLocations')

    expect(clock.slept).toEqual([3000, 5000])
  })

  it('given more 429s than its retries, then the last 429 is the answer', async () => {
    const transport = scriptedTransport([throttled('1'), throttled('1'), throttled('1')])
    const reader = new DirectGraphReader({ transport, clock: recordingClock(), maxRetries: 2 })

    const result = await reader.get('/users')

    expect(result).toMatchObject({ ok: false, failure: { kind: 'throttled', status: 429 } })
    expect(transport.requests).toHaveLength(3)
  })

  it('sends ConsistencyLevel when asked, and never paces', async () => {
    const transport = scriptedTransport([])
    const clock = recordingClock()
    const reader = new DirectGraphReader({ transport, clock })

    await reader.get('/users?$count=true', { consistencyLevel: true, limitClass: 'signInActivity' })
    await reader.get('/users?$count=true', { limitClass: 'signInActivity' })

    expect(transport.requests[0]?.headers).toEqual({ ConsistencyLevel: 'eventual' })
    expect(transport.requests[1]?.headers).toBeUndefined()
    expect(clock.slept).toEqual([])
  })
})

describe('withoutPageSize: lists at the SDK default page size', () => {
  it('given a list with $top, when a PageIterator script reads it, then $top is left to Graph', () => {
    expect(withoutPageSize("/users?$filter=userType eq 'Guest'&$select=id,signInActivity&$top=500")).toBe(
      "/users?$filter=userType eq 'Guest'&$select=id,signInActivity"
    )
    expect(withoutPageSize('/users?%24top=999')).toBe('/users')
  })

  it('given a count query, when it is read, then its $top stays', () => {
    const count = "/users?$filter=userType eq 'Guest'&$count=true&$top=1&$select=id"
    expect(withoutPageSize(count)).toBe(count)
  })

  it('given a path without a query or without $top, when it is read, then it is unchanged', () => {
    expect(withoutPageSize('/policies/crossTenantAccessPolicy/partners')).toBe(
      '/policies/crossTenantAccessPolicy/partners'
    )
    expect(withoutPageSize('/users?$select=id')).toBe('/users?$select=id')
  })
})
