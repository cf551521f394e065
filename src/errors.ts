// How a run fails. Every failure takes exactly one of these paths:
//
// 1. A user error (an input, a file, a permission, a token the user can fix) is thrown as a
//    ConfigurationError with one message that says what, where and how to fix it. main.ts prints
//    it as is; the CLI exits with the usage code.
// 2. A section of the tenant that is optional and unavailable (a missing licence or permission
//    for it) is reported (a log line, "not compared" in the report) and the run continues.
// 3. A run that got far enough to have outputs or a report (drift at fail-on, an incomplete read,
//    publishing that failed in part, an invalid baseline annotated on its file) sets them and
//    returns ModeOutcome.failure: the step fails with every reason after the outputs are set.
//    A missing or invalid baseline in detect takes this path too: it is annotated on the file, and
//    the CLI tells it apart by the outputs it leaves unset.
// 4. Anything else thrown is a bug or an outage: main.ts reports it as "failed unexpectedly"
//    with the error's message, and its stack in the debug log. Adapters never swallow errors to
//    avoid this path.

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
