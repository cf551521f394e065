import { describe, expect, it } from '@jest/globals'
import { readCollection } from '../../src/collectors/collector.js'
import { fastForwardClock } from '../../src/graph/clock.js'
import { BatchingGraphReader } from '../../src/graph/graph-reader.js'
import { GraphSender } from '../../src/graph/graph-sender.js'
import type { GraphTransport, RawRequest } from '../../src/graph/transport.js'

const ENDPOINT = 'https://graph-proxy.contoso.example'
const JSON_TYPE = { 'content-type': 'application/json' }

/** A scripted Graph: answers by URL, records what was asked. */
function scriptedGraph(pages: Record<string, unknown>): { transport: GraphTransport; asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    transport: {
      async send(request: RawRequest) {
        asked.push(request.url)
        const page = pages[request.url]
        if (page === undefined)
          return { status: 404, headers: JSON_TYPE, text: '{"error":{"code":"NotFound","message":"no"}}' }
        return { status: 200, headers: JSON_TYPE, text: JSON.stringify(page) }
      }
    }
  }
}

function readerOver(transport: GraphTransport): BatchingGraphReader {
  const clock = fastForwardClock()
  const sender = new GraphSender({
    transport,
    renewToken: () => undefined,
    clock,
    deadline: clock.now() + 10_000,
    requestTimeoutMs: 1000,
    maxConcurrency: 2,
    log: () => undefined
  })
  return new BatchingGraphReader(sender, clock, ENDPOINT)
}

describe('following @odata.nextLink', () => {
  it('given a nextLink on graph.microsoft.com behind a configured endpoint, then the next page is read from the endpoint', async () => {
    const graph = scriptedGraph({
      '/policies/crossTenantAccessPolicy/partners': {
        value: [{ tenantId: 'a' }],
        '@odata.nextLink':
          'https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners?$skiptoken=X1'
      },
      '/policies/crossTenantAccessPolicy/partners?$skiptoken=X1': { value: [{ tenantId: 'b' }] }
    })

    const read = await readCollection(
      readerOver(graph.transport),
      '/policies/crossTenantAccessPolicy/partners'
    )

    expect(read.ok && read.value.map((item) => item.tenantId)).toEqual(['a', 'b'])
    expect(graph.asked).toEqual([
      '/policies/crossTenantAccessPolicy/partners',
      '/policies/crossTenantAccessPolicy/partners?$skiptoken=X1'
    ])
  })

  it('given a nextLink outside Graph v1.0, then it is not followed and the list is a failed read, never a short one', async () => {
    const graph = scriptedGraph({
      '/identity/conditionalAccess/policies': {
        value: [{ id: 'p1' }],
        '@odata.nextLink': 'https://attacker.example/collect?token=please'
      }
    })

    const read = await readCollection(readerOver(graph.transport), '/identity/conditionalAccess/policies')

    expect(read.ok).toBe(false)
    expect(graph.asked).toEqual(['/identity/conditionalAccess/policies'])
  })
})
