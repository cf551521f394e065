import { constants } from 'node:fs'
import { glob, open, realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { compareText } from '../core/model/canonical.js'
import { plain } from '../core/render/inert.js'

/**
 * A file version as a check reads it: its text, nothing there, or refused (a symbolic link, a
 * folder, a path that leaves the repository) with the sentence that says so.
 */
export type FileVersion =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly problem: string }

/** What a refused baseline tells its author to do. */
export const REGULAR_FILE_FIX =
  'Commit the baseline itself as a regular JSON file: replace the link with a copy of the file it points to.'

/**
 * Regular files (not folders, not links) under `cwd` matching the glob, as `/`-separated paths
 * relative to `cwd`, sorted. A file reached through a symbolically linked folder is left out:
 * `**` does not follow links, but a literal folder name in the glob would.
 */
export async function listWorkspaceFiles(pattern: string, cwd: string): Promise<string[]> {
  const root = await realpath(cwd)
  const files: string[] = []
  for await (const entry of glob(pattern, { cwd, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const inside = relative(cwd, path)
    if ((await realpath(path)) !== join(root, inside)) continue
    files.push(inside.split(sep).join('/'))
  }
  return files.sort(compareText)
}

/**
 * A repository file from the checkout, only if it is what its name claims: a regular file inside
 * the workspace, reached through no symbolic link. A pull request can commit a link to another
 * tenant's baseline or to /etc/passwd; following it would copy that file into the comment.
 */
export async function readWorkspaceFile(workspace: string, path: string): Promise<FileVersion> {
  const named = plain(path, 200)
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    return { kind: 'refused', problem: `'${named}' is not a path inside the repository` }
  }
  const full = join(workspace, path)
  let handle
  try {
    // O_NOFOLLOW: a link in the last component fails the open itself (ELOOP), with no window
    // between a check and the read; O_NONBLOCK: a FIFO cannot hold the run until it is refused.
    handle = await open(full, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { kind: 'missing' }
    if (code === 'ELOOP' || code === 'EMLINK') return symbolicLink(named)
    if (code === 'EISDIR') return notRegular(named)
    throw error
  }
  try {
    if (!(await handle.stat()).isFile()) return notRegular(named)
    const [root, actual] = await Promise.all([realpath(workspace), realpath(full)])
    if (actual !== join(root, relative(workspace, full))) {
      return {
        kind: 'refused',
        problem: `'${named}' is reached through a symbolic link to a folder; baselines must be regular files inside the repository`
      }
    }
    return { kind: 'text', text: await handle.readFile('utf8') }
  } finally {
    await handle.close()
  }
}

export function symbolicLink(named: string): FileVersion {
  return { kind: 'refused', problem: `'${named}' is a symbolic link; baselines must be regular files` }
}

function notRegular(named: string): FileVersion {
  return { kind: 'refused', problem: `'${named}' is not a regular file; baselines must be regular files` }
}
