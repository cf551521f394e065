import type { ObjectRef, Severity } from '../model/finding.js'
import { BETA_SECTION_IDS, sectionOfKind } from '../../sections/index.js'
import { inert } from './inert.js'

/** How every markdown renderer shows a severity. */
export const SEVERITY_BADGES: Readonly<Record<Severity, string>> = {
  critical: '🔴 Critical',
  high: '🟠 High',
  medium: '🟡 Medium',
  low: '🔵 Low',
  info: '⚪ Info'
}

/**
 * A section as lists of sections name it ('Not compared'): its id, labelled '(beta)' when Graph
 * serves it only in beta. Not escaped: the caller escapes it for its medium.
 */
export function sectionLabel(section: string): string {
  return BETA_SECTION_IDS.has(section) ? `${section} (beta)` : section
}

/** 'Partner Fabrikam (0530e93a-…)', or a singleton's own name; inert, since names come from Graph. */
export function objectLabel(object: ObjectRef): string {
  const section = sectionOfKind(object.kind)
  if (section.shape !== 'keyed') return inert(object.displayName)
  const key = object.displayName === object.key ? '' : ` (${inert(object.key, 80)})`
  return `${section.words.kindLabel} ${inert(object.displayName)}${key}`
}
