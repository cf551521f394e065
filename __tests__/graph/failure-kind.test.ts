import { describe, expect, it } from '@jest/globals'
import { decode } from '../../src/graph/graph-sender.js'

const JSON_TYPE = { 'content-type': 'application/json' }

function answer(
  status: number,
  code: string
): { status: number; headers: Record<string, string>; text: string } {
  return { status, headers: JSON_TYPE, text: JSON.stringify({ error: { code, message: `HTTP ${status}` } }) }
}

describe('what kind of failure a final Graph answer is', () => {
  it.each([
    // A query form Graph does not support: a refusal callers may work around (user-list.md: 501 Not Implemented).
    [400, 'Request_UnsupportedQuery', 'http'],
    [501, 'NotImplemented', 'http'],
    [505, 'HttpVersionNotSupported', 'http'],
    // Only what is retried is an outage that outlasted the time budget.
    [500, 'InternalServerError', 'unavailable'],
    [502, 'BadGateway', 'unavailable'],
    [503, 'ServiceUnavailable', 'unavailable'],
    [504, 'GatewayTimeout', 'unavailable'],
    [403, 'Authorization_RequestDenied', 'forbidden'],
    [404, 'Request_ResourceNotFound', 'not-found'],
    [429, 'TooManyRequests', 'throttled']
  ])('given %i %s, then the failure is %p', (status, code, kind) => {
    const result = decode(answer(status, code), '/users')

    expect(result).toMatchObject({ ok: false, failure: { kind, status, code } })
  })
})
