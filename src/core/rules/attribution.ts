import { compareText } from '../model/canonical.js'
import type { Attribution, Finding, ObjectKind } from '../model/finding.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { KEYED_KINDS } from '../diff/objects.js'
import { SECTIONS } from '../../sections/index.js'

/*
 * Who made a change: the latest successful directory audit entry, inside the window since the
 * baseline was captured, whose activity is one Entra writes for that kind of object and (where
 * the entry names its object) whose target is the finding's object. When there is no such entry,
 * the finding says so and why; it never names the likeliest admin. Activity names and their
 * sources: docs/audit-activities.md.
 */

/** The activities Entra writes for changes to each kind of object (matched case-insensitively), as its section declares. */
export const AUDIT_ACTIVITIES: Readonly<Partial<Record<ObjectKind, readonly string[]>>> = Object.fromEntries(
  SECTIONS.flatMap((section) =>
    'audit' in section && 'activities' in section.audit ? [[section.kind, section.audit.activities]] : []
  )
)

/**
 * What the run's single audit query asks for: an entry matching any clause. Every activity above
 * falls under one of them (by the service or category Entra files it under, or by name), and the
 * query stays a handful of clauses instead of one per activity.
 */
export const AUDIT_QUERY_SCOPE: readonly {
  property: 'loggedByService' | 'category' | 'activityDisplayName'
  value: string
}[] = [
  { property: 'loggedByService', value: 'Conditional Access' },
  { property: 'category', value: 'CrossTenantAccessSettings' },
  { property: 'category', value: 'CrossTenantIdentitySyncSettings' },
  // Documented under CrossTenantIdentitySyncSettings, which looks like a docs slip: named as well.
  { property: 'activityDisplayName', value: 'Update the company default cross-tenant access setting' },
  { property: 'activityDisplayName', value: 'Update authorization policy' },
  { property: 'category', value: 'MultiTenantOrg' },
  { property: 'category', value: 'MultiTenantOrgTenant' },
  // Authentication strengths and the authentication methods policy (email one-time passcode):
  // named, since their category (ApplicationManagement) and service (Authentication Methods) also
  // hold every user's security-info registration.
  ...[
    'Authentication Strength Policy Create',
    'Authentication Strength Policy Update',
    'Authentication Strength Policy Delete',
    'Authentication Strength Combination Configuration Create',
    'Authentication Strength Combination Configuration Update',
    'Authentication Strength Combination Configuration Delete',
    'Authentication Methods Policy Update'
  ].map((value) => ({ property: 'activityDisplayName' as const, value })),
  // Identity providers: named, since their service (B2C in the reference) also logs every read.
  { property: 'activityDisplayName', value: 'Create identity provider' },
  { property: 'activityDisplayName', value: 'Update identity provider' },
  { property: 'activityDisplayName', value: 'Delete identity provider' },
  // Connected organizations: named, since their category (EntitlementManagement) also logs every
  // access package request and assignment.
  { property: 'activityDisplayName', value: 'Create connected organization' },
  { property: 'activityDisplayName', value: 'Update connected organization' },
  { property: 'activityDisplayName', value: 'Delete connected organization' },
  // Entitlement management's tenant settings (external user lifecycle).
  { property: 'activityDisplayName', value: 'Update tenant setting' },
  // Assignment policies open to external users.
  { property: 'activityDisplayName', value: 'Create access package assignment policy' },
  { property: 'activityDisplayName', value: 'Update access package assignment policy' },
  { property: 'activityDisplayName', value: 'Delete access package assignment policy' }
]

/** Kinds whose audit entries name their object, so the entry's targets must include the finding's key. */
const TARGETED_KINDS = KEYED_KINDS

/** Kinds no directory audit entry can explain, and why, as their sections declare. */
const NOT_AUDITED: Readonly<Partial<Record<ObjectKind, string>>> = Object.fromEntries(
  SECTIONS.flatMap((section) =>
    'audit' in section && 'notAudited' in section.audit ? [[section.kind, section.audit.notAudited]] : []
  )
)

/** How long the audit log keeps entries with Microsoft Entra ID P1/P2; without, 7 days. */
export const AUDIT_RETENTION_DAYS = 30
export const FREE_AUDIT_RETENTION_DAYS = 7
const DAY_MS = 86_400_000

/** The parts of a directoryAudit entry attribution uses. */
export interface AuditEntry {
  id: string
  activity: string
  /** activityDateTime (ISO 8601). */
  time: string
  /** 'success', 'failure', ...; absent when the entry does not say. */
  result?: string
  /** The user principal name or application; absent when the entry names no initiator. */
  actor?: string
  client: string | null
  /** Lower-case ids the entry names as its targets (target resource ids, tenant ids of modified properties). */
  targets: string[]
}

/** The audit log as one run read it, or why it could not. */
export type AuditEvidence =
  | {
      read: true
      /** Start of the window (ISO 8601): the baseline's capture, or the previous run's. */
      since: string
      /** What `since` is, in words: "the baseline's capture". */
      sinceWhat: string
      /** End of the window: the live snapshot's capture; later entries are not in the snapshot. */
      until: string
      entries: AuditEntry[]
    }
  | { read: false; reason: string }

/** A directoryAudit in wire shape as an entry, or undefined when it lacks an id, activity or time. */
export function parseDirectoryAudit(raw: JsonObject): AuditEntry | undefined {
  const { id, activityDisplayName, activityDateTime, result } = raw
  if (
    typeof id !== 'string' ||
    typeof activityDisplayName !== 'string' ||
    typeof activityDateTime !== 'string'
  ) {
    return undefined
  }
  if (Number.isNaN(Date.parse(activityDateTime))) return undefined
  const initiatedBy = isJsonObject(raw.initiatedBy) ? raw.initiatedBy : {}
  const entry: AuditEntry = {
    id,
    activity: activityDisplayName,
    time: activityDateTime,
    client: clientOf(initiatedBy, raw.additionalDetails),
    targets: targetsOf(raw.targetResources)
  }
  const actor = actorOf(initiatedBy)
  if (actor !== undefined) entry.actor = actor
  if (typeof result === 'string') entry.result = result
  return entry
}

/** A user by principal name (else name, else id); an application by name and app id. */
function actorOf(initiatedBy: JsonObject): string | undefined {
  const user = initiatedBy.user
  if (isJsonObject(user)) {
    const name = firstText(user.userPrincipalName, user.displayName)
    if (name !== undefined) return name
    const id = firstText(user.id)
    if (id !== undefined && !/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(id)) return `user ${id}`
  }
  const app = initiatedBy.app
  if (isJsonObject(app)) {
    const name = firstText(app.displayName, app.servicePrincipalName)
    const appId = firstText(app.appId, app.servicePrincipalId)
    if (name !== undefined || appId !== undefined) {
      return `app ${name ?? 'without a name'}${appId === undefined ? '' : ` (${appId})`}`
    }
  }
  return undefined
}

/** The User-Agent the entry records (additionalDetails) and the initiator's address. */
function clientOf(initiatedBy: JsonObject, details: JsonValue | undefined): string | null {
  let userAgent: string | undefined
  for (const detail of Array.isArray(details) ? details : []) {
    if (!isJsonObject(detail) || typeof detail.key !== 'string') continue
    if (/^user-?agent$/i.test(detail.key.trim())) userAgent = firstText(detail.value)
  }
  const user = isJsonObject(initiatedBy.user) ? initiatedBy.user : {}
  const app = isJsonObject(initiatedBy.app) ? initiatedBy.app : {}
  const address = firstText(user.ipAddress, app.ipAddress)
  if (userAgent !== undefined && address !== undefined) return `${userAgent} from ${address}`
  return userAgent ?? (address === undefined ? null : `from ${address}`)
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

/**
 * The ids an entry is about. Entra records a partner's tenant id as the `tenantId` modified
 * property when a partner is added, so those values count as targets too.
 */
function targetsOf(resources: JsonValue | undefined): string[] {
  const targets = new Set<string>()
  for (const resource of Array.isArray(resources) ? resources : []) {
    if (!isJsonObject(resource)) continue
    const id = firstText(resource.id)
    if (id !== undefined) targets.add(id.toLowerCase())
    for (const property of Array.isArray(resource.modifiedProperties) ? resource.modifiedProperties : []) {
      if (!isJsonObject(property) || typeof property.displayName !== 'string') continue
      if (property.displayName.trim().toLowerCase() !== 'tenantid') continue
      for (const value of [property.oldValue, property.newValue]) {
        if (typeof value === 'string')
          for (const guid of value.match(GUID) ?? []) targets.add(guid.toLowerCase())
      }
    }
  }
  return [...targets].sort(compareText)
}

function firstText(...values: (JsonValue | undefined)[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim()
  return undefined
}

/** Whether any finding could be attributed, so whether the audit log is worth a request at all. */
export function needsAuditLog(findings: readonly Finding[]): boolean {
  return findings.some(
    (finding) => finding.severity !== 'info' && AUDIT_ACTIVITIES[finding.object.kind] !== undefined
  )
}

/** The audit entry behind a finding's change, or the plain reason there is none. */
export function attribute(finding: Finding, evidence: AuditEvidence): Attribution {
  if (finding.severity === 'info') {
    return { unavailable: 'a property Graph started returning is not a change anyone made' }
  }
  const kind = finding.object.kind
  const activities = AUDIT_ACTIVITIES[kind]
  if (activities === undefined) {
    return { unavailable: NOT_AUDITED[kind] ?? 'no Entra audit activity is known for this kind of object' }
  }
  if (!evidence.read) return { unavailable: evidence.reason }

  const wanted = new Set(activities.map((activity) => activity.toLowerCase()))
  const key = finding.object.key.toLowerCase()
  const from = Date.parse(evidence.since)
  const to = Date.parse(evidence.until)
  let latest: AuditEntry | undefined
  for (const entry of evidence.entries) {
    if (!wanted.has(entry.activity.toLowerCase())) continue
    if (entry.result !== undefined && entry.result.toLowerCase() !== 'success') continue
    if (TARGETED_KINDS.has(kind) && !entry.targets.includes(key)) continue
    const time = Date.parse(entry.time)
    if (time < from || time > to) continue
    if (latest === undefined || isLater(entry, latest)) latest = entry
  }
  if (latest !== undefined) {
    return {
      actor: latest.actor ?? 'not recorded in the audit entry',
      time: latest.time,
      client: latest.client,
      auditId: latest.id
    }
  }
  return { unavailable: noEntryReason(kind, finding.object.key, evidence) }
}

function isLater(candidate: AuditEntry, current: AuditEntry): boolean {
  const difference = Date.parse(candidate.time) - Date.parse(current.time)
  return difference > 0 || (difference === 0 && compareText(candidate.id, current.id) > 0)
}

/**
 * Said plainly, with nothing that changes from run to run (the window's end is left out), so an
 * unchanged drift keeps rendering the same text.
 */
function noEntryReason(
  kind: ObjectKind,
  key: string,
  evidence: Extract<AuditEvidence, { read: true }>
): string {
  const days = (Date.parse(evidence.until) - Date.parse(evidence.since)) / DAY_MS
  const window = `since ${evidence.since} (${evidence.sinceWhat})`
  if (days > AUDIT_RETENTION_DAYS) {
    return `the window ${window} reaches back further than the audit log keeps entries (${AUDIT_RETENTION_DAYS} days): older entries have rotated out, and no matching entry remains in the days still kept`
  }
  const about = TARGETED_KINDS.has(kind) ? ` naming ${key}` : ''
  const reason = `no audit entry for this change${about} found ${window}`
  return days > FREE_AUDIT_RETENTION_DAYS
    ? `${reason}; a tenant without Microsoft Entra ID P1/P2 keeps audit entries for ${FREE_AUDIT_RETENTION_DAYS} days only`
    : reason
}
