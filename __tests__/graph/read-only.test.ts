import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { readOnly } from '../../src/graph/graph-session.js'
import type { GraphTransport, RawRequest } from '../../src/graph/transport.js'

/** A transport that records what reaches it and answers 200. */
function recording(): GraphTransport & { sent: RawRequest[] } {
  const sent: RawRequest[] = []
  return {
    sent,
    send: async (request) => {
      sent.push(request)
      return { status: 200, headers: {}, text: '{}' }
    }
  }
}

const READ: RawRequest = { method: 'GET', url: '/policies/crossTenantAccessPolicy/default', timeoutMs: 1000 }

describe("the reading session's transport (every mode but revert reads through it)", () => {
  it('passes GET and a $batch of GETs', async () => {
    const inner = recording()
    const transport = readOnly(inner)
    const batch: RawRequest = {
      method: 'POST',
      url: '/$batch',
      body: { requests: [{ id: '1', method: 'GET', url: '/users/$count' }] },
      timeoutMs: 1000
    }

    await transport.send(READ)
    await transport.send(batch)

    expect(inner.sent).toEqual([READ, batch])
  })

  it.each<[string, RawRequest]>([
    ['a PATCH', { ...READ, method: 'PATCH', body: { inboundTrust: {} } }],
    ['a DELETE', { ...READ, method: 'DELETE' }],
    ['a PUT', { ...READ, method: 'PUT', body: {} }],
    [
      'a POST that is not $batch',
      { ...READ, method: 'POST', url: '/policies/crossTenantAccessPolicy/default/resetToSystemDefault' }
    ],
    [
      'a $batch carrying a PATCH',
      {
        method: 'POST',
        url: '/$batch',
        body: { requests: [{ id: '1', method: 'PATCH', url: '/x', body: {} }] },
        timeoutMs: 1000
      }
    ],
    [
      'a $batch item with a body',
      {
        method: 'POST',
        url: '/$batch',
        body: { requests: [{ id: '1', method: 'GET', url: '/x', body: {} }] },
        timeoutMs: 1000
      }
    ]
  ])('refuses %s before it leaves the process', async (_what, request) => {
    const inner = recording()

    await expect(readOnly(inner).send(request)).rejects.toThrow('the Graph reader refuses')
    expect(inner.sent).toEqual([])
  })

  it('is what the session wires, and the writer is imported by mode: revert alone (dependency-cruiser)', () => {
    const session = readFileSync(resolve(import.meta.dirname, '../../src/graph/graph-session.ts'), 'utf8')
    const cruiser = readFileSync(resolve(import.meta.dirname, '../../.dependency-cruiser.mjs'), 'utf8')

    expect(session).toContain('transport: readOnly(createGraphTransport(')
    expect(cruiser).toContain("to: { path: '^src/graph/graph-writer\\\\.ts$' }")
  })
})
