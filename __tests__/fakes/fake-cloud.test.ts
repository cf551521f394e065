import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createSign, constants, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { startFakeCloud, trustFakeCertificate, type FakeCloud } from './fake-cloud.ts'
import {
  cloneTenant,
  CONTOSO_PARTNERS,
  CONTOSO_TENANT_ID,
  contosoTenant,
  generatedUsers,
  guestBands,
  largeTenant,
  STALE_AFTER_DAYS,
  type SimulatedTenant,
  type SimulatedUser,
  type UserSet
} from './simulated-tenant.ts'

const NOW = new Date('2026-01-15T10:00:00Z')
const DAY_MS = 86_400_000
const STALE_BEFORE = new Date(NOW.getTime() - STALE_AFTER_DAYS * DAY_MS)
  .toISOString()
  .replace(/\.\d{3}Z$/, 'Z')
const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'
const KEY_PEM = readFileSync(new URL('./tls/key.pem', import.meta.url), 'utf8')

type Json = Record<string, unknown>

let cloud: FakeCloud
let accessToken: string

function usersOf(set: UserSet): SimulatedUser[] {
  return Array.from({ length: set.size }, (_, index) => set.at(index))
}

async function requestToken(form: Record<string, string>, tenantId = CONTOSO_TENANT_ID): Promise<Response> {
  return fetch(`${cloud.url}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: cloud.clientId,
      scope: `${cloud.url}/.default`,
      ...form
    })
  })
}

/** A Graph call with the suite's access token; `token: null` sends none. */
async function graph(
  path: string,
  init: RequestInit = {},
  token: string | null = accessToken
): Promise<Response> {
  const headers = new Headers(init.headers)
  if (token !== null) headers.set('Authorization', `Bearer ${token}`)
  return fetch(path.startsWith('https://') ? path : `${cloud.url}/v1.0${path}`, { ...init, headers })
}

async function graphJson(
  path: string,
  init: RequestInit = {}
): Promise<{ status: number; body: Json; response: Response }> {
  const response = await graph(path, init)
  return { status: response.status, body: (await response.json()) as Json, response }
}

function errorOf(body: Json): { code: string; message: string; innerError: Json } {
  return body['error'] as { code: string; message: string; innerError: Json }
}

function withTenant(change: (tenant: SimulatedTenant) => void): void {
  const tenant = cloneTenant(contosoTenant({ now: NOW }))
  change(tenant)
  cloud.setTenant(tenant)
}

beforeAll(async () => {
  trustFakeCertificate()
  const certificatePem = readFileSync(new URL('./tls/cert.pem', import.meta.url), 'utf8')
  cloud = await startFakeCloud({ tenant: contosoTenant({ now: NOW }), certificatePem })
  const response = await requestToken({ client_secret: cloud.clientSecret })
  accessToken = String(((await response.json()) as Json)['access_token'])
})

afterAll(async () => {
  await cloud.close()
})

beforeEach(() => {
  cloud.faults.clear()
  cloud.setTenant(contosoTenant({ now: NOW }))
  cloud.requests.length = 0
})

describe('Entra token endpoint', () => {
  it('issues an opaque bearer token for the client secret, and Graph accepts it', async () => {
    const response = await requestToken({ client_secret: cloud.clientSecret })
    const body = (await response.json()) as Json

    expect(response.status).toBe(200)
    expect(body).toEqual({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: expect.any(String)
    })
    const policy = await graph('/policies/crossTenantAccessPolicy', {}, String(body['access_token']))
    expect(policy.status).toBe(200)
  })

  it('serves the OpenID configuration MSAL fetches, with an issuer on the authority origin', async () => {
    const response = await fetch(`${cloud.url}/${CONTOSO_TENANT_ID}/v2.0/.well-known/openid-configuration`)
    const body = (await response.json()) as Json

    expect(body['token_endpoint']).toBe(`${cloud.url}/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`)
    expect(body['issuer']).toBe(`${cloud.url}/${CONTOSO_TENANT_ID}/v2.0`)
    expect(body).toHaveProperty('authorization_endpoint')
    expect(body).toHaveProperty('jwks_uri')
    const discovery = await fetch(`${cloud.url}/common/discovery/instance?api-version=1.1`)
    expect(discovery.status).toBe(200)
  })

  const secret = (): Record<string, string> => ({ client_secret: cloud.clientSecret })
  // prettier-ignore
  it.each([
    { refused: 'a wrong secret', form: () => ({ client_secret: 'nope' }), status: 401, error: 'invalid_client', code: 7000215 },
    { refused: 'an unknown tenant', form: secret, tenantId: randomUUID(), status: 400, error: 'invalid_tenant', code: 90002 },
    { refused: 'an unknown client id', form: () => ({ ...secret(), client_id: randomUUID() }), status: 400, error: 'unauthorized_client', code: 700016 },
    { refused: 'a request without credential', form: () => ({}), status: 401, error: 'invalid_client', code: 7000218 },
    { refused: 'a delegated scope', form: () => ({ ...secret(), scope: 'User.Read' }), status: 400, error: 'invalid_scope', code: 1002012 },
    { refused: 'the real Graph as resource', form: () => ({ ...secret(), scope: 'https://graph.microsoft.com/.default' }), status: 400, error: 'invalid_resource', code: 500011 }
  ])('refuses $refused with AADSTS$code', async ({ form, tenantId, status, error, code }) => {
    const response = await requestToken(form(), tenantId)
    const body = (await response.json()) as Json

    expect(response.status).toBe(status)
    expect(body['error']).toBe(error)
    expect(body['error_codes']).toEqual([code])
    expect(String(body['error_description'])).toMatch(new RegExp(`^AADSTS${code}: `))
  })

  it('accepts a PS256 client assertion signed with the registered certificate, and refuses a tampered one', async () => {
    const now = Math.floor(Date.now() / 1000)
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
    const unsigned = `${encode({ alg: 'PS256', typ: 'JWT' })}.${encode({
      aud: `${cloud.url}/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`,
      iss: cloud.clientId,
      sub: cloud.clientId,
      jti: randomUUID(),
      nbf: now,
      exp: now + 600
    })}`
    const signature = createSign('sha256')
      .update(unsigned)
      .sign({
        key: KEY_PEM,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST
      })
      .toString('base64url')
    const assertion = { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }

    const accepted = await requestToken({ ...assertion, client_assertion: `${unsigned}.${signature}` })
    const tampered = await requestToken({
      ...assertion,
      client_assertion: `${unsigned}.${signature.slice(0, -4)}AAAA`
    })

    expect(accepted.status).toBe(200)
    expect(tampered.status).toBe(401)
    expect(((await tampered.json()) as Json)['error']).toBe('invalid_client')
  })

  it('works with @azure/identity: secret, certificate and GitHub-assertion credentials all get tokens Graph accepts', async () => {
    const { ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential } =
      await import('@azure/identity')
    const options = { authorityHost: cloud.url, disableInstanceDiscovery: true }
    const credentials = [
      new ClientSecretCredential(CONTOSO_TENANT_ID, cloud.clientId, cloud.clientSecret, options),
      new ClientCertificateCredential(
        CONTOSO_TENANT_ID,
        cloud.clientId,
        { certificate: `${cloud.certPem}\n${KEY_PEM}` },
        options
      ),
      new ClientAssertionCredential(CONTOSO_TENANT_ID, cloud.clientId, async () => cloud.oidcJwt, options)
    ]

    for (const credential of credentials) {
      const token = await credential.getToken(`${cloud.url}/.default`)
      const response = await graph('/policies/crossTenantAccessPolicy/default', {}, token.token)
      expect(response.status).toBe(200)
    }
  })
})

describe('GitHub Actions OIDC', () => {
  it("issues a JWT with GitHub's claims for the requested audience, to the runner's bearer only", async () => {
    const tokenUrl = `${cloud.url}/oidc/token?api-version=2.0&audience=${encodeURIComponent('api://AzureADTokenExchange')}`

    const refused = await fetch(tokenUrl)
    const response = await fetch(tokenUrl, { headers: { Authorization: `Bearer ${cloud.oidcRequestToken}` } })
    const jwt = String(((await response.json()) as Json)['value'])
    const [header, claims] = jwt
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json)

    expect(refused.status).toBe(401)
    expect(jwt.split('.')).toHaveLength(3)
    expect(header).toMatchObject({ typ: 'JWT', alg: 'HS256' })
    expect(claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'api://AzureADTokenExchange',
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main'
    })
  })

  it('exchanges the OIDC token for an access token, but not one minted for another audience', async () => {
    const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    const otherAudience = await fetch(
      `${cloud.url}/oidc/token?api-version=2.0&audience=api%3A%2F%2Fsomething-else`,
      {
        headers: { Authorization: `Bearer ${cloud.oidcRequestToken}` }
      }
    )
    const wrongAudienceJwt = String(((await otherAudience.json()) as Json)['value'])

    const accepted = await requestToken({
      client_assertion_type: assertionType,
      client_assertion: cloud.oidcJwt
    })
    const refused = await requestToken({
      client_assertion_type: assertionType,
      client_assertion: wrongAudienceJwt
    })

    expect(accepted.status).toBe(200)
    expect(refused.status).toBe(401)
    expect(((await refused.json()) as Json)['error_codes']).toEqual([700212])
  })
})

describe('Graph authentication and methods', () => {
  it('answers 401 InvalidAuthenticationToken without a token, and for tokens revoked with revokeTokens()', async () => {
    const fresh = String(
      ((await (await requestToken({ client_secret: cloud.clientSecret })).json()) as Json)['access_token']
    )

    const anonymous = await graph('/policies/crossTenantAccessPolicy', {}, null)
    const before = await graph('/policies/crossTenantAccessPolicy', {}, fresh)
    cloud.revokeTokens()
    const after = await graph('/policies/crossTenantAccessPolicy', {}, fresh)
    const afterBody = (await after.json()) as Json
    accessToken = String(
      ((await (await requestToken({ client_secret: cloud.clientSecret })).json()) as Json)['access_token']
    )

    expect(anonymous.status).toBe(401)
    expect(before.status).toBe(200)
    expect(after.status).toBe(401)
    expect(errorOf(afterBody)).toEqual({
      code: 'InvalidAuthenticationToken',
      message: 'Access token has expired or is not yet valid.',
      innerError: {
        date: expect.any(String),
        'request-id': expect.any(String),
        'client-request-id': expect.any(String)
      }
    })
  })

  it.each(['DELETE', 'PUT', 'POST'])(
    'answers a write Graph does not take there (%s on the default) with 405 in the error envelope',
    async (method) => {
      const { status, body } = await graphJson('/policies/crossTenantAccessPolicy/default', {
        method,
        body: '{}',
        headers: { 'Content-Type': 'application/json' }
      })

      expect(status).toBe(405)
      expect(errorOf(body).innerError).toHaveProperty('request-id')
    }
  )

  it('refuses a documented write without the write permission: 403 Authorization_RequestDenied, nothing changed', async () => {
    const before = cloud.tenant.default['inboundTrust']

    const { status, body } = await graphJson('/policies/crossTenantAccessPolicy/default', {
      method: 'PATCH',
      body: JSON.stringify({ inboundTrust: { isMfaAccepted: true } }),
      headers: { 'Content-Type': 'application/json' }
    })

    expect(status).toBe(403)
    expect(errorOf(body).code).toBe('Authorization_RequestDenied')
    expect(cloud.tenant.default['inboundTrust']).toEqual(before)
  })

  it('applies a PATCH of the default under Policy.ReadWrite.CrossTenantAccess: 204, then the read shows it', async () => {
    withTenant((tenant) => tenant.grantedPermissions.add('Policy.ReadWrite.CrossTenantAccess'))
    const trust = {
      isMfaAccepted: true,
      isCompliantDeviceAccepted: false,
      isHybridAzureADJoinedDeviceAccepted: false
    }

    const patched = await graph('/policies/crossTenantAccessPolicy/default', {
      method: 'PATCH',
      body: JSON.stringify({ inboundTrust: trust }),
      headers: { 'Content-Type': 'application/json' }
    })
    const { body } = await graphJson('/policies/crossTenantAccessPolicy/default')

    expect(patched.status).toBe(204)
    expect(await patched.text()).toBe('')
    expect(body['inboundTrust']).toEqual(trust)
    expect(body['isServiceDefault']).toBe(false)
  })

  it('applies a CA policy PATCH only with Policy.ReadWrite.ConditionalAccess and Policy.Read.All together', async () => {
    withTenant((tenant) => {
      tenant.grantedPermissions = new Set(['Policy.ReadWrite.ConditionalAccess'])
    })
    const id = String(cloud.tenant.conditionalAccessPolicies[0]?.['id'])
    const write = (): Promise<Response> =>
      graph(`/identity/conditionalAccess/policies/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ state: 'disabled' }),
        headers: { 'Content-Type': 'application/json' }
      })

    const alone = await write()
    cloud.tenant.grantedPermissions.add('Policy.Read.All')
    const both = await write()

    expect(alone.status).toBe(403)
    expect(both.status).toBe(204)
    expect(cloud.tenant.conditionalAccessPolicies[0]?.['state']).toBe('disabled')
  })

  it('answers unknown paths with 404 naming the segment', async () => {
    const { status, body } = await graphJson('/policies/crossTenantAccessPolicy/nonsense')

    expect(status).toBe(404)
    expect(errorOf(body).message).toBe("Resource not found for the segment 'nonsense'.")
  })
})

describe('cross-tenant access policy and other single entities', () => {
  it.each([
    ['/policies/crossTenantAccessPolicy', 'policies/crossTenantAccessPolicy/$entity'],
    ['/policies/crossTenantAccessPolicy/default', 'policies/crossTenantAccessPolicy/default/$entity'],
    ['/policies/authorizationPolicy', 'policies/authorizationPolicy/$entity'],
    ['/tenantRelationships/multiTenantOrganization', 'tenantRelationships/multiTenantOrganization/$entity'],
    ['/admin/sharepoint/settings', 'admin/sharepoint/settings/$entity']
  ])('serves %s unwrapped, with an @odata.context on the fake', async (path, fragment) => {
    const { status, body, response } = await graphJson(path)

    expect(status).toBe(200)
    expect(response.headers.get('content-type')).toBe(ODATA_JSON)
    expect(body['@odata.context']).toBe(`${cloud.url}/v1.0/$metadata#${fragment}`)
    expect(body).not.toHaveProperty('value')
  })

  it('reports a tenant outside any multitenant organization as 200 inactive with nulls', async () => {
    const { status, body } = await graphJson('/tenantRelationships/multiTenantOrganization')

    expect(status).toBe(200)
    expect(body).toMatchObject({ state: 'inactive', displayName: null, createdDateTime: null })
  })

  it('expands identitySynchronization, null for partners without a sync policy', async () => {
    const { body } = await graphJson(
      '/policies/crossTenantAccessPolicy/partners?$select=tenantId&$expand=identitySynchronization'
    )

    expect(body['@odata.context']).toBe(
      `${cloud.url}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners(tenantId,identitySynchronization())`
    )
    expect(body['value']).toEqual([
      {
        tenantId: CONTOSO_PARTNERS.fabrikam,
        identitySynchronization: {
          tenantId: CONTOSO_PARTNERS.fabrikam,
          displayName: 'Fabrikam',
          userSyncInbound: { isSyncAllowed: true }
        }
      },
      { tenantId: CONTOSO_PARTNERS.northwind, identitySynchronization: null },
      { tenantId: CONTOSO_PARTNERS.tailspin, identitySynchronization: null }
    ])
  })

  it('serves one partner and its sync policy, and 404 Request_ResourceNotFound where there is none', async () => {
    const partner = await graphJson(`/policies/crossTenantAccessPolicy/partners/${CONTOSO_PARTNERS.tailspin}`)
    const sync = await graphJson(
      `/policies/crossTenantAccessPolicy/partners('${CONTOSO_PARTNERS.fabrikam}')/identitySynchronization`
    )
    const noSync = await graphJson(
      `/policies/crossTenantAccessPolicy/partners/${CONTOSO_PARTNERS.northwind}/identitySynchronization`
    )
    const unknown = await graphJson(`/policies/crossTenantAccessPolicy/partners/${randomUUID()}`)

    expect(partner.body).toMatchObject({
      tenantId: CONTOSO_PARTNERS.tailspin,
      inboundTrust: null,
      b2bCollaborationInbound: null
    })
    expect(partner.body).toHaveProperty('crossCloudMeetingConfiguration')
    expect(sync.body['@odata.context']).toBe(
      `${cloud.url}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners('${CONTOSO_PARTNERS.fabrikam}')/identitySynchronization/$entity`
    )
    expect([noSync.status, errorOf(noSync.body).code]).toEqual([404, 'Request_ResourceNotFound'])
    expect([unknown.status, errorOf(unknown.body).code]).toEqual([404, 'Request_ResourceNotFound'])
  })

  it('pages partners when the tenant sets a page size, with absolute nextLinks on the fake', async () => {
    withTenant((tenant) => {
      tenant.pageSizes = { partners: 2 }
    })

    const first = await graphJson('/policies/crossTenantAccessPolicy/partners')
    const nextLink = String(first.body['@odata.nextLink'])
    const second = await graphJson(nextLink)

    expect(first.body['value']).toHaveLength(2)
    expect(nextLink.startsWith(`${cloud.url}/v1.0/policies/crossTenantAccessPolicy/partners?`)).toBe(true)
    expect(second.body['value']).toHaveLength(1)
    expect(second.body).not.toHaveProperty('@odata.nextLink')
  })

  it('re-bases the CA authenticationStrength annotation onto the fake', async () => {
    const { body } = await graphJson('/identity/conditionalAccess/policies')
    const policies = body['value'] as Json[]
    const grant = policies.find((policy) => policy['grantControls'] !== null)?.['grantControls'] as Json

    expect(body['@odata.context']).toBe(`${cloud.url}/v1.0/$metadata#identity/conditionalAccess/policies`)
    expect(String(grant['authenticationStrength@odata.context'])).toMatch(
      new RegExp(
        `^${cloud.url.replaceAll('.', '\\.')}/v1\\.0/\\$metadata#identity/conditionalAccess/policies\\('`
      )
    )
  })
})

describe('users', () => {
  it('refuses /users/$count without ConsistencyLevel with the documented 400', async () => {
    const { status, body } = await graphJson("/users/$count?$filter=userType eq 'Guest'")

    expect(status).toBe(400)
    expect(errorOf(body)).toMatchObject({
      code: 'Request_BadRequest',
      message: '$count is not currently supported.'
    })
  })

  it('answers /users/$count with ConsistencyLevel: eventual as a text/plain integer', async () => {
    const headers = { ConsistencyLevel: 'eventual' }

    const guests = await graph("/users/$count?$filter=userType eq 'Guest'", { headers })
    const pending = await graph("/users/$count?$filter=externalUserState eq 'PendingAcceptance'", { headers })

    expect(guests.headers.get('content-type')).toBe('text/plain')
    expect(await guests.text()).toBe('25')
    expect(await pending.text()).toBe('4')
  })

  it('pages with an opaque $skiptoken nextLink and reports @odata.count on page 1 only', async () => {
    const headers = { ConsistencyLevel: 'eventual' }
    const pages: Json[] = []
    let next: string | undefined =
      "/users?$filter=userType eq 'Guest'&$select=id,userType&$top=10&$count=true"

    while (next !== undefined) {
      const { body } = await graphJson(next, { headers })
      pages.push(body)
      next = body['@odata.nextLink'] === undefined ? undefined : String(body['@odata.nextLink'])
    }
    const ids = pages.flatMap((page) => (page['value'] as Json[]).map((user) => user['id']))

    expect(pages.map((page) => (page['value'] as Json[]).length)).toEqual([10, 10, 5])
    expect(pages.map((page) => page['@odata.count'])).toEqual([25, undefined, undefined])
    expect(new Set(ids).size).toBe(25)
    expect(pages[0]?.['@odata.context']).toBe(`${cloud.url}/v1.0/$metadata#users(id,userType)`)
    expect(String(pages[0]?.['@odata.nextLink'])).toContain('$skiptoken=')
  })

  it('requires ConsistencyLevel again on nextLinks of a $count query', async () => {
    const first = await graphJson("/users?$filter=userType eq 'Guest'&$top=5&$count=true", {
      headers: { ConsistencyLevel: 'eventual' }
    })

    const second = await graphJson(String(first.body['@odata.nextLink']))

    expect(second.status).toBe(400)
    expect(errorOf(second.body).code).toBe('Request_BadRequest')
  })

  it('serves 100 users per page by default and refuses $top above 999', async () => {
    withTenant((tenant) => {
      tenant.users = generatedUsers({ guests: 150, members: 10, seed: 3, now: NOW })
    })

    const first = await graphJson('/users')
    const tooLarge = await graphJson('/users?$top=1000')

    expect(first.body['value']).toHaveLength(100)
    expect(Object.keys((first.body['value'] as Json[])[0] ?? {})).toContain('userPrincipalName')
    expect(Object.keys((first.body['value'] as Json[])[0] ?? {})).not.toContain('userType')
    expect(tooLarge.status).toBe(400)
  })

  it('filters on signInActivity, and omits signInActivity for users who never signed in', async () => {
    const stale = await graphJson(
      `/users?$filter=signInActivity/lastSuccessfulSignInDateTime le ${STALE_BEFORE}&$select=id,userType,signInActivity`
    )
    const everyone = await graphJson('/users?$select=id,userType,signInActivity&$top=500')
    const staleUsers = stale.body['value'] as Json[]
    const neverUsers = (everyone.body['value'] as Json[]).filter((user) => !('signInActivity' in user))

    expect(staleUsers.filter((user) => user['userType'] === 'Guest')).toHaveLength(4)
    expect(staleUsers.filter((user) => user['userType'] === 'Member')).toHaveLength(1)
    expect(neverUsers.filter((user) => user['userType'] === 'Guest')).toHaveLength(5)
  })

  it('answers the undocumented signInActivity eq null with an empty page: it finds nobody, never-signed-in users included', async () => {
    const never = await graphJson(
      '/users?$filter=signInActivity/lastSignInDateTime eq null&$select=id,userType,signInActivity'
    )

    expect(never.status).toBe(200)
    expect(never.body['value']).toEqual([])
  })

  it.each([
    [
      'signInActivity combined with another property',
      `signInActivity/lastSignInDateTime le ${STALE_BEFORE} and userType eq 'Guest'`
    ],
    ['a function', "startswith(displayName,'A')"],
    ['an unfilterable property', "jobTitle eq 'Engineer'"]
  ])('refuses %s with 400 Request_UnsupportedQuery', async (_case, filter) => {
    const { status, body } = await graphJson(`/users?$filter=${encodeURIComponent(filter)}`)

    expect(status).toBe(400)
    expect(errorOf(body).code).toBe('Request_UnsupportedQuery')
  })

  it('refuses signInActivity to a tenant without premium, and to an app without AuditLog.Read.All', async () => {
    withTenant((tenant) => {
      tenant.premium = false
    })
    const nonPremium = await graphJson('/users?$select=id,signInActivity')
    withTenant((tenant) => {
      tenant.grantedPermissions.delete('AuditLog.Read.All')
    })
    const noAuditLog = await graphJson('/users?$select=id,signInActivity')
    const withoutSignIns = await graphJson('/users?$select=id')

    expect([nonPremium.status, errorOf(nonPremium.body).code]).toEqual([
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant'
    ])
    expect(errorOf(noAuditLog.body)).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.'
    })
    expect(withoutSignIns.status).toBe(200)
  })
})

describe('permissions', () => {
  it('answers 403 Authorization_RequestDenied once Policy.Read.All is withdrawn, for every policy path', async () => {
    withTenant((tenant) => {
      tenant.grantedPermissions.delete('Policy.Read.All')
    })

    const statuses = await Promise.all(
      [
        '/policies/crossTenantAccessPolicy/partners',
        '/identity/conditionalAccess/policies',
        '/policies/authorizationPolicy'
      ].map(async (path) => (await graph(path)).status)
    )
    const users = await graph('/users?$top=1')

    expect(statuses).toEqual([403, 403, 403])
    expect(users.status).toBe(200)
  })
})

describe('$batch', () => {
  it('runs each item like a direct request and answers every id, out of order, with per-item status', async () => {
    cloud.faults.inject({
      match: '/identity/conditionalAccess/policies',
      fault: { status: 429, retryAfter: '7' }
    })
    const requests = [
      { id: '1', method: 'GET', url: '/policies/crossTenantAccessPolicy/default' },
      {
        id: '2',
        method: 'GET',
        url: `/policies/crossTenantAccessPolicy/partners/${CONTOSO_PARTNERS.northwind}/identitySynchronization`
      },
      { id: '3', method: 'GET', url: '/identity/conditionalAccess/policies' },
      {
        id: '4',
        method: 'GET',
        url: "/users?$filter=userType eq 'Guest'&$count=true&$top=1&$select=id",
        headers: { ConsistencyLevel: 'eventual' }
      },
      {
        id: '5',
        method: 'GET',
        url: "/users/$count?$filter=userType eq 'Guest'",
        headers: { ConsistencyLevel: 'eventual' }
      }
    ]

    const { status, body } = await graphJson('/$batch', {
      method: 'POST',
      body: JSON.stringify({ requests }),
      headers: { 'Content-Type': 'application/json' }
    })
    const responses = body['responses'] as {
      id: string
      status: number
      headers: Record<string, string>
      body: Json
    }[]
    const byId = new Map(responses.map((response) => [response.id, response]))

    expect(status).toBe(200)
    expect(responses.map((response) => response.id)).not.toEqual(['1', '2', '3', '4', '5'])
    expect(byId.get('1')?.status).toBe(200)
    expect(byId.get('1')?.body['@odata.context']).toBe(
      `${cloud.url}/v1.0/$metadata#policies/crossTenantAccessPolicy/default/$entity`
    )
    expect(byId.get('2')?.status).toBe(404)
    expect(errorOf(byId.get('2')?.body ?? {}).code).toBe('Request_ResourceNotFound')
    expect(byId.get('3')?.status).toBe(429)
    expect(byId.get('3')?.headers['Retry-After']).toBe('7')
    expect(byId.get('4')?.body['@odata.count']).toBe(25)
    expect(byId.get('5')?.body).toBe(25)
  })

  it.each([
    [
      'more than 20 requests',
      Array.from({ length: 21 }, (_, index) => ({ id: String(index), method: 'GET', url: '/users' }))
    ],
    [
      'duplicate ids (case-insensitive)',
      [
        { id: 'a', method: 'GET', url: '/users' },
        { id: 'A', method: 'GET', url: '/users' }
      ]
    ]
  ])('refuses a batch with %s as a whole', async (_case, requests) => {
    const { status, body } = await graphJson('/$batch', {
      method: 'POST',
      body: JSON.stringify({ requests })
    })

    expect(status).toBe(400)
    expect(body).toHaveProperty('error')
  })

  it('checks permissions per item', async () => {
    withTenant((tenant) => {
      tenant.grantedPermissions.delete('SharePointTenantSettings.Read.All')
    })
    const requests = [
      { id: 'sp', method: 'GET', url: '/admin/sharepoint/settings' },
      { id: 'authz', method: 'GET', url: '/policies/authorizationPolicy' }
    ]

    const { body } = await graphJson('/$batch', { method: 'POST', body: JSON.stringify({ requests }) })
    const statuses = Object.fromEntries(
      (body['responses'] as Json[]).map((item) => [item['id'], item['status']])
    )

    expect(statuses).toEqual({ sp: 403, authz: 200 })
  })
})

describe('fault injection', () => {
  it('throttles once with 429 and a Retry-After in seconds, then serves normally', async () => {
    cloud.faults.inject({
      match: '/policies/crossTenantAccessPolicy/default',
      fault: { status: 429, retryAfter: '2' }
    })

    const throttled = await graphJson('/policies/crossTenantAccessPolicy/default')
    const retried = await graph('/policies/crossTenantAccessPolicy/default')

    expect(throttled.status).toBe(429)
    expect(throttled.response.headers.get('retry-after')).toBe('2')
    expect(errorOf(throttled.body).code).toBe('TooManyRequests')
    expect(retried.status).toBe(200)
    expect(cloud.faults.pending()).toBe(0)
  })

  it('can answer 503 with an HTTP-date Retry-After, and 429 with none', async () => {
    const date = new Date(Date.now() + 3000).toUTCString()
    cloud.faults.inject({ match: '/policies/authorizationPolicy', fault: { status: 503, retryAfter: date } })
    cloud.faults.inject({ match: '/identity/conditionalAccess/namedLocations', fault: { status: 429 } })

    const outage = await graph('/policies/authorizationPolicy')
    const throttled = await graph('/identity/conditionalAccess/namedLocations')

    expect([outage.status, outage.headers.get('retry-after')]).toEqual([503, date])
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, null])
  })

  it('resets the connection', async () => {
    cloud.faults.inject({ match: '/policies/authorizationPolicy', fault: { kind: 'reset' } })

    await expect(graph('/policies/authorizationPolicy')).rejects.toThrow('fetch failed')
    expect((await graph('/policies/authorizationPolicy')).status).toBe(200)
  })

  it('hangs until the client gives up', async () => {
    cloud.faults.inject({ match: '/admin/sharepoint/settings', fault: { kind: 'hang' } })

    await expect(
      graph('/admin/sharepoint/settings', { signal: AbortSignal.timeout(200) })
    ).rejects.toMatchObject({
      name: 'TimeoutError'
    })
    expect((await graph('/admin/sharepoint/settings')).status).toBe(200)
  })

  it('answers HTML while claiming JSON', async () => {
    cloud.faults.inject({ match: '/policies/crossTenantAccessPolicy', fault: { kind: 'notJson' } })

    const response = await graph('/policies/crossTenantAccessPolicy')

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    // Jest runs tests in another realm, so match the error by name rather than by class.
    await expect(response.json()).rejects.toMatchObject({ name: 'SyntaxError' })
  })

  it('fails page 3 of a paged collection via skip', async () => {
    withTenant((tenant) => {
      tenant.pageSizes = { partners: 1 }
    })
    cloud.faults.inject({
      match: '/policies/crossTenantAccessPolicy/partners',
      skip: 2,
      fault: { status: 503 }
    })

    const page1 = await graphJson('/policies/crossTenantAccessPolicy/partners')
    const page2 = await graphJson(String(page1.body['@odata.nextLink']))
    const page3 = await graph(String(page2.body['@odata.nextLink']))

    expect([page1.status, page2.status, page3.status]).toEqual([200, 200, 503])
    expect(cloud.graphRequests()[2]?.path).toContain('$skiptoken=')
  })

  it('answers a $count with the given text, and a 401 as an expired token', async () => {
    cloud.faults.inject({ match: '/users/$count', fault: { kind: 'countText', text: '\uFEFF25\r\n' } })
    cloud.faults.inject({ match: '/users', fault: { status: 401 } })

    const count = await graph("/users/$count?$filter=userType eq 'Guest'", {
      headers: { ConsistencyLevel: 'eventual' }
    })
    const expired = await graphJson('/users')

    // Response.text() would strip the BOM; read the bytes as sent.
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await count.arrayBuffer())).toBe(
      '\uFEFF25\r\n'
    )
    expect([expired.status, errorOf(expired.body).code]).toEqual([401, 'InvalidAuthenticationToken'])
  })

  it('takes a whole batch down when a connection fault matches one of its items', async () => {
    cloud.faults.inject({ match: /^\/users\?/, fault: { kind: 'reset' } })
    const requests = [
      { id: '1', method: 'GET', url: '/policies/authorizationPolicy' },
      { id: '2', method: 'GET', url: '/users?$top=1' }
    ]

    await expect(graph('/$batch', { method: 'POST', body: JSON.stringify({ requests }) })).rejects.toThrow(
      'fetch failed'
    )
  })
})

describe('request log', () => {
  it('records decoded paths, expands batch items and counts Graph traffic by path', async () => {
    await requestToken({ client_secret: cloud.clientSecret })
    await graph("/users?$filter=userType eq 'Guest'&$top=1")
    await graph('/$batch', {
      method: 'POST',
      body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: '/users?$top=1' },
          { id: '2', method: 'GET', url: '/policies/authorizationPolicy' }
        ]
      })
    })

    const batchIndex = cloud.requests.findIndex((recorded) => recorded.path === '/v1.0/$batch')

    expect(cloud.requests[0]).toMatchObject({
      method: 'POST',
      path: `/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`
    })
    expect(cloud.requests[1]?.path).toBe("/v1.0/users?$filter=userType eq 'Guest'&$top=1")
    expect(
      cloud.requests.filter((recorded) => recorded.batchId === batchIndex).map((recorded) => recorded.path)
    ).toEqual(['/v1.0/users?$top=1', '/v1.0/policies/authorizationPolicy'])
    expect(cloud.graphRequests()).toHaveLength(3)
    expect(cloud.countByPath()).toEqual({ '/v1.0/users': 2, '/v1.0/policies/authorizationPolicy': 1 })
  })
})

describe('directory audits', () => {
  it("refuses 'or' in $filter, which the list API does not document", async () => {
    const since = new Date(NOW.getTime() - 7 * DAY_MS).toISOString()
    const filter = `activityDateTime ge ${since} and (category eq 'Policy' or category eq 'CrossTenantAccessSettings')`

    const { status, body } = await graphJson(
      `/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`
    )

    expect(status).toBe(400)
    expect(body).toMatchObject({ error: { code: 'Request_UnsupportedQuery' } })
  })

  it('filters by activityDateTime and category, newest first, in the directoryAudit shape', async () => {
    const since = new Date(NOW.getTime() - 7 * DAY_MS).toISOString()
    const filter = `activityDateTime ge ${since} and category eq 'CrossTenantAccessSettings'`

    const { status, body } = await graphJson(
      `/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`
    )
    const audits = body['value'] as Json[]

    expect(status).toBe(200)
    expect(body['@odata.context']).toBe(`${cloud.url}/v1.0/$metadata#auditLogs/directoryAudits`)
    expect(audits.map((audit) => audit['activityDisplayName'])).toEqual([
      'Update a partner cross-tenant access setting'
    ])
    expect(audits[0]).toMatchObject({
      initiatedBy: { user: expect.any(Object) },
      targetResources: expect.any(Array)
    })
  })
})

describe('latency', () => {
  it('delays every answer by latencyMs: each answer is sent only once its delay is over', async () => {
    // Given a fake with 150 ms of latency, whose waits are written down as they start and end
    const events: string[] = []
    const slow = await startFakeCloud({
      tenant: contosoTenant({ now: NOW }),
      latencyMs: 150,
      delay: async (ms) => {
        events.push(`wait ${ms} ms`)
        await new Promise((resolve) => setImmediate(resolve))
        events.push('waited')
      }
    })
    try {
      // When two requests are answered
      for (const path of ['v2.0/.well-known/openid-configuration', 'oauth2/v2.0/authorize']) {
        await fetch(`${slow.url}/${CONTOSO_TENANT_ID}/${path}`)
        events.push('answered')
      }

      // Then each answer came after a wait of 150 ms
      expect(events).toEqual(['wait 150 ms', 'waited', 'answered', 'wait 150 ms', 'waited', 'answered'])
    } finally {
      await slow.close()
    }
  })
})

describe('tenant builders', () => {
  it('builds Contoso as documented: 42 users, 25 guests, 2 external members, 4 pending, 6 stale of which 2 never signed in', () => {
    const users = usersOf(contosoTenant({ now: NOW }).users)
    const guests = users.filter((user) => user.userType === 'Guest')
    const lastSignIn = (user: SimulatedUser): number | undefined =>
      user.signInActivity?.lastSuccessfulSignInDateTime === undefined
        ? undefined
        : Date.parse(user.signInActivity.lastSuccessfulSignInDateTime)
    const threshold = Date.parse(STALE_BEFORE)
    const neverSignedIn = guests.filter((guest) => lastSignIn(guest) === undefined)
    const stale = guests.filter((guest) => {
      const last = lastSignIn(guest)
      return last === undefined
        ? guest.createdDateTime === null || Date.parse(guest.createdDateTime) < threshold
        : last < threshold
    })

    const externalMembers = users.filter(
      (user) => user.userType === 'Member' && user.userPrincipalName.includes('#EXT#')
    )

    expect(users).toHaveLength(42)
    expect(guests).toHaveLength(25)
    // Synchronized from Fabrikam: homed there, members here, with an invitation state and creationType.
    expect(externalMembers.map((user) => [user.mail, user.externalUserState, user.creationType])).toEqual([
      expect.arrayContaining([expect.stringMatching(/@fabrikam\.example$/), 'Accepted', 'Invitation']),
      expect.arrayContaining([expect.stringMatching(/@fabrikam\.example$/), 'Accepted', 'Invitation'])
    ])
    expect(guests.filter((guest) => guest.externalUserState === 'PendingAcceptance')).toHaveLength(4)
    expect(stale).toHaveLength(6)
    expect(stale.filter((guest) => neverSignedIn.includes(guest))).toHaveLength(2)
  })

  it('generates the same users from the same seed, with exact band sizes', () => {
    const options = {
      guests: 1000,
      members: 200,
      staleRatio: 0.3,
      pendingRatio: 0.1,
      neverSignedInRatio: 0.05,
      seed: 7,
      now: NOW
    }

    const first = usersOf(generatedUsers(options))
    const again = usersOf(generatedUsers(options))
    const guests = first.filter((user) => user.userType === 'Guest')

    expect(again).toEqual(first)
    expect(new Set(first.map((user) => user.id)).size).toBe(1200)
    expect(guests).toHaveLength(1000)
    expect(guests.filter((guest) => guest.externalUserState === 'PendingAcceptance')).toHaveLength(
      guestBands(options).pending
    )
    expect(guests.filter((guest) => guest.signInActivity === undefined)).toHaveLength(100 + 50)
    expect(usersOf(generatedUsers({ ...options, seed: 8 }))[0]?.id).not.toBe(first[0]?.id)
  })

  it('builds the benchmark tenant lazily: 1,000 partners, ~half synced, 195 CA policies, 250,000 guests', () => {
    const tenant = largeTenant({ seed: 1, now: NOW })

    expect(tenant.partners).toHaveLength(1000)
    expect(Object.keys(tenant.identitySynchronization).length).toBeGreaterThan(400)
    expect(Object.keys(tenant.identitySynchronization).length).toBeLessThan(600)
    expect(tenant.conditionalAccessPolicies).toHaveLength(195)
    expect(tenant.users.size).toBe(275_000)
    expect(tenant.users.at(274_999)).toEqual(largeTenant({ seed: 1, now: NOW }).users.at(274_999))
  })

  it('clones a tenant deeply, sharing only the user set', () => {
    const original = contosoTenant({ now: NOW })
    const copy = cloneTenant(original)

    copy.partners.pop()
    copy.grantedPermissions.clear()
    ;(copy.default['inboundTrust'] as Json)['isMfaAccepted'] = true

    expect(original.partners).toHaveLength(3)
    expect(original.grantedPermissions.size).toBeGreaterThan(0)
    expect((original.default['inboundTrust'] as Json)['isMfaAccepted']).toBe(false)
    expect(copy.users).toBe(original.users)
  })
})
