import type { TokenCredential } from '@azure/identity'
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client'
import { RenewableTokenProvider } from '../auth/token-provider.js'
import { systemClock, type Clock } from './clock.js'
import { BatchingGraphReader, type GraphReader } from './graph-reader.js'
import { GraphSender } from './graph-sender.js'
import {
  createGraphTransport,
  SignInError,
  signInReason,
  type GraphTransport,
  type RawRequest
} from './transport.js'

export interface GraphSessionOptions {
  readonly graphEndpoint: string
  readonly createCredential: () => TokenCredential
  /** Every access token goes here before it is used, so the runner masks it. */
  readonly onToken: (token: string) => void
  /** Total time budget in seconds (input graph-timeout). */
  readonly timeoutSeconds: number
  readonly log: (message: string) => void
  readonly clock?: Clock
  /** Longest wait for one answer before it counts as hung and is retried. */
  readonly requestTimeoutMs?: number
  readonly maxConcurrency?: number
}

/** A reader that can also sign in up front, so a refused credential is one clear error, not one per section. */
export interface GraphSession extends GraphReader {
  /** Acquires the first token; throws SignInError with Entra's reason when the credential is refused. */
  signIn(): Promise<void>
}

/** Wires the Graph layer: token → transport → retrying sender → batching reader. */
export function openGraphSession(options: GraphSessionOptions): GraphSession {
  const clock = options.clock ?? systemClock
  const scope = `${new URL(options.graphEndpoint).origin}/.default`
  const tokens = new RenewableTokenProvider(options.createCredential, scope, options.onToken)
  const sharedTokens = oneRequestAtATime(tokens)
  const sender = new GraphSender({
    transport: readOnly(createGraphTransport(options.graphEndpoint, sharedTokens)),
    renewToken: () => tokens.renew(),
    clock,
    deadline: clock.now() + options.timeoutSeconds * 1000,
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    maxConcurrency: options.maxConcurrency ?? 4,
    log: options.log
  })
  const reader = new BatchingGraphReader(sender, clock, options.graphEndpoint)
  return Object.assign(reader, {
    async signIn(): Promise<void> {
      try {
        await sharedTokens.getAccessToken()
      } catch (error) {
        throw new SignInError(`signing in to Microsoft Entra failed: ${signInReason(error)}`)
      }
    }
  })
}

/**
 * The reading session's transport sends reads only: GET, and POST to /$batch whose every item is a
 * GET without a body. Anything else is refused before it leaves the process, so no mode can write
 * through a reader (mode: revert builds its own writer, src/graph/graph-writer.ts).
 */
export function readOnly(transport: GraphTransport): GraphTransport {
  return {
    send(request) {
      const refusal = writeIn(request)
      if (refusal !== undefined) {
        return Promise.reject(new Error(`the Graph reader refuses ${refusal}: reads are GET only`))
      }
      return transport.send(request)
    }
  }
}

function writeIn(request: RawRequest): string | undefined {
  if (request.method === 'GET') return undefined
  if (request.method !== 'POST' || request.url.split('?', 1)[0] !== '/$batch') {
    return `${request.method} ${request.url}`
  }
  const items = (request.body as { requests?: { method?: unknown; body?: unknown }[] } | undefined)?.requests
  if (!Array.isArray(items)) return 'a $batch without items'
  const write = items.find((item) => item.method !== 'GET' || item.body !== undefined)
  return write === undefined ? undefined : `a $batch item ${String(write.method)}`
}

/**
 * Reads that start together (the first batch and a paced read, or several retries after a 401)
 * wait for the same token instead of each asking Entra for one.
 */
function oneRequestAtATime(tokens: AuthenticationProvider): AuthenticationProvider {
  let pending: Promise<string> | undefined
  return {
    getAccessToken: () => {
      pending ??= tokens.getAccessToken().finally(() => {
        pending = undefined
      })
      return pending
    }
  }
}
