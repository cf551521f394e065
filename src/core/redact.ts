/**
 * Redaction for text published where more people can read it than the tenant's admins (a public
 * repository): tenant ids, other GUIDs, domains, user principal names and e-mail addresses become
 * stable placeholders, so a reader can still tell two partners apart without learning who they are.
 *
 * Domains and users become a fixed placeholder rather than a hash: a dictionary of company domains
 * is small, so a hashed domain could be confirmed by anyone who guesses it. GUIDs keep a short hash
 * so that several partners in one issue stay distinguishable.
 */

export interface RedactionContext {
  /** Tenant ids (ours and partners'); they read as `tenant-xxxxxx`, every other GUID as `id-xxxxxx`. */
  readonly knownTenantIds: readonly string[]
  /** Domains to redact even where the generic pattern would not recognise them (unusual top-level domains). */
  readonly knownDomains?: readonly string[]
}

export const REDACTED_DOMAIN = '[redacted domain]'
export const REDACTED_USER = '[redacted user]'

/**
 * The text may already be markdown-escaped (`inert` writes '.' as `&#46;`, '-' as `&#45;`, '@' as
 * `&#64;`), so every separator matches in both forms: a finished report can be redacted as well as raw text.
 */
function either(char: string): string {
  const code = char.codePointAt(0) ?? 0
  // `inert` follows '@' and '#' with a zero-width space so GitHub finds no mention or reference.
  const zeroWidth = '(?:&#8203;|&#x200b;|\u200b)?'
  return `(?:${char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|&#${code};|&#x${code.toString(16)};)${zeroWidth}`
}
const DOT = either('.')
const HYPHEN = either('-')
const AT = either('@')
const HASH = either('#')
const HEX4 = '[0-9a-f]{4}'
const GUID = new RegExp(
  `\\b[0-9a-f]{8}${HYPHEN}${HEX4}${HYPHEN}${HEX4}${HYPHEN}${HEX4}${HYPHEN}[0-9a-f]{12}\\b`,
  'gi'
)
const LABEL = `[a-z0-9](?:[a-z0-9]|${HYPHEN}){0,62}`
const HOST = `${LABEL}(?:${DOT}${LABEL})*${DOT}[a-z]{2,63}\\b`
const LOCAL_PART = `(?:[a-z0-9]|${['.', '_', '%', '+', "'", '-'].map(either).join('|')})+`
/** Guest UPNs: `alice_fabrikam.com#EXT#@contoso.onmicrosoft.com`. */
const GUEST_UPN = new RegExp(`${LOCAL_PART}${HASH}EXT${HASH}${AT}${HOST}`, 'gi')
const EMAIL = new RegExp(`${LOCAL_PART}${AT}${HOST}`, 'gi')
const DOMAIN_CANDIDATE = new RegExp(`\\b(?:${LABEL}${DOT})+([a-z]{2,63})\\b`, 'gi')

/**
 * Top-level domains recognised without being told. Two-letter country codes count too, except those
 * that collide with file extensions or Graph property names in our own text (`report.md`, `x.id`).
 */
const GENERIC_TOP_LEVEL_DOMAINS: ReadonlySet<string> = new Set(
  'com net org edu gov mil int info biz name pro mobi asia app dev cloud online site tech xyz io ai co eu'.split(
    ' '
  )
)
/** Public service hosts named in our own text (remediation, links); they identify nobody. */
const SERVICE_HOSTS: ReadonlySet<string> = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
  'login.microsoftonline.com',
  'learn.microsoft.com',
  'entra.microsoft.com',
  'portal.azure.com',
  'aka.ms',
  'github.com',
  'docs.github.com'
])
const TWO_LETTER_NOT_DOMAINS: ReadonlySet<string> = new Set([
  'id',
  'md',
  'sh',
  'py',
  'rs',
  'ps',
  'go',
  'js',
  'ts'
])

/** Replace every identifying value in `text` by its placeholder. Idempotent. */
export function redactText(text: string, context: RedactionContext): string {
  const tenants = new Set(context.knownTenantIds.map((id) => id.toLowerCase()))
  let result = text.replace(GUEST_UPN, REDACTED_USER).replace(EMAIL, REDACTED_USER)
  for (const domain of context.knownDomains ?? []) {
    if (domain.length > 0) result = result.replace(new RegExp(literal(domain), 'gi'), REDACTED_DOMAIN)
  }
  result = result.replace(DOMAIN_CANDIDATE, (match: string, topLevel: string) =>
    looksLikeDomain(unescape(match), topLevel) ? REDACTED_DOMAIN : match
  )
  result = result.replace(GUID, (match) => {
    const guid = unescape(match).toLowerCase()
    return guidPlaceholder(guid, tenants.has(guid))
  })
  for (const tenantId of tenants) {
    // The same id written without hyphens (some Graph fields and URLs do that).
    const compact = tenantId.replace(/-/g, '')
    if (/^[0-9a-f]{32}$/.test(compact)) {
      result = result.replace(new RegExp(compact, 'gi'), guidPlaceholder(tenantId, true))
    }
  }
  return result
}

/** The placeholder a GUID gets wherever it appears: `tenant-1a2b3c` or `id-1a2b3c`. */
export function guidPlaceholder(guid: string, isTenant: boolean): string {
  return `${isTenant ? 'tenant' : 'id'}-${fingerprint(guid.toLowerCase(), 6)}`
}

/**
 * A one-way, stable token for an identifier (SHA-256, hex, truncated): what we publish instead of
 * the identifier itself in markers and branch names.
 */
export function fingerprint(text: string, hexLength = 16): string {
  return sha256Hex(text).slice(0, hexLength)
}

function looksLikeDomain(candidate: string, topLevel: string): boolean {
  const tld = topLevel.toLowerCase()
  const knownTopLevel =
    GENERIC_TOP_LEVEL_DOMAINS.has(tld) || (tld.length === 2 && !TWO_LETTER_NOT_DOMAINS.has(tld))
  if (!knownTopLevel || SERVICE_HOSTS.has(candidate.toLowerCase())) return false
  // camelCase labels are property paths ('authenticationStrength.id'), not host names.
  return !candidate.split('.').some((label) => /[a-z][A-Z]/.test(label))
}

/** A pattern for `text` that also matches its entity-escaped form. */
function literal(text: string): string {
  return Array.from(text, (char) => (/[a-z0-9]/i.test(char) ? char : either(char))).join('')
}

/** Undo the numeric character references `inert` writes (and drop its zero-width spaces). */
function unescape(text: string): string {
  return text
    .replace(/&#8203;|&#x200b;|\u200b/gi, '')
    .replace(/&#(x[0-9a-f]+|\d+);/gi, (_entity, code: string) =>
      String.fromCodePoint(
        code.startsWith('x') || code.startsWith('X') ? parseInt(code.slice(1), 16) : Number(code)
      )
    )
}

const ROUND_CONSTANTS = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2
])

/** FIPS 180-4 SHA-256 of the UTF-8 text; written out because the pure core may not import node:crypto. */
function sha256Hex(text: string): string {
  const message = new TextEncoder().encode(text)
  const paddedLength = Math.ceil((message.length + 9) / 64) * 64
  const padded = new Uint8Array(paddedLength)
  padded.set(message)
  padded[message.length] = 0x80
  const view = new DataView(padded.buffer)
  view.setUint32(paddedLength - 8, Math.floor((message.length * 8) / 0x100000000))
  view.setUint32(paddedLength - 4, (message.length * 8) >>> 0)

  const hash = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  ])
  const schedule = new Uint32Array(64)
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let i = 0; i < 16; i++) schedule[i] = view.getUint32(offset + i * 4)
    for (let i = 16; i < 64; i++) {
      const w15 = schedule[i - 15] ?? 0
      const w2 = schedule[i - 2] ?? 0
      const s0 = rotateRight(w15, 7) ^ rotateRight(w15, 18) ^ (w15 >>> 3)
      const s1 = rotateRight(w2, 17) ^ rotateRight(w2, 19) ^ (w2 >>> 10)
      schedule[i] = ((schedule[i - 16] ?? 0) + s0 + (schedule[i - 7] ?? 0) + s1) >>> 0
    }
    let [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = hash
    for (let i = 0; i < 64; i++) {
      const sum1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
      const choice = (e & f) ^ (~e & g)
      const temp1 = (h + sum1 + choice + (ROUND_CONSTANTS[i] ?? 0) + (schedule[i] ?? 0)) >>> 0
      const sum0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
      const majority = (a & b) ^ (a & c) ^ (b & c)
      const temp2 = (sum0 + majority) >>> 0
      h = g
      g = f
      f = e
      e = (d + temp1) >>> 0
      d = c
      c = b
      b = a
      a = (temp1 + temp2) >>> 0
    }
    const rounds = [a, b, c, d, e, f, g, h]
    for (let i = 0; i < 8; i++) hash[i] = ((hash[i] ?? 0) + (rounds[i] ?? 0)) >>> 0
  }
  return Array.from(hash, (word) => word.toString(16).padStart(8, '0')).join('')
}

function rotateRight(word: number, bits: number): number {
  return (word >>> bits) | (word << (32 - bits))
}
