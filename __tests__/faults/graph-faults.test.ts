/**
 * Issue 5, Graph side: for every fault Graph or the network can throw at a run, the production Graph
 * layer (token, transport, retrying sender, batching reader) and the collectors either produce the
 * very snapshot a clean run produces, or leave the affected section out and name it as incomplete,
 * with the path and the cause, while every other section stays intact. Never anything in between.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { ClientSecretCredential } from '@azure/identity'
import { fileURLToPath } from 'node:url'
import { blockingProblems, collectSnapshot, type Collection } from '../../src/collectors/collect.js'
import { LABEL_SECTIONS, type SectionId, type Snapshot } from '../../src/core/model/snapshot.js'
import { fastForwardClock, type Clock, type FastForwardClock } from '../../src/graph/clock.js'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import type { Fault, FaultRule } from '../fakes/faults.ts'
import {
  cloneTenant,
  contosoTenant,
  CONTOSO_PARTNERS,
  generatedUsers,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { CLIENT_ID, CLIENT_SECRET, openTestGraph, startTestCloud } from '../support/graph-fixture.js'
import { startChaosProxy, type Chaos, type ChaosProxy } from './chaos-proxy.js'
import { watchArrivals } from './request-arrivals.js'

const NOW = new Date('2026-11-20T12:00:00Z')
/** Long enough for a healthy answer of the fake under a loaded test machine, short enough to wait out. */
const REQUEST_TIMEOUT_MS = 500
/** graph-timeout for the runs below; sleeps cost no real time (fastForwardClock), network time does. */
const BUDGET_SECONDS = 20

// What the faults aim at: decoded Graph paths below /v1.0, as the fake matches them.
// The partner list, as it is read (once, with the sync policies expanded into it) and as it is
// read where Graph refuses that expansion (plain, beside the documented $select=tenantId form).
const PARTNER_LIST =
  /^\/policies\/crossTenantAccessPolicy\/partners(\?\$expand=identitySynchronization)?([?&]\$skiptoken=[^&]*)?$/
const PARTNER_LIST_AFTER_PAGE_1 =
  /^\/policies\/crossTenantAccessPolicy\/partners\?(\$expand=identitySynchronization&)?\$skiptoken=/
const SYNC_EXPANSION = /\$expand=identitySynchronization/
const CA_POLICIES = '/identity/conditionalAccess/policies'
const CA_POLICIES_AFTER_PAGE_1 = '/identity/conditionalAccess/policies?$skiptoken='
const NAMED_LOCATIONS = '/identity/conditionalAccess/namedLocations'
const GUEST_COUNT = "/users?$filter=userType eq 'Guest'&$count=true"
const GUEST_COUNT_SEGMENT = "/users/$count?$filter=userType eq 'Guest'"
const STALE_GUESTS_AFTER_PAGE_1 = /^\/users\?.*signInActivity.*&\$skiptoken=/
const BATCH = '/$batch'
const syncOf = (partner: string): string =>
  `/policies/crossTenantAccessPolicy/partners/${partner}/identitySynchronization`

/** The sync policies read one partner at a time: what a Graph that refuses the documented $expand gets. */
const EXPANSION_REFUSED: FaultRule = { match: SYNC_EXPANSION, times: Infinity, fault: { status: 400 } }

type TenantName = 'plain' | 'paged' | 'manyGuests'

/** Contoso as it is: one page per collection, so the CA pacer (1 read a second) costs one wait on the wall clock. */
function plainTenant(): SimulatedTenant {
  return contosoTenant({ now: NOW })
}

/** Contoso with every collection paged (3 partner pages, 3 CA pages), so nextLinks are in play. */
function pagedTenant(): SimulatedTenant {
  const tenant = cloneTenant(contosoTenant({ now: NOW }))
  tenant.pageSizes = { partners: 1, conditionalAccessPolicies: 2, namedLocations: 1 }
  return tenant
}

/**
 * 1,200 guests, nearly all stale: whichever way stale guests are counted (listing the guests, or
 * filtering on signInActivity), one read of 500 a page runs to a third page.
 */
function manyGuestsTenant(): SimulatedTenant {
  const tenant = pagedTenant()
  tenant.users = generatedUsers({
    guests: 1200,
    members: 40,
    staleRatio: 0.95,
    pendingRatio: 0.02,
    neverSignedInRatio: 0.05,
    seed: 5,
    now: NOW
  })
  return tenant
}

const TENANTS: Record<TenantName, () => SimulatedTenant> = {
  plain: plainTenant,
  paged: pagedTenant,
  manyGuests: manyGuestsTenant
}

interface Run extends Collection {
  readonly cloud: FakeCloud
  readonly log: readonly string[]
  /** Every access token the credential handed the Graph layer. */
  readonly tokens: readonly string[]
}

const clouds: FakeCloud[] = []
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((cloud) => cloud.close()))
})

async function startCloud(tenant: TenantName, rules: readonly FaultRule[]): Promise<FakeCloud> {
  const cloud = await startTestCloud(TENANTS[tenant]())
  clouds.push(cloud)
  for (const rule of rules) cloud.faults.inject(rule)
  return cloud
}

async function collectFrom(
  cloud: FakeCloud,
  options: { clock?: Clock; budgetSeconds?: number; through?: string } = {}
): Promise<Run> {
  const through = options.through
  const { graph, log, tokens } = openTestGraph(cloud, {
    clock: options.clock ?? fastForwardClock(),
    timeoutSeconds: options.budgetSeconds ?? BUDGET_SECONDS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    ...(through === undefined
      ? {}
      : {
          graphEndpoint: through,
          createCredential: () =>
            new ClientSecretCredential(cloud.tenant.tenantId, CLIENT_ID, CLIENT_SECRET, {
              authorityHost: through,
              disableInstanceDiscovery: true
            })
        })
  })
  const collection = await collectSnapshot(graph, {
    tenantId: cloud.tenant.tenantId,
    cloud: 'global',
    staleGuestDays: 90,
    now: NOW
  })
  return { ...collection, cloud, log, tokens }
}

/** Every section, and each guest figure on its own, under the names section problems use. */
function sectionsOf(snapshot: Snapshot): Map<string, unknown> {
  const { schemaVersion, tenantId, cloud, capturedAt, guests, unavailable, ignore, ...graphSections } =
    snapshot
  const sections = new Map<string, unknown>(Object.entries(graphSections))
  for (const [figure, value] of Object.entries(guests ?? {})) sections.set(`guests.${figure}`, value)
  sections.set('envelope', { schemaVersion, tenantId, cloud, capturedAt, unavailable, ignore })
  return sections
}

const clean: Partial<Record<TenantName, Snapshot>> = {}

beforeAll(async () => {
  for (const tenant of Object.keys(TENANTS) as TenantName[]) {
    const run = await collectFrom(await startCloud(tenant, []))
    expect(run.problems).toEqual([])
    clean[tenant] = run.snapshot
  }
  await Promise.all(clouds.splice(0).map((cloud) => cloud.close()))
})

function cleanSnapshot(tenant: TenantName): Snapshot {
  const snapshot = clean[tenant]
  if (snapshot === undefined) throw new Error(`No clean run of the ${tenant} tenant.`)
  return snapshot
}

/**
 * The rule of issue 5: a section is either exactly what the clean run read, or absent and named
 * as an incomplete (blocking) problem. Returns the names of the incomplete sections.
 */
function expectNothingInventedNothingHidden(run: Run, tenant: TenantName): string[] {
  // A label section (partners' organisation names) that could not be read costs only the names:
  // it is named as unavailable and never blocks the run. Every other problem is a fault.
  const labels = run.problems.filter((problem) => LABEL_SECTIONS.has(problem.section as SectionId))
  const faults = run.problems.filter((problem) => !labels.includes(problem))
  for (const problem of labels) {
    expect(problem).toMatchObject({ status: 'unavailable', core: false })
    expect(run.snapshot.unavailable?.[problem.section]).toBe(problem.reason)
  }
  for (const problem of faults) {
    expect(problem).toMatchObject({ status: 'incomplete' })
    expect(problem.reason).not.toBe('')
  }
  expect(blockingProblems(run.problems)).toEqual(faults)
  const missing = run.problems.map((problem) => problem.section)
  const live = sectionsOf(run.snapshot)
  for (const [section, value] of sectionsOf(cleanSnapshot(tenant))) {
    if (missing.includes(section))
      expect({ section, value: live.get(section) }).toEqual({ section, value: undefined })
    else if (section === 'envelope') expect(withoutLabels(live.get(section))).toEqual(withoutLabels(value))
    else expect({ section, value: live.get(section) }).toEqual({ section, value })
  }
  return faults.map((problem) => problem.section)
}

/** The envelope, with label sections taken out of `unavailable` (checked above, against their problems). */
function withoutLabels(envelope: unknown): unknown {
  const { unavailable, ...rest } = envelope as { unavailable?: Record<string, string> }
  const kept = Object.entries(unavailable ?? {}).filter(([name]) => !LABEL_SECTIONS.has(name as SectionId))
  return kept.length === 0 ? rest : { ...rest, unavailable: Object.fromEntries(kept) }
}

/** A small deterministic generator (mulberry32), so a failing schedule can be replayed by its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Scenario {
  readonly name: string
  readonly rules: readonly FaultRule[]
  readonly tenant?: TenantName
  /** graph-timeout for this run, when the default would make a hang take long to wait out. */
  readonly budgetSeconds?: number
}

interface FailingScenario extends Scenario {
  /** The sections that must come out incomplete, each naming this path and this cause. */
  readonly incomplete: readonly string[]
  readonly path: RegExp
  readonly cause: RegExp
}

const retryAfter = (seconds: number): Fault => ({ status: 429, retryAfter: String(seconds) })
const unavailable: Fault = { status: 503 }

/** Faults that clear up within the budget: the snapshot must be the clean run's, with no problem. */
const TRANSIENT: readonly Scenario[] = [
  {
    name: 'partners: 429 with Retry-After 1 s, three times, then OK',
    rules: [{ match: PARTNER_LIST, times: 3, fault: retryAfter(1) }]
  },
  {
    name: 'partners: 429 with Retry-After as an HTTP date, then OK',
    rules: [
      { match: PARTNER_LIST, fault: { status: 429, retryAfter: new Date(Date.now() + 2000).toUTCString() } }
    ]
  },
  {
    name: 'CA policies: 429 without Retry-After (as CA answers), twice',
    rules: [{ match: CA_POLICIES, times: 2, fault: { status: 429 } }]
  },
  {
    name: 'CA policies page 2: 503 with Retry-After, twice',
    rules: [{ match: CA_POLICIES_AFTER_PAGE_1, times: 2, fault: { status: 503, retryAfter: '1' } }]
  },
  { name: 'CA policies: 504 twice', rules: [{ match: CA_POLICIES, times: 2, fault: { status: 504 } }] },
  {
    name: 'users count: 503 once, 504 once',
    rules: [
      { match: GUEST_COUNT, fault: unavailable },
      { match: GUEST_COUNT, fault: { status: 504 } }
    ]
  },
  {
    name: 'users count: a batch item throttled (429) while its batch-mates succeed',
    rules: [{ match: GUEST_COUNT, fault: retryAfter(1) }]
  },
  {
    name: 'partners: the connection is reset once (its whole batch with it)',
    rules: [{ match: PARTNER_LIST, fault: { kind: 'reset' } }]
  },
  {
    name: 'named locations: the connection is reset twice',
    rules: [{ match: NAMED_LOCATIONS, times: 2, fault: { kind: 'reset' } }]
  },
  {
    name: 'CA policies: the request hangs past the client timeout once',
    rules: [{ match: CA_POLICIES, fault: { kind: 'hang' } }]
  },
  {
    name: 'partners: the nextLink to page 3 fails once (503)',
    rules: [{ match: PARTNER_LIST_AFTER_PAGE_1, skip: 1, fault: unavailable }]
  },
  {
    name: 'stale guests: page 3 throttled twice',
    tenant: 'manyGuests',
    rules: [{ match: STALE_GUESTS_AFTER_PAGE_1, skip: 1, times: 2, fault: retryAfter(1) }]
  },
  {
    name: 'sync policies read per partner: one item 429, another 503 twice, the third fine',
    rules: [
      EXPANSION_REFUSED,
      { match: syncOf(CONTOSO_PARTNERS.fabrikam), fault: retryAfter(1) },
      { match: syncOf(CONTOSO_PARTNERS.northwind), times: 2, fault: unavailable }
    ]
  },
  {
    name: 'a 401 on one request (token rejected): one new token, then OK',
    rules: [{ match: NAMED_LOCATIONS, fault: { status: 401 } }]
  },
  ...([400, 403, 404, 501] as const).map((status) => ({
    name: `$batch refused with ${status}: every read is sent on its own`,
    rules: [{ match: BATCH, method: 'POST', times: Infinity, fault: { status } }]
  })),
  {
    // The documented /users/$count segment is asked instead, and gives the true count.
    name: 'users count: $count=true answers with text instead of the collection',
    rules: [{ match: GUEST_COUNT, fault: { kind: 'countText', text: 'about two dozen' } }]
  },
  {
    name: 'users count: $count=true answers with a bare number instead of the collection',
    rules: [{ match: GUEST_COUNT, fault: { kind: 'countText', text: '25' } }]
  },
  {
    name: 'the $batch envelope is not JSON once',
    rules: [{ match: BATCH, method: 'POST', fault: { kind: 'notJson' } }]
  },
  {
    name: 'a schedule of all of it: partners 429 ×3, CA hang once, sync item 503 ×2, count 504, page 3 reset',
    rules: [
      EXPANSION_REFUSED,
      { match: PARTNER_LIST, times: 3, fault: retryAfter(1) },
      { match: CA_POLICIES, fault: { kind: 'hang' } },
      { match: syncOf(CONTOSO_PARTNERS.tailspin), times: 2, fault: unavailable },
      { match: GUEST_COUNT, fault: { status: 504 } },
      { match: PARTNER_LIST_AFTER_PAGE_1, skip: 1, fault: { kind: 'reset' } }
    ]
  }
]

const PARTNERS_AND_SYNC = ['partners', 'identitySynchronization']

/** Faults that outlast the budget, or answers that cannot be read: the section must be named and left out. */
const FAILING: readonly FailingScenario[] = [
  {
    name: 'partners: 503 for the whole budget',
    rules: [{ match: PARTNER_LIST, times: Infinity, fault: unavailable }],
    incomplete: PARTNERS_AND_SYNC,
    path: /\/policies\/crossTenantAccessPolicy\/partners/,
    cause: /503.*graph-timeout budget/
  },
  {
    name: 'partners: the nextLink to page 3 fails for the whole budget',
    rules: [{ match: PARTNER_LIST_AFTER_PAGE_1, skip: 1, times: Infinity, fault: { status: 504 } }],
    incomplete: PARTNERS_AND_SYNC,
    path: /\/policies\/crossTenantAccessPolicy\/partners\?(\$expand=identitySynchronization&)?\$skiptoken=/,
    cause: /504.*\(page 3\)/
  },
  {
    name: 'partners: every connection reset',
    rules: [{ match: PARTNER_LIST, times: Infinity, fault: { kind: 'reset' } }],
    incomplete: PARTNERS_AND_SYNC,
    path: /\/policies\/crossTenantAccessPolicy\/partners/,
    cause: /connection failed/
  },
  {
    name: 'partners: a body that is not JSON',
    rules: [{ match: PARTNER_LIST, fault: { kind: 'notJson' } }],
    incomplete: PARTNERS_AND_SYNC,
    path: /\/policies\/crossTenantAccessPolicy\/partners/,
    cause: /not the JSON|expected a collection/
  },
  {
    name: 'CA policies: 429 for the whole budget',
    rules: [{ match: CA_POLICIES, times: Infinity, fault: { status: 429 } }],
    incomplete: ['conditionalAccessPolicies'],
    path: /\/identity\/conditionalAccess\/policies/,
    cause: /429/
  },
  {
    name: 'CA policies: every request hangs',
    rules: [{ match: CA_POLICIES, times: Infinity, fault: { kind: 'hang' } }],
    budgetSeconds: 5,
    incomplete: ['conditionalAccessPolicies'],
    path: /\/identity\/conditionalAccess\/policies/,
    cause: /no answer within/
  },
  {
    name: 'CA policies page 2: a body that is not JSON',
    rules: [{ match: CA_POLICIES_AFTER_PAGE_1, fault: { kind: 'notJson' } }],
    incomplete: ['conditionalAccessPolicies'],
    path: /\/identity\/conditionalAccess\/policies\?\$skiptoken=/,
    // Read alone, the transport says the body is not JSON; read as a $batch item (pacing decides
    // whether it waits alone or joins a batch), the item's body is text where a collection was due.
    cause: /not the JSON|expected a collection/
  },
  {
    name: 'CA policies: a 401 that a new token does not cure',
    rules: [{ match: CA_POLICIES, times: Infinity, fault: { status: 401 } }],
    incomplete: ['conditionalAccessPolicies'],
    path: /\/identity\/conditionalAccess\/policies/,
    cause: /401 InvalidAuthenticationToken/
  },
  {
    name: 'sync policies read per partner: one item 503 for the whole budget',
    rules: [
      EXPANSION_REFUSED,
      { match: syncOf(CONTOSO_PARTNERS.northwind), times: Infinity, fault: unavailable }
    ],
    incomplete: ['identitySynchronization'],
    path: new RegExp(`partners/${CONTOSO_PARTNERS.northwind}/identitySynchronization`),
    cause: /503/
  },
  {
    name: 'users count: 504 for the whole budget',
    rules: [{ match: GUEST_COUNT, times: Infinity, fault: { status: 504 } }],
    incomplete: ['guests.total'],
    path: /\/users\?.*userType.*\$count=true/,
    cause: /504/
  },
  {
    name: 'users count: both $count forms answer with text',
    rules: [
      { match: GUEST_COUNT, fault: { kind: 'countText', text: 'about two dozen' } },
      { match: GUEST_COUNT_SEGMENT, fault: { kind: 'countText', text: 'about two dozen' } }
    ],
    incomplete: ['guests.total'],
    path: /\/users\/\$count\?.*userType/,
    cause: /expected a count/
  },
  {
    name: 'stale guests: page 3 unavailable for the whole budget',
    tenant: 'manyGuests',
    rules: [{ match: STALE_GUESTS_AFTER_PAGE_1, skip: 1, times: Infinity, fault: unavailable }],
    incomplete: ['guests.stale'],
    path: /\/users\?.*signInActivity.*\$skiptoken=/,
    cause: /503/
  },
  {
    name: 'stale guests: page 3 is not JSON',
    tenant: 'manyGuests',
    rules: [{ match: STALE_GUESTS_AFTER_PAGE_1, skip: 1, fault: { kind: 'notJson' } }],
    incomplete: ['guests.stale'],
    path: /\/users\?.*signInActivity.*\$skiptoken=/,
    cause: /not the JSON|expected a collection/
  }
]

describe('a fault that clears up within the graph-timeout budget', () => {
  it.each(TRANSIENT)('$name → the same snapshot as a clean run, no problem', async (scenario) => {
    const tenant = scenario.tenant ?? 'paged'
    const cloud = await startCloud(tenant, scenario.rules)

    const run = await collectFrom(cloud, { budgetSeconds: scenario.budgetSeconds })

    expect(run.problems).toEqual([])
    expect(run.snapshot).toEqual(cleanSnapshot(tenant))
    // Every finite fault really struck (only the never-ending refusals stay armed).
    const endless = scenario.rules.filter((rule) => rule.times === Infinity).length
    expect(cloud.faults.pending()).toBe(endless)
  })
})

describe('a fault that outlasts the budget, or an answer that cannot be read', () => {
  it.each(FAILING)('$name → only the affected section is left out and named', async (scenario) => {
    const tenant = scenario.tenant ?? 'paged'
    const cloud = await startCloud(tenant, scenario.rules)

    const run = await collectFrom(cloud, { budgetSeconds: scenario.budgetSeconds })

    const incomplete = expectNothingInventedNothingHidden(run, tenant)
    expect(incomplete.sort()).toEqual([...scenario.incomplete].sort())
    for (const problem of run.problems) {
      expect(problem.reason).toMatch(scenario.path)
      expect(problem.reason).toMatch(scenario.cause)
    }
  })
})

describe("Retry-After, on the Graph layer's clock", () => {
  /**
   * When each request for `path` (a batch item or on its own) reached the fake, on the layer's
   * clock: a wait the layer sat out shows as a gap, although the fast-forward clock took no time.
   */
  function arrivalsAt(arrivals: ReturnType<typeof watchArrivals>, path: string): number[] {
    return arrivals.filter((arrival) => arrival.request.path === `/v1.0${path}`).map((arrival) => arrival.at)
  }

  it('given a 429 with Retry-After: 1 on the partners item of a batch, then its retry comes at least 1 s later', async () => {
    const clock = fastForwardClock()
    const cloud = await startCloud('plain', [{ match: PARTNER_LIST, fault: retryAfter(1) }])
    const arrivals = watchArrivals(cloud, { clock })

    const run = await collectFrom(cloud, { clock })

    expect(run.problems).toEqual([])
    const [first, retry, ...more] = arrivalsAt(
      arrivals,
      '/policies/crossTenantAccessPolicy/partners?$expand=identitySynchronization'
    )
    expect(more).toEqual([])
    expect((retry as number) - (first as number)).toBeGreaterThanOrEqual(1000)
    // The wait was the one Graph asked for, not a backoff of the layer's own (at most 0.5 s here).
    expect(run.log).toContainEqual(
      expect.stringMatching(/^HTTP 429 .*\/policies\/crossTenantAccessPolicy\/partners.*retrying in 1\.0 s/)
    )
    expect(clock.sleeps).toContain(1000)
    expect(run.snapshot).toEqual(cleanSnapshot('plain'))
  })

  it('given a 503 whose Retry-After is an HTTP date, then the retry comes no earlier than that date', async () => {
    const clock = fastForwardClock()
    // Whole seconds, as HTTP dates have them; far enough ahead on the layer's clock that the date,
    // not a backoff (at most 0.5 s) or the Conditional Access pacer (1 s), decides when to retry.
    const notBefore = Math.ceil(clock.now() / 1000) * 1000 + 5000
    const cloud = await startCloud('plain', [
      { match: NAMED_LOCATIONS, fault: { status: 503, retryAfter: new Date(notBefore).toUTCString() } }
    ])
    const arrivals = watchArrivals(cloud, { clock })

    const run = await collectFrom(cloud, { clock })

    expect(run.problems).toEqual([])
    const attempts = arrivalsAt(arrivals, NAMED_LOCATIONS)
    expect(attempts).toHaveLength(2)
    expect(attempts[1]).toBeGreaterThanOrEqual(notBefore)
    const waited = run.log
      .filter((line) => line.startsWith('HTTP 503') && line.includes(NAMED_LOCATIONS))
      .map((line) => Number(/retrying in ([\d.]+) s/.exec(line)?.[1]))
    expect(waited).toHaveLength(1)
    expect(waited[0]).toBeGreaterThan(2.5)
  })

  it('given 429 three times with Retry-After: 1, then the layer waited 1 s before each retry', async () => {
    const clock: FastForwardClock = fastForwardClock()
    const cloud = await startCloud('plain', [{ match: GUEST_COUNT, times: 3, fault: retryAfter(1) }])

    const run = await collectFrom(cloud, { clock })

    expect(run.problems).toEqual([])
    const retries = run.log.filter((line) => line.startsWith('HTTP 429') && line.includes('$count=true'))
    expect(retries).toHaveLength(3)
    for (const line of retries) expect(line).toContain('retrying in 1.0 s')
    expect(clock.sleeps.filter((ms) => ms === 1000).length).toBeGreaterThanOrEqual(3)
  })
})

describe('an access token that expires mid-run', () => {
  it('given every token revoked while the third Graph request arrives, then exactly one new token is acquired and the snapshot is whole', async () => {
    const cloud = await startCloud('paged', [])
    let graphRequests = 0
    watchArrivals(cloud, {
      onArrival: (request) => {
        if (request.batchId === undefined && request.path.startsWith('/v1.0/') && ++graphRequests === 3) {
          cloud.revokeTokens()
        }
      }
    })

    const run = await collectFrom(cloud)

    expect(run.problems).toEqual([])
    expect(run.snapshot).toEqual(cleanSnapshot('paged'))
    expect(run.tokens).toHaveLength(2)
    const tokenRequests = cloud.requests.filter((request) => request.path.includes('/oauth2/v2.0/token'))
    expect(tokenRequests).toHaveLength(2)
    expect(run.log.filter((line) => line.includes('acquiring a new one'))).toHaveLength(1)
  })

  it('given a 401 on one request, then one new token is acquired and used from then on', async () => {
    const cloud = await startCloud('paged', [{ match: NAMED_LOCATIONS, fault: { status: 401 } }])

    const run = await collectFrom(cloud)

    expect(run.problems).toEqual([])
    expect(run.tokens).toHaveLength(2)
    const retried = cloud.requests.filter((request) => request.path === `/v1.0${NAMED_LOCATIONS}`)
    expect(retried.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${run.tokens[0]}`,
      `Bearer ${run.tokens[1]}`
    ])
  })

  it('given a 401 that a new token does not cure, then the layer asks for one new token only, not one per retry', async () => {
    const cloud = await startCloud('paged', [{ match: CA_POLICIES, times: Infinity, fault: { status: 401 } }])

    const run = await collectFrom(cloud)

    expect(run.problems.map((problem) => problem.section)).toEqual(['conditionalAccessPolicies'])
    expect(run.tokens).toHaveLength(2)
  })
})

describe('any schedule of faults (not written case by case)', () => {
  const TARGETS: readonly (string | RegExp)[] = [
    PARTNER_LIST,
    PARTNER_LIST_AFTER_PAGE_1,
    SYNC_EXPANSION,
    CA_POLICIES,
    CA_POLICIES_AFTER_PAGE_1,
    NAMED_LOCATIONS,
    GUEST_COUNT,
    "/users?$filter=externalUserState eq 'PendingAcceptance'",
    '/policies/crossTenantAccessPolicy/default',
    '/policies/authorizationPolicy',
    '/admin/sharepoint/settings',
    '/tenantRelationships/multiTenantOrganization',
    syncOf(CONTOSO_PARTNERS.fabrikam)
  ]
  const FAULTS: readonly Fault[] = [
    { status: 429 },
    retryAfter(1),
    { status: 429, retryAfter: new Date(Date.now() + 1000).toUTCString() },
    { status: 500 },
    { status: 502 },
    unavailable,
    { status: 504 },
    { status: 401 },
    { kind: 'reset' },
    { kind: 'notJson' }
  ]

  function scheduleFor(seed: number): FaultRule[] {
    const next = random(seed)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
    const rules: FaultRule[] = next() < 0.5 ? [EXPANSION_REFUSED] : []
    const count = 2 + Math.floor(next() * 4)
    for (let index = 0; index < count; index++) {
      rules.push({
        match: pick(TARGETS),
        fault: pick(FAULTS),
        skip: Math.floor(next() * 2),
        // One rule in five never lets up.
        times: next() < 0.2 ? Infinity : 1 + Math.floor(next() * 3)
      })
    }
    return rules
  }

  it.each(Array.from({ length: 16 }, (_, index) => 1000 + index))(
    'schedule #%i: every section is the clean one or named as incomplete, never different',
    async (seed) => {
      const cloud = await startCloud('paged', scheduleFor(seed))

      const run = await collectFrom(cloud)

      expectNothingInventedNothingHidden(run, 'paged')
    }
  )
})

describe('another source of faults: a chaos proxy between the layer and the fake, on its own schedule', () => {
  const KEY_PATH = fileURLToPath(new URL('../fakes/tls/key.pem', import.meta.url))
  const CHAOS: readonly Chaos[] = [
    'truncate',
    'gatewayHtml',
    'empty200',
    'html200',
    'errorEnvelope200',
    'drop',
    'stall',
    'delay'
  ]
  const proxies: ChaosProxy[] = []
  const spoiled: Chaos[] = []

  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()))
  })

  it.each(Array.from({ length: 12 }, (_, index) => 2000 + index))(
    'chaos schedule #%i: every section is the clean one or named as incomplete, never different',
    async (seed) => {
      const cloud = await startCloud('paged', [])
      const next = random(seed)
      let stalls = 0
      const proxy = await startChaosProxy({
        target: cloud.url,
        certPath: cloud.certPath,
        keyPath: KEY_PATH,
        // Graph traffic only: the authority's own retries are @azure/identity's business.
        schedule: (_method, path) => {
          if (!path.startsWith('/v1.0/') || next() >= 0.3) return undefined
          const chaos = CHAOS[Math.floor(next() * CHAOS.length)] as Chaos
          // One stall a run is enough to cost a request timeout; more would only slow the suite.
          return chaos === 'stall' && stalls++ > 0 ? 'delay' : chaos
        }
      })
      proxies.push(proxy)

      const run = await collectFrom(cloud, { through: proxy.url })

      spoiled.push(...proxy.applied.map((entry) => entry.chaos))
      expectNothingInventedNothingHidden(run, 'paged')
    }
  )

  it.each([
    ["Graph's error envelope", 'errorEnvelope200', /the answer is an error, not the entity/],
    ['an empty body', 'empty200', /expected a JSON object/],
    ['a captive-portal page', 'html200', /expected a JSON object/]
  ] as const)(
    'an entity answered 200 with %s → that section is named, never filled with it',
    async (_, chaos, cause) => {
      // Every read on its own, so that the spoiled answer is the entity's and not its batch's.
      const cloud = await startCloud('paged', [
        { match: BATCH, method: 'POST', times: Infinity, fault: { status: 501 } }
      ])
      const proxy = await startChaosProxy({
        target: cloud.url,
        certPath: cloud.certPath,
        keyPath: KEY_PATH,
        schedule: (method, path) =>
          method === 'GET' && path === '/v1.0/policies/authorizationPolicy' ? chaos : undefined
      })
      proxies.push(proxy)

      const run = await collectFrom(cloud, { through: proxy.url })

      expect(expectNothingInventedNothingHidden(run, 'paged')).toEqual(['authorizationPolicy'])
      expect(run.problems[0]?.reason).toMatch(/GET \/policies\/authorizationPolicy/)
      expect(run.problems[0]?.reason).toMatch(cause)
    }
  )

  afterAll(() => {
    // The schedules did spoil answers, of most kinds: otherwise the cases above prove nothing.
    expect(spoiled.length).toBeGreaterThan(12)
    expect(new Set(spoiled).size).toBeGreaterThanOrEqual(6)
  })
})
