import { describe, expect, it } from '@jest/globals'
import { graphRequest } from '../fakes/graph-response.ts'
import { createIndependentLimiter, familiesOf } from '../../scripts/bench-independent-limits.ts'

const SIGN_IN_PAGE =
  "/users?$filter=userType eq 'Guest'&$select=id,userType,createdDateTime,signInActivity&$top=500"

function get(url: string) {
  return graphRequest('GET', url, {})
}

/** A limiter on a clock the test moves (simulated ms = real ms). */
function limiterAt(tenantUsers = 250_000, signInActivityAlsoAny = false) {
  const clock = { now: 0 }
  const limiter = createIndependentLimiter({ tenantUsers, realNow: () => clock.now, signInActivityAlsoAny })
  return { clock, limiter }
}

describe('the independent limiter (Graph limits read literally, as sliding windows)', () => {
  it('given 10 signInActivity pages in a minute, then the 11th is refused until the first leaves the window', () => {
    const { clock, limiter } = limiterAt()
    for (let page = 0; page < 10; page++) {
      clock.now = page * 6000
      expect(limiter.admit(get(SIGN_IN_PAGE))).toBeUndefined()
    }

    clock.now = 59_000
    const refused = limiter.admit(get(SIGN_IN_PAGE))
    clock.now = 60_001
    const admitted = limiter.admit(get(SIGN_IN_PAGE))

    expect(refused?.status).toBe(429)
    expect(refused?.headers['Retry-After']).toBe('1')
    expect(admitted).toBeUndefined()
    // One app in one tenant: the per-app and the per-app-per-tenant windows are the same here.
    expect(Object.entries(limiter.refusals())).toEqual([[expect.stringMatching(/^signInActivity /), 1]])
  })

  it('refuses what a token bucket of 10 a minute admits: a full burst, then one more 6 s later', () => {
    const { clock, limiter } = limiterAt()
    for (let page = 0; page < 10; page++) expect(limiter.admit(get(SIGN_IN_PAGE))).toBeUndefined()

    clock.now = 6000

    expect(limiter.admit(get(SIGN_IN_PAGE))?.headers['Retry-After']).toBe('54')
  })

  it('counts signInActivity per app across all tenants: a second tenant of the same app waits, another app does not', () => {
    const { limiter } = limiterAt()
    const contoso = { app: 'drift-app', tenant: 'contoso' }
    for (let page = 0; page < 10; page++) limiter.admit(get(SIGN_IN_PAGE), contoso)

    const sameAppOtherTenant = limiter.admit(get(SIGN_IN_PAGE), { app: 'drift-app', tenant: 'fabrikam' })
    const otherAppOtherTenant = limiter.admit(get(SIGN_IN_PAGE), { app: 'fabrikam-app', tenant: 'fabrikam' })

    expect(sameAppOtherTenant?.status).toBe(429)
    expect(otherAppOtherTenant).toBeUndefined()
    expect(limiter.refusals()).toEqual({ 'signInActivity (app)': 1 })
  })

  it('allows one Conditional Access read a second per tenant for all apps, and refuses without Retry-After', () => {
    const { clock, limiter } = limiterAt()
    expect(limiter.admit(get('/identity/conditionalAccess/policies'))).toBeUndefined()

    clock.now = 500
    const otherApp = limiter.admit(get('/identity/conditionalAccess/namedLocations'), {
      app: 'another-app',
      tenant: 'tenant'
    })
    clock.now = 1000.5
    const nextSecond = limiter.admit(get('/identity/conditionalAccess/namedLocations'))

    expect(otherApp?.status).toBe(429)
    expect(otherApp?.headers['Retry-After']).toBeUndefined()
    expect(nextSecond).toBeUndefined()
  })

  it('in the strict reading, also counts signInActivity pages as report requests: five in any 10 s', () => {
    const { clock, limiter } = limiterAt(250_000, true)
    for (let page = 0; page < 5; page++) expect(limiter.admit(get(SIGN_IN_PAGE))).toBeUndefined()

    clock.now = 6000
    const sixth = limiter.admit(get(SIGN_IN_PAGE))

    expect(sixth?.headers['Retry-After']).toBe('4')
    expect(limiter.refusals()).toEqual({ 'reports (app+tenant)': 1 })
  })

  it('allows the audit log five requests per 10 s per app per tenant', () => {
    const { limiter } = limiterAt()
    const page = get('/auditLogs/directoryAudits?$filter=activityDateTime ge 2026-11-01T00:00:00Z')
    for (let request = 0; request < 5; request++) expect(limiter.admit(page)).toBeUndefined()

    expect(limiter.admit(page)?.headers['Retry-After']).toBe('10')
  })

  it.each([
    ['/users', 2],
    ['/users?$select=id', 1],
    ['/users?$top=10', 1],
    ['/users/4e0a7c51-0000-4000-8000-000000000001', 1],
    ['/users/4e0a7c51-0000-4000-8000-000000000001/memberOf', 2],
    ['/groups/4e0a7c51-0000-4000-8000-000000000001/transitiveMembers', 5],
    ['/policies/crossTenantAccessPolicy/partners?$expand=identitySynchronization', 2],
    ['/policies/authorizationPolicy?$select=allowInvitesFrom', 1],
    ['/organization', 1]
  ])('charges GET %s %i resource units against the identity-and-access quota', (url, units) => {
    expect(familiesOf(get(url)).get('identity')).toBe(units)
  })

  it('sizes the identity quota by the tenant: 3,500 resource units per 10 s under 50 users', () => {
    const { limiter } = limiterAt(10)
    for (let request = 0; request < 1750; request++) limiter.admit(get('/users'))

    expect(limiter.admit(get('/users'))?.status).toBe(429)
    expect(limiter.refusals()).toEqual({ 'identity (app+tenant)': 1 })
  })

  it('charges neither SharePoint settings nor a signInActivity-free user list to the reports limits', () => {
    expect([...familiesOf(get('/admin/sharepoint/settings')).keys()]).toEqual(['global'])
    expect(familiesOf(get('/users?$select=id,userType')).has('signInActivity')).toBe(false)
  })
})
