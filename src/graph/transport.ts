import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  ResponseType,
  type AuthenticationProvider
} from '@microsoft/microsoft-graph-client'

export interface RawRequest {
  readonly method: 'GET' | 'POST'
  /** Relative to the version root ('/policies/...') or an absolute URL on the Graph host (a nextLink). */
  readonly url: string
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
      const signal = AbortSignal.timeout(request.timeoutMs)
      let builder = client.api(request.url).responseType(ResponseType.RAW).option('signal', signal)
      if (request.headers) builder = builder.headers({ ...request.headers })
      try {
        const response = (await (request.method === 'GET'
          ? builder.get()
          : builder.post(request.body))) as Response
        const text = await response.text()
        const headers: Record<string, string> = {}
        response.headers.forEach((value, name) => {
          headers[name.toLowerCase()] = value
        })
        return { status: response.status, headers, text }
      } catch (error) {
        if (signal.aborted)
          throw new TimeoutError(`no answer within ${Math.round(request.timeoutMs / 1000)} s`)
        throw error
      }
    }
  }
}
