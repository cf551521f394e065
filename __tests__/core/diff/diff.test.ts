import { describe, expect, it } from '@jest/globals'
import { diffObject, diffPairs } from '../../../src/core/diff/diff.js'
import { formatPath, splitPath } from '../../../src/core/model/json-path.js'
import type { JsonObject } from '../../../src/core/model/json.js'
import { pairObjects } from '../../../src/core/diff/objects.js'
import { compareSnapshots, buildReport } from '../../../src/core/report/report.js'
import {
  GUEST_POLICY_ID,
  OTHER_PARTNER_ID,
  PARTNER_ID,
  TENANT_ID,
  defaultConfiguration,
  guestPolicy,
  partnerConfiguration,
  setAt,
  snapshot,
  syncPolicy
} from '../../support/snapshot-builder.js'

describe('diffObject', () => {
  it.each<{ name: string; before: JsonObject; after: JsonObject }>([
    { name: 'null and absent', before: { a: null }, after: {} },
    { name: 'absent and null', before: {}, after: { a: null } },
    { name: 'empty array and null', before: { a: [] }, after: { a: null } },
    { name: 'empty array and absent', before: { a: [] }, after: {} },
    { name: 'all-unset object and null', before: { a: { b: null, c: [] } }, after: { a: null } },
    { name: 'all-unset object and empty object', before: { a: { b: null } }, after: { a: {} } },
    { name: 'set arrays in another order', before: { a: ['x', 'y', 'z'] }, after: { a: ['z', 'x', 'y'] } },
    {
      name: 'arrays of objects in another order',
      before: {
        targets: [
          { target: 'g1', targetType: 'group' },
          { target: 'AllUsers', targetType: 'user' }
        ]
      },
      after: {
        targets: [
          { targetType: 'user', target: 'AllUsers' },
          { target: 'g1', targetType: 'group' }
        ]
      }
    },
    {
      name: 'flags in another order',
      before: { users: { x: { guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest' } } },
      after: { users: { x: { guestOrExternalUserTypes: 'b2bCollaborationGuest,internalGuest' } } }
    },
    {
      name: 'annotations',
      before: { '@odata.context': 'https://graph.example/$metadata#a', a: 1 },
      after: { '@odata.type': '#microsoft.graph.x', a: 1, 'b@odata.context': 'x' }
    },
    { name: 'key order', before: { a: 1, b: { c: 2, d: 3 } }, after: { b: { d: 3, c: 2 }, a: 1 } }
  ])('finds no drift between $name', ({ before, after }) => {
    const diff = diffObject(before, after)

    expect(diff).toEqual({ changes: [], newProperties: [] })
  })

  it('reports a changed set as one change at the array path with both whole arrays', () => {
    const before = { allowedCloudEndpoints: ['microsoftonline.com'] }
    const after = { allowedCloudEndpoints: ['microsoftonline.us', 'microsoftonline.com'] }

    const { changes } = diffObject(before, after)

    expect(changes).toEqual([
      {
        path: 'allowedCloudEndpoints',
        before: ['microsoftonline.com'],
        after: ['microsoftonline.com', 'microsoftonline.us']
      }
    ])
  })

  it('compares the identity provider precedence in order', () => {
    const before = defaultConfiguration()
    const after = setAt(
      before,
      'invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder',
      ['socialIdentityProviders', 'azureActiveDirectory', 'externalFederation']
    )

    const { changes } = diffObject(before, after)

    expect(changes.map((change) => change.path)).toEqual([
      'invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder'
    ])
  })

  it('gives nested changes dotted paths relative to the object', () => {
    const before = defaultConfiguration()
    const after = setAt(before, 'inboundTrust.isMfaAccepted', true)

    const { changes } = diffObject(before, after)

    expect(changes).toEqual([{ path: 'inboundTrust.isMfaAccepted', before: false, after: true }])
  })

  it('writes a key that is not an identifier in brackets', () => {
    const { changes } = diffObject(
      { outer: { 'odd key': 1, 'a.b': 1 } },
      { outer: { 'odd key': 2, 'a.b': 2 } }
    )

    expect(changes.map((change) => change.path)).toEqual(['outer["a.b"]', 'outer["odd key"]'])
  })

  it('reports a value going from unset to set as one change at that level', () => {
    const before = partnerConfiguration()
    const after = setAt(before, 'inboundTrust', { isMfaAccepted: true, isCompliantDeviceAccepted: false })

    const { changes } = diffObject(before, after)

    expect(changes).toEqual([
      { path: 'inboundTrust', before: null, after: { isCompliantDeviceAccepted: false, isMfaAccepted: true } }
    ])
  })

  it('reports a value unset live with the baseline value before and null after', () => {
    const { changes } = diffObject({ a: { b: 1 } }, { a: null })

    expect(changes).toEqual([{ path: 'a', before: { b: 1 }, after: null }])
  })

  it('lists a property the baseline does not hold as a new property, not as drift', () => {
    const before = defaultConfiguration()
    const after = setAt(before, 'inboundTrust.isCompliantNetworkAccepted', true)

    const diff = diffObject(before, after)

    expect(diff).toEqual({
      changes: [],
      newProperties: [{ path: 'inboundTrust.isCompliantNetworkAccepted', before: null, after: true }]
    })
  })

  it('counts a nested key that appears with its changed discriminator as part of the change', () => {
    const before = { selector: { membershipKind: 'all' } }
    const after = { selector: { membershipKind: 'enumerated', members: ['t1'] } }

    const diff = diffObject(before, after)

    expect(diff).toEqual({
      changes: [
        { path: 'selector.members', before: null, after: ['t1'] },
        { path: 'selector.membershipKind', before: 'all', after: 'enumerated' }
      ],
      newProperties: []
    })
  })

  it('keeps a new top-level property apart even when another top-level setting changed', () => {
    const diff = diffObject(
      { blockMsolPowerShell: true },
      { blockMsolPowerShell: false, allowUserConsentForRiskyApps: false }
    )

    expect(diff).toEqual({
      changes: [{ path: 'blockMsolPowerShell', before: true, after: false }],
      newProperties: [{ path: 'allowUserConsentForRiskyApps', before: null, after: false }]
    })
  })

  it('ignores a new property Graph returns unset', () => {
    const diff = diffObject({ a: 1 }, { a: 1, crossCloudMeetingConfiguration: { inboundAllowed: null } })

    expect(diff).toEqual({ changes: [], newProperties: [] })
  })
})

describe('formatPath and splitPath', () => {
  it.each([
    [['inboundTrust', 'isMfaAccepted'], 'inboundTrust.isMfaAccepted'],
    [['a', 'odd key', 'b'], 'a["odd key"].b'],
    [['x.y'], '["x.y"]'],
    [['quote"d'], '["quote\\"d"]']
  ])('round-trips %j as %s', (segments, path) => {
    expect(formatPath(segments)).toBe(path)
    expect(splitPath(path)).toEqual(segments)
  })
})

describe('matching objects by key', () => {
  it('reports a renamed Conditional Access policy as one displayName change', () => {
    const baseline = snapshot({ conditionalAccessPolicies: { [GUEST_POLICY_ID]: guestPolicy() } })
    const live = snapshot({
      conditionalAccessPolicies: { [GUEST_POLICY_ID]: setAt(guestPolicy(), 'displayName', 'Guests: MFA') }
    })

    const drifts = diffPairs(pairObjects(baseline, live).pairs)

    expect(drifts).toHaveLength(1)
    expect(drifts[0]?.change).toBe('modified')
    expect(drifts[0]?.object).toEqual({
      kind: 'conditionalAccessPolicy',
      key: GUEST_POLICY_ID,
      displayName: 'Guests: MFA'
    })
    expect(drifts[0]?.changes).toEqual([
      { path: 'displayName', before: 'Require MFA for guests', after: 'Guests: MFA' }
    ])
  })

  it('reports an added and a removed partner with their top-level properties', () => {
    const baseline = snapshot({ partners: { [PARTNER_ID]: partnerConfiguration(PARTNER_ID) } })
    const live = snapshot({
      partners: {
        [OTHER_PARTNER_ID]: setAt(partnerConfiguration(OTHER_PARTNER_ID), 'isServiceProvider', true)
      }
    })

    const drifts = diffPairs(pairObjects(baseline, live).pairs)

    expect(drifts.map((drift) => [drift.object.key, drift.change])).toEqual([
      [PARTNER_ID, 'removed'],
      [OTHER_PARTNER_ID, 'added']
    ])
    expect(drifts[0]?.changes).toEqual([
      { path: 'isInMultiTenantOrganization', before: false, after: null },
      { path: 'tenantId', before: PARTNER_ID, after: null }
    ])
    expect(drifts[1]?.changes).toEqual([
      { path: 'isInMultiTenantOrganization', before: null, after: false },
      { path: 'isServiceProvider', before: null, after: true },
      { path: 'tenantId', before: null, after: OTHER_PARTNER_ID }
    ])
  })

  it('names a partner after its sync policy, or its tenant id when it has none', () => {
    const state = snapshot({
      partners: {
        [PARTNER_ID]: partnerConfiguration(PARTNER_ID),
        [OTHER_PARTNER_ID]: partnerConfiguration(OTHER_PARTNER_ID)
      },
      identitySynchronization: { [PARTNER_ID]: syncPolicy(PARTNER_ID, 'Fabrikam'), [OTHER_PARTNER_ID]: null }
    })

    const { pairs } = pairObjects(state, state)

    expect(pairs.map((pair) => [pair.object.kind, pair.object.displayName])).toEqual([
      ['partner', 'Fabrikam'],
      ['partner', OTHER_PARTNER_ID],
      ['identitySynchronization', 'Fabrikam']
    ])
  })

  it('leaves out objects that did not change', () => {
    const state = snapshot({
      default: defaultConfiguration(),
      partners: { [PARTNER_ID]: partnerConfiguration() }
    })

    expect(diffPairs(pairObjects(state, state).pairs)).toEqual([])
  })
})

describe('sections that cannot be compared', () => {
  it('lists a section missing from the baseline, unavailable live or unavailable in the baseline, and never reports drift on it', () => {
    const baseline = snapshot({
      default: defaultConfiguration(),
      authorizationPolicy: { allowInvitesFrom: 'none' },
      unavailable: { sharepointSettings: 'not licensed' }
    })
    const live = snapshot({
      default: defaultConfiguration(),
      partners: { [PARTNER_ID]: partnerConfiguration() },
      sharepointSettings: { sharingCapability: 'externalUserAndGuestSharing' },
      unavailable: { authorizationPolicy: '403 Forbidden' }
    })

    const comparison = compareSnapshots(baseline, live, { today: '2026-03-01' })

    expect(comparison.findings).toEqual([])
    expect(comparison.notCompared).toEqual(
      expect.arrayContaining([
        { section: 'partners', reason: 'not in the baseline' },
        { section: 'authorizationPolicy', reason: 'live read unavailable: 403 Forbidden' },
        { section: 'sharepointSettings', reason: 'baseline read unavailable: not licensed' }
      ])
    )
    expect(comparison.notCompared.map((entry) => entry.section)).not.toContain('default')
  })

  it('lists a section the live snapshot lacks', () => {
    const baseline = snapshot({ default: defaultConfiguration() })
    const live = snapshot({})

    const { notCompared, findings } = compareSnapshots(baseline, live, { today: '2026-03-01' })

    expect(findings).toEqual([])
    expect(notCompared).toContainEqual({ section: 'default', reason: 'not in the live snapshot' })
  })
})

describe('new properties', () => {
  it('become info findings that never count as drift', () => {
    const baseline = snapshot({ default: defaultConfiguration() })
    const live = snapshot({
      default: setAt(defaultConfiguration(), 'm365CollaborationInbound', { users: { accessType: 'allowed' } })
    })

    const report = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'baselines/tenant.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(baseline, live, { today: '2026-03-01' })
    })

    expect(report.findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['graph-new-property', 'info']
    ])
    expect(report.findings[0]?.changes).toEqual([
      { path: 'm365CollaborationInbound', before: null, after: { users: { accessType: 'allowed' } } }
    ])
    expect(report.driftDetected).toBe(false)
    expect(report.driftCount).toBe(0)
    expect(report.counts.info).toBe(1)
    expect(report.findings[0]?.remediation).toBeUndefined()
  })
})
