import { describe, expect, it } from '@jest/globals'
import { blockingProblems } from '../../src/collectors/collect.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { validateSnapshotDocument } from '../../src/core/baseline/snapshot-schema.js'
import { diffPairs } from '../../src/core/diff/diff.js'
import { pairObjects } from '../../src/core/diff/objects.js'
import type { Snapshot } from '../../src/core/model/snapshot.js'
import { factsOfSnapshot } from '../../src/core/report/identifying-facts.js'
import { classify } from '../../src/core/rules/classify.js'
import {
  cloneTenant,
  contosoTenant,
  CONTOSO_GUEST_STRENGTH_ID,
  CONTOSO_PARTNERS,
  CONTOSO_TENANT_ID,
  CONTOSO_GROUP_SETTING_ID,
  emailAuthenticationMethod,
  groupUnifiedSetting,
  CONTOSO_GUEST_INVITER_ASSIGNMENT_ID,
  GUEST_INVITER_ROLE_ID,
  roleAssignment,
  authenticationFlowsPolicy,
  b2xUserFlow,
  CONTOSO_GUEST_REVIEW_ID,
  guestAccessReview,
  multiTenantOrganizationMember,
  CONTOSO_LITWARE_FEDERATION_ID,
  externalDomainFederation,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { collect, findingsBetween, SECTION_TEST_NOW, sectionNamed } from '../support/section-harness.js'
import { reviewsGuests } from '../../src/collectors/guest-access-reviews.js'

// The B2B surfaces beyond cross-tenant access (issue 15), each an optional section: read through
// the production Graph layer from the fake, compared, classified, and reported unavailable (never
// a failed run) when the app lacks the section's permission.

const NOW = SECTION_TEST_NOW

describe('authentication strengths (GET /policies/authenticationStrengthPolicies)', () => {
  it('given Contoso, then the snapshot holds each strength by id without its timestamps', async () => {
    const tenant = contosoTenant({ now: NOW })

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([])
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(Object.keys(snapshot.authenticationStrengthPolicies ?? {}).sort()).toEqual(
      tenant.authenticationStrengthPolicies.map((policy) => policy.id as string).sort()
    )
    const guestStrength = snapshot.authenticationStrengthPolicies?.[CONTOSO_GUEST_STRENGTH_ID]
    expect(guestStrength).toMatchObject({ policyType: 'custom', displayName: 'Guest sign-in strength' })
    expect(guestStrength).not.toHaveProperty('modifiedDateTime')
  })

  it('given the guest strength now accepts SMS after a password, then a high finding names the combination', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const strength = live.authenticationStrengthPolicies.find(
      (policy) => policy.id === CONTOSO_GUEST_STRENGTH_ID
    )
    strength!.allowedCombinations = [...(strength!.allowedCombinations as string[]), 'sms,password']
    strength!.modifiedDateTime = '2026-11-19T08:00:00Z'

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'authentication-strength-loosened',
        severity: 'high',
        summary: 'Authentication strength Guest sign-in strength now also accepts password,sms'
      })
    ])
  })

  it('given a 403, then only that section is unavailable, names Policy.Read.AuthenticationMethod and does not block the run', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }), (cloud) =>
      cloud.faults.inject({
        match: '/policies/authenticationStrengthPolicies',
        times: Infinity,
        fault: { status: 403, code: 'Authorization_RequestDenied' }
      })
    )

    expect(problems).toEqual([
      expect.objectContaining({
        section: 'authenticationStrengthPolicies',
        status: 'unavailable',
        core: false
      })
    ])
    expect(problems[0]?.reason).toContain(sectionNamed('authenticationStrengthPolicies').permission)
    expect(problems[0]?.reason).toContain('Policy.Read.AuthenticationMethod')
    expect(snapshot.authenticationStrengthPolicies).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})

describe('multitenant organization tenants and join request (GET /tenantRelationships/multiTenantOrganization/…)', () => {
  const WOODGROVE = '6d1e3f5a-7b9c-4d2e-8f4a-1c3e5a7b9d2f'

  it('given Contoso in no organization, then the tenants are an empty map and the join request record is kept', async () => {
    const tenant = contosoTenant({ now: NOW })

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([])
    expect(snapshot.multiTenantOrganizationTenants).toEqual({})
    expect(snapshot.multiTenantOrganizationJoinRequest).toMatchObject({
      addedByTenantId: '00000000-0000-0000-0000-000000000000',
      memberState: null
    })
  })

  it('given two tenants added to the organization, then each is a high finding named after the partner or its own name', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.multiTenantOrganizationTenants = [
      multiTenantOrganizationMember(CONTOSO_PARTNERS.fabrikam, 'Fabrikam', CONTOSO_TENANT_ID),
      multiTenantOrganizationMember(WOODGROVE, 'Woodgrove Bank', CONTOSO_TENANT_ID)
    ]

    const findings = await findingsBetween(baseline, live)

    expect(findings.map((finding) => [finding.rule, finding.severity, finding.summary])).toEqual([
      [
        'multitenant-organization-tenant-added',
        'high',
        'Multitenant organization tenant Fabrikam, Ltd (fabrikam.onmicrosoft.com) added (member, pending)'
      ],
      [
        'multitenant-organization-tenant-added',
        'high',
        'Multitenant organization tenant Woodgrove Bank added (member, pending)'
      ]
    ])
  })

  it('given a tenant removed from the organization, then the finding is medium and its revert re-adds it', async () => {
    const baseline = cloneTenant(contosoTenant({ now: NOW }))
    baseline.multiTenantOrganizationTenants = [
      multiTenantOrganizationMember(WOODGROVE, 'Woodgrove Bank', CONTOSO_TENANT_ID, 'member', 'active')
    ]
    const live = cloneTenant(baseline)
    live.multiTenantOrganizationTenants = []

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({ rule: 'multitenant-organization-tenant-removed', severity: 'medium' })
    ])
    expect(findings[0]?.remediation?.graph).toMatchObject({
      method: 'POST',
      path: '/tenantRelationships/multiTenantOrganization/tenants'
    })
  })

  it('given this tenant asked to join another organization, then a high finding names the owner tenant', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.multiTenantOrganizationJoinRequest = {
      ...live.multiTenantOrganizationJoinRequest,
      addedByTenantId: WOODGROVE,
      memberState: 'pending',
      transitionDetails: { desiredMemberState: 'active', status: 'notStarted', details: '' }
    }

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'multitenant-organization-join-requested',
        severity: 'high',
        summary: `This tenant asked to join the multitenant organization of tenant ${WOODGROVE}`
      })
    ])
  })

  it.each([
    ['multiTenantOrganizationTenants', '/tenantRelationships/multiTenantOrganization/tenants'],
    ['multiTenantOrganizationJoinRequest', '/tenantRelationships/multiTenantOrganization/joinRequest']
  ])(
    'given a 403 on %s, then only that section is unavailable, names its permission and does not block',
    async (id, path) => {
      const { snapshot, problems } = await collect(contosoTenant({ now: NOW }), (cloud) =>
        cloud.faults.inject({
          match: path,
          times: Infinity,
          fault: { status: 403, code: 'Authorization_RequestDenied' }
        })
      )

      expect(problems).toEqual([expect.objectContaining({ section: id, status: 'unavailable', core: false })])
      expect(problems[0]?.reason).toContain('MultiTenantOrganization.Read.All')
      expect(snapshot).not.toHaveProperty(id)
      expect(blockingProblems(problems)).toEqual([])
    }
  )

  it('given a US Government cloud, then neither is requested and both are unavailable, not drift', async () => {
    const tenant = contosoTenant({ now: NOW })

    const { snapshot, problems, fake: cloud } = await collect(tenant, undefined, 'usgov')

    expect(snapshot.unavailable?.multiTenantOrganizationTenants).toContain('not offered in the usgov cloud')
    expect(snapshot.unavailable?.multiTenantOrganizationJoinRequest).toContain(
      'not offered in the usgov cloud'
    )
    expect(cloud.requests.some((request) => request.path.includes('multiTenantOrganization/'))).toBe(false)
    expect(blockingProblems(problems)).toEqual([])
  })
})

describe('external identity providers (GET /identity/identityProviders)', () => {
  it('given Contoso, then each provider is kept by id, without its (masked) client secret or type annotation', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    expect(Object.keys(snapshot.identityProviders ?? {}).sort()).toEqual(['Google-OAUTH', 'MSASignup-OAUTH'])
    expect(snapshot.identityProviders?.['Google-OAUTH']).toEqual({
      id: 'Google-OAUTH',
      displayName: 'Google',
      identityProviderType: 'Google',
      clientId: '318204615577-contoso.apps.googleusercontent.com'
    })
  })

  it('given a Facebook provider added, then a medium finding names it and its revert deletes it', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.identityProviders.push({
      '@odata.type': '#microsoft.graph.socialIdentityProvider',
      id: 'Facebook-OAUTH',
      displayName: 'Facebook',
      identityProviderType: 'Facebook',
      clientId: '5550123',
      clientSecret: '******'
    })

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'identity-provider-added',
        severity: 'medium',
        summary: 'Identity provider Facebook added (Facebook)'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'DELETE',
      path: '/identity/identityProviders/Facebook-OAUTH'
    })
  })

  it('given no IdentityProvider.Read.All, then only that section is unavailable, names the permission and does not block', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('IdentityProvider.Read.All')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([
      expect.objectContaining({ section: 'identityProviders', status: 'unavailable', core: false }),
      // h15: SAML/WS-Fed federation is read with the same permission.
      expect.objectContaining({ section: 'externalDomainFederations', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('IdentityProvider.Read.All')
    expect(snapshot.identityProviders).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})

describe('email one-time passcode (GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email)', () => {
  it('given Contoso, then the method is kept with its guest setting and targets', async () => {
    const { snapshot } = await collect(contosoTenant({ now: NOW }))

    expect(snapshot.emailAuthenticationMethod).toMatchObject({
      id: 'Email',
      state: 'enabled',
      allowExternalIdToUseEmailOtp: 'enabled'
    })
    expect(snapshot.emailAuthenticationMethod).not.toHaveProperty('@odata.type')
  })

  it.each([
    [
      'disabled',
      'enabled',
      'email-otp-enabled-for-guests',
      'turned on (allowExternalIdToUseEmailOtp disabled → enabled)'
    ],
    [
      'disabled',
      'default',
      'email-otp-enabled-for-guests',
      'turned on (allowExternalIdToUseEmailOtp disabled → default)'
    ],
    [
      'enabled',
      'disabled',
      'email-otp-disabled-for-guests',
      'turned off (allowExternalIdToUseEmailOtp enabled → disabled)'
    ]
  ])('given guests’ email OTP %s → %s, then %s', async (before, after, rule, words) => {
    const baseline = cloneTenant(contosoTenant({ now: NOW }))
    baseline.emailAuthenticationMethod = emailAuthenticationMethod(before)
    const live = cloneTenant(baseline)
    live.emailAuthenticationMethod = emailAuthenticationMethod(after)

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule,
        severity: 'medium',
        summary: `Email one-time passcode for guests ${words}`
      })
    ])
    expect(findings[0]?.remediation?.graph).toMatchObject({
      method: 'PATCH',
      path: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email',
      body: { allowExternalIdToUseEmailOtp: before }
    })
  })

  it('given enabled → default (both let guests in), then the change is low, not a switch', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.emailAuthenticationMethod = emailAuthenticationMethod('default')

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([expect.objectContaining({ rule: 'email-otp-changed', severity: 'low' })])
  })

  it('given no Policy.Read.AuthenticationMethod, then only this section is unavailable (Policy.Read.All still reads the strengths)', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('Policy.Read.AuthenticationMethod')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([
      expect.objectContaining({ section: 'emailAuthenticationMethod', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('Policy.Read.AuthenticationMethod')
    expect(snapshot.authenticationStrengthPolicies).toBeDefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})

describe('Microsoft 365 group guest settings (GET /groupSettings)', () => {
  const guestValues = (AllowToAddGuests: string, AllowGuestsToAccessGroups = 'true') => ({
    AllowToAddGuests,
    AllowGuestsToAccessGroups,
    AllowGuestsToBeGroupOwner: 'false'
  })

  it('given Contoso, then its Group.Unified setting is kept by id with every value', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    const setting = snapshot.groupSettings?.[CONTOSO_GROUP_SETTING_ID]
    expect(setting).toMatchObject({ displayName: 'Group.Unified' })
    expect(setting?.values).toEqual(expect.arrayContaining([{ name: 'AllowToAddGuests', value: 'true' }]))
  })

  it('given AllowToAddGuests turned on, then a high finding says owners may add guests, and the revert PATCHes the values back', async () => {
    const baseline = cloneTenant(contosoTenant({ now: NOW }))
    baseline.groupSettings = [groupUnifiedSetting(guestValues('false'))]
    const live = cloneTenant(baseline)
    live.groupSettings = [groupUnifiedSetting(guestValues('true'))]

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'group-guest-settings-loosened',
        severity: 'high',
        summary:
          'Microsoft 365 group guest settings loosened: owners may add guests (AllowToAddGuests → true)'
      })
    ])
    expect(findings[0]?.remediation?.graph).toMatchObject({
      method: 'PATCH',
      path: `/groupSettings/${CONTOSO_GROUP_SETTING_ID}`
    })
    expect(JSON.stringify(findings[0]?.remediation?.graph?.body)).toContain(
      '{"name":"AllowToAddGuests","value":"false"}'
    )
  })

  it('given a Group.Unified setting that blocked guests deleted, then the defaults let them in again: loosened', async () => {
    const baseline = cloneTenant(contosoTenant({ now: NOW }))
    baseline.groupSettings = [groupUnifiedSetting(guestValues('false', 'false'))]
    const live = cloneTenant(baseline)
    live.groupSettings = []

    const findings = await findingsBetween(baseline, live)

    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['group-guest-settings-loosened', 'high']
    ])
    expect(findings[0]?.summary).toContain('owners may add guests')
    expect(findings[0]?.summary).toContain('guests may access group content')
  })

  it('given AllowToAddGuests turned off, then the finding is low', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.groupSettings = [groupUnifiedSetting(guestValues('false'))]

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({ rule: 'group-guest-settings-tightened', severity: 'low' })
    ])
  })

  it('given no GroupSettings.Read.All, then only that section is unavailable, names the permission and does not block', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('GroupSettings.Read.All')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([
      expect.objectContaining({ section: 'groupSettings', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('GroupSettings.Read.All')
    expect(snapshot.groupSettings).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})

// h11: guest inviters, self-service sign-up, guest access reviews
describe('Guest Inviter role holders (GET /roleManagement/directory/roleAssignments, filtered)', () => {
  const NEW_ASSIGNMENT_ID = 'CZHnlY2OyE2u0-0_0sLxe8Nq9qTqoXxNtm8Z3ZGQ5Lw-1'
  const NEW_PRINCIPAL_ID = 'a4f66ac3-a1ea-4d7c-b66f-19dd9190e4bc'

  it('given Contoso, then only the Guest Inviter assignment is kept, by id, with its principal, scope and role', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(snapshot.guestInviterRoleAssignments).toEqual({
      [CONTOSO_GUEST_INVITER_ASSIGNMENT_ID]: {
        id: CONTOSO_GUEST_INVITER_ASSIGNMENT_ID,
        principalId: '5d707b29-2161-4c99-9962-90dab8dde04d',
        directoryScopeId: '/',
        roleDefinitionId: GUEST_INVITER_ROLE_ID
      }
    })
  })

  it('given a new Guest Inviter, then a medium finding names the principal, and the revert DELETEs the assignment', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.roleAssignments.push(roleAssignment(NEW_ASSIGNMENT_ID, GUEST_INVITER_ROLE_ID, NEW_PRINCIPAL_ID))

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'guest-inviter-assigned',
        severity: 'medium',
        summary: `Guest Inviter role assigned to principal ${NEW_PRINCIPAL_ID}`
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'DELETE',
      path: `/roleManagement/directory/roleAssignments/${NEW_ASSIGNMENT_ID}`
    })
  })

  it('given the Guest Inviter removed, then the finding is low, and the revert POSTs the assignment back', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.roleAssignments = live.roleAssignments.filter(
      (assignment) => assignment.id !== CONTOSO_GUEST_INVITER_ASSIGNMENT_ID
    )

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'guest-inviter-unassigned',
        severity: 'low',
        summary: 'Guest Inviter role removed from principal 5d707b29-2161-4c99-9962-90dab8dde04d'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'POST',
      path: '/roleManagement/directory/roleAssignments',
      body: {
        principalId: '5d707b29-2161-4c99-9962-90dab8dde04d',
        directoryScopeId: '/',
        roleDefinitionId: GUEST_INVITER_ROLE_ID
      }
    })
  })

  it('given another role assigned, then nothing is drift', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.roleAssignments.push(
      roleAssignment(NEW_ASSIGNMENT_ID, '62e90394-69f5-4237-9190-012177145e10', NEW_PRINCIPAL_ID)
    )

    expect(await findingsBetween(baseline, live)).toEqual([])
  })

  it('given no RoleManagement.Read.Directory, then only that section is unavailable, names the permission and does not block', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('RoleManagement.Read.Directory')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([
      expect.objectContaining({ section: 'guestInviterRoleAssignments', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('RoleManagement.Read.Directory')
    expect(snapshot.guestInviterRoleAssignments).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })

  it('given Contoso, then its Guest Inviter principal id is among the identifying values redacted where published', async () => {
    const { snapshot } = await collect(contosoTenant({ now: NOW }))

    expect(factsOfSnapshot(snapshot).names).toContain('5d707b29-2161-4c99-9962-90dab8dde04d')
  })
})

describe('self-service sign-up (GET /policies/authenticationFlowsPolicy, GET /identity/b2xUserFlows)', () => {
  it('given Contoso, then the policy is kept with sign-up off, and its user flow by id', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(snapshot.authenticationFlowsPolicy).toMatchObject({ selfServiceSignUp: { isEnabled: false } })
    expect(snapshot.b2xUserFlows).toEqual({
      B2X_1_SupplierPortalSignUp: {
        id: 'B2X_1_SupplierPortalSignUp',
        userFlowType: 'signUpOrSignIn',
        userFlowTypeVersion: 1
      }
    })
  })

  it('given self-service sign-up turned on, then a high finding, and the revert PATCHes it off', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.authenticationFlowsPolicy = authenticationFlowsPolicy(true)

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'self-service-sign-up-enabled',
        severity: 'high',
        summary: 'Self-service sign-up turned on (selfServiceSignUp.isEnabled → true)'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'PATCH',
      path: '/policies/authenticationFlowsPolicy',
      body: { selfServiceSignUp: { isEnabled: false } }
    })
  })

  it('given self-service sign-up turned off, then the finding is low', async () => {
    const baseline = cloneTenant(contosoTenant({ now: NOW }))
    baseline.authenticationFlowsPolicy = authenticationFlowsPolicy(true)
    const live = cloneTenant(baseline)
    live.authenticationFlowsPolicy = authenticationFlowsPolicy(false)

    const findings = await findingsBetween(baseline, live)

    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['self-service-sign-up-disabled', 'low']
    ])
  })

  it('given a new user flow, then a medium finding names it, and the revert DELETEs it', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.b2xUserFlows.push(b2xUserFlow('B2X_1_OpenSignUp'))

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'user-flow-added',
        severity: 'medium',
        summary: 'Self-service sign-up user flow B2X_1_OpenSignUp added'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'DELETE',
      path: '/identity/b2xUserFlows/B2X_1_OpenSignUp'
    })
  })

  it.each([
    ['authenticationFlowsPolicy', 'Policy.Read.All', '/policies/authenticationFlowsPolicy'],
    ['b2xUserFlows', 'IdentityUserFlow.Read.All', '/identity/b2xUserFlows']
  ] as const)(
    'given a 403 on %s, then only that section is unavailable, names %s and does not block',
    async (section, permission, path) => {
      const { snapshot, problems } = await collect(contosoTenant({ now: NOW }), (cloud) =>
        cloud.faults.inject({
          match: path,
          times: Infinity,
          fault: { status: 403, code: 'Authorization_RequestDenied' }
        })
      )

      expect(problems).toEqual([expect.objectContaining({ section, status: 'unavailable', core: false })])
      expect(problems[0]?.reason).toContain(permission)
      expect(snapshot[section]).toBeUndefined()
      expect(blockingProblems(problems)).toEqual([])
    }
  )
})

describe('access reviews of guests (GET /identityGovernance/accessReviews/definitions)', () => {
  const QUARTERLY = 'Quarterly review of guests in Microsoft 365 groups'

  function withGuestReview(settings: Parameters<typeof guestAccessReview>[2]): SimulatedTenant {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.accessReviewDefinitions = tenant.accessReviewDefinitions.map((definition) =>
      definition.id === CONTOSO_GUEST_REVIEW_ID
        ? guestAccessReview(CONTOSO_GUEST_REVIEW_ID, QUARTERLY, settings)
        : definition
    )
    return tenant
  }

  it('given Contoso, then only the review scoped to guests is kept, without its status or timestamps', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(Object.keys(snapshot.guestAccessReviews ?? {})).toEqual([CONTOSO_GUEST_REVIEW_ID])
    const review = snapshot.guestAccessReviews?.[CONTOSO_GUEST_REVIEW_ID]
    expect(review).toMatchObject({ displayName: QUARTERLY, settings: { autoApplyDecisionsEnabled: true } })
    expect(review).not.toHaveProperty('status')
    expect(review).not.toHaveProperty('lastModifiedDateTime')
  })

  it('given a review whose principalScopes query guests, then it reviews guests; a group-members query does not', () => {
    expect(
      reviewsGuests({
        scope: {
          '@odata.type': '#microsoft.graph.principalResourceMembershipsScope',
          principalScopes: [
            {
              '@odata.type': '#microsoft.graph.accessReviewQueryScope',
              query: "/users?$filter=(userType eq 'Guest')",
              queryType: 'MicrosoftGraph'
            }
          ],
          resourceScopes: []
        }
      })
    ).toBe(true)
    expect(
      reviewsGuests({ scope: { query: "./members/microsoft.graph.user/?$filter=(userType%20eq%20'Guest')" } })
    ).toBe(true)
    expect(reviewsGuests({ scope: { query: '/groups/2f4a/transitiveMembers' } })).toBe(false)
  })

  it('given the guest review deleted, then a medium finding whose remediation says why no request restores it', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.accessReviewDefinitions = live.accessReviewDefinitions.filter(
      (definition) => definition.id !== CONTOSO_GUEST_REVIEW_ID
    )

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'guest-access-review-removed',
        severity: 'medium',
        summary: `Guest access review ${QUARTERLY} removed, or no longer reviews guests`
      })
    ])
    expect(findings[0]?.remediation).toEqual({
      note: expect.stringContaining('Graph v1.0 replaces an access review definition whole (PUT)')
    })
  })

  it.each([
    [{ recurs: false }, 'no longer recurs (settings.recurrence)'],
    [
      { autoApplyDecisionsEnabled: false },
      'decisions no longer applied automatically (settings.autoApplyDecisionsEnabled → false)'
    ]
  ])('given the guest review changed to %j, then a medium finding says %s', async (settings, says) => {
    const baseline = contosoTenant({ now: NOW })
    const live = withGuestReview(settings)

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'guest-access-review-weakened',
        severity: 'medium',
        summary: `Guest access review ${QUARTERLY}: ${says}`
      })
    ])
  })

  it('given a new guest review, then the finding is low', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.accessReviewDefinitions.push(
      guestAccessReview('9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', 'Monthly review of guests')
    )

    const findings = await findingsBetween(baseline, live)

    expect(findings.map((finding) => [finding.rule, finding.severity, finding.summary])).toEqual([
      ['guest-access-review-added', 'low', 'Guest access review Monthly review of guests added']
    ])
  })

  it('given no AccessReview.Read.All, then only that section is unavailable, names the permission and does not block', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('AccessReview.Read.All')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([
      expect.objectContaining({ section: 'guestAccessReviews', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('AccessReview.Read.All')
    expect(snapshot.guestAccessReviews).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})

describe('SAML/WS-Fed federation (GET /directory/federationConfigurations/graph.samlOrWsFedExternalDomainFederation)', () => {
  it('given Contoso, then each federation is kept by id with its partner domains and signing certificate', async () => {
    const { snapshot, problems } = await collect(contosoTenant({ now: NOW }))

    expect(problems).toEqual([])
    expect(Object.keys(snapshot.externalDomainFederations ?? {})).toEqual([CONTOSO_LITWARE_FEDERATION_ID])
    expect(snapshot.externalDomainFederations?.[CONTOSO_LITWARE_FEDERATION_ID]).toEqual({
      id: CONTOSO_LITWARE_FEDERATION_ID,
      displayName: 'Litware',
      issuerUri: 'https://sts.litware.example/adfs/services/trust',
      metadataExchangeUri: null,
      signingCertificate: 'MIIC6DCCAdCgAwIBAgIQQ6vYJIVKQ',
      passiveSignInUri: 'https://sts.litware.example/adfs/ls/',
      preferredAuthenticationProtocol: 'saml',
      domains: [{ id: 'litware.example' }]
    })
  })

  it('given Contoso, then the partner name and its federated domains are identifying facts', async () => {
    const { snapshot } = await collect(contosoTenant({ now: NOW }))

    const facts = JSON.stringify(factsOfSnapshot(snapshot))

    expect(facts).toContain('Litware')
    expect(facts).toContain('litware.example')
  })

  it('given a federation with Tailspin added, then a medium finding names it and its domains, and its revert deletes it', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const id = 'fa421032-5d40-4a2b-a428-a304b4bc18b6'
    live.externalDomainFederations.push(externalDomainFederation(id, 'Tailspin', ['tailspin.example']))

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'external-domain-federation-added',
        severity: 'medium',
        summary: 'SAML/WS-Fed federation Tailspin added (tailspin.example)'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'DELETE',
      path: `/directory/federationConfigurations/graph.samlOrWsFedExternalDomainFederation/${id}`
    })
  })

  it("given Litware's signing certificate and sign-in URI replaced, then a high finding names both and its revert PATCHes them back", async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const federation = live.externalDomainFederations[0] as Record<string, unknown>
    federation['signingCertificate'] = 'MIIDdDCCAlygAwIBAgIGAXowJih'
    federation['passiveSignInUri'] = 'https://idp.attacker.example/saml2'

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'external-domain-federation-trust-changed',
        severity: 'high',
        summary: 'SAML/WS-Fed federation Litware: changed passiveSignInUri and signingCertificate'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'PATCH',
      path: `/directory/federationConfigurations/graph.samlOrWsFedExternalDomainFederation/${CONTOSO_LITWARE_FEDERATION_ID}`,
      body: {
        passiveSignInUri: 'https://sts.litware.example/adfs/ls/',
        signingCertificate: 'MIIC6DCCAdCgAwIBAgIQQ6vYJIVKQ'
      }
    })
  })

  it('given only the protocol changed, then the finding is low; given the federation removed, low too', async () => {
    const baseline = contosoTenant({ now: NOW })
    const changed = cloneTenant(baseline)
    ;(changed.externalDomainFederations[0] as Record<string, unknown>)['preferredAuthenticationProtocol'] =
      'wsFed'
    const removed = cloneTenant(baseline)
    removed.externalDomainFederations = []

    expect(await findingsBetween(baseline, changed)).toEqual([
      expect.objectContaining({ rule: 'external-domain-federation-changed', severity: 'low' })
    ])
    expect(await findingsBetween(baseline, removed)).toEqual([
      expect.objectContaining({
        rule: 'external-domain-federation-removed',
        severity: 'low',
        summary: 'SAML/WS-Fed federation Litware removed'
      })
    ])
  })

  it('given no IdentityProvider.Read.All, then only the federation and identity provider sections are unavailable, naming the permission, and nothing blocks', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('IdentityProvider.Read.All')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([
      expect.objectContaining({ section: 'identityProviders', status: 'unavailable', core: false }),
      expect.objectContaining({ section: 'externalDomainFederations', status: 'unavailable', core: false })
    ])
    expect(problems[1]?.reason).toContain('IdentityProvider.Read.All')
    expect(snapshot.externalDomainFederations).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })
})

describe('a baseline written before these sections existed', () => {
  const NEW_SECTIONS = [
    'authenticationStrengthPolicies',
    'multiTenantOrganizationTenants',
    'multiTenantOrganizationJoinRequest',
    'identityProviders',
    'emailAuthenticationMethod',
    'groupSettings',
    // h11
    'guestInviterRoleAssignments',
    'authenticationFlowsPolicy',
    'b2xUserFlows',
    'guestAccessReviews',
    // h15
    'externalDomainFederations',
    // h-sync
    'crossTenantSyncJobs'
  ] as const

  it('given a baseline without them, then each is listed as not compared and none is drift', async () => {
    const tenant = contosoTenant({ now: NOW })
    const live = (await collect(tenant)).snapshot
    const baseline: Snapshot = structuredClone(live)
    for (const id of NEW_SECTIONS) delete baseline[id]

    const { pairs, notCompared } = pairObjects(baseline, live)
    const findings = classify(diffPairs(pairs), { today: '2026-11-20' })

    expect(findings).toEqual([])
    expect(notCompared).toEqual(NEW_SECTIONS.map((section) => ({ section, reason: 'not in the baseline' })))
  })
})
