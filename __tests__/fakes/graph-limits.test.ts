import { afterEach, describe, expect, it } from '@jest/globals'
import { startFakeCloud, trustFakeCertificate, type FakeCloud } from './fake-cloud.ts'
import {
  chargesFor,
  createGraphLimits,
  identityBudgetFor,
  scaledClock,
  type GraphLimits
} from './graph-limits.ts'
import { graphRequest } from './graph-response.ts'
import { contosoTenant } from './simulated-tenant.ts'

const NOW = new Date('2026-11-20T12:00:00Z')

function get(url: string) {
  return graphRequest('GET', url, {})
}

/** Limits on a hand-driven real-time clock (ms). */
function limitsAt(options: { tenantUsers?: number; timeScale?: number } = {}) {
  let realMs = 0
  const limits = createGraphLimits({
    tenantUsers: options.tenantUsers ?? 1000,
    timeScale: options.timeScale ?? 1,
    realNow: () => realMs
  })
  return {
    limits,
    advance: (ms: number) => {
      realMs += ms
    }
  }
}

function admitted(limits: GraphLimits, url: string): boolean {
  return limits.admit(get(url)) === undefined
}

describe('which documented limits a Graph request counts against', () => {
  it.each([
    ['/identity/conditionalAccess/policies', [{ limitClass: 'conditionalAccess', cost: 1 }]],
    ['/identity/conditionalAccess/namedLocations', [{ limitClass: 'conditionalAccess', cost: 1 }]],
    [
      "/users?$filter=userType eq 'Guest'&$select=id,signInActivity&$top=500",
      [
        { limitClass: 'signInActivity', cost: 1 },
        { limitClass: 'identityAndAccess', cost: 1 }
      ]
    ],
    [
      '/users?$filter=signInActivity/lastSignInDateTime eq null&$top=500',
      [
        { limitClass: 'signInActivity', cost: 1 },
        { limitClass: 'identityAndAccess', cost: 2 }
      ]
    ],
    [
      "/users?$filter=userType eq 'Guest'&$count=true&$top=1&$select=id",
      [{ limitClass: 'identityAndAccess', cost: 1 }]
    ],
    ['/users', [{ limitClass: 'identityAndAccess', cost: 2 }]],
    ['/policies/crossTenantAccessPolicy/partners', [{ limitClass: 'identityAndAccess', cost: 1 }]],
    [
      '/policies/crossTenantAccessPolicy/partners?$select=tenantId&$expand=identitySynchronization',
      [{ limitClass: 'identityAndAccess', cost: 1 }]
    ],
    [
      '/policies/crossTenantAccessPolicy/partners?$expand=identitySynchronization',
      [{ limitClass: 'identityAndAccess', cost: 2 }]
    ],
    ['/admin/sharepoint/settings', []],
    ['/auditLogs/directoryAudits', [{ limitClass: 'reports', cost: 1 }]]
  ])('GET %s costs %j', (url, charges) => {
    expect(chargesFor(get(url))).toEqual(charges)
  })

  it.each([
    [10, 3500],
    [49, 3500],
    [50, 5000],
    [500, 5000],
    [501, 8000],
    [275_000, 8000]
  ])('a tenant of %d users has an identity budget of %d resource units per 10 s', (users, budget) => {
    expect(identityBudgetFor(users)).toBe(budget)
  })
})

describe('the limits as token buckets', () => {
  it('given one Conditional Access read, then a second within the second is answered 429 without Retry-After', () => {
    const { limits, advance } = limitsAt()

    expect(admitted(limits, '/identity/conditionalAccess/policies')).toBe(true)
    advance(400)
    const answer = limits.admit(get('/identity/conditionalAccess/namedLocations'))

    expect(answer?.status).toBe(429)
    expect(answer?.headers).not.toHaveProperty('Retry-After')
    advance(600)
    expect(admitted(limits, '/identity/conditionalAccess/namedLocations')).toBe(true)
  })

  it('given ten signInActivity pages at once, then the eleventh waits six seconds, told by Retry-After', () => {
    const { limits, advance } = limitsAt()
    const page = "/users?$filter=userType eq 'Guest'&$select=signInActivity&$top=500"

    const firstTen = Array.from({ length: 10 }, () => admitted(limits, page))
    const eleventh = limits.admit(get(page))

    expect(firstTen.every(Boolean)).toBe(true)
    expect(eleventh?.status).toBe(429)
    expect(eleventh?.headers['Retry-After']).toBe('6')
    advance(5_900)
    expect(admitted(limits, page)).toBe(false)
    advance(100)
    expect(admitted(limits, page)).toBe(true)
  })

  it('given a small tenant, then the 3,501st resource unit within 10 s is throttled and the bucket refills at 350 a second', () => {
    const { limits, advance } = limitsAt({ tenantUsers: 20 })
    for (let index = 0; index < 3500; index++) admitted(limits, '/policies/authorizationPolicy')

    expect(limits.admit(get('/policies/authorizationPolicy'))?.headers['Retry-After']).toBe('1')
    advance(1000)
    const afterOneSecond = Array.from({ length: 351 }, () =>
      admitted(limits, '/policies/authorizationPolicy')
    )
    expect(afterOneSecond.filter(Boolean)).toHaveLength(350)
  })

  it('given a time scale of 0.01, then a simulated minute passes in 600 real ms', () => {
    const { limits, advance } = limitsAt({ timeScale: 0.01 })
    const page = "/users?$filter=userType eq 'Guest'&$select=signInActivity&$top=500"
    for (let index = 0; index < 10; index++) admitted(limits, page)

    expect(limits.admit(get(page))?.headers['Retry-After']).toBe('6')
    advance(60)
    expect(admitted(limits, page)).toBe(true)
    advance(540)
    const refilled = Array.from({ length: 10 }, () => admitted(limits, page))
    expect(refilled.filter(Boolean)).toHaveLength(9)
  })

  it('counts what it admitted and throttled per class, spends nothing on a throttled request, and starts over on reset', () => {
    const { limits } = limitsAt()
    admitted(limits, '/identity/conditionalAccess/policies')
    admitted(limits, '/identity/conditionalAccess/policies')
    admitted(limits, '/admin/sharepoint/settings')

    const stats = limits.stats()
    expect(stats).toMatchObject({ requests: 3, throttled: 1 })
    expect(stats.byClass.conditionalAccess).toEqual({ admitted: 1, admittedCost: 1, throttled: 1 })
    expect(limits.decisions.map((decision) => decision.throttled)).toEqual([false, true, false])

    limits.reset()
    expect(limits.stats().requests).toBe(0)
    expect(admitted(limits, '/identity/conditionalAccess/policies')).toBe(true)
  })
})

describe('scaledClock', () => {
  it('sleeps a scaled fraction of the simulated time while its now() runs scaled up', async () => {
    // Given real time that only moves when slept on
    let realNow = 0
    const realSleeps: number[] = []
    const real = {
      now: () => realNow,
      sleep: async (ms: number) => {
        realSleeps.push(ms)
        realNow += ms
      }
    }
    const clock = scaledClock(0.01, real)
    const before = clock.now()

    // When a client sleeps 2 simulated seconds
    await clock.sleep(2000)

    // Then 20 real ms pass, and the clock tells 2 simulated seconds more
    expect(realSleeps).toEqual([20])
    expect(clock.now() - before).toBe(2000)
  })
})

describe('the fake cloud with limits on', () => {
  let cloud: FakeCloud | undefined
  afterEach(async () => {
    await cloud?.close()
    cloud = undefined
  })

  it('answers each throttled $batch item 429 on its own, the others 200', async () => {
    trustFakeCertificate()
    const limits = createGraphLimits({ tenantUsers: 40 })
    cloud = await startFakeCloud({ tenant: contosoTenant({ now: NOW }), limits })
    const token = await accessToken(cloud)

    const response = await fetch(`${cloud.url}/v1.0/$batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: '/identity/conditionalAccess/policies' },
          { id: '2', method: 'GET', url: '/identity/conditionalAccess/namedLocations' },
          { id: '3', method: 'GET', url: '/policies/authorizationPolicy' }
        ]
      })
    })
    const body = (await response.json()) as { responses: { id: string; status: number; headers: object }[] }

    expect(response.status).toBe(200)
    const byId = Object.fromEntries(body.responses.map((item) => [item.id, item]))
    expect(byId['1']?.status).toBe(200)
    expect(byId['2']?.status).toBe(429)
    expect(byId['2']?.headers).not.toHaveProperty('Retry-After')
    expect(byId['3']?.status).toBe(200)
    expect(limits.stats().throttled).toBe(1)
  })

  it('answers a direct request over the limit 429 with Retry-After', async () => {
    trustFakeCertificate()
    const limits = createGraphLimits({
      tenantUsers: 40,
      overrides: { signInActivity: { amount: 1, windowMs: 60_000, capacity: 1, retryAfter: true } }
    })
    cloud = await startFakeCloud({ tenant: contosoTenant({ now: NOW }), limits })
    const token = await accessToken(cloud)
    const url = `${cloud.url}/v1.0/users?$select=id,signInActivity`

    const first = await fetch(url, { headers: { Authorization: `Bearer ${token}` } })
    const second = await fetch(url, { headers: { Authorization: `Bearer ${token}` } })

    expect(first.status).toBe(200)
    expect(second.status).toBe(429)
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(59)
  })
})

async function accessToken(cloud: FakeCloud): Promise<string> {
  const response = await fetch(`${cloud.url}/${cloud.tenant.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: cloud.clientId,
      client_secret: cloud.clientSecret,
      scope: `${cloud.url}/.default`
    })
  })
  const body = (await response.json()) as { access_token?: string }
  if (body.access_token === undefined) throw new Error(`No token: ${JSON.stringify(body)}`)
  return body.access_token
}
