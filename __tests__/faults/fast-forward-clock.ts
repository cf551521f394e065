import type { Clock } from '../../src/graph/clock.js'

/** A Clock whose sleeps cost no real time, and a record of every wait the Graph layer asked for. */
export interface FastForwardClock extends Clock {
  /** Every sleep requested, in ms, in the order asked. */
  readonly sleeps: readonly number[]
}

/**
 * Real time plus every wait asked for: a sleep moves the clock forward at once instead of waiting.
 * Waits that would overlap in real time add up here, so the time budget runs out no later than it
 * would for real: a fault the layer survives on this clock, it survives on the wall clock too.
 * Only waits are skipped; network time (and the per-request timeout) stays real.
 */
export function fastForwardClock(): FastForwardClock {
  let skipped = 0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => Date.now() + skipped,
    sleep: async (ms) => {
      const wait = Math.max(0, ms)
      sleeps.push(wait)
      skipped += wait
      // Still yield, so a retry loop never starves the answers it is waiting for.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
}
