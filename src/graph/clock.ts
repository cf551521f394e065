/** Time as the Graph layer sees it; injectable so that benchmarks can scale it and tests need not wait. */
export interface Clock {
  /** Milliseconds since the epoch, as this clock tells it (a Retry-After date is read against it). */
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}

/** A Clock whose sleeps cost no real time, and a record of every wait the Graph layer asked for. */
export interface FastForwardClock extends Clock {
  /** Every sleep requested, in ms, in the order asked. */
  readonly sleeps: readonly number[]
}

/**
 * Real time plus every wait asked for: a sleep moves the clock forward at once instead of waiting.
 * Waits that would overlap in real time add up here, so the time budget runs out no later than it
 * would for real: a fault the layer survives on this clock, it survives on the wall clock too.
 * Only waits are skipped; network time (and the per-request timeout) stays real. For tests only.
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

/**
 * TEST ONLY: with `ENTRA_B2B_DRIFT_TEST_GRAPH_CLOCK=fast-forward`, the bundled action and the CLI
 * run their Graph layer on a fastForwardClock, so that this project's end-to-end tests do not sit
 * out Retry-After, backoff and pacing waits against the local Graph stand-in. The waits are still
 * asked for, logged and counted against graph-timeout; they just take no time. Honoured only when
 * the Graph endpoint is this machine (a loopback address): against Microsoft Graph, every wait is
 * a real one, whatever the environment says.
 */
export const TEST_GRAPH_CLOCK_VARIABLE = 'ENTRA_B2B_DRIFT_TEST_GRAPH_CLOCK'

export function graphClockFor(
  environment: Readonly<Record<string, string | undefined>>,
  graphEndpoint: string
): Clock {
  return environment[TEST_GRAPH_CLOCK_VARIABLE] === 'fast-forward' && isLoopback(graphEndpoint)
    ? fastForwardClock()
    : systemClock
}

function isLoopback(endpoint: string): boolean {
  let host: string
  try {
    host = new URL(endpoint).hostname
  } catch {
    return false
  }
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
}
