import { formatBaselineError, parseBaseline } from '../core/baseline/baseline.js'
import { plain } from '../core/render/inert.js'
import { draftPolicy, serializePolicy } from '../core/tiers/draft.js'
import type { ModeOutcome } from './outcome.js'

/**
 * `entra-b2b-drift draft-policy --baseline <file>`: a first partner policy from a baseline, the
 * example tiers with each partner in the tightest one it fits. The policy text is the report; the
 * partners no tier fits are listed in the outputs and left out of it (they stay unclassified).
 */
export async function runDraftPolicy(
  baselinePath: string,
  readFile: (path: string) => Promise<string | undefined>
): Promise<ModeOutcome & { policyText?: string }> {
  const text = await readFile(baselinePath)
  if (text === undefined)
    return { outputs: {}, failure: `Baseline ${plain(baselinePath, 200)} does not exist.` }
  const parsed = parseBaseline(text, baselinePath)
  if (!parsed.ok) return { outputs: {}, failure: formatBaselineError(parsed.error) }
  const draft = draftPolicy(parsed.baseline, baselinePath)
  const placed = Object.entries(draft.policy.partners).map(
    ([tenantId, entry]) => `${plain(entry.name, 200)} (${tenantId}): ${entry.tier}`
  )
  const unplaced = draft.unplaced.map((partner) => `${plain(partner.displayName, 200)} (${partner.tenantId})`)
  const lines = [
    `Placed ${placed.length} partner(s) in the tightest example tier each fits:`,
    ...placed.map((line) => `  ${line}`),
    unplaced.length === 0
      ? 'Every partner fits a tier.'
      : `No tier fits ${unplaced.length} partner(s); they are left out of the policy (unclassified) for you to decide:`,
    ...unplaced.map((line) => `  ${line}`),
    draft.defaultFits
      ? 'The default meets the example constraints on the default; they are kept.'
      : 'The default does not meet the example constraints on the default (no trust, no automatic redemption, no open direct connect); the draft states none.'
  ]
  return {
    outputs: { placed: String(placed.length), unplaced: String(unplaced.length) },
    report: lines.join('\n'),
    policyText: serializePolicy(draft.policy)
  }
}
