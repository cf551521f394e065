import { describe, expect, it } from '@jest/globals'
import { backoffDelay, parseRetryAfter } from '../../src/graph/retry-policy.js'
import { Pacer } from '../../src/graph/pacer.js'
import type { Clock } from '../../src/graph/clock.js'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T10:00:00Z')

  it.each([
    ['10', 10_000],
    ['2.128', 2128],
    ['0', 0],
    ['Thu, 26 Nov 2026 10:00:05 GMT', 5000],
    ['Thu, 26 Nov 2026 09:59:00 GMT', 0]
  ])('reads %s as %d ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected)
  })

  it.each([[undefined], [null], [''], ['soon']])('gives undefined for %p', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined()
  })
})

describe('backoffDelay', () => {
  it('grows exponentially, keeps half of each step and caps at the maximum', () => {
    const options = { baseMs: 100, maxMs: 1000, random: () => 0 }

    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, options))).toEqual([
      50, 100, 200, 400, 500, 500
    ])
  })

  it('adds up to half a step of jitter', () => {
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000, random: () => 0.999 })).toBeCloseTo(399.8, 1)
  })
})

describe('Pacer', () => {
  function fakeClock(): Clock & { slept: number[] } {
    let now = 0
    const slept: number[] = []
    return {
      slept,
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms)
        now += ms
      }
    }
  }

  it("given 1 request per second with no burst, then the third request waits two seconds and the window's guard", async () => {
    const clock = fakeClock()
    const pacer = new Pacer({ requests: 1, windowMs: 1000, burst: 1 }, clock)

    await Promise.all([pacer.acquire(), pacer.acquire(), pacer.acquire()])

    expect(clock.slept).toEqual([1000, 20, 1000, 20])
    expect(clock.now()).toBe(2040)
  })

  it('given a burst of 2, then two requests go at once', async () => {
    const clock = fakeClock()
    const pacer = new Pacer({ requests: 10, windowMs: 60_000, burst: 2 }, clock)

    await pacer.acquire()
    await pacer.acquire()

    expect(clock.slept).toEqual([])
  })
})
