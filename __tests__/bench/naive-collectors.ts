/**
 * The naive reference strategy's reads, for the benchmark and the equivalence test: every resource
 * on its own, as a straightforward SDK script reads it. Each partner's sync policy is a GET of its
 * own (no `$expand`), each partner's name is looked up as production does, and stale guests come from listing every guest with its signInActivity.
 * Everything else is the production collectors, so the two snapshots must come out identical.
 */
import { compareText } from '../../src/core/model/canonical.js'
import type { JsonObject } from '../../src/core/model/json.js'
import {
  normalizeObject,
  problemOf,
  readCollection,
  type Collector,
  type SectionProblem
} from '../../src/collectors/collector.js'
import { guests, guestsCollector } from '../../src/collectors/guests.js'
import {
  identitySynchronizationDeclaration,
  readSyncPolicy
} from '../../src/collectors/identity-synchronization.js'
import { partnerConfigurations } from '../../src/collectors/partner-configurations.js'
import { COLLECTORS } from '../../src/collectors/registry.js'
import { readTenantInformation } from '../../src/collectors/tenant-information.js'

const partnersDeclaration = { id: 'partners', permission: 'Policy.Read.All', core: true } as const

/** The partner list, then one GET per partner for its sync policy (404 meaning none). */
export const naivePartnerConfigurations: Collector = {
  ...partnersDeclaration,
  async collect({ graph }) {
    const read = await readCollection(graph, '/policies/crossTenantAccessPolicy/partners')
    if (!read.ok)
      return { sections: {}, problems: [problemOf(read.failure, 'partners', partnersDeclaration)] }
    const partners: [string, JsonObject][] = []
    for (const raw of read.value) {
      partners.push([String(raw.tenantId), normalizeObject(raw, ['identitySynchronization'])])
    }
    partners.sort(([a], [b]) => compareText(a, b))
    const sync: Record<string, JsonObject | null> = {}
    const problems: SectionProblem[] = []
    for (const [tenantId] of partners) {
      const policy = await readSyncPolicy(graph, tenantId)
      if (!policy.ok) {
        problems.push(
          problemOf(policy.failure, 'identitySynchronization', identitySynchronizationDeclaration)
        )
        break
      }
      sync[tenantId] = policy.value
    }
    const names = await readTenantInformation(
      graph,
      partners.map(([tenantId]) => tenantId)
    )
    if (names.problem) problems.push(names.problem)
    const sections = {
      partners: Object.fromEntries(partners),
      ...(names.section ? { tenantInformation: names.section } : {})
    }
    if (problems.some((problem) => problem.section === 'identitySynchronization'))
      return { sections, problems }
    return { sections: { ...sections, identitySynchronization: sync }, problems }
  }
}

export const NAIVE_COLLECTORS: readonly Collector[] = COLLECTORS.map((collector) => {
  if (collector === partnerConfigurations) return naivePartnerConfigurations
  if (collector === guests) return guestsCollector({ strategy: 'guest-listing' })
  return collector
})
