import { afterEach, describe, expect, it } from '@jest/globals'
import { auditFilter, inAuditScope, readDirectoryAudits } from '../../src/collectors/directory-audits.js'
import { AUDIT_ACTIVITIES } from '../../src/core/rules/attribution.js'
import type { Report } from '../../src/core/report/report.js'
import { parseInputs } from '../../src/inputs.js'
import type { Logger } from '../../src/runtime/logger.js'
import type { RunContext } from '../../src/modes/run-context.js'
import { runDetect } from '../../src/modes/detect.js'
import { runSnapshot } from '../../src/modes/snapshot.js'
import {
  AUDIT_ACTIVITY,
  AUDIT_ADMIN,
  directoryAudit,
  partnerUpdates,
  type AuditActivityName
} from '../fakes/directory-audits.ts'
import { startFakeCloud, trustFakeCertificate, type FakeCloud } from '../fakes/fake-cloud.ts'
import { createGraphLimits, scaledClock } from '../fakes/graph-limits.ts'
import {
  cloneTenant,
  contosoTenant,
  CONTOSO_PARTNERS,
  CONTOSO_TENANT_ID,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { CLIENT_ID, CLIENT_SECRET, openTestGraph, startTestCloud } from '../support/graph-fixture.js'
import { Disclosure } from '../../src/runtime/disclosure.js'

const BASELINE_AT = new Date('2026-11-19T12:00:00.000Z')
const LIVE_AT = new Date('2026-11-20T12:00:00.000Z')
const WINDOW = {
  since: BASELINE_AT.toISOString(),
  sinceWhat: "the baseline's capture",
  until: LIVE_AT.toISOString()
}
const AUDIT_PATH = '/v1.0/auditLogs/directoryAudits'

let cloud: FakeCloud | undefined
afterEach(async () => {
  await cloud?.close()
  cloud = undefined
})

function hoursAfterBaseline(hours: number): string {
  return new Date(BASELINE_AT.getTime() + hours * 3_600_000).toISOString()
}

function withAudits(
  audits: Record<string, unknown>[],
  tenant = contosoTenant({ now: BASELINE_AT })
): SimulatedTenant {
  return { ...cloneTenant(tenant), directoryAudits: audits }
}

function auditRequests(fake: FakeCloud): string[] {
  return fake
    .graphRequests()
    .map((request) => request.path)
    .filter((path) => path.startsWith(AUDIT_PATH))
}

/** One entry per activity of the fixture table, inside the window. */
function oneOfEach(): Record<string, unknown>[] {
  return (Object.keys(AUDIT_ACTIVITY) as AuditActivityName[]).map((name, index) =>
    directoryAudit({
      id: `Directory_each_${index}`,
      activity: name,
      at: hoursAfterBaseline(1 + index),
      target: { id: CONTOSO_PARTNERS.tailspin }
    })
  )
}

describe('reading the directory audit log over HTTP', () => {
  it('given entries of every audited kind among unrelated ones, then one request with the documented activityDateTime ge filter brings them, and exactly the ones attribution matches are kept', async () => {
    const before = directoryAudit({
      id: 'Directory_before',
      activity: 'updatePartner',
      at: new Date(BASELINE_AT.getTime() - 60_000).toISOString(),
      target: { id: CONTOSO_PARTNERS.tailspin }
    })
    cloud = await startTestCloud(withAudits([before, ...oneOfEach()]))
    const { graph } = openTestGraph(cloud)

    const evidence = await readDirectoryAudits(graph, WINDOW, 'global')

    expect(evidence.read).toBe(true)
    const activities = evidence.read ? evidence.entries.map((entry) => entry.activity).sort() : []
    const expected = Object.values(AUDIT_ACTIVITY)
      .map((spec) => spec.activityDisplayName)
      .filter((name) => name !== 'Add member to group')
      .sort()
    expect(activities).toEqual(expected)
    expect(auditRequests(cloud)).toEqual([`${AUDIT_PATH}?$filter=activityDateTime ge ${WINDOW.since}`])
    expect(auditFilter(WINDOW.since)).toBe(`activityDateTime ge ${WINDOW.since}`)
  })

  it.each([
    ['loggedByService', 'Conditional Access', true],
    ['category', 'crosstenantaccesssettings', true],
    ['activityDisplayName', 'Update authorization policy', true],
    ['category', 'UserManagement', false],
    ['activityDisplayName', 'Add member to group', false]
  ])('inAuditScope: %s %p → %p (case-insensitive, like the directory)', (property, value, expected) => {
    expect(inAuditScope({ [property]: value })).toBe(expected)
  })

  it("sends no 'or' and filters only on properties and operators directoryAudit documents", async () => {
    cloud = await startTestCloud(withAudits(oneOfEach()))
    const { graph } = openTestGraph(cloud)

    await readDirectoryAudits(graph, WINDOW, 'global')

    for (const path of auditRequests(cloud)) {
      const filter = new URL(path, 'https://graph.invalid').searchParams.get('$filter') ?? ''
      expect(filter).not.toMatch(/\bor\b/i)
      expect(filter).toMatch(/^activityDateTime (eq|ge|le) \S+$/)
    }
  })

  it('given the China cloud, where the audit log API is not documented, then nothing is requested and the findings say why', async () => {
    cloud = await startTestCloud(withAudits(oneOfEach()))
    const { graph } = openTestGraph(cloud)

    const evidence = await readDirectoryAudits(graph, WINDOW, 'china')

    expect(evidence).toEqual({
      read: false,
      reason:
        'the audit log is not offered in the china cloud (GET /auditLogs/directoryAudits is documented for the global and US Government clouds only)'
    })
    expect(auditRequests(cloud)).toEqual([])
  })

  it.each(['usgov', 'usgov-dod'] as const)('given the %s cloud, then the audit log is read', async (name) => {
    cloud = await startTestCloud(withAudits(oneOfEach()))
    const { graph } = openTestGraph(cloud)

    const evidence = await readDirectoryAudits(graph, WINDOW, name)

    expect(evidence.read).toBe(true)
  })

  it('given 1,200 matching entries and a Graph that enforces the reports limit, then 12 pages are paced at 5 per 10 s and none is throttled', async () => {
    // One simulated 10-second window in 0.5 real s, for the client's pacer and the service alike:
    // unpaced, the 12 pages would come faster than 5 per window and be throttled.
    const timeScale = 0.05
    const limits = createGraphLimits({ tenantUsers: 100, timeScale })
    trustFakeCertificate()
    cloud = await startFakeCloud({
      tenant: withAudits(partnerUpdates(CONTOSO_PARTNERS.fabrikam, 1200, hoursAfterBaseline(1))),
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      limits
    })
    const { graph } = openTestGraph(cloud, { clock: scaledClock(timeScale), timeoutSeconds: 3600 })

    const evidence = await readDirectoryAudits(graph, WINDOW, 'global')

    expect(evidence.read ? evidence.entries.length : -1).toBe(1200)
    expect(auditRequests(cloud)).toHaveLength(12)
    expect(limits.stats().byClass.reports.admitted).toBe(12)
    expect(limits.stats().throttled).toBe(0)
  })

  it('has a fixture for every activity attribution matches, so the test above proves the query brings each one', () => {
    const fixtureNames = new Set(
      Object.values(AUDIT_ACTIVITY).map((spec) => spec.activityDisplayName.toLowerCase())
    )

    const untested = Object.values(AUDIT_ACTIVITIES)
      .flat()
      .filter((name) => !fixtureNames.has(name.toLowerCase()))

    expect(untested).toEqual([])
  })

  it('given 250 matching entries, then it follows nextLink: three pages, three requests, every entry', async () => {
    cloud = await startTestCloud(
      withAudits(partnerUpdates(CONTOSO_PARTNERS.fabrikam, 250, hoursAfterBaseline(1)))
    )
    const { graph } = openTestGraph(cloud)

    const evidence = await readDirectoryAudits(graph, WINDOW, 'global')

    expect(evidence.read ? evidence.entries.length : -1).toBe(250)
    expect(auditRequests(cloud)).toHaveLength(3)
  })

  it('given the app lacks AuditLog.Read.All, then the read is unavailable, names the permission, and costs one request', async () => {
    const tenant = withAudits(oneOfEach())
    tenant.grantedPermissions.delete('AuditLog.Read.All')
    cloud = await startTestCloud(tenant)
    const { graph } = openTestGraph(cloud)

    const evidence = await readDirectoryAudits(graph, WINDOW, 'global')

    expect(evidence).toEqual({
      read: false,
      reason:
        'the audit log could not be read: Graph denied /auditLogs/directoryAudits (403 Authorization_RequestDenied); grant the application permission AuditLog.Read.All (documented together with Directory.Read.All) and admin-consent it'
    })
    expect(auditRequests(cloud)).toHaveLength(1)
  })
})

// ── In a detect run ───────────────────────────────────────────────────────────────────────────

const BASELINE_PATH = `baselines/${CONTOSO_TENANT_ID}.json`

function silentLogger(lines: string[]): Logger {
  return {
    info: (message) => lines.push(message),
    warning: (message) => lines.push(`warning: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
    group: (_title, work) => work()
  }
}

function runContext(fake: FakeCloud, now: Date, files: Map<string, string>, log: string[]): RunContext {
  const given: Record<string, string> = {
    'tenant-id': CONTOSO_TENANT_ID,
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    'graph-endpoint': fake.url,
    'authority-host': fake.url,
    'fail-on': 'none',
    'on-drift': 'none'
  }
  return {
    inputs: parseInputs((name) => given[name] ?? ''),
    tenantId: CONTOSO_TENANT_ID,
    graph: openTestGraph(fake).graph,
    signIn: async () => undefined,
    log: silentLogger(log),
    now,
    readFile: async (path) => files.get(path),
    writeFile: async (path, text) => {
      files.set(path, typeof text === 'string' ? text : [...text].join(''))
    }
  }
}

/**
 * Contoso with the default's inbound B2B collaboration blocked: Fabrikam overrides it, Northwind
 * overrides only direct connect, Tailspin overrides nothing.
 */
function contosoBlockedInbound(): SimulatedTenant {
  const tenant = withAudits([])
  const blocked = {
    usersAndGroups: { accessType: 'blocked', targets: [{ target: 'AllUsers', targetType: 'user' }] },
    applications: {
      accessType: 'blocked',
      targets: [{ target: 'AllApplications', targetType: 'application' }]
    }
  }
  tenant.default = { ...tenant.default, b2bCollaborationInbound: blocked }
  return tenant
}

/** The drift: the default opened, and 20 partners added overnight, each with its own audit entry. */
function openedOvernight(): SimulatedTenant {
  const tenant = cloneTenant(contosoBlockedInbound())
  tenant.default = { ...contosoTenant().default }
  const added = Array.from(
    { length: 20 },
    (_, index) => `e${String(index).padStart(7, '0')}-0000-4000-8000-000000000000`
  )
  tenant.partners = [
    ...tenant.partners,
    ...added.map((tenantId) => ({ ...structuredClone(tenant.partners[2]), tenantId }))
  ]
  tenant.directoryAudits = [
    directoryAudit({
      id: 'Directory_default_opened',
      activity: 'updateDefault',
      at: hoursAfterBaseline(3),
      target: { id: CONTOSO_TENANT_ID },
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'
    }),
    ...added.map((tenantId, index) =>
      directoryAudit({
        id: `Directory_added_${index}`,
        activity: 'addPartner',
        at: hoursAfterBaseline(4),
        target: { id: tenantId }
      })
    ),
    directoryAudit({
      id: 'Directory_noise',
      activity: 'addMemberToGroup',
      at: hoursAfterBaseline(5),
      target: { id: 'x' }
    })
  ]
  return tenant
}

async function detectAfterDrift(
  live: SimulatedTenant
): Promise<{ report: Report; failure?: string; fake: FakeCloud; log: string[] }> {
  const files = new Map<string, string>()
  const log: string[] = []
  cloud = await startTestCloud(contosoBlockedInbound())
  const snapshot = await runSnapshot(runContext(cloud, BASELINE_AT, files, log), BASELINE_PATH)
  expect(snapshot.failure).toBeUndefined()
  cloud.setTenant(live)
  const before = auditRequests(cloud).length
  const outcome = await runDetect(runContext(cloud, LIVE_AT, files, log), {
    baselinePath: BASELINE_PATH,
    reportDirectory: 'reports',
    writeSummary: async () => undefined,
    disclosure: Disclosure.none()
  })
  expect(before).toBe(0)
  const report = JSON.parse(files.get('reports/report.json') ?? '{}') as Report
  return { report, fake: cloud, log, ...(outcome.failure === undefined ? {} : { failure: outcome.failure }) }
}

describe('attribution in a detect run', () => {
  it('given the default opened and 20 partners added, then the default finding lists exactly the inheriting partners and names its actor, for one audit request', async () => {
    const { report, fake, failure } = await detectAfterDrift(openedOvernight())

    const onDefault = report.findings.find(
      (finding) => finding.rule === 'inbound-b2b-collaboration-opened-default'
    )
    const inheriting = report.findings
      .filter((finding) => finding.object.kind === 'partner')
      .map((finding) => finding.object.key)
    expect(failure).toBeUndefined()
    expect(onDefault?.affects).toEqual(
      [CONTOSO_PARTNERS.northwind, CONTOSO_PARTNERS.tailspin, ...inheriting].sort()
    )
    expect(onDefault?.affects).not.toContain(CONTOSO_PARTNERS.fabrikam)
    expect(onDefault?.attribution).toEqual({
      actor: AUDIT_ADMIN.userPrincipalName,
      time: hoursAfterBaseline(3),
      client: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) from ${AUDIT_ADMIN.ipAddress}`,
      auditId: 'Directory_default_opened'
    })
    const partnerAttributions = report.findings
      .filter((finding) => finding.rule === 'partner-added')
      .map((finding) =>
        'auditId' in finding.attribution ? finding.attribution.auditId : finding.attribution.unavailable
      )
    expect(partnerAttributions).toHaveLength(20)
    expect(partnerAttributions.every((id) => id.startsWith('Directory_added_'))).toBe(true)
    // 20+ findings, one query.
    expect(report.findings.length).toBeGreaterThan(20)
    expect(auditRequests(fake)).toHaveLength(1)
  })

  it('given the app lacks AuditLog.Read.All, then every finding says why attribution is unavailable and the run still succeeds', async () => {
    const live = openedOvernight()
    live.grantedPermissions.delete('AuditLog.Read.All')

    const { report, failure, log } = await detectAfterDrift(live)

    expect(failure).toBeUndefined()
    const onDefault = report.findings.find((finding) => finding.object.kind === 'default')
    expect(onDefault?.attribution).toEqual({
      unavailable: expect.stringContaining('grant the application permission AuditLog.Read.All')
    })
    expect(onDefault?.affects).toHaveLength(22)
    expect(log).toContainEqual(
      expect.stringMatching(/^Findings carry no attribution: the audit log could not be read/)
    )
  })
})
