import { findingId } from '../diff/fingerprint.js'
import { appendPointer } from '../baseline/json-source.js'
import { listOf } from '../model/wording.js'
import type { Change, Finding, ObjectRef, Remediation, Severity } from '../model/finding.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import type { Snapshot } from '../model/snapshot.js'
import type { LintFinding } from '../rules/lint-rules.js'
import { remediationFor } from '../rules/remediation.js'
import { subject } from '../rules/rules.js'
import type { PartnerPolicy } from './policy.js'
import { evaluateTiers, type PartnerStanding, type TierBreach, type TierEvaluation } from './evaluate.js'

/*
 * A tier evaluation as findings: for detect, findings shaped like drift findings (rule, severity,
 * object, changes, remediation), produced whatever the baseline says; for check-baseline, lint
 * findings placed at the partner's (or the default's) line. Rule ids are a public contract.
 */

export const TIER_RULES = {
  'partner-outside-tier': {
    severity: 'high',
    why: 'The tier is what the security team vetted this partner for: more access or trust than it allows imports a posture nobody reviewed.'
  },
  'partner-unclassified': {
    severity: 'high',
    why: 'A partner without a tier was never vetted: nobody has decided what access or trust it may have. Place it in a tier of the partner policy.'
  },
  'default-breaks-partner-tier': {
    severity: 'high',
    why: 'Partners without an override of these settings take them from the default: loosening the default gives them more than their tier allows.'
  },
  'default-outside-policy': {
    severity: 'high',
    why: 'The default applies to every external organisation without a partner configuration, vetted or not.'
  }
} as const satisfies Record<string, { severity: Severity; why: string }>
export type TierRule = keyof typeof TIER_RULES

/** Whether a finding's rule is one of the partner policy's (its changes then compare with a tier, not the baseline). */
export function isTierRule(rule: string): rule is TierRule {
  return Object.hasOwn(TIER_RULES, rule)
}

const DEFAULT_OBJECT: ObjectRef = {
  kind: 'default',
  key: 'default',
  displayName: 'Default cross-tenant access settings'
}

/** One finding on a partner, or on the default, before it is dressed for detect or for the check. */
interface TierProblem {
  rule: TierRule
  object: ObjectRef
  breaches: TierBreach[]
  /** Partners whose tier a default breach breaks (default-breaks-partner-tier only). */
  partners: PartnerStanding[]
  message: string
}

/** Every problem of an evaluation, partners by tenant id, then the default. */
function problemsOf(evaluation: TierEvaluation): TierProblem[] {
  const problems: TierProblem[] = []
  for (const partner of evaluation.partners) {
    const object: ObjectRef = { kind: 'partner', key: partner.tenantId, displayName: partner.displayName }
    if (partner.tier === undefined && partner.configured) {
      problems.push({
        rule: 'partner-unclassified',
        object,
        breaches: [],
        partners: [],
        message: `Partner ${partner.displayName} has no tier in the partner policy (tenant ${partner.tenantId}).`
      })
    }
    const own = partner.breaches.filter((breach) => breach.from === 'partner')
    if (partner.tier !== undefined && own.length > 0) {
      problems.push({
        rule: 'partner-outside-tier',
        object,
        breaches: own,
        partners: [partner],
        message: `${partner.displayName} is tier \`${partner.tier}\`; that tier ${listOf(
          unique(own.map((breach) => breach.allows)),
          Infinity
        )}. It ${listOf(unique(own.map((breach) => breach.has)), Infinity)}.`
      })
    }
  }
  // What partners take from the default, grouped by setting: one finding per default setting.
  const inherited = new Map<string, { breach: TierBreach; partners: PartnerStanding[] }>()
  for (const partner of evaluation.partners) {
    for (const breach of partner.breaches.filter((candidate) => candidate.from === 'default')) {
      const entry = inherited.get(breach.path) ?? { breach, partners: [] }
      entry.partners.push(partner)
      inherited.set(breach.path, entry)
    }
  }
  for (const { breach, partners } of [...inherited.values()].sort((a, b) =>
    a.breach.path < b.breach.path ? -1 : 1
  )) {
    const names = partners.map((partner) => `${partner.displayName} (tier \`${partner.tier ?? ''}\`)`)
    problems.push({
      rule: 'default-breaks-partner-tier',
      object: DEFAULT_OBJECT,
      breaches: [breach],
      partners,
      message: `The default ${breach.has.replace(/^has /, 'gives ')}, which breaks the tier of ${partners.length} inheriting partner${partners.length === 1 ? '' : 's'}: ${names.join(', ')}.`
    })
  }
  if (evaluation.defaultBreaches.length > 0) {
    problems.push({
      rule: 'default-outside-policy',
      object: DEFAULT_OBJECT,
      breaches: evaluation.defaultBreaches,
      partners: [],
      message: `The default ${listOf(
        unique(evaluation.defaultBreaches.map((breach) => breach.has)),
        Infinity
      )}; the partner policy ${listOf(unique(evaluation.defaultBreaches.map((breach) => breach.allows)), Infinity)} on the default.`
    })
  }
  return problems
}

/** The policy's lint findings for a proposed baseline, each at its partner's or the default's line. */
export function tierLintFindings(snapshot: Snapshot, policy: PartnerPolicy): LintFinding[] {
  return problemsOf(evaluateTiers(snapshot, policy)).map((problem) => ({
    rule: problem.rule,
    severity: TIER_RULES[problem.rule].severity,
    object: problem.object,
    pointer: problem.object.kind === 'partner' ? appendPointer('/partners', problem.object.key) : '/default',
    // Several findings of a rule share the default's line: each is told apart by what it is about.
    distinct: problem.breaches.map((breach) => breach.path).join(',') || problem.object.key,
    message: problem.message,
    why: TIER_RULES[problem.rule].why,
    source: 'state'
  }))
}

/**
 * The policy's findings for detect, on the live snapshot: shaped like drift findings, whatever the
 * baseline holds. A change's `before` is what the tier allows there, its `after` what the tenant
 * has; the id is the drift fingerprint of rule, object and changes (ADR 0002), so it stays the
 * same while the breach does. `drift` lends its remediation where it already reverts the change.
 */
export function tierFindings(
  live: Snapshot,
  policy: PartnerPolicy,
  drift: readonly Finding[] = []
): Finding[] {
  return problemsOf(evaluateTiers(live, policy)).map((problem) => {
    // An unclassified partner lacks a tier, which is what its one change says: a tier expected, none found.
    const changes: Change[] =
      problem.rule === 'partner-unclassified'
        ? [{ path: 'tier', before: 'a tier', after: null }]
        : problem.breaches.map((breach) => ({
            path: breach.path,
            before: breach.allowed,
            after: breach.actual
          }))
    const remediation = remediationOf(problem, live, drift)
    return {
      id: findingId(problem.rule, problem.object.kind, problem.object.key, changes),
      rule: problem.rule,
      severity: TIER_RULES[problem.rule].severity,
      object: problem.object,
      change: 'modified',
      changes,
      // Issue titles lead with the object ('Partner Fabrikam'): the summary says it first, as drift summaries do.
      summary:
        problem.rule === 'partner-outside-tier'
          ? `${subject(problem.object)} is outside its tier. ${problem.message}`
          : problem.message,
      why: TIER_RULES[problem.rule].why,
      ...(remediation === undefined ? {} : { remediation }),
      affects:
        problem.rule === 'default-outside-policy' ? [] : problem.partners.map((partner) => partner.tenantId),
      ...(problem.partners.length === 0 || problem.rule === 'partner-unclassified'
        ? {}
        : {
            access: {
              direction: 'widened' as const,
              changes: problem.breaches.map((breach) => breach.has),
              partners: problem.partners.map(({ tenantId, displayName }) => ({ tenantId, displayName }))
            }
          })
    }
  })
}

/**
 * The request that brings the configuration back within its tier: a drift finding's when it
 * reverts the same settings of the same object; else, for a claim or direction that is on, the
 * PATCH that turns it off. An access level has no one right value (which groups?), and a tier or
 * an unclassified partner is fixed in the policy: those say so instead.
 */
function remediationOf(
  problem: TierProblem,
  live: Snapshot,
  drift: readonly Finding[]
): Remediation | undefined {
  if (problem.rule === 'partner-unclassified') {
    return {
      note: 'Add the partner to the partner policy with a tier, a name and a reason; or remove its partner configuration if it is no longer a partner.'
    }
  }
  const paths = problem.breaches.map((breach) => breach.path)
  const reverting = drift.find(
    (finding) =>
      finding.remediation !== undefined &&
      finding.object.kind === problem.object.kind &&
      finding.object.key === problem.object.key &&
      paths.every((path) => finding.changes.some((change) => change.path === path && change.before === false))
  )
  if (reverting?.remediation !== undefined) return reverting.remediation
  const current = problem.object.kind === 'default' ? live.default : live.partners?.[problem.object.key]
  const switches = problem.breaches.filter(
    (breach) => breach.actual === true && !breach.path.startsWith('identitySynchronization.')
  )
  const note =
    problem.breaches.length > switches.length
      ? 'Narrow the settings to what the tier allows (or move the partner to another tier in the partner policy): the access levels have no single right value.'
      : undefined
  if (current === undefined || switches.length === 0) return note === undefined ? undefined : { note }
  let corrected: JsonObject = current
  for (const breach of switches) corrected = setAt(corrected, breach.path.split('.'), false)
  const request = remediationFor(
    {
      object: problem.object,
      change: 'modified',
      before: corrected,
      after: current,
      changes: [],
      newProperties: []
    },
    switches.map((breach) => ({ path: breach.path, before: false, after: true }))
  )
  if (request === undefined) return note === undefined ? undefined : { note }
  return note === undefined ? request : { ...request, note: [request.note, note].filter(Boolean).join(' ') }
}

/** `object` with `value` at `path`, copying only what lies on the way. */
function setAt(object: JsonObject, path: readonly string[], value: JsonValue): JsonObject {
  const [head, ...rest] = path
  if (head === undefined) return object
  if (rest.length === 0) return { ...object, [head]: value }
  const inner = object[head]
  return { ...object, [head]: setAt(isJsonObject(inner) ? inner : {}, rest, value) }
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)]
}
