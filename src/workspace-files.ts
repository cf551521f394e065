import { glob } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { compareText } from './core/canonical.js'

/** Files (not folders) under `cwd` matching the glob, as `/`-separated paths relative to `cwd`, sorted. */
export async function listWorkspaceFiles(pattern: string, cwd: string): Promise<string[]> {
  const files: string[] = []
  for await (const entry of glob(pattern, { cwd, withFileTypes: true })) {
    if (entry.isFile()) files.push(relative(cwd, join(entry.parentPath, entry.name)).split(sep).join('/'))
  }
  return files.sort(compareText)
}
