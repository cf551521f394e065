import { isJsonObject, type JsonObject } from '../core/model/json.js'

const SIGN_IN_PROPERTIES = [
  'lastSignInDateTime',
  'lastNonInteractiveSignInDateTime',
  'lastSuccessfulSignInDateTime'
]

/**
 * The user's most recent sign-in of any kind, in ms. Graph writes "0001-01-01T00:00:00Z" (and "")
 * for "never", and leaves signInActivity out for users who never signed in.
 */
export function lastSignIn(user: JsonObject): number | undefined {
  const activity = user.signInActivity
  if (!isJsonObject(activity)) return undefined
  let latest: number | undefined
  for (const property of SIGN_IN_PROPERTIES) {
    const value = activity[property]
    if (typeof value !== 'string' || value === '' || value.startsWith('0001-01-01')) continue
    const time = Date.parse(value)
    if (!Number.isNaN(time) && (latest === undefined || time > latest)) latest = time
  }
  return latest
}

/**
 * Stale: no sign-in since the cutoff. A guest who never signed in counts once the invitation
 * itself is older than the cutoff (a guest invited yesterday is not stale).
 */
export function isStale(user: JsonObject, cutoffMs: number): boolean {
  const signedIn = lastSignIn(user)
  if (signedIn !== undefined) return signedIn < cutoffMs
  const created = typeof user.createdDateTime === 'string' ? Date.parse(user.createdDateTime) : Number.NaN
  return Number.isNaN(created) || created < cutoffMs
}

/**
 * What a stale-guest figure counted with `isStale` means, in words that go into the snapshot and
 * the report with the figure, so that nobody has to guess whether never-signed-in guests are in it.
 */
export function staleGuestDefinition(days: number): string {
  const span = days === 1 ? '1 day' : `${days} days`
  return `guests with no sign-in (interactive, non-interactive or successful) for ${span}; guests who never signed in are included once their account is older than ${span}`
}
