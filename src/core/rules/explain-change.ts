import { compareText, isUnset, stableStringify } from '../model/canonical.js'
import { classify } from './classify.js'
import { diffPairs, type ObjectDrift } from '../diff/diff.js'
import type { ObjectRef } from '../model/finding.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { pointerOf, type LintFinding } from './lint-rules.js'
import { effectiveValue, inheritsDefault } from '../access/inheritance.js'
import { TARGET_KEYWORDS } from '../access/reach.js'
import { SETTING_LABELS, type EffectiveSetting } from '../access/settings.js'
import { TRUST_FLAGS, trustedClaim } from '../access/trust.js'
import { GUESTS_OBJECT, pairObjects } from '../diff/objects.js'
import { compareFindings } from '../report/report.js'
import { coversGuests } from './rules.js'
import { stringsAt, touches, valueAt } from '../model/json-path.js'
import { countOf, listOf } from '../model/wording.js'
import {
  LABEL_SECTIONS,
  SECTION_IDS,
  type GuestCounts,
  type IgnoreEntry,
  type Snapshot
} from '../model/snapshot.js'
import { SECTIONS } from '../../sections/index.js'
import type { ObjectWords } from '../../sections/section.js'

/**
 * What an edit to a baseline declares, in plain words, object by object: the reviewer reads what
 * the pull request allows ("inbound B2B collaboration: blocked for all users → allowed for all
 * users"), and the detect rules, applied from the base version to the proposed one, say what it
 * loosens or tightens. Sentences may quote the file's text: render them through inert().
 */

export interface ExplainedObject {
  object: ObjectRef
  change: 'added' | 'removed' | 'modified'
  sentences: string[]
}

export interface ChangeExplanation {
  /** The changed objects, in the detect core's order (section, then key). */
  objects: ExplainedObject[]
  /** Edits to the file beyond its objects: a new baseline, sections added or dropped, ignore entries. */
  file: string[]
  /** What the edit loosens or tightens, judged by the detect rules from base to head. */
  findings: LintFinding[]
}

/** Baseline ignore entries accept live drift, not edits: none is passed, so the date never matters. */
const NO_IGNORE_DATE = '0000-00-00'

export const SECTION_REMOVED_RULE = {
  id: 'baseline-section-removed',
  severity: 'medium',
  why: 'Detect compares only what the baseline holds: this part of the tenant is no longer watched.'
} as const

/** `base` undefined: the file is new in this pull request. */
export function explainChange(base: Snapshot | undefined, head: Snapshot): ChangeExplanation {
  if (base === undefined) return { objects: [], file: [describeNewBaseline(head)], findings: [] }
  const file: string[] = []
  const findings: LintFinding[] = []

  if (base.tenantId.toLowerCase() !== head.tenantId.toLowerCase()) {
    file.push(`Changes the tenant of this baseline from ${base.tenantId} to ${head.tenantId}.`)
  }
  for (const section of SECTION_IDS) {
    if (LABEL_SECTIONS.has(section)) continue
    const before = base[section] !== undefined
    const after = head[section] !== undefined
    if (before && !after) {
      file.push(`Drops the ${section} section: detect stops comparing it.`)
      findings.push({
        rule: SECTION_REMOVED_RULE.id,
        severity: SECTION_REMOVED_RULE.severity,
        pointer: '',
        message: `The ${section} section is removed from the baseline.`,
        why: SECTION_REMOVED_RULE.why,
        source: 'change'
      })
    }
    if (!before && after) file.push(`Adds the ${section} section: detect starts comparing it.`)
  }
  file.push(...describeIgnoreEdits(base.ignore ?? [], head.ignore ?? []))

  const drifts = diffPairs(pairObjects(base, head).pairs).map(asEdit)
  for (const finding of classify(drifts, { today: NO_IGNORE_DATE }).sort(compareFindings)) {
    findings.push({
      rule: finding.rule,
      severity: finding.severity,
      object: finding.object,
      pointer: pointerOf(
        finding.object,
        finding.change === 'modified' ? (finding.changes[0]?.path ?? '') : ''
      ),
      message: finding.summary,
      why: finding.why,
      source: 'change'
    })
  }
  const objects = drifts.map((drift) => ({
    object: drift.object,
    change: drift.change,
    sentences: describeDrift(drift, base, head)
  }))
  const guests = describeGuestEdit(base.guests, head.guests)
  if (guests !== undefined) objects.push({ object: GUESTS_OBJECT, change: 'modified', sentences: [guests] })
  return { objects, file, findings }
}

/**
 * Against live data, a property the baseline does not hold is Graph's news, not drift. In an edit
 * it is the author's: a property written into the file is as much a change as one rewritten.
 */
function asEdit(drift: ObjectDrift): ObjectDrift {
  if (drift.newProperties.length === 0) return drift
  const changes = [...drift.changes, ...drift.newProperties].sort((a, b) => compareText(a.path, b.path))
  return { ...drift, changes, newProperties: [] }
}

function describeNewBaseline(head: Snapshot): string {
  const parts: string[] = []
  for (const section of SECTIONS) {
    const inventory: ObjectWords['inventory'] =
      'inventory' in section.words ? section.words.inventory : undefined
    const value = head[section.id]
    if (inventory === undefined || value === undefined) continue
    // A singleton is named; a keyed collection is counted.
    if (section.shape !== 'keyed') parts.push(inventory.one)
    else parts.push(countOf(Object.keys(value).length, inventory.one, inventory.many))
  }
  return `New baseline for tenant ${head.tenantId} (${head.cloud} cloud)${parts.length > 0 ? `, declaring ${listOf(parts, 6)}` : ''}.`
}

function describeDrift(drift: ObjectDrift, base: Snapshot, head: Snapshot): string[] {
  switch (drift.object.kind) {
    case 'default':
    case 'partner':
      return describeAccessSettings(drift, base, head)
    case 'identitySynchronization':
      return describeSyncPolicy(drift)
    case 'conditionalAccessPolicy':
      return describePolicy(drift)
    default:
      return describeWithFacets(drift, OTHER_FACETS[drift.object.kind] ?? [])
  }
}

// ── Facets: the parts of an object people think in ─────────────────────────────────────────────

interface Facet {
  /** The property (top-level path) the facet reads. */
  path: string
  label: string
  describe(object: JsonObject | undefined): string
}

/** Modified: one sentence per touched facet, then the remaining changes path by path. */
function describeWithFacets(drift: ObjectDrift, facets: readonly Facet[]): string[] {
  if (drift.change === 'removed') return ['Removed from the baseline.']
  if (drift.change === 'added') {
    return [
      'Added to the baseline.',
      ...facets.map((facet) => `${facet.label}: ${facet.describe(drift.after)}.`)
    ]
  }
  const sentences: string[] = []
  const claimed = new Set<string>()
  for (const facet of facets) {
    const touched = drift.changes.filter((change) => touches(change.path, facet.path))
    if (touched.length === 0) continue
    for (const change of touched) claimed.add(change.path)
    sentences.push(`${facet.label}: ${facet.describe(drift.before)} → ${facet.describe(drift.after)}.`)
  }
  for (const change of drift.changes) {
    if (!claimed.has(change.path))
      sentences.push(`${change.path}: ${shown(change.before)} → ${shown(change.after)}.`)
  }
  return sentences
}

// ── Cross-tenant access settings ───────────────────────────────────────────────────────────────

/** The settings an explanation describes, inbound first; labelled as the rest of the report names them. */
const ACCESS_FACETS: readonly { path: EffectiveSetting; label: string; kind: 'b2b' | 'trust' | 'consent' }[] =
  (
    [
      { path: 'b2bCollaborationInbound', kind: 'b2b' },
      { path: 'b2bDirectConnectInbound', kind: 'b2b' },
      { path: 'inboundTrust', kind: 'trust' },
      { path: 'automaticUserConsentSettings', kind: 'consent' },
      { path: 'b2bCollaborationOutbound', kind: 'b2b' },
      { path: 'b2bDirectConnectOutbound', kind: 'b2b' }
    ] as const
  ).map((facet) => ({ ...facet, label: upperFirst(SETTING_LABELS[facet.path]) }))

function describeAccessSettings(drift: ObjectDrift, base: Snapshot, head: Snapshot): string[] {
  const partner = drift.object.kind === 'partner' ? drift.object.key : undefined
  const describeIn = (snapshot: Snapshot, facet: (typeof ACCESS_FACETS)[number]): string =>
    describeAccessFacet(snapshot, partner, facet.path, facet.kind)

  if (drift.change === 'removed') {
    const fallback = ACCESS_FACETS.slice(0, 3).map(
      (facet) => `${SETTING_LABELS[facet.path]} ${describeIn(head, facet)}`
    )
    return [
      `Partner configuration deleted: the organisation falls back to the default settings (${fallback.join('; ')}).`
    ]
  }
  if (drift.change === 'added') {
    const sentences = ['New partner configuration.']
    let inherits = false
    for (const facet of ACCESS_FACETS) {
      if (isUnset(valueAt(drift.after, facet.path))) inherits = true
      else sentences.push(`${facet.label}: ${describeIn(head, facet)}.`)
    }
    if (inherits) sentences.push('Every other setting inherits the default.')
    return sentences
  }
  const sentences: string[] = []
  const claimed = new Set<string>()
  for (const facet of ACCESS_FACETS) {
    const touched = drift.changes.filter((change) => touches(change.path, facet.path))
    if (touched.length === 0) continue
    for (const change of touched) claimed.add(change.path)
    sentences.push(`${facet.label}: ${describeIn(base, facet)} → ${describeIn(head, facet)}.`)
  }
  for (const change of drift.changes) {
    if (!claimed.has(change.path))
      sentences.push(`${change.path}: ${shown(change.before)} → ${shown(change.after)}.`)
  }
  return sentences
}

/** A setting as it applies: a partner's own value, or the default's with "inherits". */
function describeAccessFacet(
  snapshot: Snapshot,
  partner: string | undefined,
  path: string,
  kind: 'b2b' | 'trust' | 'consent'
): string {
  const inherited = partner !== undefined && inheritsDefault(snapshot, partner, path)
  let words: string
  if (kind === 'b2b') {
    words = describeB2BSetting(effectiveValue(snapshot, partner, path))
  } else {
    // Trust and consent inherit flag by flag (a null flag takes the default's).
    const flags = (names: readonly string[]): Record<string, boolean> =>
      Object.fromEntries(
        names.map((name) => [name, effectiveValue(snapshot, partner, `${path}.${name}`) === true])
      )
    words =
      kind === 'trust'
        ? describeTrust(flags(TRUST_FLAGS))
        : describeConsent(flags(['inboundAllowed', 'outboundAllowed']))
  }
  return inherited ? `inherits the default (${words})` : words
}

function describeTrust(flags: Record<string, boolean>): string {
  const trusted = TRUST_FLAGS.filter((flag) => flags[flag])
  return trusted.length === 0 ? 'trusts no claims' : `trusts ${listOf(trusted.map(trustedClaim))}`
}

function describeConsent(flags: Record<string, boolean>): string {
  return `inbound ${flags.inboundAllowed ? 'on' : 'off'}, outbound ${flags.outboundAllowed ? 'on' : 'off'}`
}

function describeB2BSetting(setting: JsonValue | undefined): string {
  if (isUnset(setting) || !isJsonObject(setting)) return 'not set'
  const users = describeTargets(setting.usersAndGroups)
  const applications = describeTargets(setting.applications)
  if (users.access === applications.access)
    return `${users.access} for ${users.whom} and ${applications.whom}`
  return `${users.access} for ${users.whom}, ${applications.access} for ${applications.whom}`
}

function describeTargets(configuration: JsonValue | undefined): { access: string; whom: string } {
  if (!isJsonObject(configuration)) return { access: 'not set', whom: 'anyone' }
  const targets = Array.isArray(configuration.targets) ? configuration.targets : []
  const names = targets.map((target) => {
    if (!isJsonObject(target)) return shown(target)
    const id = String(target.target ?? '')
    return TARGET_KEYWORDS.get(id) ?? `${String(target.targetType ?? 'target')} ${id}`
  })
  return {
    access: String(configuration.accessType ?? 'not set'),
    whom: names.length === 0 ? 'nobody' : listOf(names)
  }
}

// ── Cross-tenant synchronization ───────────────────────────────────────────────────────────────

function describeSyncPolicy(drift: ObjectDrift): string[] {
  const allowed = (policy: JsonObject | undefined): boolean =>
    valueAt(policy, 'userSyncInbound.isSyncAllowed') === true
  if (drift.change === 'added') {
    return [
      `New cross-tenant sync policy: the partner ${allowed(drift.after) ? 'may' : 'may not'} provision users here.`
    ]
  }
  if (drift.change === 'removed') {
    return ['Cross-tenant sync policy deleted: the partner no longer provisions or removes users here.']
  }
  return describeWithFacets(drift, [
    {
      path: 'userSyncInbound',
      label: 'Sync from the partner',
      describe: (policy) => (allowed(policy) ? 'allowed' : 'not allowed')
    }
  ])
}

// ── Conditional Access ─────────────────────────────────────────────────────────────────────────

const STATE_WORDS: Record<string, string> = {
  enabled: 'on',
  disabled: 'off',
  enabledForReportingButNotEnforced: 'report-only'
}

const POLICY_FACETS: readonly Facet[] = [
  {
    path: 'state',
    label: 'State',
    describe: (policy) => STATE_WORDS[String(policy?.state)] ?? shown(policy?.state)
  },
  { path: 'conditions.users', label: 'Applies to', describe: describeUsers },
  { path: 'grantControls', label: 'Grant', describe: describeGrant }
]

function describePolicy(drift: ObjectDrift): string[] {
  if (drift.change === 'added') {
    const policy = drift.after
    return [
      `New Conditional Access policy (${STATE_WORDS[String(policy?.state)] ?? shown(policy?.state)}): applies to ${describeUsers(policy)}; ${describeGrant(policy)}.`
    ]
  }
  if (drift.change === 'removed') {
    return [
      `Conditional Access policy deleted${coversGuests(drift.before) ? '; it covered guests and external users' : ''}.`
    ]
  }
  return describeWithFacets(drift, POLICY_FACETS)
}

const USER_KEYWORDS: Record<string, string> = {
  All: 'all users',
  GuestsOrExternalUsers: 'guests and external users',
  None: 'nobody'
}

const GUEST_TYPE_WORDS: Record<string, string> = {
  internalGuest: 'local guests',
  b2bCollaborationGuest: 'B2B collaboration guests',
  b2bCollaborationMember: 'B2B collaboration members',
  b2bDirectConnectUser: 'B2B direct connect users',
  otherExternalUser: 'other external users',
  serviceProvider: 'service provider users'
}

function describeUsers(policy: JsonObject | undefined): string {
  const included = describeUserSet(policy, 'include')
  const excluded = describeUserSet(policy, 'exclude')
  const whom = included.length === 0 ? 'nobody' : listOf(included, 4)
  return excluded.length === 0 ? whom : `${whom}, excluding ${listOf(excluded, 4)}`
}

function describeUserSet(policy: JsonObject | undefined, side: 'include' | 'exclude'): string[] {
  const users = 'conditions.users'
  const parts: string[] = []
  const ids = stringsAt(policy, `${users}.${side}Users`)
  for (const keyword of ids)
    if (USER_KEYWORDS[keyword] !== undefined) parts.push(USER_KEYWORDS[keyword] ?? keyword)
  const people = ids.filter((id) => USER_KEYWORDS[id] === undefined).length
  if (people > 0) parts.push(countOf(people, 'user'))
  const groups = stringsAt(policy, `${users}.${side}Groups`).length
  if (groups > 0) parts.push(countOf(groups, 'group'))
  const roles = stringsAt(policy, `${users}.${side}Roles`).length
  if (roles > 0) parts.push(countOf(roles, 'directory role'))
  const external = valueAt(policy, `${users}.${side}GuestsOrExternalUsers`)
  if (!isUnset(external)) {
    const types = String(valueAt(external, 'guestOrExternalUserTypes') ?? '')
      .split(',')
      .filter((type) => type !== '' && type !== 'none')
      .map((type) => GUEST_TYPE_WORDS[type] ?? type)
    const members = stringsAt(external, 'externalTenants.members')
    const tenants =
      valueAt(external, 'externalTenants.membershipKind') === 'enumerated'
        ? `tenant${members.length === 1 ? '' : 's'} ${listOf(members)}`
        : 'all external tenants'
    parts.push(`${types.length === 0 ? 'external users' : listOf(types)} from ${tenants}`)
  }
  return parts
}

const CONTROL_WORDS: Record<string, string> = {
  mfa: 'MFA',
  compliantDevice: 'a compliant device',
  domainJoinedDevice: 'a hybrid-joined device',
  approvedApplication: 'an approved client app',
  compliantApplication: 'an app protection policy',
  passwordChange: 'a password change',
  riskRemediation: 'risk remediation'
}

function describeGrant(policy: JsonObject | undefined): string {
  const grant = valueAt(policy, 'grantControls')
  if (isUnset(grant) || !isJsonObject(grant)) return 'no grant controls'
  const controls = stringsAt(grant, 'builtInControls')
  if (controls.includes('block')) return 'blocks access'
  const required = controls.map((control) => CONTROL_WORDS[control] ?? control)
  const strength = valueAt(grant, 'authenticationStrength')
  if (!isUnset(strength))
    required.push(
      `authentication strength ${shown(valueAt(strength, 'displayName') ?? valueAt(strength, 'id'))}`
    )
  const terms = stringsAt(grant, 'termsOfUse').length
  if (terms > 0) required.push('accepting terms of use')
  if (required.length === 0) return 'no grant controls'
  const joiner = grant.operator === 'AND' ? ' and ' : ' or '
  return `requires ${required.join(joiner)}`
}

// ── Other objects ──────────────────────────────────────────────────────────────────────────────

const INVITER_WORDS: Record<string, string> = {
  none: 'nobody',
  adminsAndGuestInviters: 'admins and guest inviters',
  adminsGuestInvitersAndAllMembers: 'admins, guest inviters and all members',
  everyone: 'everyone, guests included'
}

const GUEST_ROLE_WORDS: Record<string, string> = {
  '2af84b1e-32c8-42b7-82bc-daa82404023b': 'restricted (own directory objects only)',
  '10dae51f-b6af-4016-8d66-8c2a99b929b3': 'limited (the default guest access)',
  'a0b1b346-4d3e-4e8b-98f8-753987be4970': 'the same as members'
}

const OTHER_FACETS: Partial<Record<ObjectRef['kind'], readonly Facet[]>> = {
  crossTenantAccessPolicy: [
    {
      path: 'allowedCloudEndpoints',
      label: 'Cross-cloud collaboration with',
      describe: (policy) => {
        const clouds = stringsAt(policy, 'allowedCloudEndpoints')
        return clouds.length === 0 ? 'no other cloud' : listOf(clouds, 6)
      }
    }
  ],
  authorizationPolicy: [
    {
      path: 'allowInvitesFrom',
      label: 'Who may invite guests',
      describe: (policy) => INVITER_WORDS[String(policy?.allowInvitesFrom)] ?? shown(policy?.allowInvitesFrom)
    },
    {
      path: 'guestUserRoleId',
      label: 'Guest access to the directory',
      describe: (policy) =>
        GUEST_ROLE_WORDS[String(policy?.guestUserRoleId)] ?? shown(policy?.guestUserRoleId)
    }
  ],
  namedLocation: [
    {
      path: 'isTrusted',
      label: 'Trusted location',
      describe: (location) => (location?.isTrusted === true ? 'yes' : 'no')
    }
  ]
}

const GUEST_FIGURES: readonly (keyof GuestCounts)[] = [
  'total',
  'pendingAcceptance',
  'externalMembers',
  'staleAfterDays',
  'stale'
]

function describeGuestEdit(
  before: GuestCounts | undefined,
  after: GuestCounts | undefined
): string | undefined {
  if (before === undefined || after === undefined) return undefined
  const moves = GUEST_FIGURES.filter((figure) => before[figure] !== after[figure]).map(
    (figure) => `${figure} ${before[figure] ?? 'not set'} → ${after[figure] ?? 'not set'}`
  )
  return moves.length === 0 ? undefined : `Guest figures: ${moves.join(', ')}.`
}

function describeIgnoreEdits(before: readonly IgnoreEntry[], after: readonly IgnoreEntry[]): string[] {
  const text = (entry: IgnoreEntry): string => stableStringify(entry as unknown as JsonValue)
  const beforeTexts = new Set(before.map(text))
  const afterTexts = new Set(after.map(text))
  const sentences: string[] = []
  for (const entry of after) {
    if (!beforeTexts.has(text(entry))) sentences.push(`Accepts drift on ${describeIgnore(entry)}.`)
  }
  for (const entry of before) {
    if (!afterTexts.has(text(entry))) sentences.push(`Stops accepting drift on ${describeIgnore(entry)}.`)
  }
  return sentences
}

function describeIgnore(entry: IgnoreEntry): string {
  const object =
    entry.key === undefined || entry.key === '*' ? `every ${entry.kind}` : `${entry.kind} ${entry.key}`
  const path = entry.path === undefined ? '' : ` at ${entry.path}`
  const until = entry.expires === undefined ? ', with no expiry' : ` until ${entry.expires}`
  return `${object}${path}${until} (reason: ${entry.reason})`
}

// ── Wording ────────────────────────────────────────────────────────────────────────────────────

/** A value in running text: unset reads "not set", strings as themselves, the rest as short JSON. */
function shown(value: JsonValue | undefined): string {
  if (isUnset(value)) return 'not set'
  if (typeof value === 'string') return value
  const json = stableStringify(value ?? null)
  return json.length > 120 ? `${json.slice(0, 119)}…` : json
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
