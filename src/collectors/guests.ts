import type { JsonObject } from '../core/model/json.js'
import type { GuestCounts } from '../core/model/snapshot.js'
import type { GraphFailure } from '../graph/graph-failure.js'
import type { GraphReader, ReadOptions } from '../graph/graph-reader.js'
import {
  graphPath,
  pageOf,
  problemOf,
  readCollection,
  type Collector,
  type Page,
  type Read,
  type SectionProblem
} from './collector.js'
import { isStale } from './sign-in-activity.js'

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
/** Advanced query ($count), so ConsistencyLevel goes with every page, nextLinks included. */
const COUNTED_SIGN_IN_READ: ReadOptions = { limitClass: 'signInActivity', consistencyLevel: true }

/**
 * How stale guests are found (docs/stale-guests.md weighs them). `cheapest`: the two signInActivity
 * filters that together hold every user who may be stale, userType checked here, unless Graph
 * refuses them or its counts say that listing the guests needs fewer pages. `guest-listing`:
 * every guest with its signInActivity (what a straightforward script does; the benchmark's
 * reference).
 */
export type StaleGuestStrategy = 'cheapest' | 'guest-listing'

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
  readonly log?: (message: string) => void
}

/**
 * The guest population: total guests and pending invitations from `$count` (never by listing
 * users), and guests with no sign-in for `staleGuestDays` days from their signInActivity.
 */
export function guestsCollector(options: GuestsCollectorOptions = {}): Collector {
  return {
    ...countDeclaration,
    async collect({ graph, staleGuestDays, now }) {
      const total = readCount(graph, "userType eq 'Guest'")
      const [totalRead, pending, stale] = await Promise.all([
        total,
        readCount(graph, "externalUserState eq 'PendingAcceptance'"),
        staleGuestDays > 0 ? staleGuestCount(graph, staleGuestDays, now, total, options) : undefined
      ])
      const counts: GuestCounts = {}
      const problems: SectionProblem[] = []
      if (totalRead.ok) counts.total = totalRead.value
      else problems.push(problemOf(totalRead.failure, 'guests.total', countDeclaration))
      if (pending.ok) counts.pendingAcceptance = pending.value
      else problems.push(problemOf(pending.failure, 'guests.pendingAcceptance', countDeclaration))
      if (stale !== undefined) {
        counts.staleAfterDays = staleGuestDays
        if (stale.ok) counts.stale = stale.value
        else problems.push(problemOf(stale.failure, 'guests.stale', staleDeclaration))
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
  if (!result.ok) return refusedQueryOption(result.failure) ? readCountSegment(graph, filter) : result
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

/** 400 or 501 to a query option: the stand-in does not support it (Graph itself does). */
function refusedQueryOption(failure: GraphFailure): boolean {
  return failure.status === 400 || failure.status === 501
}

/** A remembered count that is still fresh, or a new one (remembered for the next run). */
async function staleGuestCount(
  graph: GraphReader,
  days: number,
  now: Date,
  total: Promise<Read<number>>,
  options: GuestsCollectorOptions
): Promise<Read<number>> {
  const { memory, log } = options
  const refreshAfterHours = options.refreshAfterHours ?? 0
  if (memory !== undefined && refreshAfterHours > 0) {
    const record = await memory.recall()
    const reusable = record && reusableStaleCount(record, { staleAfterDays: days, now, refreshAfterHours })
    if (record !== undefined && reusable !== undefined) {
      log?.(
        `Stale guests: reusing the count of ${record.countedAt} (${reusable}), younger than ${refreshAfterHours} h; sign-in activity not read.`
      )
      return { ok: true, value: reusable }
    }
  }
  const cutoff = now.getTime() - days * 86_400_000
  const counted =
    options.strategy === 'guest-listing'
      ? await countByGuestListing(graph, cutoff)
      : await countCheapest(graph, cutoff, total, log)
  if (counted.ok && memory !== undefined) {
    try {
      await memory.remember({ staleAfterDays: days, countedAt: now.toISOString(), stale: counted.value })
    } catch (error) {
      log?.(`Stale guests: could not keep the count for the next run: ${String(error)}`)
    }
  }
  return counted
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
 * The users who may be stale are those whose last interactive sign-in is before the cutoff, and
 * those with none recorded (never signed in, or only non-interactively): two signInActivity filters
 * (which cannot be combined with userType), each user's type and full activity checked here. The
 * first page of each carries `$count`, so before reading on, the pages both ways are known: when
 * listing the guests would take fewer, that is done instead.
 */
async function countCheapest(
  graph: GraphReader,
  cutoffMs: number,
  total: Promise<Read<number>>,
  log: ((message: string) => void) | undefined
): Promise<Read<number>> {
  const filters = [
    `signInActivity/lastSignInDateTime le ${isoSeconds(cutoffMs)}`,
    'signInActivity/lastSignInDateTime eq null'
  ]
  const firstPages = await Promise.all(
    filters.map((filter) =>
      graph.get(
        graphPath(USERS_PATH, {
          $filter: filter,
          $count: 'true',
          $select: 'id,userType,createdDateTime,signInActivity',
          $top: String(SIGN_IN_PAGE_SIZE)
        }),
        COUNTED_SIGN_IN_READ
      )
    )
  )
  const pages: Page[] = []
  for (const result of firstPages) {
    if (!result.ok) {
      if (!refusesQuery(result.failure)) return result
      log?.(
        `Stale guests: Graph refused a signInActivity filter (${result.failure.status ?? ''} ${result.failure.code ?? ''}); listing every guest instead.`
      )
      return countByGuestListing(graph, cutoffMs)
    }
    const page = pageOf(result.body)
    if (page === undefined) {
      return {
        ok: false,
        failure: { kind: 'bad-response', path: USERS_PATH, message: 'expected a collection with "value"' }
      }
    }
    pages.push(page)
  }

  const guestTotal = await total
  // A first page without @odata.count leaves the filters' cost unknown: they go on (their answer is exact).
  let filterPages = 0
  for (const page of pages) filterPages += Math.ceil((countValue(page.count) ?? 0) / SIGN_IN_PAGE_SIZE)
  const listingPages = guestTotal.ok ? Math.ceil(guestTotal.value / SIGN_IN_PAGE_SIZE) : Infinity
  if (listingPages < filterPages - pages.length) {
    log?.(
      `Stale guests: listing ${guestTotal.ok ? guestTotal.value : '?'} guests takes ${listingPages} pages, fewer than the ${filterPages - pages.length} left of the sign-in filters.`
    )
    return countByGuestListing(graph, cutoffMs)
  }

  // By id, not by count: the two filters are disjoint by definition, but a Graph stand-in that
  // ignores $filter would list every user twice, and nobody may be counted twice.
  const stale = new Set<string>()
  const tally = (users: readonly JsonObject[]): void => {
    for (const user of users) {
      if (user.userType === 'Guest' && isStale(user, cutoffMs)) stale.add(String(user.id))
    }
  }
  for (const page of pages) tally(page.items)
  const rest = await Promise.all(
    pages.map((page) =>
      page.nextLink === undefined
        ? ({ ok: true, value: [] } as const)
        : readCollection(graph, page.nextLink, COUNTED_SIGN_IN_READ, tally)
    )
  )
  for (const read of rest) if (!read.ok) return read
  return { ok: true, value: stale.size }
}

/**
 * Every guest with its signInActivity, 500 a page, paced to the documented 10 requests a minute,
 * counting as it streams so memory stays flat.
 */
async function countByGuestListing(graph: GraphReader, cutoffMs: number): Promise<Read<number>> {
  let stale = 0
  const path = graphPath(USERS_PATH, {
    $filter: "userType eq 'Guest'",
    $select: 'id,createdDateTime,signInActivity',
    $top: String(SIGN_IN_PAGE_SIZE)
  })
  const read = await readCollection(graph, path, SIGN_IN_READ, (users) => {
    for (const user of users) if (isStale(user, cutoffMs)) stale++
  })
  if (!read.ok) return read
  return { ok: true, value: stale }
}

/** A Graph (or a national cloud) that does not support the query answers 400 or 501. */
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

/** Graph's documented literal form, 2026-08-22T12:00:00Z (no milliseconds). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
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
