import { blockingProblems, collectSnapshot, type Collection } from '../collectors/collect.js'
import type { Collector, SectionProblem } from '../collectors/collector.js'
import { guests, guestsCollector, staleGuestFile } from '../collectors/guests.js'
import { COLLECTORS } from '../collectors/registry.js'
import { serializeSnapshot } from '../core/baseline/snapshot-file.js'
import { notify } from '../runtime/logger.js'
import type { ProposeFirstBaseline } from '../publish/publisher.js'
import type { RunContext } from './run-context.js'
import type { ModeOutcome } from './outcome.js'
import { ConfigurationError } from '../errors.js'
import { BETA_SECTION_IDS } from '../sections/index.js'

/**
 * Where no baseline exists yet and on-drift asks for pull requests, how the run proposes the first
 * one. Called only then: it checks the token, the repository and what may be published first, and
 * throws a ConfigurationError naming what is missing.
 */
export type Bootstrap = () => ProposeFirstBaseline

/**
 * `mode: snapshot`: read the tenant and write the baseline file, unless anything needed is missing.
 * With `bootstrap` and no baseline file yet, the snapshot is also proposed as the first baseline.
 * `keepExisting` (the CLI without --force) refuses, before Graph is read, to replace a baseline that exists.
 */
export async function runSnapshot(
  context: RunContext,
  baselinePath: string,
  options: { readonly bootstrap?: Bootstrap; readonly keepExisting?: boolean } = {}
): Promise<ModeOutcome> {
  if (options.keepExisting === true && (await context.readFile(baselinePath)) !== undefined) {
    throw new ConfigurationError(
      `Baseline ${baselinePath} already exists; nothing was written. Review the drift with detect, or pass --force to replace it.`
    )
  }
  if (options.bootstrap !== undefined) {
    if ((await context.readFile(baselinePath)) === undefined) {
      return bootstrapBaseline(context, {
        baselinePath,
        snapshotPath: baselinePath,
        propose: options.bootstrap()
      })
    }
    context.log.info(
      `${baselinePath} exists, so no pull request adding it is opened; detect with on-drift: pull-request proposes accepting drift into it.`
    )
  }
  const collection = await collectTenant(context)
  const blocking = blockingProblems(collection.problems)
  if (blocking.length > 0) {
    return {
      outputs: {},
      failure: `The snapshot is incomplete, so no baseline was written.\n${describeProblems(blocking)}`
    }
  }
  await context.writeFile(baselinePath, serializeSnapshot(collection.snapshot))
  context.log.info(`Wrote the snapshot of tenant ${context.tenantId} to ${baselinePath}.`)
  return { outputs: { 'snapshot-path': baselinePath } }
}

/**
 * A run without a baseline: read the whole tenant, write the snapshot to `snapshotPath`, and
 * propose it as the first baseline in a pull request. The run succeeds with a notice saying what
 * to do next; it fails when the snapshot is incomplete (a baseline is never made of missing data)
 * or no pull request could be opened.
 */
export async function bootstrapBaseline(
  context: RunContext,
  options: {
    readonly baselinePath: string
    readonly snapshotPath: string
    readonly propose: ProposeFirstBaseline
  }
): Promise<ModeOutcome> {
  const { baselinePath } = options
  context.log.info(`${baselinePath} does not exist: this run proposes the first baseline in a pull request.`)
  const collection = await collectTenant(context)
  const blocking = blockingProblems(collection.problems)
  if (blocking.length > 0) {
    return {
      outputs: {},
      failure: `The snapshot is incomplete, so no baseline was proposed.\n${describeProblems(blocking)}`
    }
  }
  const snapshotText = serializeSnapshot(collection.snapshot)
  await context.writeFile(options.snapshotPath, snapshotText)
  const pull = await options.propose({ snapshot: collection.snapshot, snapshotText })
  const outputs = { 'snapshot-path': options.snapshotPath, 'pull-request': String(pull.number ?? '') }
  if (pull.dismissed !== undefined) {
    return {
      outputs,
      failure: `Pull request #${pull.dismissed} proposing this baseline for ${baselinePath} was closed without merging, so it is not proposed again. Reopen and merge it, or change the tenant and run again: a different snapshot is proposed anew.`
    }
  }
  if (pull.number === undefined) {
    return {
      outputs,
      failure: `No pull request adding ${baselinePath} is open, and this run could not open one (see the warnings above).`
    }
  }
  const done =
    pull.operation === 'created'
      ? `Opened pull request #${pull.number} adding the first baseline ${baselinePath}.`
      : pull.operation === 'updated'
        ? `Updated pull request #${pull.number}, which adds the first baseline ${baselinePath}.`
        : `Pull request #${pull.number} adds the first baseline ${baselinePath} and is up to date.`
  notify(context.log, `${done} Review and merge it: later detect runs compare the tenant with it.`)
  return { outputs }
}

/** Reads every section, logging each problem as it will matter to the user. */
export async function collectTenant(context: RunContext): Promise<Collection> {
  return context.log.group('Collecting from Microsoft Graph', async () => {
    await context.signIn()
    if (context.inputs.includeBeta) {
      context.log.info(
        `include-beta: also reading ${[...BETA_SECTION_IDS].join(', ')} from Microsoft Graph beta, which can change without notice.`
      )
    }
    const collection = await collectSnapshot(context.graph, {
      tenantId: context.tenantId,
      cloud: context.inputs.cloud,
      staleGuestDays: context.inputs.staleGuestDays,
      now: context.now,
      includeBeta: context.inputs.includeBeta,
      collectors: collectorsFor(context)
    })
    for (const problem of collection.problems) {
      const line = `${problem.section}: ${problem.status}: ${problem.reason}`
      if (problem.status === 'unavailable' && !problem.core) context.log.info(`Skipped ${line}`)
      else context.log.warning(line)
    }
    const stats = context.graph.stats
    context.log.info(
      `Graph: ${stats.httpRequests} HTTP requests (${stats.batches} batches carrying ${stats.batchedRequests} reads), ${stats.throttled} throttled, ${stats.retries} retries.`
    )
    return collection
  })
}

/**
 * The registry, with the guest collector given the census budget (input stale-guest-budget) and
 * the stale-guest cache when the inputs name one.
 */
function collectorsFor(context: RunContext): readonly Collector[] {
  const cache = context.inputs.staleGuestCache
  const counting = guestsCollector({
    memory:
      cache === undefined
        ? undefined
        : staleGuestFile(cache.replaceAll('<tenant-id>', context.tenantId), context),
    refreshAfterHours: context.inputs.staleGuestRefreshHours,
    budgetMinutes: context.inputs.staleGuestBudget,
    log: (message) => context.log.info(message)
  })
  return COLLECTORS.map((collector) => (collector === guests ? counting : collector))
}

export function describeProblems(problems: readonly SectionProblem[]): string {
  return problems
    .map((problem) => {
      const what = problem.status === 'incomplete' ? 'could not be read completely' : 'could not be read'
      return `- ${problem.section} ${what}: ${problem.reason}`
    })
    .join('\n')
}
