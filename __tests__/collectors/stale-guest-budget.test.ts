import { afterEach, describe, expect, it } from '@jest/globals'
import { blockingProblems, collectSnapshot } from '../../src/collectors/collect.js'
import {
  censusDeadline,
  guests,
  guestsCollector,
  staleGuestFile,
  type GuestsCollectorOptions
} from '../../src/collectors/guests.js'
import type { StaleGuestState } from '../../src/collectors/guest-census.js'
import { COLLECTORS } from '../../src/collectors/registry.js'
import { fastForwardClock } from '../../src/graph/clock.js'
import { isStale } from '../../src/collectors/sign-in-activity.js'
import { startFakeCloud, trustFakeCertificate, type FakeCloud } from '../fakes/fake-cloud.ts'
import { createGraphLimits } from '../fakes/graph-limits.ts'
import {
  cloneTenant,
  contosoTenant,
  generatedUsers,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { CLIENT_ID, CLIENT_SECRET, openTestGraph } from '../support/graph-fixture.js'

const NOW = new Date('2026-11-20T12:00:00Z')
const DAY = 86_400_000
/** 20,000 guests: 40 pages of 500, about 4 simulated minutes at 10 pages a minute. */
const GUESTS = 20_000

let cloud: FakeCloud | undefined

afterEach(async () => {
  await cloud?.close()
  cloud = undefined
})

function largeTenant(): SimulatedTenant {
  const users = generatedUsers({
    guests: GUESTS,
    members: 2000,
    staleRatio: 0.3,
    neverSignedInRatio: 0.05,
    now: NOW
  })
  return { ...cloneTenant(contosoTenant({ now: NOW })), users }
}

function trueStaleCount(tenant: SimulatedTenant, days: number): number {
  const cutoff = NOW.getTime() - days * DAY
  let stale = 0
  for (let index = 0; index < tenant.users.size; index++) {
    const user = tenant.users.at(index)
    if (user.userType === 'Guest' && isStale(user as never, cutoff)) stale++
  }
  return stale
}

/** One run: the fake enforcing Graph's documented limits, every collector, the census with `options`. */
async function snapshotRun(tenant: SimulatedTenant, options: GuestsCollectorOptions, now = NOW) {
  // Waits cost no real time (the fake's limits run on the same fast-forwarded clock), while the
  // fake's own work counts at its real cost: Graph's 10 signInActivity pages a minute are enforced
  // and paced, and a busy machine does not turn a few counts into minutes of Graph time.
  const clock = fastForwardClock()
  const limits = createGraphLimits({ tenantUsers: tenant.users.size, realNow: () => clock.now() })
  trustFakeCertificate()
  cloud = await startFakeCloud({ tenant, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, limits })
  const { graph } = openTestGraph(cloud, { clock, timeoutSeconds: 1800 })
  const log: string[] = []
  const census = guestsCollector({ log: (line) => log.push(line), ...options })
  const collection = await collectSnapshot(graph, {
    tenantId: tenant.tenantId,
    cloud: 'global',
    staleGuestDays: 90,
    now,
    collectors: COLLECTORS.map((collector) => (collector === guests ? census : collector))
  })
  const signInPages = limits.decisions.filter(
    (decision) =>
      !decision.throttled && decision.charges.some((charge) => charge.limitClass === 'signInActivity')
  ).length
  const result = { collection, log, signInPages, throttled: limits.stats().byClass.signInActivity.throttled }
  await cloud.close()
  cloud = undefined
  return result
}

function oneCount(staleAfterDays: number, countedAt: string, stale: number): StaleGuestState {
  return { version: 2, staleAfterDays, complete: { countedAt, asOf: countedAt, stale } }
}

function cacheFiles() {
  const files = new Map<string, string>()
  return {
    files,
    readFile: async (path: string) => files.get(path),
    writeFile: async (path: string, text: string) => void files.set(path, text)
  }
}

describe('a stale-guest census within its own time budget', () => {
  it('given 20,000 guests, a 2-minute budget and no kept count, then the configuration snapshot is whole and the stale figure is named as not counted', async () => {
    const tenant = largeTenant()

    const { collection, signInPages } = await snapshotRun(tenant, { budgetMinutes: 2 })

    expect(blockingProblems(collection.problems)).toEqual([])
    expect(collection.snapshot.guests?.total).toBe(GUESTS)
    expect(collection.snapshot.guests?.stale).toBeUndefined()
    expect(collection.snapshot.unavailable?.['guests.stale']).toMatch(
      /^not counted: the census read \d+ guests and could not finish within stale-guest-budget \(2 min\)/
    )
    // Never all 40 pages: the census stopped at its budget (planning its slices took part of it).
    expect(signInPages).toBeLessThan(GUESTS / 500)
    expect(collection.snapshot.unavailable?.['guests.stale']).toMatch(
      /\d+ of \d+ creation-date slices are counted \(\d+ guests\), without stale-guest-cache the next run starts again; set stale-guest-cache/
    )
    // The configuration is all there.
    expect(collection.snapshot.crossTenantAccessPolicy).toBeDefined()
  }, 60_000)

  it('given a census kept from 3 days ago, then a run that cannot finish reports it as of its date, and a run with room finishes the census it began and keeps it', async () => {
    const tenant = largeTenant()
    const cache = cacheFiles()
    const memory = staleGuestFile('stale-guests.json', cache)
    await memory.remember(oneCount(90, '2026-11-17T02:00:00.000Z', 5000))

    const short = await snapshotRun(tenant, { budgetMinutes: 2, memory })

    expect(blockingProblems(short.collection.problems)).toEqual([])
    expect(short.collection.snapshot.guests?.stale).toBe(5000)
    expect(short.collection.snapshot.guests?.staleDefinition).toContain(
      'as of 2026-11-17T02:00:00.000Z (3 days earlier)'
    )
    expect(short.collection.snapshot.unavailable?.['guests.stale']).toBeUndefined()
    // The complete count is left as it was (no partial count overwrites it); the census's progress is kept beside it.
    const kept = JSON.parse(cache.files.get('stale-guests.json') ?? '{}') as StaleGuestState
    expect(kept.complete).toEqual(oneCount(90, '2026-11-17T02:00:00.000Z', 5000).complete)
    expect(kept.census?.slices.some((slice) => slice.counted !== undefined)).toBe(true)

    const roomy = await snapshotRun(tenant, { budgetMinutes: 30, memory })

    const expected = trueStaleCount(tenant, 90)
    expect(roomy.collection.snapshot.guests?.stale).toBe(expected)
    expect(roomy.collection.snapshot.guests?.staleDefinition).toMatch(
      /counted in \d+ slices by creation date, as of 2026-11-20T12:00:00.000Z/
    )
    // Only the slices the short run left were read.
    expect(short.signInPages + roomy.signInPages).toBeLessThan(
      GUESTS / 500 + (kept.census?.slices.length ?? 0)
    )
    expect(JSON.parse(cache.files.get('stale-guests.json') ?? '{}')).toEqual({
      version: 2,
      staleAfterDays: 90,
      complete: {
        countedAt: NOW.toISOString(),
        asOf: NOW.toISOString(),
        stale: expected,
        slices: kept.census?.slices.length,
        notCounted: 0
      }
    })
  }, 60_000)

  it('given a kept count with another threshold, then it is not shown for this one: not counted', async () => {
    const tenant = largeTenant()
    const cache = cacheFiles()
    const memory = staleGuestFile('stale-guests.json', cache)
    await memory.remember(oneCount(30, '2026-11-19T02:00:00.000Z', 9000))

    const { collection } = await snapshotRun(tenant, { budgetMinutes: 2, memory })

    expect(collection.snapshot.guests?.stale).toBeUndefined()
    expect(collection.snapshot.unavailable?.['guests.stale']).toContain(
      'no complete count with this threshold'
    )
  }, 60_000)
})

describe('censusDeadline', () => {
  it('ends at its own budget, or before graph-timeout (two minutes, or a tenth of it) when that comes first', () => {
    expect(censusDeadline(0, 20, 30 * 60_000)).toBe(20 * 60_000)
    expect(censusDeadline(0, 60, 30 * 60_000)).toBe(28 * 60_000)
    expect(censusDeadline(0, 20, undefined)).toBe(20 * 60_000)
    // A short graph-timeout keeps a tenth of itself back, not two minutes.
    expect(censusDeadline(0, 20, 60_000)).toBe(54_000)
    expect(censusDeadline(0, undefined, 30 * 60_000)).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('a census that resumes where the last run stopped (issue 16)', () => {
  /** 60,000 guests: 120 pages of 500, 12 minutes at Graph's 10 signInActivity reads a minute. */
  const MANY = 60_000
  /**
   * Minutes a run may spend on the census: 50 of the 120 pages, a little over a third (at 4, a
   * third exactly, the pages a run cannot fill with a whole slice leave a last slice for run 4).
   */
  const BUDGET = 5

  function hugeTenant(): SimulatedTenant {
    const users = generatedUsers({
      guests: MANY,
      members: 2000,
      staleRatio: 0.3,
      neverSignedInRatio: 0.05,
      pendingRatio: 0.02,
      undatedPerMille: 20,
      now: NOW
    })
    return { ...cloneTenant(contosoTenant({ now: NOW })), users }
  }

  /** The fake's truth: stale guests with a creation date (those the slices hold), and guests without one. */
  function truth(tenant: SimulatedTenant): { stale: number; undated: number } {
    const cutoff = NOW.getTime() - 90 * DAY
    let stale = 0
    let undated = 0
    for (let index = 0; index < tenant.users.size; index++) {
      const user = tenant.users.at(index)
      if (user.userType !== 'Guest') continue
      if (user.createdDateTime === null) undated++
      else if (isStale(user as never, cutoff)) stale++
    }
    return { stale, undated }
  }

  function progress(files: Map<string, string>): { counted: number; slices: number } {
    const state = JSON.parse(files.get('stale-guests.json') ?? '{}') as StaleGuestState
    const slices = state.census?.slices ?? []
    return { counted: slices.filter((slice) => slice.counted !== undefined).length, slices: slices.length }
  }

  it('given 60,000 guests (some without a creation date) and a budget for a little over a third of them, then every run has the whole configuration, runs 1 and 2 say not counted and how far the census got, and run 3 completes it with the true count', async () => {
    const tenant = hugeTenant()
    const { stale, undated } = truth(tenant)
    const cache = cacheFiles()
    const memory = staleGuestFile('stale-guests.json', cache)
    const options = { budgetMinutes: BUDGET, memory, refreshAfterHours: 12 }

    const first = await snapshotRun(tenant, options)
    const afterFirst = progress(cache.files)
    const second = await snapshotRun(tenant, options)
    const afterSecond = progress(cache.files)
    const third = await snapshotRun(tenant, options)

    for (const run of [first, second, third]) {
      expect(blockingProblems(run.collection.problems)).toEqual([])
      expect(run.collection.snapshot.crossTenantAccessPolicy).toBeDefined()
      expect(run.collection.snapshot.guests?.total).toBe(MANY)
    }
    // Run 1 plans the slices and counts the first of them; run 2 goes on from there.
    expect(first.collection.snapshot.guests?.stale).toBeUndefined()
    expect(first.collection.snapshot.unavailable?.['guests.stale']).toMatch(
      new RegExp(
        `^not counted: .* ${afterFirst.counted} of ${afterFirst.slices} creation-date slices are counted`
      )
    )
    expect(afterFirst.counted).toBeGreaterThan(0)
    expect(second.collection.snapshot.guests?.stale).toBeUndefined()
    expect(afterSecond.slices).toBe(afterFirst.slices)
    expect(afterSecond.counted).toBeGreaterThan(afterFirst.counted)
    expect(afterSecond.counted).toBeLessThan(afterSecond.slices)
    // Run 3 completes the census: the fake's truth, with the guests outside every slice named.
    expect(third.collection.snapshot.guests?.stale).toBe(stale)
    expect(third.collection.snapshot.unavailable?.['guests.stale']).toBeUndefined()
    expect(third.collection.snapshot.guests?.staleDefinition).toContain(
      `counted in ${afterFirst.slices} slices by creation date, as of ${NOW.toISOString()}`
    )
    expect(third.collection.snapshot.guests?.staleDefinition).toContain(
      `${undated} guests without a creation date not counted`
    )
    expect(undated).toBeGreaterThan(0)
    // No page is read twice but the few of a slice a run stopped in: about the 120 of one listing.
    const pages = first.signInPages + second.signInPages + third.signInPages
    expect(pages).toBeLessThan(MANY / 500 + 2 * afterFirst.slices)

    // A day later the count is older than stale-guest-refresh-hours: a new census begins, and
    // while it cannot finish, the figure is the complete one, with its date and age.
    const fourth = await snapshotRun(tenant, options, new Date(NOW.getTime() + DAY))

    expect(fourth.collection.snapshot.guests?.stale).toBe(stale)
    expect(fourth.collection.snapshot.guests?.staleDefinition).toContain(
      `as of ${NOW.toISOString()} (1 day earlier): this run's census did not finish within stale-guest-budget, so the figure is the last complete count`
    )
    expect(progress(cache.files).counted).toBeGreaterThan(0)
  }, 240_000)
})
