import { describe, expect, it } from '@jest/globals'
import { guests } from '../../src/collectors/guests.js'
import { fastForwardClock } from '../../src/graph/clock.js'
import { BatchingGraphReader } from '../../src/graph/graph-reader.js'
import { GraphSender } from '../../src/graph/graph-sender.js'
import type { GraphTransport, RawRequest } from '../../src/graph/transport.js'

const NOW = new Date('2026-11-20T12:00:00Z')
const DAY = 86_400_000
const JSON_TYPE = { 'content-type': 'application/json' }

const USERS = [
  {
    id: 'g-recent',
    userType: 'Guest',
    createdDateTime: '2024-01-01T00:00:00Z',
    signInActivity: { lastSignInDateTime: new Date(NOW.getTime() - 3 * DAY).toISOString() }
  },
  {
    id: 'g-old',
    userType: 'Guest',
    createdDateTime: '2024-01-01T00:00:00Z',
    signInActivity: { lastSignInDateTime: new Date(NOW.getTime() - 200 * DAY).toISOString() }
  },
  { id: 'g-never', userType: 'Guest', createdDateTime: '2024-01-01T00:00:00Z' },
  {
    id: 'm-old',
    userType: 'Member',
    createdDateTime: '2024-01-01T00:00:00Z',
    signInActivity: { lastSignInDateTime: new Date(NOW.getTime() - 400 * DAY).toISOString() }
  }
]

/**
 * A Graph stand-in that ignores $filter and $top: every /users query lists every user (with the
 * collection's @odata.count when asked). Such a fake must not make anyone count twice.
 */
function filterIgnoringGraph(): GraphTransport {
  return {
    async send(request: RawRequest) {
      const url = new URL(request.url, 'https://graph.example/v1.0')
      if (!url.pathname.endsWith('/users')) {
        return { status: 404, headers: JSON_TYPE, text: '{"error":{"code":"NotFound","message":"no"}}' }
      }
      const body = {
        value: USERS,
        ...(url.searchParams.get('$count') === 'true' ? { '@odata.count': USERS.length } : {})
      }
      return { status: 200, headers: JSON_TYPE, text: JSON.stringify(body) }
    }
  }
}

describe('stale guests against a Graph stand-in that ignores $filter', () => {
  it('counts each stale guest once, members never, whatever the queries return', async () => {
    const clock = fastForwardClock()
    const sender = new GraphSender({
      transport: filterIgnoringGraph(),
      renewToken: () => undefined,
      clock,
      deadline: clock.now() + 30_000,
      requestTimeoutMs: 1000,
      maxConcurrency: 1,
      log: () => undefined
    })
    const graph = new BatchingGraphReader(sender, clock, 'https://graph.example')

    const result = await guests.collect({ graph, cloud: 'global', staleGuestDays: 90, now: NOW })

    expect(result.sections.guests?.stale).toBe(2)
  })
})
