/**
 * One local HTTPS server playing Microsoft Graph v1.0 (and its few beta-only routes), the Entra token endpoint and GitHub's OIDC
 * token endpoint, so tests and the demo exercise the real clients (MSAL, the Graph client,
 * @actions/core) over real TLS. It records every request and can inject faults and latency.
 */
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import { randomBytes } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { getCACertificates, setDefaultCACertificates } from 'node:tls'
import { fileURLToPath } from 'node:url'
import { AccessTokens, answerEntraRequest, type EntraSettings } from './entra-endpoints.ts'
import { faultResponse, FaultRules, isConnectionFault, type Fault, type FaultController } from './faults.ts'
import { answerOidcTokenRequest, createOidcIssuer, ENTRA_FEDERATION_AUDIENCE } from './github-oidc.ts'
import { isRelativeItemUrl, parseBatch, runBatch, type BatchItem } from './graph-batch.ts'
import {
  describeTarget,
  graphError,
  graphRequest,
  invalidAuthenticationToken,
  serializeJson,
  type GraphRequest,
  type GraphResponse,
  type GraphVersion
} from './graph-response.ts'
import { methodNotAllowed, routeGraphRequest, type GraphEnvironment } from './graph-routes.ts'
import type { GraphLimits } from './graph-limits.ts'
import { jsonAnswer, type HttpAnswer } from './http-answer.ts'
import type { SimulatedTenant } from './simulated-tenant.ts'

export const FAKE_CLOUD_CERT_PATH = fileURLToPath(new URL('./tls/cert.pem', import.meta.url))
const KEY_PATH = fileURLToPath(new URL('./tls/key.pem', import.meta.url))
const DEFAULT_CLIENT_ID = '2c9a7b1e-5d3f-4e8a-9b6c-0f1e2d3c4b5a'
const DEFAULT_CLIENT_SECRET = 'Fk8Q~entra-b2b-drift-test-secret'
/** The version roots Graph is served under: v1.0, and beta for the few beta-only routes. */
const GRAPH_VERSIONS: readonly GraphVersion[] = ['v1.0', 'beta']

export interface FakeCloudOptions {
  tenant: SimulatedTenant
  /** The app registration's client id (a default is used and exposed as FakeCloud.clientId). */
  clientId?: string
  clientSecret?: string
  /** Public certificate PEM registered on the app for client-certificate authentication. */
  certificatePem?: string
  /** What the runner would put in ACTIONS_ID_TOKEN_REQUEST_TOKEN (random when absent). */
  oidcRequestToken?: string
  /** Delay before every answer, in ms. */
  latencyMs?: number
  /** How the latency is waited (default: a timer); a test gives its own to see it asked for. */
  delay?: (ms: number) => Promise<unknown>
  /** Graph's documented throttling limits (graph-limits.ts): a request over one is answered 429. */
  limits?: GraphLimits
}

export interface RecordedRequest {
  method: string
  /** Decoded path and query, e.g. `/v1.0/users?$filter=userType eq 'Guest'`. */
  path: string
  /** Lower-case header names. */
  headers: Record<string, string>
  body?: string
  /** For items of a $batch: the index in `requests` of the outer POST /v1.0/$batch. */
  batchId?: number
}

export interface FakeCloud {
  /** https://127.0.0.1:PORT: the Graph root, the Entra authority host and the OIDC host. */
  readonly url: string
  readonly certPath: string
  readonly certPem: string
  readonly clientId: string
  readonly clientSecret: string
  readonly tenant: SimulatedTenant
  setTenant(tenant: SimulatedTenant): void
  /** Every request in arrival order; batch items follow their $batch with `batchId` set. */
  readonly requests: RecordedRequest[]
  /** Graph traffic only: direct requests and batch items, without the $batch envelopes. */
  graphRequests(): RecordedRequest[]
  /** Graph traffic per path without query, e.g. { '/v1.0/users': 3 }. */
  countByPath(): Record<string, number>
  readonly faults: FaultController
  /** Invalidates every access token issued so far. */
  revokeTokens(): void
  readonly oidcRequestToken: string
  /** A freshly minted GitHub OIDC token for audience api://AzureADTokenExchange. */
  readonly oidcJwt: string
  close(): Promise<void>
}

/** Trusts the fake's self-signed certificate in this process (fetch, node:https, undici alike). */
export function trustFakeCertificate(): void {
  if (typeof setDefaultCACertificates !== 'function') {
    throw new Error(
      'trustFakeCertificate needs tls.setDefaultCACertificates (Node >= 24.5). Run tests through npm scripts, which use node_modules/.bin/node.'
    )
  }
  const certPem = readFileSync(FAKE_CLOUD_CERT_PATH, 'utf8')
  const normalise = (pem: string): string => pem.replace(/\s+/g, '')
  const current = getCACertificates('default')
  if (current.some((pem) => normalise(pem) === normalise(certPem))) return
  setDefaultCACertificates([...current, certPem])
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
}

export async function startFakeCloud(options: FakeCloudOptions): Promise<FakeCloud> {
  const certPem = readFileSync(FAKE_CLOUD_CERT_PATH, 'utf8')
  const server = createServer({ cert: certPem, key: readFileSync(KEY_PATH, 'utf8') })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('The fake cloud has no TCP address.')
  const url = `https://127.0.0.1:${address.port}`

  let tenant = options.tenant
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET
  const latencyMs = options.latencyMs ?? 0
  const wait = options.delay ?? delay
  const requests: RecordedRequest[] = []
  const faults = new FaultRules()
  const tokens = new AccessTokens()
  const oidc = createOidcIssuer(options.oidcRequestToken ?? randomBytes(24).toString('base64url'))
  const entra: EntraSettings = {
    baseUrl: url,
    tenantId: () => tenant.tenantId,
    clientId,
    clientSecret,
    certificatePem: options.certificatePem,
    oidc
  }
  const hanging = new Set<ServerResponse>()
  const environment = (): GraphEnvironment => ({ baseUrl: url, tenant })

  function sendAnswer(response: ServerResponse, answer: HttpAnswer): void {
    response.writeHead(answer.status, answer.headers).end(answer.body)
  }

  function sendGraph(response: ServerResponse, request: GraphRequest, answer: GraphResponse): void {
    const body = answer.json !== undefined ? serializeJson(answer.json, url) : (answer.text ?? '')
    response
      .writeHead(answer.status, {
        ...answer.headers,
        'request-id': request.requestId,
        'client-request-id': request.headers['client-request-id'] ?? request.requestId
      })
      .end(body)
  }

  function actOut(fault: Fault, incoming: IncomingMessage, response: ServerResponse): void {
    if ('kind' in fault && fault.kind === 'hang') {
      hanging.add(response)
      response.on('close', () => hanging.delete(response))
      return
    }
    incoming.socket.destroy()
  }

  function serveBatchItem(item: BatchItem, request: GraphRequest, batchId: number): GraphResponse {
    const relative = isRelativeItemUrl(item.url)
    requests.push({
      method: request.method,
      path: relative ? `/${request.version}${request.target}` : item.url,
      headers: item.headers,
      ...(item.body === undefined ? {} : { body: JSON.stringify(item.body) }),
      batchId
    })
    if (!relative) {
      const message = `Invalid request URL '${item.url}': batch item URLs are relative, e.g. '/users'.`
      return graphError(request, 400, 'BadRequest', message)
    }
    if (request.path === '/$batch') {
      return graphError(request, 400, 'BadRequest', 'A batch cannot contain another batch.')
    }
    const fault = faults.take(request.method, request.target, 'response')
    if (fault !== undefined) return faultResponse(fault, request)
    return options.limits?.admit(request) ?? routeGraphRequest(request, environment())
  }

  function serveBatch(
    incoming: IncomingMessage,
    response: ServerResponse,
    request: GraphRequest,
    body: string,
    batchId: number
  ): void {
    if (request.method !== 'POST') return sendGraph(response, request, methodNotAllowed(request, 'POST'))
    const items = parseBatch(request, body)
    if ('status' in items) return sendGraph(response, request, items)
    // Items are relative to the version root the batch was posted to.
    const itemRequests = new Map(
      items.map((item) => [item, graphRequest(item.method, item.url, item.headers, request.version)])
    )
    // A connection fault aimed at any item takes the whole batch down: there is only one socket.
    for (const [item, itemRequest] of itemRequests) {
      if (!isRelativeItemUrl(item.url)) continue
      const connectionFault = faults.take(itemRequest.method, itemRequest.target, 'connection')
      if (connectionFault !== undefined) return actOut(connectionFault, incoming, response)
    }
    const answer = runBatch(request, items, (item) => {
      const itemRequest = itemRequests.get(item)
      if (itemRequest === undefined) throw new Error(`Batch item '${item.id}' lost its request.`)
      return serveBatchItem(item, itemRequest, batchId)
    })
    sendGraph(response, request, answer)
  }

  function serveGraph(
    incoming: IncomingMessage,
    response: ServerResponse,
    target: URL,
    headers: Record<string, string>,
    body: string,
    index: number,
    version: GraphVersion
  ): void {
    const relativeUrl = `${target.pathname.slice(`/${version}`.length) || '/'}${target.search}`
    const request = graphRequest(incoming.method ?? 'GET', relativeUrl, headers, version)
    const fault = faults.take(request.method, request.target, 'any')
    if (fault !== undefined && isConnectionFault(fault)) return actOut(fault, incoming, response)
    if (fault !== undefined) return sendGraph(response, request, faultResponse(fault, request))

    const token = bearerToken(headers['authorization'])
    if (token === undefined || !tokens.isValid(token)) {
      const message =
        token === undefined ? 'Access token is empty.' : 'Access token has expired or is not yet valid.'
      return sendGraph(response, request, invalidAuthenticationToken(request, message))
    }
    if (request.path === '/$batch') return serveBatch(incoming, response, request, body, index)
    sendGraph(
      response,
      request,
      options.limits?.admit(request) ?? routeGraphRequest(request, environment(), body)
    )
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(incoming)
    const target = new URL(incoming.url ?? '/', url)
    const headers = flattenHeaders(incoming.headers)
    const method = incoming.method ?? 'GET'
    const index =
      requests.push({ method, path: describeTarget(target), headers, ...(body === '' ? {} : { body }) }) - 1
    if (latencyMs > 0) await wait(latencyMs)

    for (const version of GRAPH_VERSIONS) {
      if (target.pathname === `/${version}` || target.pathname.startsWith(`/${version}/`)) {
        return serveGraph(incoming, response, target, headers, body, index, version)
      }
    }
    if (target.pathname === '/oidc/token') {
      return sendAnswer(response, answerOidcTokenRequest(oidc, method, target, headers['authorization']))
    }
    const answer =
      answerEntraRequest(entra, tokens, method, target, body) ??
      jsonAnswer(404, {
        error: { code: 'NotFound', message: `The fake cloud serves nothing at '${target.pathname}'.` }
      })
    sendAnswer(response, answer)
  }

  server.on('request', (incoming: IncomingMessage, response: ServerResponse) => {
    handle(incoming, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy()
      sendAnswer(response, jsonAnswer(500, { error: { code: 'FakeCloudBug', message: String(error) } }))
    })
  })

  function graphRequests(): RecordedRequest[] {
    return requests.filter(
      (recorded) =>
        GRAPH_VERSIONS.some((version) => recorded.path.startsWith(`/${version}/`)) &&
        !(
          recorded.batchId === undefined &&
          GRAPH_VERSIONS.some((version) => recorded.path.split('?', 1)[0] === `/${version}/$batch`)
        )
    )
  }

  return {
    url,
    certPath: FAKE_CLOUD_CERT_PATH,
    certPem,
    clientId,
    clientSecret,
    get tenant(): SimulatedTenant {
      return tenant
    },
    setTenant(next: SimulatedTenant): void {
      tenant = next
    },
    requests,
    graphRequests,
    countByPath(): Record<string, number> {
      const counts: Record<string, number> = {}
      for (const recorded of graphRequests()) {
        const path = recorded.path.split('?', 1)[0] ?? recorded.path
        counts[path] = (counts[path] ?? 0) + 1
      }
      return counts
    },
    faults,
    revokeTokens(): void {
      tokens.revokeAll()
    },
    oidcRequestToken: oidc.requestToken,
    get oidcJwt(): string {
      return oidc.mint(ENTRA_FEDERATION_AUDIENCE)
    },
    close(): Promise<void> {
      for (const response of hanging) response.socket?.destroy()
      return new Promise((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        server.closeAllConnections()
      })
    }
  }
}
