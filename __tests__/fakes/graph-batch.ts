/**
 * JSON batching (`POST /v1.0/$batch`): validating the envelope, running each item through the
 * same pipeline as a direct request, and answering with the items in an order that is deliberately
 * not the request order (clients must correlate by id).
 */
import { graphError, type GraphRequest, type GraphResponse } from './graph-response.ts'

export const MAX_BATCH_ITEMS = 20

export interface BatchItem {
  id: string
  method: string
  url: string
  /** Lower-case header names. */
  headers: Record<string, string>
  body?: unknown
  dependsOn: string[]
}

interface BatchItemResponse {
  id: string
  status: number
  headers: Record<string, string>
  body?: unknown
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function lowerCaseHeaders(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {}
  if (!isRecord(value)) return headers
  for (const [name, headerValue] of Object.entries(value)) headers[name.toLowerCase()] = String(headerValue)
  return headers
}

/** The batch's items, or the 400 Graph answers for a malformed batch. */
export function parseBatch(outer: GraphRequest, bodyText: string): BatchItem[] | GraphResponse {
  const invalid = (message: string): GraphResponse => graphError(outer, 400, 'BadRequest', message)
  let document: unknown
  try {
    document = JSON.parse(bodyText)
  } catch {
    return invalid('Invalid batch payload format.')
  }
  if (!isRecord(document) || !Array.isArray(document['requests'])) {
    return invalid("Invalid batch payload format: a 'requests' array is required.")
  }
  const requests: unknown[] = document['requests']
  if (requests.length === 0) return invalid('The batch contains no requests.')
  if (requests.length > MAX_BATCH_ITEMS) {
    return invalid(`Number of batch request steps exceeds the maximum of ${MAX_BATCH_ITEMS}.`)
  }
  const items: BatchItem[] = []
  const seen = new Set<string>()
  for (const request of requests) {
    if (!isRecord(request)) return invalid('Invalid batch payload format: every request must be an object.')
    const { id, method, url } = request
    if (typeof id !== 'string' || id === '' || typeof method !== 'string' || typeof url !== 'string') {
      return invalid("Invalid batch payload format: every request needs string 'id', 'method' and 'url'.")
    }
    // Ids are compared case-insensitively.
    if (seen.has(id.toLowerCase())) return invalid(`Batch request contains duplicate request id '${id}'.`)
    const dependsOn = request['dependsOn'] ?? []
    if (
      !Array.isArray(dependsOn) ||
      dependsOn.some((dependency) => !seen.has(String(dependency).toLowerCase()))
    ) {
      return invalid(`Request '${id}' depends on a request that does not come before it in the batch.`)
    }
    seen.add(id.toLowerCase())
    const headers = lowerCaseHeaders(request['headers'])
    if (request['body'] !== undefined && headers['content-type'] === undefined) {
      return invalid(`Request '${id}' has a body but no Content-Type header.`)
    }
    items.push({ id, method, url, headers, body: request['body'], dependsOn: dependsOn.map(String) })
  }
  return items
}

/** Item URLs are relative to the version root ("/users?…"); absolute ones are refused per item. */
export function isRelativeItemUrl(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//')
}

/** A text/plain item body travels as a number when it is one (how Graph encodes it is [UNVERIFIED]). */
function itemBody(response: GraphResponse): unknown {
  if (response.json !== undefined) return response.json
  const text = response.text ?? ''
  return /^\d+$/.test(text) ? Number(text) : text
}

/** Fisher-Yates, then a rotation if that happened to keep the request order. */
function shuffled<T>(items: readonly T[]): T[] {
  const result = [...items]
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1))
    const held = result[index] as T
    result[index] = result[other] as T
    result[other] = held
  }
  if (result.length > 1 && result.every((item, index) => item === items[index])) {
    result.push(result.shift() as T)
  }
  return result
}

/** Runs the items in order (so dependsOn can see its prerequisites) and frames the answer. */
export function runBatch(
  outer: GraphRequest,
  items: readonly BatchItem[],
  serveItem: (item: BatchItem) => GraphResponse
): GraphResponse {
  const statusById = new Map<string, number>()
  const responses: BatchItemResponse[] = []
  for (const item of items) {
    const failedDependency = item.dependsOn.some(
      (dependency) => (statusById.get(dependency.toLowerCase()) ?? 0) >= 400
    )
    const response = failedDependency
      ? graphError(outer, 424, 'FailedDependency', 'A request this request depends on failed.')
      : serveItem(item)
    statusById.set(item.id.toLowerCase(), response.status)
    responses.push({
      id: item.id,
      status: response.status,
      headers: response.headers,
      body: itemBody(response)
    })
  }
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'application/json' },
    json: { responses: shuffled(responses) }
  }
}
