import { blockingProblems, type Collection } from '../collectors/collect.js'
import { readDirectoryAudits } from '../collectors/directory-audits.js'
import { needsAuditLog, type AuditEvidence } from '../core/rules/attribution.js'
import { formatBaselineError, parseBaseline } from '../core/baseline/baseline.js'
import {
  buildReport,
  compareSnapshots,
  failsAt,
  type Comparison,
  type Report
} from '../core/report/report.js'
import { jsonChunks } from '../core/model/json-chunks.js'
import { noDrift, renderMarkdown, renderText } from '../core/render/render-markdown.js'
import { factsOfReport, factsOfSnapshot } from '../core/report/identifying-facts.js'
import type { Snapshot } from '../core/model/snapshot.js'
import type { Disclosure } from '../runtime/disclosure.js'
import { serializeSnapshotInPieces } from '../core/baseline/snapshot-file.js'
import { ConfigurationError, errorMessage } from '../errors.js'
import type { RunContext } from './run-context.js'
import type { DetectResult, ModeOutcome, PublishOutcome } from './outcome.js'
import { loadPartnerPolicy, type LoadedPolicy } from './partner-policy.js'
import { bootstrapBaseline, collectTenant, describeProblems, type Bootstrap } from './snapshot.js'

export interface DetectOptions {
  readonly baselinePath: string
  /** Where report.md, report.json and snapshot.json are written. */
  readonly reportDirectory: string
  readonly writeSummary: (markdown: string) => Promise<void>
  /** Redacts the report files where identifiers must not appear (the examples upload them as artifacts). */
  readonly disclosure: Disclosure
  /** Where the baseline does not exist yet: proposes the first one in a pull request instead of failing. */
  readonly bootstrap?: Bootstrap
  /** Publishes the findings to GitHub (issues, pull request, history); returns outputs to set. */
  readonly publish?: (published: DetectResult) => Promise<PublishOutcome>
}

/**
 * `mode: detect`: compare the live tenant with the committed baseline and report the drift. A
 * broken baseline stops the run before Graph is read; sections that could not be read are
 * reported as not compared, never as drift, and fail the run after the rest is reported.
 */
export async function runDetect(context: RunContext, options: DetectOptions): Promise<ModeOutcome> {
  const compared = await compareTenant(context, options)
  if ('outcome' in compared) return compared.outcome
  const { collection, live, comparison, partnerPolicy } = compared
  const report = buildReport({
    tenantId: context.tenantId,
    baselinePath: options.baselinePath,
    capturedAt: collection.snapshot.capturedAt,
    comparison,
    audit: await readAuditLog(
      context,
      compared.baselineCapturedAt,
      collection.snapshot.capturedAt,
      comparison
    )
  })
  options.disclosure.learn(factsOfReport(report))
  const markdown = renderMarkdown(report)
  const blocking = blockingProblems(collection.problems)

  const paths = {
    markdown: `${options.reportDirectory}/report.md`,
    json: `${options.reportDirectory}/report.json`,
    snapshot: `${options.reportDirectory}/snapshot.json`
  }
  await context.writeFile(paths.markdown, options.disclosure.text(markdown))
  // Tens of megabytes at thousands of partners (every partner's effective access): written in pieces.
  await context.writeFile(paths.json, options.disclosure.textPieces(reportJson(report)))
  // The snapshot's text is as large as the baseline's: written in pieces, after report.json.
  const snapshotWritten = blocking.length === 0
  if (snapshotWritten) await context.writeFile(paths.snapshot, serializeSnapshotInPieces(collection.snapshot))
  await options.writeSummary(`${markdown}\n\n<sub>Snapshot taken ${report.capturedAt}.</sub>\n`)
  context.log.info(
    report.driftDetected
      ? `Drift: ${report.driftCount} finding(s), highest severity ${report.maxSeverity}. Report: ${paths.markdown}`
      : noDrift(report, options.baselinePath)
  )

  const outputs: Record<string, string> = {
    'drift-detected': String(report.driftDetected),
    'drift-count': String(report.driftCount),
    'max-severity': report.maxSeverity,
    'report-path': paths.markdown,
    'report-json-path': paths.json,
    'snapshot-path': snapshotWritten ? paths.snapshot : ''
  }
  const failures: string[] = []
  if (options.publish) {
    const notCompared = new Set(report.notCompared.map((entry) => entry.section))
    const blocked = [...new Set(blocking.map((problem) => problem.section))]
    // A report exists: whatever publishing does, the outputs say where it is and the step fails with every reason.
    try {
      const published = await options.publish({
        report,
        markdown,
        live,
        completeSnapshot: snapshotWritten ? collection.snapshot : undefined,
        readBaselineText: () => context.readFile(options.baselinePath),
        now: context.now.toISOString(),
        notCompared,
        blocked,
        ...(partnerPolicy === undefined
          ? {}
          : {
              tierOf: (tenantId: string) => partnerPolicy.policy.partners[tenantId.toLowerCase()]?.tier
            })
      })
      Object.assign(outputs, published.outputs)
      if (published.summary !== undefined) await options.writeSummary(published.summary)
      if (published.failures !== undefined && published.failures.length > 0) {
        failures.push(
          `Publishing to GitHub failed in part:\n${published.failures.map((failure) => `- ${failure}`).join('\n')}`
        )
      }
    } catch (error) {
      Object.assign(outputs, { issues: '[]', 'pull-request': '' })
      failures.push(
        error instanceof ConfigurationError
          ? error.message
          : `Publishing to GitHub failed: ${errorMessage(error)}`
      )
    }
  }

  if (blocking.length > 0) {
    failures.push(
      `Some of the tenant could not be read, so it was not compared (nothing was concluded about it):\n${describeProblems(blocking)}`
    )
  }
  if (failsAt(report, context.inputs.failOn)) {
    failures.push(
      `Drift at or above fail-on (${context.inputs.failOn}): ${report.driftCount} finding(s), highest severity ${report.maxSeverity}. See ${paths.markdown} or the job summary.`
    )
  }
  return {
    outputs,
    report: renderText(report),
    ...(failures.length > 0 ? { failure: failures.join('\n') } : {})
  }
}

interface TenantComparison {
  readonly collection: Collection
  /** The collected snapshot with every section that failed to read named unavailable. */
  readonly live: Snapshot
  readonly comparison: Comparison
  readonly baselineCapturedAt: string
  readonly partnerPolicy: LoadedPolicy | undefined
}

/**
 * Reads the baseline, then the tenant, and compares them. The parsed baseline lives only in this
 * function: the report files, written next, do not hold its megabytes (issue 16: thousands of partners).
 */
async function compareTenant(
  context: RunContext,
  options: DetectOptions
): Promise<TenantComparison | { outcome: ModeOutcome }> {
  const baseline = await loadBaseline(context, options)
  if ('outcome' in baseline) return baseline
  const partnerPolicy = await loadPartnerPolicy(context.inputs.partnerPolicy, context.readFile, context.log)
  const collection = await collectTenant(context)
  const live = liveForComparison(collection)
  options.disclosure.learn(factsOfSnapshot(baseline))
  options.disclosure.learn(factsOfSnapshot(live))
  // The policy names partners in its own words: those are identifying too.
  if (partnerPolicy !== undefined) {
    const assignments = Object.entries(partnerPolicy.policy.partners)
    options.disclosure.learn({
      tenantIds: assignments.map(([tenantId]) => tenantId),
      names: assignments.map(([, assignment]) => assignment.name)
    })
  }
  const comparison = await context.log.group('Comparing with the baseline', async () =>
    compareSnapshots(baseline, live, {
      guestCountTolerance: context.inputs.guestCountTolerance,
      maxStaleGuests: context.inputs.maxStaleGuests,
      today: context.now.toISOString().slice(0, 10),
      ...(partnerPolicy === undefined ? {} : { policy: partnerPolicy.policy })
    })
  )
  return { collection, live, comparison, baselineCapturedAt: baseline.capturedAt, partnerPolicy }
}

/**
 * The committed baseline, parsed and checked, before Graph is read: a broken one stops the run
 * with its file and line; a missing one is proposed (bootstrap) or named. Its text is not kept.
 */
async function loadBaseline(
  context: RunContext,
  options: DetectOptions
): Promise<Snapshot | { outcome: ModeOutcome }> {
  const text = await context.readFile(options.baselinePath)
  if (text === undefined) {
    if (options.bootstrap !== undefined) {
      return {
        outcome: await bootstrapBaseline(context, {
          baselinePath: options.baselinePath,
          snapshotPath: `${options.reportDirectory}/snapshot.json`,
          propose: options.bootstrap()
        })
      }
    }
    return {
      outcome: {
        outputs: {},
        failure: `Baseline ${options.baselinePath} does not exist. Create it from Actions with the bootstrap workflow (examples/bootstrap.yml: mode: snapshot with on-drift: pull-request opens a pull request adding it), or with the CLI's snapshot command; review it and commit it.`
      }
    }
  }
  const parsed = parseBaseline(text, options.baselinePath, { tenantId: context.tenantId })
  if (parsed.ok) return parsed.baseline
  const message = formatBaselineError(parsed.error)
  context.log.error(message, {
    file: options.baselinePath,
    line: parsed.error.line,
    column: parsed.error.column
  })
  return { outcome: { outputs: {}, failure: message } }
}

/** report.json's text, `JSON.stringify(report, null, 2)` and a line break, in pieces. */
function* reportJson(report: Report): Generator<string> {
  yield* jsonChunks(report)
  yield '\n'
}

/**
 * One audit query for the whole run, and only when some finding could be attributed: who made
 * each change since the baseline was captured. It never fails the run; what goes wrong becomes
 * the reason the findings give.
 */
async function readAuditLog(
  context: RunContext,
  since: string,
  until: string,
  comparison: Comparison
): Promise<AuditEvidence | undefined> {
  if (!needsAuditLog(comparison.findings)) return undefined
  return context.log.group('Reading the directory audit log', async () => {
    const evidence = await readDirectoryAudits(
      context.graph,
      { since, sinceWhat: "the baseline's capture", until },
      context.inputs.cloud
    )
    context.log.info(
      evidence.read
        ? `Audit log: ${evidence.entries.length} relevant entries since ${evidence.since}.`
        : `Findings carry no attribution: ${evidence.reason}`
    )
    return evidence
  })
}

/**
 * The live snapshot as the comparison must see it: every section that failed to read is named in
 * `unavailable`, so the core lists it as not compared instead of seeing objects vanish.
 */
function liveForComparison(collection: Collection): Snapshot {
  const unavailable: Record<string, string> = { ...collection.snapshot.unavailable }
  for (const problem of collection.problems)
    unavailable[problem.section] ??= `${problem.status}: ${problem.reason}`
  return Object.keys(unavailable).length === 0 ? collection.snapshot : { ...collection.snapshot, unavailable }
}
