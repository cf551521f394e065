import { mkdir, mkdtemp, readdir, rmdir, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Disclosure } from './runtime/disclosure.js'
import { ConfigurationError, errorMessage } from './errors.js'
import { DEFAULT_BASELINE, INPUT_NAMES, parseInputs, type Inputs } from './inputs.js'
import type { FailOn } from './core/model/finding.js'
import type { Logger } from './runtime/logger.js'
import { runCheckFiles } from './modes/check-files.js'
import { runDraftPolicy } from './modes/draft-policy.js'
import { loadPartnerPolicy } from './modes/partner-policy.js'
import { baselinePathFor } from './modes/run-context.js'
import { localFiles, readTextFile } from './runtime/local-files.js'
import type { ModeOutcome } from './modes/outcome.js'
import { runMode } from './modes/run-mode.js'

/** Set by the bundler from package.json; absent when the source runs unbundled (tests). */
declare const __ENTRA_B2B_DRIFT_VERSION__: string | undefined
export const VERSION: string =
  typeof __ENTRA_B2B_DRIFT_VERSION__ === 'string' ? __ENTRA_B2B_DRIFT_VERSION__ : 'development'

/** The documented exit codes: scripts tell drift from a mistyped command and from an outage. */
export const EXIT = { noDrift: 0, drift: 1, usage: 2, incomplete: 3 } as const

export const COMMANDS = ['snapshot', 'detect', 'check', 'draft-policy'] as const
type Command = (typeof COMMANDS)[number]

const PUBLISHES =
  'it tells the action how to publish to GitHub, and the CLI never publishes: it prints the report'

const REVERTS =
  'it belongs to mode: revert, which writes to the tenant only from a reviewed GitHub Actions job (a drift issue, an approved environment); the CLI only reads'

/**
 * Action inputs that mean nothing on a workstation. Each is refused with its reason, rather than
 * silently ignored, so nobody believes the CLI did what the flag asks.
 */
export const WORKSTATION_REFUSALS: Readonly<Record<string, string>> = {
  mode: 'the command (snapshot, detect or check) is the mode',
  'on-drift': PUBLISHES,
  'github-token': PUBLISHES,
  labels: PUBLISHES,
  assignees: PUBLISHES,
  'issue-min-severity': PUBLISHES,
  'max-issues-per-run': PUBLISHES,
  'owners-file': PUBLISHES,
  'response-times': PUBLISHES,
  'allow-public-baseline-pull-request': PUBLISHES,
  'pseudonym-key':
    'pseudonyms stand for identifiers on public GitHub surfaces, which the CLI never writes to',
  'oidc-audience':
    'GitHub OIDC sign-in exists only inside GitHub Actions; the CLI uses your az login or --client-id',
  'client-secret':
    'secrets are read from the environment (ENTRA_CLIENT_SECRET), never the command line, where shell history and process lists keep them',
  'client-certificate':
    'secrets are read from the environment (ENTRA_CLIENT_CERTIFICATE), never the command line, where shell history and process lists keep them',
  'issue-number': REVERTS,
  'dry-run': REVERTS
}

/** Options of snapshot and detect that are action inputs of the same name. */
const GRAPH_INPUTS = [
  'tenant-id',
  'client-id',
  'auth',
  'cloud',
  'graph-endpoint',
  'authority-host',
  'baseline',
  'stale-guest-days',
  'stale-guest-cache',
  'stale-guest-refresh-hours',
  'stale-guest-budget',
  'graph-timeout',
  'redact'
] as const
/** Action inputs of snapshot and detect that are flags on the command line (`--include-beta` is include-beta: true). */
const BOOLEAN_GRAPH_INPUTS = { 'include-beta': 'boolean' } as const
/** Inputs only a comparison uses. */
const COMPARISON_INPUTS = ['guest-count-tolerance', 'max-stale-guests', 'fail-on', 'partner-policy'] as const

type OptionKind = 'string' | 'boolean'
export const COMMAND_OPTIONS: Readonly<Record<Command, Readonly<Record<string, OptionKind>>>> = {
  snapshot: { ...kinds(GRAPH_INPUTS, 'string'), ...BOOLEAN_GRAPH_INPUTS, force: 'boolean' },
  detect: {
    ...kinds(GRAPH_INPUTS, 'string'),
    ...BOOLEAN_GRAPH_INPUTS,
    ...kinds(COMPARISON_INPUTS, 'string'),
    'report-dir': 'string'
  },
  check: { 'fail-on': 'string', 'partner-policy': 'string' },
  'draft-policy': { baseline: 'string', output: 'string', force: 'boolean' }
}

function kinds(names: readonly string[], kind: OptionKind): Record<string, OptionKind> {
  return Object.fromEntries(names.map((name) => [name, kind]))
}

const EXIT_CODES = `Exit codes:
  0  no drift (check: every file valid, no lint finding at or above --fail-on)
  1  drift at or above --fail-on (check: an invalid file, or a lint finding at or above --fail-on)
  2  usage or configuration error: an option, a missing or misplaced file, the sign-in
  3  the run could not complete: part of the tenant could not be read from Microsoft Graph`

const USAGE = `Usage: entra-b2b-drift <command> [options]

Commands:
  snapshot --tenant-id <guid|domain>   read the tenant and write its baseline file
  detect --tenant-id <guid|domain>     compare the tenant with its baseline, print the drift report
  check <file.json|directory>...       validate and lint baseline files offline
  draft-policy --baseline <file>       draft a partner tiers policy from a baseline

  entra-b2b-drift <command> --help     the command's options
  entra-b2b-drift --version            the version

Signs in with your Azure CLI login (az login) unless --client-id is given, and reads the tenant
through Microsoft Graph, read-only. Nothing is published to GitHub: that is the action's job.

${EXIT_CODES}`

const SIGN_IN_OPTIONS = `  --tenant-id <guid|domain>     the tenant to read (required)
  --baseline <file>             default ${DEFAULT_BASELINE}
  --client-id <guid>            sign in as this app registration instead of your az login; its secret
                                or PEM certificate comes from ENTRA_CLIENT_SECRET / ENTRA_CLIENT_CERTIFICATE
  --auth <method>               azure-cli (default without --client-id), client-secret, client-certificate, auto
  --cloud <name>                global (default), usgov, usgov-dod, china
  --graph-endpoint <url>        --authority-host <url>: override the cloud's endpoints (https only)
  --graph-timeout <seconds>     time budget for reading Graph (default 1800)
  --stale-guest-days <days>     a guest is stale after this many days without sign-in (default 90)
  --stale-guest-cache <file>    keep the stale-guest count between runs; --stale-guest-refresh-hours <h>
  --stale-guest-budget <min>    time for the stale-guest count (default 25); past it, the kept count or none
  --redact true|false           hide tenant ids, domains and names in the output (default false)
  --include-beta                read the sections Graph serves only in beta (they can change without notice)`

const COMMAND_HELP: Readonly<Record<Command, string>> = {
  snapshot: `Usage: entra-b2b-drift snapshot --tenant-id <guid|domain> [options]

Reads the tenant and writes its baseline file. An existing baseline is never replaced without --force.

Options:
${SIGN_IN_OPTIONS}
  --force                       replace the baseline file if it exists

${EXIT_CODES}`,
  detect: `Usage: entra-b2b-drift detect --tenant-id <guid|domain> [options]

Compares the tenant with its baseline and prints the drift report. report.md, report.json and
snapshot.json are written to a new private folder (mode 0700) in the temporary directory, or --report-dir.

Options:
${SIGN_IN_OPTIONS}
  --fail-on <severity>          exit 1 on drift at or above: none, low, medium, high (default), critical
  --guest-count-tolerance <n>   guest count change that is not drift: 25 guests or 10% (default)
  --max-stale-guests <n>        report drift when more guests than this are stale
  --report-dir <dir>            where the report files go

${EXIT_CODES}`,
  check: `Usage: entra-b2b-drift check <file.json|directory>... [--fail-on <severity>]

Validates baseline files and lints their state offline, as the pull-request check does. A directory
stands for the *.json files directly in it.

Options:
  --fail-on <severity>          exit 1 on a lint finding at or above: none, low, medium, high (default), critical
  --partner-policy <file>       hold every partner and the default to this partner tiers policy
                                (default: baselines/partner-tiers.json if it exists)

${EXIT_CODES}`,
  'draft-policy': `Usage: entra-b2b-drift draft-policy --baseline <file> [--output <file>] [--force]

Drafts a partner tiers policy from a baseline: the four example tiers (strategic, collaboration,
restricted, blocked), each partner placed in the tightest one its effective configuration fits.
Partners no tier fits are listed and left out (unclassified). The policy goes to stdout, or --output.

Options:
  --baseline <file>             the baseline to draft from (required)
  --output <file>               write the policy here; an existing file is replaced only with --force

Exit codes:
  0  drafted, every partner placed
  1  drafted, some partner fits no tier
  2  usage or configuration error: an option, a missing or invalid baseline`
}

/** Another command's option is named as such; everything else is unknown. */
function ownersOf(name: string): readonly Command[] {
  return COMMANDS.filter((command) => own(COMMAND_OPTIONS[command], name) !== undefined)
}

/** A record's own entry: `--constructor` is not an option just because every object has one. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

type Parsed =
  | {
      readonly ok: true
      readonly help: boolean
      readonly values: Readonly<Record<string, string | true>>
      readonly positionals: readonly string[]
    }
  | { readonly ok: false; readonly message: string }

/** Reads the command's options; each mistake is one message in the words of the command line. */
export function parseCommandLine(command: Command, args: readonly string[]): Parsed {
  const known = COMMAND_OPTIONS[command]
  const declared = Object.fromEntries(
    [...INPUT_NAMES, ...Object.keys(known)].map((name) => [name, { type: own(known, name) ?? 'string' }])
  )
  let tokens
  try {
    tokens = parseArgs({
      args: [...args],
      options: { ...declared, help: { type: 'boolean', short: 'h' } },
      strict: false,
      allowPositionals: true,
      tokens: true
    }).tokens
  } catch (error) {
    return { ok: false, message: errorMessage(error) }
  }
  const values: Record<string, string | true> = {}
  const positionals: string[] = []
  let help = false
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue
    if (token.kind === 'positional') {
      if (command !== 'check') {
        return { ok: false, message: `unexpected argument '${token.value}' (${command} takes options only)` }
      }
      positionals.push(token.value)
      continue
    }
    const { name, rawName } = token
    if (name === 'help') {
      help = true
      continue
    }
    const refusal = own(WORKSTATION_REFUSALS, name)
    if (refusal !== undefined)
      return { ok: false, message: `--${name} means nothing on a workstation: ${refusal}.` }
    const kind = own(known, name)
    if (kind === undefined) {
      const owners = ownersOf(name)
      return {
        ok: false,
        message:
          owners.length === 0
            ? `unknown option '${rawName}' for ${command} (see entra-b2b-drift ${command} --help)`
            : `${rawName} is an option of ${owners.join(' and ')}, not of ${command}`
      }
    }
    if (kind === 'boolean') {
      if (token.value !== undefined) return { ok: false, message: `${rawName} takes no value` }
      values[name] = true
      continue
    }
    // parseArgs takes the next word as the value even when it is the next option.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      return { ok: false, message: `${rawName} needs a value` }
    }
    values[name] = token.value
  }
  return { ok: true, help, values, positionals }
}

/** Action messages name inputs ("Input 'tenant-id'"); on the command line they are flags. */
export function inCliWords(message: string): string {
  const inputs: ReadonlySet<string> = new Set(INPUT_NAMES)
  return message
    .replace(/\b[Ii]nput '([a-z-]+)'/g, (whole, name: string) => (inputs.has(name) ? `--${name}` : whole))
    .replace(
      /Check client-id, tenant-id and the credential \(for GitHub OIDC:[^)]*\)\./,
      'Check --tenant-id, --client-id and the credential (your az login, or ENTRA_CLIENT_SECRET / ENTRA_CLIENT_CERTIFICATE).'
    )
    .replace(
      /Create it with mode: snapshot \(or, in a clone, `[^`]*`\)/,
      'Create it with the snapshot command'
    )
    .replace(
      /Create it from Actions with the bootstrap workflow \(.*?\), or with the CLI's snapshot command/,
      'Create it with the snapshot command'
    )
}

/** Closest command to a mistyped one, when it is a slip of a letter or two. */
function suggestion(typed: string): string | undefined {
  const distance = (a: string, b: string): number => {
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
    for (let i = 1; i <= a.length; i++) {
      const current = [i]
      for (let j = 1; j <= b.length; j++) {
        current[j] = Math.min(
          (previous[j] ?? 0) + 1,
          (current[j - 1] ?? 0) + 1,
          (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
        )
      }
      previous = current
    }
    return previous[b.length] ?? Infinity
  }
  return COMMANDS.find((command) => distance(typed, command) <= 2)
}

const isCommand = (word: string): word is Command => (COMMANDS as readonly string[]).includes(word)

/** The workstation entry point: the same modes as the action, reports on the terminal. Returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv
  if (first === '--version' || first === '-V') {
    process.stdout.write(`${VERSION}\n`)
    return EXIT.noDrift
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    process.stdout.write(`${USAGE}\n`)
    return EXIT.noDrift
  }
  if (first === 'help' && rest[0] !== undefined && isCommand(rest[0])) {
    process.stdout.write(`${COMMAND_HELP[rest[0]]}\n`)
    return EXIT.noDrift
  }
  if (first === undefined) {
    process.stderr.write(`${USAGE}\n`)
    return EXIT.usage
  }
  if (!isCommand(first)) {
    const word = first === 'help' ? (rest[0] ?? '') : first
    const close = suggestion(word)
    return usageError(
      word.startsWith('-')
        ? `unknown option '${word}' before the command; the command comes first: ${COMMANDS.join(', ')}`
        : `unknown command '${word}'${close ? `; did you mean '${close}'?` : ''} (commands: ${COMMANDS.join(', ')}; see entra-b2b-drift --help)`
    )
  }
  const parsed = parseCommandLine(first, rest)
  if (!parsed.ok) return usageError(parsed.message)
  if (parsed.help) {
    process.stdout.write(`${COMMAND_HELP[first]}\n`)
    return EXIT.noDrift
  }
  try {
    if (first === 'draft-policy') return await draft(parsed.values)
    return first === 'check'
      ? await check(parsed.values, parsed.positionals)
      : await run(first, parsed.values)
  } catch (error) {
    return failed(error)
  }
}

function usageError(message: string): number {
  process.stderr.write(`error: ${/[.?!]$/.test(message) ? message : `${message}.`}\n`)
  return EXIT.usage
}

/** Anything thrown reaches the user as one line: theirs to fix (2), or the run's (3). */
function failed(error: unknown): number {
  if (error instanceof ConfigurationError) return usageError(inCliWords(error.message))
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EISDIR') {
    return usageError(
      `a directory was given where a file belongs (--baseline, --stale-guest-cache): ${errorMessage(error)}`
    )
  }
  if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR' || code === 'EPERM') {
    return usageError(errorMessage(error))
  }
  process.stderr.write(`error: the run could not complete: ${errorMessage(error)}\n`)
  return EXIT.incomplete
}

async function run(
  command: 'snapshot' | 'detect',
  values: Readonly<Record<string, string | true>>
): Promise<number> {
  const option = (name: string): string => {
    const value = values[name]
    return typeof value === 'string' ? value : ''
  }
  const inputs = parseInputs((name) => {
    if (name === 'mode') return command
    if (name === 'client-secret') return process.env.ENTRA_CLIENT_SECRET ?? ''
    if (name === 'client-certificate') return process.env.ENTRA_CLIENT_CERTIFICATE ?? ''
    if (name === 'auth') return option('auth') || (option('client-id') ? 'auto' : 'azure-cli')
    if (name === 'on-drift') return 'none'
    if (own(BOOLEAN_GRAPH_INPUTS, name) !== undefined) return values[name] === true ? 'true' : ''
    return option(name)
  })
  const refusal = await baselineRefusal(command, inputs, values.force === true)
  if (refusal !== undefined) return usageError(refusal)
  const reports = command === 'detect' ? await reportFolder(option('report-dir')) : undefined

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
    cwd: process.cwd(),
    files: localFiles,
    writeSummary: async () => undefined,
    onGraphOpened: (context) => {
      stopProgress = showProgress(() => context.graph.stats)
    },
    keepExistingBaseline: values.force !== true,
    ...(reports ? { reportDirectory: reports.path } : {})
  })
    .finally(() => stopProgress())
    .finally(() => reports?.removeIfEmpty())
  if (outcome.report !== undefined) process.stdout.write(`${disclosure.text(outcome.report)}\n`)
  for (const [name, value] of Object.entries(outcome.outputs)) process.stderr.write(`${name}: ${value}\n`)
  if (outcome.failure !== undefined)
    process.stderr.write(`\nerror: ${inCliWords(disclosure.text(outcome.failure))}\n`)
  return exitCodeOf(command, outcome)
}

/**
 * The exit code of a finished mode. Detect sets its outputs only once the tenant was compared, and
 * leaves snapshot-path empty when some section could not be read (no snapshot is kept then).
 */
function exitCodeOf(command: 'snapshot' | 'detect', outcome: ModeOutcome): number {
  if (outcome.failure === undefined) return EXIT.noDrift
  if (command === 'snapshot') return EXIT.incomplete
  if (outcome.outputs['drift-detected'] === undefined) return EXIT.usage // the baseline is missing or invalid
  return outcome.outputs['snapshot-path'] === '' ? EXIT.incomplete : EXIT.drift
}

/**
 * The baseline is checked before anyone signs in, when its path is known without signing in (a
 * tenant GUID, or a path without `<tenant-id>`): a directory, a missing baseline for detect, an
 * existing one for snapshot without --force.
 */
async function baselineRefusal(
  command: 'snapshot' | 'detect',
  inputs: Inputs,
  force: boolean
): Promise<string | undefined> {
  const tenant = inputs.tenantId ?? ''
  const known = /^[0-9a-f-]{36}$/.test(tenant) || !inputs.baseline.includes('<tenant-id>')
  if (!known) return undefined
  const path = baselinePathFor(inputs, tenant)
  const found = await stat(path).catch(() => undefined)
  if (found?.isDirectory()) {
    return `--baseline ${path} is a directory; give the baseline file (e.g. ${join(path, '<tenant-id>.json')})`
  }
  if (command === 'detect' && found === undefined) {
    return `--baseline ${path} does not exist; create it with: snapshot --tenant-id ${tenant}`
  }
  if (command === 'snapshot' && found !== undefined && !force) {
    return `${path} already exists; nothing was written. Compare with detect, or pass --force to replace it`
  }
  return undefined
}

/** A private folder for the report files: --report-dir, or a new one only this user can read. */
async function reportFolder(given: string): Promise<{ path: string; removeIfEmpty: () => Promise<void> }> {
  if (given !== '') {
    const found = await stat(given).catch(() => undefined)
    if (found !== undefined && !found.isDirectory())
      throw new ConfigurationError(`--report-dir ${given} is a file, not a directory.`)
    await mkdir(given, { recursive: true, mode: 0o700 })
    return { path: given, removeIfEmpty: async () => undefined }
  }
  const path = await mkdtemp(join(tmpdir(), 'entra-b2b-drift-'))
  return {
    path,
    // A run that stopped before writing a report leaves nothing behind.
    removeIfEmpty: async () => {
      if ((await readdir(path).catch(() => ['?'])).length === 0) await rmdir(path).catch(() => undefined)
    }
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

const SEVERITIES_TO_FAIL_ON: readonly FailOn[] = ['none', 'low', 'medium', 'high', 'critical']

/** Validates and lints local baseline files, offline, the way check-baseline does for a pull request. */
async function check(
  values: Readonly<Record<string, string | true>>,
  positionals: readonly string[]
): Promise<number> {
  const failOn = typeof values['fail-on'] === 'string' ? values['fail-on'] : 'high'
  if (!(SEVERITIES_TO_FAIL_ON as readonly string[]).includes(failOn)) {
    return usageError(`--fail-on must be one of: ${SEVERITIES_TO_FAIL_ON.join(', ')}; got '${failOn}'`)
  }
  if (positionals.length === 0) {
    return usageError('check needs a baseline file or a directory of them (see entra-b2b-drift check --help)')
  }
  const files: string[] = []
  for (const given of positionals) {
    const found = await stat(given).catch(() => undefined)
    if (found === undefined) return usageError(`${given} does not exist`)
    if (!found.isDirectory()) {
      files.push(given)
      continue
    }
    const inside = (await readdir(given, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => join(given, entry.name))
      .sort()
    if (inside.length === 0) return usageError(`${given} is a directory with no .json file in it`)
    files.push(...inside)
  }
  const given = typeof values['partner-policy'] === 'string' ? values['partner-policy'] : undefined
  const log = terminalLogger()
  const policy = await loadPartnerPolicy(given, readTextFile, log)
  const outcome = await runCheckFiles(
    files.filter((file) => policy === undefined || resolve(file) !== resolve(policy.path)),
    failOn as FailOn,
    readTextFile,
    log,
    new Date(),
    policy?.policy
  )
  if (outcome.report) process.stdout.write(`${outcome.report}\n`)
  if (outcome.failure !== undefined) {
    process.stderr.write(`error: ${outcome.failure.replace('fail-on (', '--fail-on (')}\n`)
    return EXIT.drift
  }
  return EXIT.noDrift
}

/** Drafts a partner policy from a baseline, to stdout or --output. */
async function draft(values: Readonly<Record<string, string | true>>): Promise<number> {
  const baseline = typeof values.baseline === 'string' ? values.baseline : ''
  if (baseline === '')
    return usageError('draft-policy needs --baseline <file> (see entra-b2b-drift draft-policy --help)')
  const output = typeof values.output === 'string' ? values.output : ''
  if (output !== '' && values.force !== true && (await stat(output).catch(() => undefined)) !== undefined) {
    return usageError(`${output} exists; pass --force to replace it`)
  }
  const outcome = await runDraftPolicy(baseline, readTextFile)
  if (outcome.failure !== undefined || outcome.policyText === undefined)
    return usageError(outcome.failure ?? 'no policy was drafted')
  if (output === '') process.stdout.write(outcome.policyText)
  else await localFiles.writeFile(output, outcome.policyText)
  if (outcome.report !== undefined) process.stderr.write(`${outcome.report}\n`)
  return outcome.outputs.unplaced === '0' ? EXIT.noDrift : EXIT.drift
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
