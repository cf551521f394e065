/**
 * Fault injection: rules that make chosen Graph requests fail the ways the real service does
 * (throttling, outages, expired tokens) or the network does (reset, hang), plus malformed bodies.
 */
import {
  graphError,
  invalidAuthenticationToken,
  tooManyRequests,
  type GraphRequest,
  type GraphResponse
} from './graph-response.ts'

export type Fault =
  | { status: 429; retryAfter?: string }
  | { status: 500 | 502 | 503 | 504; retryAfter?: string }
  | { status: 401 }
  /** A refusal: e.g. a Graph stand-in that does not support a query option. */
  | { status: 400 | 403 | 404 | 501; code?: string; message?: string }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'notJson' }
  | { kind: 'countText'; text: string }

export interface FaultRule {
  /**
   * Matched against the decoded Graph path+query below /v1.0 (`/users?$filter=…`), batch item URLs
   * included. A string matches that path with any query, or, when it contains '?', is a prefix of
   * path+query. Use a RegExp for anything else.
   */
  match: string | RegExp
  /** Only this HTTP method (any when absent). */
  method?: string
  /** How many matching requests fail; default 1, Infinity allowed. */
  times?: number
  /** Let the first N matching requests through first (e.g. skip: 2 fails page 3). */
  skip?: number
  fault: Fault
}

/** Where a request stands: a connection (reset/hang) fault needs a socket; a response fault does not. */
export type FaultScope = 'connection' | 'response' | 'any'

export interface FaultController {
  inject(rule: FaultRule): void
  clear(): void
  /** Rules still armed (not yet exhausted). */
  pending(): number
}

interface ArmedRule {
  rule: FaultRule
  skipLeft: number
  timesLeft: number
}

export function isConnectionFault(fault: Fault): fault is { kind: 'reset' } | { kind: 'hang' } {
  return 'kind' in fault && (fault.kind === 'reset' || fault.kind === 'hang')
}

function matches(rule: FaultRule, method: string, target: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false
  if (rule.match instanceof RegExp) {
    rule.match.lastIndex = 0
    return rule.match.test(target)
  }
  const path = target.split('?', 1)[0]
  return rule.match.includes('?') ? target.startsWith(rule.match) : path === rule.match
}

/** The armed fault rules of one fake cloud. */
export class FaultRules implements FaultController {
  private rules: ArmedRule[] = []

  inject(rule: FaultRule): void {
    this.rules.push({ rule, skipLeft: rule.skip ?? 0, timesLeft: rule.times ?? 1 })
  }

  clear(): void {
    this.rules = []
  }

  pending(): number {
    return this.rules.length
  }

  /** The fault for this request, if an armed rule of the given scope fires; consumes skip/times. */
  take(method: string, target: string, scope: FaultScope): Fault | undefined {
    for (const armed of this.rules) {
      const connection = isConnectionFault(armed.rule.fault)
      if (scope === 'connection' && !connection) continue
      if (scope === 'response' && connection) continue
      if (!matches(armed.rule, method, target)) continue
      if (armed.skipLeft > 0) {
        armed.skipLeft--
        continue
      }
      armed.timesLeft--
      if (armed.timesLeft <= 0) this.rules = this.rules.filter((other) => other !== armed)
      return armed.rule.fault
    }
    return undefined
  }
}

const OUTAGE_ERRORS: Record<number, { code: string; message: string }> = {
  500: { code: 'generalException', message: 'An unspecified error has occurred.' },
  502: {
    code: 'UnknownError',
    message: 'The gateway received an invalid response from the upstream service.'
  },
  503: {
    code: 'serviceNotAvailable',
    message:
      'The service is temporarily unavailable. Retry the request after a delay, which may be given in a Retry-After header.'
  },
  504: {
    code: 'UnknownError',
    message: 'The gateway did not receive a timely response from the upstream service.'
  }
}

/** What a response fault answers with (connection faults are the server's business). */
export function faultResponse(fault: Fault, request: GraphRequest): GraphResponse {
  if ('kind' in fault) {
    if (fault.kind === 'countText') {
      return {
        status: 200,
        headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'text/plain' },
        text: fault.text
      }
    }
    if (fault.kind !== 'notJson') {
      throw new Error(`A '${fault.kind}' fault has no response; the server acts it out.`)
    }
    // A proxy or error page answering in HTML while claiming JSON.
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'application/json' },
      text: '<!DOCTYPE html><html><head><title>Service unavailable</title></head><body><h1>Please try again later</h1></body></html>'
    }
  }
  if (fault.status === 401) {
    return invalidAuthenticationToken(request, 'Access token has expired or is not yet valid.')
  }
  if (fault.status === 429) return tooManyRequests(request, fault.retryAfter)
  if (
    !('retryAfter' in fault) &&
    'status' in fault &&
    fault.status !== 500 &&
    fault.status !== 502 &&
    fault.status !== 503 &&
    fault.status !== 504
  ) {
    const refusal = fault as { status: number; code?: string; message?: string }
    return graphError(
      request,
      refusal.status,
      refusal.code ?? 'BadRequest',
      refusal.message ?? 'The request was refused.',
      {}
    )
  }
  const outageFault = fault as { status: number; retryAfter?: string }
  const outage = OUTAGE_ERRORS[outageFault.status] ?? { code: 'UnknownError', message: 'Unexpected failure.' }
  return graphError(
    request,
    outageFault.status,
    outage.code,
    outage.message,
    outageFault.retryAfter === undefined ? {} : { 'Retry-After': outageFault.retryAfter }
  )
}
