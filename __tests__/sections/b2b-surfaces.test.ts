import { afterEach, describe, expect, it } from '@jest/globals'
import { blockingProblems, collectSnapshot } from '../../src/collectors/collect.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { validateSnapshotDocument } from '../../src/core/baseline/snapshot-schema.js'
import { diffPairs } from '../../src/core/diff/diff.js'
import { pairObjects } from '../../src/core/diff/objects.js'
import type { Snapshot } from '../../src/core/model/snapshot.js'
import { classify } from '../../src/core/rules/classify.js'
import { SECTIONS } from '../../src/sections/index.js'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import {
  cloneTenant,
  contosoTenant,
  CONTOSO_GUEST_STRENGTH_ID,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { openTestGraph, startTestCloud } from '../collectors/graph-fixture.js'

// The B2B surfaces beyond cross-tenant access (issue 15), each an optional section: read through
// the production Graph layer from the fake, compared, classified, and reported unavailable (never
// a failed run) when the app lacks the section's permission.

const NOW = new Date('2026-11-20T12:00:00Z')
const clouds: FakeCloud[] = []

afterEach(async () => {
  for (const cloud of clouds.splice(0)) await cloud.close()
})

async function collect(tenant: SimulatedTenant, prepare?: (cloud: FakeCloud) => void) {
  const cloud = await startTestCloud(tenant)
  clouds.push(cloud)
  prepare?.(cloud)
  const { graph } = openTestGraph(cloud)
  return collectSnapshot(graph, { tenantId: tenant.tenantId, cloud: 'global', staleGuestDays: 90, now: NOW })
}

async function findingsBetween(baseline: SimulatedTenant, live: SimulatedTenant) {
  const before: Snapshot = (await collect(baseline)).snapshot
  const after: Snapshot = (await collect(live)).snapshot
  const { pairs } = pairObjects(before, after)
  return classify(diffPairs(pairs), { today: '2026-11-20' })
}

function sectionNamed(id: string) {
  const section = SECTIONS.find((candidate) => candidate.id === id)
  if (section === undefined) throw new Error(`no section ${id}`)
  return section
}

describe('authentication strengths (GET /policies/authenticationStrengthPolicies)', () => {
  it('given Contoso, then the snapshot holds each strength by id without its timestamps', async () => {
    const tenant = contosoTenant({ now: NOW })

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([])
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(Object.keys(snapshot.authenticationStrengthPolicies ?? {}).sort()).toEqual(
      tenant.authenticationStrengthPolicies.map((policy) => policy.id as string).sort()
    )
    const guestStrength = snapshot.authenticationStrengthPolicies?.[CONTOSO_GUEST_STRENGTH_ID]
    expect(guestStrength).toMatchObject({ policyType: 'custom', displayName: 'Guest sign-in strength' })
    expect(guestStrength).not.toHaveProperty('modifiedDateTime')
  })

  it('given the guest strength now accepts SMS after a password, then a high finding names the combination', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const strength = live.authenticationStrengthPolicies.find(
      (policy) => policy.id === CONTOSO_GUEST_STRENGTH_ID
    )
    strength!.allowedCombinations = [...(strength!.allowedCombinations as string[]), 'sms,password']
    strength!.modifiedDateTime = '2026-11-19T08:00:00Z'

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'authentication-strength-loosened',
        severity: 'high',
        summary: 'Authentication strength Guest sign-in strength now also accepts password,sms'
      })
    ])
  })

  it('given a 403, then only that section is unavailable, names Policy.Read.AuthenticationMethod and does not block the run', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }), (cloud) =>
      cloud.faults.inject({
        match: '/policies/authenticationStrengthPolicies',
        times: Infinity,
        fault: { status: 403, code: 'Authorization_RequestDenied' }
      })
    )

    expect(problems).toEqual([
      expect.objectContaining({
        section: 'authenticationStrengthPolicies',
        status: 'unavailable',
        core: false
      })
    ])
    expect(problems[0]?.reason).toContain(sectionNamed('authenticationStrengthPolicies').permission)
    expect(problems[0]?.reason).toContain('Policy.Read.AuthenticationMethod')
    expect(snapshot.authenticationStrengthPolicies).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})
