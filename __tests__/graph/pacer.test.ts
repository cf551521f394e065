import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../../src/graph/clock.js'
import { DOCUMENTED_LIMITS, Pacer, resourceUnitCost } from '../../src/graph/pacer.js'
import { createGraphLimits, scaledClock } from '../fakes/graph-limits.ts'
import { graphRequest } from '../fakes/graph-response.ts'

/** A clock that only moves when someone sleeps on it. */
function manualClock(): Clock & { slept: number[] } {
  let now = 0
  const slept: number[] = []
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms
    }
  }
}

describe('Pacer with costs (the resource-unit budget)', () => {
  it('given 10 requests a minute and a burst of 5, then no 60-second window ever holds more than 10', async () => {
    const clock = manualClock()
    const pacer = new Pacer({ requests: 10, windowMs: 60_000, burst: 5 }, clock)
    const sentAt: number[] = []
    for (let request = 0; request < 40; request += 1) {
      await pacer.acquire()
      sentAt.push(clock.now())
    }

    const busiest = (windowMs: number) =>
      Math.max(...sentAt.map((start) => sentAt.filter((t) => t >= start && t < start + windowMs).length))
    expect(busiest(60_000)).toBe(10)
    // nor any window a round trip's jitter longer (the guard: a fiftieth of the window)
    expect(busiest(61_200)).toBe(10)
    // and the pace is still the documented one, less the guard: 40 requests in under 4 minutes
    expect(sentAt.at(-1)).toBeLessThan(4 * 60_000)
  })

  it('given requests sent exactly a window apart, then the next waits for the guard too: a round trip later they could arrive inside one window', async () => {
    const clock = manualClock()
    const pacer = new Pacer({ requests: 1, windowMs: 60_000, burst: 1 }, clock)

    await pacer.acquire()
    await pacer.acquire()

    expect(clock.now()).toBe(61_200)
  })

  it('given 10 tokens a second and a burst of 10, then costs of 4, 4 and 4 make the third wait until the first leaves the window', async () => {
    const clock = manualClock()
    const pacer = new Pacer({ requests: 10, windowMs: 1000, burst: 10 }, clock)

    await pacer.acquire(4)
    await pacer.acquire(4)
    await pacer.acquire(4)

    // The bucket has 2 tokens again at 200 ms, but Microsoft states a limit as at most 10 in any
    // second: 12 would be, so the third waits until the first 4 leave the window at 1,000 ms (and
    // its guard, 20 ms).
    expect(clock.slept).toEqual([200, 820])
    expect(clock.now()).toBe(1020)
  })

  it('given a cost above the burst, then it waits for a full bucket instead of forever', async () => {
    const clock = manualClock()
    const pacer = new Pacer({ requests: 1, windowMs: 1000, burst: 2 }, clock)
    await pacer.acquire(2)

    await pacer.acquire(5)

    expect(clock.slept).toEqual([2000])
  })

  it('serves callers in the order they asked, each paying its own cost', async () => {
    const clock = manualClock()
    const pacer = new Pacer({ requests: 1, windowMs: 1000, burst: 1 }, clock)
    const order: string[] = []

    await Promise.all([
      pacer.acquire().then(() => order.push(`a@${clock.now()}`)),
      pacer.acquire().then(() => order.push(`b@${clock.now()}`)),
      pacer.acquire().then(() => order.push(`c@${clock.now()}`))
    ])

    // A second apart by the bucket, and a fiftieth of the window more by the guard.
    expect(order).toEqual(['a@0', 'b@1020', 'c@2040'])
  })
})

describe('resourceUnitCost: the documented identity-and-access costs', () => {
  it.each([
    ['/users', 2],
    ["/users?$filter=userType eq 'Guest'&$count=true&$top=1&$select=id", 1],
    ['/users?$filter=signInActivity/lastSignInDateTime eq null&$select=id,signInActivity&$top=500', 1],
    ['/policies/crossTenantAccessPolicy', 1],
    ['/policies/crossTenantAccessPolicy/partners?$select=tenantId&$expand=identitySynchronization', 1],
    ['/policies/crossTenantAccessPolicy/partners?$expand=identitySynchronization', 2],
    [
      '/policies/crossTenantAccessPolicy/partners/7d1c0a52-3e4f-4b6a-9c8d-1e2f3a4b5c6d/identitySynchronization',
      1
    ],
    ['https://graph.microsoft.com/v1.0/users?$select=id,signInActivity&$top=500&$skiptoken=abc', 1]
  ])('%s costs %d', (path, units) => {
    expect(resourceUnitCost(path)).toBe(units)
  })

  it.each([
    '/identity/conditionalAccess/policies',
    '/admin/sharepoint/settings',
    '/tenantRelationships/multiTenantOrganization'
  ])('%s is outside the budget', (path) => {
    expect(resourceUnitCost(path)).toBeUndefined()
  })

  it('agrees with the fake Graph on every read the collectors make', () => {
    const paths = [
      '/users?$filter=signInActivity/lastSignInDateTime le 2026-08-22T12:00:00Z&$count=true&$select=id,userType,createdDateTime,signInActivity&$top=500',
      "/users?$filter=externalUserState eq 'PendingAcceptance'&$count=true&$top=1&$select=id",
      '/policies/authorizationPolicy',
      '/policies/crossTenantAccessPolicy/default'
    ]
    for (const path of paths) {
      const service = createGraphLimits({ tenantUsers: 1000 })
      const charges = service.admit(graphRequest('GET', path, {}))
      expect(charges).toBeUndefined()
      const identity = service.decisions[0]?.charges.find(
        (charge) => charge.limitClass === 'identityAndAccess'
      )
      expect(identity?.cost).toBe(resourceUnitCost(path))
    }
  })
})

describe('DOCUMENTED_LIMITS against a service that enforces the documented limits', () => {
  it('given 40 signInActivity pages paced by the client, then the service throttles none', async () => {
    // The client paces on its clock; the service counts on the same time line, one simulated minute in 60 real ms.
    const timeScale = 0.001
    const clock = scaledClock(timeScale)
    const service = createGraphLimits({ tenantUsers: 1000, timeScale })
    const pacer = new Pacer(DOCUMENTED_LIMITS.signInActivity, clock)
    const page = "/users?$filter=userType eq 'Guest'&$select=id,signInActivity&$top=500"

    for (let index = 0; index < 40; index++) {
      await pacer.acquire()
      service.admit(graphRequest('GET', page, {}))
    }

    expect(service.stats().throttled).toBe(0)
    expect(service.stats().byClass.signInActivity.admitted).toBe(40)
  })

  it('given 30 audit-log pages paced by the client, then the reports limit (5 per 10 s) throttles none', async () => {
    const timeScale = 0.01
    const clock = scaledClock(timeScale)
    const service = createGraphLimits({ tenantUsers: 1000, timeScale })
    const pacer = new Pacer(DOCUMENTED_LIMITS.reports, clock)
    const page = '/auditLogs/directoryAudits?$filter=activityDateTime ge 2026-11-19T12:00:00Z'

    for (let index = 0; index < 30; index++) {
      await pacer.acquire()
      service.admit(graphRequest('GET', page, {}))
    }

    expect(service.stats().throttled).toBe(0)
    expect(service.stats().byClass.reports.admitted).toBe(30)
  })

  it('given the same 30 audit-log pages unpaced, then the service throttles all but its 5', () => {
    const service = createGraphLimits({ tenantUsers: 1000 })
    const page = '/auditLogs/directoryAudits?$filter=activityDateTime ge 2026-11-19T12:00:00Z'

    for (let index = 0; index < 30; index++) service.admit(graphRequest('GET', page, {}))

    expect(service.stats().throttled).toBe(25)
  })

  it('given the same 40 pages unpaced, then the service throttles all but its burst', () => {
    const service = createGraphLimits({ tenantUsers: 1000 })
    const page = "/users?$filter=userType eq 'Guest'&$select=id,signInActivity&$top=500"

    for (let index = 0; index < 40; index++) service.admit(graphRequest('GET', page, {}))

    expect(service.stats().throttled).toBe(30)
  })
})
