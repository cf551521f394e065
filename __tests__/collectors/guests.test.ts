import { afterEach, describe, expect, it } from '@jest/globals'
import { parseStaleGuestState, type StaleGuestState } from '../../src/collectors/guest-census.js'
import {
  guestsCollector,
  reusableStaleCount,
  staleGuestFile,
  type GuestsCollectorOptions,
  type StaleGuestMemory
} from '../../src/collectors/guests.js'
import { isStale } from '../../src/collectors/sign-in-activity.js'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import { scaledClock } from '../fakes/graph-limits.ts'
import {
  cloneTenant,
  contosoTenant,
  generatedUsers,
  type SimulatedTenant
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

/** Whether a request sends a filter no Microsoft example shows on signInActivity. */
const UNDOCUMENTED_SIGN_IN_QUERY =
  /signInActivity\/\w+ (eq|ne) null|signInActivity\/[^&]*&(.*&)?\$count=true|\$count=true(&.*)?&\$filter=signInActivity/i

/** A tenant whose stale guests include some who never signed in (no signInActivity at all). */
function tenantWithNeverSignedIn(): SimulatedTenant {
  return withUsers(
    generatedUsers({
      guests: 3000,
      members: 300,
      staleRatio: 0.3,
      pendingRatio: 0.05,
      neverSignedInRatio: 0.05,
      now: NOW
    })
  )
}

function neverSignedInStaleGuests(tenant: SimulatedTenant, days: number): number {
  const cutoff = NOW.getTime() - days * DAY
  let count = 0
  for (let index = 0; index < tenant.users.size; index++) {
    const user = tenant.users.at(index)
    if (user.userType === 'Guest' && user.signInActivity === undefined && isStale(user as never, cutoff))
      count++
  }
  return count
}

describe('counting stale guests with documented query forms only', () => {
  it('given Contoso, then guests who never signed in count once their invitation is older than the cutoff, and the figure says so', async () => {
    const { sections, problems } = await collectGuests(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    // 4 who last signed in 91-700 days ago, the accepted guest with no sign-in, the 200-day-old invitation.
    expect(sections.guests).toMatchObject({ staleAfterDays: 90, stale: 6 })
    expect(sections.guests?.staleDefinition).toBe(
      'guests with no sign-in (interactive, non-interactive or successful) for 90 days; guests who never signed in are included once their account is older than 90 days'
    )
  })

  it('given a guest-heavy tenant with never-signed-in guests, then every guest is listed 500 a page and none is left out', async () => {
    const tenant = tenantWithNeverSignedIn()
    expect(neverSignedInStaleGuests(tenant, 90)).toBeGreaterThan(0)

    const { sections, signInReads, problems } = await collectGuests(tenant)

    expect(problems).toEqual([])
    expect(sections.guests?.stale).toBe(trueStaleCount(tenant, 90))
    // 3,000 guests, 500 a page: 6 pages, each one paced as a signInActivity read.
    expect(signInReads).toHaveLength(6)
    expect(signInReads.every((request) => isGuestListing(request.path))).toBe(true)
  })

  it('sends no signInActivity eq null, no $count with a signInActivity filter, in any request', async () => {
    const tenant = tenantWithNeverSignedIn()

    await collectGuests(tenant)

    const sent = cloud?.graphRequests().map((request) => request.path) ?? []
    expect(sent.length).toBeGreaterThan(0)
    expect(sent.filter((path) => UNDOCUMENTED_SIGN_IN_QUERY.test(path))).toEqual([])
  })

  it('given a Graph that answers signInActivity eq null with an empty page (undocumented), then the stale-guest figure does not change', async () => {
    const tenant = tenantWithNeverSignedIn()
    cloud = await startTestCloud(tenant)
    const { graph } = openTestGraph(cloud, FAST)
    // The fake answers the undocumented filter as a 200 that finds nobody, never-signed-in users included.
    const answer = await graph.get(
      '/users?$filter=signInActivity/lastSignInDateTime eq null&$select=id,signInActivity&$top=500',
      { limitClass: 'signInActivity' }
    )
    expect(answer.ok && (answer.body as { value: unknown[] }).value).toEqual([])
    await cloud.close()
    cloud = undefined

    const { sections, problems } = await collectGuests(tenant)

    expect(problems).toEqual([])
    expect(sections.guests?.stale).toBe(trueStaleCount(tenant, 90))
  })

  it.each([400, 501] as const)(
    'given a Graph that refuses listing guests with their sign-in activity (%i), then every user is listed instead, userType checked here, and the count is the same',
    async (status) => {
      const tenant = tenantWithNeverSignedIn()
      cloud = await startTestCloud(tenant)
      cloud.faults.inject({
        match: /userType eq 'Guest'.*signInActivity/,
        times: Infinity,
        fault: { status }
      })
      const log: string[] = []
      const { graph } = openTestGraph(cloud, FAST)

      const { sections, problems } = await guestsCollector({ log: (line) => log.push(line) }).collect({
        graph,
        cloud: 'global',
        staleGuestDays: 90,
        now: NOW
      })

      expect(problems).toEqual([])
      expect(sections.guests?.stale).toBe(trueStaleCount(tenant, 90))
      const everyone = cloud
        .graphRequests()
        .filter((request) =>
          request.path.includes('$select=id,userType,createdDateTime,signInActivity&$top=500')
        )
        .filter((request) => !request.path.includes('$filter='))
      // 3,300 users, 500 a page.
      expect(everyone).toHaveLength(7)
      expect(log.join('\n')).toContain('listing every user instead')
    }
  )

  it('given a Graph that keeps failing the guest listing with 503, then the figure is not counted and says why, never a partial count', async () => {
    const tenant = tenantWithNeverSignedIn()
    cloud = await startTestCloud(tenant)
    cloud.faults.inject({
      match: /userType eq 'Guest'.*signInActivity/,
      skip: 1,
      times: Infinity,
      fault: { status: 503 }
    })
    const { graph } = openTestGraph(cloud, { clock: scaledClock(0.0005), timeoutSeconds: 600 })

    const { sections, problems } = await guestsCollector().collect({
      graph,
      cloud: 'global',
      staleGuestDays: 90,
      now: NOW
    })

    expect(sections.guests?.stale).toBeUndefined()
    expect(problems.map((problem) => problem.section)).toEqual(['guests.stale'])
    expect(problems[0]?.status).toBe('incomplete')
  })

  it("given the 'guest-listing' strategy, then every guest is listed 500 a page and nothing else reads sign-ins", async () => {
    const tenant = withUsers(generatedUsers({ guests: 1200, staleRatio: 0.2, now: NOW }))

    const { sections, signInReads } = await collectGuests(tenant, { strategy: 'guest-listing' })

    expect(sections.guests?.stale).toBe(trueStaleCount(tenant, 90))
    expect(signInReads).toHaveLength(3)
    expect(signInReads.every((request) => isGuestListing(request.path))).toBe(true)
  })
})

/** A complete one-run count as the stale-guest cache keeps it. */
function oneCount(staleAfterDays: number, countedAt: string, stale: number): StaleGuestState {
  return { version: 2, staleAfterDays, complete: { countedAt, asOf: countedAt, stale } }
}

describe('a stale-guest count kept between runs', () => {
  function memoryHolding(
    record: StaleGuestState | undefined
  ): StaleGuestMemory & { kept: StaleGuestState[] } {
    const kept: StaleGuestState[] = []
    return {
      kept,
      recall: async () => record,
      remember: async (next) => void kept.push(next)
    }
  }

  it('given a count taken 2 hours ago with the same threshold and a 24-hour interval, then it is reused and no sign-in is read', async () => {
    const memory = memoryHolding(oneCount(90, new Date(NOW.getTime() - 2 * 3_600_000).toISOString(), 4321))

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
    const memory = memoryHolding(oneCount(90, '2026-11-18T12:00:00.000Z', 4321))

    const { sections, signInReads } = await collectGuests(contosoTenant({ now: NOW }), {
      memory,
      refreshAfterHours: 24
    })

    expect(sections.guests?.stale).toBe(6)
    expect(signInReads.length).toBeGreaterThan(0)
    expect(memory.kept).toEqual([oneCount(90, NOW.toISOString(), 6)])
  })

  it('given a count taken with another threshold, then it is not reused', async () => {
    const memory = memoryHolding(oneCount(30, NOW.toISOString(), 4321))

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
    ['the same threshold, 23 h old', oneCount(90, '2026-11-19T13:00:00Z', 7), 7],
    ['exactly the interval old', oneCount(90, '2026-11-19T12:00:00Z', 7), undefined],
    ['another threshold', oneCount(60, '2026-11-20T11:00:00Z', 7), undefined],
    ['taken in the future (clock skew)', oneCount(90, '2026-11-21T12:00:00Z', 7), undefined],
    [
      'a census in slices whose oldest slice is 25 h old, though it completed 1 h ago',
      {
        version: 2,
        staleAfterDays: 90,
        complete: { countedAt: '2026-11-20T11:00:00Z', asOf: '2026-11-19T11:00:00Z', stale: 7, slices: 4 }
      } satisfies StaleGuestState,
      undefined
    ],
    [
      'no complete count, only a census under way',
      { version: 2, staleAfterDays: 90 } satisfies StaleGuestState,
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
    const record = oneCount(90, NOW.toISOString(), 50_000)

    expect(await memory.recall()).toBeUndefined()
    await memory.remember(record)
    expect(await memory.recall()).toEqual(record)
    expect(JSON.parse(files.get('.entra-b2b-drift/stale-guests.json') ?? '')).toEqual(record)

    for (const text of [
      'not json',
      '[]',
      '{"staleAfterDays":90,"countedAt":"yesterday","stale":1}',
      '{"staleAfterDays":90,"countedAt":"2026-11-20T12:00:00Z","stale":-1}',
      '{"version":3,"staleAfterDays":90}'
    ]) {
      expect(parseStaleGuestState(text)).toBeUndefined()
    }
  })

  it('given a cache file in the format before slices, then its count is read as a complete one-run census and a new census starts from the first slice', () => {
    const old = '{ "staleAfterDays": 90, "countedAt": "2026-11-17T02:00:00.000Z", "stale": 5000 }'

    const state = parseStaleGuestState(old)

    expect(state).toEqual(oneCount(90, '2026-11-17T02:00:00.000Z', 5000))
    expect(state?.census).toBeUndefined()
  })

  it('given a cache file whose census part is damaged, then the complete count is kept and the census starts afresh', () => {
    const text = JSON.stringify({
      version: 2,
      staleAfterDays: 90,
      complete: {
        countedAt: '2026-11-17T02:00:00.000Z',
        asOf: '2026-11-15T02:00:00.000Z',
        stale: 5000,
        slices: 3
      },
      census: { startedAt: '2026-11-19T02:00:00.000Z', slices: [{ from: 'then', to: 'now', planned: 1 }] }
    })

    const state = parseStaleGuestState(text)

    expect(state?.complete).toMatchObject({ stale: 5000, asOf: '2026-11-15T02:00:00.000Z', slices: 3 })
    expect(state?.census).toBeUndefined()
  })
})

describe('counting external members next to guests', () => {
  /** External members as the docs describe them: userType Member, homed elsewhere, an externalUserState. */
  function trueExternalMembers(tenant: SimulatedTenant): number {
    let count = 0
    for (let index = 0; index < tenant.users.size; index++) {
      const user = tenant.users.at(index)
      if (user.userType === 'Member' && user.externalUserState !== null) count++
    }
    return count
  }

  const memberFilters = (paths: readonly string[]) =>
    paths.filter((path) => path.includes("userType eq 'Member'"))

  it('given Contoso, whose Fabrikam users are synchronized in as members, then 2 external members are counted beside 25 guests', async () => {
    const { sections, problems } = await collectGuests(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    expect(sections.guests?.total).toBe(25)
    expect(sections.guests?.externalMembers).toBe(2)
  })

  it('given a tenant with external members, then each invitation state is counted with $count and eq only, and the figure is their sum', async () => {
    const tenant = withUsers(
      generatedUsers({ guests: 400, members: 600, externalMembers: 150, pendingRatio: 0.1, now: NOW })
    )

    const { sections, problems } = await collectGuests(tenant)
    const sent = memberFilters(cloud?.graphRequests().map((request) => request.path) ?? [])

    expect(problems).toEqual([])
    expect(sections.guests?.externalMembers).toBe(trueExternalMembers(tenant))
    expect(sections.guests?.externalMembers).toBe(150)
    expect(sections.guests?.total).toBe(400)
    expect(sent).toHaveLength(2)
    for (const path of sent) {
      expect(path).toMatch(/\$count=true/)
      expect(path).not.toMatch(/ ne null|creationType/)
    }
  })

  it.each([400, 501] as const)(
    'given a Graph that refuses members filtered by externalUserState (%i), then creationType Invitation is counted instead',
    async (status) => {
      const tenant = withUsers(generatedUsers({ guests: 100, members: 300, externalMembers: 40, now: NOW }))
      cloud = await startTestCloud(tenant)
      cloud.faults.inject({
        match: /userType eq 'Member' and externalUserState/,
        times: Infinity,
        fault: { status }
      })
      const log: string[] = []
      const { graph } = openTestGraph(cloud, FAST)

      const { sections, problems } = await guestsCollector({ log: (line) => log.push(line) }).collect({
        graph,
        cloud: 'global',
        staleGuestDays: 0,
        now: NOW
      })

      expect(problems).toEqual([])
      expect(sections.guests?.externalMembers).toBe(40)
      expect(log.join('\n')).toContain("counting members with creationType 'Invitation' instead")
    }
  )

  it('given a Graph that answers neither form, then the figure is left out and named as unavailable, the guest figures kept', async () => {
    cloud = await startTestCloud(contosoTenant({ now: NOW }))
    cloud.faults.inject({ match: /userType eq 'Member'/, times: Infinity, fault: { status: 400 } })
    const { graph } = openTestGraph(cloud, FAST)

    const { sections, problems } = await guestsCollector().collect({
      graph,
      cloud: 'global',
      staleGuestDays: 0,
      now: NOW
    })

    expect(sections.guests?.externalMembers).toBeUndefined()
    expect(sections.guests?.total).toBe(25)
    expect(problems.map((problem) => problem.section)).toEqual(['guests.externalMembers'])
  })

  it('given a Graph that fails one state with 503 for good, then no partial sum is given', async () => {
    cloud = await startTestCloud(contosoTenant({ now: NOW }))
    cloud.faults.inject({
      match: /externalUserState eq 'PendingAcceptance'/,
      times: Infinity,
      fault: { status: 503 }
    })
    const { graph } = openTestGraph(cloud, { clock: scaledClock(0.0005), timeoutSeconds: 600 })

    const { sections, problems } = await guestsCollector().collect({
      graph,
      cloud: 'global',
      staleGuestDays: 0,
      now: NOW
    })

    expect(sections.guests?.externalMembers).toBeUndefined()
    expect(problems.map((problem) => problem.section).sort()).toEqual([
      'guests.externalMembers',
      'guests.pendingAcceptance'
    ])
  })
})
