import type { ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parseJsonWithPositions } from '../baseline/json-source.js'
import { OBJECT_KINDS, type ObjectRef } from '../model/finding.js'
import { describeSchemaError } from '../baseline/snapshot-schema.js'

/**
 * Who triages which drift: an owners map kept in git next to the baselines (e.g.
 * `baselines/owners.json`). Each entry matches drifted objects by object kind, partner tenant id,
 * partner tier or Conditional Access policy name (a glob), and names GitHub users to assign, teams
 * to mention and labels to add. Every matching entry contributes; an object no entry matches goes to
 * the default owner, and its issue says so.
 *
 * GitHub cannot assign an issue to a team: teams are mentioned (`@org/team`) in the issue body, which
 * notifies them, and can be given labels of their own.
 */

export interface OwnerTargets {
  readonly assignees?: readonly string[]
  readonly teams?: readonly string[]
  readonly labels?: readonly string[]
}

export interface OwnerMatch {
  readonly kind?: string
  /** A partner tenant id (case-insensitive). */
  readonly partner?: string
  /** A partner tier name, as the tier lookup names it. */
  readonly tier?: string
  /** A Conditional Access policy display name glob: `*` any run of characters, `?` one character. */
  readonly policy?: string
}

export interface OwnerEntry extends OwnerTargets {
  readonly match: OwnerMatch
}

export interface OwnersMap {
  readonly default?: OwnerTargets
  readonly owners: readonly OwnerEntry[]
}

/** Partner tenant id → tier name, or undefined when the partner has no tier (or tiers are not known). */
export type TierLookup = (partnerTenantId: string) => string | undefined

/** Whom one drifted object goes to. */
export interface Ownership {
  readonly assignees: readonly string[]
  readonly teams: readonly string[]
  readonly labels: readonly string[]
  /** False when no entry matched and the default owner (or nobody) got it. */
  readonly matched: boolean
}

const NAME_LIST = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 50 }
const TARGETS = { assignees: NAME_LIST, teams: NAME_LIST, labels: NAME_LIST }

export const OWNERS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/entra-b2b-drift/entra-b2b-drift/owners.schema.json',
  title: 'entra-b2b-drift owners map',
  type: 'object',
  additionalProperties: false,
  required: ['owners'],
  properties: {
    $schema: { type: 'string' },
    default: { type: 'object', additionalProperties: false, properties: TARGETS },
    owners: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['match'],
        properties: {
          match: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              kind: { enum: [...OBJECT_KINDS] },
              partner: {
                type: 'string',
                pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
              },
              tier: { type: 'string', minLength: 1, maxLength: 100 },
              policy: { type: 'string', minLength: 1, maxLength: 256 }
            }
          },
          ...TARGETS
        }
      }
    }
  }
} as const

let compiled: ValidateFunction | undefined

function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile(OWNERS_SCHEMA)
  return compiled
}

export class OwnersError extends Error {
  override readonly name = 'OwnersError'
}

/**
 * The owners map in `text`, or an OwnersError naming `file:line:column` and what is wrong, like the
 * baseline's errors.
 */
export function parseOwners(text: string, file: string): OwnersMap {
  const parsed = parseJsonWithPositions(text)
  if (!parsed.ok) {
    throw new OwnersError(
      `${file}:${parsed.error.line}:${parsed.error.column}: not valid JSON: ${parsed.error.message}`
    )
  }
  const validate = validator()
  if (!validate(parsed.value)) {
    const problems = (validate.errors ?? [])
      .flatMap((error) => {
        const described = describeSchemaError(error)
        if (described === undefined) return []
        const position = parsed.positions(described.pointer)
        const place = described.at === 'key' ? (position?.key ?? position) : position
        const where = place === undefined ? file : `${file}:${place.line}:${place.column}`
        const at = described.pointer === '' ? 'the document' : described.pointer
        return [`${where}: ${at}: ${described.message}`]
      })
      .slice(0, 10)
    throw new OwnersError(`The owners map is invalid:\n${problems.join('\n')}`)
  }
  return parsed.value as unknown as OwnersMap
}

/** Whom a drifted object goes to: the union of every matching entry, else the default owner. */
export function ownersOf(object: ObjectRef, map: OwnersMap | undefined, tierOf?: TierLookup): Ownership {
  if (map === undefined) return { assignees: [], teams: [], labels: [], matched: false }
  const matching = map.owners.filter((entry) => matches(entry.match, object, tierOf))
  const sources = matching.length > 0 ? matching : map.default === undefined ? [] : [map.default]
  return {
    assignees: union(sources.map((entry) => entry.assignees ?? [])),
    teams: union(sources.map((entry) => entry.teams ?? [])),
    labels: union(sources.map((entry) => entry.labels ?? [])),
    matched: matching.length > 0
  }
}

function matches(match: OwnerMatch, object: ObjectRef, tierOf: TierLookup | undefined): boolean {
  if (match.kind !== undefined && match.kind !== object.kind) return false
  if (match.partner !== undefined) {
    if (object.kind !== 'partner' || object.key.toLowerCase() !== match.partner.toLowerCase()) return false
  }
  if (match.tier !== undefined) {
    // Without a tier lookup (tiers not configured) a tier entry matches nothing.
    if (object.kind !== 'partner' || tierOf === undefined || tierOf(object.key) !== match.tier) return false
  }
  if (match.policy !== undefined) {
    if (object.kind !== 'conditionalAccessPolicy' || !globMatches(match.policy, object.displayName))
      return false
  }
  return true
}

/** `*` any run of characters, `?` one; everything else literal, case-insensitive. */
export function globMatches(pattern: string, text: string): boolean {
  const source = Array.from(pattern)
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`, 'iu').test(text)
}

function union(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())]
}
