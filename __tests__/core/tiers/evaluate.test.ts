import { describe, expect, it } from '@jest/globals'
import type { PartnerPolicy } from '../../../src/core/tiers/policy.js'
import { accessLevel, evaluateTiers } from '../../../src/core/tiers/evaluate.js'
import { tierFindings } from '../../../src/core/tiers/tier-findings.js'
import {
  b2bSetting,
  defaultConfiguration,
  fullSnapshot,
  OTHER_PARTNER_ID,
  PARTNER_ID,
  partnerConfiguration,
  setAt,
  snapshot,
  syncPolicy,
  targetConfiguration
} from '../../support/snapshot-builder.js'

const POLICY: PartnerPolicy = {
  schemaVersion: 1,
  tiers: {
    strategic: { allows: { inboundTrust: ['mfa'], identitySync: true } },
    collaboration: {
      allows: {
        inboundTrust: [],
        b2bCollaborationInbound: ['blocked', 'limited'],
        automaticRedemption: [],
        identitySync: false
      }
    }
  },
  partners: {
    [PARTNER_ID]: { tier: 'collaboration', name: 'Fabrikam', reason: 'Project' },
    [OTHER_PARTNER_ID]: { tier: 'collaboration', name: 'Northwind', reason: 'Supplier' }
  }
}

const limitedInbound = b2bSetting('allowed', 'group000-0000-4000-8000-0000000000e1')
const limitedDefault = setAt(defaultConfiguration(), 'b2bCollaborationInbound', limitedInbound)

describe('holding partners to their tiers through effective access', () => {
  it('judges a partner that overrides nothing by what the default gives it, and blames the default', () => {
    // Given the default lets all users in for collaboration, and Fabrikam overrides nothing
    const evaluation = evaluateTiers(fullSnapshot(), POLICY)

    // Then Fabrikam breaks its tier through the default
    const fabrikam = evaluation.partners.find((partner) => partner.tenantId === PARTNER_ID)
    expect(fabrikam?.breaches).toEqual([
      expect.objectContaining({ path: 'b2bCollaborationInbound', actual: 'open', from: 'default' })
    ])
  })

  it('attributes a trust flag to the partner only where it sets it; a flag it leaves unset is the default’s', () => {
    // Given the default trusts compliant devices, and Fabrikam sets only MFA trust (the device flag unset)
    const live = fullSnapshot({
      default: setAt(
        setAt(limitedDefault, 'inboundTrust.isCompliantDeviceAccepted', true),
        'inboundTrust.isMfaAccepted',
        false
      ),
      partners: {
        [PARTNER_ID]: setAt(partnerConfiguration(), 'inboundTrust', { isMfaAccepted: true })
      }
    })

    const fabrikam = evaluateTiers(live, POLICY).partners.find((partner) => partner.tenantId === PARTNER_ID)

    expect(fabrikam?.breaches.map((breach) => [breach.path, breach.from])).toEqual([
      ['inboundTrust.isMfaAccepted', 'partner'],
      ['inboundTrust.isCompliantDeviceAccepted', 'default']
    ])
  })

  it('holds a tiered partner without a configuration to the default, and does not call it unclassified', () => {
    const live = fullSnapshot({ default: setAt(limitedDefault, 'inboundTrust.isMfaAccepted', true) })

    const findings = tierFindings(live, POLICY)

    expect(findings.map((finding) => [finding.rule, finding.object.kind, finding.affects])).toEqual([
      ['default-breaks-partner-tier', 'default', [PARTNER_ID, OTHER_PARTNER_ID]]
    ])
    expect(findings[0]?.summary).toBe(
      'The default trusts MFA, which breaks the tier of 2 inheriting partners: Fabrikam (tier `collaboration`), Northwind (tier `collaboration`).'
    )
  })

  it('reports synchronization only when the partner’s sync policy is read and allows it', () => {
    const synced = fullSnapshot({
      default: limitedDefault,
      identitySynchronization: { [PARTNER_ID]: syncPolicy(PARTNER_ID, 'Fabrikam', true) }
    })
    const unread = snapshot({
      ...synced,
      identitySynchronization: undefined,
      unavailable: { identitySynchronization: '403' }
    })

    expect(evaluateTiers(synced, POLICY).partners[0]?.breaches.map((breach) => breach.constraint)).toEqual([
      'identitySync'
    ])
    expect(evaluateTiers(unread, POLICY).partners[0]?.breaches).toEqual([])
  })

  it('judges nothing it cannot know: no default, or no partners section', () => {
    expect(evaluateTiers(snapshot({ partners: {} }), POLICY)).toEqual({
      partners: [],
      defaultBreaches: [],
      partnersUnknown: 'the snapshot holds no default configuration'
    })
    const withoutPartners = evaluateTiers(
      snapshot({ default: defaultConfiguration(), unavailable: { partners: '403: denied' } }),
      POLICY
    )
    expect(withoutPartners.partners).toEqual([])
    expect(withoutPartners.partnersUnknown).toBe('403: denied')
  })

  it('gives finding ids that stay the same for the same breach', () => {
    const live = fullSnapshot({
      default: limitedDefault,
      partners: {
        [PARTNER_ID]: partnerConfiguration(),
        'c0c00000-0000-4000-8000-0000000000c3': partnerConfiguration('c0c00000-0000-4000-8000-0000000000c3')
      }
    })

    const first = tierFindings(live, POLICY).map((finding) => finding.id)
    const second = tierFindings(structuredClone(live), POLICY).map((finding) => finding.id)

    expect(first).toHaveLength(1)
    expect(second).toEqual(first)
  })
})

describe('the access level of a B2B setting', () => {
  it.each([
    ['all users, all applications', b2bSetting('allowed'), 'open'],
    ['a group, all applications', b2bSetting('allowed', 'group000-0000-4000-8000-0000000000e1'), 'limited'],
    ['all users, Office 365 only', b2bSetting('allowed', 'AllUsers', 'Office365'), 'limited'],
    [
      'all users but a group',
      b2bSetting('blocked', 'group000-0000-4000-8000-0000000000e1', 'AllApplications'),
      'blocked'
    ],
    ['blocked', b2bSetting('blocked'), 'blocked'],
    [
      'all but a group, to all applications',
      {
        usersAndGroups: targetConfiguration('blocked', 'group000-0000-4000-8000-0000000000e1'),
        applications: targetConfiguration('allowed', 'AllApplications')
      },
      'open'
    ]
  ])('%s', (_name, value, level) => {
    expect(accessLevel('b2bCollaborationInbound', value)).toBe(level)
  })

  it('reads tenant restrictions nobody configured as open, and an unreadable setting as unknown', () => {
    expect(accessLevel('tenantRestrictions', null)).toBe('open')
    expect(accessLevel('b2bCollaborationInbound', null)).toBeUndefined()
    expect(
      accessLevel('b2bCollaborationInbound', {
        usersAndGroups: { accessType: 'other' },
        applications: targetConfiguration('allowed', 'AllApplications')
      })
    ).toBeUndefined()
  })
})
