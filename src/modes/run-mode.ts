import { chooseCredential } from '../auth/credential.js'
import { factsOfSnapshot } from '../core/report/identifying-facts.js'
import type { Disclosure } from '../runtime/disclosure.js'
import { DEFAULT_PARTNER_POLICY, type Inputs } from '../inputs.js'
import {
  bootstrapsBaseline,
  createPublisher,
  firstBaselineProposer,
  type GitHubEnvironment
} from '../publish/publisher.js'
import { runCheckBaseline } from './check-baseline.js'
import {
  baselinePathFor,
  openRunContext,
  reportDirectory,
  type HostEnvironment,
  type RunContext
} from './run-context.js'
import { runDetect } from './detect.js'
import { runListTenants } from './list-tenants.js'
import { runRevert } from './revert.js'
import { collectTenant, runSnapshot } from './snapshot.js'
import type { ModeOutcome } from './outcome.js'

export interface ModeHost extends HostEnvironment {
  /** The job summary (GITHUB_STEP_SUMMARY) in Actions; nothing in the CLI. */
  readonly writeSummary: (markdown: string) => Promise<void>
  /** The repository and event, for publishing; absent outside Actions (the CLI never publishes). */
  readonly github?: GitHubEnvironment
  /** The working directory: list-tenants' workspace outside Actions (no GITHUB_WORKSPACE). */
  readonly cwd: string
  /** What this run may show on surfaces others read; every text the mode publishes goes through it. */
  readonly disclosure: Disclosure
  /** Called once the Graph context is open (the CLI shows progress from it). */
  readonly onGraphOpened?: (context: RunContext) => void
  /** Where detect writes its report files; by default a folder per tenant under RUNNER_TEMP (the CLI passes a private one). */
  readonly reportDirectory?: string
  /** The CLI without --force: snapshot refuses to replace a baseline that exists. The action always replaces it. */
  readonly keepExistingBaseline?: boolean
}

/** Runs the mode the inputs ask for; only the modes that read the tenant open a Graph session. */
export async function runMode(inputs: Inputs, host: ModeHost): Promise<ModeOutcome> {
  if (inputs.mode === 'list-tenants') {
    return runListTenants({
      pattern: inputs.baseline,
      workspace: host.environment.GITHUB_WORKSPACE ?? host.cwd,
      readFile: (path) => host.files.readFile(path),
      listFiles: (pattern, cwd) => host.files.listFiles(pattern, cwd),
      writeSummary: host.writeSummary,
      log: host.log,
      policyPath: inputs.partnerPolicy ?? DEFAULT_PARTNER_POLICY
    })
  }
  if (inputs.mode === 'check-baseline') {
    // Pull requests from forks get no credentials: the check then validates and lints offline.
    const live = canReadGraph(inputs, host) ? await open(inputs, host) : undefined
    return runCheckBaseline(
      { inputs, log: host.log, now: new Date(), readFile: (path) => host.files.readFile(path) },
      {
        readWorkspaceFile: (workspace, path) => host.files.readWorkspaceFile(workspace, path),
        listWorkspaceFiles: (pattern, cwd) => host.files.listFiles(pattern, cwd),
        writeSummary: host.writeSummary,
        environment: host.environment,
        collectLive:
          live === undefined
            ? undefined
            : async () => {
                const collection = await collectTenant(live)
                host.disclosure.learn(factsOfSnapshot(collection.snapshot))
                return collection
              },
        publicText: (text) => host.disclosure.text(text),
        connect: host.github?.connect
      }
    )
  }

  const context = await open(inputs, host)
  host.disclosure.learn({ tenantIds: [context.tenantId] })
  const baselinePath = baselinePathFor(inputs, context.tenantId)
  const { github } = host
  const bootstrap =
    github !== undefined && bootstrapsBaseline(inputs)
      ? () => firstBaselineProposer(inputs, baselinePath, context.tenantId, github, host.disclosure)
      : undefined
  switch (inputs.mode) {
    case 'snapshot':
      return runSnapshot(context, baselinePath, {
        ...(bootstrap ? { bootstrap } : {}),
        keepExisting: host.keepExistingBaseline === true
      })
    case 'detect':
      return runDetect(context, {
        baselinePath,
        reportDirectory:
          host.reportDirectory ??
          reportDirectory(host.environment, host.disclosure.tenantLabel(context.tenantId)),
        writeSummary: host.writeSummary,
        disclosure: host.disclosure,
        ...(bootstrap ? { bootstrap } : {}),
        ...(github ? { publish: createPublisher(inputs, baselinePath, github, host.disclosure) } : {})
      })
    case 'revert':
      return runRevert(context, {
        baselinePath,
        github,
        disclosure: host.disclosure,
        writeSummary: host.writeSummary,
        host
      })
  }
}

async function open(inputs: Inputs, host: ModeHost): Promise<RunContext> {
  const context = await openRunContext(inputs, host)
  host.onGraphOpened?.(context)
  return context
}

/** A tenant and a way to sign in to it. */
function canReadGraph(inputs: Inputs, host: HostEnvironment): boolean {
  if (inputs.tenantId === undefined) return false
  if (inputs.auth !== 'azure-cli' && inputs.clientId === undefined) return false
  try {
    chooseCredential(inputs, host)
    return true
  } catch {
    return false
  }
}
