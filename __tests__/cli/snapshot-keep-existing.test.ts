import { afterEach, describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../../src/errors.js'
import { parseInputs } from '../../src/inputs.js'
import type { Logger } from '../../src/runtime/logger.js'
import type { RunContext } from '../../src/modes/run-context.js'
import { runSnapshot } from '../../src/modes/snapshot.js'
import { CLIENT_ID, CLIENT_SECRET, openTestGraph, startTestCloud } from '../support/graph-fixture.ts'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import { contosoTenant, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'

const BASELINE = `baselines/${CONTOSO_TENANT_ID}.json`
let cloud: FakeCloud | undefined
afterEach(async () => {
  await cloud?.close()
  cloud = undefined
})

const quiet: Logger = {
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: async (_title, work) => work()
}

/** The snapshot mode against the fake cloud, its files in a map (as the CLI reaches it once the tenant GUID is known). */
function context(fake: FakeCloud, files: Map<string, string>): RunContext {
  const given: Record<string, string> = {
    mode: 'snapshot',
    'tenant-id': CONTOSO_TENANT_ID,
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    'graph-endpoint': fake.url,
    'authority-host': fake.url
  }
  return {
    inputs: parseInputs((name) => given[name] ?? ''),
    tenantId: CONTOSO_TENANT_ID,
    graph: openTestGraph(fake).graph,
    signIn: async () => undefined,
    log: quiet,
    now: new Date('2026-12-01T00:00:00Z'),
    readFile: async (path) => files.get(path),
    writeFile: async (path, text) => {
      files.set(path, typeof text === 'string' ? text : [...text].join(''))
    }
  }
}

describe('snapshot and an existing baseline', () => {
  it('given a baseline exists, when the CLI runs snapshot without --force, then it is refused before Graph is read', async () => {
    cloud = await startTestCloud(contosoTenant())
    const files = new Map([[BASELINE, '{"kept": true}']])

    const refused = runSnapshot(context(cloud, files), BASELINE, { keepExisting: true })

    await expect(refused).rejects.toThrow(ConfigurationError)
    await expect(refused).rejects.toThrow(`Baseline ${BASELINE} already exists; nothing was written.`)
    expect(files.get(BASELINE)).toBe('{"kept": true}')
    expect(cloud.graphRequests()).toHaveLength(0)
  })

  it('given a baseline exists, when the action runs snapshot, then it is replaced as before', async () => {
    cloud = await startTestCloud(contosoTenant())
    const files = new Map([[BASELINE, '{"kept": true}']])

    const outcome = await runSnapshot(context(cloud, files), BASELINE)

    expect(outcome.failure).toBeUndefined()
    expect(JSON.parse(files.get(BASELINE) ?? '{}').tenantId).toBe(CONTOSO_TENANT_ID)
  })
})
