import { describe, expect, it } from '@jest/globals'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { largeTenant } from '../fakes/simulated-tenant.ts'
import { runAgainstFake } from './strategy-run.ts'

const NOW = new Date('2026-11-20T12:00:00Z')
/** Limits on, every wait 5,000 times shorter than real time: the throttled paths run, quickly. */
const OPTIONS = { now: NOW, staleGuestDays: 90, timeScale: 0.0002 }

/**
 * The benchmark's tiers with fewer guests where the full one would be slow here (the full large
 * tier is the benchmark's job): the partners and policies are the benchmark's.
 */
const TIERS = [
  ['small (10 partners, 20 CA policies, 1,000 guests)', { partners: 10, caPolicies: 20, guests: 1000 }],
  [
    'reduced large (1,000 partners, 195 CA policies, 20,000 guests)',
    { partners: 1000, caPolicies: 195, guests: 20_000 }
  ]
] as const

describe('the optimised collector and the naive reference read the same tenant', () => {
  it.each(TIERS)(
    'given the %s tier, then both snapshots are identical',
    async (_name, size) => {
      const tenant = largeTenant({ ...size, staleRatio: 0.2, now: NOW })

      const ours = await runAgainstFake('optimised', tenant, OPTIONS)
      const naive = await runAgainstFake('naive', tenant, OPTIONS)

      expect(ours.collection.problems).toEqual([])
      expect(naive.collection.problems).toEqual([])
      expect(serializeSnapshot(ours.collection.snapshot)).toBe(serializeSnapshot(naive.collection.snapshot))
      // The same answer by different reads: batched, expanded and filtered against one GET per resource.
      expect(ours.stats.batches).toBeGreaterThan(0)
      expect(naive.stats.batches).toBe(0)
      expect(naive.stats.httpRequests).toBeGreaterThan(size.partners)
      expect(ours.stats.httpRequests).toBeLessThan(naive.stats.httpRequests)
      // CPU-bound, not waiting: the reduced large tier is some 20,000 reads over TLS, twice.
    },
    60_000
  )
})
