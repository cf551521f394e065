import { systemClock, type Clock } from '../../src/graph/clock.js'
import type { FakeCloud, RecordedRequest } from '../fakes/fake-cloud.ts'

export interface Arrival {
  readonly request: RecordedRequest
  /** The time on `clock` (the Graph layer's clock, when the test injected one) when the fake recorded it. */
  readonly at: number
}

export interface ArrivalWatch {
  /** Tells the time of each arrival: give the clock the Graph layer runs on, so waits it skipped count. */
  readonly clock?: Clock
  /** Called on arrival, before the fake answers, e.g. to expire every token while the run is under way. */
  readonly onArrival?: (request: RecordedRequest) => void
}

/**
 * Timestamps every request as the fake records it, and lets a test act at that moment (before the
 * fake answers it). The fake records into `cloud.requests` synchronously on arrival, before checking
 * the token, so this sees each request first.
 */
export function watchArrivals(cloud: FakeCloud, watch: ArrivalWatch = {}): Arrival[] {
  const clock = watch.clock ?? systemClock
  const arrivals: Arrival[] = []
  const requests = cloud.requests
  const record = requests.push.bind(requests)
  requests.push = (...items: RecordedRequest[]): number => {
    const length = record(...items)
    for (const request of items) {
      arrivals.push({ request, at: clock.now() })
      watch.onArrival?.(request)
    }
    return length
  }
  return arrivals
}
