/**
 * Drifted copies of Contoso for the demo and the detect specifications: each change is one a
 * portal click or a one-off script really makes, and the rule it must trip is named beside it.
 */
import {
  cloneTenant,
  contosoTenant,
  CONTOSO_PARTNERS,
  listedUsers,
  partnerConfiguration,
  type SimulatedTenant,
  type SimulatedUser
} from './simulated-tenant.ts'
import { directoryAudit } from './directory-audits.ts'

/** A partner that appears in the drifted tenant only. */
export const NEW_PARTNER_ID = '5b0e7c3a-9d14-4f6e-8a2b-c7d9e1f30a46'
export const REPORT_ONLY_POLICY_ID = '7d3e9f21-4a6b-4c8d-9e0f-1a2b3c4d5e6f'

/** `tenant` with every external organisation's MFA trusted on the default settings (critical). */
export function trustEveryonesMfa(tenant: SimulatedTenant = contosoTenant()): SimulatedTenant {
  const drifted = cloneTenant(tenant)
  drifted.default = {
    ...drifted.default,
    inboundTrust: { ...(drifted.default.inboundTrust as object), isMfaAccepted: true }
  }
  return drifted
}

/** `tenant` where every member may invite guests (high). */
export function inviteEveryone(tenant: SimulatedTenant = contosoTenant()): SimulatedTenant {
  const drifted = cloneTenant(tenant)
  drifted.authorizationPolicy = { ...drifted.authorizationPolicy, allowInvitesFrom: 'everyone' }
  return drifted
}

/** `tenant` where Fabrikam's partner configuration trusts MFA, compliant and hybrid-joined devices (high). */
export function fabrikamTrustsEveryClaim(tenant: SimulatedTenant = contosoTenant()): SimulatedTenant {
  const drifted = cloneTenant(tenant)
  drifted.partners = drifted.partners.map((partner) =>
    partner.tenantId === CONTOSO_PARTNERS.fabrikam
      ? {
          ...partner,
          inboundTrust: {
            isMfaAccepted: true,
            isCompliantDeviceAccepted: true,
            isHybridAzureADJoinedDeviceAccepted: true
          }
        }
      : partner
  )
  return drifted
}

/** Drift on three objects: the default's MFA trust, a guest CA policy in report-only, guest invitations. */
export function threeObjectsDrifted(): SimulatedTenant {
  const tenant = inviteEveryone(trustEveryonesMfa())
  tenant.conditionalAccessPolicies = tenant.conditionalAccessPolicies.map((policy) =>
    policy.id === REPORT_ONLY_POLICY_ID ? { ...policy, state: 'enabledForReportingButNotEnforced' } : policy
  )
  return tenant
}

/** Contoso after a busy week of portal clicks. */
export function driftedContoso(options: { now?: Date } = {}): SimulatedTenant {
  // critical: every external organisation's MFA is now trusted (default inbound trust).
  const tenant = trustEveryonesMfa(contosoTenant(options))

  // medium: a new partner override appears that allows inbound B2B collaboration to all its users,
  // which the default already allows: it pins today's default for that partner (`partner-added`).
  tenant.partners = [
    ...tenant.partners,
    partnerConfiguration(NEW_PARTNER_ID, {
      b2bCollaborationInbound: {
        usersAndGroups: { accessType: 'allowed', targets: [{ target: 'AllUsers', targetType: 'user' }] },
        applications: {
          accessType: 'allowed',
          targets: [{ target: 'AllApplications', targetType: 'application' }]
        }
      }
    })
  ]
  tenant.tenantDirectory = {
    ...tenant.tenantDirectory,
    [NEW_PARTNER_ID]: { displayName: 'Litware, Inc.', defaultDomainName: 'litware.onmicrosoft.com' }
  }

  // high: the MFA policy for partner guests is put in report-only "to test something".
  tenant.conditionalAccessPolicies = tenant.conditionalAccessPolicies.map((policy) =>
    policy.id === REPORT_ONLY_POLICY_ID ? { ...policy, state: 'enabledForReportingButNotEnforced' } : policy
  )

  // high: every member may now invite guests.
  tenant.authorizationPolicy = { ...tenant.authorizationPolicy, allowInvitesFrom: 'everyone' }

  // medium: twelve more guests invited by hand (about 50% growth over the 10% tolerance).
  const now = (options.now ?? new Date()).getTime()
  const extra: SimulatedUser[] = []
  for (let index = 0; index < 12; index++) {
    extra.push({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      displayName: `Invited Guest ${index + 1}`,
      userPrincipalName: `guest${index + 1}_partner.example#EXT#@contoso.onmicrosoft.com`,
      mail: `guest${index + 1}@partner.example`,
      userType: 'Guest',
      externalUserState: 'Accepted',
      createdDateTime: new Date(now - 2 * 86_400_000).toISOString(),
      signInActivity: { lastSignInDateTime: new Date(now - 86_400_000).toISOString() }
    })
  }
  const existing: SimulatedUser[] = []
  for (let index = 0; index < tenant.users.size; index++) existing.push(tenant.users.at(index))
  tenant.users = listedUsers([...existing, ...extra])

  // low: Fabrikam's sync policy gets a new display name (a rename is one change).
  tenant.identitySynchronization = {
    ...tenant.identitySynchronization,
    [CONTOSO_PARTNERS.fabrikam]: {
      ...tenant.identitySynchronization[CONTOSO_PARTNERS.fabrikam],
      displayName: 'Fabrikam Ltd'
    }
  }
  // Who did it, as the directory audit log tells (the entries fall after any earlier baseline capture).
  const at = new Date(now).toISOString()
  tenant.directoryAudits = [
    ...tenant.directoryAudits,
    directoryAudit({
      id: 'Directory_8c1f0d2e-5a7b-4c3d-9e8f-0a1b2c3d4e5f',
      activity: 'updateDefault',
      at,
      target: { id: String(tenant.default.id ?? ''), displayName: 'Default' },
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/131.0 (Microsoft Entra admin center)'
    }),
    directoryAudit({
      id: 'Directory_1d2e3f40-6b7c-4d8e-9f01-a2b3c4d5e6f7',
      activity: 'addPartner',
      at,
      target: { id: NEW_PARTNER_ID },
      initiator: 'app',
      userAgent: 'Microsoft Graph PowerShell'
    })
  ]
  return tenant
}
