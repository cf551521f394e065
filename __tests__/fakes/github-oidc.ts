/**
 * The GitHub Actions OIDC token endpoint (what `core.getIDToken(audience)` calls through
 * ACTIONS_ID_TOKEN_REQUEST_URL) and the tokens it issues: HS256 JWTs with GitHub's claims, signed
 * with a key only this fake holds, so the fake Entra endpoint can tell its own tokens from forgeries.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { jsonAnswer, type HttpAnswer } from './http-answer.ts'

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'
export const GITHUB_OIDC_SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main'
/** The audience an Entra federated credential expects by default. */
export const ENTRA_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange'
const LIFETIME_SECONDS = 600

export type OidcClaims = Record<string, unknown> & {
  iss: string
  sub: string
  aud: string
  exp: number
  nbf: number
}

export type OidcVerdict =
  { valid: true; claims: OidcClaims } | { valid: false; reason: 'signature' | 'malformed' }

export interface OidcIssuer {
  /** The bearer token the runner hands out as ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string
  mint(audience: string): string
  /** Checks the signature; claim checks are the relying party's business. */
  verify(jwt: string): OidcVerdict
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function decodeJsonSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
}

export function createOidcIssuer(requestToken: string): OidcIssuer {
  const signingKey = randomBytes(32)
  const sign = (data: string): Buffer => createHmac('sha256', signingKey).update(data).digest()

  return {
    requestToken,
    mint(audience: string): string {
      const now = Math.floor(Date.now() / 1000)
      const header = { typ: 'JWT', alg: 'HS256', kid: 'entra-b2b-drift-fake' }
      const claims = {
        jti: randomUUID(),
        sub: GITHUB_OIDC_SUBJECT,
        aud: audience,
        ref: 'refs/heads/main',
        sha: '8d2f9a6c41b07e35d9c2a1f0e4b6d8c3a5f7e9b1',
        repository: 'octo-org/octo-repo',
        repository_owner: 'octo-org',
        repository_visibility: 'private',
        run_id: '1234567890',
        run_number: '42',
        run_attempt: '1',
        actor: 'octocat',
        workflow: 'drift',
        event_name: 'schedule',
        ref_type: 'branch',
        ref_protected: 'true',
        job_workflow_ref: 'octo-org/octo-repo/.github/workflows/drift.yml@refs/heads/main',
        runner_environment: 'github-hosted',
        iss: GITHUB_OIDC_ISSUER,
        nbf: now - 5,
        iat: now,
        exp: now + LIFETIME_SECONDS
      }
      const unsigned = `${base64UrlJson(header)}.${base64UrlJson(claims)}`
      return `${unsigned}.${sign(unsigned).toString('base64url')}`
    },
    verify(jwt: string): OidcVerdict {
      const [header, payload, signature, ...rest] = jwt.split('.')
      if (header === undefined || payload === undefined || signature === undefined || rest.length > 0) {
        return { valid: false, reason: 'malformed' }
      }
      const expected = sign(`${header}.${payload}`)
      const actual = Buffer.from(signature, 'base64url')
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
        return { valid: false, reason: 'signature' }
      }
      try {
        return { valid: true, claims: decodeJsonSegment(payload) as OidcClaims }
      } catch {
        return { valid: false, reason: 'malformed' }
      }
    }
  }
}

/** GET /oidc/token?api-version=2.0&audience=… with the runner's bearer token. */
export function answerOidcTokenRequest(
  issuer: OidcIssuer,
  method: string,
  url: URL,
  authorization: string | undefined
): HttpAnswer {
  if (method !== 'GET') return jsonAnswer(405, { message: 'Method not allowed.' })
  if (authorization !== `Bearer ${issuer.requestToken}`) {
    return jsonAnswer(401, { message: 'The request token is missing or invalid.' })
  }
  // Without an audience GitHub uses the repository owner's URL.
  const audience = url.searchParams.get('audience') ?? 'https://github.com/octo-org'
  return jsonAnswer(200, { value: issuer.mint(audience) })
}
