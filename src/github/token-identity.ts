import type { GitHubClient } from './octokit.js'

/**
 * Who the token in use is: the author of every comment and issue the bot may edit or close.
 * Anything carrying our marker but written by someone else is a look-alike and is left alone.
 */
export interface BotIdentity {
  /** As GitHub answered it, e.g. `github-actions[bot]`. */
  readonly login: string
  /** How it was learnt, for the log. */
  readonly source: 'graphql-viewer' | 'rest-user' | 'runner-token'
}

/** Which account the token is, or why that could not be told. */
export type IdentityAnswer = { ok: true; identity: BotIdentity } | { ok: false; error: string }

/** The token-account port: asked once per run who the token in use writes as. */
export interface TokenAccount {
  identify(): Promise<IdentityAnswer>
}

export class OctokitTokenAccount implements TokenAccount {
  readonly #octokit: GitHubClient

  constructor(octokit: GitHubClient) {
    this.#octokit = octokit
  }

  identify(): Promise<IdentityAnswer> {
    return resolveTokenIdentity(this.#octokit)
  }
}

/** The login the runner's GITHUB_TOKEN writes as. */
export const GITHUB_ACTIONS_LOGIN = 'github-actions[bot]'

/**
 * Asks GitHub once per run: GraphQL `viewer { login }` answers for every kind of token
 * (marocchino/sticky-pull-request-comment relies on it), REST `GET /user` for a person's token.
 * When neither answers and the token is an installation token (GITHUB_TOKEN is one), the runner's
 * bot is assumed. Otherwise the identity is unknown and the error says why.
 */
export async function resolveTokenIdentity(github: GitHubClient): Promise<IdentityAnswer> {
  const attempts: string[] = []
  try {
    const answer = await github.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }')
    const login = answer.viewer?.login
    if (typeof login === 'string' && login.length > 0) {
      return { ok: true, identity: { login, source: 'graphql-viewer' } }
    }
    attempts.push('GraphQL viewer: no login in the answer')
  } catch (error) {
    attempts.push(`GraphQL viewer: ${describeFailure(error)}`)
  }
  try {
    const { data } = await github.rest.users.getAuthenticated()
    if (typeof data.login === 'string' && data.login.length > 0) {
      return { ok: true, identity: { login: data.login, source: 'rest-user' } }
    }
    attempts.push('GET /user: no login in the answer')
  } catch (error) {
    attempts.push(`GET /user: ${describeFailure(error)}`)
  }
  if (await isInstallationToken(github)) {
    return { ok: true, identity: { login: GITHUB_ACTIONS_LOGIN, source: 'runner-token' } }
  }
  return {
    ok: false,
    error: `Could not tell which account the github-token belongs to (${attempts.join('; ')}), so no comment or issue can be recognised as the bot's own.`
  }
}

/**
 * Whether `author` is the bot. GraphQL shows a bot's login without the `[bot]` suffix, REST with
 * it; logins are case-insensitive.
 */
export function isAuthoredBy(author: string | undefined | null, identity: BotIdentity): boolean {
  if (author === undefined || author === null || author.length === 0) return false
  return comparableLogin(author) === comparableLogin(identity.login)
}

function comparableLogin(login: string): string {
  return login.toLowerCase().replace(/\[bot\]$/, '')
}

/** `@octokit/auth-token` classifies the token by its prefix: GITHUB_TOKEN is `ghs_…`, an installation token. */
async function isInstallationToken(github: GitHubClient): Promise<boolean> {
  try {
    const auth = (await github.auth()) as { tokenType?: unknown }
    return auth.tokenType === 'installation'
  } catch {
    return false
  }
}

function describeFailure(error: unknown): string {
  const status =
    typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
      ? `${error.status} `
      : ''
  const message = error instanceof Error ? error.message : String(error)
  return `${status}${message}`
}
