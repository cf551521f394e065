import type { ObjectDrift } from '../diff/diff.js'
import { severityRank, type Change, type Finding } from '../model/finding.js'
import { findingId } from '../diff/fingerprint.js'
import { applyIgnore, matchIgnore } from '../diff/ignore.js'
import { remediationFor } from './remediation.js'
import { ADDED_OBJECT_RULES, NEW_PROPERTY_RULE, RULES, type Rule, type RuleContext } from './rules.js'
import type { IgnoreEntry } from '../model/snapshot.js'

export interface ClassifyOptions {
  /** The baseline's accepted drift. */
  ignore?: readonly IgnoreEntry[]
  /** Today (YYYY-MM-DD), for ignore expiry. */
  today: string
  /** The risk table; the built-in one unless a test or an extension passes its own. */
  rules?: readonly Rule[]
}

/**
 * Findings for each object's drift. Every change goes to the first matching rule; changes of one
 * object on one rule (and accepted by the same ignore entry, or by none) form one finding. An
 * added object whose kind has a whole-object rule (a new partner configuration) is one finding
 * on that rule, as severe as the worst rule its changes would trip on their own: one change, one
 * finding, one revert. New properties form one `graph-new-property` finding per object.
 */
export function classify(drifts: readonly ObjectDrift[], options: ClassifyOptions): Finding[] {
  const rules = options.rules ?? RULES
  const findings: Finding[] = []
  for (const drift of drifts) {
    const groups = new Map<string, { rule: Rule; changes: Change[]; tripped: Rule[] }>()
    const whole = wholeObjectRule(rules, drift)
    const addToGroup = (rule: Rule, change: Change): void => {
      const grouping = rule === NEW_PROPERTY_RULE ? rule : (whole ?? rule)
      const accepting = matchIgnore(options.ignore, options.today, drift.object, change.path).active
      const groupKey = `${grouping.id}\u0000${accepting === undefined ? -1 : (options.ignore ?? []).indexOf(accepting)}`
      const group = groups.get(groupKey)
      if (group === undefined) groups.set(groupKey, { rule: grouping, changes: [change], tripped: [rule] })
      else {
        group.changes.push(change)
        if (!group.tripped.includes(rule)) group.tripped.push(rule)
      }
    }
    for (const change of drift.changes) addToGroup(ruleFor(rules, contextOf(drift, change)), change)
    for (const change of drift.newProperties) addToGroup(NEW_PROPERTY_RULE, change)
    for (const { rule, changes, tripped } of groups.values()) {
      const finding = buildFinding(rule, drift, changes)
      const worst = worstOf(rules, tripped)
      const merged =
        worst === rule ? finding : { ...finding, severity: worst.severity, why: `${worst.why} ${rule.why}` }
      findings.push(applyIgnore(merged, options.ignore, options.today))
    }
  }
  return findings
}

/** The rule an added object's changes all go to, when its kind has one. */
function wholeObjectRule(rules: readonly Rule[], drift: ObjectDrift): Rule | undefined {
  if (drift.change !== 'added') return undefined
  const id = ADDED_OBJECT_RULES[drift.object.kind]
  return id === undefined ? undefined : rules.find((rule) => rule.id === id)
}

/** The most severe of the tripped rules; the first in table order among equals. */
function worstOf(rules: readonly Rule[], tripped: readonly Rule[]): Rule {
  const ordered = [...tripped].sort((a, b) => rules.indexOf(a) - rules.indexOf(b))
  let worst = ordered[0] as Rule
  for (const rule of ordered) if (severityRank(rule.severity) > severityRank(worst.severity)) worst = rule
  return worst
}

/** The first rule of the table that claims this change. The table closes every kind with a fallback. */
export function ruleFor(rules: readonly Rule[], context: RuleContext): Rule {
  for (const rule of rules) {
    if (rule.kinds.includes(context.object.kind) && rule.when(context)) return rule
  }
  throw new Error(
    `No rule classifies a change of ${context.object.kind} at '${context.change.path}': the rule table needs a fallback for this kind.`
  )
}

function contextOf(drift: ObjectDrift, change: Change): RuleContext {
  return { object: drift.object, changeKind: drift.change, change, before: drift.before, after: drift.after }
}

function buildFinding(rule: Rule, drift: ObjectDrift, changes: Change[]): Finding {
  const first = changes[0] ?? { path: '', before: null, after: null }
  const finding: Finding = {
    id: findingId(rule.id, drift.object.kind, drift.object.key, changes),
    rule: rule.id,
    severity: rule.severity,
    object: drift.object,
    change: drift.change,
    changes,
    summary: rule.summary({ ...contextOf(drift, first), changes }),
    why: rule.why
  }
  // New properties are not drift: there is nothing to put back.
  const remediation = rule.severity === 'info' ? undefined : remediationFor(drift, changes)
  return remediation === undefined ? finding : { ...finding, remediation }
}
