import { isJsonObject, type JsonObject } from '../core/model/json.js'
import type { GraphReader } from '../graph/graph-reader.js'
import { graphPath, normalizeObject, readCollection, type Read } from './collector.js'

import { identitySynchronizationSection } from '../sections/identity-synchronization.js'
import { partnersSection } from '../sections/partners.js'

/** What a failed read of sync policies names: the section, its permission, whether a run needs it. */
export const identitySynchronizationDeclaration = identitySynchronizationSection

/** What the documented `$expand=identitySynchronization` told us, per partner tenant id. */
export type ExpandedSyncPolicies = ReadonlyMap<string, JsonObject | null>

/**
 * The documented one-request form (list-partners, Example 2). A partner without a sync policy comes
 * back with `null` — or, since that is not documented, perhaps without the key: such partners are
 * left out of the map and read one by one. A Graph that refuses the query gives undefined.
 */
export async function readExpandedSyncPolicies(
  graph: GraphReader
): Promise<ExpandedSyncPolicies | undefined> {
  const path = graphPath(partnersSection.graph.path, {
    $select: 'tenantId',
    $expand: 'identitySynchronization'
  })
  const read = await readCollection(graph, path)
  return read.ok ? syncPoliciesOf(read.value) : undefined
}

/**
 * Every partner configuration and its sync policy in one list: the partners list with
 * `$expand=identitySynchronization` and no `$select`. list-partners documents both query
 * parameters ("supports the $select and $expand OData query parameters"); its example of the
 * expansion selects tenantId only, so that the expansion also returns every partner property is
 * [UNVERIFIED]. Undefined, so that the caller reads the two documented lists instead, when Graph
 * refuses the query (an HTTP status other than those of a missing permission, throttling or an
 * outage) or when any partner comes back without its configuration (`inboundTrust` is in every
 * partner of the documented answer, null where unset): a partial partner must never read as
 * drift. Any other failure is the partner list's own.
 */
export async function readPartnersWithSyncPolicies(
  graph: GraphReader
): Promise<Read<{ partners: JsonObject[]; expanded: ExpandedSyncPolicies }> | undefined> {
  const path = graphPath(partnersSection.graph.path, { $expand: 'identitySynchronization' })
  const read = await readCollection(graph, path)
  if (!read.ok) return read.failure.kind === 'http' ? undefined : read
  if (!read.value.every((item) => 'inboundTrust' in item)) return undefined
  return { ok: true, value: { partners: read.value, expanded: syncPoliciesOf(read.value) } }
}

function syncPoliciesOf(items: readonly JsonObject[]): ExpandedSyncPolicies {
  const expanded = new Map<string, JsonObject | null>()
  for (const item of items) {
    const tenantId = item.tenantId
    if (typeof tenantId !== 'string' || !('identitySynchronization' in item)) continue
    const policy = item.identitySynchronization
    expanded.set(tenantId, isJsonObject(policy) ? normalizeSyncPolicy(policy) : null)
  }
  return expanded
}

/** One partner's sync policy; Graph's 404 here means "this partner has none", which is data, not an error. */
export async function readSyncPolicy(graph: GraphReader, tenantId: string): Promise<Read<JsonObject | null>> {
  const path = identitySynchronizationSection.graph.path.replace('{tenantId}', encodeURIComponent(tenantId))
  const result = await graph.get(path)
  if (!result.ok) {
    if (result.failure.kind === 'not-found') return { ok: true, value: null }
    return result
  }
  if (!isJsonObject(result.body)) {
    return { ok: false, failure: { kind: 'bad-response', path, message: 'expected a JSON object' } }
  }
  return { ok: true, value: normalizeSyncPolicy(result.body) }
}

function normalizeSyncPolicy(raw: JsonObject): JsonObject {
  return normalizeObject(raw)
}
