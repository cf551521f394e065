import { attribute, type AuditEvidence } from '../rules/attribution.js'
import { compareText } from '../model/canonical.js'
import { classify } from '../rules/classify.js'
import { diffPairs } from '../diff/diff.js'
import { findingAccess, restateNewPartner } from '../access/effective-access.js'
import { effectiveConfiguration, type EffectiveAccessView } from '../access/inheritance.js'
import {
  OBJECT_KINDS,
  highestSeverity,
  severityRank,
  type FailOn,
  type Finding,
  type ReportedFinding,
  type Severity
} from '../model/finding.js'
import { compareGuests, type GuestCountTolerance } from '../diff/guest-drift.js'
import { applyIgnore } from '../diff/ignore.js'
import { pairObjects, type NotCompared } from '../diff/objects.js'
import type { Snapshot } from '../model/snapshot.js'
import type { PartnerPolicy } from '../tiers/policy.js'
import { tierFindings } from '../tiers/tier-findings.js'
import { evaluateTiers, summarizeTiers, type TierSummary } from '../tiers/evaluate.js'

export const REPORT_SCHEMA_VERSION = 1

export interface CompareOptions {
  /** Default: 10 percent. */
  guestCountTolerance?: GuestCountTolerance
  maxStaleGuests?: number
  /** Today (YYYY-MM-DD): ignore entries expire on their `expires` day. */
  today: string
  /** The partner policy: its findings on the live snapshot are reported whatever the baseline holds. */
  policy?: PartnerPolicy
}

/** Everything the comparison found, before it is dressed as a report. */
export interface Comparison {
  /** Ordered by severity, then object kind, then key, then rule; `affects` and `access` set. */
  findings: Finding[]
  notCompared: NotCompared[]
  /** The live snapshot's effective access; absent when it holds no default configuration. */
  effectiveAccess?: EffectiveAccessView
  /** The live partners counted by tier; only with a partner policy. */
  partnerTiers?: TierSummary
}

export type ReportSeverity = Exclude<Severity, 'info'> | 'none'

/** The JSON report: a public contract, described by reportSchema (report-schema.ts). */
export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  tenantId: string
  /** Path of the baseline file compared against. */
  baseline: string
  /** When the live snapshot was taken. */
  capturedAt: string
  driftDetected: boolean
  /** Findings that are neither info nor ignored. */
  driftCount: number
  maxSeverity: ReportSeverity
  counts: Record<Severity | 'ignored', number>
  findings: ReportedFinding[]
  notCompared: NotCompared[]
  /** What every partner, and every other organisation, effectively gets in the live tenant. */
  effectiveAccess?: EffectiveAccessView
  /** With a partner policy: partners per tier, out of tier, and without a tier. */
  partnerTiers?: TierSummary
}

/** Attribution when the run did not consult the audit log at all. */
const AUDIT_NOT_CONSULTED: AuditEvidence = {
  read: false,
  reason: 'the audit log was not consulted in this run'
}

/** Compare a canonical, schema-checked baseline with a canonical live snapshot. */
export function compareSnapshots(baseline: Snapshot, live: Snapshot, options: CompareOptions): Comparison {
  const { pairs, notCompared } = pairObjects(baseline, live)
  const findings = classify(diffPairs(pairs), { ignore: baseline.ignore, today: options.today })
  const guests = compareGuests(baseline, live, options)
  for (const finding of guests.findings) findings.push(applyIgnore(finding, baseline.ignore, options.today))
  const before = effectiveConfiguration(baseline)
  const after = effectiveConfiguration(live)
  const partnersNotCompared = notCompared.find((entry) => entry.section === 'partners')?.reason
  const withAccess = findings.map((finding) =>
    restateNewPartner(
      { ...finding, ...findingAccess(finding, before, after, partnersNotCompared) },
      before,
      after
    )
  )
  if (options.policy !== undefined) withAccess.push(...tierFindings(live, options.policy, withAccess))
  return {
    findings: withAccess.sort(compareFindings),
    notCompared: [...notCompared, ...guests.notCompared],
    ...(after === undefined ? {} : { effectiveAccess: after }),
    ...(options.policy === undefined
      ? {}
      : { partnerTiers: summarizeTiers(evaluateTiers(live, options.policy), options.policy) })
  }
}

export function buildReport(input: {
  tenantId: string
  baselinePath: string
  capturedAt: string
  comparison: Comparison
  /** The directory audit entries of the run's window (one query), or why they could not be read. */
  audit?: AuditEvidence
}): Report {
  const { notCompared, effectiveAccess, partnerTiers } = input.comparison
  const audit = input.audit ?? AUDIT_NOT_CONSULTED
  const findings: ReportedFinding[] = input.comparison.findings.map((finding) => ({
    ...finding,
    affects: finding.affects ?? [],
    attribution: attribute(finding, audit)
  }))
  const counts: Record<Severity | 'ignored', number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    info: 0,
    ignored: 0
  }
  for (const finding of findings) counts[finding.ignored === undefined ? finding.severity : 'ignored']++
  const driftCount = findings.filter(countsAsDrift).length
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tenantId: input.tenantId,
    baseline: input.baselinePath,
    capturedAt: input.capturedAt,
    driftDetected: driftCount > 0,
    driftCount,
    maxSeverity: maxSeverity(findings),
    counts,
    findings,
    notCompared,
    ...(effectiveAccess === undefined ? {} : { effectiveAccess }),
    ...(partnerTiers === undefined ? {} : { partnerTiers })
  }
}

/** Drift that counts: not a new Graph property, not accepted by an ignore entry. */
export function countsAsDrift(finding: Finding): boolean {
  return finding.severity !== 'info' && finding.ignored === undefined
}

/** The worst severity among findings that count; 'none' when the tenant matches. */
export function maxSeverity(findings: readonly Finding[]): ReportSeverity {
  const worst = highestSeverity(findings.filter(countsAsDrift))
  return worst === undefined || worst === 'info' ? 'none' : worst
}

/** Whether the step fails: a counted finding at `failOn` or worse. 'none' never fails. */
export function failsAt(report: Report, failOn: FailOn): boolean {
  if (failOn === 'none') return false
  return report.findings.some(
    (finding) => countsAsDrift(finding) && severityRank(finding.severity) >= severityRank(failOn)
  )
}

/** Severity (worst first), then object kind (in OBJECT_KINDS order), then key, then rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    OBJECT_KINDS.indexOf(a.object.kind) - OBJECT_KINDS.indexOf(b.object.kind) ||
    compareText(a.object.key, b.object.key) ||
    compareText(a.rule, b.rule) ||
    compareText(a.id, b.id)
  )
}
