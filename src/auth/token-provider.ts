import type { AccessToken, TokenCredential } from '@azure/identity'
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client'

/**
 * Hands Graph requests a bearer token, and can start over with a fresh credential when Graph
 * rejects a token that the credential's own cache still believes valid (a 401 mid-run: revoked or
 * expired early). A new credential has an empty token cache, so the next request really acquires
 * a new token: "acquire once more".
 */
export class RenewableTokenProvider implements AuthenticationProvider {
  private credential: TokenCredential | undefined
  private cached: AccessToken | undefined
  private readonly createCredential: () => TokenCredential
  private readonly scope: string
  private readonly onToken: (token: string) => void

  constructor(createCredential: () => TokenCredential, scope: string, onToken: (token: string) => void) {
    this.createCredential = createCredential
    this.scope = scope
    this.onToken = onToken
  }

  async getAccessToken(): Promise<string> {
    // Renew five minutes early, as MSAL does, so that no request leaves with a token about to expire.
    if (this.cached !== undefined && this.cached.expiresOnTimestamp - Date.now() > 5 * 60_000) {
      return this.cached.token
    }
    this.credential ??= this.createCredential()
    const token = await this.credential.getToken(this.scope)
    if (token === null) throw new Error(`No access token was issued for ${this.scope}.`)
    this.onToken(token.token)
    this.cached = token
    return token.token
  }

  renew(): void {
    this.credential = undefined
    this.cached = undefined
  }
}
