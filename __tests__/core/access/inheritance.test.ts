import { describe, expect, it } from '@jest/globals'
import {
  effectiveConfiguration,
  effectiveValue,
  inheritsDefault
} from '../../../src/core/access/inheritance.js'
import {
  PARTNER_ID,
  b2bSetting,
  defaultConfiguration,
  fullSnapshot,
  partnerConfiguration,
  setAt,
  targetConfiguration
} from '../../support/snapshot-builder.js'

const trustingDefault = setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true)

describe('inheritsDefault', () => {
  it.each([
    ['null', null, true],
    ['an object of unset flags', { isMfaAccepted: null }, true],
    ['a flag set to false', { isMfaAccepted: false }, false]
  ])('given a partner trust setting %s, then it inherits: %s', (_name, trust, expected) => {
    const state = fullSnapshot({
      partners: { [PARTNER_ID]: setAt(partnerConfiguration(), 'inboundTrust', trust) }
    })

    expect(inheritsDefault(state, PARTNER_ID, 'inboundTrust')).toBe(expected)
  })

  it('given a tenant without a partner configuration, then it inherits everything', () => {
    expect(inheritsDefault(fullSnapshot(), 'f0000000-0000-4000-8000-00000000000f', 'inboundTrust')).toBe(true)
  })
})

describe('effectiveValue', () => {
  it('given a partner that leaves a setting unset, then it reads the default', () => {
    const state = fullSnapshot({ default: trustingDefault })

    const value = effectiveValue(state, PARTNER_ID, 'inboundTrust.isMfaAccepted')

    expect(value).toBe(true)
  })

  it('given a partner that sets a flag, then its own value wins', () => {
    const partner = setAt(partnerConfiguration(), 'inboundTrust', { isMfaAccepted: false })
    const state = fullSnapshot({ default: trustingDefault, partners: { [PARTNER_ID]: partner } })

    const value = effectiveValue(state, PARTNER_ID, 'inboundTrust.isMfaAccepted')

    expect(value).toBe(false)
  })

  it('given no partner, then it reads the default', () => {
    const state = fullSnapshot({ default: trustingDefault })

    const value = effectiveValue(state, undefined, 'inboundTrust.isMfaAccepted')

    expect(value).toBe(true)
  })

  it('given a partner that sets one target configuration, then the other still comes from the default', () => {
    const partner = setAt(partnerConfiguration(), 'b2bCollaborationInbound', {
      usersAndGroups: targetConfiguration('blocked', 'AllUsers'),
      applications: null
    })
    const state = fullSnapshot({ partners: { [PARTNER_ID]: partner } })

    const users = effectiveValue(state, PARTNER_ID, 'b2bCollaborationInbound.usersAndGroups')
    const applications = effectiveValue(state, PARTNER_ID, 'b2bCollaborationInbound.applications')

    expect(users).toEqual(targetConfiguration('blocked', 'AllUsers'))
    expect(applications).toEqual(targetConfiguration('allowed', 'AllApplications'))
  })
})

describe('effectiveConfiguration', () => {
  it('given a partner that inherits everything, then each setting is the default’s, attributed to it', () => {
    const state = fullSnapshot({ default: trustingDefault })

    const view = effectiveConfiguration(state)

    expect(view?.partners[PARTNER_ID]?.settings.inboundTrust).toEqual({
      value: {
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false,
        isMfaAccepted: true
      },
      source: 'default'
    })
  })

  it('given a partner that sets part of a setting, then the rest is inherited and says so', () => {
    const partner = setAt(partnerConfiguration(), 'inboundTrust', { isMfaAccepted: false })
    const state = fullSnapshot({ default: trustingDefault, partners: { [PARTNER_ID]: partner } })

    const view = effectiveConfiguration(state)

    expect(view?.partners[PARTNER_ID]?.settings.inboundTrust).toEqual({
      value: {
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false,
        isMfaAccepted: false
      },
      source: 'partner',
      partlyInherited: true
    })
  })

  it('given a partner target configuration, then it is taken whole, never mixed with the default’s', () => {
    const partner = setAt(partnerConfiguration(), 'b2bCollaborationInbound', b2bSetting('blocked'))
    const state = fullSnapshot({ partners: { [PARTNER_ID]: partner } })

    const view = effectiveConfiguration(state)

    expect(view?.partners[PARTNER_ID]?.settings.b2bCollaborationInbound).toEqual({
      value: b2bSetting('blocked'),
      source: 'partner'
    })
  })
})

describe('effectiveConfiguration of Microsoft 365 collaboration and app service connect', () => {
  const m365Default = {
    ...defaultConfiguration(),
    m365CollaborationInbound: { users: targetConfiguration('blocked', 'AllUsers') },
    m365CollaborationOutbound: { usersAndGroups: targetConfiguration('allowed', 'AllUsers') },
    appServiceConnectInbound: { applications: targetConfiguration('blocked', 'AllApplications') }
  }

  it('given a partner that leaves them unset (null), then each is the default’s, attributed to it', () => {
    const partner = {
      ...partnerConfiguration(),
      m365CollaborationInbound: null,
      m365CollaborationOutbound: null,
      appServiceConnectInbound: null
    }

    const view = effectiveConfiguration(
      fullSnapshot({ default: m365Default, partners: { [PARTNER_ID]: partner } })
    )

    const settings = view?.partners[PARTNER_ID]?.settings
    expect(settings?.m365CollaborationInbound).toEqual({
      value: { users: targetConfiguration('blocked', 'AllUsers') },
      source: 'default'
    })
    expect(settings?.m365CollaborationOutbound.source).toBe('default')
    expect(settings?.appServiceConnectInbound.source).toBe('default')
  })

  it('given a partner override, then it wins whole', () => {
    const partner = setAt(partnerConfiguration(), 'm365CollaborationInbound', {
      users: targetConfiguration('allowed', 'AllUsers')
    })

    const view = effectiveConfiguration(
      fullSnapshot({ default: m365Default, partners: { [PARTNER_ID]: partner } })
    )

    expect(view?.partners[PARTNER_ID]?.settings.m365CollaborationInbound).toEqual({
      value: { users: targetConfiguration('allowed', 'AllUsers') },
      source: 'partner'
    })
  })

  it('given a snapshot whose cloud lacks them, then they are unavailable, never the service default', () => {
    const state = {
      ...fullSnapshot({ cloud: 'usgov' }),
      unavailable: {
        'default.m365CollaborationInbound': "not in the usgov cloud's Graph v1.0",
        'default.tenantRestrictions': "not in the usgov cloud's Graph v1.0"
      }
    }

    const view = effectiveConfiguration(state)

    expect(view?.everyOtherOrganisation.m365CollaborationInbound).toEqual({
      value: null,
      source: 'unavailable'
    })
    expect(view?.everyOtherOrganisation.tenantRestrictions).toEqual({ value: null, source: 'unavailable' })
    expect(view?.partners[PARTNER_ID]?.settings.m365CollaborationInbound.source).toBe('unavailable')
    expect(view?.everyOtherOrganisation.b2bCollaborationInbound.source).toBe('default')
  })
})
