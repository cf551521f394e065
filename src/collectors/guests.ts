import type { JsonObject } from '../core/model/json.js'
import type { GuestCounts } from '../core/model/snapshot.js'
import type { GraphFailure } from '../graph/graph-failure.js'
import type { GraphReader, ReadOptions } from '../graph/graph-reader.js'
import { systemClock, type Clock } from '../graph/clock.js'
import { graphPath, pageOf, problemOf, type Collector, type Read, type SectionProblem } from './collector.js'
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

/** A stale-guest count kept between runs. */
export interface StaleGuestRecord {
  readonly staleAfterDays: number
  /** When it was counted (ISO 8601). */
  readonly countedAt: string
  readonly stale: number
}

/** Where the last stale-guest count is kept between runs (a file the workflow caches, for instance). */
export interface StaleGuestMemory {
  recall(): Promise<StaleGuestRecord | undefined>
  remember(record: StaleGuestRecord): Promise<void>
}

export interface GuestsCollectorOptions {
  readonly strategy?: StaleGuestStrategy
  readonly memory?: StaleGuestMemory
  /** With `memory`: a count younger than this many hours is reused instead of read again. 0: never. */
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

/**
 * What the census gave this run: a count (this run's, or the last complete one with its date when
 * this run's could not finish), a failure, or nothing to show (named in `unavailable`).
 */
type StaleOutcome =
  | { readonly ok: true; readonly value: number; readonly asOf?: string }
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
          if (stale.asOf !== undefined) counts.staleDefinition += `; ${asOfWords(stale.asOf, now)}`
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
 * A remembered count that is still fresh, or a new one (remembered for the next run). A census that
 * cannot finish within its budget gives the last complete count with its date, or nothing.
 */
async function staleGuestCount(
  graph: GraphReader,
  days: number,
  now: Date,
  options: GuestsCollectorOptions
): Promise<StaleOutcome> {
  const { memory, log } = options
  const refreshAfterHours = options.refreshAfterHours ?? 0
  let record: StaleGuestRecord | undefined
  if (memory !== undefined) {
    try {
      record = await memory.recall()
    } catch {
      record = undefined
    }
  }
  if (record !== undefined && refreshAfterHours > 0) {
    const reusable = reusableStaleCount(record, { staleAfterDays: days, now, refreshAfterHours })
    if (reusable !== undefined) {
      log?.(
        `Stale guests: reusing the count of ${record.countedAt} (${reusable}), younger than ${refreshAfterHours} h; sign-in activity not read.`
      )
      return { ok: true, value: reusable }
    }
  }
  const cutoff = now.getTime() - days * 86_400_000
  const clock = options.clock ?? graph.graphClock ?? systemClock
  const deadline = censusDeadline(clock.now(), options.budgetMinutes, graph.deadline)
  const counted = await countByGuestListing(graph, cutoff, log, { clock, deadline })
  if (counted.ok === 'out-of-budget') {
    const budget = `stale-guest-budget (${options.budgetMinutes ?? 0} min)`
    const stopped = `the census read ${counted.seen} guests and could not finish within ${budget}`
    if (record !== undefined && record.staleAfterDays === days) {
      log?.(
        `Stale guests: ${stopped}; reporting the last complete count, ${record.stale} as of ${record.countedAt}.`
      )
      return { ok: true, value: record.stale, asOf: record.countedAt }
    }
    const keep =
      memory === undefined
        ? 'set stale-guest-cache so that a complete count is kept for the runs that cannot finish one, or raise stale-guest-budget'
        : 'no complete count with this threshold is kept in stale-guest-cache yet; raise stale-guest-budget'
    log?.(`Stale guests: ${stopped}; not counted (${keep}).`)
    return { ok: 'not-counted', reason: `not counted: ${stopped}; ${keep}` }
  }
  if (counted.ok && memory !== undefined) {
    try {
      await memory.remember({ staleAfterDays: days, countedAt: now.toISOString(), stale: counted.value })
    } catch (error) {
      log?.(`Stale guests: could not keep the count for the next run: ${String(error)}`)
    }
  }
  return counted
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

/** "as of <date>" for a figure from an earlier run's census, and its age in days. */
function asOfWords(countedAt: string, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(countedAt)) / 86_400_000))
  const age = days === 0 ? 'earlier the same day' : days === 1 ? '1 day earlier' : `${days} days earlier`
  return `as of ${countedAt} (${age}): this run's census did not finish within stale-guest-budget, so the figure is the last complete count`
}

/** The remembered count when it was taken with the same threshold less than `refreshAfterHours` ago. */
export function reusableStaleCount(
  record: StaleGuestRecord,
  settings: { readonly staleAfterDays: number; readonly now: Date; readonly refreshAfterHours: number }
): number | undefined {
  if (record.staleAfterDays !== settings.staleAfterDays) return undefined
  const age = settings.now.getTime() - Date.parse(record.countedAt)
  if (Number.isNaN(age) || age < 0 || age >= settings.refreshAfterHours * 3_600_000) return undefined
  return record.stale
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
 * A StaleGuestMemory kept as a small JSON file. The file is the caller's to place and persist (a
 * cached path in a workflow); an unreadable or malformed file just means counting again.
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
      return text === undefined ? undefined : parseStaleGuestRecord(text)
    },
    async remember(record) {
      await files.writeFile(path, `${JSON.stringify(record, null, 2)}\n`)
    }
  }
}

export function parseStaleGuestRecord(text: string): StaleGuestRecord | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { staleAfterDays, countedAt, stale } = value as Record<string, unknown>
  if (
    typeof staleAfterDays !== 'number' ||
    !Number.isInteger(staleAfterDays) ||
    typeof stale !== 'number' ||
    !Number.isInteger(stale) ||
    stale < 0 ||
    typeof countedAt !== 'string' ||
    Number.isNaN(Date.parse(countedAt))
  ) {
    return undefined
  }
  return { staleAfterDays, countedAt, stale }
}
