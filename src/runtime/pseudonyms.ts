import { createHash, createHmac } from 'node:crypto'
import { TOKEN_HEX_LENGTH, type Pseudonyms } from '../core/model/pseudonym.js'

/**
 * Keyed tokens (HMAC-SHA-256 under the `pseudonym-key` input) or, without a key, plain SHA-256:
 * the same text and key give the same token on every run, so hidden markers keep finding their issues.
 */
export function createPseudonyms(key: string | undefined): Pseudonyms {
  const digest =
    key === undefined
      ? (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
      : (text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex')
  return {
    keyed: key !== undefined,
    token: (text, hexLength = TOKEN_HEX_LENGTH) => digest(text).slice(0, hexLength)
  }
}
