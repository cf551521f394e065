import { describe, expect, it } from '@jest/globals'
import {
  fastForwardClock,
  graphClockFor,
  systemClock,
  TEST_GRAPH_CLOCK_VARIABLE,
  type FastForwardClock
} from '../../src/graph/clock.js'

const FAST_FORWARD = { [TEST_GRAPH_CLOCK_VARIABLE]: 'fast-forward' }

describe('fastForwardClock', () => {
  it('given a sleep of an hour, then it records the wait and moves its time an hour on, at once', async () => {
    const clock = fastForwardClock()
    const before = clock.now()

    await clock.sleep(3_600_000)

    expect(clock.sleeps).toEqual([3_600_000])
    // An hour on (plus whatever real time the test itself took).
    expect(clock.now() - before).toBeGreaterThanOrEqual(3_600_000)
  })

  it('given a negative wait, then it records none and does not move back', async () => {
    const clock = fastForwardClock()
    const before = clock.now()

    await clock.sleep(-5)

    expect(clock.sleeps).toEqual([0])
    expect(clock.now()).toBeGreaterThanOrEqual(before)
  })
})

describe(`graphClockFor: the test-only ${TEST_GRAPH_CLOCK_VARIABLE} switch`, () => {
  it.each(['https://127.0.0.1:8443', 'https://127.0.0.2', 'https://localhost:3000/', 'https://[::1]:8443'])(
    'given fast-forward and the stand-in at %s, then the Graph layer runs on a fast-forward clock',
    (endpoint) => {
      const clock = graphClockFor(FAST_FORWARD, endpoint)

      expect(clock).not.toBe(systemClock)
      expect((clock as FastForwardClock).sleeps).toEqual([])
    }
  )

  it.each([
    'https://graph.microsoft.com',
    'https://graph.microsoft.us',
    'https://127.0.0.1.example.com',
    'https://localhost.example.com',
    'not a url'
  ])('given fast-forward but the endpoint %s (not this machine), then every wait is real', (endpoint) => {
    expect(graphClockFor(FAST_FORWARD, endpoint)).toBe(systemClock)
  })

  it.each([{}, { [TEST_GRAPH_CLOCK_VARIABLE]: '' }, { [TEST_GRAPH_CLOCK_VARIABLE]: 'on' }])(
    'given %j and the stand-in on this machine, then every wait is real',
    (environment) => {
      expect(graphClockFor(environment, 'https://127.0.0.1:8443')).toBe(systemClock)
    }
  )
})
