import { isJsonObject, type JsonValue } from './json.js'

/**
 * Arrays whose order Graph gives a meaning to. Every other array is a set: sorted here so that
 * order never shows up as drift.
 */
const ORDERED_ARRAY_PROPERTIES: ReadonlySet<string> = new Set(['primaryIdentityProviderPrecedenceOrder'])

/**
 * Flags enums that Graph serialises as one comma-joined string
 * ("b2bCollaborationGuest,b2bCollaborationMember"): compared as sets, so sorted here.
 */
const FLAG_STRING_PROPERTIES: ReadonlySet<string> = new Set([
  'guestOrExternalUserTypes',
  'insiderRiskLevels',
  'servicePrincipalRiskLevels',
  'authenticationFlows',
  'transferMethods'
])

/** OData control information (`@odata.context`, `x@odata.context`, `@odata.type`, ...) never matters. */
export function isAnnotation(key: string): boolean {
  return key.includes('@odata.') || key.startsWith('@')
}

/**
 * The canonical form of a Graph value: annotations dropped, keys sorted, set-like arrays and
 * flags strings sorted. Two canonical values are equal exactly when their JSON text is.
 */
export function canonicalize(value: JsonValue, propertyName = ''): JsonValue {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonicalize(item, propertyName))
    if (ORDERED_ARRAY_PROPERTIES.has(propertyName)) return items
    return items
      .map((item) => ({ item, text: stableStringify(item) }))
      .sort((a, b) => compareText(a.text, b.text))
      .map(({ item }) => item)
  }
  if (isJsonObject(value)) {
    const result: Record<string, JsonValue> = {}
    for (const key of Object.keys(value).sort(compareText)) {
      if (isAnnotation(key)) continue
      result[key] = canonicalize(value[key] as JsonValue, key)
    }
    return result
  }
  if (typeof value === 'string' && FLAG_STRING_PROPERTIES.has(propertyName) && value.includes(',')) {
    return sortFlags(value)
  }
  return value
}

export function sortFlags(flags: string): string {
  return flags
    .split(',')
    .map((flag) => flag.trim())
    .filter((flag) => flag.length > 0)
    .sort(compareText)
    .join(',')
}

/** JSON text with object keys sorted: a value's identity for sorting and comparing. */
export function stableStringify(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort(compareText)
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify(value[key] as JsonValue)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * Graph treats null, an absent property, an empty collection and an object whose every property
 * is unset alike ("not configured"), so they are one value for comparison.
 */
export function isUnset(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true
  if (Array.isArray(value)) return value.length === 0
  if (isJsonObject(value)) return Object.values(value).every((inner) => isUnset(inner))
  return false
}

/** Code-point order, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
