import { isUnset } from '../model/canonical.js'
import type { ObjectDrift } from '../diff/diff.js'
import { splitPath } from '../model/json-path.js'
import type { Change, ObjectKind, Remediation } from '../model/finding.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'

/** Where an object lives in Graph and which cmdlets write it (Microsoft Graph PowerShell v1.0). */
interface Endpoint {
  /** Graph path of the object, relative to the version root. */
  path(key: string): string
  /** Properties Graph computes or will not take in a write body. */
  readOnly: ReadonlySet<string>
  /** The cmdlet that PATCHes the object, with its id parameter. */
  update(key: string): string
  /** How to re-create the object when the live tenant lost it. */
  create?: { method: 'POST' | 'PUT'; path(key: string): string; cmdlet(key: string): string; note?: string }
  /** The cmdlet that deletes the object when the live tenant gained it. */
  remove?(key: string): string
  removeNote?: string
}

const POLICY_TIMESTAMPS = ['createdDateTime', 'modifiedDateTime', 'deletedDateTime']

const ENDPOINTS: Partial<Record<ObjectKind, Endpoint>> = {
  crossTenantAccessPolicy: {
    path: () => '/policies/crossTenantAccessPolicy',
    readOnly: new Set(['id']),
    update: () => 'Update-MgPolicyCrossTenantAccessPolicy'
  },
  default: {
    path: () => '/policies/crossTenantAccessPolicy/default',
    // automaticUserConsentSettings is fixed to false/false on the default and cannot be written.
    readOnly: new Set(['id', 'isServiceDefault', 'automaticUserConsentSettings']),
    update: () => 'Update-MgPolicyCrossTenantAccessPolicyDefault'
  },
  partner: {
    path: (key) => `/policies/crossTenantAccessPolicy/partners/${segment(key)}`,
    readOnly: new Set(['tenantId', 'isInMultiTenantOrganization']),
    update: (key) =>
      `Update-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId ${quoted(key)}`,
    create: {
      method: 'POST',
      path: () => '/policies/crossTenantAccessPolicy/partners',
      cmdlet: () => 'New-MgPolicyCrossTenantAccessPolicyPartner'
    },
    remove: (key) =>
      `Remove-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId ${quoted(key)}`,
    removeNote:
      'A partner with a cross-tenant sync policy cannot be deleted: delete its identitySynchronization first.'
  },
  identitySynchronization: {
    path: (key) => `/policies/crossTenantAccessPolicy/partners/${segment(key)}/identitySynchronization`,
    readOnly: new Set(['tenantId']),
    update: (key) =>
      `Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId ${quoted(key)}`,
    create: {
      method: 'PUT',
      path: (key) => `/policies/crossTenantAccessPolicy/partners/${segment(key)}/identitySynchronization`,
      cmdlet: (key) =>
        `Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId ${quoted(key)}`,
      note: 'The partner configuration must exist before its sync policy can be created.'
    },
    remove: (key) =>
      `Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId ${quoted(key)}`
  },
  conditionalAccessPolicy: {
    path: (key) => `/identity/conditionalAccess/policies/${segment(key)}`,
    readOnly: new Set(['id', 'templateId', ...POLICY_TIMESTAMPS]),
    update: (key) => `Update-MgIdentityConditionalAccessPolicy -ConditionalAccessPolicyId ${quoted(key)}`,
    create: {
      method: 'POST',
      path: () => '/identity/conditionalAccess/policies',
      cmdlet: () => 'New-MgIdentityConditionalAccessPolicy',
      note: 'The re-created policy gets a new id: update its key in the baseline afterwards.'
    },
    remove: (key) => `Remove-MgIdentityConditionalAccessPolicy -ConditionalAccessPolicyId ${quoted(key)}`
  },
  namedLocation: {
    path: (key) => `/identity/conditionalAccess/namedLocations/${segment(key)}`,
    readOnly: new Set(['id', ...POLICY_TIMESTAMPS]),
    update: (key) => `Update-MgIdentityConditionalAccessNamedLocation -NamedLocationId ${quoted(key)}`,
    create: {
      method: 'POST',
      path: () => '/identity/conditionalAccess/namedLocations',
      cmdlet: () => 'New-MgIdentityConditionalAccessNamedLocation',
      note: 'The re-created location gets a new id: update its key in the baseline and in the policies that use it.'
    },
    remove: (key) => `Remove-MgIdentityConditionalAccessNamedLocation -NamedLocationId ${quoted(key)}`,
    removeNote: 'A named location still used by a Conditional Access policy cannot be deleted.'
  },
  authorizationPolicy: {
    path: () => '/policies/authorizationPolicy',
    readOnly: new Set(['id']),
    update: () => 'Update-MgPolicyAuthorizationPolicy'
  },
  multiTenantOrganization: {
    path: () => '/tenantRelationships/multiTenantOrganization',
    // Membership state changes by creating, joining or leaving, never by PATCH.
    readOnly: new Set(['id', 'createdDateTime', 'state']),
    update: () => 'Update-MgTenantRelationshipMultiTenantOrganization'
  },
  sharepointSettings: {
    path: () => '/admin/sharepoint/settings',
    readOnly: new Set(['id']),
    update: () => 'Update-MgAdminSharepointSetting'
  }
}

/**
 * The Graph request that puts the baseline back for these changes of one object, then its
 * PowerShell equivalent: a PATCH of the whole baseline value of each changed top-level property,
 * a DELETE of an object the baseline does not have, a POST (or PUT) of one it lost.
 */
export function remediationFor(drift: ObjectDrift, changes: readonly Change[]): Remediation | undefined {
  const { kind, key } = drift.object
  const endpoint = ENDPOINTS[kind]
  if (endpoint === undefined) return undefined
  if (drift.change === 'added') {
    if (endpoint.remove === undefined) return undefined
    return withNote(
      { graph: { method: 'DELETE', path: endpoint.path(key) }, powershell: endpoint.remove(key) },
      endpoint.removeNote
    )
  }
  if (drift.change === 'removed') {
    if (endpoint.create === undefined || drift.before === undefined) return undefined
    const readOnly = kind === 'partner' ? new Set(['isInMultiTenantOrganization']) : endpoint.readOnly
    const body = annotateForWrite(kind, creationBody(drift.before, readOnly), drift.before)
    return withNote(
      {
        graph: { method: endpoint.create.method, path: endpoint.create.path(key), body },
        powershell: withBody(body, endpoint.create.cmdlet(key))
      },
      endpoint.create.note
    )
  }
  const properties = topLevelProperties(changes)
  const writable = properties.filter((property) => !endpoint.readOnly.has(property))
  const skipped = properties.filter((property) => endpoint.readOnly.has(property))
  const skippedNote =
    skipped.length > 0
      ? `Read-only through Graph, not restorable this way: ${skipped.join(', ')}.`
      : undefined
  if (writable.length === 0) return skippedNote === undefined ? undefined : { note: skippedNote }
  const restored: JsonObject = {}
  for (const property of writable) restored[property] = drift.before?.[property] ?? null
  const body = annotateForWrite(kind, restored, drift.before ?? drift.after)
  return withNote(
    {
      graph: { method: 'PATCH', path: endpoint.path(key), body },
      powershell: withBody(body, endpoint.update(key))
    },
    skippedNote
  )
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
function annotateForWrite(kind: ObjectKind, body: JsonObject, source: JsonObject | undefined): JsonObject {
  if (kind === 'namedLocation') return annotateNamedLocation(body, source)
  if (kind === 'conditionalAccessPolicy') return annotateExternalTenants(body) as JsonObject
  return body
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
