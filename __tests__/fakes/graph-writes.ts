/**
 * The writes the fake accepts (issue 18, mode: revert), applied to the simulated tenant: the
 * cross-tenant access default (update, reset), partners (update, create, delete) and Conditional
 * Access policies (update, delete), with the documented status codes and application permissions:
 *
 * - crosstenantaccesspolicyconfigurationdefault-update.md: PATCH, 204; Policy.ReadWrite.CrossTenantAccess.
 * - crosstenantaccesspolicyconfigurationdefault-resettosystemdefault.md: POST, 204; same permission.
 * - crosstenantaccesspolicyconfigurationpartner-update.md / -delete.md: PATCH / DELETE, 204.
 * - crosstenantaccesspolicy-post-partners.md: POST, 201 Created with the partner.
 * - conditionalaccesspolicy-update.md / -delete.md: PATCH / DELETE, 204; Policy.Read.All and
 *   Policy.ReadWrite.ConditionalAccess, both.
 *
 * A PATCH replaces each top-level property it carries and leaves the others alone. How Graph merges
 * a partial complex property is [UNVERIFIED]; the action always sends a changed top-level property whole.
 */
import { graphError, jsonResponse, type GraphRequest, type GraphResponse } from './graph-response.ts'
import { systemDefaultConfiguration, type SimulatedTenant } from './simulated-tenant.ts'

type Item = Record<string, unknown>

interface WriteRoute {
  method: 'PATCH' | 'POST' | 'PUT' | 'DELETE'
  template: string
  /** Any one of these sets grants the write; each set's permissions are needed together. */
  permissions: readonly (readonly string[])[]
  apply(
    request: GraphRequest,
    params: Readonly<Record<string, string>>,
    tenant: SimulatedTenant,
    body: unknown
  ): GraphResponse
}

const CROSS_TENANT_WRITE = [['Policy.ReadWrite.CrossTenantAccess']]
const CONDITIONAL_ACCESS_WRITE = [['Policy.ReadWrite.ConditionalAccess', 'Policy.Read.All']]

const NO_CONTENT: GraphResponse = { status: 204, headers: {}, text: '' }

const WRITE_ROUTES: readonly WriteRoute[] = [
  {
    method: 'PATCH',
    template: '/policies/crossTenantAccessPolicy/default',
    permissions: CROSS_TENANT_WRITE,
    apply: (request, _params, tenant, body) =>
      patch(request, tenant.default, body, ['id', 'isServiceDefault', 'automaticUserConsentSettings']) ??
      ((tenant.default['isServiceDefault'] = false), NO_CONTENT)
  },
  {
    method: 'POST',
    template: '/policies/crossTenantAccessPolicy/default/resetToSystemDefault',
    permissions: CROSS_TENANT_WRITE,
    apply: (_request, _params, tenant) => {
      tenant.default = systemDefaultConfiguration(String(tenant.default['id']))
      return NO_CONTENT
    }
  },
  {
    method: 'PATCH',
    template: '/policies/crossTenantAccessPolicy/partners/{tenantId}',
    permissions: CROSS_TENANT_WRITE,
    apply: (request, { tenantId = '' }, tenant, body) => {
      const partner = byKey(tenant.partners, 'tenantId', tenantId)
      if (partner === undefined) return notFound(request, tenantId)
      return patch(request, partner, body, ['tenantId', 'isInMultiTenantOrganization']) ?? NO_CONTENT
    }
  },
  {
    method: 'DELETE',
    template: '/policies/crossTenantAccessPolicy/partners/{tenantId}',
    permissions: CROSS_TENANT_WRITE,
    apply: (request, { tenantId = '' }, tenant) => {
      const partner = byKey(tenant.partners, 'tenantId', tenantId)
      if (partner === undefined) return notFound(request, tenantId)
      tenant.partners = tenant.partners.filter((other) => other !== partner)
      return NO_CONTENT
    }
  },
  {
    method: 'POST',
    template: '/policies/crossTenantAccessPolicy/partners',
    permissions: CROSS_TENANT_WRITE,
    apply: (request, _params, tenant, body) => {
      if (!isItem(body) || typeof body['tenantId'] !== 'string') {
        return graphError(request, 400, 'Request_BadRequest', 'The partner configuration needs a tenantId.')
      }
      if (byKey(tenant.partners, 'tenantId', body['tenantId']) !== undefined) {
        return graphError(
          request,
          409,
          'Request_BadRequest',
          'A partner configuration for this tenant exists.'
        )
      }
      const partner: Item = { isInMultiTenantOrganization: false, ...body }
      tenant.partners = [...tenant.partners, partner]
      return { ...jsonResponse(partner), status: 201 }
    }
  },
  {
    method: 'PATCH',
    template: '/identity/conditionalAccess/policies/{id}',
    permissions: CONDITIONAL_ACCESS_WRITE,
    apply: (request, { id = '' }, tenant, body) => {
      const policy = byKey(tenant.conditionalAccessPolicies, 'id', id)
      if (policy === undefined) return notFound(request, id)
      return (
        patch(request, policy, body, ['id', 'createdDateTime', 'modifiedDateTime', 'templateId']) ??
        NO_CONTENT
      )
    }
  },
  {
    method: 'DELETE',
    template: '/identity/conditionalAccess/policies/{id}',
    permissions: CONDITIONAL_ACCESS_WRITE,
    apply: (request, { id = '' }, tenant) => {
      const policy = byKey(tenant.conditionalAccessPolicies, 'id', id)
      if (policy === undefined) return notFound(request, id)
      tenant.conditionalAccessPolicies = tenant.conditionalAccessPolicies.filter((other) => other !== policy)
      return NO_CONTENT
    }
  }
]

/**
 * The answer to a write, or undefined when no write route matches (the caller answers 405 or 404).
 * `body` is the request's JSON text.
 */
export function routeGraphWrite(
  request: GraphRequest,
  tenant: SimulatedTenant,
  body: string | undefined
): GraphResponse | undefined {
  for (const route of WRITE_ROUTES) {
    if (route.method !== request.method) continue
    const params = match(route.template, request.path)
    if (params === undefined) continue
    const granted = tenant.grantedPermissions
    if (!route.permissions.some((set) => set.every((permission) => granted.has(permission)))) {
      return graphError(
        request,
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.'
      )
    }
    let parsed: unknown
    try {
      parsed = body === undefined || body === '' ? undefined : JSON.parse(body)
    } catch {
      return graphError(request, 400, 'BadRequest', 'Unable to read JSON request payload.')
    }
    return route.apply(request, params, tenant, parsed)
  }
  return undefined
}

/** Applies a PATCH body to `target`; an error answer when the body is not an object or writes a read-only property. */
function patch(
  request: GraphRequest,
  target: Item,
  body: unknown,
  readOnly: readonly string[]
): GraphResponse | undefined {
  if (!isItem(body) || Object.keys(body).length === 0) {
    return graphError(request, 400, 'BadRequest', 'Empty Payload. JSON content expected.')
  }
  const refused = Object.keys(body).find((property) => readOnly.includes(property))
  if (refused !== undefined) {
    return graphError(
      request,
      400,
      'Request_BadRequest',
      `Property '${refused}' is read-only and cannot be set.`
    )
  }
  for (const [property, value] of Object.entries(body)) target[property] = structuredClone(value)
  return undefined
}

function match(template: string, path: string): Record<string, string> | undefined {
  const expected = template.split('/').filter((segment) => segment !== '')
  const actual = path
    .replace(/\('([^']*)'\)/g, '/$1')
    .split('/')
    .filter((segment) => segment !== '')
  if (expected.length !== actual.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, pattern] of expected.entries()) {
    const segment = actual[index] ?? ''
    if (pattern.startsWith('{')) params[pattern.slice(1, -1)] = segment
    else if (pattern.toLowerCase() !== segment.toLowerCase()) return undefined
  }
  return params
}

function byKey(items: readonly Item[], property: string, key: string): Item | undefined {
  return items.find((item) => String(item[property]).toLowerCase() === key.toLowerCase())
}

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function notFound(request: GraphRequest, id: string): GraphResponse {
  return graphError(
    request,
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`
  )
}
