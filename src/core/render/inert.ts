/**
 * Strings that come from Graph (policy names, partner names, domains) are attacker-controlled from
 * the point of view of a GitHub issue: anyone who can rename a CA policy could otherwise mention a
 * team, link a phishing page, close our code block or reference another issue. Everything a
 * renderer takes from Graph goes through `inert` (running text) or `codeBlock` (JSON).
 */

/**
 * Zero-width, bidirectional-override and other invisible format characters, and the astral ones
 * (hence the `u` flag): the tag block U+E0000–U+E007F, which can spell hidden text after a visible
 * one, and the variation selectors supplement U+E0100–U+E01EF.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- matching these characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu

/**
 * What a code block drops: the same invisible and bidirectional characters, except the line
 * breaks and tabs that lay JSON out.
 */
const INVISIBLE_IN_CODE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- matching these characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu

/**
 * Characters with an inline meaning in GitHub-flavoured markdown or HTML (emphasis, code, links,
 * tables, HTML, math, mentions, references), written as numeric entities. Inert text is always
 * inline (never at the start of a line), so list and heading markers need no escaping.
 */
const MARKUP = /[\\`*_[\]<>#!|~@&$]/g

/** What GitHub turns into links without any markup: URL schemes, www. hosts, GH-123 references. */
const AUTOLINKS: readonly [RegExp, string][] = [
  [/:\/\//g, '&#58;//'],
  [/\b(www)\./gi, '$1&#46;'],
  [/\b(gh)-(?=\d)/gi, '$1&#45;']
]

export const DEFAULT_INERT_LENGTH = 200

/**
 * GitHub finds @mentions and #123 references in the rendered text, after entities are decoded, so
 * `&#64;team` still pings the team (github/markup#1168, github/cmark-gfm#181). A zero-width space
 * after the character is the known way to break them.
 */
const REFERENCE_MARKERS: ReadonlySet<string> = new Set(['@', '#'])

/** Markdown-inline text that renders as the original characters and nothing else. */
export function inert(text: string, maxLength = DEFAULT_INERT_LENGTH): string {
  const visible = text.replace(/[\r\n\t]+/g, ' ').replace(INVISIBLE, '')
  const bounded = truncate(visible, maxLength)
  let escaped = bounded.replace(
    MARKUP,
    (char) => `&#${char.codePointAt(0) ?? 0};${REFERENCE_MARKERS.has(char) ? '&#8203;' : ''}`
  )
  for (const [pattern, replacement] of AUTOLINKS) escaped = escaped.replace(pattern, replacement)
  return escaped
}

/** Plain text for terminals and logs: invisible characters removed, length bounded, no escaping. */
export function plain(text: string, maxLength = DEFAULT_INERT_LENGTH): string {
  return truncate(text.replace(/[\r\n\t]+/g, ' ').replace(INVISIBLE, ''), maxLength)
}

/**
 * A fenced code block that its content cannot close: the fence is longer than any backtick run
 * inside (CommonMark), and invisible and bidirectional characters are removed (line breaks and tabs
 * stay).
 */
export function codeBlock(content: string, language = ''): string {
  const cleaned = content.replace(INVISIBLE_IN_CODE, '')
  let longestRun = 0
  for (const run of cleaned.match(/`+/g) ?? []) longestRun = Math.max(longestRun, run.length)
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return `${fence}${language}\n${cleaned}\n${fence}`
}

function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text)
  if (chars.length <= maxLength) return text
  return `${chars.slice(0, Math.max(0, maxLength - 1)).join('')}…`
}
