import {
  AUDIT_QUERY_SCOPE,
  parseDirectoryAudit,
  type AuditEntry,
  type AuditEvidence
} from '../core/rules/attribution.js'
import type { JsonObject } from '../core/model/json.js'
import type { CloudName } from '../core/model/snapshot.js'
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
 * The clouds whose Graph offers the audit log API: directoryaudit-list.md lists the global service
 * and US Government L4 and L5 (DOD), not China operated by 21Vianet.
 */
export const DIRECTORY_AUDITS_CLOUDS: readonly CloudName[] = ['global', 'usgov', 'usgov-dod']

/**
 * The run's audit query, in the only documented form that spans every activity attribution
 * needs: `activityDateTime ge <start>` (directoryaudit.md: activityDateTime supports eq, ge, le;
 * the list API documents no `or`, and `category` documents no filter at all). Which entries
 * attribution can use is decided here, by `inAuditScope`: one request plus one per further page,
 * whatever the number of findings.
 */
export function auditFilter(since: string): string {
  return `activityDateTime ge ${since}`
}

/**
 * Whether an entry falls under the scope attribution matches (AUDIT_QUERY_SCOPE): its service,
 * category or name. Compared case-insensitively, as the directory compares strings.
 */
export function inAuditScope(raw: JsonObject): boolean {
  return AUDIT_QUERY_SCOPE.some(({ property, value }) => {
    const actual = raw[property]
    return typeof actual === 'string' && actual.toLowerCase() === value.toLowerCase()
  })
}

/**
 * Reads the directory audit entries of the window, following nextLink, paced at the identity and
 * access reports limit. Optional by design: a cloud without the API, a refusal or a failure
 * becomes the reason every finding gives for naming no one, never a failed run.
 */
export async function readDirectoryAudits(
  graph: GraphReader,
  window: AuditWindow,
  cloud: CloudName
): Promise<AuditEvidence> {
  if (!DIRECTORY_AUDITS_CLOUDS.includes(cloud)) {
    return {
      read: false,
      reason: `the audit log is not offered in the ${cloud} cloud (GET ${DIRECTORY_AUDITS_PATH} is documented for the global and US Government clouds only)`
    }
  }
  const since = Date.parse(window.since)
  if (Number.isNaN(since)) {
    return { read: false, reason: `the window's start, ${window.sinceWhat} '${window.since}', is not a date` }
  }
  const start = new Date(since).toISOString()
  const path = graphPath(DIRECTORY_AUDITS_PATH, { $filter: auditFilter(start) })
  const entries: AuditEntry[] = []
  // Page by page, keeping only what attribution can use: the window may hold many unrelated entries.
  const read = await readCollection(graph, path, { limitClass: 'reports' }, (page) => {
    for (const raw of page) {
      if (!inAuditScope(raw)) continue
      const entry = parseDirectoryAudit(raw)
      if (entry !== undefined) entries.push(entry)
    }
  })
  if (!read.ok) return { read: false, reason: unavailableReason(read.failure) }
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
