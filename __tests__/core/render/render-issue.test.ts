import { describe, expect, it } from '@jest/globals'
import type { ObjectRef } from '../../../src/core/model/finding.js'
import {
  issueMarkerFor,
  parseIssueMarker,
  renderIssueBody,
  renderIssueTitle
} from '../../../src/core/render/render-issue.js'
import {
  DEFAULT_SETTINGS,
  defaultMfaTrusted,
  FABRIKAM,
  fabrikamDeviceTrusted,
  fabrikamMfaTrusted,
  finding,
  GUEST_MFA_POLICY,
  guestPolicyDisabled,
  TENANT_ID
} from '../../support/drift-fixtures.ts'
import { keyedRedaction, UNKEYED } from '../../support/pseudonyms.ts'

describe('renderIssueTitle', () => {
  it.each([
    [
      FABRIKAM,
      fabrikamMfaTrusted,
      'Entra drift: partner Fabrikam (tenant 0530e93a…) now trusts MFA from this partner'
    ],
    [
      DEFAULT_SETTINGS,
      defaultMfaTrusted,
      'Entra drift: default cross-tenant settings: now trusts MFA from every external organisation'
    ],
    [
      GUEST_MFA_POLICY,
      guestPolicyDisabled,
      'Entra drift: CA policy "Require MFA for guests" which covers guests, was disabled'
    ]
  ])('names the object and what happened to it (%#)', (object, drift, expected) => {
    expect(renderIssueTitle(object, [drift], {})).toBe(expected)
  })

  it('names how many partners a default-configuration finding affects, before what happened', () => {
    const affecting = {
      ...defaultMfaTrusted,
      affects: ['0530e93a-7032-48b1-b478-90503a5c9da2', '00bae629-ecc4-453c-a5e4-672434060aed'],
      access: { direction: 'widened' as const, changes: ['inbound MFA now trusted'], partners: [] }
    }

    expect(renderIssueTitle(DEFAULT_SETTINGS, [affecting], {})).toBe(
      'Entra drift: default cross-tenant settings (affects 2 partners): now trusts MFA from every external organisation'
    )
  })

  it('uses a placeholder, not a shortened id, when redacting', () => {
    const title = renderIssueTitle(FABRIKAM, [fabrikamMfaTrusted], {
      redact: keyedRedaction([FABRIKAM.key])
    })

    expect(title).toMatch(/^Entra drift: partner Fabrikam \(tenant-[0-9a-f]{6}\) now trusts MFA/)
    expect(title).not.toContain('0530e93a')
  })

  it('stays within GitHub’s 256 characters whatever the names', () => {
    const longName: ObjectRef = { ...GUEST_MFA_POLICY, displayName: 'Guests '.repeat(100) }
    const drift = finding({ ...guestPolicyDisabled, object: longName, summary: 'was disabled '.repeat(50) })

    expect(Array.from(renderIssueTitle(longName, [drift], {})).length).toBeLessThanOrEqual(256)
  })
})

describe('renderIssueBody', () => {
  it('renders the same drift byte-identically, whatever the order of the findings', () => {
    const one = renderIssueBody(FABRIKAM, [fabrikamMfaTrusted, fabrikamDeviceTrusted], {
      tenantId: TENANT_ID,
      pseudonyms: UNKEYED
    })
    const two = renderIssueBody(FABRIKAM, [fabrikamDeviceTrusted, fabrikamMfaTrusted], {
      tenantId: TENANT_ID,
      pseudonyms: UNKEYED
    })

    expect(one).toBe(two)
  })

  it('says what changed, why it matters and how to revert, without timestamps', () => {
    const body = renderIssueBody(FABRIKAM, [fabrikamMfaTrusted], { tenantId: TENANT_ID, pseudonyms: UNKEYED })

    expect(body).toContain('**Severity: high**')
    expect(body).toContain(
      '| `inboundTrust.isMfaAccepted` | false | true | high | `partner-inbound-trust-accepted` |'
    )
    expect(body).toContain('### Why it matters')
    expect(body).toContain(`PATCH /policies/crossTenantAccessPolicy/partners/${FABRIKAM.key}`)
    expect(body).toContain('```powershell\nUpdate-MgPolicyCrossTenantAccessPolicyPartner')
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
  })

  it('given a nested value, then the changes table lists its leaf paths, not JSON cut off in a cell', () => {
    const opened = finding({
      object: FABRIKAM,
      rule: 'inbound-b2b-collaboration-opened-partner',
      severity: 'high',
      changes: [
        {
          path: 'b2bCollaborationInbound',
          before: null,
          after: {
            usersAndGroups: { accessType: 'allowed', targets: [{ target: 'AllUsers', targetType: 'user' }] }
          }
        }
      ],
      summary: 'Partner Fabrikam: inbound B2B collaboration opened'
    })

    const body = renderIssueBody(FABRIKAM, [opened], { tenantId: TENANT_ID, pseudonyms: UNKEYED })

    expect(body).toContain(
      '| `b2bCollaborationInbound.usersAndGroups.accessType` | *not set* | allowed | high | `inbound-b2b-collaboration-opened-partner` |'
    )
    expect(body).toContain(
      '| `b2bCollaborationInbound.usersAndGroups.targets[0].target` | *not set* | AllUsers | high | `inbound-b2b-collaboration-opened-partner` |'
    )
    expect(body).not.toContain('{&#34;')
    expect(body).not.toMatch(/\| \{"/)
  })

  it('starts with a hashed marker that parses back and carries no raw id', () => {
    const body = renderIssueBody(FABRIKAM, [fabrikamMfaTrusted], { tenantId: TENANT_ID, pseudonyms: UNKEYED })
    const firstLine = body.split('\n')[0] ?? ''

    expect(parseIssueMarker(body)).toEqual(issueMarkerFor(TENANT_ID, FABRIKAM, [fabrikamMfaTrusted], UNKEYED))
    expect(firstLine).not.toContain(FABRIKAM.key)
    expect(firstLine).not.toContain(TENANT_ID)
  })

  it('stays within GitHub’s body limit for an object with thousands of changes', () => {
    const changes = Array.from({ length: 3000 }, (_, i) => ({
      path: `setting${i}`,
      before: 'x'.repeat(100),
      after: 'y'.repeat(100)
    }))
    const huge = finding({
      object: FABRIKAM,
      rule: 'partner-fallback',
      severity: 'medium',
      changes,
      summary: 'many changes'
    })

    const body = renderIssueBody(FABRIKAM, [huge], { tenantId: TENANT_ID, pseudonyms: UNKEYED })

    expect(body.length).toBeLessThanOrEqual(65_000)
    expect(body).toMatch(/…and \d+ more changes/)
  })
})

describe('parseIssueMarker', () => {
  it.each([
    'no marker here',
    '<!-- entra-b2b-drift:issue v1 object=abc -->',
    '<!-- entra-b2b-drift:issue v1 tenant=a'
  ])('finds nothing in %j', (body) => {
    expect(parseIssueMarker(body)).toBeUndefined()
  })
})
