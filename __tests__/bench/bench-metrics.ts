/**
 * The benchmark's arithmetic: round trips on the critical path, and the floor a run cannot beat
 * given its round trips and Graph's limits. Pure functions over what the client and the fake saw.
 */
import type { BucketSpec, LimitClassName, LimitDecision } from '../fakes/graph-limits.ts'

/** One HTTP exchange as the client saw it, in real ms. */
export interface Exchange {
  readonly start: number
  readonly end: number
}

/**
 * The most exchanges that ran one after another (each starting after the previous one ended): the
 * round trips the run spent in sequence. Every chain of dependent requests is such a chain, so this
 * is at least the dependency depth; requests a pacer spaced out count too, as they cost time too.
 */
export function longestSequentialChain(exchanges: readonly Exchange[]): number {
  const byStart = [...exchanges].sort((a, b) => a.start - b.start)
  const chain: number[] = []
  let longest = 0
  for (let index = 0; index < byStart.length; index++) {
    const current = byStart[index] as Exchange
    let best = 0
    for (let before = 0; before < index; before++) {
      const previous = byStart[before] as Exchange
      if (previous.end <= current.start) best = Math.max(best, chain[before] ?? 0)
    }
    chain.push(best + 1)
    longest = Math.max(longest, best + 1)
  }
  return longest
}

/**
 * Pages of the longest query the fake served: each page needs the previous one's nextLink, so no
 * strategy reading that query does it in fewer round trips. Throttled attempts are not pages.
 */
export function longestPageChain(decisions: readonly LimitDecision[]): number {
  const pages = new Map<string, number>()
  for (const decision of decisions) {
    if (decision.throttled) continue
    const query = `${decision.method} ${decision.target.replace(/[?&]\$skiptoken=[^&]*/i, '')}`
    pages.set(query, (pages.get(query) ?? 0) + 1)
  }
  let longest = 0
  for (const count of pages.values()) longest = Math.max(longest, count)
  return longest
}

export interface FloorInput {
  readonly latencyMs: number
  /** Real ms per simulated ms of the limits. */
  readonly timeScale: number
  /** See longestPageChain. */
  readonly pageChain: number
  readonly specs: Readonly<Record<LimitClassName, BucketSpec>>
  /** Tokens the run's served requests spent per class. */
  readonly spent: Readonly<Record<LimitClassName, number>>
}

export interface Floor {
  readonly ms: number
  /** What sets it: 'round trips' or a limit class. */
  readonly boundBy: string
}

/**
 * The least time the run's reads can take: sign-in plus the longest page chain at the latency, or,
 * for each limit class, the wait for the tokens beyond a full bucket at the documented rate plus
 * the last answer's latency; whichever is longer.
 */
export function floorOf(input: FloorInput): Floor {
  let floor: Floor = { ms: (1 + input.pageChain) * input.latencyMs, boundBy: 'round trips' }
  for (const [name, spec] of Object.entries(input.specs) as [LimitClassName, BucketSpec][]) {
    const beyondBurst = Math.max(0, (input.spent[name] ?? 0) - spec.capacity)
    if (beyondBurst === 0) continue
    const ms = ((beyondBurst * spec.windowMs) / spec.amount) * input.timeScale + input.latencyMs
    if (ms > floor.ms) floor = { ms, boundBy: name }
  }
  return floor
}

export interface ProjectionInput {
  /** A real Graph round trip, in ms (an assumption the benchmark states beside its figure). */
  readonly realLatencyMs: number
  /** Round trips that must follow one another: sign-in included. */
  readonly roundTrips: number
  readonly specs: Readonly<Record<LimitClassName, BucketSpec>>
  /** Tokens spent per limit class (requests, or resource units for identityAndAccess). */
  readonly spent: Readonly<Partial<Record<LimitClassName, number>>>
}

/**
 * What a set of requests takes against Graph's real limits, in real time (no time scale): the
 * round trips in sequence at the real latency, or, for each limit class, the wait for the tokens
 * beyond a full bucket at the documented rate plus one answer; whichever is longer.
 */
export function projectionOf(input: ProjectionInput): Floor {
  let projection: Floor = { ms: input.roundTrips * input.realLatencyMs, boundBy: 'round trips' }
  for (const [name, spec] of Object.entries(input.specs) as [LimitClassName, BucketSpec][]) {
    const beyondBurst = Math.max(0, (input.spent[name] ?? 0) - spec.capacity)
    if (beyondBurst === 0) continue
    const ms = (beyondBurst * spec.windowMs) / spec.amount + input.realLatencyMs
    if (ms > projection.ms) projection = { ms, boundBy: name }
  }
  return projection
}
