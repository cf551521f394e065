import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { runListTenants } from '../../src/modes/list-tenants.js'
import { readTextFile } from '../../src/runtime/local-files.js'
import { listWorkspaceFiles } from '../../src/runtime/workspace-files.js'
import { recordingLogger } from '../support/check-harness.ts'
import { fullSnapshot, TENANT_ID } from '../support/snapshot-builder.js'

let workspace: string

beforeAll(async () => {
  // Given a checkout whose baselines folder also holds the partner policy
  workspace = await mkdtemp(join(tmpdir(), 'list-tenants-policy-'))
  await mkdir(join(workspace, 'baselines'), { recursive: true })
  await writeFile(join(workspace, 'baselines', `${TENANT_ID}.json`), serializeSnapshot(fullSnapshot()))
  await writeFile(
    join(workspace, 'baselines', 'partner-tiers.json'),
    await readFile('examples/partner-tiers.json', 'utf8')
  )
})

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true })
})

describe('list-tenants next to a partner policy', () => {
  it('lists the baselines and leaves the policy out', async () => {
    const outcome = await runListTenants({
      pattern: 'baselines/*.json',
      workspace,
      readFile: readTextFile,
      listFiles: listWorkspaceFiles,
      writeSummary: async () => undefined,
      log: recordingLogger(),
      policyPath: 'baselines/partner-tiers.json'
    })

    expect(outcome.failure).toBeUndefined()
    expect(JSON.parse(outcome.outputs.tenants ?? '[]')).toEqual([
      expect.objectContaining({ tenantId: TENANT_ID, baseline: `baselines/${TENANT_ID}.json` })
    ])
  })
})
