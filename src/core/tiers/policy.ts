import type { ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { appendPointer, parseJsonWithPositions, type ValuePosition } from '../baseline/json-source.js'
import { isJsonObject } from '../model/json.js'
import { policySchema } from './policy-schema.js'
import { describeSchemaError } from '../baseline/snapshot-schema.js'

/*
 * The partner policy: named tiers, each stating what a partner placed in it may have (access
 * ranges, not one fixed configuration), every partner's tier, and what the default configuration
 * (every organisation without a partner entry) may give. It is policy, committed next to the
 * baselines and reviewed like them; the baseline records what the tenant does, the policy what it
 * may do.
 */

export const POLICY_SCHEMA_VERSION = 1

/** How far a B2B setting lets people in (or out), once its two halves are combined. */
export const ACCESS_LEVELS = ['blocked', 'limited', 'open'] as const
export type AccessLevel = (typeof ACCESS_LEVELS)[number]

/** The B2B settings a tier constrains, by their Graph names. */
export const REACH_SETTINGS = [
  'b2bCollaborationInbound',
  'b2bCollaborationOutbound',
  'b2bDirectConnectInbound',
  'b2bDirectConnectOutbound',
  'tenantRestrictions'
] as const
export type ReachSetting = (typeof REACH_SETTINGS)[number]

/** The inbound trust claims, as the policy names them, and the Graph flag behind each. */
export const TRUST_CLAIMS = {
  mfa: 'isMfaAccepted',
  compliantDevice: 'isCompliantDeviceAccepted',
  hybridJoinedDevice: 'isHybridAzureADJoinedDeviceAccepted'
} as const
export type TrustClaim = keyof typeof TRUST_CLAIMS

/** The automatic redemption directions, and the Graph flag behind each. */
export const REDEMPTION_DIRECTIONS = {
  inbound: 'inboundAllowed',
  outbound: 'outboundAllowed'
} as const
export type RedemptionDirection = keyof typeof REDEMPTION_DIRECTIONS

/**
 * What a configuration may have. Every member is optional: one that is absent constrains nothing.
 * Reach settings list the levels allowed ('blocked', 'limited' to listed users, groups or
 * applications, 'open'); trust and automatic redemption list what may be on (an empty list: none).
 */
export interface Allowance {
  b2bCollaborationInbound?: AccessLevel[]
  b2bCollaborationOutbound?: AccessLevel[]
  b2bDirectConnectInbound?: AccessLevel[]
  b2bDirectConnectOutbound?: AccessLevel[]
  /** Tenant restrictions for our users in the partner's tenant; not configured counts as 'open'. */
  tenantRestrictions?: AccessLevel[]
  inboundTrust?: TrustClaim[]
  automaticRedemption?: RedemptionDirection[]
  /** Whether the partner may synchronize users into our tenant (cross-tenant synchronization). */
  identitySync?: boolean
}

export interface Tier {
  description?: string
  allows: Allowance
}

/** One partner's place in the policy. */
export interface PartnerAssignment {
  tier: string
  /** The name people know the partner by. */
  name: string
  /** Why the partner is in this tier: who vetted it, under which agreement. */
  reason: string
}

export interface PartnerPolicy {
  schemaVersion: typeof POLICY_SCHEMA_VERSION
  /** Tier names in file order: the order a draft tries them in (tightest last in the examples, so a draft tries from the end). */
  tiers: Record<string, Tier>
  /** Keyed by partner tenant id, lower case. */
  partners: Record<string, PartnerAssignment>
  /** What the default configuration may give every organisation without a partner entry. */
  default?: Allowance
}

/** One problem of a policy file, placed where an editor can jump to it. */
export interface PolicyProblem {
  pointer?: string
  line?: number
  column?: number
  problem: string
}

export interface PolicyError extends PolicyProblem {
  file: string
  otherProblems?: PolicyProblem[]
  fix: string
}

export type PolicyResult = { ok: true; policy: PartnerPolicy } | { ok: false; error: PolicyError }

const LISTED_PROBLEMS = 10
const FIX =
  'Edit the file to match the partner policy format (examples/partner-tiers.json is a complete example; add "$schema" so your editor checks as you type).'

/** Parses and validates a partner policy file; problems carry line and column. */
export function parsePolicy(text: string, file: string): PolicyResult {
  const parsed = parseJsonWithPositions(text)
  if (!parsed.ok) {
    const { line, column, message } = parsed.error
    return { ok: false, error: { file, line, column, problem: message, fix: FIX } }
  }
  const locate = (pointer: string, atKey: boolean): PolicyProblem => {
    const position: ValuePosition | undefined = parsed.positions(pointer)
    const place = atKey ? (position?.key ?? position) : position
    return place === undefined
      ? { pointer, problem: '' }
      : { pointer, line: place.line, column: place.column, problem: '' }
  }
  const validate = validator()
  const problems: PolicyProblem[] = []
  if (!validate(parsed.value)) {
    for (const error of validate.errors ?? []) {
      const described = describeSchemaError(error)
      if (described !== undefined)
        problems.push({ ...locate(described.pointer, described.at === 'key'), problem: described.message })
    }
  } else {
    const document = parsed.value as unknown as PartnerPolicy
    for (const [tenantId, assignment] of Object.entries(document.partners)) {
      if (Object.hasOwn(document.tiers, assignment.tier)) continue
      problems.push({
        ...locate(appendPointer(appendPointer('/partners', tenantId), 'tier'), false),
        problem: `tier '${assignment.tier}' is not one of the tiers: ${Object.keys(document.tiers).join(', ')}`
      })
    }
    const seen = new Map<string, string>()
    for (const tenantId of Object.keys(document.partners)) {
      const first = seen.get(tenantId.toLowerCase())
      if (first !== undefined) {
        problems.push({
          ...locate(appendPointer('/partners', tenantId), true),
          problem: `partner ${tenantId} is listed twice (also as ${first}): a partner has one tier`
        })
      }
      seen.set(tenantId.toLowerCase(), tenantId)
    }
  }
  if (problems.length > 0) {
    const sorted = problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    const [first, ...others] = sorted as [PolicyProblem, ...PolicyProblem[]]
    const listed = others.slice(0, LISTED_PROBLEMS - 1)
    return {
      ok: false,
      error: { file, ...first, ...(listed.length > 0 ? { otherProblems: listed } : {}), fix: FIX }
    }
  }
  const document = parsed.value as unknown as PartnerPolicy
  const partners: Record<string, PartnerAssignment> = {}
  for (const [tenantId, assignment] of Object.entries(document.partners))
    partners[tenantId.toLowerCase()] = assignment
  return {
    ok: true,
    policy: {
      schemaVersion: POLICY_SCHEMA_VERSION,
      tiers: document.tiers,
      partners,
      ...(document.default === undefined ? {} : { default: document.default })
    }
  }
}

/** "Partner policy <file> is invalid at <pointer> (line L, column C): <problem>." and a "Fix:" line. */
export function formatPolicyError(error: PolicyError): string {
  const lines = [`Partner policy ${error.file} is invalid${where(error)}: ${error.problem}.`]
  for (const other of error.otherProblems ?? []) lines.push(`  Also${where(other)}: ${other.problem}.`)
  lines.push(`Fix: ${error.fix}`)
  return lines.join('\n')
}

function where(problem: PolicyProblem): string {
  const at = problem.pointer === undefined || problem.pointer === '' ? '' : ` at ${problem.pointer}`
  const position = problem.line === undefined ? '' : ` (line ${problem.line}, column ${problem.column ?? 1})`
  return `${at}${position}`
}

let compiled: ValidateFunction | undefined
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile(policySchema)
  return compiled
}

/** Whether a parsed document is a policy at all (for tools that read many JSON files). */
export function looksLikePolicy(document: unknown): boolean {
  return isJsonObject(document) && isJsonObject(document.tiers) && isJsonObject(document.partners)
}
