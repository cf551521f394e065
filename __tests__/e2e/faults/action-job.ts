import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, type ActionRun } from '../../support/action-process.js'
import { startFakeCloud, type FakeCloud, type FakeCloudOptions } from '../../fakes/fake-cloud.ts'
import type { SimulatedTenant } from '../../fakes/simulated-tenant.ts'

/** The fake cloud and what a workflow step needs to reach it: the bundled action, run as a runner runs it. */
export interface ActionJob {
  readonly cloud: FakeCloud
  /** Inputs that point the action at the fake and sign in with the client secret; nothing published. */
  readonly secretInputs: Readonly<Record<string, string>>
  /** The runner's OIDC variables, served by the fake. */
  readonly oidcEnv: Readonly<Record<string, string>>
  /** A fresh, empty checkout folder. */
  newWorkspace(): string
  run(
    inputs: Readonly<Record<string, string>>,
    workspace: string,
    env?: Readonly<Record<string, string>>
  ): Promise<ActionRun>
  close(): Promise<void>
}

export async function startActionJob(
  tenant: SimulatedTenant,
  options: Omit<FakeCloudOptions, 'tenant'> = {}
): Promise<ActionJob> {
  const cloud = await startFakeCloud({ ...options, tenant })
  return {
    cloud,
    secretInputs: {
      'tenant-id': tenant.tenantId,
      'client-id': cloud.clientId,
      'client-secret': cloud.clientSecret,
      'graph-endpoint': cloud.url,
      'authority-host': cloud.url,
      'on-drift': 'none'
    },
    oidcEnv: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${cloud.url}/oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: cloud.oidcRequestToken
    },
    newWorkspace: () => mkdtempSync(join(tmpdir(), 'entra-drift-checkout-')),
    run: (inputs, workspace, env) => runAction({ inputs, env, cwd: workspace, caCertPath: cloud.certPath }),
    close: () => cloud.close()
  }
}
