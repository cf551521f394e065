import { describe, expect, it } from '@jest/globals'
import { documentedLimits, type LimitDecision } from '../fakes/graph-limits.ts'
import { floorOf, longestPageChain, longestSequentialChain, projectionOf } from './bench-metrics.ts'

describe('longestSequentialChain', () => {
  it('given three overlapping exchanges, then they are one round trip', () => {
    expect(
      longestSequentialChain([
        { start: 0, end: 50 },
        { start: 1, end: 51 },
        { start: 2, end: 60 }
      ])
    ).toBe(1)
  })

  it('given a page chain beside a parallel read, then the chain is the critical path', () => {
    const exchanges = [
      { start: 0, end: 50 },
      { start: 51, end: 100 },
      { start: 101, end: 150 },
      { start: 10, end: 140 }
    ]
    expect(longestSequentialChain(exchanges)).toBe(3)
  })

  it('given nothing, then zero', () => {
    expect(longestSequentialChain([])).toBe(0)
  })
})

function decision(target: string, throttled = false): LimitDecision {
  return { at: 0, method: 'GET', target, charges: [], throttled }
}

describe('longestPageChain', () => {
  it('counts the pages of each query, nextLinks included and throttled attempts not', () => {
    const decisions = [
      decision('/users?$filter=a&$top=500'),
      decision('/users?$filter=a&$top=500&$skiptoken=X1'),
      decision('/users?$filter=a&$top=500&$skiptoken=X2', true),
      decision('/users?$filter=a&$top=500&$skiptoken=X2'),
      decision('/users?$filter=b&$top=500'),
      decision('/policies/authorizationPolicy')
    ]
    expect(longestPageChain(decisions)).toBe(3)
  })
})

describe('floorOf', () => {
  const specs = documentedLimits(275_000)
  const nothingSpent = { conditionalAccess: 0, signInActivity: 0, identityAndAccess: 0, reports: 0 }

  it('given no limit passed its burst, then sign-in plus the longest page chain at the latency', () => {
    expect(floorOf({ latencyMs: 50, timeScale: 0.01, pageChain: 3, specs, spent: nothingSpent })).toEqual({
      ms: 200,
      boundBy: 'round trips'
    })
  })

  it('given 125 signInActivity pages at 10 a minute, scaled by 0.01, then 115 waits of 60 ms and one answer', () => {
    const floor = floorOf({
      latencyMs: 50,
      timeScale: 0.01,
      pageChain: 75,
      specs,
      spent: { ...nothingSpent, signInActivity: 125 }
    })
    expect(floor.boundBy).toBe('signInActivity')
    expect(floor.ms).toBeCloseTo(115 * 60 + 50, 6)
  })
})

describe('projectionOf: requests against the real limits, in real time', () => {
  const specs = documentedLimits(300_000)

  it('given 500 signInActivity pages, then the 10-a-minute limit sets it: 49 minutes after the burst of 10', () => {
    const projection = projectionOf({
      realLatencyMs: 200,
      roundTrips: 501,
      specs,
      spent: { signInActivity: 500 }
    })
    expect(projection).toEqual({ ms: 49 * 60_000 + 200, boundBy: 'signInActivity' })
  })

  it('given a few requests within every burst, then the round trips set it', () => {
    const projection = projectionOf({
      realLatencyMs: 200,
      roundTrips: 3,
      specs,
      spent: { conditionalAccess: 1, identityAndAccess: 20 }
    })
    expect(projection).toEqual({ ms: 600, boundBy: 'round trips' })
  })

  it('given two Conditional Access reads, then the second waits a second (1 request a second)', () => {
    const projection = projectionOf({
      realLatencyMs: 200,
      roundTrips: 2,
      specs,
      spent: { conditionalAccess: 2 }
    })
    expect(projection).toEqual({ ms: 1200, boundBy: 'conditionalAccess' })
  })
})
