import { describe, expect, it } from '@jest/globals'
import { asReferences, keepPosture } from '../../../src/core/model/expanded.js'

const EXPANDED = { 'grantControls.authenticationStrength': ['id', 'allowedCombinations'] }

const strength = {
  id: 'strength-1',
  description: 'Edited now and then',
  modifiedDateTime: '2026-11-19T16:40:00Z',
  allowedCombinations: ['fido2']
}

describe('expanded related entities', () => {
  it('keepPosture keeps only the declared properties of the entity at the path', () => {
    const policy = { id: 'p', grantControls: { operator: 'OR', authenticationStrength: strength } }

    expect(keepPosture(policy, EXPANDED)).toEqual({
      id: 'p',
      grantControls: {
        operator: 'OR',
        authenticationStrength: { id: 'strength-1', allowedCombinations: ['fido2'] }
      }
    })
    expect(policy.grantControls.authenticationStrength).toBe(strength)
  })

  it.each([
    ['no grant controls', { id: 'p', grantControls: null }],
    ['no strength', { id: 'p', grantControls: { operator: 'OR', authenticationStrength: null } }],
    ['no grantControls property', { id: 'p' }]
  ])('leaves an object with %s as it is', (_name, policy) => {
    expect(keepPosture(policy, EXPANDED)).toEqual(policy)
    expect(asReferences(policy, EXPANDED)).toEqual(policy)
  })

  it('reduces each entity of an expanded collection', () => {
    const owner = { members: [strength, { ...strength, id: 'strength-2' }] }

    expect(keepPosture(owner, { members: ['id'] })).toEqual({
      members: [{ id: 'strength-1' }, { id: 'strength-2' }]
    })
  })

  it('asReferences writes the entity as the reference a write body takes', () => {
    const body = { grantControls: { operator: 'OR', authenticationStrength: strength } }

    expect(asReferences(body, EXPANDED)).toEqual({
      grantControls: { operator: 'OR', authenticationStrength: { id: 'strength-1' } }
    })
  })

  it('without a declaration, nothing changes', () => {
    const policy = { grantControls: { authenticationStrength: strength } }

    expect(keepPosture(policy, undefined)).toBe(policy)
    expect(asReferences(policy, undefined)).toBe(policy)
  })
})
