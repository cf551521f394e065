import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { inert } from '../../src/core/inert.js'
import { fingerprint, redactText } from '../../src/core/redact.js'
import { FABRIKAM_TENANT_ID, TENANT_ID } from './drift-fixtures.ts'

const context = { knownTenantIds: [TENANT_ID, FABRIKAM_TENANT_ID] }

describe('redactText', () => {
  it.each([
    ['a known tenant id', `partner ${FABRIKAM_TENANT_ID}`, /^partner tenant-[0-9a-f]{6}$/],
    ['any other GUID', 'group 9e8d7c6b-5a49-4838-a726-15f4e3d2c1b0', /^group id-[0-9a-f]{6}$/],
    [
      'a guest UPN',
      'alice_fabrikam.com#EXT#@contoso.onmicrosoft.com signed in',
      /^\[redacted user\] signed in$/
    ],
    ['an e-mail address', 'owner bob.admin+b2b@fabrikam.co.uk', /^owner \[redacted user\]$/],
    [
      'a domain',
      'allowed fabrikam.com and mail.fabrikam.de',
      /^allowed \[redacted domain\] and \[redacted domain\]$/
    ],
    [
      'a tenant id without hyphens',
      `issuer ${FABRIKAM_TENANT_ID.replace(/-/g, '')}`,
      /^issuer tenant-[0-9a-f]{6}$/
    ]
  ])('replaces %s', (_what, text, expected) => {
    expect(redactText(text, context)).toMatch(expected)
  })

  it.each([
    'inboundTrust.isMfaAccepted',
    'grantControls.authenticationStrength.id',
    'see report.md and baselines/tenant.json',
    'PATCH https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/default',
    'Update-MgPolicyCrossTenantAccessPolicyPartner -BodyParameter $body'
  ])('leaves our own text alone: %s', (text) => {
    expect(redactText(text, context)).toBe(text)
  })

  it('gives one id the same placeholder wherever and however it is written', () => {
    const text = `${FABRIKAM_TENANT_ID} ${FABRIKAM_TENANT_ID.toUpperCase()} ${inert(FABRIKAM_TENANT_ID)}`

    const placeholders = redactText(text, context).split(' ')

    expect(new Set(placeholders).size).toBe(1)
    expect(placeholders[0]).toMatch(/^tenant-[0-9a-f]{6}$/)
  })

  it('sees through markdown escaping, so a finished report can be redacted', () => {
    const escaped = inert(`Partner fabrikam.com invited alice@fabrikam.com (${FABRIKAM_TENANT_ID})`)

    const redacted = redactText(escaped, context)

    expect(redacted).not.toMatch(/fabrikam|alice|0530e93a/i)
    expect(redacted).toContain('[redacted domain]')
    expect(redacted).toContain('[redacted user]')
  })

  it('redacts known domains the generic pattern does not recognise', () => {
    expect(
      redactText('partner portal at fabrikam.internal', { ...context, knownDomains: ['fabrikam.internal'] })
    ).toBe('partner portal at [redacted domain]')
  })

  it('is idempotent', () => {
    const once = redactText(`x ${TENANT_ID} alice@fabrikam.com fabrikam.com`, context)

    expect(redactText(once, context)).toBe(once)
  })
})

describe('fingerprint', () => {
  it.each(['', 'abc', 'é ✓ 🔐', 'x'.repeat(1000)])(
    'is SHA-256 (checked against node:crypto) for %#',
    (text) => {
      expect(fingerprint(text, 64)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'))
    }
  )

  it('is truncated to the requested length', () => {
    expect(fingerprint('abc')).toBe('ba7816bf8f01cfea')
  })
})
