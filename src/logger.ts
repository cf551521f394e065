/** Where a run reports progress: the Actions log in main.ts, the terminal in the CLI, a recording in tests. */
export interface Logger {
  info(message: string): void
  /** A warning annotation; placed on a file like `error` when `where` is given. */
  warning(message: string, where?: { file: string; line?: number; column?: number }): void
  /** An error annotation; `file`/`line`/`column` place it on a file in the pull request view. */
  error(message: string, where?: { file: string; line?: number; column?: number }): void
  group<T>(title: string, work: () => Promise<T>): Promise<T>
}
