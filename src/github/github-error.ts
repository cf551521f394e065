import { statusOf } from '../errors.js'

/**
 * `403 Resource not accessible by integration`: the status and GitHub's own message, without the
 * documentation link Octokit appends (or the error's message when GitHub did not answer).
 */
export function describeGitHubError(error: unknown): string {
  const status = statusOf(error)
  const data =
    typeof error === 'object' && error !== null && 'response' in error
      ? (error as { response?: { data?: unknown } }).response?.data
      : undefined
  const answered =
    typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string'
      ? data.message
      : undefined
  const message = answered ?? (error instanceof Error ? error.message : String(error))
  return status === undefined ? message : `${status} ${message}`
}

/** A 404 becomes undefined; any other failure is thrown on. */
export async function orNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw error
  }
}
