import {
  AUDIT_QUERY_SCOPE,
  parseDirectoryAudit,
  type AuditEntry,
  type AuditEvidence
} from '../core/rules/attribution.js'
import { describeFailure, type GraphFailure } from '../graph/graph-failure.js'
import type { GraphReader } from '../graph/graph-reader.js'
import { graphPath, readCollection } from './collector.js'

export const DIRECTORY_AUDITS_PATH = '/auditLogs/directoryAudits'
/** Least-privileged application permission; Microsoft lists it together with Directory.Read.All for this API. */
export const DIRECTORY_AUDITS_PERMISSION = 'AuditLog.Read.All'

/** The span the run's changes happened in. */
export interface AuditWindow {
  /** The baseline's capture (or the previous run's), ISO 8601. */
  readonly since: string
  /** What `since` is, in words, for findings that cite the window. */
  readonly sinceWhat: string
  /** The live snapshot's capture, ISO 8601. */
  readonly until: string
}

/**
 * The run's one audit query: entries since the window's start whose service, category or name
 * is one attribution matches. A single `$filter` whatever the number of findings, so the cost is
 * one request plus one per further page.
 */
export function auditFilter(since: string): string {
  const scope = AUDIT_QUERY_SCOPE.map(
    ({ property, value }) => `${property} eq '${value.replaceAll("'", "''")}'`
  )
  return `activityDateTime ge ${since} and (${scope.join(' or ')})`
}

/**
 * Reads the directory audit entries of the window, following nextLink. Optional by design: a
 * refusal or a failure becomes the reason every finding gives for naming no one, never a failed run.
 */
export async function readDirectoryAudits(graph: GraphReader, window: AuditWindow): Promise<AuditEvidence> {
  const since = Date.parse(window.since)
  if (Number.isNaN(since)) {
    return { read: false, reason: `the window's start, ${window.sinceWhat} '${window.since}', is not a date` }
  }
  const start = new Date(since).toISOString()
  const path = graphPath(DIRECTORY_AUDITS_PATH, { $filter: auditFilter(start) })
  const read = await readCollection(graph, path)
  if (!read.ok) return { read: false, reason: unavailableReason(read.failure) }
  const entries: AuditEntry[] = []
  for (const raw of read.value) {
    const entry = parseDirectoryAudit(raw)
    if (entry !== undefined) entries.push(entry)
  }
  return { read: true, since: start, sinceWhat: window.sinceWhat, until: window.until, entries }
}

function unavailableReason(failure: GraphFailure): string {
  if (failure.kind === 'forbidden') {
    if (failure.code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant') {
      return `Graph answered 403 ${failure.code}: the tenant's licence does not allow reading the audit log through Graph`
    }
    return (
      `the audit log could not be read: Graph denied ${DIRECTORY_AUDITS_PATH} (403${failure.code ? ` ${failure.code}` : ''}); ` +
      `grant the application permission ${DIRECTORY_AUDITS_PERMISSION} (documented together with Directory.Read.All) and admin-consent it`
    )
  }
  return `the audit log could not be read: ${describeFailure({ ...failure, path: DIRECTORY_AUDITS_PATH })}`
}
