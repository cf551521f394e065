import { parseArgs } from 'node:util'
import { Disclosure } from './disclosure.js'
import { ConfigurationError, errorMessage } from './errors.js'
import { INPUT_NAMES, parseInputs, type FailOn } from './inputs.js'
import { runCheckFiles } from './run-check-files.js'
import { readTextFile } from './run-context.js'
import type { Logger } from './logger.js'
import { runMode } from './run-mode.js'

/** Never taken from the command line, where shell history and process lists would keep them. */
const SECRET_INPUTS: ReadonlySet<string> = new Set([
  'client-secret',
  'client-certificate',
  'github-token',
  'pseudonym-key'
])

const COMMANDS: Readonly<Record<string, string>> = { snapshot: 'snapshot', detect: 'detect', check: 'check' }

const USAGE = `Usage: entra-b2b-drift <snapshot|detect> --tenant-id <guid|domain> [options]
       entra-b2b-drift check <baseline.json>... [--fail-on high]

Signs in with your Azure CLI login (az login) unless --client-id is given, reads the tenant through
Microsoft Graph (read-only) and writes a baseline (snapshot) or prints the drift report (detect).

Every input of the GitHub Action is an option of the same name, e.g.:
  --baseline baselines/<tenant-id>.json   --cloud global|usgov|usgov-dod|china
  --stale-guest-days 90   --guest-count-tolerance 10%   --fail-on high   --graph-timeout 1800
  --client-id <guid> --auth client-secret|client-certificate|azure-cli
Secrets come from the environment, never the command line: ENTRA_CLIENT_SECRET, ENTRA_CLIENT_CERTIFICATE.`

/** The workstation entry point: the same modes as the action, reports on the terminal. */
async function cli(argv: readonly string[]): Promise<number> {
  const command = argv[0]
  if (command === undefined || command === '--help' || command === '-h' || COMMANDS[command] === undefined) {
    process.stderr.write(`${USAGE}\n`)
    return command === '--help' || command === '-h' ? 0 : 2
  }
  if (command === 'check') return check(argv.slice(1))
  const options = Object.fromEntries(
    INPUT_NAMES.filter((name) => !SECRET_INPUTS.has(name)).map((name) => [name, { type: 'string' as const }])
  )
  let values: Record<string, unknown>
  try {
    values = parseArgs({ args: argv.slice(1), options, strict: true, allowPositionals: false }).values
  } catch (error) {
    process.stderr.write(`error: ${errorMessage(error)}\n\n${USAGE}\n`)
    return 2
  }
  const option = (name: string): string => {
    const value = values[name]
    return typeof value === 'string' ? value : ''
  }
  const read = (name: string): string => {
    if (name === 'mode') return COMMANDS[command] ?? ''
    if (name === 'client-secret') return process.env.ENTRA_CLIENT_SECRET ?? ''
    if (name === 'client-certificate') return process.env.ENTRA_CLIENT_CERTIFICATE ?? ''
    if (name === 'auth') return option('auth') || (option('client-id') ? 'auto' : 'azure-cli')
    if (name === 'on-drift') return 'none'
    return option(name)
  }
  try {
    const inputs = parseInputs(read)
    // A terminal is the user's own: identifiers are shown unless --redact true asks otherwise.
    const disclosure = new Disclosure({
      redact: inputs.redact === 'true',
      pseudonymKey: inputs.pseudonymKey,
      tenantId: inputs.tenantId
    })
    let stopProgress = (): void => undefined
    const outcome = await runMode(inputs, {
      log: disclosure.logger(terminalLogger()),
      disclosure,
      registerSecret: () => undefined,
      oidcAvailable: false,
      getIDToken: () =>
        Promise.reject(new ConfigurationError('GitHub OIDC is only available inside GitHub Actions.')),
      environment: process.env,
      writeSummary: async () => undefined,
      onGraphOpened: (context) => {
        stopProgress = showProgress(() => context.graph.stats)
      }
    }).finally(() => stopProgress())
    if (outcome.report !== undefined) process.stdout.write(`${disclosure.text(outcome.report)}\n`)
    for (const [name, value] of Object.entries(outcome.outputs)) process.stderr.write(`${name}: ${value}\n`)
    if (outcome.failure !== undefined) {
      process.stderr.write(`\nerror: ${disclosure.text(outcome.failure)}\n`)
      return 1
    }
    return 0
  } catch (error) {
    process.stderr.write(
      `error: ${error instanceof ConfigurationError ? error.message : errorMessage(error)}\n`
    )
    return 1
  }
}

/**
 * A one-line progress indicator on the terminal while Graph is read (a large tenant's stale-guest pass
 * is paced to Graph's 10 requests a minute and takes a while). Only on a TTY: a redirected stderr
 * gets no carriage-return noise.
 */
function showProgress(stats: () => { httpRequests: number; throttled: number; retries: number }): () => void {
  if (!process.stderr.isTTY) return () => undefined
  const started = Date.now()
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
  let frame = 0
  const timer = setInterval(() => {
    const { httpRequests, throttled, retries } = stats()
    const seconds = Math.round((Date.now() - started) / 1000)
    process.stderr.write(
      `\r${frames[frame++ % frames.length] ?? ''} reading Microsoft Graph: ${httpRequests} requests, ${throttled} throttled, ${retries} retries, ${seconds} s `
    )
  }, 250)
  timer.unref()
  return () => {
    clearInterval(timer)
    process.stderr.write('\r\x1b[K')
  }
}

/** Validates and lints local baseline files, offline, the way check-baseline does for a pull request. */
async function check(args: readonly string[]): Promise<number> {
  let parsed: { values: Record<string, unknown>; positionals: string[] }
  try {
    parsed = parseArgs({
      args: [...args],
      options: { 'fail-on': { type: 'string' } },
      allowPositionals: true
    })
  } catch (error) {
    process.stderr.write(`error: ${errorMessage(error)}\n\n${USAGE}\n`)
    return 2
  }
  const failOn = typeof parsed.values['fail-on'] === 'string' ? parsed.values['fail-on'] : 'high'
  if (!['none', 'low', 'medium', 'high', 'critical'].includes(failOn) || parsed.positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const outcome = await runCheckFiles(parsed.positionals, failOn as FailOn, readTextFile, terminalLogger())
  if (outcome.report) process.stdout.write(`${outcome.report}\n`)
  if (outcome.failure !== undefined) {
    process.stderr.write(`error: ${outcome.failure}\n`)
    return 1
  }
  return 0
}

function terminalLogger(): Logger {
  return {
    info: (message) => process.stderr.write(`${message}\n`),
    warning: (message, where) =>
      process.stderr.write(
        `warning: ${where ? `${where.file}:${where.line ?? 1}:${where.column ?? 1}: ` : ''}${message}\n`
      ),
    error: (message, where) =>
      process.stderr.write(
        `error: ${where ? `${where.file}:${where.line ?? 1}:${where.column ?? 1}: ` : ''}${message}\n`
      ),
    group: async (title, work) => {
      process.stderr.write(`== ${title}\n`)
      return work()
    }
  }
}

process.exitCode = await cli(process.argv.slice(2))
