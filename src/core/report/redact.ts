import type { Pseudonyms } from '../model/pseudonym.js'

/**
 * Redaction for text published where more people can read it than the tenant's admins (a public
 * repository): tenant ids, other GUIDs, finding ids, domains, user principal names, e-mail and IP
 * addresses, and the names the run learnt (partners, sync policies, audit clients) become placeholders.
 *
 * Domains, users and names become a fixed placeholder rather than a token: a dictionary of company
 * domains is small, so even a keyed token would let a reader tell which of two guesses is right.
 * GUIDs get a placeholder of their own so that several partners in one text stay distinguishable:
 * a keyed token when the run has a `pseudonym-key` (stable from run to run), else a number within
 * the run. Tenant ids are public, so an unkeyed hash of one is never published.
 */

/** What a placeholder stands for: a tenant id, any other GUID, or a finding id (`f-…`). */
export type PlaceholderKind = 'tenant' | 'id' | 'finding'

export interface RedactionContext {
  /** Tenant ids (ours and partners'); they read as `tenant-…`, every other GUID as `id-…`. */
  readonly knownTenantIds: readonly string[]
  /** Domains to redact even where the generic pattern would not recognise them (unusual top-level domains). */
  readonly knownDomains?: readonly string[]
  /** Names that identify an organisation or a person: partner and sync-policy names, audit clients. */
  readonly knownNames?: readonly string[]
  /** The placeholder of an identifier, e.g. `tenant-1a2b3c` or `tenant-2`: the same value, the same placeholder. */
  readonly placeholder: (value: string, kind: PlaceholderKind) => string
}

export const REDACTED_DOMAIN = '[redacted domain]'
export const REDACTED_USER = '[redacted user]'
export const REDACTED_NAME = '[redacted name]'
export const REDACTED_ADDRESS = '[redacted address]'

/**
 * Placeholders from keyed tokens: stable from run to run, and nobody without the key can tell
 * which id one stands for. Only keyed pseudonyms may be used: a plain hash of a public id is reversible.
 */
export function keyedPlaceholders(pseudonyms: Pseudonyms): RedactionContext['placeholder'] {
  if (!pseudonyms.keyed) throw new Error('keyed placeholders need a pseudonym key')
  return (value, kind) =>
    `${kind === 'finding' ? 'f' : kind}-${pseudonyms.token(`placeholder\n${kind}\n${value.toLowerCase()}`, kind === 'finding' ? 8 : 6)}`
}

/**
 * Placeholders numbered within one run (`tenant-1`, `id-2`, `f-3`), for runs without a key: they
 * carry no information about the id, at the price of changing between runs. `tenantsFirst` are
 * numbered first, in order (our own tenant is `tenant-1`).
 */
export function numberedPlaceholders(tenantsFirst: readonly string[] = []): RedactionContext['placeholder'] {
  const numbers = new Map<string, string>()
  const counts: Record<PlaceholderKind, number> = { tenant: 0, id: 0, finding: 0 }
  const placeholder = (value: string, kind: PlaceholderKind): string => {
    const id = `${kind}\n${value.toLowerCase()}`
    let assigned = numbers.get(id)
    if (assigned === undefined) {
      assigned = `${kind === 'finding' ? 'f' : kind}-${++counts[kind]}`
      numbers.set(id, assigned)
    }
    return assigned
  }
  for (const tenantId of tenantsFirst) placeholder(tenantId, 'tenant')
  return placeholder
}

/** Placeholders as the run's pseudonyms allow: keyed when there is a key, numbered otherwise. */
export function placeholdersFor(
  pseudonyms: Pseudonyms,
  tenantsFirst: readonly string[] = []
): RedactionContext['placeholder'] {
  return pseudonyms.keyed ? keyedPlaceholders(pseudonyms) : numberedPlaceholders(tenantsFirst)
}

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

const OCTET = '(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)'
/** IPv4 addresses and ranges (named locations, audit clients): `203.0.113.7`, `198.51.100.0/24`. */
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:${DOT}${OCTET}){3}(?:/\\d{1,2})?(?![\\d.])`, 'g')
/**
 * IPv6 addresses and ranges, full (at least four groups, so a time such as 23:59:30 is not one) or
 * compressed with `::` and a group on at least one side.
 */
const IPV6 = new RegExp(
  [
    '(?<![0-9a-z:])(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}(?:/\\d{1,3})?(?![0-9a-z:])',
    '(?<![0-9a-z:])(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)(?:/\\d{1,3})?(?![0-9a-z:])'
  ].join('|'),
  'gi'
)
/** Finding ids: `f-` and 16 hex digits, derived from the object's key (a tenant id for partners). */
const FINDING_ID = /\bf-[0-9a-f]{16}\b/g
/** Names shorter than this are not replaced: they would take our own words with them. */
const MIN_NAME_LENGTH = 3

/**
 * A context's known values, prepared once: a run redacts thousands of lines against thousands of
 * partner names, domains and tenant ids, and trying every value's pattern on every line made
 * redaction the most expensive step of a large tenant's run. Each value is looked for in plain
 * lower case first (a substring search); only the values a line contains become its pattern.
 */
interface KnownValue {
  /** Whether the value must not follow a letter or digit (a name that starts with one). */
  readonly wordStart?: boolean
  /** Whether the value must not be followed by a letter or digit (a name that ends with one). */
  readonly wordEnd?: boolean
  /** The value in lower case, or undefined when lower-casing may not agree with the pattern's case folding (non-ASCII): then it is always tried. */
  readonly lower?: string
  /** In lower case, exactly what the pattern matches (ASCII values only): replaceAscii() compares it. */
  readonly matchedLower?: string
  /** The text the pattern matches (a name trimmed, a domain as it is): its pattern is made from it (patternOf). */
  readonly matched: string
  /** Its place in the context's list (longest first): the order its pattern takes in an alternation. */
  readonly order: number
}

/**
 * Known values by one of their three-character pieces, the one fewest values share: where a text
 * contains a value, the value's piece is in the text at a known distance from the value's start.
 * So one look-up per character of the text finds the places where each value may begin, and only
 * those places are compared; searching the whole text once per known value made a report of
 * thousands of partners take minutes.
 */
interface ValueIndex {
  /** Values with no piece to look them up by (shorter than a piece, or non-ASCII): always searched for. */
  readonly always: readonly KnownValue[]
  /** By pieceKey(): the values with that piece, and where in the value the piece first starts. */
  readonly byPiece: ReadonlyMap<number, readonly { readonly value: KnownValue; readonly offset: number }[]>
}

const PIECE = 3

/** Three UTF-16 code units as one number (exact: 48 bits), cheaper to look up than a slice of the text. */
function pieceKey(text: string, start: number): number {
  return (text.charCodeAt(start) * 65536 + text.charCodeAt(start + 1)) * 65536 + text.charCodeAt(start + 2)
}

interface CompiledContext {
  readonly tenants: ReadonlySet<string>
  readonly names: ValueIndex
  readonly domains: ValueIndex
  /** Tenant ids written without hyphens, and the id each stands for, in the order they are tried. */
  readonly compactTenants: ReadonlyMap<string, { readonly tenantId: string; readonly order: number }>
  /** Each name's own pattern, anchored where it is tried (replaceGroup), compiled on first use. */
  readonly sticky: Map<KnownValue, RegExp>
}

const compiled = new WeakMap<RedactionContext, CompiledContext>()

function compile(context: RedactionContext): CompiledContext {
  const known = compiled.get(context)
  if (known !== undefined) return known
  const tenants = new Set(context.knownTenantIds.map((id) => id.toLowerCase()))
  /** `matched`: the text the pattern matches (a name trimmed, a domain as it is). */
  const knownValue = (value: string, matched: string, order: number, word = false): KnownValue => {
    const trimmed = value.trim()
    const lower = trimmed.toLowerCase()
    return {
      matched,
      // A name is replaced as a whole word: not after a letter or digit where it starts with one, not before one where it ends with one.
      wordStart: word && /^\w/.test(trimmed),
      wordEnd: word && /\w$/.test(trimmed),
      order,
      ...(/^[\x20-\x7e]*$/.test(value)
        ? { lower, matchedLower: matched === trimmed ? lower : matched.toLowerCase() }
        : {})
    }
  }
  // Longer values first, so that "Fabrikam Europe" is replaced whole before "Fabrikam".
  const names = indexValues(
    longestFirst(context.knownNames ?? [])
      .filter((name) => name.trim().length >= MIN_NAME_LENGTH)
      .map((name, order) => knownValue(name, name.trim(), order, true))
  )
  const domains = indexValues(
    longestFirst(context.knownDomains ?? [])
      .filter((domain) => domain.length > 0)
      .map((domain, order) => knownValue(domain, domain, order))
  )
  const compactTenants = new Map<string, { tenantId: string; order: number }>()
  for (const tenantId of tenants) {
    // The same id written without hyphens (some Graph fields and URLs do that).
    const compact = tenantId.replace(/-/g, '')
    if (/^[0-9a-f]{32}$/.test(compact) && !compactTenants.has(compact))
      compactTenants.set(compact, { tenantId, order: compactTenants.size })
  }
  const result: CompiledContext = { tenants, names, domains, compactTenants, sticky: new Map() }
  compiled.set(context, result)
  return result
}

function indexValues(values: readonly KnownValue[]): ValueIndex {
  /** Each piece of `lower` once, with where it first starts. */
  const piecesOf = (lower: string): Map<number, number> => {
    const pieces = new Map<number, number>()
    for (let start = 0; start + PIECE <= lower.length; start++) {
      const key = pieceKey(lower, start)
      if (!pieces.has(key)) pieces.set(key, start)
    }
    return pieces
  }
  const shared = new Map<number, number>()
  for (const value of values) {
    if (value.lower === undefined) continue
    for (const key of piecesOf(value.lower).keys()) shared.set(key, (shared.get(key) ?? 0) + 1)
  }
  const always: KnownValue[] = []
  const byPiece = new Map<number, { value: KnownValue; offset: number }[]>()
  for (const value of values) {
    if (value.lower === undefined || value.lower.length < PIECE) {
      always.push(value)
      continue
    }
    let rarest: [number, number] | undefined
    for (const [key, offset] of piecesOf(value.lower)) {
      if (rarest === undefined || (shared.get(key) ?? 0) < (shared.get(rarest[0]) ?? 0))
        rarest = [key, offset]
    }
    const [key, offset] = rarest as [number, number]
    const bucket = byPiece.get(key)
    if (bucket === undefined) byPiece.set(key, [{ value, offset }])
    else bucket.push({ value, offset })
  }
  return { always, byPiece }
}

/** The known values `plain` contains, in the context's order (longest first). */
function valuesIn(plain: string, index: ValueIndex): KnownValue[] {
  const found = new Set<KnownValue>()
  for (const value of index.always) {
    if (value.lower === undefined || plain.includes(value.lower)) found.add(value)
  }
  if (index.byPiece.size > 0) {
    for (let start = 0; start + PIECE <= plain.length; start++) {
      const bucket = index.byPiece.get(pieceKey(plain, start))
      if (bucket === undefined) continue
      for (const { value, offset } of bucket) {
        const at = start - offset
        if (at >= 0 && !found.has(value) && plain.startsWith(value.lower as string, at)) found.add(value)
      }
    }
  }
  return [...found].sort((a, b) => a.order - b.order)
}

const patterns = new WeakMap<KnownValue, string>()

/**
 * A value's pattern (its raw and escaped forms), made when a text needs it: most lines of a large
 * report are matched without one (replaceAscii), and making every value's pattern up front cost
 * megabytes and a noticeable part of a second for thousands of partners, each time the run learnt
 * something new.
 */
function patternOf(value: KnownValue): string {
  let pattern = patterns.get(value)
  if (pattern === undefined) {
    pattern = literal(value.matched)
    patterns.set(value, pattern)
  }
  return pattern
}

/** V8 refuses a pattern past a size: a line naming hundreds of partners is matched in parts. */
const ALTERNATIVES_PER_PATTERN = 256

/** The known values `plain` contains in groups of one alternation each, in order (longest first stays first). */
function groupsIn(plain: string, index: ValueIndex): KnownValue[][] {
  const present = valuesIn(plain, index)
  const groups: KnownValue[][] = []
  for (const wordStart of [true, false]) {
    const group = present.filter((value) => (value.wordStart ?? false) === wordStart)
    for (let start = 0; start < group.length; start += ALTERNATIVES_PER_PATTERN)
      groups.push(group.slice(start, start + ALTERNATIVES_PER_PATTERN))
  }
  return groups
}

/** A letter, a digit or '_' in any script, as the names' whole-word checks see it. */
const WORD_CHARACTER = /^[\p{L}\p{N}_]$/iu

/**
 * `text` with every value of `group` (one alternation, tried in order at each place) replaced:
 * the same matches as one pattern `(?<![\p{L}\p{N}_])(?:v1(?![\p{L}\p{N}_])|v2|…)` (flags
 * `giu`; for domains `(?:v1|v2|…)`, flags `gi`), made without compiling it where that can be
 * avoided: V8 takes up to a millisecond to compile such a pattern, and a report of thousands of
 * partners has thousands of lines that each name a different partner.
 */
function replaceGroup(
  text: string,
  group: readonly KnownValue[],
  replacement: string,
  sticky: Map<KnownValue, RegExp>
): string {
  // Plain ASCII without character references: a value matches exactly where its lower case does.
  if (!text.includes('&') && ASCII.test(text) && group.every((value) => value.matchedLower !== undefined))
    return replaceAscii(text, group, replacement)
  const wordStart = group[0]?.wordStart ?? false
  const pattern = group.map(patternOf).join('|')
  if (!wordStart && !group.some((value) => value.wordEnd)) {
    return text.replace(
      new RegExp(`(?:${pattern})`, replacement === REDACTED_NAME ? 'giu' : 'gi'),
      replacement
    )
  }
  const finder = new RegExp(pattern, 'giu')
  let result = ''
  let copied = 0
  let from = 0
  while (from <= text.length) {
    finder.lastIndex = from
    const candidate = finder.exec(text)
    if (candidate === null) break
    const at = candidate.index
    const end = wordStart && wordCharacterBefore(text, at) ? undefined : matchAt(text, at, group, sticky)
    if (end === undefined) {
      from = at + ((text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1)
      continue
    }
    result += `${text.slice(copied, at)}${replacement}`
    copied = end
    from = end
  }
  return copied === 0 ? text : result + text.slice(copied)
}

// eslint-disable-next-line no-control-regex -- every ASCII character, control characters included
const ASCII = /^[\x00-\x7f]*$/
const ASCII_WORD_CHARACTER = /[A-Za-z0-9_]/

/** replaceGroup() for ASCII text without character references, by comparing lower case. */
function replaceAscii(text: string, group: readonly KnownValue[], replacement: string): string {
  const lower = text.toLowerCase()
  const starts = new Set<number>()
  for (const value of group) {
    for (
      let at = lower.indexOf(value.matchedLower as string);
      at !== -1;
      at = lower.indexOf(value.matchedLower as string, at + 1)
    )
      starts.add(at)
  }
  if (starts.size === 0) return text
  let result = ''
  let copied = 0
  for (const at of [...starts].sort((a, b) => a - b)) {
    if (at < copied) continue
    if (group[0]?.wordStart && at > 0 && ASCII_WORD_CHARACTER.test(text.charAt(at - 1))) continue
    const value = group.find(
      (candidate) =>
        lower.startsWith(candidate.matchedLower as string, at) &&
        !(
          candidate.wordEnd &&
          ASCII_WORD_CHARACTER.test(text.charAt(at + (candidate.matchedLower as string).length))
        )
    )
    if (value === undefined) continue
    result += `${text.slice(copied, at)}${replacement}`
    copied = at + (value.matchedLower as string).length
  }
  return copied === 0 ? text : result + text.slice(copied)
}

/** Where the first value of `group` that matches at `at` (its end checked) ends, if one does. */
function matchAt(
  text: string,
  at: number,
  group: readonly KnownValue[],
  sticky: Map<KnownValue, RegExp>
): number | undefined {
  for (const value of group) {
    let pattern = sticky.get(value)
    if (pattern === undefined) {
      pattern = new RegExp(patternOf(value), 'iuy')
      sticky.set(value, pattern)
    }
    pattern.lastIndex = at
    const match = pattern.exec(text)
    if (match === null) continue
    const end = at + match[0].length
    if (value.wordEnd && wordCharacterAt(text, end)) continue
    return end
  }
  return undefined
}

function wordCharacterAt(text: string, index: number): boolean {
  const code = text.codePointAt(index)
  return code !== undefined && WORD_CHARACTER.test(String.fromCodePoint(code))
}

/** The character (a whole surrogate pair, as a Unicode pattern reads it) that ends at `index`. */
function wordCharacterBefore(text: string, index: number): boolean {
  if (index === 0) return false
  let start = index - 1
  const unit = text.charCodeAt(start)
  if (unit >= 0xdc00 && unit <= 0xdfff && start > 0) {
    const high = text.charCodeAt(start - 1)
    if (high >= 0xd800 && high <= 0xdbff) start--
  }
  return WORD_CHARACTER.test(text.slice(start, index))
}

const HEX_RUN = /[0-9a-f]{32,}/g

/**
 * The compact tenant ids `plain` contains, in the order they are tried: each lies in a run of at
 * least 32 hexadecimal digits, so only those runs are looked at (not the text once per tenant).
 */
function compactTenantsIn(plain: string, compactTenants: CompiledContext['compactTenants']): string[] {
  if (compactTenants.size === 0) return []
  const found = new Set<string>()
  for (const run of plain.matchAll(HEX_RUN)) {
    for (let start = 0; start + 32 <= run[0].length; start++) {
      const compact = run[0].slice(start, start + 32)
      if (compactTenants.has(compact)) found.add(compact)
    }
  }
  return [...found].sort((a, b) => (compactTenants.get(a)?.order ?? 0) - (compactTenants.get(b)?.order ?? 0))
}

/** Replace every identifying value in `text` by its placeholder. Idempotent. */
export function redactText(text: string, context: RedactionContext): string {
  const { tenants, names, domains, compactTenants, sticky } = compile(context)
  let result = text.replace(GUEST_UPN, REDACTED_USER).replace(EMAIL, REDACTED_USER)
  // Escaped and zero-width-spaced forms (what `inert` writes) read as the plain value here.
  const plain = unescape(result).toLowerCase()
  for (const group of groupsIn(plain, names)) result = replaceGroup(result, group, REDACTED_NAME, sticky)
  for (const group of groupsIn(plain, domains)) result = replaceGroup(result, group, REDACTED_DOMAIN, sticky)
  result = result.replace(DOMAIN_CANDIDATE, (match: string, topLevel: string) =>
    looksLikeDomain(unescape(match), topLevel) ? REDACTED_DOMAIN : match
  )
  result = result.replace(GUID, (match) => {
    const guid = unescape(match).toLowerCase()
    return context.placeholder(guid, tenants.has(guid) ? 'tenant' : 'id')
  })
  for (const compact of compactTenantsIn(plain, compactTenants)) {
    const { tenantId } = compactTenants.get(compact) as { tenantId: string }
    result = result.replace(new RegExp(compact, 'gi'), context.placeholder(tenantId, 'tenant'))
  }
  result = result.replace(FINDING_ID, (id) => context.placeholder(id, 'finding'))
  return result.replace(IPV4, REDACTED_ADDRESS).replace(IPV6, REDACTED_ADDRESS)
}

/** Lines up to this length are remembered with their redaction (longer ones are rarely repeated). */
const REMEMBERED_LINE_LENGTH = 256
const REMEMBERED_LINES = 20_000

/**
 * Text that arrives in pieces (a report file of tens of megabytes), transformed a line at a time
 * and given back a line at a time, so the whole text and its copies are never held at once. For
 * `redactText` the result equals redacting the whole text: no identifier it replaces spans a line
 * break in JSON (strings hold none), and the placeholders are assigned in the order the text names
 * them, line after line. One difference, for text that names more than 256 known values or writes a
 * tenant id without its hyphens: values are grouped into patterns, and numbered placeholders
 * assigned, a line at a time instead of over the whole text. A repeated line (a report's
 * structure repeats for every partner) is transformed once: a transformation that assigns
 * placeholders gives a line the same result the second time.
 */
export function* transformLines(
  pieces: Iterable<string>,
  transform: (line: string) => string
): Generator<string> {
  const remembered = new Map<string, string>()
  const lineOf = (line: string): string => {
    if (line.length > REMEMBERED_LINE_LENGTH) return transform(line)
    let result = remembered.get(line)
    if (result === undefined) {
      result = transform(line)
      if (remembered.size >= REMEMBERED_LINES) remembered.clear()
      remembered.set(line, result)
    }
    return result
  }
  let carried = ''
  for (const piece of pieces) {
    let start = 0
    for (let end = piece.indexOf('\n'); end !== -1; end = piece.indexOf('\n', start)) {
      yield `${lineOf(carried + piece.slice(start, end))}\n`
      carried = ''
      start = end + 1
    }
    carried += piece.slice(start)
  }
  if (carried.length > 0) yield lineOf(carried)
}

export const MASKED_SECRET = '***'

/**
 * Every secret of the run replaced by `***`, in raw and in markdown-escaped form: the runner masks
 * secrets in the log only, so a secret that an error message echoes would otherwise reach a comment
 * or the job summary, and `inert` escaping would even hide it from the runner's masking.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secretScrubber(secrets)(text)
}

/** scrubSecrets() for many texts: the secrets' patterns compiled once. */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const patterns = longestFirst(secrets)
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .map((secret) => new RegExp(literal(secret), 'g'))
  return (text) => patterns.reduce((result, pattern) => result.replace(pattern, MASKED_SECRET), text)
}

/** Shorter values are not secrets worth the name and would take our own words with them. */
const MIN_SECRET_LENGTH = 6

/** Longer names first, so that "Fabrikam Europe" is replaced whole before "Fabrikam". */
function longestFirst(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => b.length - a.length)
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
