/**
 * Directory audit entries in the documented directoryAudit wire shape, with the activity names,
 * categories and services Entra writes for cross-tenant access settings, cross-tenant sync,
 * Conditional Access, named locations, the authorization policy and the multitenant organization
 * (sources and open questions: docs/audit-activities.md). Every id, name and address is invented.
 */

interface ActivitySpec {
  activityDisplayName: string
  category: string
  loggedByService: string
  operationType: string
}

function activity(
  activityDisplayName: string,
  category: string,
  loggedByService: string,
  operationType: string
): ActivitySpec {
  return { activityDisplayName, category, loggedByService, operationType }
}

/** Categories as the audit activity reference lists them ("Update the company default…" sits under sync settings there). */
export const AUDIT_ACTIVITY = {
  addPartner: activity(
    'Add a partner to cross-tenant access setting',
    'CrossTenantAccessSettings',
    'Core Directory',
    'Add'
  ),
  updatePartner: activity(
    'Update a partner cross-tenant access setting',
    'CrossTenantAccessSettings',
    'Core Directory',
    'Update'
  ),
  deletePartner: activity(
    'Delete partner specific cross-tenant access setting',
    'CrossTenantAccessSettings',
    'Core Directory',
    'Delete'
  ),
  updateDefault: activity(
    'Update the company default cross-tenant access setting',
    'CrossTenantIdentitySyncSettings',
    'Core Directory',
    'Update'
  ),
  resetDefault: activity(
    'Reset the cross-tenant access default setting',
    'CrossTenantAccessSettings',
    'Core Directory',
    'Update'
  ),
  createSync: activity(
    'Create a partner cross-tenant identity sync setting',
    'CrossTenantIdentitySyncSettings',
    'Core Directory',
    'Add'
  ),
  updateSync: activity(
    'Update a partner cross-tenant identity sync setting',
    'CrossTenantIdentitySyncSettings',
    'Core Directory',
    'Update'
  ),
  deleteSync: activity(
    'Delete a partner cross-tenant identity sync setting',
    'CrossTenantIdentitySyncSettings',
    'Core Directory',
    'Delete'
  ),
  addConditionalAccessPolicy: activity(
    'Add conditional access policy',
    'Policy',
    'Conditional Access',
    'Add'
  ),
  updateConditionalAccessPolicy: activity(
    'Update conditional access policy',
    'Policy',
    'Conditional Access',
    'Update'
  ),
  deleteConditionalAccessPolicy: activity(
    'Delete conditional access policy',
    'Policy',
    'Conditional Access',
    'Delete'
  ),
  addNamedLocation: activity('Add named location', 'Policy', 'Conditional Access', 'Add'),
  updateNamedLocation: activity('Update named location', 'Policy', 'Conditional Access', 'Update'),
  deleteNamedLocation: activity('Delete named location', 'Policy', 'Conditional Access', 'Delete'),
  updateAuthorizationPolicy: activity(
    'Update authorization policy',
    'AuthorizationPolicy',
    'Core Directory',
    'Update'
  ),
  createMultiTenantOrg: activity('Create a MultiTenantOrg', 'MultiTenantOrg', 'Core Directory', 'Add'),
  updateMultiTenantOrg: activity('Update a MultiTenantOrg', 'MultiTenantOrg', 'Core Directory', 'Update'),
  addMultiTenantOrgTenant: activity(
    'Add MultiTenantOrg tenant',
    'MultiTenantOrgTenant',
    'Core Directory',
    'Add'
  ),
  updateMultiTenantOrgTenant: activity(
    'Update MultiTenantOrg tenant',
    'MultiTenantOrgTenant',
    'Core Directory',
    'Update'
  ),
  deleteMultiTenantOrgTenant: activity(
    'Delete MultiTenantOrg tenant',
    'MultiTenantOrgTenant',
    'Core Directory',
    'Delete'
  ),
  hardDeleteMultiTenantOrgTenant: activity(
    'Hard Delete MultiTenantOrg tenant',
    'MultiTenantOrgTenant',
    'Core Directory',
    'Delete'
  ),
  tenantJoiningMultiTenantOrg: activity(
    'Tenant joining MultiTenantOrg tenant',
    'MultiTenantOrgTenant',
    'Core Directory',
    'Update'
  ),
  // Authentication Methods service, category ApplicationManagement (audit activity reference).
  createAuthenticationStrength: activity(
    'Authentication Strength Policy Create',
    'ApplicationManagement',
    'Authentication Methods',
    'Add'
  ),
  updateAuthenticationStrength: activity(
    'Authentication Strength Policy Update',
    'ApplicationManagement',
    'Authentication Methods',
    'Update'
  ),
  deleteAuthenticationStrength: activity(
    'Authentication Strength Policy Delete',
    'ApplicationManagement',
    'Authentication Methods',
    'Delete'
  ),
  createAuthenticationStrengthCombination: activity(
    'Authentication Strength Combination Configuration Create',
    'ApplicationManagement',
    'Authentication Methods',
    'Add'
  ),
  updateAuthenticationStrengthCombination: activity(
    'Authentication Strength Combination Configuration Update',
    'ApplicationManagement',
    'Authentication Methods',
    'Update'
  ),
  deleteAuthenticationStrengthCombination: activity(
    'Authentication Strength Combination Configuration Delete',
    'ApplicationManagement',
    'Authentication Methods',
    'Delete'
  ),
  updateAuthenticationMethodsPolicy: activity(
    'Authentication Methods Policy Update',
    'ApplicationManagement',
    'Authentication Methods',
    'Update'
  ),
  // Listed under the reference's B2C service (categories ResourceManagement and Authorization).
  createIdentityProvider: activity('Create identity provider', 'ResourceManagement', 'B2C', 'Add'),
  updateIdentityProvider: activity('Update identity provider', 'ResourceManagement', 'B2C', 'Update'),
  deleteIdentityProvider: activity('Delete identity provider', 'ResourceManagement', 'B2C', 'Delete'),
  // Entitlement Management service, category EntitlementManagement (audit activity reference).
  createConnectedOrganization: activity(
    'Create connected organization',
    'EntitlementManagement',
    'Entitlement Management',
    'Add'
  ),
  updateConnectedOrganization: activity(
    'Update connected organization',
    'EntitlementManagement',
    'Entitlement Management',
    'Update'
  ),
  deleteConnectedOrganization: activity(
    'Delete connected organization',
    'EntitlementManagement',
    'Entitlement Management',
    'Delete'
  ),
  updateEntitlementManagementSettings: activity(
    'Update tenant setting',
    'EntitlementManagement',
    'Entitlement Management',
    'Update'
  ),
  createAssignmentPolicy: activity(
    'Create access package assignment policy',
    'EntitlementManagement',
    'Entitlement Management',
    'Add'
  ),
  updateAssignmentPolicy: activity(
    'Update access package assignment policy',
    'EntitlementManagement',
    'Entitlement Management',
    'Update'
  ),
  deleteAssignmentPolicy: activity(
    'Delete access package assignment policy',
    'EntitlementManagement',
    'Entitlement Management',
    'Delete'
  ),
  /** Unrelated to cross-tenant posture: the audit query must leave it out. */
  addMemberToGroup: activity('Add member to group', 'GroupManagement', 'Core Directory', 'Add'),
  /** Conditional Access service, unrelated activity: in the query's scope, matched by no finding. */
  updateSecurityDefaults: activity('Update security defaults', 'Policy', 'Conditional Access', 'Update')
} as const

export type AuditActivityName = keyof typeof AUDIT_ACTIVITY

export const AUDIT_ADMIN = {
  id: 'd4e5f6a7-0b1c-4d2e-8f3a-5b6c7d8e9f01',
  displayName: 'Avery Admin',
  userPrincipalName: 'avery.admin@contoso.example',
  ipAddress: '198.51.100.77'
} as const

export const AUDIT_AUTOMATION_APP = {
  displayName: 'Posture automation',
  appId: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
  servicePrincipalId: '0f1e2d3c-4b5a-4697-8877-665544332211'
} as const

export interface DirectoryAuditInput {
  id: string
  activity: AuditActivityName
  /** activityDateTime, ISO 8601. */
  at: string
  target: { id: string; displayName?: string; type?: string }
  /** A user (default: AUDIT_ADMIN) or an application initiated it. */
  initiator?: 'admin' | 'app'
  userAgent?: string
  result?: 'success' | 'failure'
  modifiedProperties?: { displayName: string; oldValue: string | null; newValue: string | null }[]
}

/** One directoryAudit entry as GET /auditLogs/directoryAudits lists it. */
export function directoryAudit(input: DirectoryAuditInput): Record<string, unknown> {
  const spec = AUDIT_ACTIVITY[input.activity]
  const byApp = input.initiator === 'app'
  return {
    id: input.id,
    category: spec.category,
    correlationId: `c0a1b2c3-d4e5-4f60-8a7b-${input.id
      .replace(/[^0-9a-f]/gi, '')
      .padEnd(12, '0')
      .slice(0, 12)}`,
    result: input.result ?? 'success',
    resultReason: input.result === 'failure' ? 'Request_BadRequest' : '',
    activityDisplayName: spec.activityDisplayName,
    activityDateTime: input.at,
    loggedByService: spec.loggedByService,
    operationType: spec.operationType,
    initiatedBy: byApp
      ? { user: null, app: { ...AUDIT_AUTOMATION_APP, servicePrincipalName: null } }
      : {
          app: null,
          user: { ...AUDIT_ADMIN, userType: null, homeTenantId: null, homeTenantName: null }
        },
    targetResources: [
      {
        id: input.target.id,
        displayName: input.target.displayName ?? null,
        type: input.target.type ?? 'Policy',
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: input.modifiedProperties ?? []
      }
    ],
    additionalDetails: input.userAgent === undefined ? [] : [{ key: 'User-Agent', value: input.userAgent }]
  }
}

/** `count` update entries for one partner, a minute apart from `start` (for paging). */
export function partnerUpdates(
  partnerTenantId: string,
  count: number,
  start: string
): Record<string, unknown>[] {
  const first = Date.parse(start)
  return Array.from({ length: count }, (_, index) =>
    directoryAudit({
      id: `Directory_paging_${String(index).padStart(5, '0')}`,
      activity: 'updatePartner',
      at: new Date(first + index * 60_000).toISOString(),
      target: { id: partnerTenantId }
    })
  )
}
