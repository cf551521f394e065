import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { listWorkspaceFiles, readWorkspaceFile, type FileVersion } from './workspace-files.js'

/** The files a run reads and writes on the machine it runs on; the entry points pass `localFiles`. */
export interface LocalFiles {
  /** The file's text; undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>
  /**
   * Writes the whole file, creating its folder; a failure never leaves a half-written file behind.
   * Text in pieces is written as it comes, never held whole (a large report).
   */
  writeFile(path: string, text: string | Iterable<string>): Promise<void>
  /** Files under `cwd` matching `pattern`, `/`-separated and relative to `cwd` (listWorkspaceFiles). */
  listFiles(pattern: string, cwd: string): Promise<string[]>
  /** A file of the checkout, only when it is a regular file inside `workspace` (readWorkspaceFile). */
  readWorkspaceFile(workspace: string, path: string): Promise<FileVersion>
}

export const localFiles: LocalFiles = {
  readFile: readTextFile,
  writeFile: writeFileAtomically,
  listFiles: listWorkspaceFiles,
  readWorkspaceFile
}

export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Write to a temporary file and rename, so a failure never leaves a half-written file behind. */
async function writeFileAtomically(path: string, text: string | Iterable<string>): Promise<void> {
  await mkdir(dirname(path) || '.', { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, typeof text === 'string' ? text : batches(text), 'utf8')
  await rename(temporary, path)
}

/** Pieces joined into writes of about 64 KiB: one write per piece would make thousands of small ones. */
function* batches(pieces: Iterable<string>): Generator<string> {
  let batch = ''
  for (const piece of pieces) {
    batch += piece
    if (batch.length >= 65_536) {
      yield batch
      batch = ''
    }
  }
  if (batch.length > 0) yield batch
}
