import { compareText } from '../core/model/canonical.js'
import type { JsonObject } from '../core/model/json.js'
import type { CloudName } from '../core/model/snapshot.js'
import { describeFailure } from '../graph/graph-failure.js'
import type { GraphReader } from '../graph/graph-reader.js'
import {
  normalizeObject,
  problemOf,
  readCollection,
  type Collector,
  type Read,
  type SectionProblem
} from './collector.js'
import {
  type ExpandedSyncPolicies,
  readExpandedSyncPolicies,
  readPartnersWithSyncPolicies,
  readSyncPolicy
} from './identity-synchronization.js'
import { namesNotLookedUp, readTenantInformation } from './tenant-information.js'

import { identitySynchronizationSection } from '../sections/identity-synchronization.js'
import { partnersSection } from '../sections/partners.js'

const PARTNERS_PATH = partnersSection.graph.path
/** The clouds whose Graph serves sync policies: every one, China included (see the declaration). */
const SYNC_CLOUDS: readonly CloudName[] | undefined = identitySynchronizationSection.clouds

/**
 * Every partner configuration (keyed by tenantId) and each partner's identity synchronization policy.
 * The partner list is read once, with the sync policies expanded into it; where Graph refuses that
 * (readPartnersWithSyncPolicies), the full partner list and the documented `$expand` of sync
 * policies are requested together instead, so they share one round trip. Only partners the
 * expansion did not settle are read one by one (and those reads are batched by the reader). Each
 * partner's organisation name is looked up alongside.
 */
export const partnerConfigurations: Collector = {
  id: partnersSection.id,
  permission: partnersSection.permission,
  core: partnersSection.core,
  async collect({ graph, cloud }) {
    const syncOffered = SYNC_CLOUDS?.includes(cloud) ?? true
    const together = syncOffered ? await readPartnersWithSyncPolicies(graph) : undefined
    const [partnersRead, expanded]: [Read<JsonObject[]>, ExpandedSyncPolicies | undefined] =
      together === undefined
        ? await Promise.all([
            readCollection(graph, PARTNERS_PATH),
            syncOffered ? readExpandedSyncPolicies(graph) : Promise.resolve(undefined)
          ])
        : together.ok
          ? [{ ok: true, value: together.value.partners }, together.value.expanded]
          : [together, undefined]
    if (!partnersRead.ok) {
      return {
        sections: {},
        problems: [
          problemOf(partnersRead.failure, 'partners', partnersSection),
          problemOf(partnersRead.failure, 'identitySynchronization', identitySynchronizationSection),
          namesNotLookedUp(describeFailure(partnersRead.failure))
        ]
      }
    }

    const partners: [string, JsonObject][] = []
    for (const raw of partnersRead.value) {
      const tenantId = raw.tenantId
      if (typeof tenantId !== 'string' || tenantId === '') {
        const problem: SectionProblem = {
          section: 'partners',
          status: 'incomplete',
          core: true,
          reason: `GET ${PARTNERS_PATH}: a partner has no tenantId`
        }
        return { sections: {}, problems: [problem, namesNotLookedUp(problem.reason)] }
      }
      partners.push([tenantId, normalizeObject(raw, ['identitySynchronization'])])
    }
    partners.sort(([a], [b]) => compareText(a, b))
    const [names, synced] = await Promise.all([
      readTenantInformation(
        graph,
        partners.map(([tenantId]) => tenantId)
      ),
      syncOffered ? readSyncPolicies(graph, partners, expanded) : Promise.resolve(undefined)
    ])
    const sections = {
      partners: Object.fromEntries(partners),
      ...(names.section !== undefined ? { tenantInformation: names.section } : {})
    }
    const problems: SectionProblem[] = names.problem !== undefined ? [names.problem] : []

    if (synced === undefined) {
      problems.push({
        section: 'identitySynchronization',
        status: 'unavailable',
        core: false,
        reason: `cross-tenant synchronization is not offered in the ${cloud} cloud`
      })
      return { sections, problems }
    }
    if (!synced.ok) {
      problems.push(problemOf(synced.failure, 'identitySynchronization', identitySynchronizationSection))
      return { sections, problems }
    }
    return { sections: { ...sections, identitySynchronization: synced.value }, problems }
  }
}

/** Each partner's sync policy: from the expansion where it settled it, else read one by one. */
async function readSyncPolicies(
  graph: GraphReader,
  partners: readonly [string, JsonObject][],
  expanded: ExpandedSyncPolicies | undefined
): Promise<Read<Record<string, JsonObject | null>>> {
  const sync: Record<string, JsonObject | null> = {}
  const reads = partners.map(async ([tenantId]) => {
    const known = expanded?.get(tenantId)
    if (known !== undefined) return { tenantId, read: { ok: true as const, value: known } }
    return { tenantId, read: await readSyncPolicy(graph, tenantId) }
  })
  for (const { tenantId, read } of await Promise.all(reads)) {
    if (!read.ok) return read
    sync[tenantId] = read.value
  }
  return { ok: true, value: sync }
}
