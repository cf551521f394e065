import { afterEach, describe, expect, it } from '@jest/globals'
import { blockingProblems, collectSnapshot } from '../../src/collectors/collect.js'
import { isStale } from '../../src/collectors/sign-in-activity.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { validateSnapshotDocument } from '../../src/core/baseline/snapshot-schema.js'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import {
  cloneTenant,
  contosoTenant,
  CONTOSO_PARTNERS,
  CONTOSO_TENANT_ID,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { openTestGraph, startTestCloud } from '../support/graph-fixture.js'

const NOW = new Date('2026-11-20T12:00:00Z')
let cloud: FakeCloud | undefined

afterEach(async () => {
  await cloud?.close()
  cloud = undefined
})

async function collect(tenant: SimulatedTenant, options: { staleGuestDays?: number } = {}) {
  cloud = await startTestCloud(tenant)
  const { graph } = openTestGraph(cloud)
  const collection = await collectSnapshot(graph, {
    tenantId: tenant.tenantId,
    cloud: 'global',
    staleGuestDays: options.staleGuestDays ?? 90,
    now: NOW
  })
  return { ...collection, graph, cloud }
}

/** What the tenant really holds, counted from the simulation itself. */
function expectedGuestFigures(tenant: SimulatedTenant, days: number) {
  let total = 0
  let pending = 0
  let stale = 0
  let externalMembers = 0
  const cutoff = NOW.getTime() - days * 86_400_000
  for (let index = 0; index < tenant.users.size; index++) {
    const user = tenant.users.at(index)
    if (user.externalUserState === 'PendingAcceptance') pending++
    if (user.userType === 'Member' && user.externalUserState !== null) externalMembers++
    if (user.userType !== 'Guest') continue
    total++
    if (isStale(user as never, cutoff)) stale++
  }
  return { total, pending, stale, externalMembers }
}

describe('collecting a tenant through Graph', () => {
  it('given Contoso, then the snapshot holds every partner, sync policy, CA policy, named location and guest figure', async () => {
    const tenant = contosoTenant({ now: NOW })

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([])
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(Object.keys(snapshot.partners ?? {}).sort()).toEqual(Object.values(CONTOSO_PARTNERS).sort())
    expect(Object.keys(snapshot.identitySynchronization ?? {}).sort()).toEqual(
      Object.values(CONTOSO_PARTNERS).sort()
    )
    for (const [partner, policy] of Object.entries(snapshot.identitySynchronization ?? {})) {
      const simulated = tenant.identitySynchronization[partner]
      if (simulated === undefined) expect(policy).toBeNull()
      else expect(policy).toMatchObject({ tenantId: partner, displayName: simulated.displayName as string })
    }
    expect(Object.keys(snapshot.conditionalAccessPolicies ?? {}).sort()).toEqual(
      tenant.conditionalAccessPolicies.map((policy) => policy.id as string).sort()
    )
    expect(Object.keys(snapshot.namedLocations ?? {}).sort()).toEqual(
      tenant.namedLocations.map((location) => location.id as string).sort()
    )
    const figures = expectedGuestFigures(tenant, 90)
    expect(snapshot.guests).toEqual({
      total: figures.total,
      pendingAcceptance: figures.pending,
      externalMembers: figures.externalMembers,
      staleAfterDays: 90,
      stale: figures.stale,
      staleDefinition:
        'guests with no sign-in (interactive, non-interactive or successful) for 90 days; guests who never signed in are included once their account is older than 90 days'
    })
    expect(snapshot.guests?.stale).toBeGreaterThan(0)
    expect(snapshot.guests?.externalMembers).toBe(2)
    expect(snapshot.authorizationPolicy?.allowInvitesFrom).toBe(tenant.authorizationPolicy.allowInvitesFrom)
    expect(snapshot.multiTenantOrganization?.state).toBe(tenant.multiTenantOrganization.state)
    expect(snapshot.sharepointSettings?.sharingCapability).toBe(tenant.sharepointSettings.sharingCapability)
    expect(snapshot.crossTenantAccessPolicy).toBeDefined()
    expect(snapshot.default?.inboundTrust).toEqual(tenant.default.inboundTrust)
  })

  it('leaves out what changes without anyone changing the policy: annotations and timestamps', async () => {
    const { snapshot } = await collect(contosoTenant({ now: NOW }))

    const text = serializeSnapshot(snapshot)
    expect(text).not.toContain('@odata')
    expect(text).not.toContain('modifiedDateTime')
    expect(text).not.toContain('createdDateTime')
    const partner = snapshot.partners?.[CONTOSO_PARTNERS.fabrikam]
    expect(partner).not.toHaveProperty('identitySynchronization')
  })

  it('given an unchanged tenant, then two snapshots are identical but for capturedAt', async () => {
    const tenant = contosoTenant({ now: NOW })
    const first = await collect(tenant)
    await cloud?.close()
    const second = await collect(tenant)

    const withoutTime = (text: string) => text.replace(/"capturedAt": "[^"]+"/, '')
    expect(withoutTime(serializeSnapshot(second.snapshot))).toBe(
      withoutTime(serializeSnapshot(first.snapshot))
    )
  })

  it('given the same tenant served in another order and with partners paged, then the snapshot is the same', async () => {
    const tenant = contosoTenant({ now: NOW })
    const reordered = cloneTenant(tenant)
    reordered.partners.reverse()
    reordered.conditionalAccessPolicies.reverse()
    reordered.pageSizes = { partners: 1, conditionalAccessPolicies: 2, namedLocations: 1 }
    const first = await collect(tenant)
    await cloud?.close()

    const second = await collect(reordered)

    expect({ ...second.snapshot, capturedAt: '' }).toEqual({ ...first.snapshot, capturedAt: '' })
    expect(second.cloud.graphRequests().some((request) => request.path.includes('$skiptoken'))).toBe(true)
  })

  it('reads independent resources together in $batch requests, with ConsistencyLevel on the count items', async () => {
    const { cloud: fake } = await collect(contosoTenant({ now: NOW }))

    const outer = fake.requests.filter(
      (request) => request.path.startsWith('/v1.0') && request.batchId === undefined
    )
    const batches = outer.filter((request) => request.path === '/v1.0/$batch')
    expect(batches.length).toBeGreaterThan(0)
    expect(outer.length).toBeLessThanOrEqual(6)
    const counts = fake.graphRequests().filter((request) => request.path.includes('$top=1'))
    // Guests, pending invitations, and external members in each of the two invitation states.
    expect(counts.length).toBe(4)
    for (const request of counts) expect(request.headers.consistencylevel).toBe('eventual')
  })

  it('never writes to Graph: only GET, and POST to $batch carrying GETs', async () => {
    const { cloud: fake } = await collect(contosoTenant({ now: NOW }))

    for (const request of fake.requests.filter((entry) => entry.path.startsWith('/v1.0'))) {
      if (request.batchId !== undefined || request.method === 'GET') expect(request.method).toBe('GET')
      else expect(`${request.method} ${request.path}`).toBe('POST /v1.0/$batch')
    }
  })

  it('given SharePointTenantSettings.Read.All is not granted, then only that section is unavailable and names the permission', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('SharePointTenantSettings.Read.All')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([
      expect.objectContaining({ section: 'sharepointSettings', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('SharePointTenantSettings.Read.All')
    expect(snapshot.sharepointSettings).toBeUndefined()
    expect(snapshot.unavailable?.sharepointSettings).toContain('403')
    expect(snapshot.partners).toBeDefined()
    expect(blockingProblems(problems)).toEqual([])
  })

  it('given a Graph that does not offer SharePoint settings (404), then that optional section is unavailable, not a fault', async () => {
    cloud = await startTestCloud(contosoTenant({ now: NOW }))
    cloud.faults.inject({ match: '/admin/sharepoint/settings', times: Infinity, fault: { status: 404 } })
    const { graph } = openTestGraph(cloud)

    const { snapshot, problems } = await collectSnapshot(graph, {
      tenantId: CONTOSO_TENANT_ID,
      cloud: 'global',
      staleGuestDays: 90,
      now: NOW
    })

    expect(snapshot.unavailable?.sharepointSettings).toContain('404')
    expect(blockingProblems(problems)).toEqual([])
  })

  it('given no AuditLog.Read.All, then the stale count is unavailable, never 0, and the run may go on', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('AuditLog.Read.All')

    const { snapshot, problems } = await collect(tenant)

    expect(snapshot.guests?.stale).toBeUndefined()
    expect(snapshot.guests?.total).toBeGreaterThan(0)
    expect(snapshot.unavailable?.['guests.stale']).toContain('AuditLog.Read.All')
    expect(blockingProblems(problems)).toEqual([])
  })

  it('given a tenant without Entra ID P1, then the stale count is unavailable and says the licence is missing', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.premium = false

    const { snapshot } = await collect(tenant)

    expect(snapshot.guests?.stale).toBeUndefined()
    expect(snapshot.unavailable?.['guests.stale']).toContain('P1/P2')
  })

  it('given Policy.Read.All is missing, then the core sections are blocking problems that name the permission', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('Policy.Read.All')

    const { snapshot, problems } = await collect(tenant)

    const blocking = blockingProblems(problems)
    expect(blocking.map((problem) => problem.section).sort()).toEqual(
      [
        'authorizationPolicy',
        'conditionalAccessPolicies',
        'crossTenantAccessPolicy',
        'default',
        'identitySynchronization',
        'namedLocations',
        'partners'
      ].sort()
    )
    for (const problem of blocking) expect(problem.reason).toContain('Policy.Read.All')
    expect(snapshot.guests?.total).toBeGreaterThan(0)
  })

  it('given stale-guest-days 0, then no sign-in activity is read at all', async () => {
    const { snapshot, cloud: fake } = await collect(contosoTenant({ now: NOW }), { staleGuestDays: 0 })

    expect(snapshot.guests).not.toHaveProperty('stale')
    expect(fake.graphRequests().some((request) => request.path.includes('signInActivity'))).toBe(false)
  })

  it('given Contoso, then the partner list is read once, with the sync policies expanded into it', async () => {
    const tenant = contosoTenant({ now: NOW })

    const { snapshot, problems, cloud: fake } = await collect(tenant)

    expect(problems).toEqual([])
    const partnerLists = fake
      .graphRequests()
      .filter((request) => /^\/v1\.0\/policies\/crossTenantAccessPolicy\/partners(\?|$)/.test(request.path))
    expect(partnerLists.map((request) => request.path)).toEqual([
      '/v1.0/policies/crossTenantAccessPolicy/partners?$expand=identitySynchronization'
    ])
    expect(
      fake.graphRequests().some((request) => /partners\/[^/?]+\/identitySynchronization/.test(request.path))
    ).toBe(false)
    expect(Object.keys(snapshot.partners ?? {}).sort()).toEqual(
      Object.keys(snapshot.identitySynchronization ?? {}).sort()
    )
    for (const partner of Object.values(snapshot.partners ?? {}))
      expect(partner).not.toHaveProperty('identitySynchronization')
  })

  it('given a Graph that refuses $expand without $select, then the partners and the documented $select=tenantId expansion are read instead, with the same snapshot', async () => {
    const clean = await collect(contosoTenant({ now: NOW }))
    await cloud?.close()
    cloud = await startTestCloud(contosoTenant({ now: NOW }))
    cloud.faults.inject({
      match: /partners\?\$expand=identitySynchronization$/,
      times: Infinity,
      fault: { status: 400 }
    })
    const { graph } = openTestGraph(cloud)

    const { snapshot, problems } = await collectSnapshot(graph, {
      tenantId: CONTOSO_TENANT_ID,
      cloud: 'global',
      staleGuestDays: 90,
      now: NOW
    })

    expect(problems).toEqual([])
    const paths = cloud.graphRequests().map((request) => request.path)
    expect(paths).toContain('/v1.0/policies/crossTenantAccessPolicy/partners')
    expect(paths).toContain(
      '/v1.0/policies/crossTenantAccessPolicy/partners?$select=tenantId&$expand=identitySynchronization'
    )
    expect(paths.some((path) => /partners\/[^/?]+\/identitySynchronization/.test(path))).toBe(false)
    expect(snapshot.partners).toEqual(clean.snapshot.partners)
    expect(snapshot.identitySynchronization).toEqual(clean.snapshot.identitySynchronization)
  })

  it('given a Graph that refuses the documented $expand of sync policies, then each partner is read on its own, 404 meaning none', async () => {
    const tenant = contosoTenant({ now: NOW })
    cloud = await startTestCloud(tenant)
    cloud.faults.inject({
      match: /\$expand=identitySynchronization/,
      times: Infinity,
      fault: { status: 400 }
    })
    const { graph } = openTestGraph(cloud)

    const { snapshot, problems } = await collectSnapshot(graph, {
      tenantId: CONTOSO_TENANT_ID,
      cloud: 'global',
      staleGuestDays: 90,
      now: NOW
    })

    expect(problems).toEqual([])
    const perPartner = cloud
      .graphRequests()
      .filter((request) => /partners\/[^/?]+\/identitySynchronization/.test(request.path))
    expect(perPartner).toHaveLength(Object.keys(CONTOSO_PARTNERS).length)
    const fabrikamSync = snapshot.identitySynchronization?.[CONTOSO_PARTNERS.fabrikam]
    expect(fabrikamSync).not.toBeNull()
    expect(snapshot.identitySynchronization?.[CONTOSO_PARTNERS.tailspin]).toBeNull()
  })
})

describe("partners' organisation names (findTenantInformationByTenantId)", () => {
  const lookups = (fake: FakeCloud) =>
    fake.graphRequests().filter((request) => request.path.includes('findTenantInformationByTenantId'))

  it('given Contoso, then each partner is looked up once and its name and default domain are in the snapshot', async () => {
    const { snapshot, problems, cloud: fake } = await collect(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    expect(lookups(fake)).toHaveLength(Object.keys(CONTOSO_PARTNERS).length)
    expect(snapshot.tenantInformation?.[CONTOSO_PARTNERS.fabrikam]).toEqual({
      tenantId: CONTOSO_PARTNERS.fabrikam,
      displayName: 'Fabrikam, Ltd',
      defaultDomainName: 'fabrikam.onmicrosoft.com',
      federationBrandName: null
    })
    expect(Object.keys(snapshot.tenantInformation ?? {})).toEqual(Object.values(CONTOSO_PARTNERS).sort())
  })

  it('given a partner the directory does not know (404), then that partner has no entry and the others are named', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    delete tenant.tenantDirectory?.[CONTOSO_PARTNERS.northwind]

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([])
    expect(Object.keys(snapshot.tenantInformation ?? {}).sort()).toEqual(
      [CONTOSO_PARTNERS.fabrikam, CONTOSO_PARTNERS.tailspin].sort()
    )
  })

  it('given CrossTenantInformation.ReadBasic.All is not granted, then one lookup is tried, the names are unavailable and name the permission, and the run goes on', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('CrossTenantInformation.ReadBasic.All')

    const { snapshot, problems, cloud: fake } = await collect(tenant)

    expect(lookups(fake)).toHaveLength(1)
    expect(problems).toEqual([
      expect.objectContaining({ section: 'tenantInformation', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('CrossTenantInformation.ReadBasic.All')
    expect(blockingProblems(problems)).toEqual([])
    expect(snapshot.tenantInformation).toBeUndefined()
    expect(snapshot.unavailable?.tenantInformation).toContain('403')
    expect(Object.keys(snapshot.partners ?? {})).toHaveLength(Object.keys(CONTOSO_PARTNERS).length)
  })

  it('given a lookup answered with something that is not JSON, then the names are unavailable but nothing else is lost', async () => {
    cloud = await startTestCloud(contosoTenant({ now: NOW }))
    cloud.faults.inject({
      match: `/tenantRelationships/findTenantInformationByTenantId(tenantId='${CONTOSO_PARTNERS.tailspin}')`,
      fault: { kind: 'notJson' }
    })
    const { graph } = openTestGraph(cloud)

    const { snapshot, problems } = await collectSnapshot(graph, {
      tenantId: CONTOSO_TENANT_ID,
      cloud: 'global',
      staleGuestDays: 90,
      now: NOW
    })

    expect(problems).toEqual([
      expect.objectContaining({ section: 'tenantInformation', status: 'unavailable', core: false })
    ])
    expect(blockingProblems(problems)).toEqual([])
    expect(snapshot.tenantInformation).toBeUndefined()
    expect(snapshot.identitySynchronization?.[CONTOSO_PARTNERS.fabrikam]).not.toBeNull()
  })
})
