import { SECTIONS, type ObjectKind } from '../../sections/index.js'
import type { JsonValue } from './json.js'

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** The least severity that fails the step; 'none' never fails it. */
export type FailOn = 'none' | Exclude<Severity, 'info'>

/** Higher is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity)
}

/** The worst severity among `findings`; undefined when there are none. */
export function highestSeverity(findings: readonly { severity: Severity }[]): Severity | undefined {
  let worst: Severity | undefined
  for (const finding of findings) {
    if (worst === undefined || severityRank(finding.severity) > severityRank(worst)) worst = finding.severity
  }
  return worst
}

/** Every kind of compared object, in the sections' order (src/sections): a public contract, never renamed. */
export const OBJECT_KINDS: readonly ObjectKind[] = SECTIONS.flatMap((section) =>
  'kind' in section ? [section.kind] : []
)
export type { ObjectKind }

/** The object a finding is about: `kind` + `key` identify it across runs. */
export interface ObjectRef {
  kind: ObjectKind
  /** Tenant id for partners and sync policies, policy id for CA policies and named locations, the kind itself for singletons. */
  key: string
  displayName: string
}

/** One field-level difference, `path` relative to the object (e.g. 'inboundTrust.isMfaAccepted'). */
export interface Change {
  path: string
  /** Baseline value; null when absent. */
  before: JsonValue
  /** Live value; null when absent. */
  after: JsonValue
}

/** How to put the baseline value back. */
export interface Remediation {
  /** The Graph request that restores the baseline; absent when no Graph write can (guest counts, read-only fields). */
  graph?: { method: 'PATCH' | 'POST' | 'PUT' | 'DELETE'; path: string; body?: JsonValue }
  /** The Microsoft Graph PowerShell equivalent of `graph`, ready to paste: a `$body = ...` line first when the request has a body. */
  powershell?: string
  /** What to do or know besides the request (ordering constraints, ids that change, manual steps). */
  note?: string
}

export interface Finding {
  /** Stable across runs for the same drift on the same object. */
  id: string
  rule: string
  severity: Severity
  object: ObjectRef
  /** 'added' and 'removed' are findings on the whole object; 'modified' lists field changes. */
  change: 'added' | 'removed' | 'modified'
  changes: Change[]
  /** One line: what changed. */
  summary: string
  /** One line: why it matters. */
  why: string
  remediation?: Remediation
  /** Set when a baseline `ignore` entry accepted this drift; `entry` names it (absent on findings built by hand). */
  ignored?: { reason: string; expires?: string; entry?: IgnoringEntry }
  /** Set when an `ignore` entry matched this drift but has expired, so the drift counts again. */
  ignoreExpired?: { reason: string; expires: string }
  /**
   * Tenant ids of the partners whose effective access or trust this change moved (for the default:
   * the partners that inherit what changed); empty when none. Set by report building.
   */
  affects?: string[]
  /** How the change moved effective access; default and partner findings only. Set by report building. */
  access?: AccessChange
  /**
   * Set when the section `affects` needs (the partners) was not compared: `affects` is then empty
   * and claims nothing, and renderers say "partners unavailable" instead of a count. Set by report building.
   */
  affectsUnavailable?: AffectsUnavailable
  /** Who made the change, from the directory audit log, or why that is not known. Set by report building. */
  attribution?: Attribution
}

/** The baseline `ignore` entry that accepted a finding: its index in the file's `ignore` list, and its scope. */
export interface IgnoringEntry {
  index: number
  kind: string
  /** Absent: every object of the kind. */
  key?: string
  /** Absent: every change of the object. */
  path?: string
}

/** Why a finding's reach cannot be stated: the section that was not compared, and the comparison's reason. */
export interface AffectsUnavailable {
  section: 'partners'
  reason: string
}

/** A finding as the JSON report carries it: `affects` and `attribution` are always there. */
export type ReportedFinding = Finding & { affects: string[]; attribution: Attribution }

/** 'mixed': some access widened and some narrowed, or targets were swapped for others. */
export type AccessDirection = 'widened' | 'narrowed' | 'mixed' | 'unchanged'

export interface AccessChange {
  direction: AccessDirection
  /** What changed for the organisations concerned, in words ('inbound B2B collaboration now allowed for all users'). */
  changes: string[]
  /** The partners in `affects`, with the names people know them by. */
  partners: { tenantId: string; displayName: string }[]
}

/** The directory audit entry behind a change, or why none is named. Never a guess. */
export type Attribution = AuditAttribution | { unavailable: string }

export interface AuditAttribution {
  /** The user principal name, or the application ('app <name> (<appId>)'), that made the change. */
  actor: string
  /** When the audit entry says the change was made (ISO 8601). */
  time: string
  /** The client the change came from (user agent, address), or null when the entry names none. */
  client: string | null
  /** The directoryAudit id, to look the entry up in the Entra admin center. */
  auditId: string
}
