import { formatPolicyError, parsePolicy, type PartnerPolicy, type PolicyError } from '../core/tiers/policy.js'
import { ConfigurationError } from '../errors.js'
import { DEFAULT_PARTNER_POLICY } from '../inputs.js'
import type { Logger } from '../runtime/logger.js'

/** A policy read for the run: where from, and what it says. */
export interface LoadedPolicy {
  path: string
  policy: PartnerPolicy
}

/**
 * The partner policy of the run. An empty input reads DEFAULT_PARTNER_POLICY when it exists and
 * turns the feature off when it does not; a path given in the input must exist. An invalid policy
 * is annotated at its line and stops the run: holding partners to a policy nobody can read would
 * pass them all.
 */
export async function loadPartnerPolicy(
  given: string | undefined,
  readFile: (path: string) => Promise<string | undefined>,
  log: Logger
): Promise<LoadedPolicy | undefined> {
  const path = given ?? DEFAULT_PARTNER_POLICY
  const text = await readFile(path)
  if (text === undefined) {
    if (given === undefined) return undefined
    throw new ConfigurationError(
      `Input 'partner-policy' names ${path}, which does not exist. Commit the policy there (examples/partner-tiers.json is a starting point; the CLI's draft-policy command drafts one from a baseline), or leave the input empty.`
    )
  }
  const parsed = parsePolicy(text, path)
  if (!parsed.ok) {
    annotate(parsed.error, log)
    throw new ConfigurationError(formatPolicyError(parsed.error))
  }
  log.info(
    `Partner policy ${path}: ${Object.keys(parsed.policy.tiers).length} tier(s), ${Object.keys(parsed.policy.partners).length} partner(s) placed.`
  )
  return { path, policy: parsed.policy }
}

function annotate(error: PolicyError, log: Logger): void {
  for (const problem of [error, ...(error.otherProblems ?? [])]) {
    log.error(
      `Partner policy is invalid${problem.pointer ? ` at ${problem.pointer}` : ''}: ${problem.problem}.`,
      {
        file: error.file,
        ...(problem.line === undefined ? {} : { line: problem.line }),
        ...(problem.column === undefined ? {} : { column: problem.column })
      }
    )
  }
}
