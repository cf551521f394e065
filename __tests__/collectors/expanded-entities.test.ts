import { afterEach, describe, expect, it } from '@jest/globals'
import { collectSnapshot } from '../../src/collectors/collect.js'
import type { Snapshot } from '../../src/core/model/snapshot.js'
import { compareSnapshots } from '../../src/core/report/report.js'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import {
  authenticationStrengthPolicy,
  cloneTenant,
  contosoTenant,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { openTestGraph, startTestCloud } from '../support/graph-fixture.js'

/*
 * A CA policy's grantControls.authenticationStrength comes back as the whole
 * authenticationStrengthPolicy, with its own description and timestamps. Only what decides access
 * may count: an edit of the strength's description is no drift; a change of the method
 * combinations it accepts is drift on every policy that requires it.
 */

const NOW = new Date('2026-11-20T12:00:00Z')
const STRENGTH_ID = '7c1e5b2a-3d4f-4a6b-8c9d-0e1f2a3b4c5d'
/** The Contoso policies that require the custom strength. */
const POLICIES_USING_IT = ['7d3e9f21-4a6b-4c8d-9e0f-1a2b3c4d5e6f', 'b4a59c6d-7e8f-4091-a2b3-c4d5e6f70819']

let cloud: FakeCloud | undefined

afterEach(async () => {
  await cloud?.close()
  cloud = undefined
})

async function snapshotOf(tenant: SimulatedTenant): Promise<Snapshot> {
  cloud = await startTestCloud(tenant)
  try {
    const { graph } = openTestGraph(cloud)
    const collection = await collectSnapshot(graph, {
      tenantId: tenant.tenantId,
      cloud: 'global',
      staleGuestDays: 90,
      now: NOW
    })
    expect(collection.problems).toEqual([])
    return collection.snapshot
  } finally {
    await cloud.close()
    cloud = undefined
  }
}

/** Contoso whose two guest policies require a custom strength, as Graph expands it. */
function contosoRequiring(strength: Record<string, unknown>): SimulatedTenant {
  const tenant = cloneTenant(contosoTenant({ now: NOW }))
  tenant.conditionalAccessPolicies = tenant.conditionalAccessPolicies.map((policy) =>
    POLICIES_USING_IT.includes(policy.id as string)
      ? {
          ...policy,
          grantControls: {
            ...(policy.grantControls as Record<string, unknown>),
            builtInControls: [],
            authenticationStrength: strength
          }
        }
      : policy
  )
  return tenant
}

const CUSTOM_STRENGTH = authenticationStrengthPolicy({
  id: STRENGTH_ID,
  displayName: 'Partner guests: passkeys or Authenticator',
  description: 'For B2B guests from partner tenants',
  policyType: 'custom',
  allowedCombinations: ['fido2', 'password,microsoftAuthenticatorPush'],
  createdDateTime: '2026-03-02T09:15:00Z',
  modifiedDateTime: '2026-03-02T09:15:00Z'
})

describe('an expanded authentication strength in a CA policy', () => {
  it('when read, then the snapshot keeps the strength id and posture, never its description or timestamps', async () => {
    const snapshot = await snapshotOf(contosoRequiring(CUSTOM_STRENGTH))

    const strength = snapshot.conditionalAccessPolicies?.[POLICIES_USING_IT[0] as string]?.grantControls
    expect(strength).toMatchObject({
      authenticationStrength: {
        id: STRENGTH_ID,
        displayName: 'Partner guests: passkeys or Authenticator',
        policyType: 'custom',
        requirementsSatisfied: 'mfa',
        allowedCombinations: ['fido2', 'password,microsoftAuthenticatorPush']
      }
    })
    const kept = Object.keys((strength as { authenticationStrength: object }).authenticationStrength)
    expect(kept).not.toContain('createdDateTime')
    expect(kept).not.toContain('modifiedDateTime')
    expect(kept).not.toContain('description')
  })

  it("when only the custom strength's description is edited, then there is no finding", async () => {
    const baseline = await snapshotOf(contosoRequiring(CUSTOM_STRENGTH))
    const live = await snapshotOf(
      contosoRequiring({
        ...CUSTOM_STRENGTH,
        description: 'For B2B guests from partner tenants (reviewed)',
        modifiedDateTime: '2026-11-19T16:40:00Z'
      })
    )

    expect(compareSnapshots(baseline, live, { today: '2026-11-20' }).findings).toEqual([])
  })

  it('when its allowed combinations change, then each CA policy that uses it has a finding on them', async () => {
    const baseline = await snapshotOf(contosoRequiring(CUSTOM_STRENGTH))
    const live = await snapshotOf(
      contosoRequiring({
        ...CUSTOM_STRENGTH,
        allowedCombinations: ['fido2', 'password,microsoftAuthenticatorPush', 'password,sms'],
        modifiedDateTime: '2026-11-19T16:40:00Z'
      })
    )

    const findings = compareSnapshots(baseline, live, { today: '2026-11-20' }).findings

    expect([...new Set(findings.map((finding) => finding.object.key))].sort()).toEqual(
      [...POLICIES_USING_IT].sort()
    )
    for (const finding of findings) {
      expect(finding.changes.map((change) => change.path)).toEqual([
        'grantControls.authenticationStrength.allowedCombinations'
      ])
      expect(finding.remediation?.graph?.body).toMatchObject({
        grantControls: { authenticationStrength: { id: STRENGTH_ID } }
      })
    }
  })

  it('given a baseline taken before, holding the whole strength, then its metadata is no drift either', async () => {
    const live = await snapshotOf(contosoRequiring(CUSTOM_STRENGTH))
    const old = structuredClone(live)
    for (const id of POLICIES_USING_IT) {
      const grant = old.conditionalAccessPolicies?.[id]?.grantControls as Record<string, unknown>
      grant.authenticationStrength = {
        ...(grant.authenticationStrength as object),
        description: 'For B2B guests from partner tenants',
        createdDateTime: '2026-03-02T09:15:00Z',
        modifiedDateTime: '2026-03-02T09:15:00Z'
      }
    }

    expect(compareSnapshots(old, live, { today: '2026-11-20' }).findings).toEqual([])
  })
})
