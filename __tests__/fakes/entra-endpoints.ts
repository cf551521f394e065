/**
 * The slice of the Entra ID (v2.0) authority that MSAL / @azure/identity use for app-only tokens
 * with a custom authorityHost and disableInstanceDiscovery: OIDC discovery, instance discovery,
 * and the client-credentials token endpoint with secret, certificate or federated (GitHub OIDC)
 * client authentication. Errors follow AADSTS conventions.
 */
import { constants, createHash, randomBytes, randomUUID, verify, X509Certificate } from 'node:crypto'
import {
  ENTRA_FEDERATION_AUDIENCE,
  GITHUB_OIDC_ISSUER,
  GITHUB_OIDC_SUBJECT,
  type OidcIssuer
} from './github-oidc.ts'
import { jsonAnswer, type HttpAnswer } from './http-answer.ts'

const ACCESS_TOKEN_LIFETIME_SECONDS = 3599
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
/** Tolerated clock difference for assertion time claims. */
const CLOCK_SKEW_SECONDS = 300

export interface EntraSettings {
  baseUrl: string
  tenantId: () => string
  clientId: string
  clientSecret: string
  /** Public certificate registered on the app for certificate credentials. */
  certificatePem: string | undefined
  oidc: OidcIssuer
}

/** Access tokens issued so far; Graph accepts only these, until they expire or are revoked. */
export class AccessTokens {
  private readonly expiries = new Map<string, number>()

  issue(): string {
    const token = randomBytes(32).toString('base64url')
    this.expiries.set(token, Date.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000)
    return token
  }

  isValid(token: string): boolean {
    const expiry = this.expiries.get(token)
    return expiry !== undefined && expiry > Date.now()
  }

  revokeAll(): void {
    this.expiries.clear()
  }
}

interface AadFailure {
  status: 400 | 401
  error: string
  code: number
  description: string
}

function aadError(settings: EntraSettings, correlationId: string, failure: AadFailure): HttpAnswer {
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z')
  const traceId = randomUUID()
  return jsonAnswer(failure.status, {
    error: failure.error,
    error_description: `AADSTS${failure.code}: ${failure.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${settings.baseUrl}/error?code=${failure.code}`
  })
}

function tenantNotFound(tenant: string): AadFailure {
  return {
    status: 400,
    error: 'invalid_tenant',
    code: 90002,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`
  }
}

function openIdConfiguration(baseUrl: string, tenantId: string): Record<string, unknown> {
  const authority = `${baseUrl}/${tenantId}`
  return {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    // MSAL checks that the issuer shares the authority's origin.
    issuer: `${authority}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'roles'],
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(baseUrl).host,
    cloud_graph_host_name: new URL(baseUrl).host,
    msgraph_host: new URL(baseUrl).host,
    rbac_url: baseUrl
  }
}

function instanceDiscovery(baseUrl: string, url: URL): Record<string, unknown> {
  const host = new URL(baseUrl).host
  return {
    tenant_discovery_endpoint: `${baseUrl}/{tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': url.searchParams.get('api-version') ?? '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }]
  }
}

function decodeSegment(segment: string | undefined): Record<string, unknown> | undefined {
  if (segment === undefined) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function invalidClient(code: number, description: string): AadFailure {
  return { status: 401, error: 'invalid_client', code, description }
}

function checkTimes(claims: Record<string, unknown>): AadFailure | undefined {
  const now = Math.floor(Date.now() / 1000)
  const exp = Number(claims['exp'])
  const nbf = claims['nbf'] === undefined ? now : Number(claims['nbf'])
  if (!(exp > now - CLOCK_SKEW_SECONDS) || !(nbf <= now + CLOCK_SKEW_SECONDS)) {
    return invalidClient(700024, 'Client assertion is not within its valid time range.')
  }
  return undefined
}

/** A GitHub Actions token presented through the app's federated credential. */
function checkFederatedAssertion(settings: EntraSettings, assertion: string): AadFailure | undefined {
  const verdict = settings.oidc.verify(assertion)
  if (!verdict.valid) return invalidClient(50027, 'JWT token is invalid or malformed.')
  const { claims } = verdict
  if (claims.iss !== GITHUB_OIDC_ISSUER) {
    return invalidClient(
      700211,
      `No matching federated identity record found for presented assertion issuer '${claims.iss}'.`
    )
  }
  if (claims.sub !== GITHUB_OIDC_SUBJECT) {
    return invalidClient(
      700213,
      `No matching federated identity record found for presented assertion subject '${claims.sub}'.`
    )
  }
  if (claims.aud !== ENTRA_FEDERATION_AUDIENCE) {
    return invalidClient(
      700212,
      `No matching federated identity record found for presented assertion audience '${claims.aud}'.`
    )
  }
  return checkTimes(claims)
}

function firstCertificate(pem: string): string | undefined {
  return /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0]
}

/** A JWT the app signed with its certificate's private key (RS256 or PS256, as MSAL sends). */
function checkCertificateAssertion(
  settings: EntraSettings,
  assertion: string,
  header: Record<string, unknown>
): AadFailure | undefined {
  const certificatePem =
    settings.certificatePem === undefined ? undefined : firstCertificate(settings.certificatePem)
  const notRegistered = invalidClient(
    700027,
    'The certificate with identifier used to sign the client assertion is not registered on application.'
  )
  if (certificatePem === undefined) return notRegistered
  const certificate = new X509Certificate(certificatePem)
  const sha256Thumbprint = header['x5t#S256']
  const sha1Thumbprint = header['x5t']
  if (
    (typeof sha256Thumbprint === 'string' &&
      sha256Thumbprint !== createHash('sha256').update(certificate.raw).digest('base64url')) ||
    (typeof sha1Thumbprint === 'string' &&
      sha1Thumbprint !== createHash('sha1').update(certificate.raw).digest('base64url'))
  ) {
    return notRegistered
  }
  const [encodedHeader = '', encodedClaims = '', encodedSignature = ''] = assertion.split('.')
  const key =
    header['alg'] === 'PS256'
      ? {
          key: certificate.publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST
        }
      : certificate.publicKey
  const signed = Buffer.from(`${encodedHeader}.${encodedClaims}`)
  if (!verify('sha256', signed, key, Buffer.from(encodedSignature, 'base64url'))) {
    return invalidClient(7000274, 'Client assertion failed signature validation.')
  }
  const claims = decodeSegment(encodedClaims) ?? {}
  if (claims['iss'] !== settings.clientId || claims['sub'] !== settings.clientId) {
    return invalidClient(
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter."
    )
  }
  const authority = `${settings.baseUrl}/${settings.tenantId()}`
  const audiences = [`${authority}/oauth2/v2.0/token`, `${authority}/v2.0`]
  if (!audiences.includes(String(claims['aud']))) {
    return invalidClient(
      700212,
      `Client assertion audience '${String(claims['aud'])}' is not the token endpoint.`
    )
  }
  return checkTimes(claims)
}

function checkClientAuthentication(settings: EntraSettings, form: URLSearchParams): AadFailure | undefined {
  const secret = form.get('client_secret')
  const assertion = form.get('client_assertion')
  if (secret !== null) {
    if (secret === settings.clientSecret) return undefined
    return invalidClient(
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${settings.clientId}'.`
    )
  }
  if (assertion === null) {
    return invalidClient(
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."
    )
  }
  if (form.get('client_assertion_type') !== JWT_BEARER) {
    return {
      status: 400,
      error: 'invalid_request',
      code: 50027,
      description: `client_assertion_type must be '${JWT_BEARER}'.`
    }
  }
  const header = decodeSegment(assertion.split('.')[0])
  if (header === undefined) return invalidClient(50027, 'JWT token is invalid or malformed.')
  if (header['alg'] === 'HS256') return checkFederatedAssertion(settings, assertion)
  if (header['alg'] === 'RS256' || header['alg'] === 'PS256') {
    return checkCertificateAssertion(settings, assertion, header)
  }
  return invalidClient(
    5002738,
    `The assertion signing algorithm '${String(header['alg'])}' is not supported.`
  )
}

function checkScope(settings: EntraSettings, scope: string | null): AadFailure | undefined {
  if (scope === null || scope.trim() === '') {
    return {
      status: 400,
      error: 'invalid_request',
      code: 900144,
      description: "The request body must contain the following parameter: 'scope'."
    }
  }
  const resources = scope.trim().split(/\s+/)
  const resource = resources[0] ?? ''
  if (resources.length !== 1 || !resource.endsWith('/.default')) {
    return {
      status: 400,
      error: 'invalid_scope',
      code: 1002012,
      description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`
    }
  }
  if (resource !== `${settings.baseUrl}/.default`) {
    return {
      status: 400,
      error: 'invalid_resource',
      code: 500011,
      description: `The resource principal named ${resource.slice(0, -'/.default'.length)} was not found in the tenant named ${settings.tenantId()}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`
    }
  }
  return undefined
}

function answerTokenRequest(
  settings: EntraSettings,
  tokens: AccessTokens,
  method: string,
  tenant: string,
  url: URL,
  body: string
): HttpAnswer {
  const form = new URLSearchParams(body)
  const correlationId =
    url.searchParams.get('client-request-id') ?? form.get('client-request-id') ?? randomUUID()
  const fail = (failure: AadFailure): HttpAnswer => aadError(settings, correlationId, failure)
  if (method !== 'POST') {
    return fail({
      status: 400,
      error: 'invalid_request',
      code: 900561,
      description: 'The endpoint only accepts POST requests.'
    })
  }
  if (tenant.toLowerCase() !== settings.tenantId().toLowerCase()) return fail(tenantNotFound(tenant))
  const grantType = form.get('grant_type')
  if (grantType !== 'client_credentials') {
    return fail({
      status: 400,
      error: 'unsupported_grant_type',
      code: 70003,
      description: `The app requested an unsupported grant type '${grantType ?? ''}'.`
    })
  }
  const clientId = form.get('client_id')
  if (clientId !== settings.clientId) {
    return fail({
      status: 400,
      error: 'unauthorized_client',
      code: 700016,
      description: `Application with identifier '${clientId ?? ''}' was not found in the directory '${settings.tenantId()}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`
    })
  }
  const failure = checkClientAuthentication(settings, form) ?? checkScope(settings, form.get('scope'))
  if (failure !== undefined) return fail(failure)
  return jsonAnswer(
    200,
    {
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      ext_expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      access_token: tokens.issue()
    },
    { Pragma: 'no-cache', 'client-request-id': correlationId }
  )
}

/** Answers an Entra authority request, or returns undefined when the path is not one. */
export function answerEntraRequest(
  settings: EntraSettings,
  tokens: AccessTokens,
  method: string,
  url: URL,
  body: string
): HttpAnswer | undefined {
  const path = url.pathname
  if (path === '/common/discovery/instance') return jsonAnswer(200, instanceDiscovery(settings.baseUrl, url))
  const match =
    /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/token)$/.exec(
      path
    )
  if (match === null) return undefined
  const tenant = decodeURIComponent(match[1] ?? '')
  const endpoint = match[2]
  if (endpoint === 'oauth2/v2.0/token') return answerTokenRequest(settings, tokens, method, tenant, url, body)
  if (tenant.toLowerCase() !== settings.tenantId().toLowerCase()) {
    return aadError(settings, randomUUID(), tenantNotFound(tenant))
  }
  if (endpoint === 'discovery/v2.0/keys') return jsonAnswer(200, { keys: [] })
  return jsonAnswer(200, openIdConfiguration(settings.baseUrl, settings.tenantId()))
}
