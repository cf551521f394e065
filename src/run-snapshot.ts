import { blockingProblems, collectSnapshot, type Collection } from './collectors/collect.js'
import type { Collector, SectionProblem } from './collectors/collector.js'
import { guests, guestsCollector, staleGuestFile } from './collectors/guests.js'
import { COLLECTORS } from './collectors/registry.js'
import { serializeSnapshot } from './core/snapshot-file.js'
import type { RunContext } from './run-context.js'
import type { ModeOutcome } from './run-mode.js'
import { ConfigurationError } from './errors.js'

/**
 * `mode: snapshot`: read the tenant and write the baseline file, unless anything needed is missing.
 * `keepExisting` (the CLI without --force) refuses, before Graph is read, to replace a baseline that exists.
 */
export async function runSnapshot(
  context: RunContext,
  baselinePath: string,
  options: { readonly keepExisting?: boolean } = {}
): Promise<ModeOutcome> {
  if (options.keepExisting === true && (await context.readFile(baselinePath)) !== undefined) {
    throw new ConfigurationError(
      `Baseline ${baselinePath} already exists; nothing was written. Review the drift with detect, or pass --force to replace it.`
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

/** Reads every section, logging each problem as it will matter to the user. */
export async function collectTenant(context: RunContext): Promise<Collection> {
  return context.log.group('Collecting from Microsoft Graph', async () => {
    await context.signIn()
    const collection = await collectSnapshot(context.graph, {
      tenantId: context.tenantId,
      cloud: context.inputs.cloud,
      staleGuestDays: context.inputs.staleGuestDays,
      now: context.now,
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

/** The registry, with the guest collector given the stale-guest cache when the inputs name one. */
function collectorsFor(context: RunContext): readonly Collector[] {
  const cache = context.inputs.staleGuestCache
  if (cache === undefined) return COLLECTORS
  const counting = guestsCollector({
    memory: staleGuestFile(cache.replaceAll('<tenant-id>', context.tenantId), context),
    refreshAfterHours: context.inputs.staleGuestRefreshHours,
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
