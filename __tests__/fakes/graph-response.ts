/**
 * The wire conventions every Graph answer shares: the request a handler sees, the response it
 * returns, the error envelope, `@odata.context` strings, nextLink encoding and the opaque skiptoken.
 */
import { createHash, randomUUID } from 'node:crypto'

/** The content type Graph sends with JSON payloads. */
export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'
/** Graph sends errors with a plain JSON content type. */
export const ERROR_JSON = 'application/json'
/** The host Graph writes into annotations; the fake re-bases it onto its own URL when serialising. */
export const REAL_GRAPH_ROOT = 'https://graph.microsoft.com'

/** A version root the fake serves. */
export type GraphVersion = 'v1.0' | 'beta'

/** One Graph call, whether it arrived on its own or inside a $batch. */
export interface GraphRequest {
  method: string
  /** The version root it was sent to (a batch item: its batch's). */
  version: GraphVersion
  /** Decoded path below the version root, e.g. `/users`. */
  path: string
  query: URLSearchParams
  /** Decoded path and query below /v1.0 (what fault rules match against). */
  target: string
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>
  /** The request-id this answer reports. */
  requestId: string
}

/** A handler's answer: JSON (`json`) or text (`text`), before HTTP or $batch framing. */
export interface GraphResponse {
  status: number
  headers: Record<string, string>
  json?: unknown
  text?: string
}

/** Splits a relative Graph URL (below /v1.0) into the decoded parts a handler needs. */
export function graphRequest(
  method: string,
  relativeUrl: string,
  headers: Readonly<Record<string, string>>,
  version: GraphVersion = 'v1.0'
): GraphRequest {
  const url = new URL(relativeUrl, 'https://graph.invalid')
  return {
    method: method.toUpperCase(),
    version,
    path: safeDecode(url.pathname),
    query: url.searchParams,
    target: describeTarget(url),
    headers,
    requestId: randomUUID()
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Decoded `path?query` for logs and fault matching: `/users?$filter=userType eq 'Guest'`. */
export function describeTarget(url: URL): string {
  const pairs = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => safeDecode(pair.replaceAll('+', ' ')))
  return pairs.length === 0 ? safeDecode(url.pathname) : `${safeDecode(url.pathname)}?${pairs.join('&')}`
}

function innerErrorDate(): string {
  return new Date().toISOString().slice(0, 19)
}

/** The documented Graph error envelope. Clients must branch on status and code, never on message. */
export function graphError(
  request: GraphRequest,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {}
): GraphResponse {
  return {
    status,
    headers: { 'Cache-Control': 'no-cache', 'Content-Type': ERROR_JSON, ...headers },
    json: {
      error: {
        code,
        message,
        innerError: {
          date: innerErrorDate(),
          'request-id': request.requestId,
          'client-request-id': request.headers['client-request-id'] ?? request.requestId
        }
      }
    }
  }
}

/** 401 for a missing, unknown, expired or revoked bearer token, with Graph's challenge header. */
export function invalidAuthenticationToken(request: GraphRequest, message: string): GraphResponse {
  return graphError(request, 401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"'
  })
}

/** The documented 429 body (its innerError carries code and status as strings). */
export function tooManyRequests(request: GraphRequest, retryAfter: string | undefined): GraphResponse {
  return {
    status: 429,
    headers: {
      'Cache-Control': 'no-cache',
      'Content-Type': ERROR_JSON,
      ...(retryAfter === undefined ? {} : { 'Retry-After': retryAfter })
    },
    json: {
      error: {
        code: 'TooManyRequests',
        message: 'Please retry again later.',
        innerError: {
          code: '429',
          date: innerErrorDate(),
          message: 'Please retry after',
          'request-id': request.requestId,
          status: '429'
        }
      }
    }
  }
}

export function jsonResponse(body: unknown): GraphResponse {
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-cache', 'OData-Version': '4.0', 'Content-Type': ODATA_JSON },
    json: body
  }
}

export function metadataUrl(baseUrl: string, fragment: string, version: GraphVersion = 'v1.0'): string {
  return `${baseUrl}/${version}/$metadata#${fragment}`
}

/** `users(id,userType)`: the context fragment of a projection, expansions written as `name()`. */
export function projectedFragment(
  path: string,
  select: readonly string[],
  expand: readonly string[]
): string {
  const parts = [...select, ...expand.map((name) => `${name}()`)]
  return parts.length === 0 ? path : `${path}(${parts.join(',')})`
}

/** Graph encodes query values in nextLinks with `+` for spaces and lower-case escapes. */
function encodeQueryValue(value: string): string {
  let encoded = ''
  for (const byte of new TextEncoder().encode(value)) {
    const character = String.fromCharCode(byte)
    if (/[A-Za-z0-9\-_.~$]/.test(character)) encoded += character
    else if (character === ' ') encoded += '+'
    else encoded += `%${byte.toString(16).padStart(2, '0')}`
  }
  return encoded
}

/** The absolute nextLink: the original query (minus any old $skiptoken) plus the new token. */
export function nextLink(baseUrl: string, request: GraphRequest, skipToken: string): string {
  const pairs: string[] = []
  for (const [key, value] of request.query) {
    if (key.toLowerCase() !== '$skiptoken') pairs.push(`${key}=${encodeQueryValue(value)}`)
  }
  pairs.push(`$skiptoken=${skipToken}`)
  return `${baseUrl}/${request.version}${request.path}?${pairs.join('&')}`
}

function queryFingerprint(request: GraphRequest): string {
  const filter = request.query.get('$filter') ?? ''
  return createHash('sha256').update(`${request.path}\n${filter}`).digest('base64url').slice(0, 8)
}

/** An opaque token naming where the next page starts, bound to the path and filter it was issued for. */
export function encodeSkipToken(request: GraphRequest, position: number): string {
  return Buffer.from(`RFNwd${queryFingerprint(request)}:${position}`).toString('base64url')
}

/** The position a skiptoken names, or undefined when it is malformed or was issued for another query. */
export function decodeSkipToken(request: GraphRequest, token: string): number | undefined {
  const match = /^RFNwd(.{8}):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))
  if (match === null || match[1] !== queryFingerprint(request)) return undefined
  return Number(match[2])
}

/** The position a request starts reading at: 0, or its $skiptoken's; undefined for a bad token. */
export function startPosition(request: GraphRequest): number | undefined {
  const token = request.query.get('$skiptoken')
  return token === null ? 0 : decodeSkipToken(request, token)
}

export function invalidSkipToken(request: GraphRequest): GraphResponse {
  return graphError(
    request,
    400,
    'Request_BadRequest',
    'The specified page token value is invalid or has expired.'
  )
}

/** Parses $top; undefined when absent, NaN when not a positive integer. */
export function requestedTop(request: GraphRequest): number | undefined {
  const top = request.query.get('$top')
  if (top === null) return undefined
  return /^\d+$/.test(top) && Number(top) > 0 ? Number(top) : Number.NaN
}

/** $select as a list of property names (empty = not given). */
export function selectedProperties(request: GraphRequest): string[] {
  const select = request.query.get('$select')
  if (select === null) return []
  return select
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
}

export function expandedProperties(request: GraphRequest): string[] {
  const expand = request.query.get('$expand')
  if (expand === null) return []
  return expand
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
}

/** Keeps the selected keys in selection order; type annotations always survive a projection. */
export function project(record: Record<string, unknown>, select: readonly string[]): Record<string, unknown> {
  if (select.length === 0) return { ...record }
  const projected: Record<string, unknown> = {}
  if ('@odata.type' in record) projected['@odata.type'] = record['@odata.type']
  for (const name of select) {
    if (name in record) projected[name] = record[name]
  }
  return projected
}

/** Serialises a body, re-basing graph.microsoft.com annotation URLs onto the fake's own URL. */
export function serializeJson(body: unknown, baseUrl: string): string {
  return JSON.stringify(body, (key, value: unknown) => {
    if (
      typeof value === 'string' &&
      (key.endsWith('@odata.context') || key === '@odata.id') &&
      value.startsWith(`${REAL_GRAPH_ROOT}/`)
    ) {
      return `${baseUrl}${value.slice(REAL_GRAPH_ROOT.length)}`
    }
    return value
  })
}
