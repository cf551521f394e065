/** Where a run reports progress: the Actions log in main.ts, the terminal in the CLI, a recording in tests. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  /** An error annotation; `file`/`line`/`column` place it on a file in the pull request view. */
  error(message: string, where?: { file: string; line?: number; column?: number }): void
  group<T>(title: string, work: () => Promise<T>): Promise<T>
}
