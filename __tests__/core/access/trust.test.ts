import { describe, expect, it } from '@jest/globals'
import { TRUST_FLAGS, trustClaim, trustedClaim } from '../../../src/core/access/trust.js'

describe('trust claims', () => {
  it.each([
    ['isMfaAccepted', 'MFA', 'MFA'],
    ['isCompliantDeviceAccepted', 'compliant-device claims', 'compliant devices'],
    ['isHybridAzureADJoinedDeviceAccepted', 'hybrid-joined-device claims', 'hybrid-joined devices']
  ])('given %s, then a finding names %j and a description %j', (flag, claim, trusted) => {
    expect(trustClaim(flag)).toBe(claim)
    expect(trustedClaim(flag)).toBe(trusted)
  })

  it('given a flag Graph added later, then it reads as its own name', () => {
    expect(trustClaim('isPasskeyAccepted')).toBe('isPasskeyAccepted')
    expect(trustedClaim('isPasskeyAccepted')).toBe('isPasskeyAccepted')
  })

  it('given a name inherited from every object, then it is not taken for a flag', () => {
    expect(trustClaim('toString')).toBe('toString')
  })

  it('lists every documented flag, MFA first', () => {
    expect(TRUST_FLAGS).toEqual([
      'isMfaAccepted',
      'isCompliantDeviceAccepted',
      'isHybridAzureADJoinedDeviceAccepted'
    ])
  })
})
