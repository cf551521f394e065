import { CLOUD_NAMES, CLOUDS, isCloudName } from './runtime/cloud.js'
import type { CloudName } from './core/model/snapshot.js'
import { SEVERITIES, type FailOn, type Severity } from './core/model/finding.js'
import type { GuestCountTolerance } from './core/diff/guest-drift.js'
import { ConfigurationError, errorMessage } from './errors.js'
import { parseResponseTimes, type ResponseTimes } from './core/report/triage.js'

export const MODES = ['detect', 'snapshot', 'check-baseline', 'list-tenants', 'revert'] as const
export type Mode = (typeof MODES)[number]

/** Modes that cannot run without signing in to the tenant (check-baseline can, offline; list-tenants never signs in). */
const READS_GRAPH_ALWAYS: ReadonlySet<Mode> = new Set(['detect', 'snapshot', 'revert'])

export const AUTH_METHODS = ['auto', 'oidc', 'client-secret', 'client-certificate', 'azure-cli'] as const
export type AuthMethod = (typeof AUTH_METHODS)[number]

export const ON_DRIFT = ['issue', 'pull-request', 'both', 'none'] as const
export type OnDrift = (typeof ON_DRIFT)[number]

export interface Inputs {
  readonly mode: Mode
  /**
   * GUID, or a verified domain resolved to the GUID after sign-in. Only check-baseline runs without
   * one (it then validates and lints offline).
   */
  readonly tenantId: string | undefined
  readonly clientId: string | undefined
  readonly auth: AuthMethod
  readonly clientSecret: string | undefined
  readonly clientCertificate: string | undefined
  readonly oidcAudience: string
  readonly cloud: CloudName
  readonly graphEndpoint: string
  readonly authorityHost: string
  /** True when authority-host was given: instance discovery must then be off. */
  readonly customAuthority: boolean
  /** The baseline path as given (may contain `<tenant-id>`, resolved once the tenant GUID is known). */
  readonly baseline: string
  /** The partner policy path as given; undefined: DEFAULT_PARTNER_POLICY if it exists, else no policy. */
  readonly partnerPolicy: string | undefined
  readonly staleGuestDays: number
  /** Path of the file that keeps the last stale-guest count between runs; undefined: count every run. */
  readonly staleGuestCache: string | undefined
  /** With staleGuestCache: how old (hours) a kept count may be and still be reused. */
  readonly staleGuestRefreshHours: number
  /**
   * Minutes the stale-guest census may take in one run. A census that cannot finish in them leaves
   * the configuration snapshot whole: the figure is the last complete census (with its date) or is
   * named in `unavailable`, never a partial count.
   */
  readonly staleGuestBudget: number
  readonly guestCountTolerance: GuestCountTolerance
  readonly maxStaleGuests: number | undefined
  readonly failOn: FailOn
  /** Total time budget for reading Graph, in seconds. */
  readonly graphTimeout: number
  readonly onDrift: OnDrift
  readonly githubToken: string | undefined
  readonly labels: readonly string[]
  readonly assignees: readonly string[]
  readonly issueMinSeverity: Exclude<Severity, 'info'>
  /** At most this many issues opened per run; the other drifted objects share one overflow issue. */
  readonly maxIssuesPerRun: number
  /** The owners map's path; undefined: none. */
  readonly ownersFile: string | undefined
  /** Hours to respond per severity (due dates, the overdue label). */
  readonly responseTimes: ResponseTimes
  readonly redact: 'auto' | 'true' | 'false'
  /**
   * Key of the HMAC-SHA-256 tokens that stand for tenant and object ids in hidden markers, branch
   * names and placeholders. Required to publish where identifiers are redacted.
   */
  readonly pseudonymKey: string | undefined
  /** Let on-drift pull-request commit the live snapshot (drift not yet accepted included) where identifiers are redacted. */
  readonly allowPublicBaselinePullRequest: boolean
  /**
   * Read (and compare) the sections Microsoft Graph serves only in beta. Without it they appear
   * nowhere: not read, not compared, not listed as unavailable or not compared.
   */
  readonly includeBeta: boolean
  /** mode: revert: the drift issue to revert; undefined: the issue the triggering comment is on. */
  readonly issueNumber: number | undefined
  /** mode: revert: check everything and print the request, send nothing. */
  readonly dryRun: boolean
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

export const DEFAULT_BASELINE = 'baselines/<tenant-id>.json'

/** The partner policy read when input 'partner-policy' is empty, if the file exists. */
export const DEFAULT_PARTNER_POLICY = 'baselines/partner-tiers.json'

/** Every input of action.yml (a test holds the two lists equal); the CLI takes each as --<name>. */
export const INPUT_NAMES = [
  'mode',
  'tenant-id',
  'client-id',
  'auth',
  'client-secret',
  'client-certificate',
  'oidc-audience',
  'cloud',
  'graph-endpoint',
  'authority-host',
  'baseline',
  'partner-policy',
  'stale-guest-days',
  'stale-guest-cache',
  'stale-guest-refresh-hours',
  'stale-guest-budget',
  'guest-count-tolerance',
  'max-stale-guests',
  'fail-on',
  'graph-timeout',
  'on-drift',
  'github-token',
  'labels',
  'assignees',
  'issue-min-severity',
  'max-issues-per-run',
  'owners-file',
  'response-times',
  'redact',
  'pseudonym-key',
  'allow-public-baseline-pull-request',
  'include-beta',
  'issue-number',
  'dry-run'
] as const

/** Reads and checks every input in one place; a bad value is a ConfigurationError naming the input. */
export function parseInputs(read: (name: string) => string): Inputs {
  const mode = oneOf(read, 'mode', MODES, 'detect')
  const tenantId = READS_GRAPH_ALWAYS.has(mode)
    ? required(read, 'tenant-id')
    : read('tenant-id').trim() || undefined
  if (tenantId !== undefined && !GUID.test(tenantId) && !DOMAIN.test(tenantId)) {
    throw new ConfigurationError(
      `Input 'tenant-id' must be the tenant's GUID (e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47) or a verified domain (contoso.onmicrosoft.com); got '${tenantId}'.`
    )
  }
  const cloudInput = read('cloud').trim() || 'global'
  if (!isCloudName(cloudInput)) {
    throw new ConfigurationError(
      `Input 'cloud' must be one of: ${CLOUD_NAMES.join(', ')}; got '${cloudInput}'.`
    )
  }
  const authorityInput = read('authority-host').trim()
  const clientSecret = read('client-secret') || undefined
  const clientCertificate = read('client-certificate') || undefined
  const auth = oneOf(read, 'auth', AUTH_METHODS, 'auto')
  const clientId = read('client-id').trim() || undefined
  if (READS_GRAPH_ALWAYS.has(mode) && auth !== 'azure-cli' && clientId === undefined) {
    throw new ConfigurationError(
      "Input 'client-id' is required: the application (client) ID of the app registration the action signs in as (or set auth: azure-cli)."
    )
  }
  if (clientId !== undefined && !GUID.test(clientId)) {
    throw new ConfigurationError(
      `Input 'client-id' must be an application (client) ID GUID; got '${clientId}'.`
    )
  }
  return {
    mode,
    tenantId: tenantId?.toLowerCase(),
    clientId: clientId?.toLowerCase(),
    auth,
    clientSecret,
    clientCertificate,
    oidcAudience: read('oidc-audience').trim() || 'api://AzureADTokenExchange',
    cloud: cloudInput,
    graphEndpoint: httpsUrl(read, 'graph-endpoint', CLOUDS[cloudInput].graphEndpoint),
    authorityHost: httpsUrl(read, 'authority-host', CLOUDS[cloudInput].authorityHost),
    customAuthority: authorityInput !== '',
    baseline: read('baseline').trim() || DEFAULT_BASELINE,
    partnerPolicy: read('partner-policy').trim() || undefined,
    staleGuestDays: integer(read, 'stale-guest-days', 90, 0, 3650),
    staleGuestCache: read('stale-guest-cache').trim() || undefined,
    staleGuestRefreshHours: integer(read, 'stale-guest-refresh-hours', 168, 0, 24 * 366),
    staleGuestBudget: integer(read, 'stale-guest-budget', 25, 1, 6 * 60),
    guestCountTolerance: parseTolerance(read('guest-count-tolerance').trim() || '10%'),
    maxStaleGuests: optionalInteger(read, 'max-stale-guests'),
    failOn: oneOf(read, 'fail-on', ['none', 'low', 'medium', 'high', 'critical'] as const, 'high'),
    graphTimeout: integer(read, 'graph-timeout', 1800, 10, 6 * 3600),
    onDrift: oneOf(read, 'on-drift', ON_DRIFT, 'issue'),
    githubToken: read('github-token') || undefined,
    labels: list(read('labels')),
    assignees: list(read('assignees')),
    issueMinSeverity: oneOf(
      read,
      'issue-min-severity',
      SEVERITIES.filter((s): s is Exclude<Severity, 'info'> => s !== 'info'),
      'low'
    ),
    maxIssuesPerRun: integer(read, 'max-issues-per-run', 20, 0, 1000),
    ownersFile: read('owners-file').trim() || undefined,
    responseTimes: responseTimes(read),
    redact: oneOf(read, 'redact', ['auto', 'true', 'false'] as const, 'auto'),
    pseudonymKey: pseudonymKey(read),
    allowPublicBaselinePullRequest:
      oneOf(read, 'allow-public-baseline-pull-request', ['true', 'false'] as const, 'false') === 'true',
    includeBeta: oneOf(read, 'include-beta', ['true', 'false'] as const, 'false') === 'true',
    issueNumber:
      read('issue-number').trim() === '' ? undefined : integer(read, 'issue-number', 0, 1, 2 ** 31),
    dryRun: oneOf(read, 'dry-run', ['true', 'false'] as const, 'false') === 'true'
  }
}

function responseTimes(read: (name: string) => string): ResponseTimes {
  try {
    return parseResponseTimes(read('response-times'))
  } catch (error) {
    throw new ConfigurationError(`Input 'response-times': ${errorMessage(error)}.`)
  }
}

/** Shortest key accepted: 32 characters (a 128-bit random value in hex or base64 is longer). */
const MIN_PSEUDONYM_KEY_LENGTH = 32

function pseudonymKey(read: (name: string) => string): string | undefined {
  const key = read('pseudonym-key').trim()
  if (key === '') return undefined
  if (key.length < MIN_PSEUDONYM_KEY_LENGTH) {
    // The key itself is never echoed: it is a secret.
    throw new ConfigurationError(
      `Input 'pseudonym-key' must be at least ${MIN_PSEUDONYM_KEY_LENGTH} characters (e.g. the output of 'openssl rand -hex 32', stored as a repository secret); got ${key.length}.`
    )
  }
  return key
}

/** `10%` (relative to the baseline figure) or `25` (absolute number of guests). */
export function parseTolerance(text: string): GuestCountTolerance {
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text)
  if (percent) return { kind: 'percent', value: Number(percent[1]) }
  if (/^\d+$/.test(text)) return { kind: 'absolute', value: Number(text) }
  throw new ConfigurationError(
    `Input 'guest-count-tolerance' must be a number of guests (e.g. 25) or a percentage (e.g. 10%); got '${text}'.`
  )
}

function required(read: (name: string) => string, name: string): string {
  const value = read(name).trim()
  if (value === '') throw new ConfigurationError(`Input '${name}' is required.`)
  return value
}

function oneOf<T extends string>(
  read: (name: string) => string,
  name: string,
  allowed: readonly T[],
  fallback: T
): T {
  const value = read(name).trim() || fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(`Input '${name}' must be one of: ${allowed.join(', ')}; got '${value}'.`)
  }
  return value as T
}

function integer(
  read: (name: string) => string,
  name: string,
  fallback: number,
  min: number,
  max: number
): number {
  const text = read(name).trim()
  if (text === '') return fallback
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigurationError(
      `Input '${name}' must be a whole number from ${min} to ${max}; got '${text}'.`
    )
  }
  return Number(text)
}

function optionalInteger(read: (name: string) => string, name: string): number | undefined {
  return read(name).trim() === '' ? undefined : integer(read, name, 0, 0, Number.MAX_SAFE_INTEGER)
}

function httpsUrl(read: (name: string) => string, name: string, fallback: string): string {
  const text = read(name).trim()
  if (text === '') return fallback
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ConfigurationError(`Input '${name}' must be an https:// URL; got '${text}'.`)
  }
  if (url.protocol !== 'https:') {
    throw new ConfigurationError(
      `Input '${name}' must use https (tokens must never travel in clear text); got '${text}'.`
    )
  }
  return url.origin
}

/** Comma- or newline-separated, as GitHub Actions inputs usually are. */
function list(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}
