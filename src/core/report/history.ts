import { isCloudGap } from '../model/cloud-properties.js'
import { isJsonObject } from '../model/json.js'
import type { Report } from './report.js'
import type { Snapshot } from '../model/snapshot.js'

/**
 * A tenant's run history: one point per detect run, the last HISTORY_LENGTH runs. The points live
 * in a hidden block of the tenant's tracking issue, so the trend needs no storage besides GitHub
 * and a run reads it back from the text it wrote.
 */

/** How many runs the trend covers. */
export const HISTORY_LENGTH = 30

/** Counted drift findings (neither ignored nor info) by severity. */
export interface FindingCounts {
  readonly critical: number
  readonly high: number
  readonly medium: number
  readonly low: number
}

export interface HistoryPoint {
  /** When the run's live snapshot was taken (ISO 8601, UTC): the point's identity. */
  readonly at: string
  /** Guest accounts; null when the run could not read the figure. */
  readonly total: number | null
  /** Guests who never redeemed their invitation; null when not read. */
  readonly pendingAcceptance: number | null
  /** Guests without a sign-in for the stale threshold; null when not read (or turned off). */
  readonly stale: number | null
  /**
   * External members (B2B users with userType Member); null when not read. Absent from points
   * recorded before the figure was counted, which read as not read.
   */
  readonly externalMembers?: number | null
  readonly findings: FindingCounts
  /** With a partner policy: partners out of their tier. Absent where the run read no policy. */
  readonly outOfTier?: number
  /** With a partner policy: partners with a configuration and no tier. Absent where the run read no policy. */
  readonly unclassified?: number
  /**
   * True when some section was not compared: the counts then cover only what was read. Properties
   * the tenant's cloud lacks (not compared on every run there) do not make a run partial.
   */
  readonly partial?: true
  /** The workflow run that recorded the point (GITHUB_RUN_ID): re-running that run adds nothing. */
  readonly run?: string
}

const DATA_START = '<!-- entra-b2b-drift:history-data v1'
const DATA_END = '-->'
const SEVERITY_KEYS = ['critical', 'high', 'medium', 'low'] as const
/** What `at` may look like; anything else (an edited body) is not ours and is dropped. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?Z$/

/** The point this run adds: the live guest figures and the report's counted findings. */
export function historyPoint(report: Report, live: Snapshot, run?: string): HistoryPoint {
  const guests = live.guests
  const tiers = report.partnerTiers
  const judged = tiers !== undefined && tiers.partnersUnknown === undefined
  return {
    at: report.capturedAt,
    total: guests?.total ?? null,
    pendingAcceptance: guests?.pendingAcceptance ?? null,
    stale: guests?.stale ?? null,
    externalMembers: guests?.externalMembers ?? null,
    findings: {
      critical: report.counts.critical,
      high: report.counts.high,
      medium: report.counts.medium,
      low: report.counts.low
    },
    ...(judged ? { outOfTier: tiers.outOfTier, unclassified: tiers.unclassified } : {}),
    // A property the tenant's cloud lacks is never read there: the counts still cover everything.
    ...(report.notCompared.some((entry) => !isCloudGap(entry.section)) ? { partial: true as const } : {}),
    ...(run ? { run } : {})
  }
}

/** Whether the history already holds a point of this workflow run (a re-run of a finished run). */
export function recordsRun(history: readonly HistoryPoint[], run: string | undefined): boolean {
  return run !== undefined && history.some((point) => point.run === run)
}

/** All counted findings of a point. */
export function driftCount(point: HistoryPoint): number {
  let count = 0
  for (const severity of SEVERITY_KEYS) count += point.findings[severity]
  return count
}

/**
 * The history with `point` added: oldest first, one point per `at` (a repeated run replaces its
 * earlier self), only the newest `limit` kept.
 */
export function appendPoint(
  history: readonly HistoryPoint[],
  point: HistoryPoint,
  limit = HISTORY_LENGTH
): HistoryPoint[] {
  return mergeHistories([history, [point]], limit)
}

/** Several histories as one (duplicate tracking issues, say): union by `at`, later lists win. */
export function mergeHistories(
  histories: readonly (readonly HistoryPoint[])[],
  limit = HISTORY_LENGTH
): HistoryPoint[] {
  const byTime = new Map<string, HistoryPoint>()
  for (const history of histories) for (const point of history) byTime.set(point.at, point)
  const ordered = [...byTime.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  return ordered.slice(Math.max(0, ordered.length - limit))
}

/** The hidden block holding the points: one JSON object a line, fixed key order. */
export function formatHistoryData(points: readonly HistoryPoint[]): string {
  const lines = points.map((point) => JSON.stringify(pointForStorage(point)))
  return `${DATA_START}\n[\n${lines.join(',\n')}\n]\n${DATA_END}`
}

export interface ParsedHistory {
  readonly points: HistoryPoint[]
  /** Entries that were present but not readable (an edited or damaged block); 1 for a block that is not JSON. */
  readonly unreadable: number
}

/** The points of a tracking issue's body; an issue without the block has none. */
export function parseHistoryData(body: string): ParsedHistory {
  const start = body.indexOf(DATA_START)
  if (start < 0) return { points: [], unreadable: 0 }
  const end = body.indexOf(DATA_END, start + DATA_START.length)
  if (end < 0) return { points: [], unreadable: 1 }
  let data: unknown
  try {
    data = JSON.parse(body.slice(start + DATA_START.length, end))
  } catch {
    return { points: [], unreadable: 1 }
  }
  if (!Array.isArray(data)) return { points: [], unreadable: 1 }
  const points: HistoryPoint[] = []
  for (const entry of data) {
    const point = readPoint(entry)
    if (point !== undefined) points.push(point)
  }
  return { points: mergeHistories([points]), unreadable: data.length - points.length }
}

function pointForStorage(point: HistoryPoint): Record<string, unknown> {
  const { critical, high, medium, low } = point.findings
  return {
    at: point.at,
    total: point.total,
    pendingAcceptance: point.pendingAcceptance,
    stale: point.stale,
    ...(point.externalMembers === undefined ? {} : { externalMembers: point.externalMembers }),
    findings: { critical, high, medium, low },
    ...(point.outOfTier === undefined ? {} : { outOfTier: point.outOfTier }),
    ...(point.unclassified === undefined ? {} : { unclassified: point.unclassified }),
    ...(point.partial ? { partial: true } : {}),
    ...(point.run ? { run: point.run } : {})
  }
}

function readPoint(entry: unknown): HistoryPoint | undefined {
  if (!isJsonObject(entry) || !isJsonObject(entry.findings)) return undefined
  const at = entry.at
  if (typeof at !== 'string' || !TIMESTAMP.test(at) || Number.isNaN(Date.parse(at))) return undefined
  const { critical, high, medium, low } = entry.findings
  if (!isCount(critical) || !isCount(high) || !isCount(medium) || !isCount(low)) return undefined
  const figures = [entry.total, entry.pendingAcceptance, entry.stale, entry.externalMembers]
  if (!figures.every((figure) => figure === null || figure === undefined || isCount(figure))) return undefined
  return {
    at,
    total: countOrNull(entry.total),
    pendingAcceptance: countOrNull(entry.pendingAcceptance),
    stale: countOrNull(entry.stale),
    ...(entry.externalMembers === undefined ? {} : { externalMembers: countOrNull(entry.externalMembers) }),
    findings: { critical, high, medium, low },
    ...(isCount(entry.outOfTier) ? { outOfTier: entry.outOfTier } : {}),
    ...(isCount(entry.unclassified) ? { unclassified: entry.unclassified } : {}),
    ...(entry.partial === true ? { partial: true as const } : {}),
    ...(typeof entry.run === 'string' && /^\d{1,20}$/.test(entry.run) ? { run: entry.run } : {})
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function countOrNull(value: unknown): number | null {
  return isCount(value) ? value : null
}
