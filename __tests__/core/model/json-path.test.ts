import { describe, expect, it } from '@jest/globals'
import { keysAt, stringsAt, touches, valueAt } from '../../../src/core/model/json-path.js'

const partner = {
  inboundTrust: { isMfaAccepted: true },
  b2bCollaborationInbound: { usersAndGroups: { accessType: 'allowed', targets: ['a', 1, 'b'] } },
  'odd key': { value: 'found' }
}

describe('touches', () => {
  it.each([
    ['inboundTrust.isMfaAccepted', 'inboundTrust', true],
    ['inboundTrust', 'inboundTrust.isMfaAccepted', true],
    ['inboundTrust.isMfaAccepted', 'inboundTrust.isMfaAccepted', true],
    ['inboundTrust.isMfaAccepted', 'inboundTrust.isCompliantDeviceAccepted', false],
    ['b2bCollaborationInbound', 'b2bCollaborationOutbound', false]
  ])('given a change at %s, then it concerns %s: %s', (changePath, path, expected) => {
    expect(touches(changePath, path)).toBe(expected)
  })
})

describe('valueAt', () => {
  it('given a dotted path, then it walks the objects', () => {
    expect(valueAt(partner, 'inboundTrust.isMfaAccepted')).toBe(true)
  })

  it('given a key that is not an identifier, then the bracketed form reaches it', () => {
    expect(valueAt(partner, '["odd key"].value')).toBe('found')
  })

  it('given a step that is missing or not an object, then undefined', () => {
    expect(valueAt(partner, 'inboundTrust.missing.deeper')).toBeUndefined()
    expect(valueAt(partner, 'inboundTrust.isMfaAccepted.deeper')).toBeUndefined()
    expect(valueAt(undefined, 'inboundTrust')).toBeUndefined()
  })
})

describe('stringsAt and keysAt', () => {
  it('given an array, then only its strings', () => {
    expect(stringsAt(partner, 'b2bCollaborationInbound.usersAndGroups.targets')).toEqual(['a', 'b'])
  })

  it('given no array there, then none', () => {
    expect(stringsAt(partner, 'inboundTrust')).toEqual([])
  })

  it('given an object, then its keys; anything else, none', () => {
    expect(keysAt(partner, 'inboundTrust')).toEqual(['isMfaAccepted'])
    expect(keysAt(partner, 'inboundTrust.isMfaAccepted')).toEqual([])
  })
})
