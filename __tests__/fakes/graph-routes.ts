/**
 * The read-only Graph v1.0 surface the fake serves (and the beta-only routes, under /beta): which paths exist, which application
 * permission each needs, and what each answers. Used for direct requests and $batch items alike.
 */
import { FilterError, parseFilter, usesOr, type FilterableProperty } from './odata-filter.ts'
import { serveCollection, serveEntity, type Expansions } from './collection-query.ts'
import {
  graphError,
  jsonResponse,
  metadataUrl,
  type GraphRequest,
  type GraphResponse
} from './graph-response.ts'
import type { SimulatedTenant } from './simulated-tenant.ts'
import { countUsers, listUsers } from './user-query.ts'
import { routeGraphWrite } from './graph-writes.ts'

/** What a handler can see: the fake's own URL (for annotations) and the current tenant. */
export interface GraphEnvironment {
  baseUrl: string
  tenant: SimulatedTenant
}

type Params = Readonly<Record<string, string>>
type Item = Record<string, unknown>

interface GraphRoute {
  /** Path below the version root; `{name}` matches one segment. */
  template: string
  /**
   * 'beta': served under /beta only. The other routes are served under /v1.0 only: real Graph
   * serves them in beta too, but nothing here reads them there, and a v1.0 client must not.
   */
  version?: 'beta'
  /** Any one of these application permissions grants access (least privileged first). */
  permissions: readonly string[]
  serve(request: GraphRequest, params: Params, environment: GraphEnvironment): GraphResponse
}

const CROSS_TENANT_READ = ['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess']
const CONDITIONAL_ACCESS_READ = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess']
const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All']

function partnerExpansions(tenant: SimulatedTenant): Expansions {
  return {
    typeName: 'crossTenantAccessPolicyConfigurationPartner',
    navigations: {
      identitySynchronization: (partner) =>
        tenant.identitySynchronization[String(partner['tenantId'])] ?? null
    }
  }
}

function findPartner(tenant: SimulatedTenant, tenantId: string): Item | undefined {
  const wanted = tenantId.toLowerCase()
  return tenant.partners.find((partner) => String(partner['tenantId']).toLowerCase() === wanted)
}

function findById(items: readonly Item[], id: string): Item | undefined {
  return items.find((item) => String(item['id']).toLowerCase() === id.toLowerCase())
}

function resourceNotFound(request: GraphRequest, id: string): GraphResponse {
  return graphError(
    request,
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`
  )
}

function auditTimestamp(name: string): FilterableProperty<Item> {
  return {
    type: 'dateTime',
    operators: ['eq', 'gt', 'ge', 'lt', 'le'],
    nullable: false,
    read: (item) => (typeof item[name] === 'string' ? item[name] : undefined)
  }
}

function auditText(name: string): FilterableProperty<Item> {
  return {
    type: 'string',
    operators: ['eq'],
    nullable: false,
    read: (item) => (typeof item[name] === 'string' ? item[name] : undefined)
  }
}

// h-sync: the documented filterable property of a service principal the collector uses.
const SERVICE_PRINCIPAL_FILTERS: Readonly<Record<string, FilterableProperty<Item>>> = {
  applicationTemplateId: {
    type: 'string',
    operators: ['eq', 'ne'],
    nullable: true,
    read: (item) => (typeof item['applicationTemplateId'] === 'string' ? item['applicationTemplateId'] : null)
  }
}
const SYNCHRONIZATION_READ = [
  'Synchronization.Read.All',
  'Synchronization.ReadWrite.All',
  'Application.ReadWrite.OwnedBy'
]

// h11: the documented filterable properties of a role assignment.
const ROLE_ASSIGNMENT_FILTERS: Readonly<Record<string, FilterableProperty<Item>>> = {
  roleDefinitionId: auditText('roleDefinitionId'),
  principalId: auditText('principalId'),
  directoryScopeId: auditText('directoryScopeId'),
  appScopeId: auditText('appScopeId')
}

const AUDIT_FILTERS: Readonly<Record<string, FilterableProperty<Item>>> = {
  activityDateTime: auditTimestamp('activityDateTime'),
  category: auditText('category'),
  activityDisplayName: auditText('activityDisplayName'),
  loggedByService: auditText('loggedByService'),
  result: auditText('result')
}

/**
 * directoryaudit-list.md documents `$filter` with eq, ge, le and startswith only: no `or`. What
 * Graph answers to one is [UNVERIFIED]; the fake refuses it, so a client that relies on it fails here.
 */
function auditFilterRefusal(request: GraphRequest): GraphResponse | undefined {
  const text = request.query.get('$filter')
  if (text === null) return undefined
  try {
    if (!usesOr(parseFilter(text))) return undefined
  } catch (error) {
    if (error instanceof FilterError) return undefined
    throw error
  }
  return graphError(
    request,
    400,
    'Request_UnsupportedQuery',
    "The 'or' operator is not supported when filtering directory audits."
  )
}

/** Newest first, as the audit log lists them. */
function newestFirst(audits: readonly Item[]): Item[] {
  return [...audits].sort((a, b) =>
    String(b['activityDateTime']).localeCompare(String(a['activityDateTime']))
  )
}

const ROUTES: readonly GraphRoute[] = [
  {
    template: '/policies/crossTenantAccessPolicy',
    permissions: CROSS_TENANT_READ,
    serve: (request, _params, { baseUrl, tenant }) =>
      serveEntity(request, baseUrl, 'policies/crossTenantAccessPolicy', tenant.crossTenantAccessPolicy)
  },
  {
    template: '/policies/crossTenantAccessPolicy/default',
    permissions: CROSS_TENANT_READ,
    serve: (request, _params, { baseUrl, tenant }) =>
      serveEntity(request, baseUrl, 'policies/crossTenantAccessPolicy/default', tenant.default)
  },
  {
    template: '/policies/crossTenantAccessPolicy/partners',
    permissions: CROSS_TENANT_READ,
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'policies/crossTenantAccessPolicy/partners',
        items: tenant.partners,
        pageSize: tenant.pageSizes?.partners,
        expansions: partnerExpansions(tenant)
      })
  },
  {
    template: '/policies/crossTenantAccessPolicy/partners/{tenantId}',
    permissions: CROSS_TENANT_READ,
    serve: (request, { tenantId = '' }, { baseUrl, tenant }) => {
      const partner = findPartner(tenant, tenantId)
      if (partner === undefined) return resourceNotFound(request, tenantId)
      return serveEntity(
        request,
        baseUrl,
        'policies/crossTenantAccessPolicy/partners',
        partner,
        partnerExpansions(tenant)
      )
    }
  },
  {
    template: '/policies/crossTenantAccessPolicy/partners/{tenantId}/identitySynchronization',
    permissions: CROSS_TENANT_READ,
    serve: (request, { tenantId = '' }, { baseUrl, tenant }) => {
      const partner = findPartner(tenant, tenantId)
      if (partner === undefined) return resourceNotFound(request, tenantId)
      const key = String(partner['tenantId'])
      const policy = tenant.identitySynchronization[key]
      if (policy === undefined) {
        return graphError(request, 404, 'Request_ResourceNotFound', 'Resource not found.')
      }
      return serveEntity(
        request,
        baseUrl,
        `policies/crossTenantAccessPolicy/partners('${key}')/identitySynchronization`,
        policy
      )
    }
  },
  {
    template: '/identity/conditionalAccess/policies',
    permissions: CONDITIONAL_ACCESS_READ,
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'identity/conditionalAccess/policies',
        items: tenant.conditionalAccessPolicies,
        pageSize: tenant.pageSizes?.conditionalAccessPolicies
      })
  },
  {
    template: '/identity/conditionalAccess/policies/{id}',
    permissions: CONDITIONAL_ACCESS_READ,
    serve: (request, { id = '' }, { baseUrl, tenant }) => {
      const policy = findById(tenant.conditionalAccessPolicies, id)
      if (policy === undefined) return resourceNotFound(request, id)
      return serveEntity(request, baseUrl, 'identity/conditionalAccess/policies', policy)
    }
  },
  {
    template: '/identity/conditionalAccess/namedLocations',
    permissions: CONDITIONAL_ACCESS_READ,
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'identity/conditionalAccess/namedLocations',
        items: tenant.namedLocations,
        pageSize: tenant.pageSizes?.namedLocations
      })
  },
  {
    template: '/identity/conditionalAccess/namedLocations/{id}',
    permissions: CONDITIONAL_ACCESS_READ,
    serve: (request, { id = '' }, { baseUrl, tenant }) => {
      const location = findById(tenant.namedLocations, id)
      if (location === undefined) return resourceNotFound(request, id)
      return serveEntity(request, baseUrl, 'identity/conditionalAccess/namedLocations', location)
    }
  },
  {
    template: '/policies/authorizationPolicy',
    permissions: ['Policy.Read.All', 'Policy.ReadWrite.Authorization'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveEntity(request, baseUrl, 'policies/authorizationPolicy', tenant.authorizationPolicy)
  },
  {
    template: '/tenantRelationships/multiTenantOrganization',
    permissions: [
      'MultiTenantOrganization.ReadBasic.All',
      'MultiTenantOrganization.Read.All',
      'MultiTenantOrganization.ReadWrite.All'
    ],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveEntity(
        request,
        baseUrl,
        'tenantRelationships/multiTenantOrganization',
        tenant.multiTenantOrganization
      )
  },
  {
    // A function call: segmentsOf() turns `findTenantInformationByTenantId(tenantId='x')` into
    // the segments `findTenantInformationByTenantId(tenantId)` and `x`.
    template: '/tenantRelationships/findTenantInformationByTenantId(tenantId)/{tenantId}',
    permissions: ['CrossTenantInformation.ReadBasic.All'],
    serve: (request, { tenantId = '' }, { baseUrl, tenant }) => {
      const known = Object.entries(tenant.tenantDirectory ?? {}).find(
        ([id]) => id.toLowerCase() === tenantId.toLowerCase()
      )
      if (known === undefined) return resourceNotFound(request, tenantId)
      const [id, information] = known
      // As the documented example answers: the type's context, no `$entity`.
      return jsonResponse({
        '@odata.context': metadataUrl(baseUrl, 'microsoft.graph.tenantInformation'),
        tenantId: id,
        federationBrandName: null,
        ...information
      })
    }
  },
  {
    template: '/admin/sharepoint/settings',
    permissions: ['SharePointTenantSettings.Read.All', 'SharePointTenantSettings.ReadWrite.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveEntity(request, baseUrl, 'admin/sharepoint/settings', tenant.sharepointSettings)
  },
  {
    template: '/policies/authenticationStrengthPolicies',
    permissions: [
      'Policy.Read.AuthenticationMethod',
      'Policy.Read.All',
      'Policy.ReadWrite.AuthenticationMethod',
      'Policy.ReadWrite.ConditionalAccess'
    ],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'policies/authenticationStrengthPolicies',
        items: tenant.authenticationStrengthPolicies
      })
  },
  {
    template: '/tenantRelationships/multiTenantOrganization/tenants',
    permissions: [
      'MultiTenantOrganization.ReadBasic.All',
      'MultiTenantOrganization.Read.All',
      'MultiTenantOrganization.ReadWrite.All'
    ],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'tenantRelationships/multiTenantOrganization/tenants',
        items: tenant.multiTenantOrganizationTenants
      })
  },
  {
    template: '/tenantRelationships/multiTenantOrganization/joinRequest',
    permissions: ['MultiTenantOrganization.Read.All', 'MultiTenantOrganization.ReadWrite.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveEntity(
        request,
        baseUrl,
        'tenantRelationships/multiTenantOrganization/joinRequest',
        tenant.multiTenantOrganizationJoinRequest
      )
  },
  {
    template: '/identity/identityProviders',
    permissions: ['IdentityProvider.Read.All', 'IdentityProvider.ReadWrite.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'identity/identityProviders',
        items: tenant.identityProviders
      })
  },
  {
    // The current page lists only the AuthenticationMethod permissions (an older one, Policy.Read.All).
    template: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email',
    permissions: ['Policy.Read.AuthenticationMethod', 'Policy.ReadWrite.AuthenticationMethod'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveEntity(request, baseUrl, 'authenticationMethodConfigurations', tenant.emailAuthenticationMethod)
  },
  {
    template: '/groupSettings',
    permissions: [
      'GroupSettings.Read.All',
      'GroupSettings.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'Group.Read.All',
      'Group.ReadWrite.All'
    ],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, { fragment: 'groupSettings', items: tenant.groupSettings })
  },
  // Entitlement management's external surface (issue 15, h12).
  {
    template: '/identityGovernance/entitlementManagement/connectedOrganizations',
    permissions: ['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'identityGovernance/entitlementManagement/connectedOrganizations',
        items: tenant.connectedOrganizations
      })
  },
  {
    template: '/identityGovernance/entitlementManagement/settings',
    permissions: ['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveEntity(
        request,
        baseUrl,
        'identityGovernance/entitlementManagement/settings',
        tenant.entitlementManagementSettings
      )
  },
  {
    template: '/identityGovernance/entitlementManagement/assignmentPolicies',
    permissions: ['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'identityGovernance/entitlementManagement/assignmentPolicies',
        items: tenant.assignmentPolicies
      })
  },
  // h11: guest inviters, self-service sign-up, guest access reviews
  {
    // rbacapplication-list-roleassignments.md: $filter on roleDefinitionId, principalId,
    // directoryScopeId and appScopeId (eq, in; the fake takes eq); least privilege
    // RoleManagement.Read.Directory.
    template: '/roleManagement/directory/roleAssignments',
    permissions: [
      'RoleManagement.Read.Directory',
      'RoleManagement.Read.All',
      'Directory.Read.All',
      'RoleManagement.ReadWrite.Directory',
      'Directory.ReadWrite.All'
    ],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'roleManagement/directory/roleAssignments',
        items: tenant.roleAssignments,
        filter: { resource: 'unifiedRoleAssignment', properties: ROLE_ASSIGNMENT_FILTERS }
      })
  },
  {
    template: '/policies/authenticationFlowsPolicy',
    permissions: ['Policy.Read.All', 'Policy.ReadWrite.AuthenticationFlows'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveEntity(request, baseUrl, 'policies/authenticationFlowsPolicy', tenant.authenticationFlowsPolicy)
  },
  {
    template: '/identity/b2xUserFlows',
    permissions: ['IdentityUserFlow.Read.All', 'IdentityUserFlow.ReadWrite.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, { fragment: 'identity/b2xUserFlows', items: tenant.b2xUserFlows })
  },
  {
    template: '/identityGovernance/accessReviews/definitions',
    permissions: ['AccessReview.Read.All', 'AccessReview.ReadWrite.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'identityGovernance/accessReviews/definitions',
        items: tenant.accessReviewDefinitions
      })
  },
  {
    // h15: the documented list lists IdentityProvider.Read.All, then IdentityProvider.ReadWrite.All.
    template: '/directory/federationConfigurations/graph.samlOrWsFedExternalDomainFederation',
    permissions: ['IdentityProvider.Read.All', 'IdentityProvider.ReadWrite.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'directory/federationConfigurations/graph.samlOrWsFedExternalDomainFederation',
        items: tenant.externalDomainFederations
      })
  },
  // h-sync: cross-tenant synchronization. serviceprincipal-list.md: Application.Read.All least
  // privileged; serviceprincipal.md documents $filter (eq, not, ne) on applicationTemplateId.
  {
    template: '/servicePrincipals',
    permissions: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'servicePrincipals',
        items: tenant.servicePrincipals,
        filter: { resource: 'servicePrincipal', properties: SERVICE_PRINCIPAL_FILTERS }
      })
  },
  {
    // synchronization-synchronization-list-jobs.md: Synchronization.Read.All (or the broader ones).
    template: '/servicePrincipals/{id}/synchronization/jobs',
    permissions: SYNCHRONIZATION_READ,
    serve: (request, { id = '' }, { baseUrl, tenant }) => {
      if (findById(tenant.servicePrincipals, id) === undefined) return resourceNotFound(request, id)
      return serveCollection(request, baseUrl, {
        fragment: `servicePrincipals('${id}')/synchronization/jobs`,
        items: (tenant.synchronizationJobs[id] ?? []).map((record) => record.job)
      })
    }
  },
  {
    // synchronization-synchronizationschema-get.md lists Synchronization.Read.All among its
    // application permissions.
    template: '/servicePrincipals/{id}/synchronization/jobs/{jobId}/schema',
    permissions: SYNCHRONIZATION_READ,
    serve: (request, { id = '', jobId = '' }, { baseUrl, tenant }) => {
      const record = (tenant.synchronizationJobs[id] ?? []).find((candidate) => candidate.job['id'] === jobId)
      if (record === undefined) return resourceNotFound(request, jobId)
      return serveEntity(
        request,
        baseUrl,
        `servicePrincipals('${id}')/synchronization/jobs('${jobId}')/schema`,
        record.schema
      )
    }
  },
  {
    // Graph beta only (policyroot-list-b2bmanagementpolicies.md): the least privileged application
    // permission is Policy.Read.B2BManagementPolicy, the higher one Policy.ReadWrite.B2BManagementPolicy.
    template: '/policies/b2bManagementPolicies',
    version: 'beta',
    permissions: ['Policy.Read.B2BManagementPolicy', 'Policy.ReadWrite.B2BManagementPolicy'],
    serve: (request, _params, { baseUrl, tenant }) =>
      serveCollection(request, baseUrl, {
        fragment: 'policies/b2bManagementPolicies',
        items: tenant.b2bManagementPolicies ?? []
      })
  },
  {
    template: '/users',
    permissions: USER_READ,
    serve: (request, _params, { baseUrl, tenant }) => listUsers(request, tenant, baseUrl)
  },
  {
    template: '/users/$count',
    permissions: USER_READ,
    serve: (request, _params, { tenant }) => countUsers(request, tenant)
  },
  {
    template: '/auditLogs/directoryAudits',
    permissions: ['AuditLog.Read.All'],
    serve: (request, _params, { baseUrl, tenant }) =>
      auditFilterRefusal(request) ??
      serveCollection(request, baseUrl, {
        fragment: 'auditLogs/directoryAudits',
        items: newestFirst(tenant.directoryAudits),
        pageSize: 100,
        filter: { resource: 'directoryAudit', properties: AUDIT_FILTERS }
      })
  }
]

/**
 * `/partners('id')` and `/partners/id` name the same entity. A function call with one named
 * parameter, `/find(tenantId='id')`, becomes the segments `find(tenantId)` and `id`.
 */
function segmentsOf(path: string): string[] {
  return (
    path
      .replace(
        /\('([^']*)'\)|\(([^)']*)\)/g,
        (_whole, quoted: string | undefined, bare: string | undefined) => `/${quoted ?? bare ?? ''}`
      )
      // After the key forms, which a function's `(name='value')` never matches.
      .replace(
        /\/(\w+)\((\w+)='((?:[^']|'')*)'\)/g,
        (_whole, name: string, parameter: string, value: string) =>
          `/${name}(${parameter})/${value.replaceAll("''", "'")}`
      )
      .split('/')
      .filter((segment) => segment !== '')
  )
}

function templateSegments(template: string): string[] {
  return template.split('/').filter((segment) => segment !== '')
}

/** How many leading segments a template accepts, and the parameters it bound. */
function matchTemplate(
  template: string,
  segments: readonly string[]
): { matched: number; params: Record<string, string> } {
  const expected = templateSegments(template)
  const params: Record<string, string> = {}
  let matched = 0
  for (; matched < Math.min(expected.length, segments.length); matched++) {
    const pattern = expected[matched] ?? ''
    const segment = segments[matched] ?? ''
    if (pattern.startsWith('{')) params[pattern.slice(1, -1)] = segment
    // Graph resolves path segments case-insensitively.
    else if (pattern.toLowerCase() !== segment.toLowerCase()) break
  }
  return { matched, params }
}

function servedAt(route: GraphRoute, request: GraphRequest): boolean {
  return (route.version ?? 'v1.0') === request.version
}

function segmentNotFound(request: GraphRequest, segments: readonly string[]): GraphResponse {
  let deepest = 0
  for (const route of ROUTES) {
    if (servedAt(route, request)) deepest = Math.max(deepest, matchTemplate(route.template, segments).matched)
  }
  const segment = segments[deepest] ?? segments[segments.length - 1] ?? ''
  return graphError(request, 404, 'BadRequest', `Resource not found for the segment '${segment}'.`)
}

/** Every Graph request, direct or batched: method, path, permission, then the handler. */
export function routeGraphRequest(
  request: GraphRequest,
  environment: GraphEnvironment,
  body?: string
): GraphResponse {
  if (request.method !== 'GET') {
    const written = routeGraphWrite(request, environment.tenant, body)
    if (written !== undefined) return written
  }
  const segments = segmentsOf(request.path)
  for (const route of ROUTES) {
    if (!servedAt(route, request)) continue
    const { matched, params } = matchTemplate(route.template, segments)
    if (matched !== segments.length || matched !== templateSegments(route.template).length) continue
    if (request.method !== 'GET') return methodNotAllowed(request, 'GET')
    const granted = environment.tenant.grantedPermissions
    if (!route.permissions.some((permission) => granted.has(permission))) {
      return graphError(
        request,
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.'
      )
    }
    return route.serve(request, params, environment)
  }
  if (request.method !== 'GET') return methodNotAllowed(request, 'GET')
  return segmentNotFound(request, segments)
}

/** Writes other than graph-writes.ts's (which real Graph accepts on most of these paths) are refused. */
export function methodNotAllowed(request: GraphRequest, allow: string): GraphResponse {
  return graphError(
    request,
    405,
    'Request_BadRequest',
    'Specified HTTP method is not allowed for the request target.',
    {
      Allow: allow
    }
  )
}
