import { posix } from 'node:path'
import { plain } from '../core/render/inert.js'
import type { FileCheck } from '../core/render/render-check.js'
import { ConfigurationError, statusOf } from '../errors.js'
import type { GitHubClient } from './octokit.js'
import {
  readWorkspaceFile as readLocalWorkspaceFile,
  symbolicLink,
  type FileVersion
} from '../runtime/workspace-files.js'

/** The pull request a `pull_request` event is about. */
export interface PullRequestRef {
  /** The base repository: where the pull request, its comments and its base branch live. */
  readonly owner: string
  readonly repo: string
  readonly number: number
  /** The base branch's commit the pull request is compared with. */
  readonly baseSha: string
  readonly headSha: string
}

/** A baseline file the pull request touches. */
export interface ChangedBaselineFile {
  readonly path: string
  readonly status: FileCheck['status']
  /** For a rename: the path in the base branch. */
  readonly previousPath?: string
}

/** The pull-request-files port: what a pull request changes, and the base branch's version of a file. */
export interface PullRequestFiles {
  /** The files of the pull request that match `glob`, sorted by path. */
  changedBaselineFiles(pull: PullRequestRef, glob: string): Promise<ChangedBaselineFile[]>
  /** A file's text in the base branch (see readBaseVersion). */
  baseVersion(pull: PullRequestRef, path: string): Promise<FileVersion>
}

export class OctokitPullRequestFiles implements PullRequestFiles {
  readonly #octokit: GitHubClient

  constructor(octokit: GitHubClient) {
    this.#octokit = octokit
  }

  changedBaselineFiles(pull: PullRequestRef, glob: string): Promise<ChangedBaselineFile[]> {
    return listChangedBaselineFiles(this.#octokit, pull, glob)
  }

  baseVersion(pull: PullRequestRef, path: string): Promise<FileVersion> {
    return readBaseVersion(this.#octokit, pull, path)
  }
}

/**
 * The pull request of this run, from the event payload (GITHUB_EVENT_PATH). Only `pull_request`
 * is accepted: with `pull_request_target` the workspace holds the base branch, not the proposal.
 */
export async function readPullRequestEvent(
  environment: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => Promise<string | undefined>
): Promise<PullRequestRef> {
  const eventName = environment.GITHUB_EVENT_NAME ?? ''
  if (eventName !== 'pull_request') {
    throw new ConfigurationError(
      `mode: check-baseline runs on pull_request events; this run was triggered by '${eventName || 'unknown'}'. Run it from a workflow with 'on: pull_request' (paths: baselines/**), and use mode: detect for schedules and pushes.`
    )
  }
  const eventPath = environment.GITHUB_EVENT_PATH ?? ''
  const text = eventPath === '' ? undefined : await readFile(eventPath)
  if (text === undefined) {
    throw new ConfigurationError(
      `The pull_request event payload is missing (GITHUB_EVENT_PATH='${eventPath}'); mode: check-baseline reads the pull request from it.`
    )
  }
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch {
    throw new ConfigurationError(`The event payload at '${eventPath}' is not JSON.`)
  }
  const pull = field(payload, 'pull_request')
  const fullName = field(field(payload, 'repository'), 'full_name')
  const number = field(pull, 'number') ?? field(payload, 'number')
  const baseSha = field(field(pull, 'base'), 'sha')
  const headSha = field(field(pull, 'head'), 'sha')
  const [owner, repo] = typeof fullName === 'string' ? fullName.split('/') : []
  if (
    owner === undefined ||
    repo === undefined ||
    typeof number !== 'number' ||
    typeof baseSha !== 'string' ||
    typeof headSha !== 'string'
  ) {
    throw new ConfigurationError(
      `The event payload at '${eventPath}' is not a pull_request event (repository.full_name, pull_request.number, base.sha and head.sha are needed).`
    )
  }
  return { owner, repo, number, baseSha, headSha }
}

/** The `baseline` input as a glob: `<tenant-id>` stands for any tenant. */
export function baselineGlob(baselineInput: string): string {
  return posix.normalize(baselineInput.replaceAll('<tenant-id>', '*')).replace(/^\.\//, '')
}

/** Glob match with `*`, `**` and `?` (node:path semantics: `*` stays within one directory). */
export function matchesBaselineGlob(path: string, glob: string): boolean {
  return posix.matchesGlob(path, glob)
}

/** The files of the pull request that match `glob` (GitHub lists at most 3000 files per pull request). */
export async function listChangedBaselineFiles(
  github: GitHubClient,
  pull: PullRequestRef,
  glob: string
): Promise<ChangedBaselineFile[]> {
  const files = await github.paginate(github.rest.pulls.listFiles, {
    owner: pull.owner,
    repo: pull.repo,
    pull_number: pull.number,
    per_page: 100
  })
  const changed: ChangedBaselineFile[] = []
  for (const file of files) {
    const matches = matchesBaselineGlob(file.filename, glob)
    const previous = file.previous_filename
    if (file.status === 'renamed' && previous !== undefined) {
      if (matches) changed.push({ path: file.filename, status: 'renamed', previousPath: previous })
      // Moved out of the baselines: for the baselines, that is a deletion.
      else if (matchesBaselineGlob(previous, glob)) changed.push({ path: previous, status: 'removed' })
      continue
    }
    if (!matches) continue
    const status =
      file.status === 'added' || file.status === 'copied'
        ? 'added'
        : file.status === 'removed'
          ? 'removed'
          : 'modified'
    changed.push({ path: file.filename, status })
  }
  return changed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/**
 * A file's text in the base branch: missing when the base does not have it (added by the pull
 * request), refused when it is not a regular file there. For a symbolic link whose target is a
 * file in the repository, the contents API answers with the target's content and path; for any
 * other link, with `"type": "symlink"`. Both are refused: neither is the file that was named.
 */
export async function readBaseVersion(
  github: GitHubClient,
  pull: PullRequestRef,
  path: string
): Promise<FileVersion> {
  const named = plain(path, 200)
  let data: unknown
  try {
    ;({ data } = await github.rest.repos.getContent({
      owner: pull.owner,
      repo: pull.repo,
      path,
      ref: pull.baseSha
    }))
  } catch (error) {
    if (statusOf(error) === 404) return { kind: 'missing' }
    throw error
  }
  const type = field(data, 'type')
  if (type === 'symlink' || (type === 'file' && field(data, 'path') !== path)) return symbolicLink(named)
  if (type !== 'file') {
    return {
      kind: 'refused',
      problem: `'${named}' in the base branch is not a file; baselines must be regular files`
    }
  }
  const content = field(data, 'content')
  if (field(data, 'encoding') === 'base64' && typeof content === 'string') {
    return { kind: 'text', text: Buffer.from(content, 'base64').toString('utf8') }
  }
  // Above 1 MB the contents API leaves the content out; the blob API still has it.
  const sha = field(data, 'sha')
  if (typeof sha !== 'string') throw new Error(`GitHub returned no content and no blob sha for '${named}'.`)
  const { data: blob } = await github.rest.git.getBlob({ owner: pull.owner, repo: pull.repo, file_sha: sha })
  return {
    kind: 'text',
    text: Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
  }
}

/**
 * A file's proposed text, from the workspace as actions/checkout leaves it for a pull_request
 * event (the merge of the head into the base: what the merge would commit). Only a regular file
 * inside the workspace is read; a missing one means the step has no checkout.
 */
export async function readHeadVersion(
  workspace: string,
  path: string,
  readWorkspaceFile: (workspace: string, path: string) => Promise<FileVersion> = readLocalWorkspaceFile
): Promise<Exclude<FileVersion, { kind: 'missing' }>> {
  const version = await readWorkspaceFile(workspace, path)
  if (version.kind === 'missing') {
    throw new ConfigurationError(
      `The pull request changes '${plain(path, 200)}', but the file is not in the workspace ${workspace}. Run actions/checkout before this step.`
    )
  }
  return version
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined
}
