import { compareText } from '../core/canonical.js'
import type { JsonObject } from '../core/json.js'
import {
  normalizeObject,
  problemOf,
  readCollection,
  type Collector,
  type SectionProblem
} from './collector.js'
import {
  identitySynchronizationDeclaration,
  readExpandedSyncPolicies,
  readSyncPolicy
} from './identity-synchronization.js'

const declaration = { id: 'partners', permission: 'Policy.Read.All', core: true } as const

/**
 * Every partner configuration (keyed by tenantId) and each partner's identity synchronization policy.
 * The full partner list and the documented `$expand` of sync policies are requested together, so
 * they share one round trip; only partners the expansion did not settle are read one by one (and
 * those reads are batched by the reader).
 */
export const partnerConfigurations: Collector = {
  ...declaration,
  async collect({ graph, cloud }) {
    const syncOffered = cloud !== 'china'
    const [partnersRead, expanded] = await Promise.all([
      readCollection(graph, '/policies/crossTenantAccessPolicy/partners'),
      syncOffered ? readExpandedSyncPolicies(graph) : Promise.resolve(undefined)
    ])
    if (!partnersRead.ok) {
      return {
        sections: {},
        problems: [
          problemOf(partnersRead.failure, 'partners', declaration),
          {
            ...problemOf(partnersRead.failure, 'identitySynchronization', identitySynchronizationDeclaration)
          }
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
          reason: 'GET /policies/crossTenantAccessPolicy/partners: a partner has no tenantId'
        }
        return { sections: {}, problems: [problem] }
      }
      partners.push([tenantId, normalizeObject(raw, ['identitySynchronization'])])
    }
    partners.sort(([a], [b]) => compareText(a, b))
    const sections = { partners: Object.fromEntries(partners) }

    if (!syncOffered) {
      const problem: SectionProblem = {
        section: 'identitySynchronization',
        status: 'unavailable',
        core: false,
        reason: 'cross-tenant synchronization is not offered in the china cloud'
      }
      return { sections, problems: [problem] }
    }

    const sync: Record<string, JsonObject | null> = {}
    const reads = partners.map(async ([tenantId]) => {
      const known = expanded?.get(tenantId)
      if (known !== undefined) return { tenantId, read: { ok: true as const, value: known } }
      return { tenantId, read: await readSyncPolicy(graph, tenantId) }
    })
    for (const { tenantId, read } of await Promise.all(reads)) {
      if (!read.ok) {
        return {
          sections,
          problems: [problemOf(read.failure, 'identitySynchronization', identitySynchronizationDeclaration)]
        }
      }
      sync[tenantId] = read.value
    }
    return { sections: { ...sections, identitySynchronization: sync }, problems: [] }
  }
}
