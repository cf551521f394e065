import {
  AuthenticationHandler,
  AuthenticationHandlerOptions,
  Client,
  HTTPMessageHandler,
  ResponseType,
  type AuthenticationProvider
} from '@microsoft/microsoft-graph-client'

export interface RawRequest {
  /** Reads send GET (and POST to /$batch); only mode: revert's writer sends PATCH, PUT, DELETE or another POST. */
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** Relative to the version root ('/policies/...') or an absolute URL on the Graph host (a nextLink). */
  readonly url: string
  /** The version root: v1.0 unless 'beta' (a beta section's read, or the $batch carrying beta reads). */
  readonly version?: 'beta'
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: unknown
  readonly timeoutMs: number
}

export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/** One HTTP exchange with Graph. Throws on a network error or timeout; any HTTP status is a response. */
export interface GraphTransport {
  send(request: RawRequest): Promise<RawResponse>
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError'
}

/** The connection failed (reset, refused, closed early): no HTTP answer at all. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError'
}

/** No access token: Microsoft Entra refused the credential (or could not be reached). Asking again cannot help. */
export class SignInError extends Error {
  override readonly name = 'SignInError'
}

/**
 * The Microsoft Graph JavaScript client, reduced to authentication and the HTTP call: retries,
 * pacing and batching are ours (the client's RetryHandler knows neither a total time budget nor
 * batch items), so its default retry middleware is left out of the chain.
 */
export function createGraphTransport(
  graphEndpoint: string,
  authProvider: AuthenticationProvider
): GraphTransport {
  const endpoint = new URL(graphEndpoint)
  const auth = new AuthenticationHandler(authProvider)
  auth.setNext(new HTTPMessageHandler())
  const client = Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${endpoint.origin}/`,
    defaultVersion: 'v1.0',
    // The auth middleware attaches the token only to known Graph hosts and these (hostname, no port).
    customHosts: new Set([endpoint.hostname])
  })

  return {
    async send(request) {
      // The token is fetched here rather than inside the client's middleware (which wraps whatever
      // it throws), so that "Entra refused us" (final) stays apart from "the connection broke" (retry).
      let token: string
      try {
        token = await authProvider.getAccessToken()
      } catch (error) {
        throw new SignInError(`signing in to Microsoft Entra failed: ${signInReason(error)}`)
      }
      // AbortSignal.timeout throws on a fractional delay, and a remaining budget can be one.
      const signal = AbortSignal.timeout(Math.max(1, Math.ceil(request.timeoutMs)))
      let builder = client
        .api(request.url)
        .responseType(ResponseType.RAW)
        .option('signal', signal)
        .middlewareOptions([new AuthenticationHandlerOptions({ getAccessToken: async () => token })])
      if (request.version !== undefined) builder = builder.version(request.version)
      if (request.headers) builder = builder.headers({ ...request.headers })
      try {
        const response = (await sendWith(builder, request)) as Response
        const text = await response.text()
        const headers: Record<string, string> = {}
        response.headers.forEach((value, name) => {
          headers[name.toLowerCase()] = value
        })
        return { status: response.status, headers, text }
      } catch (error) {
        if (signal.aborted) throw new TimeoutError(`no answer within ${duration(request.timeoutMs)}`)
        throw new NetworkError(`the connection failed: ${connectionCause(error)}`)
      }
    }
  }
}

function sendWith(builder: ReturnType<Client['api']>, request: RawRequest): Promise<unknown> {
  switch (request.method) {
    case 'GET':
      return builder.get()
    case 'POST':
      return builder.post(request.body)
    case 'PATCH':
      return builder.patch(request.body)
    case 'PUT':
      return builder.put(request.body)
    case 'DELETE':
      return builder.delete()
  }
}

function duration(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`
}

/**
 * The Graph client reports a failed fetch as a GraphError with an empty message, the fetch error in
 * `body` and the socket's reason in its `cause`: the innermost reason is the one a person can use.
 */
function connectionCause(error: unknown): string {
  let reason = ''
  let code: string | undefined
  let link: unknown = error
  for (let depth = 0; depth < 6 && typeof link === 'object' && link !== null; depth++) {
    const { message, code: ownCode, cause, body } = link as Record<string, unknown>
    if (typeof message === 'string' && message !== '') reason = message
    if (typeof ownCode === 'string' && ownCode !== '') code = ownCode
    link = cause ?? (typeof body === 'object' ? body : undefined)
  }
  if (reason === '') reason = 'no answer'
  return code === undefined ? reason : `${reason} (${code})`
}

/** Entra's own sentence ("AADSTS7000215: Invalid client secret provided.") without the trace ids around it. */
export function signInReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  const aadsts = /AADSTS\d+:[^.]*\./.exec(text)
  if (aadsts !== null) return aadsts[0]
  const firstLine = text.split('\n', 1)[0] ?? ''
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine
}
