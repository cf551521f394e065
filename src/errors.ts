/** A problem the user can fix (an input, a file, a permission): its message says what, where and how. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError'
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
