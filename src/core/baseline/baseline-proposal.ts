import { createHash } from 'node:crypto'
import { compareText, stableStringify } from '../model/canonical.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { SECTION_IDS } from '../model/snapshot.js'
import { BETA_SECTION_IDS } from '../../sections/index.js'

/**
 * The "accept this drift" proposal: the committed baseline with its snapshot fields replaced by
 * the live ones. What a person wrote that a snapshot does not hold (`ignore` entries, `$schema`,
 * any other top-level field) stays, in the author's order, so merging the proposal accepts the
 * drift and nothing else.
 */

/** Top-level fields a capture writes; every other top-level field of a baseline is a person's. */
const SNAPSHOT_FIELDS: ReadonlySet<string> = new Set([
  'schemaVersion',
  'tenantId',
  'cloud',
  'capturedAt',
  ...SECTION_IDS,
  'unavailable'
])

/** Fields that differ between two captures of an unchanged tenant (see Snapshot.capturedAt). */
const CAPTURE_TIME_FIELDS: ReadonlySet<string> = new Set(['capturedAt'])

/** The commit trailer that marks a proposal commit of this action and names its content. */
export const PROPOSAL_TRAILER = 'Entra-Drift-Proposal'

/**
 * The proposed baseline file text. A section the live capture could not read (named in its
 * `unavailable`), or did not read at all (a beta section without include-beta), keeps the
 * baseline's value: missing data is never accepted as a deletion.
 * Without a readable baseline object the proposal is the snapshot itself.
 * The live snapshot is its file's text, or its document (snapshotDocument): at thousands of
 * partners, writing the text only to parse it again held tens of megabytes more.
 */
export function proposeBaseline(baselineText: string | undefined, snapshot: string | JsonObject): string {
  const live = typeof snapshot === 'string' ? parseObject(snapshot) : snapshot
  const baseline = baselineText === undefined ? undefined : parseObject(baselineText)
  const snapshotText = () =>
    typeof snapshot === 'string' ? snapshot : `${JSON.stringify(snapshot, null, 2)}\n`
  if (live === undefined || baseline === undefined) return snapshotText()

  const unread = isJsonObject(live.unavailable) ? { ...live.unavailable } : {}
  const kept = new Map<string, JsonValue>()
  for (const section of SECTION_IDS) {
    const before = baseline[section]
    if (live[section] === undefined && Object.hasOwn(unread, section) && before !== undefined) {
      kept.set(section, before)
      delete unread[section]
    } else if (
      BETA_SECTION_IDS.has(section) &&
      live[section] === undefined &&
      before !== undefined &&
      !Object.hasOwn(unread, section)
    ) {
      // A beta section the capture did not read at all (no include-beta): kept as well.
      kept.set(section, before)
    }
  }
  const proposedValue = (key: string): JsonValue | undefined => {
    if (!SNAPSHOT_FIELDS.has(key)) return baseline[key]
    if (key === 'unavailable') return Object.keys(unread).length > 0 ? unread : undefined
    return kept.get(key) ?? live[key]
  }

  const keys = Object.keys(baseline)
  const liveKeys = Object.keys(live)
  liveKeys.forEach((key, index) => {
    if (keys.includes(key)) return
    // A field new to this baseline goes after the field that precedes it in the snapshot.
    const previous = liveKeys
      .slice(0, index)
      .reverse()
      .find((candidate) => keys.includes(candidate))
    keys.splice(previous === undefined ? 0 : keys.indexOf(previous) + 1, 0, key)
  })

  // fromEntries defines own properties, so even a key named __proto__ stays data.
  const proposal = Object.fromEntries(
    keys.flatMap((key) => {
      const value = proposedValue(key)
      return value === undefined ? [] : [[key, value]]
    })
  )
  return `${JSON.stringify(proposal, null, 2)}\n`
}

/**
 * What a proposal says, without what varies between captures: equal contents mean that committing
 * one proposal over the other would change nothing but timestamps. Key order and formatting do
 * not count; of `unavailable` only the section names count, since the reasons quote Graph's
 * messages (request ids, dates). Undefined for text that is not a JSON object.
 */
export function proposalContent(text: string): string | undefined {
  const document = parseObject(text)
  if (document === undefined) return undefined
  const content: JsonObject = Object.fromEntries(
    Object.entries(document)
      .filter(([key]) => !CAPTURE_TIME_FIELDS.has(key))
      .map(([key, value]) => [
        key,
        key === 'unavailable' && isJsonObject(value) ? Object.keys(value).sort(compareText) : value
      ])
  )
  return stableStringify(content)
}

/**
 * What a proposal's token (commit trailer, comment marker) is made of: its content, or the text
 * itself when it is not a JSON object. The digest is the edge's (node:crypto).
 */
export function proposalTokenSource(text: string): string {
  return `baseline-proposal\n${proposalContent(text) ?? text}`
}

/** True when both texts propose the same baseline, timestamps aside. */
export function sameProposal(a: string, b: string): boolean {
  const content = proposalContent(a)
  return content !== undefined && content === proposalContent(b)
}

/**
 * A proposal with what it is compared and named by, worked out once: at thousands of partners each
 * comparison parsed its megabytes again. Its content is kept as a digest, not whole, so the run
 * does not hold a second copy of it while it pushes the file.
 */
export interface Proposal {
  readonly text: string
  /** SHA-256 of proposalContent(text); undefined when the text is not a JSON object. */
  readonly contentDigest: string | undefined
  /** Its token (commit trailer, comment marker): `token` of proposalTokenSource(text). */
  readonly token: string
}

export function proposalOf(text: string, token: (source: string) => string): Proposal {
  const content = proposalContent(text)
  return {
    text,
    contentDigest: content === undefined ? undefined : digestOf(content),
    token: token(`baseline-proposal\n${content ?? text}`)
  }
}

/** sameProposal(text, proposal.text), without working out the proposal's content again. */
export function holdsProposal(text: string, proposal: Proposal): boolean {
  if (proposal.contentDigest === undefined) return false
  const content = proposalContent(text)
  return content !== undefined && digestOf(content) === proposal.contentDigest
}

function digestOf(content: string): string {
  return createHash('sha256').update(content).digest('hex')
}

/** The commit message of a proposal commit: the subject, then the trailer naming its content. */
export function proposalCommitMessage(subject: string, token: string): string {
  return `${subject}\n\n${PROPOSAL_TRAILER}: ${token}\n`
}

/** The token a commit message's trailer names, or undefined for any other commit. */
export function proposalTrailerHash(message: string): string | undefined {
  const pattern = new RegExp(`^${PROPOSAL_TRAILER}: ([0-9a-f]{16})\\s*$`, 'm')
  return pattern.exec(message)?.[1]
}

function parseObject(text: string): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(text)
    return isJsonObject(parsed) ? (parsed as JsonObject) : undefined
  } catch {
    return undefined
  }
}
