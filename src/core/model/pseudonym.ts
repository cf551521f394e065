/**
 * What we publish instead of an identifier (markers, placeholders, branch names). The digest is
 * made at the edge (node:crypto): with the `pseudonym-key` input it is an HMAC-SHA-256 nobody
 * without the key can recompute; without one it is a plain SHA-256, which only private
 * repositories may publish, because tenant ids are public and a plain hash of one is reversed by
 * trying them all.
 */
export interface Pseudonyms {
  /** True when tokens are keyed (HMAC): safe to publish where anyone can read. */
  readonly keyed: boolean
  /** Lowercase hex token of `text`, stable from run to run for the same key. */
  token(text: string, hexLength?: number): string
}

/** Default length of a token: 64 bits, enough to tell objects apart, short enough to read. */
export const TOKEN_HEX_LENGTH = 16
