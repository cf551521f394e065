import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { TENANT_LIST_FIELDS, type TenantEntry } from '../../src/core/baseline/tenant-list.js'
import type { Logger } from '../../src/runtime/logger.js'
import { MATRIX_JOB_LIMIT, runListTenants } from '../../src/modes/list-tenants.js'
import { listWorkspaceFiles } from '../../src/runtime/workspace-files.js'
import { runAction } from '../support/action-process.js'

const NORTHWIND = '4e0a7c51-0000-4000-8000-00000000a001'
const WOODGROVE = '4e0a7c51-0000-4000-8000-00000000a002'
const ADATUM_GOV = '4e0a7c51-0000-4000-8000-00000000a003'
const CERT = resolve(import.meta.dirname, '../fakes/tls/cert.pem')

function baselineText(tenantId: string, cloud = 'global'): string {
  return `${JSON.stringify({ schemaVersion: 1, tenantId, cloud, capturedAt: '2026-05-01T05:17:00Z' }, null, 2)}\n`
}

/** A checkout with the given files (path → text). */
function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'entra-drift-tenants-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

/** Three tenants, one of them in US Government, and files the glob must not pick up. */
function threeTenants(): string {
  return workspaceWith({
    'baselines/woodgrove.json': baselineText(WOODGROVE),
    'baselines/northwind.json': baselineText(NORTHWIND),
    'baselines/adatum-gov.json': baselineText(ADATUM_GOV, 'usgov'),
    'baselines/README.md': '# One baseline per tenant\n',
    'baselines/archive/old.json': baselineText('4e0a7c51-0000-4000-8000-00000000a0ff'),
    'examples/baseline.json': baselineText('4e0a7c51-0000-4000-8000-00000000a0fe')
  })
}

interface RecordingLogger extends Logger {
  readonly errors: { message: string; where?: { file: string; line?: number; column?: number } }[]
}

function recordingLogger(): RecordingLogger {
  const errors: RecordingLogger['errors'] = []
  return {
    errors,
    info: () => undefined,
    warning: () => undefined,
    error: (message, where) => errors.push({ message, ...(where ? { where } : {}) }),
    group: (_title, work) => work()
  }
}

async function listIn(workspace: string, pattern = 'baselines/*.json') {
  const summaries: string[] = []
  const log = recordingLogger()
  const outcome = await runListTenants({
    pattern,
    workspace,
    readFile: async (path) => readFile(path, 'utf8'),
    listFiles: listWorkspaceFiles,
    writeSummary: async (markdown) => {
      summaries.push(markdown)
    },
    log
  })
  return { outcome, summary: summaries.join(''), log }
}

const EXPECTED: TenantEntry[] = [
  { tenantId: ADATUM_GOV, baseline: 'baselines/adatum-gov.json', cloud: 'usgov' },
  { tenantId: NORTHWIND, baseline: 'baselines/northwind.json', cloud: 'global' },
  { tenantId: WOODGROVE, baseline: 'baselines/woodgrove.json', cloud: 'global' }
]

describe('mode: list-tenants, in process', () => {
  it('given a folder of three baselines, then `tenants` lists three tenants sorted by path, for strategy.matrix', async () => {
    const { outcome, summary } = await listIn(threeTenants())

    expect(outcome.failure).toBeUndefined()
    const tenants = JSON.parse(outcome.outputs.tenants ?? '') as TenantEntry[]
    expect(tenants).toEqual(EXPECTED)
    for (const tenant of tenants) expect(Object.keys(tenant).sort()).toEqual([...TENANT_LIST_FIELDS].sort())
    expect(outcome.outputs.tenants).not.toContain('\n')
    expect(summary).toContain('### Tenants: 3 baselines matching `baselines/*.json`')
    expect(summary).toContain(`| \`${ADATUM_GOV}\` | usgov | baselines/adatum-gov.json |`)
  })

  it('given 600 baselines, then `tenant-chunks` holds them in 3 chunks of at most 256 (one matrix each), in the order of `tenants`', async () => {
    const files: Record<string, string> = {}
    for (let index = 0; index < 600; index++) {
      const suffix = index.toString(16).padStart(12, '0')
      files[`baselines/tenant-${String(index).padStart(3, '0')}.json`] = baselineText(
        `4e0a7c51-0000-4000-8000-${suffix}`
      )
    }

    const { outcome } = await listIn(workspaceWith(files))

    expect(outcome.failure).toBeUndefined()
    const tenants = JSON.parse(outcome.outputs.tenants ?? '') as TenantEntry[]
    const chunks = JSON.parse(outcome.outputs['tenant-chunks'] ?? '') as TenantEntry[][]
    expect(MATRIX_JOB_LIMIT).toBe(256)
    expect(chunks.map((chunk) => chunk.length)).toEqual([256, 256, 88])
    expect(chunks.flat()).toEqual(tenants)
    expect(tenants[0]?.baseline).toBe('baselines/tenant-000.json')
    expect(chunks[2]?.at(-1)?.baseline).toBe('baselines/tenant-599.json')
    expect(outcome.outputs['tenant-chunks']).not.toContain('\n')
  })

  it('given three baselines, then `tenant-chunks` is one chunk, the same list as `tenants`', async () => {
    const { outcome } = await listIn(threeTenants())

    expect(JSON.parse(outcome.outputs['tenant-chunks'] ?? '')).toEqual([EXPECTED])
  })

  it('reads the default `baseline` input, baselines/<tenant-id>.json, as the same folder', async () => {
    const { outcome } = await listIn(threeTenants(), 'baselines/<tenant-id>.json')

    expect(JSON.parse(outcome.outputs.tenants ?? '')).toEqual(EXPECTED)
  })

  it('given a broken baseline, then fails naming the file and the line, and annotates it', async () => {
    const workspace = workspaceWith({
      'baselines/northwind.json': baselineText(NORTHWIND),
      'baselines/woodgrove.json':
        '{\n  "schemaVersion": 1,\n  "tenantId": "' +
        WOODGROVE +
        '",\n  "cloud": "global"\n  "capturedAt": "x"\n}\n'
    })

    const { outcome, log } = await listIn(workspace)

    expect(outcome.failure).toMatch(/baselines\/woodgrove\.json .*line 5/)
    expect(outcome.outputs.tenants).toBe('[]')
    expect(outcome.outputs['tenant-chunks']).toBe('[]')
    expect(log.errors).toEqual([
      expect.objectContaining({
        where: expect.objectContaining({ file: 'baselines/woodgrove.json', line: 5 })
      })
    ])
  })

  it('given two baselines of one tenant, then fails: two matrix jobs would fight over its issues', async () => {
    const workspace = workspaceWith({
      'baselines/northwind.json': baselineText(NORTHWIND),
      'baselines/northwind-copy.json': baselineText(NORTHWIND)
    })

    const { outcome } = await listIn(workspace)

    expect(outcome.failure).toContain(`Tenant ${NORTHWIND} has 2 baselines`)
    expect(outcome.failure).toContain('baselines/northwind-copy.json, baselines/northwind.json')
  })

  it('given no matching file (no checkout), then fails and says how to fix it, rather than fanning out to nothing', async () => {
    const { outcome } = await listIn(workspaceWith({ 'README.md': '# repo\n' }))

    expect(outcome.failure).toMatch(/No baseline file matches baselines\/\*\.json.*actions\/checkout/)
  })

  it('refuses a glob that leaves the workspace', async () => {
    await expect(listIn(threeTenants(), '../*/baselines/*.json')).rejects.toThrow(/inside the repository/)
  })
})

describe('mode: list-tenants through dist/index.js', () => {
  it('needs no tenant-id, client-id or Graph, and its `tenants` output holds three tenants (`tenant-chunks`: one chunk of them)', async () => {
    const workspace = threeTenants()

    const run = await runAction({ inputs: { mode: 'list-tenants' }, cwd: workspace, caCertPath: CERT })

    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.tenants ?? '')).toEqual(EXPECTED)
    expect(JSON.parse(run.outputs['tenant-chunks'] ?? '')).toEqual([EXPECTED])
    expect(run.summary).toContain('| Tenant | Cloud | Baseline |')
  })
})
