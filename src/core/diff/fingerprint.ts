import { compareText, stableStringify } from '../model/canonical.js'
import type { Change } from '../model/finding.js'

/*
 * Finding ids must be stable across runs, machines and releases so that an issue, a report or an
 * ignore can refer to one drift. The id is not a security boundary, so a small non-cryptographic
 * hash (FNV-1a, 64-bit) is enough; it stays FNV-1a because changing the function would change
 * every published id (docs/adr/0002).
 */

const FNV_OFFSET_BASIS = 0xcbf29ce484222325n
const FNV_PRIME = 0x100000001b3n
const UINT64_MASK = 0xffffffffffffffffn

/** FNV-1a 64-bit hash of the UTF-8 bytes of `text`, as 16 lowercase hex digits. */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET_BASIS
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte)
    hash = (hash * FNV_PRIME) & UINT64_MASK
  }
  return hash.toString(16).padStart(16, '0')
}

/**
 * `f-` + 16 hex digits: the same rule, object and (path, before, after) triples give the same id
 * whatever the order of the changes; any other drift on the same object gives another id.
 */
export function findingId(rule: string, kind: string, key: string, changes: readonly Change[]): string {
  const triples = changes
    .map((change) => stableStringify([change.path, change.before, change.after]))
    .sort(compareText)
  return `f-${fnv1a64(stableStringify([rule, kind, key, triples]))}`
}
