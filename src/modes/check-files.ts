import { formatBaselineError, parseBaseline } from '../core/baseline/baseline.js'
import { parseJsonWithPositions } from '../core/baseline/json-source.js'
import { failsCheck, lintState } from '../core/rules/lint-rules.js'
import { plain } from '../core/render/inert.js'
import type { FailOn } from '../core/model/finding.js'
import type { Logger } from '../runtime/logger.js'
import type { ModeOutcome } from './outcome.js'
import type { PartnerPolicy } from '../core/tiers/policy.js'
import { tierLintFindings } from '../core/tiers/tier-findings.js'

/**
 * `entra-b2b-drift check <file>...` on a workstation: the validation and state lint of
 * check-baseline, for local files, before a pull request exists. Nothing is read from Graph.
 */
export async function runCheckFiles(
  paths: readonly string[],
  failOn: FailOn,
  readFile: (path: string) => Promise<string | undefined>,
  log: Logger,
  now: Date = new Date(),
  policy?: PartnerPolicy
): Promise<ModeOutcome> {
  const lines: string[] = []
  let invalid = 0
  let failing = 0
  let findings = 0
  for (const path of paths) {
    const named = plain(path, 200)
    const text = await readFile(path)
    if (text === undefined) {
      invalid++
      log.error(`${named} does not exist.`, { file: path })
      continue
    }
    const parsed = parseBaseline(text, path, {})
    if (!parsed.ok) {
      invalid++
      log.error(formatBaselineError(parsed.error), {
        file: path,
        line: parsed.error.line,
        column: parsed.error.column
      })
      continue
    }
    const positions = parseJsonWithPositions(text)
    const hazards = [
      ...lintState(parsed.baseline, { today: now.toISOString().slice(0, 10) }),
      ...(policy === undefined ? [] : tierLintFindings(parsed.baseline, policy))
    ]
    findings += hazards.length
    lines.push(
      `${named}: valid baseline of tenant ${parsed.baseline.tenantId}, ${hazards.length} lint finding(s)`
    )
    for (const hazard of hazards) {
      const place = positions.ok ? positions.positions(hazard.pointer) : undefined
      const fails = failsCheck({ severity: hazard.severity, introduced: true }, failOn)
      if (fails) failing++
      lines.push(
        `  ${fails ? '✗' : '·'} ${named}:${place?.line ?? 1}:${place?.column ?? 1} ${hazard.severity} ${hazard.rule}: ${plain(hazard.message, 300)}`
      )
    }
  }
  const failure =
    invalid > 0 || failing > 0
      ? `${invalid} invalid file(s), ${failing} lint finding(s) at or above fail-on (${failOn}).`
      : undefined
  return {
    outputs: {
      'baseline-files': String(paths.length),
      'invalid-files': String(invalid),
      'lint-findings': String(findings)
    },
    report: lines.join('\n'),
    ...(failure === undefined ? {} : { failure })
  }
}
