import type { FakeCloud, RecordedRequest } from '../fakes/fake-cloud.ts'

export interface Arrival {
  readonly request: RecordedRequest
  /** Date.now() when the fake recorded it. */
  readonly at: number
}

/**
 * Timestamps every request as the fake records it, and lets a test act at that moment (before the
 * fake answers it), e.g. expire every token while the run is under way. The fake records into
 * `cloud.requests` synchronously on arrival, before checking the token, so this sees each request
 * first.
 */
export function watchArrivals(cloud: FakeCloud, onArrival?: (request: RecordedRequest) => void): Arrival[] {
  const arrivals: Arrival[] = []
  const requests = cloud.requests
  const record = requests.push.bind(requests)
  requests.push = (...items: RecordedRequest[]): number => {
    const length = record(...items)
    for (const request of items) {
      arrivals.push({ request, at: Date.now() })
      onArrival?.(request)
    }
    return length
  }
  return arrivals
}
