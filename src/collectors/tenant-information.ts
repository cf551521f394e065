import { compareText } from '../core/model/canonical.js'
import type { JsonObject } from '../core/model/json.js'
import { describeFailure, type GraphFailure } from '../graph/graph-failure.js'
import type { GraphReader } from '../graph/graph-reader.js'
import { normalizeObject, problemOf, readEntity, type Read, type SectionProblem } from './collector.js'

import { tenantInformationSection } from '../sections/tenant-information.js'

/** The documented properties of tenantInformation; anything else Graph adds is not needed for a label. */
const LABEL_PROPERTIES = ['tenantId', 'displayName', 'defaultDomainName', 'federationBrandName'] as const

export interface TenantInformationResult {
  /** Absent when the lookup is not possible here (no permission, a fault); the problem says why. */
  readonly section?: Record<string, JsonObject>
  readonly problem?: SectionProblem
}

/**
 * Each partner's organisation name and default domain, so that people read "Fabrikam, Ltd" instead
 * of a GUID. Only labels: never compared, so a renamed partner is not drift, and a run without
 * the permission (or any failed lookup) goes on with GUIDs. A partner Graph does not know (a
 * deleted tenant: 404, or a 400 for an id it will not look up) simply gets no entry.
 */
export async function readTenantInformation(
  graph: GraphReader,
  tenantIds: readonly string[]
): Promise<TenantInformationResult> {
  if (tenantIds.length === 0) return { section: {} }
  // One lookup first: without the permission every lookup would be refused, so the others are
  // not sent (a tenant with thousands of partners would otherwise pay thousands of 403s).
  const [first, ...rest] = tenantIds as [string, ...string[]]
  const probe = await lookUp(graph, first)
  if (!probe.ok && isFatal(probe.failure)) return { problem: problemFor(probe.failure) }
  const reads = [{ tenantId: first, read: probe }, ...(await Promise.all(rest.map(readOne(graph))))]

  const entries: [string, JsonObject][] = []
  for (const { tenantId, read } of reads) {
    if (!read.ok) {
      if (isFatal(read.failure)) return { problem: problemFor(read.failure) }
      continue
    }
    entries.push([tenantId, labelOf(tenantId, read.value)])
  }
  entries.sort(([a], [b]) => compareText(a, b))
  return { section: Object.fromEntries(entries) }
}

function readOne(graph: GraphReader) {
  return async (tenantId: string) => ({ tenantId, read: await lookUp(graph, tenantId) })
}

function lookUp(graph: GraphReader, tenantId: string): Promise<Read<JsonObject>> {
  // The function parameter is an OData string literal: a quote inside is doubled, then the whole
  // segment is URL-encoded like any other path value.
  const literal = encodeURIComponent(tenantId.replaceAll("'", "''"))
  return readEntity(graph, tenantInformationSection.graph.path.replace('{tenantId}', literal))
}

/** A tenant Graph cannot find is one unnamed partner; anything else means no names this run. */
function isFatal(failure: GraphFailure): boolean {
  return !(failure.kind === 'not-found' || failure.status === 400)
}

function problemFor(failure: GraphFailure): SectionProblem {
  if (failure.kind === 'forbidden') return problemOf(failure, 'tenantInformation', tenantInformationSection)
  return namesNotLookedUp(describeFailure(failure))
}

/** A fault here costs only the names: reported, but it never blocks the run. */
export function namesNotLookedUp(why: string): SectionProblem {
  return {
    section: 'tenantInformation',
    status: 'unavailable',
    core: false,
    reason: `partner names were not looked up: ${why}`
  }
}

/** The entry is keyed by the id asked for, whatever case Graph answers with. */
function labelOf(tenantId: string, raw: JsonObject): JsonObject {
  const label: JsonObject = { tenantId }
  for (const property of LABEL_PROPERTIES) {
    if (property === 'tenantId') continue
    const value = raw[property]
    if (typeof value === 'string' || value === null) label[property] = value
  }
  return normalizeObject(label)
}
