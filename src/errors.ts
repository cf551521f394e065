/** A problem the user can fix (an input, a file, a permission): its message says what, where and how. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError'
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/** The HTTP status an API client's error carries (Octokit's RequestError and the like); undefined when it carries none. */
export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined
}
