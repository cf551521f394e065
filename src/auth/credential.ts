import {
  AzureCliCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  type TokenCredential
} from '@azure/identity'
import { ConfigurationError } from '../errors.js'
import type { Inputs } from '../inputs.js'

export interface CredentialEnvironment {
  /** The runner offers a GitHub OIDC token (the workflow has `permissions: id-token: write`). */
  readonly oidcAvailable: boolean
  readonly getIDToken: (audience: string) => Promise<string>
  readonly setSecret: (secret: string) => void
}

export type CredentialKind = 'oidc' | 'client-secret' | 'client-certificate' | 'azure-cli'

/** Which sign-in the inputs ask for; `auto` prefers a certificate, then a secret, then GitHub OIDC. */
export function chooseCredential(
  inputs: Inputs,
  env: Pick<CredentialEnvironment, 'oidcAvailable'>
): CredentialKind {
  if (inputs.auth !== 'auto') return inputs.auth
  if (inputs.clientCertificate !== undefined) return 'client-certificate'
  if (inputs.clientSecret !== undefined) return 'client-secret'
  if (env.oidcAvailable) return 'oidc'
  throw new ConfigurationError(
    'No credential to sign in to Microsoft Entra with. Use GitHub OIDC (give the workflow `permissions: id-token: write` and add a federated credential to the app registration), or set client-secret, client-certificate, or auth: azure-cli after azure/login.'
  )
}

/**
 * A factory rather than one credential: the Graph layer asks for a fresh one (with an empty token
 * cache) when Graph rejects a token mid-run.
 */
export function credentialFactory(
  inputs: Inputs,
  tenantId: string,
  env: CredentialEnvironment
): () => TokenCredential {
  const kind = chooseCredential(inputs, env)
  const options = {
    authorityHost: inputs.authorityHost,
    // MSAL cannot discover an authority it does not know (a sovereign or test endpoint).
    disableInstanceDiscovery: inputs.customAuthority
  }
  const clientId = inputs.clientId ?? ''
  switch (kind) {
    case 'client-secret': {
      const secret = inputs.clientSecret
      if (secret === undefined)
        throw new ConfigurationError("auth: client-secret needs the input 'client-secret'.")
      return () => new ClientSecretCredential(tenantId, clientId, secret, options)
    }
    case 'client-certificate': {
      const pem = inputs.clientCertificate
      if (
        pem === undefined ||
        !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) ||
        !pem.includes('-----BEGIN CERTIFICATE-----')
      ) {
        throw new ConfigurationError(
          "Input 'client-certificate' must be PEM text holding both the certificate and its private key (-----BEGIN CERTIFICATE----- and -----BEGIN PRIVATE KEY-----)."
        )
      }
      return () => new ClientCertificateCredential(tenantId, clientId, { certificate: pem }, options)
    }
    case 'oidc': {
      if (!env.oidcAvailable) {
        throw new ConfigurationError(
          'auth: oidc needs a GitHub OIDC token: give the workflow `permissions: id-token: write`.'
        )
      }
      const assertion = async (): Promise<string> => {
        const token = await env.getIDToken(inputs.oidcAudience)
        env.setSecret(token)
        return token
      }
      return () => new ClientAssertionCredential(tenantId, clientId, assertion, options)
    }
    case 'azure-cli':
      return () => new AzureCliCredential(/^[0-9a-f-]{36}$/i.test(tenantId) ? { tenantId } : {})
  }
}

/** The `tid` claim of a JWT access token: the tenant GUID when the input named a domain. */
export function tenantIdFromToken(token: string): string | undefined {
  const payload = token.split('.')[1]
  if (payload === undefined) return undefined
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: unknown }
    return typeof claims.tid === 'string' ? claims.tid.toLowerCase() : undefined
  } catch {
    return undefined
  }
}
