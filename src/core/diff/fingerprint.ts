import { createHash } from 'node:crypto'
import { compareText, stableStringify } from '../model/canonical.js'
import type { Change } from '../model/finding.js'

/*
 * Finding ids must be stable across runs and machines so that an issue or an ignore can refer to
 * one drift. The id is not a security boundary; SHA-256 is simply the standard digest, and
 * node:crypto computes it without I/O (docs/adr/0002-node-crypto-in-the-pure-core.md).
 */

/**
 * `f-` + 16 hex digits: the same rule, object and (path, before, after) triples give the same id
 * whatever the order of the changes; any other drift on the same object gives another id.
 */
export function findingId(rule: string, kind: string, key: string, changes: readonly Change[]): string {
  const triples = changes
    .map((change) => stableStringify([change.path, change.before, change.after]))
    .sort(compareText)
  const digest = createHash('sha256')
    .update(stableStringify([rule, kind, key, triples]), 'utf8')
    .digest('hex')
  return `f-${digest.slice(0, 16)}`
}
