import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { inert } from '../../../src/core/render/inert.js'
import {
  keyedPlaceholders,
  numberedPlaceholders,
  redactText,
  transformLines,
  type RedactionContext
} from '../../../src/core/report/redact.js'
import { createPseudonyms } from '../../../src/runtime/pseudonyms.js'
import { KEYED, keyedRedaction, TEST_PSEUDONYM_KEY } from '../../support/pseudonyms.ts'
import { FABRIKAM_TENANT_ID, TENANT_ID } from '../../support/drift-fixtures.ts'

const context = keyedRedaction([TENANT_ID, FABRIKAM_TENANT_ID])

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

describe('placeholders', () => {
  it('keyed: stable across runs for one key, different under another key, and not a plain SHA-256 of the id', () => {
    const keyed = keyedPlaceholders(KEYED)('0530e93a-7032-48b1-b478-90503a5c9da2', 'tenant')
    const again = keyedPlaceholders(createPseudonyms(TEST_PSEUDONYM_KEY))(
      '0530E93A-7032-48B1-B478-90503A5C9DA2',
      'tenant'
    )
    const otherKey = keyedPlaceholders(createPseudonyms('another-key-of-thirty-two-characters!!'))(
      '0530e93a-7032-48b1-b478-90503a5c9da2',
      'tenant'
    )
    const plain = createHash('sha256').update('0530e93a-7032-48b1-b478-90503a5c9da2').digest('hex')

    expect(keyed).toMatch(/^tenant-[0-9a-f]{6}$/)
    expect(again).toBe(keyed)
    expect(otherKey).not.toBe(keyed)
    expect(plain).not.toContain(keyed.slice('tenant-'.length))
  })

  it('refuses to make placeholders from unkeyed hashes', () => {
    expect(() => keyedPlaceholders(createPseudonyms(undefined))).toThrow(/pseudonym key/)
  })

  it('numbered: our tenant first, every other id in order of first sight, the same id the same number', () => {
    const placeholder = numberedPlaceholders([TENANT_ID])
    const text = `${FABRIKAM_TENANT_ID} 9e8d7c6b-5a49-4838-a726-15f4e3d2c1b0 ${TENANT_ID} ${FABRIKAM_TENANT_ID}`

    expect(redactText(text, { knownTenantIds: [TENANT_ID, FABRIKAM_TENANT_ID], placeholder })).toBe(
      'tenant-2 id-1 tenant-1 tenant-2'
    )
  })
})

describe('what else identifies', () => {
  it.each([
    [
      'an IPv4 range of a named location',
      'trusted 203.0.113.0/24 and 198.51.100.7',
      'trusted [redacted address] and [redacted address]'
    ],
    [
      'an IPv6 range',
      'office 2001:db8:1234::/48 and 2001:0db8:0000:0000:0000:ff00:0042:8329',
      'office [redacted address] and [redacted address]'
    ],
    ['a finding id', 'finding f-0123456789abcdef', /^finding f-[0-9a-f]{8}$/]
  ])('replaces %s', (_what, text, expected) => {
    const redacted = redactText(text, context)
    if (typeof expected === 'string') expect(redacted).toBe(expected)
    else expect(redacted).toMatch(expected)
  })

  it.each(['at 2026-12-04T23:32:30Z', 'version 1.2', 'Rule `x` · 3 findings'])('leaves %s alone', (text) => {
    expect(redactText(text, context)).toBe(text)
  })

  it('replaces known names (partners, sync policies, audit clients) as whole words, longest first', () => {
    const redacted = redactText('Fabrikam Europe and Fabrikam, not Fabrikamish; via Mozilla/5.0 (X11)', {
      ...context,
      knownNames: ['Fabrikam', 'Fabrikam Europe', 'Mozilla/5.0 (X11)']
    })

    expect(redacted).toBe('[redacted name] and [redacted name], not Fabrikamish; via [redacted name]')
  })
})

describe('redacting many known values', () => {
  /** A tenant of `count` partners as the run learns it: names, domains and tenant ids. */
  function manyPartners(count: number): RedactionContext {
    const knownNames: string[] = []
    const knownDomains: string[] = []
    const knownTenantIds: string[] = []
    for (let index = 0; index < count; index++) {
      knownNames.push(`Partner Org ${index}`, `Partner Org ${index} (partner${index}.onmicrosoft.com)`)
      knownDomains.push(`partner${index}.onmicrosoft.com`)
      knownTenantIds.push(`0ba5e11e-0000-4000-8000-${String(index).padStart(12, '0')}`)
    }
    return { knownNames, knownDomains, knownTenantIds, placeholder: numberedPlaceholders() }
  }

  it('given thousands of partners, then a line naming one is redacted like a line naming one of a few', () => {
    const many = manyPartners(3000)

    const redacted = redactText(
      '"displayName": "Partner Org 1234", "domain": "partner1234.onmicrosoft.com"',
      many
    )

    expect(redacted).toBe('"displayName": "[redacted name]", "domain": "[redacted domain]"')
  })

  it.each([
    ['a letter before it (any script)', 'éPartner Org 12 ok', 'éPartner Org 12 ok'],
    ['a digit after it', 'Partner Org 123 ok', '[redacted name] ok'],
    ['a non-word character around it', '→Partner Org 12→', '→[redacted name]→'],
    ['the escaped form', 'Partner&#32;Org&#32;12', '[redacted name]'],
    ['another case', 'PARTNER ORG 12.', '[redacted name].']
  ])('treats a known name with %s as the whole-word pattern does', (_what, text, expected) => {
    const context: RedactionContext = {
      knownTenantIds: [],
      knownNames: ['Partner Org 12', 'Partner Org 123'],
      placeholder: numberedPlaceholders()
    }

    expect(redactText(text, context)).toBe(expected)
  })
})

describe('transformLines', () => {
  const context = (): RedactionContext => ({
    knownTenantIds: ['0ba5e11e-0000-4000-8000-000000000001', '0ba5e11e-0000-4000-8000-000000000002'],
    knownNames: ['Fabrikam', 'Northwind Traders'],
    knownDomains: ['fabrikam.com'],
    placeholder: numberedPlaceholders()
  })
  const REPORT = JSON.stringify(
    {
      findings: [
        { affects: ['0ba5e11e-0000-4000-8000-000000000002', '0ba5e11e-0000-4000-8000-000000000001'] }
      ],
      partners: {
        '0ba5e11e-0000-4000-8000-000000000001': {
          displayName: 'Fabrikam',
          domain: 'fabrikam.com',
          trust: false
        },
        '0ba5e11e-0000-4000-8000-000000000002': { displayName: 'Northwind Traders', trust: false },
        '9e8d7c6b-5a49-4838-a726-15f4e3d2c1b0': { owner: 'alice@fabrikam.com', trust: false }
      }
    },
    null,
    2
  )

  it('given a report in pieces that split its lines anywhere, then the result is the whole text redacted at once', () => {
    const pieces = REPORT.match(/[\s\S]{1,7}/g) ?? []
    const lineByLine = context()

    const redacted = [...transformLines(pieces, (line) => redactText(line, lineByLine))].join('')

    expect(redacted).toBe(redactText(REPORT, context()))
    expect(redacted).not.toMatch(/Fabrikam|Northwind|0ba5e11e|alice/)
  })
  it('given a line repeated, then it is transformed once', () => {
    const seen: string[] = []

    const result = [...transformLines(['a\nb\na\n', 'a'], (line) => (seen.push(line), line.toUpperCase()))]

    expect(result.join('')).toBe('A\nB\nA\nA')
    expect(seen).toEqual(['a', 'b'])
  })
})
