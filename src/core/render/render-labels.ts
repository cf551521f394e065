import type { ObjectKind, ObjectRef, Severity } from '../model/finding.js'
import { inert } from './inert.js'
import { KEYED_KINDS } from '../diff/objects.js'

/** How every markdown renderer shows a severity. */
export const SEVERITY_BADGES: Readonly<Record<Severity, string>> = {
  critical: '🔴 Critical',
  high: '🟠 High',
  medium: '🟡 Medium',
  low: '🔵 Low',
  info: '⚪ Info'
}

const KIND_LABELS: Readonly<Record<ObjectKind, string>> = {
  crossTenantAccessPolicy: 'Cross-tenant access policy',
  default: 'Default settings',
  partner: 'Partner',
  identitySynchronization: 'Cross-tenant sync policy',
  conditionalAccessPolicy: 'Conditional Access policy',
  namedLocation: 'Named location',
  guests: 'Guest users',
  authorizationPolicy: 'Authorization policy',
  multiTenantOrganization: 'Multitenant organization',
  sharepointSettings: 'SharePoint settings'
}

/** 'Partner Fabrikam (0530e93a-…)', or a singleton's own name; inert, since names come from Graph. */
export function objectLabel(object: ObjectRef): string {
  if (!KEYED_KINDS.has(object.kind)) return inert(object.displayName)
  const key = object.displayName === object.key ? '' : ` (${inert(object.key, 80)})`
  return `${KIND_LABELS[object.kind]} ${inert(object.displayName)}${key}`
}
