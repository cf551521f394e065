import { afterEach, describe, expect, it } from '@jest/globals'
import {
  guestsCollector,
  parseStaleGuestRecord,
  reusableStaleCount,
  staleGuestFile,
  type GuestsCollectorOptions,
  type StaleGuestMemory,
  type StaleGuestRecord
} from '../../src/collectors/guests.js'
import { isStale } from '../../src/collectors/sign-in-activity.js'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import { scaledClock } from '../fakes/graph-limits.ts'
import {
  cloneTenant,
  contosoTenant,
  generatedUsers,
  listedUsers,
  type SimulatedTenant,
  type SimulatedUser
} from '../fakes/simulated-tenant.ts'
import { openTestGraph, startTestCloud } from '../support/graph-fixture.js'

const NOW = new Date('2026-11-20T12:00:00Z')
const DAY = 86_400_000
let cloud: FakeCloud | undefined

afterEach(async () => {
  await cloud?.close()
  cloud = undefined
})

/** Waits (pacing, Retry-After) run 2,000 times faster than real time; so does the time budget. */
const FAST = { clock: scaledClock(0.0005), timeoutSeconds: 24 * 3600 }

/** Collects the guests section through the real Graph layer. */
async function collectGuests(tenant: SimulatedTenant, options: GuestsCollectorOptions = {}, days = 90) {
  cloud = await startTestCloud(tenant)
  const { graph } = openTestGraph(cloud, FAST)
  const log: string[] = []
  const result = await guestsCollector({ log: (line) => log.push(line), ...options }).collect({
    graph,
    cloud: 'global',
    staleGuestDays: days,
    now: NOW
  })
  const signInReads = cloud.graphRequests().filter((request) => request.path.includes('signInActivity'))
  return { ...result, signInReads, log }
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

function withUsers(users: SimulatedTenant['users']): SimulatedTenant {
  return { ...cloneTenant(contosoTenant({ now: NOW })), users }
}

const isGuestListing = (path: string): boolean => path.includes("$filter=userType eq 'Guest'&$select=")

describe('counting stale guests with the fewest throttled pages', () => {
  it('given Contoso, then guests who never signed in count once their invitation is older than the cutoff', async () => {
    const { sections, problems } = await collectGuests(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    // 4 who last signed in 91-700 days ago, the accepted guest with no sign-in, the 200-day-old invitation.
    expect(sections.guests).toMatchObject({ staleAfterDays: 90, stale: 6 })
  })

  it('given a guest-heavy tenant, then two signInActivity filters are read (userType checked here) and no guest is listed', async () => {
    const tenant = withUsers(
      generatedUsers({
        guests: 3000,
        members: 300,
        staleRatio: 0.3,
        pendingRatio: 0.05,
        neverSignedInRatio: 0.05,
        now: NOW
      })
    )

    const { sections, signInReads, problems } = await collectGuests(tenant)
    expect(problems).toEqual([])

    expect(sections.guests?.stale).toBe(trueStaleCount(tenant, 90))
    expect(signInReads.some((request) => isGuestListing(request.path))).toBe(false)
    expect(
      signInReads.some((request) => request.path.includes('lastSignInDateTime le 2026-08-22T12:00:00Z'))
    ).toBe(true)
    expect(signInReads.some((request) => request.path.includes('lastSignInDateTime eq null'))).toBe(true)
    // 750 signed in long ago (2 pages) + 300 with no sign-in (1 page), against 6 pages of guests.
    expect(signInReads).toHaveLength(3)
    for (const request of signInReads) expect(request.headers.consistencylevel).toBe('eventual')
  })

  it('given a member-heavy tenant, then its counts show that listing the guests takes fewer pages, and that is read instead', async () => {
    const users: SimulatedUser[] = []
    for (let index = 0; index < 2600; index++) users.push(member(index))
    for (let index = 0; index < 40; index++) users.push(guest(index, index % 4 === 0 ? 200 : 10))
    const tenant = withUsers(listedUsers(users))

    const { sections, signInReads, log } = await collectGuests(tenant)

    expect(sections.guests?.stale).toBe(10)
    expect(signInReads.filter((request) => isGuestListing(request.path))).toHaveLength(1)
    // The two first pages (their counts decided it), then one page of guests; not the 6 pages of members.
    expect(signInReads).toHaveLength(3)
    expect(log.join('\n')).toContain('listing 40 guests takes 1 pages')
  })

  it('given a Graph that refuses the filter on a missing sign-in, then every guest is listed instead and the count is the same', async () => {
    const tenant = contosoTenant({ now: NOW })
    cloud = await startTestCloud(tenant)
    cloud.faults.inject({ match: /lastSignInDateTime eq null/, times: Infinity, fault: { status: 400 } })
    const { graph } = openTestGraph(cloud, FAST)

    const { sections, problems } = await guestsCollector().collect({
      graph,
      cloud: 'global',
      staleGuestDays: 90,
      now: NOW
    })

    expect(problems).toEqual([])
    expect(sections.guests?.stale).toBe(6)
    expect(cloud.graphRequests().some((request) => isGuestListing(request.path))).toBe(true)
  })

  it("given the 'guest-listing' strategy, then every guest is listed 500 a page and nothing else reads sign-ins", async () => {
    const tenant = withUsers(generatedUsers({ guests: 1200, staleRatio: 0.2, now: NOW }))

    const { sections, signInReads } = await collectGuests(tenant, { strategy: 'guest-listing' })

    expect(sections.guests?.stale).toBe(trueStaleCount(tenant, 90))
    expect(signInReads).toHaveLength(3)
    expect(signInReads.every((request) => isGuestListing(request.path))).toBe(true)
  })
})

describe('a stale-guest count kept between runs', () => {
  function memoryHolding(
    record: StaleGuestRecord | undefined
  ): StaleGuestMemory & { kept: StaleGuestRecord[] } {
    const kept: StaleGuestRecord[] = []
    return {
      kept,
      recall: async () => record,
      remember: async (next) => void kept.push(next)
    }
  }

  it('given a count taken 2 hours ago with the same threshold and a 24-hour interval, then it is reused and no sign-in is read', async () => {
    const memory = memoryHolding({
      staleAfterDays: 90,
      countedAt: new Date(NOW.getTime() - 2 * 3_600_000).toISOString(),
      stale: 4321
    })

    const { sections, signInReads, log } = await collectGuests(contosoTenant({ now: NOW }), {
      memory,
      refreshAfterHours: 24
    })

    expect(sections.guests).toMatchObject({ stale: 4321, staleAfterDays: 90 })
    expect(signInReads).toEqual([])
    expect(memory.kept).toEqual([])
    expect(log.join('\n')).toContain('reusing the count of 2026-11-20T10:00:00.000Z')
  })

  it('given a count older than the interval, then the guests are counted again and the new count is kept', async () => {
    const memory = memoryHolding({ staleAfterDays: 90, countedAt: '2026-11-18T12:00:00.000Z', stale: 4321 })

    const { sections, signInReads } = await collectGuests(contosoTenant({ now: NOW }), {
      memory,
      refreshAfterHours: 24
    })

    expect(sections.guests?.stale).toBe(6)
    expect(signInReads.length).toBeGreaterThan(0)
    expect(memory.kept).toEqual([{ staleAfterDays: 90, countedAt: NOW.toISOString(), stale: 6 }])
  })

  it('given a count taken with another threshold, then it is not reused', async () => {
    const memory = memoryHolding({ staleAfterDays: 30, countedAt: NOW.toISOString(), stale: 4321 })

    const { sections } = await collectGuests(contosoTenant({ now: NOW }), { memory, refreshAfterHours: 24 })

    expect(sections.guests?.stale).toBe(6)
  })

  it('given a count that failed, then nothing is kept', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('AuditLog.Read.All')
    const memory = memoryHolding(undefined)

    const { sections, problems } = await collectGuests(tenant, { memory, refreshAfterHours: 24 })

    expect(sections.guests?.stale).toBeUndefined()
    expect(problems.map((problem) => problem.section)).toEqual(['guests.stale'])
    expect(memory.kept).toEqual([])
  })

  it.each([
    ['the same threshold, 23 h old', { staleAfterDays: 90, countedAt: '2026-11-19T13:00:00Z', stale: 7 }, 7],
    [
      'exactly the interval old',
      { staleAfterDays: 90, countedAt: '2026-11-19T12:00:00Z', stale: 7 },
      undefined
    ],
    ['another threshold', { staleAfterDays: 60, countedAt: '2026-11-20T11:00:00Z', stale: 7 }, undefined],
    [
      'taken in the future (clock skew)',
      { staleAfterDays: 90, countedAt: '2026-11-21T12:00:00Z', stale: 7 },
      undefined
    ]
  ])('reusableStaleCount: %s → %p', (_name, record, expected) => {
    expect(reusableStaleCount(record, { staleAfterDays: 90, now: NOW, refreshAfterHours: 24 })).toBe(expected)
  })

  it('keeps the record in a small JSON file, and reads a missing or malformed file as no record', async () => {
    const files = new Map<string, string>()
    const io = {
      readFile: async (path: string) => files.get(path),
      writeFile: async (path: string, text: string) => void files.set(path, text)
    }
    const memory = staleGuestFile('.entra-b2b-drift/stale-guests.json', io)
    const record = { staleAfterDays: 90, countedAt: NOW.toISOString(), stale: 50_000 }

    expect(await memory.recall()).toBeUndefined()
    await memory.remember(record)
    expect(await memory.recall()).toEqual(record)
    expect(JSON.parse(files.get('.entra-b2b-drift/stale-guests.json') ?? '')).toEqual(record)

    for (const text of [
      'not json',
      '[]',
      '{"staleAfterDays":90,"countedAt":"yesterday","stale":1}',
      '{"staleAfterDays":90,"countedAt":"2026-11-20T12:00:00Z","stale":-1}'
    ]) {
      expect(parseStaleGuestRecord(text)).toBeUndefined()
    }
  })
})

function member(index: number): SimulatedUser {
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    displayName: `Room ${index}`,
    userPrincipalName: `room${index}@woodgrove.example`,
    userType: 'Member',
    externalUserState: null,
    createdDateTime: '2024-01-01T00:00:00Z'
  }
}

/** A guest created long ago whose last sign-in was `daysAgo` days before NOW. */
function guest(index: number, daysAgo: number): SimulatedUser {
  const last = new Date(NOW.getTime() - daysAgo * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z')
  return {
    id: `11111111-0000-4000-8000-${String(index).padStart(12, '0')}`,
    displayName: `Guest ${index}`,
    userPrincipalName: `guest${index}_fabrikam.example#EXT#@woodgrove.example`,
    userType: 'Guest',
    externalUserState: 'Accepted',
    createdDateTime: '2024-01-01T00:00:00Z',
    signInActivity: {
      lastSignInDateTime: last,
      lastNonInteractiveSignInDateTime: '0001-01-01T00:00:00Z',
      lastSuccessfulSignInDateTime: last
    }
  }
}
