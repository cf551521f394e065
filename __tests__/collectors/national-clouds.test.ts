import { afterEach, describe, expect, it } from '@jest/globals'
import { collectSnapshot } from '../../src/collectors/collect.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { validateSnapshotDocument } from '../../src/core/baseline/snapshot-schema.js'
import type { CloudName } from '../../src/core/model/snapshot.js'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import {
  cloneTenant,
  contosoTenant,
  CONTOSO_PARTNERS,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { openTestGraph, startTestCloud } from '../support/graph-fixture.js'

/*
 * Contoso as a national cloud's Graph v1.0 serves it. The US Government (v1.0-Fairfax.csdl) and
 * China (v1.0-Mooncake.csdl) schemas in microsoftgraph/msgraph-metadata have no allowedCloudEndpoints
 * on the policy, no tenantRestrictions, m365CollaborationInbound/Outbound or appServiceConnectInbound
 * on the default and the partners, and no isInMultiTenantOrganization on a partner; both have the
 * partners' identitySynchronization.
 */
const NOT_IN_NATIONAL_CLOUDS = [
  'tenantRestrictions',
  'm365CollaborationInbound',
  'm365CollaborationOutbound',
  'appServiceConnectInbound'
]

function servedByNationalCloud(tenant: SimulatedTenant): SimulatedTenant {
  const national = cloneTenant(tenant)
  delete national.crossTenantAccessPolicy.allowedCloudEndpoints
  for (const property of NOT_IN_NATIONAL_CLOUDS) delete national.default[property]
  for (const partner of national.partners) {
    for (const property of [...NOT_IN_NATIONAL_CLOUDS, 'isInMultiTenantOrganization'])
      delete partner[property]
  }
  return national
}

const NOW = new Date('2026-11-20T12:00:00Z')
let cloud: FakeCloud | undefined

afterEach(async () => {
  await cloud?.close()
  cloud = undefined
})

async function collectIn(cloudName: CloudName, tenant: SimulatedTenant) {
  cloud = await startTestCloud(tenant)
  const { graph, log } = openTestGraph(cloud)
  const collection = await collectSnapshot(graph, {
    tenantId: tenant.tenantId,
    cloud: cloudName,
    staleGuestDays: 90,
    now: NOW
  })
  return { ...collection, log }
}

describe('collecting in a national cloud', () => {
  it('given cloud china, then the snapshot holds the identity-sync policies and marks the properties China lacks as unavailable', async () => {
    const tenant = servedByNationalCloud(contosoTenant({ now: NOW }))

    const { snapshot, problems } = await collectIn('china', tenant)

    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(problems.map((problem) => problem.section)).not.toContain('identitySynchronization')
    expect(snapshot.identitySynchronization?.[CONTOSO_PARTNERS.fabrikam]).toEqual({
      tenantId: CONTOSO_PARTNERS.fabrikam,
      displayName: 'Fabrikam',
      userSyncInbound: { isSyncAllowed: true }
    })
    expect(snapshot.identitySynchronization?.[CONTOSO_PARTNERS.northwind]).toBeNull()
    const reason = "not in the china cloud's Graph v1.0"
    expect(snapshot.unavailable).toMatchObject({
      'crossTenantAccessPolicy.allowedCloudEndpoints': reason,
      'default.tenantRestrictions': reason,
      'default.m365CollaborationInbound': reason,
      'default.m365CollaborationOutbound': reason,
      'default.appServiceConnectInbound': reason,
      'partners.tenantRestrictions': reason,
      'partners.m365CollaborationInbound': reason,
      'partners.m365CollaborationOutbound': reason,
      'partners.appServiceConnectInbound': reason,
      'partners.isInMultiTenantOrganization': reason
    })
    expect(snapshot.unavailable).not.toHaveProperty('identitySynchronization')
  })

  it('given cloud usgov, then the same properties are marked unavailable and sync policies are read', async () => {
    const tenant = servedByNationalCloud(contosoTenant({ now: NOW }))

    const { snapshot } = await collectIn('usgov', tenant)

    expect(snapshot.unavailable?.['default.tenantRestrictions']).toBe("not in the usgov cloud's Graph v1.0")
    expect(snapshot.unavailable?.['partners.isInMultiTenantOrganization']).toBe(
      "not in the usgov cloud's Graph v1.0"
    )
    expect(Object.keys(snapshot.identitySynchronization ?? {}).sort()).toEqual(
      Object.values(CONTOSO_PARTNERS).sort()
    )
  })

  it('given a national-cloud Graph that returns a property its schema lacks anyway, then the snapshot still holds none of it', async () => {
    const tenant = contosoTenant({ now: NOW })

    const { snapshot } = await collectIn('usgov', tenant)

    expect(snapshot.default).not.toHaveProperty('tenantRestrictions')
    for (const partner of Object.values(snapshot.partners ?? {})) {
      expect(partner).not.toHaveProperty('m365CollaborationInbound')
    }
    expect(snapshot.unavailable?.['default.tenantRestrictions']).toBe("not in the usgov cloud's Graph v1.0")
  })
})
