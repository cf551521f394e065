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

describe('reads under the beta root (sections Graph serves only in beta)', () => {
  /** A Graph that answers every read and every batch item with an empty page, and records the version root of each request. */
  function recordingGraph(): {
    transport: GraphTransport
    sent: { url: string; version: string; items?: string[] }[]
  } {
    const sent: { url: string; version: string; items?: string[] }[] = []
    return {
      sent,
      transport: {
        async send(request: RawRequest) {
          const version = request.version ?? 'v1.0'
          if (request.url === '/$batch') {
            const requests = (request.body as { requests: { id: string; url: string }[] }).requests
            sent.push({ url: request.url, version, items: requests.map((item) => item.url).sort() })
            const responses = requests.map((item) => ({
              id: item.id,
              status: 200,
              headers: JSON_TYPE,
              body: { value: [] }
            }))
            return { status: 200, headers: JSON_TYPE, text: JSON.stringify({ responses }) }
          }
          sent.push({ url: request.url, version })
          return { status: 200, headers: JSON_TYPE, text: JSON.stringify({ value: [] }) }
        }
      }
    }
  }

  it('given v1.0 and beta reads in the same tick, then each version root gets its own $batch', async () => {
    const graph = recordingGraph()
    const reader = readerOver(graph.transport)

    await Promise.all([
      reader.get('/policies/crossTenantAccessPolicy/partners'),
      reader.get('/identity/conditionalAccess/policies'),
      reader.get('/policies/b2bManagementPolicies', { apiVersion: 'beta' }),
      reader.get('/policies/featureRolloutPolicies', { apiVersion: 'beta' })
    ])

    expect(graph.sent).toEqual([
      {
        url: '/$batch',
        version: 'v1.0',
        items: ['/identity/conditionalAccess/policies', '/policies/crossTenantAccessPolicy/partners']
      },
      {
        url: '/$batch',
        version: 'beta',
        items: ['/policies/b2bManagementPolicies', '/policies/featureRolloutPolicies']
      }
    ])
  })

  it("given a beta read's nextLink under /beta, then it is followed on the beta root; a v1.0 read's link into /beta is not", async () => {
    const pages: Record<string, unknown> = {
      '/policies/b2bManagementPolicies': {
        value: [{ id: 'a' }],
        '@odata.nextLink': 'https://graph.microsoft.com/beta/policies/b2bManagementPolicies?$skiptoken=X1'
      },
      '/policies/b2bManagementPolicies?$skiptoken=X1': { value: [{ id: 'b' }] },
      '/identity/conditionalAccess/policies': {
        value: [{ id: 'p1' }],
        '@odata.nextLink': 'https://graph.microsoft.com/beta/identity/conditionalAccess/policies?$skiptoken=Y'
      }
    }
    const versions: string[] = []
    const transport: GraphTransport = {
      async send(request: RawRequest) {
        versions.push(`${request.version ?? 'v1.0'} ${request.url}`)
        return { status: 200, headers: JSON_TYPE, text: JSON.stringify(pages[request.url] ?? { value: [] }) }
      }
    }

    const beta = await readCollection(readerOver(transport), '/policies/b2bManagementPolicies', {
      apiVersion: 'beta'
    })
    const v1 = await readCollection(readerOver(transport), '/identity/conditionalAccess/policies')

    expect(beta.ok && beta.value.map((item) => item.id)).toEqual(['a', 'b'])
    expect(v1.ok).toBe(false)
    expect(versions).toEqual([
      'beta /policies/b2bManagementPolicies',
      'beta /policies/b2bManagementPolicies?$skiptoken=X1',
      'v1.0 /identity/conditionalAccess/policies'
    ])
  })
})
