/**
 * The stale-guest census that resumes where the last run stopped (issue 16, item 1): the guest
 * population cut into slices by `createdDateTime`, each slice small enough to be read well inside
 * one run's stale-guest-budget, and the progress kept in the stale-guest cache, so that a tenant
 * too large for one run converges over several. docs/stale-guests.md tells the whole story.
 *
 * This file holds what the census remembers (the cache's versioned format), how the slices are
 * planned (bisecting a creation-date range whose `$count` is too large) and the words that state
 * what a figure counted. Reading Graph stays in guests.ts.
 */

/**
 * Where every census range starts. user resource (v1.0), createdDateTime: "Supports $filter (eq,
 * ne, not, ge, le, in)"; nothing in a directory is older than this. A guest dated earlier, like a
 * guest with no createdDateTime at all, falls outside every slice and is in the not-counted figure.
 */
export const CENSUS_START = '2000-01-01T00:00:00.000Z'

/** The cache file's format version; a file without it is the one-count format of before. */
export const STALE_GUEST_CACHE_VERSION = 2

/** A census that finished: the figure later runs show until the next census completes. */
export interface CompleteCensus {
  /** When the last slice was counted (ISO 8601). */
  readonly countedAt: string
  /** When its oldest slice was counted: the figure is "as of" this date. Equal to countedAt for a one-run census. */
  readonly asOf: string
  readonly stale: number
  /** Slices it was counted in; undefined or 1: one listing of every guest. */
  readonly slices?: number
  /** Guests outside every slice (no createdDateTime): not in `stale`. Undefined: none could be missed. */
  readonly notCounted?: number
  /** Whether the guests outside every slice could be measured; false: the figure says it could not. */
  readonly outsideChecked?: boolean
  /** Guests without a creation date counted in a last slice (`createdDateTime eq null`), in `stale`. */
  readonly undatedCounted?: number
}

/** One slice of the guest population: guests created in [from, to). */
export interface CensusSlice {
  readonly from: string
  readonly to: string
  /** Guests in it when it was planned (`$count`), for sizing the run's work; the count read may differ. */
  readonly planned: number
  /** Set once the slice was read to its end: counters only, never the guests themselves. */
  readonly counted?: {
    readonly guests: number
    readonly stale: number
    readonly countedAt: string
  }
}

/** A census under way: its slices oldest first; the first one not counted is the slice in progress. */
export interface CensusProgress {
  /** When it began: the upper bound of its last slice. Guests created later wait for the next census. */
  readonly startedAt: string
  readonly slices: readonly CensusSlice[]
}

/** Everything kept in stale-guest-cache. */
export interface StaleGuestState {
  readonly version: typeof STALE_GUEST_CACHE_VERSION
  /** The threshold both figures were counted with (input stale-guest-days). */
  readonly staleAfterDays: number
  readonly complete?: CompleteCensus
  readonly census?: CensusProgress
}

/**
 * The cache as written, or undefined for a file that is not one (counting starts afresh). A file
 * in the format before slices (`{ staleAfterDays, countedAt, stale }`) is read as a complete
 * one-run census with no census under way: its figure is still shown, and a new census starts
 * from the first slice.
 */
export function parseStaleGuestState(text: string): StaleGuestState | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(value)) return undefined
  const { version, staleAfterDays } = value
  if (!isCount(staleAfterDays)) return undefined
  if (version === undefined) {
    const complete = completeOf({ countedAt: value.countedAt, asOf: value.countedAt, stale: value.stale })
    return complete === undefined
      ? undefined
      : { version: STALE_GUEST_CACHE_VERSION, staleAfterDays, complete }
  }
  if (version !== STALE_GUEST_CACHE_VERSION) return undefined
  const complete = value.complete === undefined ? undefined : completeOf(value.complete)
  const census = value.census === undefined ? undefined : progressOf(value.census)
  // A part that does not read is dropped, not the file: the other part still counts.
  return {
    version: STALE_GUEST_CACHE_VERSION,
    staleAfterDays,
    ...(complete === undefined ? {} : { complete }),
    ...(census === undefined ? {} : { census })
  }
}

export function formatStaleGuestState(state: StaleGuestState): string {
  return `${JSON.stringify(state, null, 2)}\n`
}

function completeOf(value: unknown): CompleteCensus | undefined {
  if (!isRecord(value)) return undefined
  const { countedAt, asOf, stale, slices, notCounted, outsideChecked, undatedCounted } = value
  if (!isDate(countedAt) || !isDate(asOf) || !isCount(stale)) return undefined
  if (slices !== undefined && !isCount(slices)) return undefined
  if (notCounted !== undefined && !isCount(notCounted)) return undefined
  if (outsideChecked !== undefined && typeof outsideChecked !== 'boolean') return undefined
  if (undatedCounted !== undefined && !isCount(undatedCounted)) return undefined
  return {
    countedAt,
    asOf,
    stale,
    ...(slices === undefined ? {} : { slices }),
    ...(notCounted === undefined ? {} : { notCounted }),
    ...(outsideChecked === undefined ? {} : { outsideChecked }),
    ...(undatedCounted === undefined ? {} : { undatedCounted })
  }
}

function progressOf(value: unknown): CensusProgress | undefined {
  if (!isRecord(value) || !isDate(value.startedAt) || !Array.isArray(value.slices)) return undefined
  const slices: CensusSlice[] = []
  for (const item of value.slices) {
    if (!isRecord(item)) return undefined
    const { from, to, planned, counted } = item
    if (!isDate(from) || !isDate(to) || Date.parse(from) >= Date.parse(to) || !isCount(planned))
      return undefined
    if (counted === undefined) {
      slices.push({ from, to, planned })
      continue
    }
    if (
      !isRecord(counted) ||
      !isCount(counted.guests) ||
      !isCount(counted.stale) ||
      !isDate(counted.countedAt)
    )
      return undefined
    slices.push({
      from,
      to,
      planned,
      counted: { guests: counted.guests, stale: counted.stale, countedAt: counted.countedAt }
    })
  }
  return slices.length === 0 ? undefined : { startedAt: value.startedAt, slices }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value))
}

/** Guests whose `$count` the planner asks for; a failure stops the planning. */
export type RangeCounter = (from: string, to: string) => Promise<number | undefined>

/** Most pieces a range is cut into at once: one JSON batch carries 20 reads (json-batching.md). */
const MOST_PIECES = 20

/**
 * Slices of [from, to), oldest first, none holding more than `capacity` guests when counted: a
 * range with more is cut into equal spans of time, about two per capacity it holds (at most 20,
 * one batch), again and again; ranges with no guest are left out (a guest's creation date never
 * changes, so none can appear there later). A range under two seconds wide is kept whatever it
 * holds. The ranges of one depth are counted together, so planning takes as many round trips as
 * the cutting is deep, not one per count. `total`: the guests in [from, to), when already counted.
 * Undefined when a count fails.
 */
export async function planSlices(
  count: RangeCounter,
  from: string,
  to: string,
  capacity: number,
  total?: number
): Promise<CensusSlice[] | undefined> {
  const slices: CensusSlice[] = []
  let level: [string, string][] = [[from, to]]
  let known: (number | undefined)[] = [total]
  while (level.length > 0) {
    const counts = await Promise.all(level.map(([start, end], index) => known[index] ?? count(start, end)))
    const next: [string, string][] = []
    for (const [index, [start, end]] of level.entries()) {
      const guests = counts[index]
      if (guests === undefined) return undefined
      if (guests === 0) continue
      const startMs = Date.parse(start)
      const endMs = Date.parse(end)
      if (guests <= capacity || endMs - startMs < 2000) {
        slices.push({ from: start, to: end, planned: guests })
        continue
      }
      next.push(...cut(startMs, endMs, Math.min(MOST_PIECES, 2 * Math.ceil(guests / capacity))))
    }
    level = next
    known = []
  }
  return slices.sort((a, b) => Date.parse(a.from) - Date.parse(b.from))
}

/** [start, end) in `pieces` spans of whole seconds (fewer when it is too narrow), the last one ending at `end`. */
function cut(startMs: number, endMs: number, pieces: number): [string, string][] {
  const step = Math.max(1, Math.floor((endMs - startMs) / 1000 / pieces)) * 1000
  const ranges: [string, string][] = []
  for (let at = startMs; at < endMs; at += step) {
    const until = at + step >= endMs - 1000 ? endMs : at + step
    ranges.push([new Date(at).toISOString(), new Date(until).toISOString()])
    if (until === endMs) break
  }
  return ranges
}

/** The slice the census reads next: the first one not yet counted. */
export function nextSlice(census: CensusProgress): number | undefined {
  const index = census.slices.findIndex((slice) => slice.counted === undefined)
  return index < 0 ? undefined : index
}

/** Sums of the slices counted so far. */
export function censusTotals(census: CensusProgress): {
  readonly counted: number
  readonly guests: number
  readonly stale: number
  readonly oldest: string | undefined
} {
  let counted = 0
  let guests = 0
  let stale = 0
  let oldest: string | undefined
  for (const slice of census.slices) {
    if (slice.counted === undefined) continue
    counted++
    guests += slice.counted.guests
    stale += slice.counted.stale
    if (oldest === undefined || Date.parse(slice.counted.countedAt) < Date.parse(oldest))
      oldest = slice.counted.countedAt
  }
  return { counted, guests, stale, oldest }
}

/** "earlier the same day", "1 day earlier", "3 days earlier". */
export function ageWords(at: string, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 86_400_000))
  return days === 0 ? 'earlier the same day' : days === 1 ? '1 day earlier' : `${days} days earlier`
}

/**
 * What a census counted in slices stands for, beside its figure: the date it is as of (its oldest
 * slice), that guests created after it began wait for the next census, and the guests outside
 * every slice, which are not in the figure.
 */
export function slicedCensusWords(
  complete: CompleteCensus,
  startedAt: string | undefined,
  now: Date
): string {
  const slices = complete.slices ?? 1
  const parts = [
    `counted in ${slices} slices by creation date, as of ${complete.asOf} (the oldest slice, ${ageWords(complete.asOf, now)})`
  ]
  if (startedAt !== undefined) parts.push(`guests created after ${startedAt} wait for the next census`)
  if ((complete.undatedCounted ?? 0) > 0) {
    const n = complete.undatedCounted ?? 0
    parts.push(`${n} ${n === 1 ? 'guest' : 'guests'} without a creation date counted in a last slice`)
  }
  if (complete.outsideChecked === false) {
    parts.push('guests without a creation date could not be counted: whether there are any is unknown')
  } else if ((complete.notCounted ?? 0) > 0) {
    const n = complete.notCounted ?? 0
    parts.push(`${n} ${n === 1 ? 'guest' : 'guests'} without a creation date not counted`)
  }
  return parts.join('; ')
}
