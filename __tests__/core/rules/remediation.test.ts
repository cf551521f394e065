import { describe, expect, it } from '@jest/globals'
import type { Finding, Remediation } from '../../../src/core/model/finding.js'
import type { JsonObject } from '../../../src/core/model/json.js'
import { quoted } from '../../../src/core/rules/remediation.js'
import { compareSnapshots } from '../../../src/core/report/report.js'
import type { Snapshot } from '../../../src/core/model/snapshot.js'
import {
  GUEST_POLICY_ID,
  OFFICE_LOCATION_ID,
  PARTNER_GROUP_ID,
  PARTNER_ID,
  authorizationPolicy,
  b2bSetting,
  crossTenantAccessPolicy,
  defaultConfiguration,
  guestPolicy,
  ipLocation,
  multiTenantOrganization,
  partnerConfiguration,
  setAt,
  sharepointSettings,
  snapshot,
  syncPolicy,
  targetConfiguration
} from '../../support/snapshot-builder.js'

function findingsBetween(before: Partial<Snapshot>, after: Partial<Snapshot>): Finding[] {
  return compareSnapshots(snapshot(before), snapshot(after), { today: '2026-03-01' }).findings
}

/** The line that runs the cmdlet: the last of the PowerShell block (a `$body = ...` line may come first). */
function cmdletLine(remediation: Remediation | undefined): string | undefined {
  return remediation?.powershell?.split('\n').at(-1)
}

function onlyRemediation(before: Partial<Snapshot>, after: Partial<Snapshot>) {
  const findings = findingsBetween(before, after)
  expect(findings).toHaveLength(1)
  return findings[0]?.remediation
}

describe('remediation', () => {
  it('PATCHes the default with the whole baseline value of each changed top-level property', () => {
    const before = defaultConfiguration()
    const after = setAt(before, 'inboundTrust.isMfaAccepted', true)

    const remediation = onlyRemediation({ default: before }, { default: after })

    expect(remediation).toEqual({
      graph: {
        method: 'PATCH',
        path: '/policies/crossTenantAccessPolicy/default',
        body: {
          inboundTrust: {
            isCompliantDeviceAccepted: false,
            isHybridAzureADJoinedDeviceAccepted: false,
            isMfaAccepted: false
          }
        }
      },
      powershell: [
        `$body = '{"inboundTrust":{"isCompliantDeviceAccepted":false,"isHybridAzureADJoinedDeviceAccepted":false,"isMfaAccepted":false}}' | ConvertFrom-Json -AsHashtable`,
        'Update-MgPolicyCrossTenantAccessPolicyDefault -BodyParameter $body'
      ].join('\n')
    })
  })

  it('given a body with quotes, then the $body line is one single-quoted literal that PowerShell reads back as the body', () => {
    const before = setAt(ipLocation(), 'displayName', "Bob's office ’HQ’")
    const after = setAt(before, 'displayName', 'Renamed')

    const remediation = onlyRemediation(
      { namedLocations: { [OFFICE_LOCATION_ID]: before } },
      { namedLocations: { [OFFICE_LOCATION_ID]: after } }
    )

    const [bodyLine] = remediation?.powershell?.split('\n') ?? []
    const literal =
      /^\$body = '((?:[^'\u2018\u2019\u201a\u201b]|''|’’)*)' \| ConvertFrom-Json -AsHashtable$/.exec(
        bodyLine ?? ''
      )
    expect(literal).not.toBeNull()
    // PowerShell's single-quoted string: a doubled quote is one quote; nothing else is special.
    const json = (literal?.[1] ?? '').replace(/(['\u2018\u2019\u201a\u201b])\1/g, '$1')
    expect(JSON.parse(json)).toEqual(remediation?.graph?.body)
  })

  it('leaves read-only default properties out of the body and says so', () => {
    // Tenant restrictions that block another group: neither looser nor tighter, so the change
    // stays with isServiceDefault on the default's catch-all rule, in one finding.
    const before = setAt(defaultConfiguration(), 'tenantRestrictions', {
      usersAndGroups: targetConfiguration('blocked', PARTNER_GROUP_ID)
    })
    const after = setAt(
      setAt(before, 'isServiceDefault', true),
      'tenantRestrictions.usersAndGroups',
      targetConfiguration('blocked', 'group000-0000-4000-8000-0000000000e2')
    )

    const remediation = onlyRemediation({ default: before }, { default: after })

    expect(remediation?.graph?.body).toEqual({
      tenantRestrictions: { usersAndGroups: targetConfiguration('blocked', PARTNER_GROUP_ID) }
    })
    expect(remediation?.note).toBe('Read-only through Graph, not restorable this way: isServiceDefault.')
  })

  it('PATCHes a partner without its tenantId, restoring an inherited setting with null', () => {
    const before = partnerConfiguration()
    const after = setAt(before, 'b2bCollaborationInbound', b2bSetting('allowed'))

    const remediation = onlyRemediation(
      { partners: { [PARTNER_ID]: before } },
      { partners: { [PARTNER_ID]: after } }
    )

    expect(remediation).toEqual({
      graph: {
        method: 'PATCH',
        path: `/policies/crossTenantAccessPolicy/partners/${PARTNER_ID}`,
        body: { b2bCollaborationInbound: null }
      },
      powershell: [
        `$body = '{"b2bCollaborationInbound":null}' | ConvertFrom-Json -AsHashtable`,
        `Update-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId '${PARTNER_ID}' -BodyParameter $body`
      ].join('\n')
    })
  })

  it('DELETEs an added partner', () => {
    const remediation = onlyRemediation(
      { partners: {} },
      { partners: { [PARTNER_ID]: partnerConfiguration() } }
    )

    expect(remediation?.graph).toEqual({
      method: 'DELETE',
      path: `/policies/crossTenantAccessPolicy/partners/${PARTNER_ID}`
    })
    expect(cmdletLine(remediation)).toBe(
      `Remove-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId '${PARTNER_ID}'`
    )
    expect(remediation?.note).toMatch(/identitySynchronization first/)
  })

  it('POSTs a removed partner with its tenantId and set properties', () => {
    const removed = setAt(partnerConfiguration(), 'inboundTrust', { isMfaAccepted: true })

    const remediation = onlyRemediation({ partners: { [PARTNER_ID]: removed } }, { partners: {} })

    expect(remediation).toEqual({
      graph: {
        method: 'POST',
        path: '/policies/crossTenantAccessPolicy/partners',
        body: { inboundTrust: { isMfaAccepted: true }, tenantId: PARTNER_ID }
      },
      powershell: [
        `$body = '{"inboundTrust":{"isMfaAccepted":true},"tenantId":"${PARTNER_ID}"}' | ConvertFrom-Json -AsHashtable`,
        'New-MgPolicyCrossTenantAccessPolicyPartner -BodyParameter $body'
      ].join('\n')
    })
  })

  it.each<[string, JsonObject | undefined, JsonObject | undefined, { method: string; path: string }, string]>(
    [
      [
        'modified',
        syncPolicy(),
        syncPolicy(PARTNER_ID, 'Fabrikam', true),
        {
          method: 'PATCH',
          path: `/policies/crossTenantAccessPolicy/partners/${PARTNER_ID}/identitySynchronization`
        },
        'Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
      ],
      [
        'added',
        undefined,
        syncPolicy(),
        {
          method: 'DELETE',
          path: `/policies/crossTenantAccessPolicy/partners/${PARTNER_ID}/identitySynchronization`
        },
        'Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
      ],
      [
        'removed',
        syncPolicy(),
        undefined,
        {
          method: 'PUT',
          path: `/policies/crossTenantAccessPolicy/partners/${PARTNER_ID}/identitySynchronization`
        },
        'Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
      ]
    ]
  )('restores a %s sync policy', (_name, before, after, request, cmdlet) => {
    const side = (policy: JsonObject | undefined): Partial<Snapshot> => ({
      identitySynchronization: policy === undefined ? {} : { [PARTNER_ID]: policy }
    })

    const remediation = onlyRemediation(side(before), side(after))

    expect(remediation?.graph).toMatchObject(request)
    expect(cmdletLine(remediation)).toBe(
      `${cmdlet} -CrossTenantAccessPolicyConfigurationPartnerTenantId '${PARTNER_ID}'${request.method === 'DELETE' ? '' : ' -BodyParameter $body'}`
    )
    if (request.method === 'PUT') {
      expect(remediation?.graph?.body).toEqual({
        displayName: 'Fabrikam',
        userSyncInbound: { isSyncAllowed: false }
      })
    }
  })

  it('PATCHes a CA policy with the whole baseline conditions, re-typing the external tenant selector', () => {
    const before = guestPolicy()
    const after = setAt(
      before,
      'conditions.users.includeGuestsOrExternalUsers.guestOrExternalUserTypes',
      'b2bCollaborationGuest'
    )

    const remediation = onlyRemediation(
      { conditionalAccessPolicies: { [GUEST_POLICY_ID]: before } },
      { conditionalAccessPolicies: { [GUEST_POLICY_ID]: after } }
    )

    expect(remediation?.graph?.method).toBe('PATCH')
    expect(remediation?.graph?.path).toBe(`/identity/conditionalAccess/policies/${GUEST_POLICY_ID}`)
    expect(remediation?.graph?.body).toMatchObject({
      conditions: {
        users: {
          includeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: 'b2bCollaborationGuest,b2bCollaborationMember',
            externalTenants: {
              '@odata.type': '#microsoft.graph.conditionalAccessEnumeratedExternalTenants',
              membershipKind: 'enumerated'
            }
          }
        }
      }
    })
    expect(cmdletLine(remediation)).toBe(
      `Update-MgIdentityConditionalAccessPolicy -ConditionalAccessPolicyId '${GUEST_POLICY_ID}' -BodyParameter $body`
    )
  })

  it('re-creates a deleted CA policy without its id and warns the id changes', () => {
    const remediation = onlyRemediation(
      { conditionalAccessPolicies: { [GUEST_POLICY_ID]: guestPolicy() } },
      { conditionalAccessPolicies: {} }
    )

    expect(remediation?.graph?.method).toBe('POST')
    expect(remediation?.graph?.path).toBe('/identity/conditionalAccess/policies')
    expect(remediation?.graph?.body).not.toHaveProperty('id')
    expect(remediation?.graph?.body).toHaveProperty('displayName', 'Require MFA for guests')
    expect(cmdletLine(remediation)).toBe('New-MgIdentityConditionalAccessPolicy -BodyParameter $body')
    expect(remediation?.note).toMatch(/new id/)
  })

  it('DELETEs an added CA policy', () => {
    const remediation = onlyRemediation(
      { conditionalAccessPolicies: {} },
      { conditionalAccessPolicies: { [GUEST_POLICY_ID]: guestPolicy() } }
    )

    expect(remediation).toMatchObject({
      graph: { method: 'DELETE', path: `/identity/conditionalAccess/policies/${GUEST_POLICY_ID}` },
      powershell: `Remove-MgIdentityConditionalAccessPolicy -ConditionalAccessPolicyId '${GUEST_POLICY_ID}'`
    })
  })

  it('PATCHes a named location with the @odata.type Graph needs, derived from its ranges', () => {
    const before = ipLocation(OFFICE_LOCATION_ID, false)
    const after = ipLocation(OFFICE_LOCATION_ID, true)
    const withRanges = setAt(before, 'ipRanges', [
      { cidrAddress: '198.51.100.0/24' },
      { cidrAddress: '2001:db8::/32' }
    ])

    const trusted = onlyRemediation(
      { namedLocations: { [OFFICE_LOCATION_ID]: before } },
      { namedLocations: { [OFFICE_LOCATION_ID]: after } }
    )
    const ranges = onlyRemediation(
      { namedLocations: { [OFFICE_LOCATION_ID]: withRanges } },
      { namedLocations: { [OFFICE_LOCATION_ID]: before } }
    )

    expect(trusted?.graph?.body).toEqual({
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      isTrusted: false
    })
    expect(ranges?.graph?.body).toEqual({
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      ipRanges: [
        { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '198.51.100.0/24' },
        { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/32' }
      ]
    })
    expect(cmdletLine(trusted)).toBe(
      `Update-MgIdentityConditionalAccessNamedLocation -NamedLocationId '${OFFICE_LOCATION_ID}' -BodyParameter $body`
    )
  })

  it('types a country location as a countryNamedLocation', () => {
    const before = {
      id: OFFICE_LOCATION_ID,
      displayName: 'Allowed countries',
      countriesAndRegions: ['NL', 'BE']
    }
    const after = { ...before, countriesAndRegions: ['NL', 'BE', 'XX'] }

    const remediation = onlyRemediation(
      { namedLocations: { [OFFICE_LOCATION_ID]: before } },
      { namedLocations: { [OFFICE_LOCATION_ID]: after } }
    )

    expect(remediation?.graph?.body).toEqual({
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      countriesAndRegions: ['BE', 'NL']
    })
  })

  it.each<[string, Partial<Snapshot>, Partial<Snapshot>, string, string]>([
    [
      'authorization policy',
      { authorizationPolicy: authorizationPolicy() },
      { authorizationPolicy: setAt(authorizationPolicy(), 'allowInvitesFrom', 'everyone') },
      '/policies/authorizationPolicy',
      'Update-MgPolicyAuthorizationPolicy -BodyParameter $body'
    ],
    [
      'cross-tenant access policy',
      { crossTenantAccessPolicy: crossTenantAccessPolicy() },
      {
        crossTenantAccessPolicy: setAt(crossTenantAccessPolicy(), 'allowedCloudEndpoints', [
          'microsoftonline.us'
        ])
      },
      '/policies/crossTenantAccessPolicy',
      'Update-MgPolicyCrossTenantAccessPolicy -BodyParameter $body'
    ],
    [
      'multitenant organization',
      { multiTenantOrganization: multiTenantOrganization() },
      { multiTenantOrganization: setAt(multiTenantOrganization(), 'description', 'changed') },
      '/tenantRelationships/multiTenantOrganization',
      'Update-MgTenantRelationshipMultiTenantOrganization -BodyParameter $body'
    ],
    [
      'SharePoint settings',
      { sharepointSettings: sharepointSettings() },
      { sharepointSettings: setAt(sharepointSettings(), 'sharingCapability', 'externalUserAndGuestSharing') },
      '/admin/sharepoint/settings',
      'Update-MgAdminSharepointSetting -BodyParameter $body'
    ]
  ])('PATCHes the %s', (_name, before, after, path, powershell) => {
    const remediation = onlyRemediation(before, after)

    expect(remediation?.graph?.method).toBe('PATCH')
    expect(remediation?.graph?.path).toBe(path)
    expect(cmdletLine(remediation)).toBe(powershell)
  })

  it('offers no Graph write for a read-only change, only a note', () => {
    const remediation = onlyRemediation(
      { multiTenantOrganization: multiTenantOrganization() },
      { multiTenantOrganization: setAt(multiTenantOrganization(), 'state', 'inactive') }
    )

    expect(remediation).toEqual({ note: 'Read-only through Graph, not restorable this way: state.' })
  })

  describe('given a baseline at the service default', () => {
    const serviceDefault = setAt(defaultConfiguration(), 'isServiceDefault', true)

    it('when the default drifts, then the remediation is resetToSystemDefault, never a PATCH that leaves it customised', () => {
      // A PATCH of the default sets isServiceDefault false for good, whatever values it writes.
      const drifted = setAt(
        setAt(serviceDefault, 'isServiceDefault', false),
        'inboundTrust.isMfaAccepted',
        true
      )

      const findings = findingsBetween({ default: serviceDefault }, { default: drifted })

      expect(findings.length).toBeGreaterThan(0)
      for (const finding of findings) {
        expect(finding.remediation).toEqual({
          graph: { method: 'POST', path: '/policies/crossTenantAccessPolicy/default/resetToSystemDefault' },
          powershell: 'Reset-MgPolicyCrossTenantAccessPolicyDefaultToSystemDefault',
          note: expect.stringMatching(/system defaults \(isServiceDefault: true\)/) as unknown as string
        })
      }
    })

    it('when Microsoft changed its defaults (both sides at the service default), then there is nothing to reset, only a note', () => {
      const changedByMicrosoft = setAt(serviceDefault, 'b2bDirectConnectInbound', b2bSetting('allowed'))

      const remediation = onlyRemediation({ default: serviceDefault }, { default: changedByMicrosoft })

      expect(remediation?.graph).toBeUndefined()
      expect(remediation?.note).toMatch(/Microsoft changed them/)
    })
  })

  describe('given a CA policy requiring an authentication strength, expanded as Graph returns it', () => {
    const strength = {
      id: 'a5e1c0de-0000-4000-8000-0000000000a5',
      displayName: 'Partner strength',
      policyType: 'custom',
      requirementsSatisfied: 'mfa',
      allowedCombinations: ['fido2', 'password,microsoftAuthenticatorPush']
    }
    const withStrength = setAt(guestPolicy(), 'grantControls', {
      operator: 'OR',
      builtInControls: [],
      authenticationStrength: strength
    })

    it('when the grant changes, then the PATCH names the strength by { "id" } only', () => {
      const after = setAt(withStrength, 'grantControls.authenticationStrength', null)

      const remediation = onlyRemediation(
        { conditionalAccessPolicies: { [GUEST_POLICY_ID]: withStrength } },
        { conditionalAccessPolicies: { [GUEST_POLICY_ID]: after } }
      )

      expect(remediation?.graph?.body).toEqual({
        grantControls: { operator: 'OR', builtInControls: [], authenticationStrength: { id: strength.id } }
      })
    })

    it('when the policy is deleted, then restoring it from deleted items comes first, and the re-creation names the strength by id', () => {
      const remediation = onlyRemediation(
        { conditionalAccessPolicies: { [GUEST_POLICY_ID]: withStrength } },
        { conditionalAccessPolicies: {} }
      )

      expect(remediation?.graph?.body).toMatchObject({
        grantControls: { authenticationStrength: { id: strength.id } }
      })
      expect(remediation?.note).toMatch(
        new RegExp(
          `^If it was deleted less than 30 days ago, restore it instead, which keeps its id: POST /beta/identity/conditionalAccess/deletedItems/policies/${GUEST_POLICY_ID}/restore .*new id`
        )
      )
    })
  })

  it('given a deleted named location, then restoring it from deleted items comes before re-creating it', () => {
    // A trusted location's removal trips two rules; both carry the object's remediation.
    const [remediation] = findingsBetween(
      { namedLocations: { [OFFICE_LOCATION_ID]: ipLocation() } },
      { namedLocations: {} }
    ).map((finding) => finding.remediation)

    expect(remediation?.graph).toMatchObject({
      method: 'POST',
      path: '/identity/conditionalAccess/namedLocations'
    })
    expect(remediation?.note).toContain(
      `POST /beta/identity/conditionalAccess/deletedItems/namedLocations/${OFFICE_LOCATION_ID}/restore`
    )
  })

  describe('given partner properties the service returns but v1.0 does not declare', () => {
    const meetings = { inboundAllowed: true, outboundAllowed: false }
    const partner = setAt(
      setAt(partnerConfiguration(), 'crossCloudMeetingConfiguration', meetings),
      'protectedContentSharing',
      meetings
    )

    it('when only they changed, then no request is offered, and the note says why', () => {
      const after = setAt(partner, 'crossCloudMeetingConfiguration', null)

      const remediation = onlyRemediation(
        { partners: { [PARTNER_ID]: partner } },
        { partners: { [PARTNER_ID]: after } }
      )

      expect(remediation).toEqual({
        note: "Not in Graph v1.0's schema, not restorable through v1.0: crossCloudMeetingConfiguration."
      })
    })

    it('when the partner is deleted, then the create body leaves them out and says so', () => {
      const removed = setAt(partner, 'inboundTrust', { isMfaAccepted: true })

      const remediation = onlyRemediation({ partners: { [PARTNER_ID]: removed } }, { partners: {} })

      expect(remediation?.graph?.body).toEqual({
        inboundTrust: { isMfaAccepted: true },
        tenantId: PARTNER_ID
      })
      expect(remediation?.note).toContain('crossCloudMeetingConfiguration, protectedContentSharing')
    })
  })

  it('quotes ids for PowerShell and encodes them for the URL', () => {
    const oddKey = "x' ; Remove-Item -Recurse / ; 'y/z"
    const remediation = onlyRemediation(
      { partners: {} },
      { partners: { [oddKey]: partnerConfiguration(oddKey) } }
    )

    expect(remediation?.graph?.path).toBe(
      `/policies/crossTenantAccessPolicy/partners/${encodeURIComponent(oddKey)}`
    )
    expect(cmdletLine(remediation)).toBe(
      "Remove-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId 'x'' ; Remove-Item -Recurse / ; ''y/z'"
    )
    expect(quoted('it’s')).toBe("'it’’s'")
  })
})
