/** Where a run reports progress: the Actions log in main.ts, the terminal in the CLI, a recording in tests. */
export interface Logger {
  info(message: string): void
  /** A notice annotation (`::notice::`) for what the user must act on in a run that succeeds; hosts without one print it as info. */
  notice?(message: string): void
  /** A warning annotation; placed on a file like `error` when `where` is given. */
  warning(message: string, where?: { file: string; line?: number; column?: number }): void
  /** An error annotation; `file`/`line`/`column` place it on a file in the pull request view. */
  error(message: string, where?: { file: string; line?: number; column?: number }): void
  group<T>(title: string, work: () => Promise<T>): Promise<T>
  /** Detail for debugging (`::debug::`, shown when the runner's debug logging is on); hosts may drop it. */
  debug?(message: string): void
}

/**
 * The part of a Logger that the GitHub adapters and the publishers use: plain lines, no annotations
 * or groups. Any Logger is one, and so is a recording fake.
 */
export type LineLog = Pick<Logger, 'info' | 'warning' | 'debug'>

/** `message` as a notice where the host has one, else as an info line. */
export function notify(log: Logger, message: string): void {
  if (log.notice) log.notice(message)
  else log.info(message)
}
