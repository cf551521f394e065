import type { TokenCredential } from '@azure/identity'
import { RenewableTokenProvider } from '../auth/token-provider.js'
import type { RevertRequest } from '../core/revert/revert-plan.js'
import { graphErrorOf } from './graph-failure.js'
import { createGraphTransport, NetworkError, SignInError, signInReason, TimeoutError } from './transport.js'

/**
 * The only way this project writes to Microsoft Graph, and only mode: revert builds one (a
 * dependency-cruiser rule holds every other module away from this file; the readers' transport
 * refuses anything but reads). Each request is sent exactly once: no retry, not even after a 429 or
 * a lost answer, so a write can never happen twice; the caller reads the object back instead.
 */
export interface GraphWriter {
  send(request: RevertRequest): Promise<WriteResult>
}

/** What Graph answered; `status` 0 when no answer came (then whether it was applied is unknown). */
export interface WriteResult {
  readonly ok: boolean
  readonly status: number
  /** Graph's error code and message, or what went wrong with the connection. */
  readonly error?: string
}

export interface GraphWriterOptions {
  readonly graphEndpoint: string
  readonly createCredential: () => TokenCredential
  /** Every access token goes here before it is used, so the runner masks it. */
  readonly onToken: (token: string) => void
  readonly timeoutMs?: number
}

export function openGraphWriter(options: GraphWriterOptions): GraphWriter {
  const scope = `${new URL(options.graphEndpoint).origin}/.default`
  const tokens = new RenewableTokenProvider(options.createCredential, scope, options.onToken)
  const transport = createGraphTransport(options.graphEndpoint, tokens)
  return {
    async send(request) {
      try {
        const response = await transport.send({
          method: request.method,
          url: request.path,
          ...(request.body === undefined
            ? {}
            : { headers: { 'Content-Type': 'application/json' }, body: request.body }),
          timeoutMs: options.timeoutMs ?? 60_000
        })
        if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status }
        return { ok: false, status: response.status, error: describeError(response.text) }
      } catch (error) {
        if (error instanceof SignInError) return { ok: false, status: 0, error: signInReason(error) }
        if (error instanceof TimeoutError || error instanceof NetworkError) {
          return {
            ok: false,
            status: 0,
            error: `${error.message}; whether Graph applied the write is unknown, and it is not sent again`
          }
        }
        throw error
      }
    }
  }
}

function describeError(text: string): string {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return text.slice(0, 300) || 'no error body'
  }
  const { code, message } = graphErrorOf(body)
  if (code === undefined && message === undefined) return text.slice(0, 300) || 'no error body'
  return `${code ?? 'error'}: ${message ?? '(no message)'}`
}
