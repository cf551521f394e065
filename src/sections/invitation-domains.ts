import type { JsonObject, JsonValue } from '../core/model/json.js'
import type { Derived, SingletonSection } from './section.js'

/*
 * The B2B invitation domain restriction: the allow list (invitations only to these domains) or
 * the block list (invitations to any domain but these) of External collaboration settings. Graph
 * serves it only in beta, as the `definition` of the organisation's b2bManagementPolicy: a list
 * holding one JSON string, {"B2BManagementPolicy": {"InvitationsAllowedAndBlockedDomainsPolicy":
 * {"AllowedDomains": [...]} or {"BlockedDomains": [...]}, ...other features}}. The snapshot keeps
 * the posture parsed from it (mode, sorted lower-case domains), so a reordering is not drift.
 *
 * Read: GET /beta/policies/b2bManagementPolicies (policyroot-list-b2bmanagementpolicies.md),
 * least privileged application permission Policy.Read.B2BManagementPolicy; the page includes
 * global-only.md, so national clouds are not read. Update: PATCH
 * /beta/policies/b2bManagementPolicies/{id} (b2bmanagementpolicy-update.md), a body with the whole
 * `definition`. https://learn.microsoft.com/graph/api/resources/b2bmanagementpolicy?view=graph-rest-beta
 * and https://learn.microsoft.com/entra/external-id/allow-deny-list (either list, never both; one
 * policy per organisation).
 */

/** The restriction in force: invitations only to `allowedDomains`, to any but `blockedDomains`, or to any domain. */
export type InvitationDomainMode = 'allowList' | 'blockList' | 'none'

/**
 * The snapshot's posture from every b2bManagementPolicy Graph lists. The organisation default
 * (isOrganizationDefault true; the docs' example answers the string "true") is the one in force;
 * a single policy that says nothing of it is taken to be in force too [UNVERIFIED: the property
 * may be left out]. No policy in force: invitations may go to any domain.
 */
export function invitationDomainPosture(items: readonly JsonObject[]): Derived {
  const defaults = items.filter((item) => isTrue(item.isOrganizationDefault))
  const unflagged = items.length === 1 && items.every((item) => item.isOrganizationDefault == null)
  const inForce = defaults.length > 0 ? defaults : unflagged ? items : []
  if (inForce.length > 1) {
    return { ok: false, reason: `${inForce.length} b2bManagementPolicies are the organisation default` }
  }
  const policy = inForce[0]
  if (policy === undefined) return { ok: true, value: posture(undefined) }
  const definition = definitionOf(policy.definition)
  if (typeof definition === 'string') return { ok: false, reason: definition }
  const feature = propertyOf(propertyOf(definition, 'B2BManagementPolicy'), ...DOMAIN_POLICY_NAMES)
  return { ok: true, value: posture(feature) }
}

/**
 * The name Microsoft's own scripts and the portal write; the beta create example writes
 * `invitationsAllowedAndBlocked` [UNVERIFIED which one Graph returns], so both are read, in any case.
 */
const DOMAIN_POLICY_NAMES = ['InvitationsAllowedAndBlockedDomainsPolicy', 'invitationsAllowedAndBlocked']

function posture(feature: JsonValue | undefined): JsonObject {
  const allowed = domainsOf(propertyOf(feature, 'AllowedDomains'))
  const blocked = domainsOf(propertyOf(feature, 'BlockedDomains'))
  // An allow list present, even empty, restricts invitations [UNVERIFIED: the portal asks for at
  // least one domain]; an empty block list restricts nothing.
  const mode: InvitationDomainMode =
    allowed !== undefined ? 'allowList' : (blocked ?? []).length > 0 ? 'blockList' : 'none'
  return { mode, allowedDomains: allowed ?? [], blockedDomains: blocked ?? [] }
}

/** The parsed definition, or why it cannot be read (a list of one JSON string, per stsPolicy). */
function definitionOf(value: JsonValue | undefined): JsonObject | string {
  const texts = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
  for (const text of texts) {
    const parsed = parseLenient(text)
    if (parsed !== undefined && propertyOf(parsed, 'B2BManagementPolicy') !== undefined) return parsed
  }
  return texts.length === 0
    ? 'the b2bManagementPolicy has no definition'
    : 'the b2bManagementPolicy definition is not the JSON the beta docs describe (Graph beta can change without notice)'
}

/**
 * JSON, or the single-quoted form of the beta docs' examples ("{'B2BManagementPolicy':{'Version':1}}")
 * [UNVERIFIED whether Graph ever answers that form].
 */
function parseLenient(text: string): JsonObject | undefined {
  for (const candidate of [text, text.replaceAll("'", '"')]) {
    try {
      const parsed: unknown = JSON.parse(candidate)
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as JsonObject
    } catch {
      // the next form, or none
    }
  }
  return undefined
}

/** A property by any of its names, in any letter case (the definition's casing is not documented). */
function propertyOf(value: JsonValue | undefined, ...names: readonly string[]): JsonValue | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const wanted = names.map((name) => name.toLowerCase())
  const key = Object.keys(value).find((candidate) => wanted.includes(candidate.toLowerCase()))
  return key === undefined ? undefined : value[key]
}

/** Lower-case, trimmed, unique and sorted: domains are case-insensitive and their order means nothing. */
function domainsOf(value: JsonValue | undefined): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  const domains = value.filter((item): item is string => typeof item === 'string')
  return [
    ...new Set(domains.map((domain) => domain.trim().toLowerCase()).filter((domain) => domain !== ''))
  ].sort()
}

function isTrue(value: JsonValue | undefined): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true')
}

/** The definition a PATCH writes for a posture; only the invitation domain part of it. */
function definitionFor(baseline: JsonObject): JsonObject {
  const mode = baseline.mode
  const list =
    mode === 'allowList'
      ? { AllowedDomains: baseline.allowedDomains ?? [] }
      : { BlockedDomains: mode === 'blockList' ? (baseline.blockedDomains ?? []) : [] }
  return {
    definition: [JSON.stringify({ B2BManagementPolicy: { InvitationsAllowedAndBlockedDomainsPolicy: list } })]
  }
}

const DOMAINS = {
  type: 'array',
  items: { type: 'string' },
  uniqueItems: true
} as const

export const invitationDomainsSection = {
  id: 'invitationDomains',
  kind: 'invitationDomains',
  shape: 'singleton',
  graph: { path: '/policies/b2bManagementPolicies', apiVersion: 'beta' },
  permission: 'Policy.Read.B2BManagementPolicy',
  core: false,
  clouds: ['global'],
  readBy: 'declaration',
  fromCollection: invitationDomainPosture,
  identifying: { domains: ['allowedDomains', 'blockedDomains'] },
  words: {
    displayName: 'Invitation domain restriction (beta)',
    subject: 'Invitation domain restriction (beta)',
    issueSubject: 'B2B invitation domain restriction (beta)'
  },
  remediation: {
    properties: [
      'definition',
      'deletedDateTime',
      'description',
      'displayName',
      'id',
      'isOrganizationDefault'
    ],
    readOnly: ['deletedDateTime', 'description', 'displayName', 'id', 'isOrganizationDefault'],
    derivedWrite: {
      method: 'PATCH',
      path: '/beta/policies/b2bManagementPolicies/{b2bManagementPolicyId}',
      cmdlet: 'Update-MgBetaPolicyB2BManagementPolicy -B2bManagementPolicyId $b2bManagementPolicyId',
      note: "Graph beta only. GET /beta/policies/b2bManagementPolicies first for the policy's id and its whole definition: a PATCH replaces the definition, so keep its other features (auto-redemption, preview features) beside the restriction shown here.",
      body: definitionFor
    }
  },
  // [UNVERIFIED] Entra files edits of every policy type as 'Update policy'; that an entry names
  // this policy could not be verified, so no attribution is guessed.
  audit: {
    notAudited:
      'no Entra directory audit activity specific to the B2B management policy (invitation domain restriction) could be verified in the audit activity reference'
  },
  schema: {
    type: 'object',
    description:
      'Graph beta (read only with include-beta): the B2B invitation domain restriction, parsed from the definition of the organisation default GET /beta/policies/b2bManagementPolicies.',
    additionalProperties: true,
    properties: {
      mode: {
        enum: ['allowList', 'blockList', 'none'],
        description:
          'allowList: invitations only to allowedDomains; blockList: to any domain but blockedDomains; none: to any domain.'
      },
      allowedDomains: { ...DOMAINS, description: 'The allow list, lower case and sorted.' },
      blockedDomains: { ...DOMAINS, description: 'The block list, lower case and sorted.' }
    }
  }
} as const satisfies SingletonSection
