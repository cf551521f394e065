import { isUnset } from '../model/canonical.js'
import { asReferences, type ExpandedProperties } from '../model/expanded.js'
import type { ObjectDrift } from '../diff/diff.js'
import { splitPath } from '../model/json-path.js'
import type { Change, ObjectKind, Remediation } from '../model/finding.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { SECTIONS, type Section } from '../../sections/index.js'
import type { RemediationFacts } from '../../sections/section.js'
import { syncJobRemediation } from './sync-job-remediation.js'

/** Where an object lives in Graph and which cmdlets write it (Microsoft Graph PowerShell v1.0). */
interface Endpoint {
  /** Graph path of the object, relative to the version root. */
  path(key: string): string
  /** Every property of the Graph v1.0 type: a body carries no other. */
  properties: ReadonlySet<string>
  /** Properties Graph computes or will not take in a write body. */
  readOnly: ReadonlySet<string>
  /** The action that returns the object to the service's defaults, when the baseline holds them. */
  reset?: RemediationFacts['reset']
  /** Expanded related entities, written back as references. */
  expanded?: ExpandedProperties
  /** The cmdlet that PATCHes the object, with its id parameter; none when Graph updates nothing of it. */
  update?(key: string): string
  /** How to re-create the object when the live tenant lost it. */
  create?: {
    method: 'POST' | 'PUT'
    path(key: string): string
    cmdlet(key: string): string
    readOnly: ReadonlySet<string>
    note?: string
    /** Beta path that restores the soft-deleted object with its id. */
    restoreBeta?(key: string): string
  }
  /** The cmdlet that deletes the object when the live tenant gained it. */
  remove?(key: string): string
  removeNote?: string
  /** Why no request puts the object back, said instead of one. */
  noRestore?: string
  /** The one write that puts back a posture the snapshot derives from what Graph stores. */
  derivedWrite?: RemediationFacts['derivedWrite']
}

type WritableSection = Extract<Section, { remediation: RemediationFacts }>

/** Every kind Graph can write, from its section's declared remediation facts. */
const ENDPOINTS: Partial<Record<ObjectKind, Endpoint>> = Object.fromEntries(
  SECTIONS.flatMap((section) => ('remediation' in section ? [[section.kind, endpointOf(section)]] : []))
)

function endpointOf(section: WritableSection): Endpoint {
  const facts: RemediationFacts = section.remediation
  const objectPath = (key: string): string => {
    const path = section.graph.path
    if (section.shape === 'singleton') return path
    return path.includes('{tenantId}') ? path.replace('{tenantId}', segment(key)) : `${path}/${segment(key)}`
  }
  // A cmdlet that addresses one object of a keyed kind names it with the id parameter.
  const naming =
    (cmdlet: string) =>
    (key: string): string =>
      facts.idParameter === undefined ? cmdlet : `${cmdlet} -${facts.idParameter} ${quoted(key)}`
  const readOnly = new Set(facts.readOnly)
  const endpoint: Endpoint = {
    path: objectPath,
    properties: new Set(facts.properties),
    readOnly
  }
  if (facts.updateCmdlet !== undefined) endpoint.update = naming(facts.updateCmdlet)
  if (facts.reset !== undefined) endpoint.reset = facts.reset
  if (facts.noRestore !== undefined) endpoint.noRestore = facts.noRestore
  if (facts.derivedWrite !== undefined) endpoint.derivedWrite = facts.derivedWrite
  if ('expanded' in section) endpoint.expanded = section.expanded
  const create = facts.create
  if (create !== undefined) {
    // A POST goes to the collection and Graph assigns the new object; a PUT writes at its own path.
    endpoint.create = {
      method: create.method,
      path: create.method === 'POST' ? () => section.graph.path : objectPath,
      cmdlet: create.method === 'POST' ? () => create.cmdlet : naming(create.cmdlet),
      readOnly: create.readOnly === undefined ? readOnly : new Set(create.readOnly),
      ...(create.note === undefined ? {} : { note: create.note })
    }
    const restore = create.restoreBeta
    if (restore !== undefined) endpoint.create.restoreBeta = (key) => restore.replace('{id}', segment(key))
  }
  if (facts.remove !== undefined) {
    endpoint.remove = naming(facts.remove.cmdlet)
    if (facts.remove.note !== undefined) endpoint.removeNote = facts.remove.note
  }
  return endpoint
}

/**
 * The Graph request that puts the baseline back for these changes of one object, then its
 * PowerShell equivalent: a PATCH of the whole baseline value of each changed top-level property,
 * a DELETE of an object the baseline does not have, a POST (or PUT) of one it lost, or the reset
 * action when the baseline holds the service's defaults. Bodies carry only properties of the v1.0
 * type, and expanded related entities as references.
 */
export function remediationFor(drift: ObjectDrift, changes: readonly Change[]): Remediation | undefined {
  const { kind, key } = drift.object
  // h-sync: a job is paused, started or re-created by actions, not PATCHed (sync-job-remediation.ts).
  if (kind === 'crossTenantSyncJob') return syncJobRemediation(drift, changes)
  const endpoint = ENDPOINTS[kind]
  if (endpoint === undefined) return undefined
  if (endpoint.noRestore !== undefined) return { note: endpoint.noRestore }
  const derived = endpoint.derivedWrite
  if (derived !== undefined) {
    // The snapshot holds no Graph property to PATCH: the declared write rebuilds the baseline's.
    if (drift.before === undefined) return undefined
    const body = derived.body(drift.before)
    return {
      graph: { method: derived.method, path: derived.path, body },
      powershell: withBody(body, derived.cmdlet),
      note: derived.note
    }
  }
  if (drift.change === 'added') {
    if (endpoint.remove === undefined) return undefined
    return withNote(
      { graph: { method: 'DELETE', path: endpoint.path(key) }, powershell: endpoint.remove(key) },
      endpoint.removeNote
    )
  }
  if (drift.change === 'removed') return recreation(endpoint, kind, key, drift.before)
  const reset = endpoint.reset
  if (reset !== undefined && drift.before?.[reset.flag] === true) {
    return resetRemediation(reset, endpoint.path(key), drift.after?.[reset.flag] === true)
  }
  const properties = topLevelProperties(changes)
  const outside = properties.filter((property) => !endpoint.properties.has(property))
  const skipped = properties.filter(
    (property) => endpoint.properties.has(property) && endpoint.readOnly.has(property)
  )
  const writable = properties.filter(
    (property) => endpoint.properties.has(property) && !endpoint.readOnly.has(property)
  )
  const notes = [
    skipped.length > 0
      ? `Read-only through Graph, not restorable this way: ${skipped.join(', ')}.`
      : undefined,
    outsideNote(outside)
  ]
  const note = joinNotes(notes)
  const update = endpoint.update
  if (writable.length === 0 || update === undefined) return note === undefined ? undefined : { note }
  const restored: JsonObject = {}
  for (const property of writable) restored[property] = drift.before?.[property] ?? null
  const body = annotateForWrite(kind, endpoint, restored, drift.before ?? drift.after)
  return withNote(
    {
      graph: { method: 'PATCH', path: endpoint.path(key), body },
      powershell: withBody(body, update(key))
    },
    note
  )
}

/**
 * The baseline holds the service's untouched defaults: only the reset action gives them back (a
 * PATCH of the same values would leave the object customised). When the tenant is at the
 * service's defaults too, the service changed them: nothing to put back.
 */
function resetRemediation(
  reset: NonNullable<RemediationFacts['reset']>,
  path: string,
  liveAtDefaults: boolean
): Remediation {
  if (liveAtDefaults) {
    return {
      note: `Both the baseline and the tenant hold Microsoft's system defaults (${reset.flag}: true): Microsoft changed them. Refresh the baseline if the new defaults are acceptable.`
    }
  }
  return {
    graph: { method: 'POST', path: `${path}/${reset.action}` },
    powershell: reset.cmdlet,
    note: `The baseline holds Microsoft's system defaults (${reset.flag}: true): ${reset.action} returns to them, where a PATCH of the same values would leave the settings customised.`
  }
}

/** Re-creating an object the live tenant lost; restoring the soft-deleted one first, where Graph can. */
function recreation(
  endpoint: Endpoint,
  kind: ObjectKind,
  key: string,
  before: JsonObject | undefined
): Remediation | undefined {
  const create = endpoint.create
  if (create === undefined || before === undefined) return undefined
  const outside = Object.keys(before).filter(
    (property) => !endpoint.properties.has(property) && !isUnset(before[property])
  )
  const leftOut = new Set([...create.readOnly, ...outside])
  const body = annotateForWrite(kind, endpoint, creationBody(before, leftOut), before)
  const restore =
    create.restoreBeta === undefined
      ? undefined
      : `If it was deleted less than 30 days ago, restore it instead, which keeps its id: POST /beta${create.restoreBeta(key)} (Graph beta only). Otherwise re-create it with the request below.`
  return withNote(
    {
      graph: { method: create.method, path: create.path(key), body },
      powershell: withBody(body, create.cmdlet(key))
    },
    joinNotes([restore, create.note, outsideNote(outside)])
  )
}

function outsideNote(properties: readonly string[]): string | undefined {
  return properties.length > 0
    ? `Not in Graph v1.0's schema, not restorable through v1.0: ${properties.join(', ')}.`
    : undefined
}

function joinNotes(notes: readonly (string | undefined)[]): string | undefined {
  const present = notes.filter((note): note is string => note !== undefined)
  return present.length === 0 ? undefined : present.join(' ')
}

function topLevelProperties(changes: readonly Change[]): string[] {
  const properties = new Set<string>()
  for (const change of changes) {
    const [first] = splitPath(change.path)
    if (first !== undefined) properties.add(first)
  }
  return [...properties]
}

/** The baseline object as a create body: set properties only, none Graph would reject. */
function creationBody(object: JsonObject, readOnly: ReadonlySet<string>): JsonObject {
  const body: JsonObject = {}
  for (const [property, value] of Object.entries(object)) {
    if (!readOnly.has(property) && !isUnset(value)) body[property] = value
  }
  return body
}

/**
 * Canonical snapshots drop OData annotations, but Graph needs `@odata.type` to write an abstract
 * type: named locations (ip or country), their CIDR ranges, and CA external-tenant selectors.
 */
function annotateForWrite(
  kind: ObjectKind,
  endpoint: Endpoint,
  body: JsonObject,
  source: JsonObject | undefined
): JsonObject {
  // An expanded related entity is written as the reference Graph takes: { "id": ... }.
  const referenced = asReferences(body, endpoint.expanded)
  if (kind === 'namedLocation') return annotateNamedLocation(referenced, source)
  if (kind === 'conditionalAccessPolicy') return annotateExternalTenants(referenced) as JsonObject
  if (kind === 'connectedOrganization') return annotateIdentitySources(referenced)
  return referenced
}

/**
 * A connected organization's identity sources are of an abstract type; each subtype is told by the
 * properties only it has (identitySource's v1.0 subtypes). A source none matches stays unannotated.
 */
function annotateIdentitySources(body: JsonObject): JsonObject {
  if (!Array.isArray(body.identitySources)) return body
  const identitySources = body.identitySources.map((source) => {
    if (!isJsonObject(source)) return source
    const type =
      'cloudInstance' in source
        ? 'crossCloudAzureActiveDirectoryTenant'
        : 'tenantId' in source
          ? 'azureActiveDirectoryTenant'
          : 'issuerUri' in source
            ? 'externalDomainFederation'
            : 'domainName' in source
              ? 'domainIdentitySource'
              : 'socialIdentitySourceType' in source
                ? 'socialIdentitySource'
                : undefined
    return type === undefined ? source : { '@odata.type': `#microsoft.graph.${type}`, ...source }
  })
  return { ...body, identitySources }
}

function annotateNamedLocation(body: JsonObject, source: JsonObject | undefined): JsonObject {
  const type =
    source !== undefined && 'ipRanges' in source
      ? '#microsoft.graph.ipNamedLocation'
      : source !== undefined && 'countriesAndRegions' in source
        ? '#microsoft.graph.countryNamedLocation'
        : undefined
  const annotated: JsonObject = type === undefined ? {} : { '@odata.type': type }
  for (const [property, value] of Object.entries(body)) {
    annotated[property] =
      property === 'ipRanges' && Array.isArray(value) ? value.map(annotateCidrRange) : value
  }
  return annotated
}

function annotateCidrRange(range: JsonValue): JsonValue {
  if (!isJsonObject(range) || typeof range.cidrAddress !== 'string') return range
  const type = range.cidrAddress.includes(':')
    ? '#microsoft.graph.iPv6CidrRange'
    : '#microsoft.graph.iPv4CidrRange'
  return { '@odata.type': type, ...range }
}

const EXTERNAL_TENANTS_TYPES: Record<string, string> = {
  all: '#microsoft.graph.conditionalAccessAllExternalTenants',
  enumerated: '#microsoft.graph.conditionalAccessEnumeratedExternalTenants'
}

function annotateExternalTenants(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(annotateExternalTenants)
  if (!isJsonObject(value)) return value
  const result: JsonObject = {}
  for (const [property, inner] of Object.entries(value)) {
    if (property === 'externalTenants' && isJsonObject(inner) && typeof inner.membershipKind === 'string') {
      const type = EXTERNAL_TENANTS_TYPES[inner.membershipKind]
      result[property] = type === undefined ? inner : { '@odata.type': type, ...inner }
    } else {
      result[property] = annotateExternalTenants(inner)
    }
  }
  return result
}

/**
 * The cmdlet preceded by the line that builds its `$body`, so the block runs as pasted: the
 * request body as JSON in a single-quoted literal (nothing in it expands), turned into the
 * hashtable `-BodyParameter` takes (`-AsHashtable` keeps keys such as `@odata.type`).
 */
function withBody(body: JsonObject, cmdlet: string): string {
  return `$body = ${quoted(JSON.stringify(body))} | ConvertFrom-Json -AsHashtable\n${cmdlet} -BodyParameter $body`
}

function withNote(remediation: Remediation, note: string | undefined): Remediation {
  return note === undefined ? remediation : { ...remediation, note }
}

/** A key as one URL path segment. */
function segment(key: string): string {
  return encodeURIComponent(key)
}

/** A PowerShell single-quoted string literal; PowerShell also treats typographic single quotes as quotes. */
export function quoted(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`
}
