import { describe, expect, it } from '@jest/globals'
import {
  CENSUS_START,
  censusTotals,
  nextSlice,
  planSlices,
  slicedCensusWords,
  type CensusProgress,
  type StaleGuestState
} from '../../src/collectors/guest-census.js'
import {
  guestsCollector,
  type GuestsCollectorOptions,
  type StaleGuestMemory
} from '../../src/collectors/guests.js'
import { isStale } from '../../src/collectors/sign-in-activity.js'
import { fastForwardClock } from '../../src/graph/clock.js'
import { BatchingGraphReader } from '../../src/graph/graph-reader.js'
import { GraphSender } from '../../src/graph/graph-sender.js'
import type { GraphTransport, RawRequest } from '../../src/graph/transport.js'

const NOW = new Date('2026-11-20T12:00:00Z')
const DAY = 86_400_000

describe('planSlices', () => {
  /** Creation dates, one a day back from NOW, and a counter over them as Graph's $count would answer. */
  function population(days: number) {
    const dates = Array.from({ length: days }, (_, index) => NOW.getTime() - (index + 1) * DAY)
    const asked: [string, string][] = []
    const count = async (from: string, to: string) => {
      asked.push([from, to])
      return dates.filter((date) => date >= Date.parse(from) && date < Date.parse(to)).length
    }
    return { dates, asked, count }
  }

  it('given 1,000 guests and room for 100 a slice, then the slices cover every guest once, oldest first, none over 100 and none empty', async () => {
    const { count, asked } = population(1000)

    const slices = await planSlices(count, CENSUS_START, NOW.toISOString(), 100)

    expect(slices).toBeDefined()
    const planned = slices ?? []
    expect(planned.reduce((sum, slice) => sum + slice.planned, 0)).toBe(1000)
    expect(planned.every((slice) => slice.planned > 0 && slice.planned <= 100)).toBe(true)
    for (const [index, slice] of planned.entries()) {
      const next = planned[index + 1]
      if (next !== undefined) expect(Date.parse(slice.to)).toBeLessThanOrEqual(Date.parse(next.from))
    }
    // Ranges of one depth are asked together: a few rounds, not one per slice.
    expect(asked.length).toBeLessThan(4 * planned.length)
  })

  it('given a count that fails, then there is no plan', async () => {
    const slices = await planSlices(async () => undefined, CENSUS_START, NOW.toISOString(), 100)

    expect(slices).toBeUndefined()
  })

  it('given more guests in one second than a slice holds, then that second is one slice anyway', async () => {
    const slices = await planSlices(
      async () => 5000,
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:01.000Z',
      100
    )

    expect(slices).toEqual([
      { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T00:00:01.000Z', planned: 5000 }
    ])
  })
})

describe('the words beside a census counted in slices', () => {
  it('state the date of the oldest slice, who waits for the next census, and who was not counted', () => {
    const words = slicedCensusWords(
      { countedAt: NOW.toISOString(), asOf: '2026-11-18T02:00:00.000Z', stale: 10, slices: 3, notCounted: 4 },
      '2026-11-18T02:00:00.000Z',
      NOW
    )

    expect(words).toBe(
      'counted in 3 slices by creation date, as of 2026-11-18T02:00:00.000Z (the oldest slice, 2 days earlier); guests created after 2026-11-18T02:00:00.000Z wait for the next census; 4 guests without a creation date not counted'
    )
  })

  it('say so when whether guests lack a creation date could not be checked', () => {
    const words = slicedCensusWords(
      { countedAt: NOW.toISOString(), asOf: NOW.toISOString(), stale: 10, slices: 3, outsideChecked: false },
      undefined,
      NOW
    )

    expect(words).toContain(
      'guests without a creation date could not be counted: whether there are any is unknown'
    )
  })

  it('sum only the slices counted, and name the first one not counted as next', () => {
    const census: CensusProgress = {
      startedAt: NOW.toISOString(),
      slices: [
        {
          from: '2020-01-01T00:00:00.000Z',
          to: '2021-01-01T00:00:00.000Z',
          planned: 5,
          counted: { guests: 6, stale: 2, countedAt: '2026-11-19T00:00:00.000Z' }
        },
        { from: '2021-01-01T00:00:00.000Z', to: '2022-01-01T00:00:00.000Z', planned: 5 },
        {
          from: '2022-01-01T00:00:00.000Z',
          to: '2023-01-01T00:00:00.000Z',
          planned: 5,
          counted: { guests: 4, stale: 1, countedAt: '2026-11-18T00:00:00.000Z' }
        }
      ]
    }

    expect(censusTotals(census)).toEqual({
      counted: 2,
      guests: 10,
      stale: 3,
      oldest: '2026-11-18T00:00:00.000Z'
    })
    expect(nextSlice(census)).toBe(1)
  })
})

interface StandInUser {
  id: string
  userType: 'Guest' | 'Member'
  createdDateTime: string | null
  externalUserState: string | null
  signInActivity?: { lastSignInDateTime: string }
}

/** 6,000 guests created over 600 days, every tenth one stale, 20 without a creation date. */
function standInUsers(): StandInUser[] {
  return Array.from({ length: 6000 }, (_, index) => ({
    id: `g-${index}`,
    userType: 'Guest',
    createdDateTime: index < 20 ? null : new Date(NOW.getTime() - (1 + (index % 600)) * DAY).toISOString(),
    externalUserState: 'Accepted',
    signInActivity: {
      lastSignInDateTime: new Date(NOW.getTime() - (index % 10 === 0 ? 200 : 3) * DAY).toISOString()
    }
  }))
}

/**
 * A small Graph stand-in for /users: `and` of `eq` (strings, null) and `ge`/`le` (dates), $top,
 * $count and a $skiptoken; no $batch (the reader then sends reads one by one). `refuse` answers 400
 * to the query forms a Graph might not take, or (nullAsNobody) nobody to `createdDateTime eq null`.
 */
function standInGraph(
  users: readonly StandInUser[],
  refuse: { rangeCount?: boolean; guestRangeListing?: boolean; nullAsNobody?: boolean } = {}
): GraphTransport & { readonly asked: string[] } {
  const asked: string[] = []
  const json = { 'content-type': 'application/json' }
  const badRequest = {
    status: 400,
    headers: json,
    text: '{"error":{"code":"Request_UnsupportedQuery","message":"no"}}'
  }
  return {
    asked,
    async send(request: RawRequest) {
      const url = new URL(request.url, 'https://graph.example/v1.0')
      if (!url.pathname.endsWith('/users')) {
        return { status: 404, headers: json, text: '{"error":{"code":"NotFound","message":"no"}}' }
      }
      const filter = url.searchParams.get('$filter') ?? ''
      const select = url.searchParams.get('$select') ?? ''
      asked.push(filter)
      const onRange = filter.includes('createdDateTime')
      if (refuse.rangeCount === true && onRange && url.searchParams.get('$count') === 'true')
        return badRequest
      if (
        refuse.guestRangeListing === true &&
        onRange &&
        filter.includes('userType') &&
        select.includes('signInActivity')
      )
        return badRequest
      const clauses = filter === '' ? [] : filter.split(' and ')
      // An undocumented filter answered with a 200 that finds nobody.
      if (refuse.nullAsNobody === true && filter.includes('createdDateTime eq null'))
        clauses.push('id eq none')
      const matching = users.filter((user) =>
        clauses.every((clause) => {
          const [property = '', operator, literal = ''] = clause.split(' ')
          const value = (user as unknown as Record<string, unknown>)[property]
          if (operator === 'eq') return literal === 'null' ? value === null : value === literal.slice(1, -1)
          if (typeof value !== 'string') return false
          return operator === 'ge'
            ? Date.parse(value) >= Date.parse(literal)
            : Date.parse(value) <= Date.parse(literal)
        })
      )
      const start = Number(url.searchParams.get('$skiptoken') ?? '0')
      const top = Number(url.searchParams.get('$top') ?? '100')
      const page = matching.slice(start, start + top)
      const next = new URL(`https://graph.example/v1.0/users${url.search}`)
      next.searchParams.set('$skiptoken', String(start + top))
      const body = {
        value: page,
        ...(url.searchParams.get('$count') === 'true' ? { '@odata.count': matching.length } : {}),
        ...(start + top < matching.length ? { '@odata.nextLink': next.toString() } : {})
      }
      return { status: 200, headers: json, text: JSON.stringify(body) }
    }
  }
}

function memoryHolding(
  state: StaleGuestState | undefined
): StaleGuestMemory & { state: StaleGuestState | undefined } {
  const memory = {
    state,
    recall: async () => memory.state,
    remember: async (next: StaleGuestState) => void (memory.state = next)
  }
  return memory
}

/** Runs until the census gives a figure (at most 10). */
async function censusUntilComplete(transport: GraphTransport, memory: StaleGuestMemory) {
  let runs = 0
  for (;;) {
    const run = await censusRun(transport, { budgetMinutes: 1, memory })
    runs++
    if (run.sections.guests?.stale !== undefined || runs === 10) return { ...run, runs }
  }
}

/** One run against the stand-in: Graph's pacing of signInActivity on a fast-forward clock. */
async function censusRun(transport: GraphTransport, options: GuestsCollectorOptions) {
  const clock = fastForwardClock()
  const sender = new GraphSender({
    transport,
    renewToken: () => undefined,
    clock,
    deadline: clock.now() + 3_600_000,
    requestTimeoutMs: 5000,
    maxConcurrency: 4,
    log: () => undefined
  })
  const graph = new BatchingGraphReader(sender, clock, 'https://graph.example')
  const log: string[] = []
  const result = await guestsCollector({ ...options, log: (line) => log.push(line) }).collect({
    graph,
    cloud: 'global',
    staleGuestDays: 90,
    now: NOW
  })
  return { ...result, log }
}

function truth(users: readonly StandInUser[]): { dated: number; undated: number } {
  const cutoff = NOW.getTime() - 90 * DAY
  let dated = 0
  let undated = 0
  for (const user of users) {
    if (user.createdDateTime === null) undated++
    else if (isStale(user as never, cutoff)) dated++
  }
  return { dated, undated }
}

describe('a census in slices against Graph stand-ins', () => {
  it('given a Graph that lists exactly the guests the totals check misses by createdDateTime eq null, then they are counted in a last slice', async () => {
    const users = standInUsers()
    const transport = standInGraph(users)

    const run = await censusUntilComplete(transport, memoryHolding(undefined))

    const cutoff = NOW.getTime() - 90 * DAY
    expect(run.runs).toBeGreaterThan(1)
    expect(run.sections.guests?.stale).toBe(users.filter((user) => isStale(user as never, cutoff)).length)
    expect(run.sections.guests?.staleDefinition).toContain(
      '20 guests without a creation date counted in a last slice'
    )
    expect(run.sections.guests?.staleDefinition).not.toContain('not counted')
  })

  it('given a Graph that answers createdDateTime eq null with nobody, then that answer is not trusted and those guests are named as not counted', async () => {
    const users = standInUsers()
    const transport = standInGraph(users, { nullAsNobody: true })

    const run = await censusUntilComplete(transport, memoryHolding(undefined))

    expect(run.sections.guests?.stale).toBe(truth(users).dated)
    expect(run.sections.guests?.staleDefinition).toContain('20 guests without a creation date not counted')
    expect(run.log.join('\n')).toContain('not trusted, not counted')
  })

  it("given a Graph that refuses a slice's guests with their sign-in activity, then each slice is read by its range alone and the census still completes with the true count", async () => {
    const users = standInUsers()
    const transport = standInGraph(users, { guestRangeListing: true })
    const memory = memoryHolding(undefined)

    let run = await censusRun(transport, { budgetMinutes: 1, memory })
    let runs = 1
    while (run.sections.guests?.stale === undefined && runs < 10) {
      run = await censusRun(transport, { budgetMinutes: 1, memory })
      runs++
    }

    const { dated, undated } = truth(users)
    expect(runs).toBeGreaterThan(1)
    expect(run.sections.guests?.stale).toBe(dated)
    expect(run.sections.guests?.staleDefinition).toContain(
      `${undated} guests without a creation date not counted`
    )
    expect(transport.asked.some((filter) => filter.startsWith('createdDateTime ge'))).toBe(true)
    expect(run.log.join('\n')).toContain("listing the slice's users instead")
  })

  it('given a Graph that does not count guests by creation date, then the census lists every guest as before, and says why', async () => {
    const users = standInUsers()
    const transport = standInGraph(users, { rangeCount: true })

    const run = await censusRun(transport, { budgetMinutes: 1.25 })

    expect(run.log.join('\n')).toContain(
      'so the census cannot be cut into slices; listing every guest instead'
    )
    // The one listing (12 pages: at most 10 in any minute, so just over a minute) finishes in the
    // budget of 75 s, though not in the 80% of it a listing must fit to go unsliced; it holds
    // every guest, those without a creation date too.
    const cutoff = NOW.getTime() - 90 * DAY
    expect(run.sections.guests?.stale).toBe(users.filter((user) => isStale(user as never, cutoff)).length)
    expect(run.sections.guests?.staleDefinition).not.toContain('slices')
  })

  it("given a census planned for a longer budget than this run has, then its slices are cut to this run's size before they are read", async () => {
    const users = standInUsers()
    const memory = memoryHolding({
      version: 2,
      staleAfterDays: 90,
      census: {
        startedAt: NOW.toISOString(),
        slices: [{ from: CENSUS_START, to: NOW.toISOString(), planned: 5980 }]
      }
    })

    await censusRun(standInGraph(users), { budgetMinutes: 1, memory })

    const slices = memory.state?.census?.slices ?? []
    expect(slices.length).toBeGreaterThan(1)
    expect(slices.every((slice) => slice.planned <= 1000)).toBe(true)
    expect(slices.some((slice) => slice.counted !== undefined)).toBe(true)
  })
})
