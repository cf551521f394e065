import type { Report } from './report.js'
import type { Snapshot } from '../model/snapshot.js'

/**
 * The values of a tenant's data that identify an organisation or a person and that no generic
 * pattern recognises: partner tenant ids (so their placeholders read `tenant-…`), partners'
 * organisation names and domains, the names of sync policies and of the multitenant organization
 * (a partner's name), SharePoint's domain lists,
 * and, from a report, who made a change and from which client.
 */
export interface IdentifyingFacts {
  readonly tenantIds: readonly string[]
  readonly names: readonly string[]
  readonly domains: readonly string[]
}

export function factsOfSnapshot(snapshot: Snapshot): IdentifyingFacts {
  const tenantIds = new Set<string>([snapshot.tenantId])
  const names = new Set<string>()
  for (const key of Object.keys(snapshot.partners ?? {})) tenantIds.add(key)
  for (const [key, policy] of Object.entries(snapshot.identitySynchronization ?? {})) {
    tenantIds.add(key)
    addString(names, policy?.displayName)
  }
  addString(names, snapshot.multiTenantOrganization?.displayName)
  const domains = new Set<string>()
  for (const [key, information] of Object.entries(snapshot.tenantInformation ?? {})) {
    tenantIds.add(key)
    addString(names, information.displayName)
    addString(names, information.federationBrandName)
    addString(domains, information.defaultDomainName)
  }
  const sharepoint = snapshot.sharepointSettings
  for (const list of [sharepoint?.sharingAllowedDomainList, sharepoint?.sharingBlockedDomainList]) {
    if (Array.isArray(list)) for (const domain of list) if (typeof domain === 'string') domains.add(domain)
  }
  return { tenantIds: [...tenantIds], names: [...names], domains: [...domains] }
}

export function factsOfReport(report: Report): IdentifyingFacts {
  const tenantIds = new Set<string>([report.tenantId])
  const names = new Set<string>()
  const domains = new Set<string>()
  for (const finding of report.findings) {
    if (finding.object.kind === 'partner' || finding.object.kind === 'identitySynchronization')
      tenantIds.add(finding.object.key)
    for (const partner of finding.access?.partners ?? []) {
      tenantIds.add(partner.tenantId)
      if (partner.displayName !== partner.tenantId) addString(names, partner.displayName)
    }
    const attribution = finding.attribution
    if ('actor' in attribution) {
      addString(names, attribution.actor)
      addString(names, attribution.client)
    }
    for (const change of finding.changes) {
      if (!/domain/i.test(change.path)) continue
      for (const value of [change.before, change.after].flat()) {
        if (typeof value === 'string' && value.includes('.')) domains.add(value)
      }
    }
  }
  return { tenantIds: [...tenantIds], names: [...names], domains: [...domains] }
}

function addString(into: Set<string>, value: unknown): void {
  if (typeof value === 'string' && value.trim() !== '') into.add(value.trim())
}
