import { createPublisher, type GitHubEnvironment } from './publish/publisher.js'
import { runDetect } from './run-detect.js'
import { baselinePathFor, reportDirectory, type RunContext } from './run-context.js'
import { runSnapshot } from './run-snapshot.js'

/** What a mode hands back to the entry point. */
export interface ModeOutcome {
  readonly outputs: Readonly<Record<string, string>>
  /** Set when the step must fail: one message for the user. */
  readonly failure?: string
  /** The report a person reads (the CLI prints it). */
  readonly report?: string
}

export interface ModeHost {
  /** The job summary (GITHUB_STEP_SUMMARY) in Actions; nothing in the CLI. */
  readonly writeSummary: (markdown: string) => Promise<void>
  /** The repository and event, for publishing; absent outside Actions (the CLI never publishes). */
  readonly github?: GitHubEnvironment
}

export async function runMode(context: RunContext, host: ModeHost): Promise<ModeOutcome> {
  const baselinePath = baselinePathFor(context.inputs, context.tenantId)
  switch (context.inputs.mode) {
    case 'snapshot':
      return runSnapshot(context, baselinePath)
    case 'detect':
      return runDetect(context, {
        baselinePath,
        reportDirectory: reportDirectory(context.tenantId),
        writeSummary: host.writeSummary,
        ...(host.github ? { publish: createPublisher(context.inputs, baselinePath, host.github) } : {})
      })
  }
}
