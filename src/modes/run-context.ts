import { credentialFactory, tenantIdFromToken } from '../auth/credential.js'
import { ConfigurationError } from '../errors.js'
import { graphClockFor } from '../graph/clock.js'
import type { GraphReader } from '../graph/graph-reader.js'
import { openGraphSession } from '../graph/graph-session.js'
import { SignInError } from '../graph/transport.js'
import { DEFAULT_BASELINE, type Inputs } from '../inputs.js'
import type { LocalFiles } from '../runtime/local-files.js'
import type { Logger } from '../runtime/logger.js'

/** Everything a mode needs, built once by the entry point (the action or the CLI). */
export interface RunContext {
  readonly inputs: Inputs
  /** The tenant GUID (resolved from the token when the input named a domain). */
  readonly tenantId: string
  readonly graph: GraphReader
  /** Acquires the first token, or throws one ConfigurationError with Entra's reason. */
  readonly signIn: () => Promise<void>
  readonly log: Logger
  readonly now: Date
  /** Text in pieces is written as it comes, never held whole (LocalFiles.writeFile). */
  readonly writeFile: (path: string, text: string | Iterable<string>) => Promise<void>
  readonly readFile: (path: string) => Promise<string | undefined>
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export interface HostEnvironment {
  readonly log: Logger
  /** Masks a secret in everything the host prints from now on. */
  readonly registerSecret: (secret: string) => void
  readonly oidcAvailable: boolean
  readonly getIDToken: (audience: string) => Promise<string>
  /** The local file system (baselines, reports, the stale-guest cache). */
  readonly files: LocalFiles
  /** The runner's environment (event name and path, workspace, RUNNER_TEMP); modes read no other. */
  readonly environment: Readonly<Record<string, string | undefined>>
}

export async function openRunContext(inputs: Inputs, host: HostEnvironment): Promise<RunContext> {
  registerSecrets(inputs, host.registerSecret)
  const requestedTenant = inputs.tenantId
  if (requestedTenant === undefined)
    throw new ConfigurationError("Input 'tenant-id' is required to read Microsoft Graph.")
  let tokenTenant: string | undefined
  const graph = openGraphSession({
    graphEndpoint: inputs.graphEndpoint,
    createCredential: credentialFactory(inputs, requestedTenant, {
      oidcAvailable: host.oidcAvailable,
      getIDToken: host.getIDToken,
      setSecret: host.registerSecret
    }),
    onToken: (token) => {
      host.registerSecret(token)
      tokenTenant ??= tenantIdFromToken(token)
    },
    timeoutSeconds: inputs.graphTimeout,
    log: (message) => host.log.info(message),
    clock: graphClockFor(host.environment, inputs.graphEndpoint)
  })
  // Sign-in waits for the first Graph read, so that a broken baseline fails before Entra is asked;
  // signIn() then turns a refused credential into one message instead of one per section.
  const signIn = async (): Promise<void> => {
    try {
      await graph.signIn()
    } catch (error) {
      if (!(error instanceof SignInError)) throw error
      throw new ConfigurationError(
        `Could not sign in to tenant ${requestedTenant} as application ${inputs.clientId ?? '(Azure CLI login)'}: ${error.message.replace(/^signing in to Microsoft Entra failed: /, '')} Check client-id, tenant-id and the credential (for GitHub OIDC: the federated credential's issuer, subject and audience).`
      )
    }
  }
  const tenantId = GUID.test(requestedTenant)
    ? requestedTenant
    : await resolveTenantId(requestedTenant, signIn, () => tokenTenant)
  return {
    inputs,
    tenantId,
    graph,
    signIn,
    log: host.log,
    now: new Date(),
    readFile: (path) => host.files.readFile(path),
    writeFile: (path, text) => host.files.writeFile(path, text)
  }
}

export function baselinePathFor(inputs: Inputs, tenantId: string): string {
  return (inputs.baseline || DEFAULT_BASELINE).replaceAll('<tenant-id>', tenantId)
}

/**
 * `tenantLabel`: the tenant as it may be shown (its placeholder where identifiers are redacted: paths are printed).
 * `environment`: the runner's, for RUNNER_TEMP (or TMPDIR outside Actions).
 */
export function reportDirectory(
  environment: Readonly<Record<string, string | undefined>>,
  tenantLabel: string
): string {
  const root = environment.RUNNER_TEMP || environment.TMPDIR || '/tmp'
  return `${root}/entra-b2b-drift/${tenantLabel}`
}

/** Masks every secret before anything can print it; PEM text also line by line, as runners mask per line. */
function registerSecrets(inputs: Inputs, registerSecret: (secret: string) => void): void {
  for (const secret of [
    inputs.clientSecret,
    inputs.clientCertificate,
    inputs.githubToken,
    inputs.pseudonymKey
  ]) {
    if (secret === undefined) continue
    registerSecret(secret)
    for (const line of secret.split(/\r?\n/)) {
      const trimmed = line.trim()
      if (trimmed.length > 8 && !trimmed.startsWith('-----')) registerSecret(trimmed)
    }
  }
}

/** A domain in tenant-id is resolved to the GUID through the access token's `tid` claim. */
async function resolveTenantId(
  requested: string,
  signIn: () => Promise<void>,
  fromToken: () => string | undefined
): Promise<string> {
  await signIn()
  const tenantId = fromToken()
  if (tenantId === undefined) {
    throw new ConfigurationError(
      `Could not resolve the domain '${requested}' in input 'tenant-id' to a tenant GUID; give the GUID instead.`
    )
  }
  return tenantId
}
