import { keyedPlaceholders, type RedactionContext } from '../../src/core/report/redact.js'
import { createPseudonyms } from '../../src/runtime/pseudonyms.js'

/** A pseudonym key as a repository secret would hold it (tests only). */
export const TEST_PSEUDONYM_KEY = 'test-pseudonym-key-5f0c1d2e3a4b5c6d7e8f9a0b'

/** Plain SHA-256 tokens: what a private repository without a key publishes. */
export const UNKEYED = createPseudonyms(undefined)
/** HMAC-SHA-256 tokens under TEST_PSEUDONYM_KEY. */
export const KEYED = createPseudonyms(TEST_PSEUDONYM_KEY)

/** A redaction context with keyed placeholders, as a public repository with a key gets. */
export function keyedRedaction(
  knownTenantIds: readonly string[],
  extra: Omit<Partial<RedactionContext>, 'placeholder' | 'knownTenantIds'> = {}
): RedactionContext {
  return { knownTenantIds, placeholder: keyedPlaceholders(KEYED), ...extra }
}
