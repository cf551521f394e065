import { ClientSecretCredential } from '@azure/identity'
import { fastForwardClock } from '../../src/graph/clock.js'
import { openGraphSession, type GraphSessionOptions } from '../../src/graph/graph-session.js'
import type { GraphReader } from '../../src/graph/graph-reader.js'
import { startFakeCloud, trustFakeCertificate, type FakeCloud } from '../fakes/fake-cloud.ts'
import type { SimulatedTenant } from '../fakes/simulated-tenant.ts'

export const CLIENT_ID = '22222222-2222-4222-8222-222222222222'
export const CLIENT_SECRET = 'fake-client-secret-value-0123456789'

/** A fake cloud serving `tenant`, trusted in-process, with client-secret sign-in. */
export async function startTestCloud(tenant: SimulatedTenant): Promise<FakeCloud> {
  trustFakeCertificate()
  return startFakeCloud({ tenant, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })
}

/**
 * The production Graph layer (token, transport, retries, batching) pointed at the fake. Its waits
 * (Retry-After, backoff, pacing) take no real time unless a test gives its own clock.
 */
export function openTestGraph(
  cloud: FakeCloud,
  options: Partial<GraphSessionOptions> = {}
): { graph: GraphReader; log: string[]; tokens: string[] } {
  const log: string[] = []
  const tokens: string[] = []
  const graph = openGraphSession({
    graphEndpoint: cloud.url,
    createCredential: () =>
      new ClientSecretCredential(cloud.tenant.tenantId, CLIENT_ID, CLIENT_SECRET, {
        authorityHost: cloud.url,
        disableInstanceDiscovery: true
      }),
    onToken: (token) => tokens.push(token),
    timeoutSeconds: 60,
    clock: fastForwardClock(),
    log: (message) => log.push(message),
    ...options
  })
  return { graph, log, tokens }
}
