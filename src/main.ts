import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { Disclosure } from './runtime/disclosure.js'
import { ConfigurationError, errorMessage } from './errors.js'
import { octokitConnector } from './github/github.js'
import { parseInputs, type Inputs } from './inputs.js'
import { breakLegacyCommands, neutraliseWorkflowCommands } from './core/render/workflow-commands.js'
import { localFiles } from './runtime/local-files.js'
import type { Logger } from './runtime/logger.js'
import { shouldRedact, type RepositoryVisibility } from './publish/repository-visibility.js'
import { runMode } from './modes/run-mode.js'

/**
 * The only module that knows it runs inside GitHub Actions: reads the inputs, builds the adapters,
 * runs the mode, sets outputs and turns every failure into one message.
 */
export async function main(): Promise<void> {
  // Until the inputs are read, the only thing that can fail is reading them, and that message quotes
  // the workflow's own input and our examples, which redaction would turn into placeholders.
  let disclosure = Disclosure.none()
  try {
    const inputs = parseInputs((name) => core.getInput(name))
    // Masked before anything else can print them, in every mode (check-baseline may never sign in).
    for (const secret of [inputs.githubToken, inputs.pseudonymKey])
      if (secret !== undefined) core.setSecret(secret)
    disclosure = await decideDisclosure(inputs)
    for (const secret of [inputs.clientSecret, inputs.githubToken, inputs.pseudonymKey]) {
      if (secret !== undefined) disclosure.addSecret(secret)
    }
    const actionsLog = actionsLogger()
    const log = disclosure.logger(actionsLog, { keepFilePaths: inputs.mode === 'check-baseline' })
    if (disclosure.redact) {
      log.info(
        `Redacting identifiers in the log, the job summary, report files, issues and pull requests (redact: ${inputs.redact}${inputs.redact === 'auto' ? ', the repository is not private' : ''}).`
      )
    }
    const outcome = await runMode(inputs, {
      log,
      registerSecret: (secret) => {
        core.setSecret(secret)
        disclosure.addSecret(secret)
      },
      oidcAvailable: Boolean(
        process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
      ),
      getIDToken: (audience) => core.getIDToken(audience),
      environment: process.env,
      cwd: process.cwd(),
      files: localFiles,
      disclosure,
      writeSummary: async (markdown) => {
        await core.summary.addRaw(disclosure.text(markdown), true).write()
      },
      github: {
        repository: process.env.GITHUB_REPOSITORY,
        runId: process.env.GITHUB_RUN_ID,
        runAttempt: process.env.GITHUB_RUN_ATTEMPT,
        serverUrl: process.env.GITHUB_SERVER_URL,
        sha: process.env.GITHUB_SHA,
        readFile: (path) => localFiles.readFile(path),
        log,
        connect: octokitConnector({
          baseUrl: process.env.GITHUB_API_URL,
          log,
          ...octokitTuning(process.env)
        })
      }
    })
    for (const [name, value] of Object.entries(outcome.outputs)) core.setOutput(name, value)
    if (outcome.failure !== undefined)
      core.setFailed(neutraliseWorkflowCommands(disclosure.text(outcome.failure)))
  } catch (error) {
    // A bug leaves its stack in the debug log (re-run with debug logging to see it), scrubbed and
    // redacted like every other line; the failure itself stays one line.
    if (!(error instanceof ConfigurationError) && error instanceof Error && error.stack !== undefined)
      core.debug(neutraliseWorkflowCommands(disclosure.text(error.stack)))
    core.setFailed(
      neutraliseWorkflowCommands(
        disclosure.text(
          error instanceof ConfigurationError
            ? error.message
            : `entra-b2b-drift failed unexpectedly: ${errorMessage(error)}`
        )
      )
    )
  }
}

/**
 * Whether identifiers are redacted, decided before anything is printed: the event payload says
 * whether the repository is private; without it the REST API is asked; when neither answers, the
 * repository is treated as public.
 */
async function decideDisclosure(inputs: Inputs): Promise<Disclosure> {
  const redact = await shouldRedact(inputs.redact, eventRepository(), async () => {
    const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
    if (!owner || !repo || inputs.githubToken === undefined) return {}
    try {
      const github = octokitConnector({ maxRetries: 1 })(inputs.githubToken, { owner, repo })
      const facts = await github.repository.describe()
      return { private: facts.private, visibility: facts.visibility } satisfies RepositoryVisibility
    } catch {
      return {}
    }
  })
  return new Disclosure({ redact, pseudonymKey: inputs.pseudonymKey, tenantId: inputs.tenantId })
}

/**
 * `ENTRA_B2B_DRIFT_GITHUB_PACING=off`: writes are not spaced out and retry waits last milliseconds
 * instead of seconds. Only for a local GitHub stand-in (this project's tests): against GitHub itself,
 * its pacing rules for integrations apply.
 */
function octokitTuning(
  environment: NodeJS.ProcessEnv
): { paceWrites: boolean; retryUnitMs: number } | undefined {
  return environment.ENTRA_B2B_DRIFT_GITHUB_PACING === 'off'
    ? { paceWrites: false, retryUnitMs: 1 }
    : undefined
}

/** The event payload's `repository` (private / visibility), when the runner wrote one. */
function eventRepository(): { private?: boolean; visibility?: string } | undefined {
  const path = process.env.GITHUB_EVENT_PATH
  if (!path || !existsSync(path)) return undefined
  try {
    const payload = JSON.parse(readFileSync(path, 'utf8')) as {
      repository?: { private?: unknown; visibility?: unknown }
    }
    const repository = payload.repository
    if (repository === undefined) return undefined
    return {
      ...(typeof repository.private === 'boolean' ? { private: repository.private } : {}),
      ...(typeof repository.visibility === 'string' ? { visibility: repository.visibility } : {})
    }
  } catch {
    return undefined
  }
}

/**
 * Info lines and group titles carry file names, Graph values and error texts: they are printed
 * neutralised so that none of them is obeyed as a workflow command. Warnings, notices and errors are
 * commands of their own: @actions/core escapes CR and LF in their message and also `:` and `,` in
 * their properties, so their content stays on the command's line; the legacy `##[` prefix, read
 * anywhere in a line, is broken in both.
 */
function actionsLogger(): Logger {
  return {
    info: (message) => core.info(neutraliseWorkflowCommands(message)),
    notice: (message) => core.notice(neutraliseWorkflowCommands(message)),
    warning: (message, where) => core.warning(neutraliseWorkflowCommands(message), annotationAt(where)),
    error: (message, where) => core.error(neutraliseWorkflowCommands(message), annotationAt(where)),
    group: (title, work) => core.group(neutraliseWorkflowCommands(title), work)
  }
}

function annotationAt(
  where: { file: string; line?: number; column?: number } | undefined
): core.AnnotationProperties | undefined {
  return where === undefined
    ? undefined
    : { file: breakLegacyCommands(where.file), startLine: where.line, startColumn: where.column }
}
