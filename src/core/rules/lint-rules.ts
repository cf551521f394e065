import { compareText, isUnset } from '../model/canonical.js'
import { splitPath, stringsAt, valueAt } from '../model/json-path.js'
import { listOf } from '../model/wording.js'
import { severityRank, type FailOn, type ObjectRef, type Severity } from '../model/finding.js'
import {
  coversEveryKey,
  coversEveryKind,
  coversEveryPath,
  describeIgnoreEntry,
  entryCovers,
  isExpired
} from '../diff/ignore.js'
import { appendPointer } from '../baseline/json-source.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { partnerName } from '../model/partner-names.js'
import { KEYED_KINDS, sectionOf } from '../diff/objects.js'
import { coversGuests } from './rules.js'
import { effectiveValue, inheritsDefault } from '../access/inheritance.js'
import { TARGET_CONFIGURATIONS, reachOf } from '../access/reach.js'
import { DEVICE_TRUST_FLAGS, TRUST_FLAGS, trustClaim, type TrustFlag } from '../access/trust.js'
import type { IgnoreEntry, Snapshot } from '../model/snapshot.js'

/**
 * Hazards in a declared posture: what a baseline allows or forbids that is dangerous on its own,
 * whatever the tenant does. The detect rules judge a change; these judge a state. A partner
 * setting that is null inherits the default, so every partner rule reads the effective value.
 */

export interface LintFinding {
  /** Public contract, kebab-case: never rename one. Change findings carry the detect rule's id. */
  rule: string
  severity: Severity
  /** The tenant object concerned; absent for a finding on the file itself (an ignore entry). */
  object?: ObjectRef
  /** RFC 6901 pointer into the baseline file: where the annotation goes. */
  pointer: string
  /** One line, plain words: what the baseline declares. May quote the file: render through inert(). */
  message: string
  /** One line: why it matters. */
  why: string
  /** 'state': a hazard of the proposed baseline itself; 'change': what the edit from base to head does. */
  source: 'state' | 'change'
  /** What tells this finding from others of its rule at the same pointer (several may share a line). */
  distinct?: string
  /** For a finding on an `ignore` entry: the entry, so that a check can tell an added or widened entry from one the base had. */
  ignoreEntry?: IgnoreEntry
}

/** One place in the declared posture a rule objects to. */
export interface Hazard {
  object?: ObjectRef
  pointer: string
  message: string
  ignoreEntry?: IgnoreEntry
}

/** What a lint sees besides the file: the day it runs (YYYY-MM-DD), for expiry dates. */
export interface LintContext {
  readonly today: string
}

export interface StateRule {
  readonly id: string
  readonly severity: Severity
  readonly why: string
  find(snapshot: Snapshot, context: LintContext): Hazard[]
}

/** The longest an ignore entry may accept drift before someone must look at it again. */
export const MAX_IGNORE_DAYS = 90

/* The table, worst first. */
export const STATE_RULES: readonly StateRule[] = [
  {
    id: 'default-trusts-external-mfa',
    severity: 'high',
    why: 'Every external organisation without a partner configuration then satisfies our MFA requirement with its own MFA, whatever its assurance: trust only partners whose posture is known.',
    find: (s) => defaultTrust(s, ['isMfaAccepted'])
  },
  {
    id: 'default-trusts-external-devices',
    severity: 'high',
    why: 'Every external organisation’s device claims then satisfy our device requirements, whatever its device management: trust only partners whose posture is known.',
    find: (s) => defaultTrust(s, DEVICE_TRUST_FLAGS)
  },
  {
    id: 'default-inbound-blocked-without-overrides',
    severity: 'high',
    why: 'The default applies to every external organisation: blocked without a partner override, no partner, business-critical ones included, can collaborate.',
    find: defaultInboundBlockedWithoutOverrides
  },
  {
    id: 'default-direct-connect-inbound-all-users',
    severity: 'high',
    why: 'B2B direct connect creates no guest object to review or remove: on the default it lets every user of every external organisation into shared channels.',
    find: (s) => directConnectAllUsers(s, 'default')
  },
  {
    id: 'ignore-too-wide',
    severity: 'high',
    why: 'An ignore entry that reaches every kind, every object or every setting also hides the drift nobody meant to accept, such as an MFA trust switched on: scope it to the object and path of the accepted change.',
    find: (s, context) => activeIgnores(s, context).flatMap(tooWide)
  },
  {
    id: 'ignore-without-expiry',
    severity: 'high',
    why: 'Accepted drift without an expiry date is accepted forever, whatever it later hides; an expiry makes someone look at it again.',
    find: (s, context) =>
      activeIgnores(s, context).flatMap((ignore) =>
        ignore.entry.expires === undefined ? [withoutExpiry(ignore)] : []
      )
  },
  {
    id: 'ignore-expiry-too-far',
    severity: 'high',
    why: `An entry that expires more than ${MAX_IGNORE_DAYS} days ahead is close to one that never expires: set an expiry within ${MAX_IGNORE_DAYS} days and renew it on review.`,
    find: (s, context) => activeIgnores(s, context).flatMap((ignore) => expiresTooFar(ignore, context))
  },
  {
    id: 'guest-policy-unsatisfiable',
    severity: 'high',
    why: 'Guests cannot meet a requirement their home tenant’s claims do not satisfy here and that they cannot meet in our tenant: they are locked out.',
    find: unsatisfiableGuestPolicies
  },
  {
    id: 'auto-redemption-without-sync',
    severity: 'medium',
    why: 'Automatic redemption removes the consent step; it is meant to go with cross-tenant synchronization, whose lifecycle removes leavers. Without it, guests arrive silently and accumulate.',
    find: autoRedemptionWithoutSync
  },
  {
    id: 'direct-connect-inbound-all-users',
    severity: 'medium',
    why: 'B2B direct connect creates no guest object to review or remove: every user of this partner can reach shared channels here.',
    find: (s) => directConnectAllUsers(s, 'partners')
  },
  {
    id: 'no-enforced-guest-policy',
    severity: 'medium',
    why: 'Guests and external users then sign in under no Conditional Access control of ours.',
    find: noEnforcedGuestPolicy
  },
  {
    id: 'guest-policy-not-enforced',
    severity: 'low',
    why: 'A disabled or report-only policy does not enforce anything: the control on guests it describes is off.',
    find: guestPoliciesNotEnforced
  }
]

/** Every hazard of the declared posture, in table order, then file order. */
export function lintState(
  snapshot: Snapshot,
  context: LintContext,
  rules: readonly StateRule[] = STATE_RULES
): LintFinding[] {
  const findings: LintFinding[] = []
  for (const rule of rules) {
    for (const hazard of rule.find(snapshot, context)) {
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        ...(hazard.object === undefined ? {} : { object: hazard.object }),
        pointer: hazard.pointer,
        message: hazard.message,
        why: rule.why,
        source: 'state',
        ...(hazard.ignoreEntry === undefined ? {} : { ignoreEntry: hazard.ignoreEntry })
      })
    }
  }
  return findings
}

/**
 * State findings of the proposed baseline, each marked `introduced` unless the base version has
 * the same hazard (same rule, same place): a pull request answers for what it brings, not for
 * what it inherits. An ignore entry is judged by what it accepts, not by its place in the list:
 * its hazard is inherited only when a base entry with the same hazard already accepted at least
 * as much for at least as long, so adding or widening an entry counts and reordering does not.
 */
export function markIntroduced(
  head: readonly LintFinding[],
  base: readonly LintFinding[] | undefined
): (LintFinding & { introduced: boolean })[] {
  const existing = new Set((base ?? []).map(identity))
  return head.map((finding) => {
    const entry = finding.ignoreEntry
    if (entry === undefined) return { ...finding, introduced: !existing.has(identity(finding)) }
    const inherited = (base ?? []).some(
      (old) =>
        old.rule === finding.rule && old.ignoreEntry !== undefined && entryCovers(old.ignoreEntry, entry)
    )
    return { ...finding, introduced: !inherited }
  })
}

/** Whether a finding fails the check: introduced by the edit, at `failOn` or worse. */
export function failsCheck(finding: { severity: Severity; introduced: boolean }, failOn: FailOn): boolean {
  if (failOn === 'none' || finding.severity === 'info' || !finding.introduced) return false
  return severityRank(finding.severity) >= severityRank(failOn)
}

function identity(finding: LintFinding): string {
  return `${finding.rule}\u0000${finding.pointer}\u0000${finding.distinct ?? ''}`
}

// ── Where objects live in the file ─────────────────────────────────────────────────────────────

/** The pointer of an object, or of a property inside it (`path` as the detect core writes it). */
export function pointerOf(object: ObjectRef, path = ''): string {
  let pointer = appendPointer('', sectionOf(object.kind))
  if (KEYED_KINDS.has(object.kind)) pointer = appendPointer(pointer, object.key)
  for (const segment of splitPath(path)) pointer = appendPointer(pointer, segment)
  return pointer
}

const DEFAULT_OBJECT: ObjectRef = {
  kind: 'default',
  key: 'default',
  displayName: 'Default cross-tenant access settings'
}

function partnerObject(snapshot: Snapshot, tenantId: string): ObjectRef {
  return { kind: 'partner', key: tenantId, displayName: partnerName(tenantId, snapshot) }
}

function policyObject(id: string, policy: JsonObject): ObjectRef {
  const name =
    typeof policy.displayName === 'string' && policy.displayName.trim() !== '' ? policy.displayName : id
  return { kind: 'conditionalAccessPolicy', key: id, displayName: name }
}

function sortedEntries<T>(record: Record<string, T> | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => compareText(a, b))
}

// ── Cross-tenant access ────────────────────────────────────────────────────────────────────────

function defaultTrust(snapshot: Snapshot, flags: readonly string[]): Hazard[] {
  return flags
    .filter((flag) => valueAt(snapshot.default, `inboundTrust.${flag}`) === true)
    .map((flag) => ({
      object: DEFAULT_OBJECT,
      pointer: pointerOf(DEFAULT_OBJECT, `inboundTrust.${flag}`),
      message: `The default settings trust ${trustClaim(flag)} from every external organisation.`
    }))
}

/**
 * Whether a B2B setting lets anyone in: users configured and not all blocked, applications not all
 * blocked. Users left unset count as letting nobody in: the lint reads only what the file declares.
 */
function letsAnyoneIn(users: JsonValue | undefined, applications: JsonValue | undefined): boolean {
  const usersOpen = isJsonObject(users) && reachOf(users).kind !== 'none'
  return usersOpen && reachOf(applications).kind !== 'none'
}

function defaultInboundBlockedWithoutOverrides(snapshot: Snapshot): Hazard[] {
  // Without the partners section the baseline cannot say whether overrides exist.
  if (snapshot.default === undefined || snapshot.partners === undefined) return []
  const blocked = TARGET_CONFIGURATIONS.find(
    (target) => reachOf(valueAt(snapshot.default, `b2bCollaborationInbound.${target}`)).kind === 'none'
  )
  if (blocked === undefined) return []
  const overriding = Object.keys(snapshot.partners).filter((tenantId) => {
    return (
      !inheritsDefault(snapshot, tenantId, 'b2bCollaborationInbound') &&
      letsAnyoneIn(
        effectiveValue(snapshot, tenantId, 'b2bCollaborationInbound.usersAndGroups'),
        effectiveValue(snapshot, tenantId, 'b2bCollaborationInbound.applications')
      )
    )
  })
  if (overriding.length > 0) return []
  return [
    {
      object: DEFAULT_OBJECT,
      pointer: pointerOf(DEFAULT_OBJECT, `b2bCollaborationInbound.${blocked}.accessType`),
      message: `The default settings block inbound B2B collaboration for all ${blocked === 'usersAndGroups' ? 'users' : 'applications'}, and no partner configuration lets any organisation in.`
    }
  ]
}

function directConnectAllUsers(snapshot: Snapshot, scope: 'default' | 'partners'): Hazard[] {
  const users = 'b2bDirectConnectInbound.usersAndGroups'
  const applications = 'b2bDirectConnectInbound.applications'
  if (scope === 'default') {
    const open =
      reachOf(valueAt(snapshot.default, users)).kind === 'all' &&
      reachOf(valueAt(snapshot.default, applications)).kind !== 'none'
    if (!open) return []
    return [
      {
        object: DEFAULT_OBJECT,
        pointer: pointerOf(DEFAULT_OBJECT, users),
        message:
          'The default settings allow inbound B2B direct connect for all users of every external organisation.'
      }
    ]
  }
  const hazards: Hazard[] = []
  for (const [tenantId, partner] of sortedEntries(snapshot.partners)) {
    // A partner that inherits is covered by the default's finding.
    if (inheritsDefault(snapshot, tenantId, users)) continue
    if (reachOf(valueAt(partner, users)).kind !== 'all') continue
    if (reachOf(effectiveValue(snapshot, tenantId, applications)).kind === 'none') continue
    const object = partnerObject(snapshot, tenantId)
    hazards.push({
      object,
      pointer: pointerOf(object, users),
      message: `Partner ${object.displayName} allows inbound B2B direct connect for all of its users.`
    })
  }
  return hazards
}

function autoRedemptionWithoutSync(snapshot: Snapshot): Hazard[] {
  // Without the sync section (not held, or unreadable) the baseline cannot say.
  if (snapshot.identitySynchronization === undefined) return []
  const hazards: Hazard[] = []
  for (const [tenantId] of sortedEntries(snapshot.partners)) {
    if (effectiveValue(snapshot, tenantId, 'automaticUserConsentSettings.inboundAllowed') !== true) continue
    const sync = snapshot.identitySynchronization[tenantId]
    if (valueAt(sync ?? undefined, 'userSyncInbound.isSyncAllowed') === true) continue
    const object = partnerObject(snapshot, tenantId)
    hazards.push({
      object,
      pointer: pointerOf(object, 'automaticUserConsentSettings.inboundAllowed'),
      message: `Partner ${object.displayName} has automatic redemption on for inbound users, but ${isUnset(sync ?? null) ? 'no cross-tenant sync policy' : 'its cross-tenant sync policy does not allow sync'}.`
    })
  }
  return hazards
}

// ── Conditional Access ─────────────────────────────────────────────────────────────────────────

const USERS = 'conditions.users'
const REGISTER_SECURITY_INFO = 'urn:user:registersecurityinfo'

/** Which external tenants a policy applies to: every one (but some), a list, or none. */
type GuestReach = { all: true; except: string[] } | { all: false; tenants: string[] }

function guestReach(policy: JsonObject): GuestReach {
  const none: GuestReach = { all: false, tenants: [] }
  if (!coversGuests(policy)) return none
  if (stringsAt(policy, `${USERS}.excludeUsers`).includes('GuestsOrExternalUsers')) return none
  const exclude = valueAt(policy, `${USERS}.excludeGuestsOrExternalUsers`)
  const excludeKind = isUnset(exclude)
    ? undefined
    : (valueAt(exclude, 'externalTenants.membershipKind') ?? 'all')
  if (excludeKind === 'all') return none
  const excluded = excludeKind === 'enumerated' ? stringsAt(exclude, 'externalTenants.members') : []

  const includeUsers = stringsAt(policy, `${USERS}.includeUsers`)
  const include = valueAt(policy, `${USERS}.includeGuestsOrExternalUsers`)
  const includeKind = valueAt(include, 'externalTenants.membershipKind') ?? 'all'
  const keywordCoversAll = includeUsers.includes('All') || includeUsers.includes('GuestsOrExternalUsers')
  if (keywordCoversAll || includeKind !== 'enumerated') return { all: true, except: excluded }
  const listed = stringsAt(include, 'externalTenants.members')
  return { all: false, tenants: listed.filter((tenant) => !excluded.includes(tenant)) }
}

/** A requirement and whether guests of one tenant can meet it, given the claims we accept from that tenant. */
const REQUIREMENTS: Record<
  string,
  { words: string; unmet: (trust: ReadonlySet<TrustFlag>, registering: boolean) => boolean }
> = {
  compliantDevice: {
    words: 'a compliant device',
    unmet: (trust) => !trust.has('isCompliantDeviceAccepted')
  },
  domainJoinedDevice: {
    words: 'a hybrid-joined device',
    unmet: (trust) => !trust.has('isHybridAzureADJoinedDeviceAccepted')
  },
  // Guests register MFA here unless their home MFA is trusted; to register it they cannot already have it.
  mfa: { words: 'MFA', unmet: (trust, registering) => registering && !trust.has('isMfaAccepted') },
  authenticationStrength: {
    words: 'an authentication strength',
    unmet: (trust, registering) => registering && !trust.has('isMfaAccepted')
  }
}

/** The claims of one tenant our Conditional Access accepts: its partner's trust, or the default's. */
function trustOf(snapshot: Snapshot, tenantId: string | undefined): ReadonlySet<TrustFlag> {
  return new Set(
    TRUST_FLAGS.filter((flag) => effectiveValue(snapshot, tenantId, `inboundTrust.${flag}`) === true)
  )
}

function unsatisfiableGuestPolicies(snapshot: Snapshot): Hazard[] {
  const hazards: Hazard[] = []
  for (const [id, policy] of sortedEntries(snapshot.conditionalAccessPolicies)) {
    // Report-only and disabled policies lock nobody out.
    if (policy.state !== 'enabled') continue
    const reach = guestReach(policy)
    if (!reach.all && reach.tenants.length === 0) continue
    const controls = stringsAt(policy, 'grantControls.builtInControls')
    // A block is meant to keep people out; it is not a requirement they fail.
    if (controls.includes('block')) continue
    if (!isUnset(valueAt(policy, 'grantControls.authenticationStrength')))
      controls.push('authenticationStrength')
    const registering = stringsAt(policy, 'conditions.applications.includeUserActions').some(
      (action) => action.toLowerCase() === REGISTER_SECURITY_INFO
    )
    const requireAll = valueAt(policy, 'grantControls.operator') === 'AND'

    /** The requirements guests of one tenant cannot meet, when they make the policy unsatisfiable. */
    const unmetFor = (tenantId: string | undefined): string[] => {
      const trust = trustOf(snapshot, tenantId)
      const known = controls.filter((control) => REQUIREMENTS[control] !== undefined)
      const unmet = known.filter((control) => REQUIREMENTS[control]?.unmet(trust, registering) === true)
      const blocks = requireAll ? unmet.length > 0 : controls.length > 0 && unmet.length === controls.length
      return blocks ? unmet : []
    }

    const lockedOut: string[] = []
    const unmet = new Set<string>()
    const consider = (tenantId: string | undefined, label: string): void => {
      const missing = unmetFor(tenantId)
      if (missing.length === 0) return
      lockedOut.push(label)
      for (const control of missing) unmet.add(control)
    }
    if (reach.all) {
      consider(undefined, 'organisations without a partner configuration')
      for (const [tenantId] of sortedEntries(snapshot.partners)) {
        if (!reach.except.includes(tenantId)) consider(tenantId, `partner ${partnerName(tenantId, snapshot)}`)
      }
    } else {
      for (const tenantId of [...reach.tenants].sort(compareText)) {
        const known = snapshot.partners?.[tenantId] !== undefined
        consider(
          known ? tenantId : undefined,
          `${known ? 'partner' : 'tenant'} ${partnerName(tenantId, snapshot)}`
        )
      }
    }
    if (lockedOut.length === 0) continue

    const object = policyObject(id, policy)
    const needed = [...unmet].map((control) => REQUIREMENTS[control]?.words ?? control)
    const deviceOnly = [...unmet].every(
      (control) => control === 'compliantDevice' || control === 'domainJoinedDevice'
    )
    hazards.push({
      object,
      pointer: pointerOf(
        object,
        deviceOnly ? 'grantControls.builtInControls' : 'conditions.applications.includeUserActions'
      ),
      message:
        registering && !deviceOnly
          ? `Conditional Access policy ${object.displayName} requires ${listOf(needed)} of guests to register security info, which guests from ${listOf(lockedOut)} cannot have without registering first.`
          : `Conditional Access policy ${object.displayName} requires ${listOf(needed)} of guests, whose claims the trust settings for ${listOf(lockedOut)} do not accept.`
    })
  }
  return hazards
}

function noEnforcedGuestPolicy(snapshot: Snapshot): Hazard[] {
  const policies = snapshot.conditionalAccessPolicies
  if (policies === undefined) return []
  const enforced = Object.values(policies).some(
    (policy) => policy.state === 'enabled' && coversGuests(policy)
  )
  if (enforced) return []
  // About the section as a whole, not one policy: no object.
  return [
    {
      pointer: appendPointer('', 'conditionalAccessPolicies'),
      message: 'No enabled Conditional Access policy covers guests or external users.'
    }
  ]
}

function guestPoliciesNotEnforced(snapshot: Snapshot): Hazard[] {
  const hazards: Hazard[] = []
  for (const [id, policy] of sortedEntries(snapshot.conditionalAccessPolicies)) {
    if (policy.state === 'enabled' || !coversGuests(policy)) continue
    const object = policyObject(id, policy)
    const state = policy.state === 'disabled' ? 'disabled' : 'report-only'
    hazards.push({
      object,
      pointer: pointerOf(object, 'state'),
      message: `Conditional Access policy ${object.displayName}, which covers guests, is ${state}.`
    })
  }
  return hazards
}

// ── The baseline's own entries ─────────────────────────────────────────────────────────────────

interface IndexedIgnore {
  index: number
  entry: IgnoreEntry
  /** `/ignore/<index>`. */
  pointer: string
  /** `ignore[2] (kind partner, key *, path **)`. */
  label: string
}

/** The entries still in force: an expired one accepts nothing, so it hides nothing. */
function activeIgnores(snapshot: Snapshot, context: LintContext): IndexedIgnore[] {
  return (snapshot.ignore ?? []).flatMap((entry, index) =>
    isExpired(entry, context.today)
      ? []
      : [
          {
            index,
            entry,
            pointer: appendPointer(appendPointer('', 'ignore'), String(index)),
            label: describeIgnoreEntry({ index, ...entry })
          }
        ]
  )
}

/** One hazard per way the entry is too wide, at the property that makes it so (at the entry when that property is absent). */
function tooWide(ignore: IndexedIgnore): Hazard[] {
  const { entry, pointer, label } = ignore
  const at = (property: 'kind' | 'key' | 'path'): string =>
    entry[property] === undefined ? pointer : appendPointer(pointer, property)
  const hazards: Hazard[] = []
  if (coversEveryKind(entry)) {
    hazards.push({
      pointer: at('kind'),
      message: `Ignore entry ${label} accepts drift on every kind of object (kind "*"): trust, access and Conditional Access changes included.`,
      ignoreEntry: entry
    })
  }
  if (coversEveryKey(entry)) {
    hazards.push({
      pointer: at('key'),
      message: `Ignore entry ${label} accepts drift on every ${entry.kind === '*' ? 'object' : entry.kind} (${entry.key === undefined ? 'no key' : 'key "*"'}), including ones added later.`,
      ignoreEntry: entry
    })
  }
  if (coversEveryPath(entry)) {
    hazards.push({
      pointer: at('path'),
      message: `Ignore entry ${label} accepts every change of the objects it names (${entry.path === undefined ? 'no path' : `path "${entry.path}"`}), not one setting.`,
      ignoreEntry: entry
    })
  }
  return hazards
}

function withoutExpiry(ignore: IndexedIgnore): Hazard {
  return {
    pointer: ignore.pointer,
    message: `Ignore entry ${ignore.label} has no expiry date: it accepts this drift forever.`,
    ignoreEntry: ignore.entry
  }
}

function expiresTooFar(ignore: IndexedIgnore, context: LintContext): Hazard[] {
  const expires = ignore.entry.expires
  if (expires === undefined) return []
  const days = daysBetween(context.today, expires)
  if (days === undefined || days <= MAX_IGNORE_DAYS) return []
  return [
    {
      pointer: appendPointer(ignore.pointer, 'expires'),
      message: `Ignore entry ${ignore.label} expires on ${expires}, ${days} days from today (${context.today}): more than ${MAX_IGNORE_DAYS}.`,
      ignoreEntry: ignore.entry
    }
  ]
}

/** Whole days from one YYYY-MM-DD to another; undefined when either is not a date. */
function daysBetween(from: string, to: string): number | undefined {
  const start = Date.parse(`${from}T00:00:00Z`)
  const end = Date.parse(`${to}T00:00:00Z`)
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined
  return Math.round((end - start) / 86_400_000)
}
