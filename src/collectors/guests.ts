import type { JsonObject } from '../core/model/json.js'
import type { GuestCounts } from '../core/model/snapshot.js'
import { describeFailure, type GraphFailure } from '../graph/graph-failure.js'
import type { GraphReader, ReadOptions } from '../graph/graph-reader.js'
import { systemClock, type Clock } from '../graph/clock.js'
import { graphPath, pageOf, problemOf, type Collector, type Read, type SectionProblem } from './collector.js'
import {
  ageWords,
  CENSUS_START,
  censusTotals,
  formatStaleGuestState,
  nextSlice,
  parseStaleGuestState,
  planSlices,
  slicedCensusWords,
  STALE_GUEST_CACHE_VERSION,
  type CensusProgress,
  type CensusSlice,
  type CompleteCensus,
  type RangeCounter,
  type StaleGuestState
} from './guest-census.js'
import { isStale, staleGuestDefinition } from './sign-in-activity.js'

import { guestsSection } from '../sections/guests.js'

/** Guests are users: every figure is read from the users collection. */
const USERS_PATH = guestsSection.graph.path
const countDeclaration = {
  id: guestsSection.id,
  permission: guestsSection.permission,
  core: guestsSection.core
}
const staleDeclaration = { id: 'guests.stale', permission: 'AuditLog.Read.All', core: false } as const

/** The documented maximum page size when signInActivity is selected or filtered. */
const SIGN_IN_PAGE_SIZE = 500
const SIGN_IN_READ: ReadOptions = { limitClass: 'signInActivity' }

/**
 * How stale guests are found (docs/stale-guests.md). Only query forms Microsoft documents, and
 * every guest seen: users who never signed in carry no signInActivity, so no sign-in filter can
 * return them, and a count built on one would leave them out without saying so.
 * `guest-listing`: every guest with its signInActivity (`$filter=userType eq 'Guest'` with
 * `$select=…,signInActivity`), checked here; if Graph refuses that form (400 or 501), every user
 * with its signInActivity (user-list.md, "Get users including their last sign-in time"), userType
 * checked here.
 */
export type StaleGuestStrategy = 'guest-listing'

/**
 * Where the census keeps, between runs, its last complete count and the progress of the census
 * under way (a file the workflow caches, for instance; guest-census.ts has the format).
 */
export interface StaleGuestMemory {
  recall(): Promise<StaleGuestState | undefined>
  remember(state: StaleGuestState): Promise<void>
}

export interface GuestsCollectorOptions {
  readonly strategy?: StaleGuestStrategy
  readonly memory?: StaleGuestMemory
  /**
   * With `memory`: a complete count younger than this many hours (from its oldest slice) is reused
   * instead of read again; once older, a new census begins. 0: a new census every run.
   */
  readonly refreshAfterHours?: number
  /**
   * Minutes the census may take (input stale-guest-budget), ending no later than a margin before the
   * run's graph-timeout, so the census never spends the configuration's time. Undefined: no budget
   * (a census cut short by graph-timeout then leaves the figure incomplete).
   */
  readonly budgetMinutes?: number
  /** The clock the budget runs on; by default the reader's own, so tests fast-forward it. */
  readonly clock?: Clock
  readonly log?: (message: string) => void
}

/** Most time kept back from the run's graph-timeout for the reads in flight when the census stops. */
const CENSUS_MARGIN_MS = 2 * 60_000

/** Graph's documented pace for signInActivity reads: "GET signInActivity: 10 requests per minute". */
const SIGN_IN_PAGES_A_MINUTE = 10
/** A census whose one listing needs more than this share of the run's time is cut into slices. */
const WHOLE_CENSUS_SHARE = 0.8
/** A slice needs at most this share of the run's time, so that a run reads several and one never runs over. */
const SLICE_SHARE = 0.25

/**
 * What the census gave this run: a count (this run's, or the last complete one with its date when
 * this run's could not finish), a failure, or nothing to show (named in `unavailable`).
 */
type StaleOutcome =
  | { readonly ok: true; readonly value: number; readonly words?: string }
  | { readonly ok: false; readonly failure: GraphFailure }
  | { readonly ok: 'not-counted'; readonly reason: string }

/**
 * External members: B2B collaboration users homed in another organisation whose userType is
 * Member ("Properties of a B2B guest user": an external member "has an account in an external
 * Microsoft Entra organization ... and member-level access"; the user object "has a UserType of
 * Member"). Cross-tenant synchronization creates them by default. They are not guests, so no
 * guest figure holds them.
 *
 * How they are told from internal members, with documented filters only (user resource, v1.0):
 * externalUserState ("PendingAcceptance or Accepted for invited users, null for all other users";
 * $filter eq, ne, not, in) and userType (eq), each state counted with `eq` and the two added:
 * `ne null` is not a documented operation on externalUserState. [UNVERIFIED] that a
 * cross-tenant-synchronized user carries an externalUserState (the docs describe it for users of
 * the invitation API; synchronized users are B2B collaboration users redeemed automatically). If
 * Graph refuses that form (400 or 501), creationType (`Invitation`: "as an external account";
 * $filter eq, ne, not, in) is asked instead, equally [UNVERIFIED] for synchronized users. If
 * neither is answered, the figure is left out and named in `unavailable`: never guessed. (Were
 * synchronized members to carry no externalUserState, the first form would answer without them:
 * a 200 that undercounts cannot be told from a true count, which the README says.)
 */
export const EXTERNAL_MEMBER_FILTERS = {
  accepted: "userType eq 'Member' and externalUserState eq 'Accepted'",
  pending: "userType eq 'Member' and externalUserState eq 'PendingAcceptance'",
  byCreationType: "userType eq 'Member' and creationType eq 'Invitation'"
} as const

/**
 * The guest population: total guests and pending invitations from `$count` (never by listing
 * users), external members beside them, and guests with no sign-in for `staleGuestDays` days from
 * their signInActivity, with the words that say exactly what was counted.
 */
export function guestsCollector(options: GuestsCollectorOptions = {}): Collector {
  return {
    ...countDeclaration,
    async collect({ graph, staleGuestDays, now }) {
      const [totalRead, pending, externalMembers, stale] = await Promise.all([
        readCount(graph, "userType eq 'Guest'"),
        readCount(graph, "externalUserState eq 'PendingAcceptance'"),
        readExternalMemberCount(graph, options.log),
        staleGuestDays > 0 ? staleGuestCount(graph, staleGuestDays, now, options) : undefined
      ])
      const counts: GuestCounts = {}
      const problems: SectionProblem[] = []
      if (totalRead.ok) counts.total = totalRead.value
      else problems.push(problemOf(totalRead.failure, 'guests.total', countDeclaration))
      if (pending.ok) counts.pendingAcceptance = pending.value
      else problems.push(problemOf(pending.failure, 'guests.pendingAcceptance', countDeclaration))
      if (externalMembers.ok) counts.externalMembers = externalMembers.value
      else problems.push(problemOf(externalMembers.failure, 'guests.externalMembers', countDeclaration))
      if (stale !== undefined) {
        counts.staleAfterDays = staleGuestDays
        counts.staleDefinition = staleGuestDefinition(staleGuestDays)
        if (stale.ok === true) {
          counts.stale = stale.value
          if (stale.words !== undefined) counts.staleDefinition += `; ${stale.words}`
        } else if (stale.ok === 'not-counted') {
          problems.push({ section: 'guests.stale', status: 'unavailable', core: false, reason: stale.reason })
        } else problems.push(problemOf(stale.failure, 'guests.stale', staleDeclaration))
      }
      return { sections: { guests: counts }, problems }
    }
  }
}

export const guests: Collector = guestsCollector()

/**
 * `GET /users?$filter=…&$count=true&$top=1` with `ConsistencyLevel: eventual`, read from
 * `@odata.count`: the collection form works the same inside a `$batch` (the text/plain `/$count`
 * segment's encoding inside a batch is undocumented), and costs one small page.
 */
export async function readCount(graph: GraphReader, filter: string): Promise<Read<number>> {
  const path = graphPath(USERS_PATH, { $filter: filter, $count: 'true', $top: '1', $select: 'id' })
  const result = await graph.get(path, { consistencyLevel: true })
  if (!result.ok) return refusesQuery(result.failure) ? readCountSegment(graph, filter) : result
  const count = countOf(result.body)
  if (count === undefined && !hasCountAnnotation(result.body)) return readCountSegment(graph, filter)
  if (count === undefined) {
    const found = (result.body as { '@odata.count'?: unknown } | undefined)?.['@odata.count']
    const failure: GraphFailure = {
      kind: 'bad-response',
      path,
      message: `expected a non-negative integer @odata.count, got ${JSON.stringify(found)?.slice(0, 40) ?? 'nothing'}`
    }
    return { ok: false, failure }
  }
  return { ok: true, value: count }
}

/** External members (EXTERNAL_MEMBER_FILTERS): both invitation states, or creationType when Graph refuses those. */
async function readExternalMemberCount(
  graph: GraphReader,
  log: ((message: string) => void) | undefined
): Promise<Read<number>> {
  const [accepted, pending] = await Promise.all([
    readCount(graph, EXTERNAL_MEMBER_FILTERS.accepted),
    readCount(graph, EXTERNAL_MEMBER_FILTERS.pending)
  ])
  if (accepted.ok && pending.ok) return { ok: true, value: accepted.value + pending.value }
  const refused = [accepted, pending].find((read) => !read.ok && refusesQuery(read.failure))
  if (refused === undefined || refused.ok) return accepted.ok ? pending : accepted
  log?.(
    `External members: Graph refused counting members by externalUserState (${refused.failure.status ?? ''} ${refused.failure.code ?? ''}); counting members with creationType 'Invitation' instead.`
  )
  return readCount(graph, EXTERNAL_MEMBER_FILTERS.byCreationType)
}

/**
 * The documented `/users/$count` segment: a text/plain integer (possibly with a BOM), asked only
 * when a Graph stand-in ignores or refuses `$count=true` on the collection.
 */
async function readCountSegment(graph: GraphReader, filter: string): Promise<Read<number>> {
  const path = graphPath('/users/$count', { $filter: filter })
  const result = await graph.get(path, { consistencyLevel: true })
  if (!result.ok) return result
  const text =
    typeof result.body === 'number' ? String(result.body) : typeof result.body === 'string' ? result.body : ''
  const trimmed = text.replace(/^\uFEFF/, '').trim()
  if (!/^\d+$/.test(trimmed)) {
    return {
      ok: false,
      failure: {
        kind: 'bad-response',
        path,
        message: `expected a count, got ${JSON.stringify(trimmed.slice(0, 40))}`
      }
    }
  }
  return { ok: true, value: Number(trimmed) }
}

function hasCountAnnotation(body: unknown): boolean {
  return typeof body === 'object' && body !== null && '@odata.count' in body
}

/**
 * A remembered count that is still fresh, or the census: in one listing when the run has time for
 * every guest, otherwise in slices by creation date that go on where the last run stopped (kept in
 * `memory`). A census that cannot finish this run gives the last complete count with its date, or
 * nothing: never the partial number it reached.
 */
async function staleGuestCount(
  graph: GraphReader,
  days: number,
  now: Date,
  options: GuestsCollectorOptions
): Promise<StaleOutcome> {
  const { memory, log } = options
  const refreshAfterHours = options.refreshAfterHours ?? 0
  let recalled: StaleGuestState | undefined
  if (memory !== undefined) {
    try {
      recalled = await memory.recall()
    } catch {
      recalled = undefined
    }
  }
  // Progress and counts taken with another threshold are no use for this one: start afresh.
  const state = recalled?.staleAfterDays === days ? recalled : undefined
  const complete = state?.complete
  if (state !== undefined && complete !== undefined && state.census === undefined && refreshAfterHours > 0) {
    const reusable = reusableStaleCount(state, { staleAfterDays: days, now, refreshAfterHours })
    if (reusable !== undefined) {
      log?.(
        `Stale guests: reusing the count of ${complete.asOf} (${reusable}), younger than ${refreshAfterHours} h; sign-in activity not read.`
      )
      return {
        ok: true,
        value: reusable,
        words: isSliced(complete) ? slicedCensusWords(complete, undefined, now) : undefined
      }
    }
  }
  const clock = options.clock ?? graph.graphClock ?? systemClock
  const census: CensusRun = {
    graph,
    days,
    now,
    cutoff: now.getTime() - days * 86_400_000,
    budget: { clock, deadline: censusDeadline(clock.now(), options.budgetMinutes, graph.deadline) },
    budgetWords: `stale-guest-budget (${options.budgetMinutes ?? 0} min)`,
    complete,
    options,
    keep: async (next) => {
      if (memory === undefined) return
      try {
        await memory.remember(next)
      } catch (error) {
        log?.(`Stale guests: could not keep the census for the next run: ${String(error)}`)
      }
    }
  }
  const progress = state?.census ?? (await beginSlicedCensus(census))
  return progress === undefined ? wholeCensus(census) : slicedCensus(census, progress)
}

/** One run's census: what it reads with, until when, and what it keeps. */
interface CensusRun {
  readonly graph: GraphReader
  readonly days: number
  readonly now: Date
  readonly cutoff: number
  readonly budget: CensusBudget
  readonly budgetWords: string
  /** The last complete count with this threshold, shown when this run's census cannot finish. */
  readonly complete: CompleteCensus | undefined
  readonly options: GuestsCollectorOptions
  keep(state: StaleGuestState): Promise<void>
}

/** Every guest in one listing, within the budget: today's figure, or the last one, or none. */
async function wholeCensus(run: CensusRun): Promise<StaleOutcome> {
  const counted = await countByGuestListing(run.graph, run.cutoff, run.options.log, run.budget)
  if (counted.ok === 'out-of-budget') {
    return lastCompleteCount(
      run,
      `the census read ${counted.seen} guests and could not finish within ${run.budgetWords}`
    )
  }
  if (counted.ok) {
    const countedAt = run.now.toISOString()
    await run.keep({
      version: STALE_GUEST_CACHE_VERSION,
      staleAfterDays: run.days,
      complete: { countedAt, asOf: countedAt, stale: counted.value }
    })
  }
  return counted
}

/**
 * The census in slices, when one listing of every guest needs more than WHOLE_CENSUS_SHARE of the
 * run's census time: [CENSUS_START, now) cut by `$count` until every slice fits SLICE_SHARE of it.
 * Undefined (one listing, as before) when there is no budget, when the guests fit, or when Graph
 * does not count guests by creation date (then the listing decides, as it always did).
 *
 * `$count` of guests in a creation-date range: `$filter=userType eq 'Guest' and createdDateTime ge
 * … and createdDateTime le …` with `$count=true` and `ConsistencyLevel: eventual` (readCount). Both
 * properties are documented as filterable (user resource: userType eq; createdDateTime eq, ne, not,
 * ge, le, in) and `$count` on users is an advanced query; no example shows the two together
 * [UNVERIFIED], so a refusal falls back to the one listing. `lt` is not in createdDateTime's list,
 * so a slice's end is asked with `le` one millisecond before it.
 */
async function beginSlicedCensus(run: CensusRun): Promise<CensusProgress | undefined> {
  const minutes = (run.budget.deadline - run.budget.clock.now()) / 60_000
  if (!Number.isFinite(minutes)) return undefined
  const total = await readCount(run.graph, "userType eq 'Guest'")
  if (!total.ok || censusMinutes(total.value) <= WHOLE_CENSUS_SHARE * minutes) return undefined
  const startedAt = run.now.toISOString()
  const counter = rangeCounter(run.graph)
  const planning = run.budget.clock.now()
  const slices = await planSlices(
    counter.count,
    CENSUS_START,
    startedAt,
    sliceCapacity(minutes),
    // The whole range's count is not asked again: the total (guests without a creation date
    // included) is above the capacity here, and the first range is cut whatever it holds.
    total.value
  )
  if (slices === undefined || slices.length === 0) {
    run.options.log?.(
      `Stale guests: Graph did not count guests by creation date (${counter.refusal === undefined ? 'no guest has one' : describeFailure(counter.refusal)}), so the census cannot be cut into slices; listing every guest instead.`
    )
    return undefined
  }
  run.options.log?.(
    `Stale guests: ${total.value} guests need more than this run's ${run.budgetWords}; counting them in ${slices.length} slices by creation date, over as many runs as it takes (planned with ${counter.counts} counts in ${Math.round((run.budget.clock.now() - planning) / 1000)} s).`
  )
  const census = { startedAt, slices }
  await keepProgress(run, census)
  return census
}

/** The census's progress, kept beside the last complete count. */
async function keepProgress(run: CensusRun, census: CensusProgress): Promise<void> {
  await run.keep({
    version: STALE_GUEST_CACHE_VERSION,
    staleAfterDays: run.days,
    ...(run.complete === undefined ? {} : { complete: run.complete }),
    census
  })
}

/** Guests in a range by `$count`, with how many counts were asked and the last refusal. */
function rangeCounter(graph: GraphReader): {
  readonly count: RangeCounter
  readonly counts: number
  readonly refusal: GraphFailure | undefined
} {
  let counts = 0
  let refusal: GraphFailure | undefined
  return {
    count: async (from, to) => {
      counts++
      const read = await readCount(graph, `userType eq 'Guest' and ${creationRange(from, to)}`)
      if (!read.ok) refusal = read.failure
      return read.ok ? read.value : undefined
    },
    get counts() {
      return counts
    },
    get refusal() {
      return refusal
    }
  }
}

/** The most guests a slice may hold: their pages take at most SLICE_SHARE of the run's census minutes. */
function sliceCapacity(minutes: number): number {
  if (!Number.isFinite(minutes)) return Number.POSITIVE_INFINITY
  return Math.max(
    SIGN_IN_PAGE_SIZE,
    Math.floor(minutes * SLICE_SHARE * SIGN_IN_PAGES_A_MINUTE) * SIGN_IN_PAGE_SIZE
  )
}

/** Minutes the listing of `guests` takes at Graph's pace. */
function censusMinutes(guests: number): number {
  return Math.ceil(guests / SIGN_IN_PAGE_SIZE) / SIGN_IN_PAGES_A_MINUTE
}

/** The documented createdDateTime operators (ge, le) for [from, to). */
function creationRange(from: string, to: string): string {
  const last = new Date(Date.parse(to) - 1).toISOString()
  return `createdDateTime ge ${from} and createdDateTime le ${last}`
}

/**
 * The slices not yet counted, oldest first, each one kept as soon as it is counted; a slice is
 * not begun when its planned size needs more time than is left (unless nothing was read yet).
 * A slice planned for a longer run than this one (stale-guest-budget lowered since) is cut to this
 * run's size first, so that every run can finish the slices it begins and the census converges.
 * When the last is counted, the census is complete and its figure shown.
 */
async function slicedCensus(run: CensusRun, start: CensusProgress): Promise<StaleOutcome> {
  let census = start
  let seen = 0
  let read = 0
  const capacity = sliceCapacity((run.budget.deadline - run.budget.clock.now()) / 60_000)
  for (let index = nextSlice(census); index !== undefined; index = nextSlice(census)) {
    const slice = census.slices[index]
    /* v8 ignore next -- nextSlice returns an index of slices */
    if (slice === undefined) break
    const left = run.budget.deadline - run.budget.clock.now()
    if (left <= 0 || (read > 0 && censusMinutes(slice.planned) * 60_000 > left)) break
    if (slice.planned > capacity && Date.parse(slice.to) - Date.parse(slice.from) >= 2000) {
      const pieces = await planSlices(
        rangeCounter(run.graph).count,
        slice.from,
        slice.to,
        capacity,
        slice.planned
      )
      if (pieces !== undefined) {
        census = {
          startedAt: census.startedAt,
          slices: [...census.slices.slice(0, index), ...pieces, ...census.slices.slice(index + 1)]
        }
        await keepProgress(run, census)
        continue
      }
    }
    const counted = await countSlice(run, slice)
    if (counted.ok === 'out-of-budget') {
      seen += counted.seen
      break
    }
    if (!counted.ok) return counted
    if (counted.guests !== slice.planned) {
      // The per-slice totals check: the figure holds the guests read, and the log says why it may differ.
      run.options.log?.(
        `Stale guests: the slice ${slice.from} to ${slice.to} held ${counted.guests} guests when read and ${slice.planned} when planned (guests invited or deleted since, or a count not yet consistent); the figure holds those read.`
      )
    }
    seen += counted.guests
    read++
    const slices = census.slices.map((each, at) =>
      at === index
        ? {
            ...each,
            counted: { guests: counted.guests, stale: counted.stale, countedAt: run.now.toISOString() }
          }
        : each
    )
    census = { startedAt: census.startedAt, slices }
    await keepProgress(run, census)
  }
  const totals = censusTotals(census)
  if (nextSlice(census) !== undefined) {
    const resumes =
      run.options.memory === undefined
        ? 'without stale-guest-cache the next run starts again'
        : 'the next run goes on from there'
    return lastCompleteCount(
      run,
      `the census read ${seen} guests and could not finish within ${run.budgetWords}; ${totals.counted} of ${census.slices.length} creation-date slices are counted (${totals.guests} guests), ${resumes}`
    )
  }
  const outside = await guestsOutsideSlices(run.graph)
  const undated = outside.ok && outside.value > 0 ? await countUndated(run, outside.value) : undefined
  const stale = totals.stale + (undated?.stale ?? 0)
  const complete: CompleteCensus = {
    countedAt: run.now.toISOString(),
    asOf: totals.oldest ?? run.now.toISOString(),
    stale,
    slices: census.slices.length,
    ...(outside.ok ? { notCounted: outside.value - (undated?.guests ?? 0) } : { outsideChecked: false }),
    ...(undated === undefined ? {} : { undatedCounted: undated.guests })
  }
  await run.keep({ version: STALE_GUEST_CACHE_VERSION, staleAfterDays: run.days, complete })
  run.options.log?.(
    `Stale guests: the census is complete: ${stale} stale of ${totals.guests + (undated?.guests ?? 0)} guests counted in ${census.slices.length} slices${undated === undefined ? '' : ' and a last one of guests without a creation date'}${(complete.notCounted ?? 0) > 0 ? `; ${complete.notCounted ?? 0} guests without a creation date not counted` : ''}.`
  )
  return { ok: true, value: stale, words: slicedCensusWords(complete, census.startedAt, run.now) }
}

/**
 * The last slice: guests without a creation date, by `createdDateTime eq null`. "eq on null
 * values" is not among createdDateTime's documented operators [UNVERIFIED], so any answer is
 * tolerated: a refusal (400, 501) or a failure leaves them not counted, and a 200 is trusted only
 * when it lists exactly as many guests without a creation date as the totals check found outside
 * every slice (an empty 200 could not be told from a true none). Read only when the budget has
 * room for all their pages; otherwise they stay not counted and the census completes without them.
 */
async function countUndated(
  run: CensusRun,
  expected: number
): Promise<{ readonly guests: number; readonly stale: number } | undefined> {
  const { log } = run.options
  if (run.budget.deadline - run.budget.clock.now() < censusMinutes(expected) * 60_000) {
    log?.(
      `Stale guests: no time left in this run for the ${expected} guests without a creation date; not counted.`
    )
    return undefined
  }
  let guests = 0
  let stale = 0
  const path = graphPath(USERS_PATH, {
    $filter: "userType eq 'Guest' and createdDateTime eq null",
    $select: 'id,userType,createdDateTime,signInActivity',
    $top: String(SIGN_IN_PAGE_SIZE)
  })
  const read = await readWithinBudget(run.graph, path, run.budget, (users) => {
    for (const user of users) {
      if (!isGuest(user) || (user.createdDateTime !== null && user.createdDateTime !== undefined)) continue
      guests++
      if (isStale(user, run.cutoff)) stale++
    }
  })
  if (read.ok !== true) {
    const why = read.ok === 'out-of-budget' ? 'the budget ran out' : describeFailure(read.failure)
    log?.(`Stale guests: guests without a creation date could not be listed (${why}); not counted.`)
    return undefined
  }
  if (guests !== expected) {
    log?.(
      `Stale guests: 'createdDateTime eq null' listed ${guests} guests without a creation date where the totals check found ${expected}; not trusted, not counted.`
    )
    return undefined
  }
  return { guests, stale }
}

/**
 * The totals check: guests outside every slice are all guests less those with a creation date in
 * range, both counted now (so guests invited or deleted since a slice was read do not enter it).
 * Guests with no createdDateTime ("null for some users created before June 2018", user resource)
 * are among them; countUndated may still reach them, and this number decides whether to trust it.
 */
async function guestsOutsideSlices(graph: GraphReader): Promise<Read<number>> {
  const [all, dated] = await Promise.all([
    readCount(graph, "userType eq 'Guest'"),
    readCount(graph, `userType eq 'Guest' and createdDateTime ge ${CENSUS_START}`)
  ])
  if (!all.ok) return all
  if (!dated.ok) return dated
  return { ok: true, value: Math.max(0, all.value - dated.value) }
}

/**
 * One slice: its guests with their signInActivity (the census listing, with the slice's creation
 * range added to its filter: [UNVERIFIED] that Graph takes the two together with signInActivity
 * selected), or, when Graph refuses that (400, 501), the range alone with userType checked here
 * (a filter on another property with `$select=signInActivity` is the documented inactive-user
 * pattern). Each user is checked against the range here too, so a stand-in that ignores $filter
 * cannot count a guest twice.
 */
async function countSlice(
  run: CensusRun,
  slice: CensusSlice
): Promise<
  | { readonly ok: true; readonly guests: number; readonly stale: number }
  | { readonly ok: false; readonly failure: GraphFailure }
  | { readonly ok: 'out-of-budget'; readonly seen: number }
> {
  const from = Date.parse(slice.from)
  const to = Date.parse(slice.to)
  const inSlice = (user: JsonObject): boolean => {
    const created = typeof user.createdDateTime === 'string' ? Date.parse(user.createdDateTime) : Number.NaN
    return created >= from && created < to
  }
  let guests = 0
  let stale = 0
  const tally = (isGuestHere: (user: JsonObject) => boolean) => (users: readonly JsonObject[]) => {
    for (const user of users) {
      if (!isGuestHere(user) || !inSlice(user)) continue
      guests++
      if (isStale(user, run.cutoff)) stale++
    }
  }
  const range = creationRange(slice.from, slice.to)
  const select = { $select: 'id,userType,createdDateTime,signInActivity', $top: String(SIGN_IN_PAGE_SIZE) }
  const guestPath = graphPath(USERS_PATH, { $filter: `userType eq 'Guest' and ${range}`, ...select })
  const guestsRead = await readWithinBudget(run.graph, guestPath, run.budget, tally(isGuest))
  if (guestsRead.ok === 'out-of-budget') return guestsRead
  if (guestsRead.ok) return { ok: true, guests, stale }
  if (!refusesQuery(guestsRead.failure)) return guestsRead
  guests = 0
  stale = 0
  run.options.log?.(
    `Stale guests: Graph refused listing a slice's guests with their sign-in activity (${guestsRead.failure.status ?? ''} ${guestsRead.failure.code ?? ''}); listing the slice's users instead, userType checked here.`
  )
  const rangePath = graphPath(USERS_PATH, { $filter: range, ...select })
  const rangeRead = await readWithinBudget(
    run.graph,
    rangePath,
    run.budget,
    tally((user) => user.userType === 'Guest')
  )
  if (rangeRead.ok === 'out-of-budget' || !rangeRead.ok) return rangeRead
  return { ok: true, guests, stale }
}

/** The last complete count with its date, when this run's census stopped; or "not counted". */
function lastCompleteCount(run: CensusRun, stopped: string): StaleOutcome {
  const { complete, options } = run
  if (complete !== undefined) {
    options.log?.(
      `Stale guests: ${stopped}; reporting the last complete count, ${complete.stale} as of ${complete.asOf}.`
    )
    return { ok: true, value: complete.stale, words: asOfWords(complete, run.now) }
  }
  const keep =
    options.memory === undefined
      ? 'set stale-guest-cache so that a complete count is kept for the runs that cannot finish one, or raise stale-guest-budget'
      : 'no complete count with this threshold is kept in stale-guest-cache yet; raise stale-guest-budget'
  options.log?.(`Stale guests: ${stopped}; not counted (${keep}).`)
  return { ok: 'not-counted', reason: `not counted: ${stopped}; ${keep}` }
}

function isSliced(complete: CompleteCensus): boolean {
  return (complete.slices ?? 1) > 1 || complete.notCounted !== undefined || complete.outsideChecked === false
}

/** When the census stops: its own budget, and never later than a margin before graph-timeout. */
export function censusDeadline(
  start: number,
  budgetMinutes: number | undefined,
  graphDeadline: number | undefined
): number {
  if (budgetMinutes === undefined) return Number.POSITIVE_INFINITY
  // A tenth of what is left, at most two minutes: a short graph-timeout keeps most of itself.
  const margin = graphDeadline === undefined ? 0 : Math.min(CENSUS_MARGIN_MS, (graphDeadline - start) / 10)
  const graph = graphDeadline === undefined ? Number.POSITIVE_INFINITY : graphDeadline - margin
  return Math.min(start + budgetMinutes * 60_000, graph)
}

/** "as of <date>" for a figure from an earlier run's census, its age, and what a sliced one left out. */
function asOfWords(complete: CompleteCensus, now: Date): string {
  const words = `as of ${complete.asOf} (${ageWords(complete.asOf, now)}): this run's census did not finish within stale-guest-budget, so the figure is the last complete count`
  return isSliced(complete) ? `${words}, ${slicedCensusWords(complete, undefined, now)}` : words
}

/** The remembered complete count when it was taken with the same threshold less than `refreshAfterHours` ago (from its oldest slice). */
export function reusableStaleCount(
  state: StaleGuestState,
  settings: { readonly staleAfterDays: number; readonly now: Date; readonly refreshAfterHours: number }
): number | undefined {
  const complete = state.complete
  if (complete === undefined || state.staleAfterDays !== settings.staleAfterDays) return undefined
  const age = settings.now.getTime() - Date.parse(complete.asOf)
  if (Number.isNaN(age) || age < 0 || age >= settings.refreshAfterHours * 3_600_000) return undefined
  return complete.stale
}

/**
 * Every guest with its signInActivity, 500 a page, paced to the documented 10 requests a minute,
 * counting as it streams so memory stays flat. Guests who never signed in are listed like the
 * others (their signInActivity is simply absent), so the count is whole or it is not given.
 *
 * Filtering on userType while selecting signInActivity follows the documented pattern of a filter
 * on another property with `$select=signInActivity` (Microsoft's inactive-user guide), but no
 * example shows userType itself [UNVERIFIED]: a 400 or 501 to it falls back to every user with
 * `$select=id,userType,createdDateTime,signInActivity` (user-list.md), userType checked here.
 */
async function countByGuestListing(
  graph: GraphReader,
  cutoffMs: number,
  log: ((message: string) => void) | undefined,
  budget: CensusBudget
): Promise<Census> {
  let stale = 0
  const guestPath = graphPath(USERS_PATH, {
    $filter: "userType eq 'Guest'",
    $select: 'id,userType,createdDateTime,signInActivity',
    $top: String(SIGN_IN_PAGE_SIZE)
  })
  // userType is checked too: a stand-in that ignores $filter must not make members count.
  const guestsRead = await readWithinBudget(graph, guestPath, budget, (users) => {
    for (const user of users) if (isGuest(user) && isStale(user, cutoffMs)) stale++
  })
  if (guestsRead.ok === 'out-of-budget') return guestsRead
  if (guestsRead.ok) return { ok: true, value: stale }
  if (!refusesQuery(guestsRead.failure)) return guestsRead
  stale = 0
  log?.(
    `Stale guests: Graph refused listing guests with their sign-in activity (${guestsRead.failure.status ?? ''} ${guestsRead.failure.code ?? ''}); listing every user instead, userType checked here.`
  )
  const everyonePath = graphPath(USERS_PATH, {
    $select: 'id,userType,createdDateTime,signInActivity',
    $top: String(SIGN_IN_PAGE_SIZE)
  })
  const everyoneRead = await readWithinBudget(graph, everyonePath, budget, (users) => {
    for (const user of users) if (user.userType === 'Guest' && isStale(user, cutoffMs)) stale++
  })
  if (everyoneRead.ok === 'out-of-budget' || !everyoneRead.ok) return everyoneRead
  return { ok: true, value: stale }
}

interface CensusBudget {
  readonly clock: Clock
  /** Clock ms after which no further page is asked for. */
  readonly deadline: number
}

type Census =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly failure: GraphFailure }
  | { readonly ok: 'out-of-budget'; readonly seen: number }

/**
 * readCollection, page by page, that stops asking once the budget is spent. The pacer's wait for
 * the next page is counted in: a page whose turn comes after the deadline is not asked for.
 */
async function readWithinBudget(
  graph: GraphReader,
  path: string,
  budget: CensusBudget,
  onPage: (items: readonly JsonObject[]) => void
): Promise<Census> {
  let next: string | undefined = path
  let pages = 0
  let seen = 0
  while (next !== undefined) {
    if (budget.clock.now() >= budget.deadline) return { ok: 'out-of-budget', seen }
    const result = await graph.get(next, SIGN_IN_READ)
    pages++
    if (!result.ok) {
      if (budget.clock.now() >= budget.deadline && outOfTime(result.failure))
        return { ok: 'out-of-budget', seen }
      const where = pages > 1 ? ` (page ${pages})` : ''
      return { ok: false, failure: { ...result.failure, message: `${result.failure.message}${where}` } }
    }
    const page = pageOf(result.body)
    if (page === undefined) {
      return {
        ok: false,
        failure: { kind: 'bad-response', path: next, message: 'expected a collection with "value"' }
      }
    }
    onPage(page.items)
    seen += page.items.length
    next = page.nextLink
  }
  return { ok: true, value: seen }
}

/** A read that failed because time ran out (throttled or hung until the budget was spent). */
function outOfTime(failure: GraphFailure): boolean {
  return failure.kind === 'throttled' || failure.kind === 'timeout'
}

/** A user of the guest listing: 'Guest', or no userType at all (a stand-in that does not project it). */
function isGuest(user: JsonObject): boolean {
  return user.userType === 'Guest' || user.userType === undefined
}

/** A Graph (or a national cloud, or a stand-in) that does not support a query form answers 400 or 501. */
function refusesQuery(failure: GraphFailure): boolean {
  return failure.kind === 'http' && (failure.status === 400 || failure.status === 501)
}

function countOf(body: unknown): number | undefined {
  return countValue(
    pageOf(body)?.count ?? (body as { '@odata.count'?: unknown } | undefined)?.['@odata.count']
  )
}

function countValue(count: unknown): number | undefined {
  const value = typeof count === 'string' && /^\s*\d+\s*$/.test(count) ? Number(count) : count
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined
}

/**
 * A StaleGuestMemory kept as a small JSON file (format in guest-census.ts, versioned). The file is
 * the caller's to place and persist (a cached path in a workflow); an unreadable or malformed file
 * just means counting again, and a file in the format before slices is read as its one count.
 */
export function staleGuestFile(
  path: string,
  files: {
    readonly readFile: (path: string) => Promise<string | undefined>
    readonly writeFile: (path: string, text: string) => Promise<void>
  }
): StaleGuestMemory {
  return {
    async recall() {
      let text: string | undefined
      try {
        text = await files.readFile(path)
      } catch {
        return undefined
      }
      return text === undefined ? undefined : parseStaleGuestState(text)
    },
    async remember(state) {
      await files.writeFile(path, formatStaleGuestState(state))
    }
  }
}
