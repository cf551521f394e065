/** Why a Graph read did not produce data. Errors are values until the edge (main.ts) turns them into one message. */
export type GraphFailureKind =
  | 'forbidden' // 403: a permission or licence is missing
  | 'not-found' // 404
  | 'unauthorized' // 401 that a fresh token did not cure
  | 'throttled' // 429 still answered when the time budget ran out
  | 'unavailable' // 5xx still answered when the time budget ran out
  | 'timeout' // no answer within the per-request timeout or the total budget
  | 'network' // connection reset or refused
  | 'bad-response' // a body that is not what Graph documents (not JSON, not a count)
  | 'http' // any other status

export interface GraphFailure {
  readonly kind: GraphFailureKind
  /** The request path, relative to the version root (never carries a token). */
  readonly path: string
  readonly status?: number
  /** Graph's `error.code`, e.g. Authorization_RequestDenied. */
  readonly code?: string
  readonly message: string
}

export type GraphResult<T = unknown> =
  | {
      readonly ok: true
      readonly status: number
      readonly body: T
      readonly headers: Readonly<Record<string, string>>
    }
  | { readonly ok: false; readonly failure: GraphFailure }

export function describeFailure(failure: GraphFailure): string {
  const status =
    failure.status === undefined ? '' : ` (${failure.status}${failure.code ? ` ${failure.code}` : ''})`
  return `GET ${failure.path}${status}: ${failure.message}`
}

/** Reads Graph's documented error envelope `{ error: { code, message } }`; anything else gives undefined. */
export function graphErrorOf(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return {}
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return {}
  const { code, message } = error as { code?: unknown; message?: unknown }
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined
  }
}
