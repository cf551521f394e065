import type { Report } from './report.js'
import type { ObjectKind } from '../model/finding.js'
import { isJsonObject, type JsonValue } from '../model/json.js'
import type { Snapshot } from '../model/snapshot.js'
import { SECTIONS, sectionOfKind, type SectionDeclaration } from '../../sections/index.js'

/**
 * The values of a tenant's data that identify an organisation or a person and that no generic
 * pattern recognises: partner tenant ids (so their placeholders read `tenant-…`), partners'
 * organisation names and domains, the names of sync policies and of the multitenant organization
 * (a partner's name), SharePoint's domain lists, connected organizations' names, tenants and domains,
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
  const domains = new Set<string>()
  for (const section of SECTIONS) {
    const value = snapshot[section.id]
    if (value === undefined) continue
    const keyed = section.shape === 'keyed' || section.shape === 'labels'
    if (keyed && section.keyProperty === 'tenantId') for (const key of Object.keys(value)) tenantIds.add(key)
    const identifying: SectionDeclaration['identifying'] =
      'identifying' in section ? section.identifying : undefined
    if (identifying === undefined) continue
    const objects = (keyed ? Object.values(value) : [value]) as JsonValue[]
    for (const object of objects) {
      if (!isJsonObject(object)) continue
      for (const path of identifying.names ?? []) addValues(names, object, path)
      for (const path of identifying.domains ?? []) addValues(domains, object, path)
      for (const path of identifying.tenantIds ?? []) addValues(tenantIds, object, path)
    }
  }
  return { tenantIds: [...tenantIds], names: [...names], domains: [...domains] }
}

export function factsOfReport(report: Report): IdentifyingFacts {
  const tenantIds = new Set<string>([report.tenantId])
  const names = new Set<string>()
  const domains = new Set<string>()
  for (const finding of report.findings) {
    if (isPartnerKeyed(finding.object.kind)) tenantIds.add(finding.object.key)
    for (const partner of finding.access?.partners ?? []) {
      tenantIds.add(partner.tenantId)
      if (partner.displayName !== partner.tenantId) {
        addString(names, partner.displayName)
        // "Name (domain)" is rendered as "Name (domain, tenant id)": each part must be known on its own.
        const parts = /^(.+) \(([^()]+)\)$/.exec(partner.displayName)
        if (parts !== null) {
          addString(names, parts[1])
          if (parts[2] !== undefined) domains.add(parts[2])
        }
      }
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

function isPartnerKeyed(kind: ObjectKind): boolean {
  const section = sectionOfKind(kind)
  return section.shape === 'keyed' && section.keyProperty === 'tenantId'
}

/** The values at a dotted path, through nested objects and every item of a list on the way. */
function addValues(into: Set<string>, object: JsonValue, path: string): void {
  const [first, ...rest] = path.split('.')
  if (first === undefined) return
  if (Array.isArray(object)) {
    for (const item of object) addValues(into, item, path)
    return
  }
  if (!isJsonObject(object)) return
  if (rest.length === 0) addValue(into, object[first])
  else addValues(into, object[first] ?? null, rest.join('.'))
}

/** A single value counts trimmed; every string of a list counts as it is. */
function addValue(into: Set<string>, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'string') into.add(item)
  } else {
    addString(into, value)
  }
}

function addString(into: Set<string>, value: unknown): void {
  if (typeof value === 'string' && value.trim() !== '') into.add(value.trim())
}
