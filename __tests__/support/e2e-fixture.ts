import { afterEach } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeCloud, type FakeCloud } from '../fakes/fake-cloud.ts'
import type { SimulatedTenant } from '../fakes/simulated-tenant.ts'
import { runAction, type ActionRun } from './action-process.js'

/** A fake cloud plus a checkout folder: what a workflow job sees. */
export interface Job {
  readonly cloud: FakeCloud
  readonly workspace: string
  run(inputs: Record<string, string>, env?: Record<string, string>): Promise<ActionRun>
  /** Inputs that sign in with the client secret against the fake. */
  readonly secretInputs: Record<string, string>
  readonly oidcEnv: Record<string, string>
  close(): Promise<void>
}

export async function startJob(tenant: SimulatedTenant): Promise<Job> {
  const cloud = await startFakeCloud({ tenant })
  const workspace = mkdtempSync(join(tmpdir(), 'entra-drift-workspace-'))
  const endpoints = { 'graph-endpoint': cloud.url, 'authority-host': cloud.url }
  return {
    cloud,
    workspace,
    secretInputs: {
      'tenant-id': tenant.tenantId,
      'client-id': cloud.clientId,
      'client-secret': cloud.clientSecret,
      'on-drift': 'none',
      ...endpoints
    },
    oidcEnv: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${cloud.url}/oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: cloud.oidcRequestToken
    },
    run: (inputs, env) => runAction({ inputs, env, cwd: workspace, caCertPath: cloud.certPath }),
    close: () => cloud.close()
  }
}

/**
 * What a test starts (jobs, GitHub stand-ins) is closed after it, however it ended: wrap each one
 * in the function this returns, once per test file.
 */
export function closedAfterEach(): <T extends { close(): Promise<void> }>(resource: T) => T {
  const open: { close(): Promise<void> }[] = []
  afterEach(async () => {
    for (const resource of open.splice(0).reverse()) await resource.close()
  })
  return (resource) => {
    open.push(resource)
    return resource
  }
}
