import { describe, expect, it } from '@jest/globals'
import { blockingProblems } from '../../src/collectors/collect.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { validateSnapshotDocument } from '../../src/core/baseline/snapshot-schema.js'
import { factsOfSnapshot } from '../../src/core/report/identifying-facts.js'
import { SECTIONS } from '../../src/sections/index.js'
import {
  assignmentPolicy,
  cloneTenant,
  connectedOrganization,
  CONTOSO_ASSIGNMENT_POLICIES,
  contosoTenant,
  CONTOSO_CONNECTED_ORGANIZATIONS,
  CONTOSO_PARTNERS,
  domainIdentitySource,
  entitlementManagementSettings,
  tenantIdentitySource,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { collect, findingsBetween, SECTION_TEST_NOW, sectionNamed } from '../support/section-harness.js'

// Entitlement management's external surface (issue 15), each an optional section: read through
// the production Graph layer from the fake, compared, classified, and reported unavailable (never
// a failed run) when the app lacks the section's permission.

const NOW = SECTION_TEST_NOW

describe('connected organizations (GET /identityGovernance/entitlementManagement/connectedOrganizations)', () => {
  const WINGTIP_ID = '5c3a9e1d-2b4f-4d6a-9e8c-7f1b3d5a9c27'
  const WINGTIP_TENANT = 'b7d9f1a3-4c6e-4a8b-9d2f-6e8a0c2e4f61'

  it('given Contoso, then the snapshot holds each organization by id with its identity sources, without timestamps', async () => {
    const tenant = contosoTenant({ now: NOW })

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([])
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(Object.keys(snapshot.connectedOrganizations ?? {}).sort()).toEqual(
      Object.values(CONTOSO_CONNECTED_ORGANIZATIONS).sort()
    )
    const fabrikam = snapshot.connectedOrganizations?.[CONTOSO_CONNECTED_ORGANIZATIONS.fabrikam]
    expect(fabrikam).toMatchObject({
      state: 'configured',
      identitySources: [{ displayName: 'Fabrikam', tenantId: CONTOSO_PARTNERS.fabrikam }]
    })
    expect(fabrikam).not.toHaveProperty('modifiedDateTime')
  })

  it('given Contoso, then the partner tenants, names and domains its identity sources name are identifying', async () => {
    const { snapshot } = await collect(contosoTenant({ now: NOW }))

    const facts = factsOfSnapshot(snapshot)

    expect(facts.tenantIds).toContain(CONTOSO_PARTNERS.fabrikam)
    expect(facts.names).toEqual(expect.arrayContaining(['Fabrikam', 'litware.example']))
    expect(facts.domains).toContain('litware.example')
  })

  it('given a configured organization added, then a medium finding names its tenant and the fix deletes it', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.connectedOrganizations.push(
      connectedOrganization(WINGTIP_ID, 'Wingtip Toys', 'configured', [
        tenantIdentitySource(WINGTIP_TENANT, 'Wingtip Toys Co')
      ])
    )

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'connected-organization-added',
        severity: 'medium',
        summary: `Connected organization Wingtip Toys added (configured: ${WINGTIP_TENANT})`
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'DELETE',
      path: `/identityGovernance/entitlementManagement/connectedOrganizations/${WINGTIP_ID}`
    })
  })

  it('given a proposed organization added, then it is a low finding only', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.connectedOrganizations.push(
      connectedOrganization(WINGTIP_ID, 'wingtip.example', 'proposed', [
        domainIdentitySource('wingtip.example')
      ])
    )

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({ rule: 'connected-organization-changed', severity: 'low' })
    ])
  })

  it('given the proposed organization configured, then a medium finding and the fix PATCHes its state back', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const litware = live.connectedOrganizations.find(
      (organization) => organization.id === CONTOSO_CONNECTED_ORGANIZATIONS.litware
    )
    litware!.state = 'configured'
    litware!.modifiedDateTime = '2026-11-19T08:00:00Z'

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'connected-organization-configured',
        severity: 'medium',
        summary: 'Connected organization litware.example changed from proposed to configured'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'PATCH',
      path: `/identityGovernance/entitlementManagement/connectedOrganizations/${CONTOSO_CONNECTED_ORGANIZATIONS.litware}`,
      body: { state: 'proposed' }
    })
  })

  it('given the Fabrikam organization removed, then a low finding and the fix re-creates it with its typed identity source', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.connectedOrganizations = live.connectedOrganizations.filter(
      (organization) => organization.id !== CONTOSO_CONNECTED_ORGANIZATIONS.fabrikam
    )

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'connected-organization-removed',
        severity: 'low',
        summary: 'Connected organization Fabrikam removed'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'POST',
      path: '/identityGovernance/entitlementManagement/connectedOrganizations',
      body: {
        description: 'Fabrikam',
        displayName: 'Fabrikam',
        identitySources: [
          {
            '@odata.type': '#microsoft.graph.azureActiveDirectoryTenant',
            displayName: 'Fabrikam',
            tenantId: CONTOSO_PARTNERS.fabrikam
          }
        ],
        state: 'configured'
      }
    })
  })

  it('given no EntitlementManagement.Read.All, then only the entitlement management sections are unavailable, naming the permission, not blocking', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('EntitlementManagement.Read.All')

    const { snapshot, problems } = await collect(tenant)

    // The other entitlement management sections need the same permission; nothing else is missing.
    expect(problems.map((problem) => problem.section).sort()).toEqual(
      SECTIONS.filter((section) => section.permission === 'EntitlementManagement.Read.All')
        .map((section) => section.id)
        .sort()
    )
    const problem = problems.find((candidate) => candidate.section === 'connectedOrganizations')
    expect(problem).toMatchObject({ status: 'unavailable', core: false })
    expect(problem?.reason).toContain(sectionNamed('connectedOrganizations').permission)
    expect(problem?.reason).toContain('EntitlementManagement.Read.All')
    expect(snapshot.connectedOrganizations).toBeUndefined()
    expect(snapshot.partners).toBeDefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})

describe('external user lifecycle (GET /identityGovernance/entitlementManagement/settings)', () => {
  it('given Contoso, then the snapshot holds the lifecycle action and the delay before deletion', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    expect(snapshot.entitlementManagementSettings).toEqual({
      id: 'singleton',
      externalUserLifecycleAction: 'blockSignInAndDelete',
      durationUntilExternalUserDeletedAfterBlocked: 'P30D'
    })
  })

  it('given the action turned to none, then a high finding and the fix PATCHes the baseline action back', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.entitlementManagementSettings = entitlementManagementSettings('none')

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'external-user-lifecycle-disabled',
        severity: 'high',
        summary:
          'External user lifecycle turned off (externalUserLifecycleAction blockSignInAndDelete → none)'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'PATCH',
      path: '/identityGovernance/entitlementManagement/settings',
      body: { externalUserLifecycleAction: 'blockSignInAndDelete' }
    })
  })

  it('given deletion replaced by blocking alone, then a low finding only', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.entitlementManagementSettings = entitlementManagementSettings('blockSignIn')

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({ rule: 'external-user-lifecycle-changed', severity: 'low' })
    ])
  })

  it('given no EntitlementManagement.Read.All, then it is unavailable with the connected organizations, naming the permission, not blocking', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('EntitlementManagement.Read.All')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          section: 'entitlementManagementSettings',
          status: 'unavailable',
          core: false
        })
      ])
    )
    const problem = problems.find((candidate) => candidate.section === 'entitlementManagementSettings')
    expect(problem?.reason).toContain(sectionNamed('entitlementManagementSettings').permission)
    expect(problem?.reason).toContain('EntitlementManagement.Read.All')
    expect(snapshot.entitlementManagementSettings).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})

describe('assignment policies open to external users (GET /identityGovernance/entitlementManagement/assignmentPolicies)', () => {
  const OPEN_POLICY_ID = 'd4f6a8c0-3e5b-4a7d-9f1c-5b7d9e1f3a6c'

  function fabrikamPolicy(tenant: SimulatedTenant): Record<string, unknown> {
    const policy = tenant.assignmentPolicies.find(
      (candidate) => candidate.id === CONTOSO_ASSIGNMENT_POLICIES.fabrikamPartners
    )
    if (policy === undefined) throw new Error('no Fabrikam policy')
    return policy
  }

  it('given Contoso, then only the policy external users can request through is kept, without timestamps', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(Object.keys(snapshot.externalAssignmentPolicies ?? {})).toEqual([
      CONTOSO_ASSIGNMENT_POLICIES.fabrikamPartners
    ])
    const policy = snapshot.externalAssignmentPolicies?.[CONTOSO_ASSIGNMENT_POLICIES.fabrikamPartners]
    expect(policy).toMatchObject({
      allowedTargetScope: 'specificConnectedOrganizationUsers',
      requestApprovalSettings: { isApprovalRequiredForAdd: true }
    })
    expect(policy).not.toHaveProperty('modifiedDateTime')
  })

  it('given the employees policy opened to all external users, then a high finding whose fix offers no DELETE (the policy is not new)', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const employees = live.assignmentPolicies.find(
      (candidate) => candidate.id === CONTOSO_ASSIGNMENT_POLICIES.employees
    )
    employees!.allowedTargetScope = 'allExternalUsers'

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'assignment-policy-opened-to-all-external-users',
        severity: 'high',
        summary:
          'External assignment policy Employees now lets any external user request access (allowedTargetScope not external → allExternalUsers)'
      })
    ])
    expect(findings[0]?.remediation?.graph).toBeUndefined()
    expect(findings[0]?.remediation?.note).toContain('may be an existing one that was widened')
  })

  it('given the Fabrikam policy widened to all external users, then a high finding says why no request restores it', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    fabrikamPolicy(live).allowedTargetScope = 'allExternalUsers'

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({ rule: 'assignment-policy-opened-to-all-external-users', severity: 'high' })
    ])
    expect(findings[0]?.remediation?.graph).toBeUndefined()
    expect(findings[0]?.remediation?.note).toContain('PUT')
  })

  it('given a new policy for every configured connected organization, then a medium finding', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.assignmentPolicies.push(
      assignmentPolicy(OPEN_POLICY_ID, 'Partner self-service', 'allConfiguredConnectedOrganizationUsers', {
        approval: false
      })
    )

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'assignment-policy-external-added',
        severity: 'medium',
        summary:
          'External assignment policy Partner self-service lets external users request access (allConfiguredConnectedOrganizationUsers, no approval)'
      })
    ])
  })

  it('given approval turned off on the Fabrikam policy, then a high finding', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const settings = fabrikamPolicy(live).requestApprovalSettings as Record<string, unknown>
    settings.isApprovalRequiredForAdd = false

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'assignment-policy-approval-removed',
        severity: 'high',
        summary:
          'External assignment policy Fabrikam partners no longer requires approval (requestApprovalSettings.isApprovalRequiredForAdd true → false)'
      })
    ])
  })

  it('given the Fabrikam policy narrowed to directory users, then it leaves the section: a low finding', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    fabrikamPolicy(live).allowedTargetScope = 'allDirectoryUsers'

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({ rule: 'assignment-policy-external-removed', severity: 'low' })
    ])
  })

  it('given a 403 on the policies alone, then only that section is unavailable, naming the permission, not blocking', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }), (cloud) =>
      cloud.faults.inject({
        match: '/identityGovernance/entitlementManagement/assignmentPolicies',
        times: Infinity,
        fault: { status: 403, code: 'Authorization_RequestDenied' }
      })
    )

    expect(problems).toEqual([
      expect.objectContaining({ section: 'externalAssignmentPolicies', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('EntitlementManagement.Read.All')
    expect(snapshot.externalAssignmentPolicies).toBeUndefined()
    expect(snapshot.connectedOrganizations).toBeDefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})
