import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { runListTenants } from '../../src/modes/list-tenants.js'
import { readTextFile } from '../../src/runtime/local-files.js'
import { listWorkspaceFiles } from '../../src/runtime/workspace-files.js'
import { recordingLogger } from '../support/check-harness.ts'
import { fullSnapshot, TENANT_ID } from '../support/snapshot-builder.js'

const OURS = TENANT_ID
const OUTSIDE = '0be70000-0000-4000-8000-00000000000e'
const baselineOf = (tenantId: string) => serializeSnapshot(fullSnapshot()).replaceAll(TENANT_ID, tenantId)

let root: string
let workspace: string

beforeAll(async () => {
  // Given a checkout with one real baseline, a link to a baseline outside it, a link to
  // /etc/passwd, and a folder that is a link to a folder of baselines outside it
  root = await mkdtemp(join(tmpdir(), 'workspace-links-'))
  workspace = join(root, 'workspace')
  await mkdir(join(workspace, 'baselines'), { recursive: true })
  await mkdir(join(root, 'outside', 'baselines'), { recursive: true })
  await writeFile(join(workspace, 'baselines', `${OURS}.json`), baselineOf(OURS))
  await writeFile(join(root, 'outside', 'baselines', `${OUTSIDE}.json`), baselineOf(OUTSIDE))
  await symlink(
    join(root, 'outside', 'baselines', `${OUTSIDE}.json`),
    join(workspace, 'baselines', `${OUTSIDE}.json`)
  )
  await symlink('/etc/passwd', join(workspace, 'baselines', 'passwd.json'))
  await symlink(join(root, 'outside', 'baselines'), join(workspace, 'tenants'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('listing baselines in the workspace', () => {
  it('lists regular files only, never a link', async () => {
    await expect(listWorkspaceFiles('baselines/*.json', workspace)).resolves.toEqual([
      `baselines/${OURS}.json`
    ])
  })

  it('does not follow a linked folder, even one the glob names', async () => {
    await expect(listWorkspaceFiles('tenants/*.json', workspace)).resolves.toEqual([])
    await expect(listWorkspaceFiles('**/*.json', workspace)).resolves.toEqual([`baselines/${OURS}.json`])
  })

  it('gives list-tenants only the tenant whose baseline is in the repository', async () => {
    const outcome = await runListTenants({
      pattern: '**/*.json',
      workspace,
      readFile: readTextFile,
      listFiles: listWorkspaceFiles,
      writeSummary: async () => undefined,
      log: recordingLogger()
    })
    expect(JSON.parse(outcome.outputs.tenants ?? '[]')).toEqual([
      expect.objectContaining({ tenantId: OURS, baseline: `baselines/${OURS}.json` })
    ])
  })
})
