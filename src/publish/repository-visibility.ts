/** The `redact` input: 'auto' redacts unless the repository is known to be private. */
export type RedactInput = 'auto' | 'true' | 'false'

/** What GitHub says about a repository (the event payload's `repository`, or GET /repos/{owner}/{repo}). */
export interface RepositoryVisibility {
  readonly private?: boolean | undefined
  /** 'public', 'private' or 'internal' (GitHub Enterprise). */
  readonly visibility?: string | undefined
}

/**
 * Whether published text must be redacted. With 'auto', only a private repository gets identifiers
 * in clear: an internal repository is readable by everyone in the enterprise, a public one by
 * everyone, and an unknown visibility is treated as public (failing closed).
 *
 * `readRepository` is called only when the event payload does not say (schedule events carry no
 * repository object on some GHES versions, and CLI runs have no payload at all).
 */
export async function shouldRedact(
  input: RedactInput,
  payloadRepository: RepositoryVisibility | undefined,
  readRepository: () => Promise<RepositoryVisibility>
): Promise<boolean> {
  if (input === 'true') return true
  if (input === 'false') return false
  const repository = isKnown(payloadRepository) ? payloadRepository : await readRepository()
  return !isPrivate(repository)
}

function isKnown(repository: RepositoryVisibility | undefined): repository is RepositoryVisibility {
  return repository !== undefined && (repository.visibility !== undefined || repository.private !== undefined)
}

function isPrivate(repository: RepositoryVisibility): boolean {
  if (repository.visibility !== undefined) return repository.visibility === 'private'
  return repository.private === true
}
