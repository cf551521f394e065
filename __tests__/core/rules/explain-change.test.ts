import { describe, expect, it } from '@jest/globals'
import { explainChange } from '../../../src/core/rules/explain-change.js'
import type { Snapshot } from '../../../src/core/model/snapshot.js'
import {
  authorizationPolicy,
  b2bSetting,
  defaultConfiguration,
  fullSnapshot,
  GUEST_POLICY_ID,
  guestPolicy,
  OTHER_PARTNER_ID,
  PARTNER_ID,
  partnerConfiguration,
  setAt,
  STAFF_POLICY_ID,
  staffPolicy,
  syncPolicy,
  withoutAt
} from '../../support/snapshot-builder.js'

const BASE = fullSnapshot()

function edit(overrides: Partial<Snapshot>): Snapshot {
  return fullSnapshot(overrides)
}

describe('explainChange', () => {
  it('describes nothing when the edit changes nothing that matters (key order, annotations)', () => {
    expect(explainChange(BASE, fullSnapshot())).toEqual({ objects: [], file: [], findings: [] })
  })

  it('summarises a new baseline file without judging every setting as a change', () => {
    const explanation = explainChange(undefined, BASE)
    expect(explanation.file).toEqual([
      `New baseline for tenant ${BASE.tenantId} (global cloud), declaring the default settings, 1 partner configuration, 2 Conditional Access policies and 1 named location.`
    ])
    expect(explanation.findings).toEqual([])
  })

  it('explains MFA trust turned on for every organisation, and flags it with the detect rule at isMfaAccepted', () => {
    const head = edit({ default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true) })
    const { objects, findings } = explainChange(BASE, head)
    expect(objects).toEqual([
      {
        object: { kind: 'default', key: 'default', displayName: 'Default cross-tenant access settings' },
        change: 'modified',
        sentences: ['Inbound trust: trusts no claims → trusts MFA.']
      }
    ])
    expect(findings).toEqual([
      {
        rule: 'inbound-trust-accepted',
        severity: 'critical',
        object: { kind: 'default', key: 'default', displayName: 'Default cross-tenant access settings' },
        pointer: '/default/inboundTrust/isMfaAccepted',
        message: 'The default configuration now trusts MFA from every external organisation',
        why: expect.stringContaining('imports its security posture'),
        source: 'change'
      }
    ])
  })

  it('explains a new partner by what it allows and trusts, and flags what it opens', () => {
    const newcomer = setAt(
      setAt(partnerConfiguration(OTHER_PARTNER_ID), 'b2bCollaborationInbound', b2bSetting('allowed')),
      'inboundTrust',
      { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false }
    )
    const head = edit({ partners: { [PARTNER_ID]: partnerConfiguration(), [OTHER_PARTNER_ID]: newcomer } })
    const { objects, findings } = explainChange(BASE, head)
    expect(objects).toEqual([
      {
        object: { kind: 'partner', key: OTHER_PARTNER_ID, displayName: OTHER_PARTNER_ID },
        change: 'added',
        sentences: [
          'New partner configuration.',
          'Inbound B2B collaboration: allowed for all users and all applications.',
          'Inbound trust: trusts MFA.',
          'Every other setting inherits the default.'
        ]
      }
    ])
    // One new object, one finding, as severe as the worst thing it sets (issue 13).
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.pointer])).toEqual([
      ['partner-added', 'critical', `/partners/${OTHER_PARTNER_ID}`]
    ])
  })

  it('describes an override of an inherited setting against the default it replaces', () => {
    const blocking = setAt(partnerConfiguration(), 'b2bCollaborationInbound', b2bSetting('blocked'))
    const { objects, findings } = explainChange(BASE, edit({ partners: { [PARTNER_ID]: blocking } }))
    expect(objects[0]?.sentences).toEqual([
      'Inbound B2B collaboration: inherits the default (allowed for all users and all applications) → blocked for all users and all applications.'
    ])
    expect(findings.map((finding) => finding.rule)).toEqual(['inbound-access-blocked-partner'])
    expect(findings[0]?.pointer).toBe(`/partners/${PARTNER_ID}/b2bCollaborationInbound`)
  })

  it('says what a deleted partner falls back to', () => {
    const { objects, findings } = explainChange(BASE, edit({ partners: {} }))
    expect(objects).toEqual([
      {
        object: { kind: 'partner', key: PARTNER_ID, displayName: 'Fabrikam' },
        change: 'removed',
        sentences: [
          'Partner configuration deleted: the organisation falls back to the default settings (inbound B2B collaboration inherits the default (allowed for all users and all applications); inbound B2B direct connect inherits the default (blocked for all users and all applications); inbound trust inherits the default (trusts no claims)).'
        ]
      }
    ])
    expect(findings).toMatchObject([
      { rule: 'partner-removed', severity: 'medium', pointer: `/partners/${PARTNER_ID}` }
    ])
  })

  it('treats a property written into the file as a change, not as a new Graph property', () => {
    const base = edit({ partners: { [PARTNER_ID]: withoutAt(partnerConfiguration(), 'inboundTrust') } })
    const head = edit({
      partners: {
        [PARTNER_ID]: setAt(partnerConfiguration(), 'inboundTrust', {
          isMfaAccepted: true,
          isCompliantDeviceAccepted: false,
          isHybridAzureADJoinedDeviceAccepted: false
        })
      }
    })
    const { findings } = explainChange(base, head)
    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['inbound-trust-accepted', 'critical']
    ])
  })

  it('explains a guest policy switched off and flags it', () => {
    const head = edit({
      conditionalAccessPolicies: {
        [GUEST_POLICY_ID]: setAt(guestPolicy(), 'state', 'disabled'),
        [STAFF_POLICY_ID]: staffPolicy()
      }
    })
    const { objects, findings } = explainChange(BASE, head)
    expect(objects[0]?.sentences).toEqual(['State: on → off.'])
    expect(findings).toMatchObject([
      {
        rule: 'ca-guest-policy-disabled',
        severity: 'high',
        pointer: `/conditionalAccessPolicies/${GUEST_POLICY_ID}/state`
      }
    ])
  })

  it('explains a deleted guest policy and a new one in words', () => {
    const requireDevice = setAt(staffPolicy(), 'grantControls', {
      operator: 'AND',
      builtInControls: ['mfa', 'compliantDevice']
    })
    const head = edit({ conditionalAccessPolicies: { [STAFF_POLICY_ID]: requireDevice } })
    const { objects, findings } = explainChange(BASE, head)
    expect(objects.map((object) => [object.change, object.sentences])).toEqual([
      ['removed', ['Conditional Access policy deleted; it covered guests and external users.']],
      ['modified', ['Grant: requires MFA → requires a compliant device and MFA.']]
    ])
    expect(findings.map((finding) => finding.rule)).toEqual(['ca-guest-policy-deleted', 'ca-policy-changed'])
  })

  it('describes who a policy applies to', () => {
    const head = edit({
      conditionalAccessPolicies: {
        [GUEST_POLICY_ID]: setAt(
          guestPolicy(),
          'conditions.users.includeGuestsOrExternalUsers.externalTenants',
          { membershipKind: 'all' }
        ),
        [STAFF_POLICY_ID]: staffPolicy()
      }
    })
    expect(explainChange(BASE, head).objects[0]?.sentences).toEqual([
      `Applies to: B2B collaboration guests and B2B collaboration members from tenants ${PARTNER_ID} and ${OTHER_PARTNER_ID} → B2B collaboration guests and B2B collaboration members from all external tenants.`
    ])
  })

  it('explains sync turned on for a partner', () => {
    const head = edit({ identitySynchronization: { [PARTNER_ID]: syncPolicy(PARTNER_ID, 'Fabrikam', true) } })
    const { objects, findings } = explainChange(BASE, head)
    expect(objects[0]?.sentences).toEqual(['Sync from the partner: not allowed → allowed.'])
    expect(findings).toMatchObject([
      {
        rule: 'identity-sync-enabled',
        pointer: `/identitySynchronization/${PARTNER_ID}/userSyncInbound/isSyncAllowed`
      }
    ])
  })

  it('explains guest settings in words and flags what loosens them', () => {
    const head = edit({ authorizationPolicy: setAt(authorizationPolicy(), 'allowInvitesFrom', 'everyone') })
    const { objects, findings } = explainChange(BASE, head)
    expect(objects[0]?.sentences).toEqual([
      'Who may invite guests: admins and guest inviters → everyone, guests included.'
    ])
    expect(findings).toMatchObject([
      {
        rule: 'guest-invitation-settings-loosened',
        severity: 'high',
        pointer: '/authorizationPolicy/allowInvitesFrom'
      }
    ])
  })

  it('falls back to path and values for properties without words of their own', () => {
    const head = edit({
      default: setAt(
        defaultConfiguration(),
        'invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider',
        'emailOneTimePasscode'
      )
    })
    expect(explainChange(BASE, head).objects[0]?.sentences).toEqual([
      'invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider: defaultConfiguredIdp → emailOneTimePasscode.'
    ])
  })

  it('flags a section dropped from the baseline: detect stops watching it', () => {
    const head = fullSnapshot()
    delete head.namedLocations
    const { file, findings } = explainChange(BASE, head)
    expect(file).toEqual(['Drops the namedLocations section: detect stops comparing it.'])
    expect(findings).toMatchObject([{ rule: 'baseline-section-removed', severity: 'medium', pointer: '' }])
  })

  it('lists ignore entries added and removed, and guest figures changed', () => {
    const base = edit({
      ignore: [{ kind: 'guests', path: 'total', reason: 'migration', expires: '2026-04-01' }]
    })
    const head = edit({
      ignore: [{ kind: 'partner', key: PARTNER_ID, path: 'inboundTrust.*', reason: 'pilot' }],
      guests: { total: 240, pendingAcceptance: 10, externalMembers: 3, staleAfterDays: 90, stale: 12 }
    })
    const { file, objects, findings } = explainChange(base, head)
    expect(file).toEqual([
      `Accepts drift on partner ${PARTNER_ID} at inboundTrust.*, with no expiry (reason: pilot).`,
      'Stops accepting drift on every guests at total until 2026-04-01 (reason: migration).'
    ])
    expect(objects).toEqual([
      {
        object: { kind: 'guests', key: 'guests', displayName: 'Guest users' },
        change: 'modified',
        sentences: ['Guest figures: total 200 → 240.']
      }
    ])
    expect(findings).toEqual([])
  })
})
