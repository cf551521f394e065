import { describe, expect, it } from '@jest/globals'
import { compareSetting, overallDirection } from '../../../src/core/access/setting-moves.js'
import { PARTNER_GROUP_ID, b2bSetting, targetConfiguration } from '../../support/snapshot-builder.js'

describe('compareSetting', () => {
  it('given equal values, then nothing moved', () => {
    expect(compareSetting('b2bCollaborationInbound', b2bSetting('allowed'), b2bSetting('allowed'))).toEqual(
      []
    )
  })

  it('given a trust flag turned on, then trust widened, in the claim’s words', () => {
    const moves = compareSetting('inboundTrust', { isMfaAccepted: false }, { isMfaAccepted: true })

    expect(moves).toEqual([
      {
        setting: 'inboundTrust',
        path: 'inboundTrust.isMfaAccepted',
        direction: 'widened',
        description: 'now trusts MFA'
      }
    ])
  })

  it('given automatic redemption turned off, then it narrowed', () => {
    const moves = compareSetting(
      'automaticUserConsentSettings',
      { inboundAllowed: true, outboundAllowed: false },
      { inboundAllowed: false, outboundAllowed: false }
    )

    expect(moves).toEqual([
      {
        setting: 'automaticUserConsentSettings',
        path: 'automaticUserConsentSettings.inboundAllowed',
        direction: 'narrowed',
        description: 'automatic redemption now off for inbound users'
      }
    ])
  })

  it('given users and applications both opened to everyone, then one sentence says so', () => {
    const moves = compareSetting('b2bDirectConnectInbound', b2bSetting('blocked'), b2bSetting('allowed'))

    expect(moves).toEqual([
      {
        setting: 'b2bDirectConnectInbound',
        path: 'b2bDirectConnectInbound',
        direction: 'widened',
        description: 'inbound B2B direct connect now allowed for all users and applications'
      }
    ])
  })

  it('given users limited to a group, then it narrowed, counting the targets by type', () => {
    const after = {
      usersAndGroups: targetConfiguration('allowed', PARTNER_GROUP_ID),
      applications: targetConfiguration('allowed', 'AllApplications')
    }

    const moves = compareSetting('b2bCollaborationInbound', b2bSetting('allowed'), after)

    expect(moves).toEqual([
      {
        setting: 'b2bCollaborationInbound',
        path: 'b2bCollaborationInbound.usersAndGroups',
        direction: 'narrowed',
        description: 'inbound B2B collaboration now allowed only for 1 group'
      }
    ])
  })

  it('given tenant restrictions configured where there were none, then they narrowed', () => {
    const moves = compareSetting('tenantRestrictions', null, {
      usersAndGroups: targetConfiguration('blocked', 'AllUsers'),
      applications: targetConfiguration('blocked', 'AllApplications')
    })

    expect(moves.map((move) => [move.direction, move.description])).toEqual([
      ['narrowed', 'tenant restrictions now blocked for all users and applications']
    ])
  })
})

describe('overallDirection', () => {
  const move = (direction: 'widened' | 'narrowed' | 'changed') => ({
    setting: 'inboundTrust' as const,
    path: 'inboundTrust',
    direction,
    description: ''
  })

  it.each([
    [[], 'unchanged'],
    [[move('widened'), move('widened')], 'widened'],
    [[move('narrowed')], 'narrowed'],
    [[move('widened'), move('narrowed')], 'mixed'],
    [[move('changed')], 'mixed']
  ])('given %j, then %s', (moves, expected) => {
    expect(overallDirection(moves)).toBe(expected)
  })
})

describe('compareSetting for Microsoft 365 collaboration and app service connect', () => {
  it('given inbound Microsoft 365 collaboration opened to all users, then it widened, in the setting’s words', () => {
    const moves = compareSetting(
      'm365CollaborationInbound',
      { users: targetConfiguration('blocked', 'AllUsers') },
      { users: targetConfiguration('allowed', 'AllUsers') }
    )

    expect(moves).toEqual([
      {
        setting: 'm365CollaborationInbound',
        path: 'm365CollaborationInbound.users',
        direction: 'widened',
        description: 'inbound Microsoft 365 collaboration now allowed for all users'
      }
    ])
  })

  it('given outbound Microsoft 365 collaboration limited to a group, then it narrowed', () => {
    const moves = compareSetting(
      'm365CollaborationOutbound',
      { usersAndGroups: targetConfiguration('allowed', 'AllUsers') },
      { usersAndGroups: targetConfiguration('allowed', PARTNER_GROUP_ID) }
    )

    expect(moves).toEqual([
      {
        setting: 'm365CollaborationOutbound',
        path: 'm365CollaborationOutbound.usersAndGroups',
        direction: 'narrowed',
        description: 'outbound Microsoft 365 collaboration now allowed only for 1 group'
      }
    ])
  })

  it('given app service connect blocked for all applications, then it narrowed, its one half named', () => {
    const moves = compareSetting(
      'appServiceConnectInbound',
      { applications: targetConfiguration('allowed', 'AllApplications') },
      { applications: targetConfiguration('blocked', 'AllApplications') }
    )

    expect(moves).toEqual([
      {
        setting: 'appServiceConnectInbound',
        path: 'appServiceConnectInbound.applications',
        direction: 'narrowed',
        description: 'inbound app service connect now blocked for all applications'
      }
    ])
  })

  it('given a setting that was never configured (no documented service default), then its first value is a change, not a widening', () => {
    const moves = compareSetting('m365CollaborationInbound', null, {
      users: targetConfiguration('allowed', 'AllUsers')
    })

    expect(moves.map((move) => move.direction)).toEqual(['changed'])
  })
})
