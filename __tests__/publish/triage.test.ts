import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import type { JsonObject } from '../../src/core/model/json.js'
import type { Snapshot } from '../../src/core/model/snapshot.js'
import { parseOwners } from '../../src/core/report/owners.js'
import { buildReport, compareSnapshots, type Report } from '../../src/core/report/report.js'
import { factsOfReport } from '../../src/core/report/identifying-facts.js'
import { keyedRedaction } from '../support/pseudonyms.ts'
import { DEFAULT_RESPONSE_TIMES, type TriageContext } from '../../src/core/report/triage.js'
import { parseDirectoryAudit, type AuditEntry } from '../../src/core/rules/attribution.js'
import { directoryAudit } from '../fakes/directory-audits.ts'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { FABRIKAM, fabrikamMfaTrusted, guestPolicyDisabled, TENANT_ID } from '../support/drift-fixtures.ts'
import { decodeEntities, publishRun } from '../support/publish-harness.ts'
import {
  b2bSetting,
  defaultConfiguration,
  fullSnapshot,
  partnerConfiguration,
  setAt
} from '../support/snapshot-builder.ts'

const RUN_URL = 'https://ghes.contoso.example/contoso-security/tenant-baselines/actions/runs/4242/attempts/1'
const BASELINE_PATH = `baselines/${TENANT_ID}.json`
const BASELINE_URL = `https://ghes.contoso.example/contoso-security/tenant-baselines/blob/abc123/${BASELINE_PATH}`
const NOW = '2026-03-02T02:00:00.000Z'

let fake: GitHubFake

beforeAll(() => trustFakeCertificate())
beforeEach(async () => {
  fake = await startGitHubFake()
  fake.setNow(NOW)
})
afterEach(async () => {
  await fake.close()
})

/** Three partners that inherit the default; names as Graph's partner configurations give them. */
const [NORTHWIND, TAILSPIN, UNNAMED] = [
  '00000001-0000-4000-8000-000000000000',
  '00000002-0000-4000-8000-000000000000',
  '00000003-0000-4000-8000-000000000000'
] as const
const INHERITING = [NORTHWIND, TAILSPIN, UNNAMED]

function adminChange(): AuditEntry {
  const raw = directoryAudit({
    id: 'Directory_0001',
    activity: 'updateDefault',
    at: '2026-03-01T14:02:11.1234567Z',
    target: { id: TENANT_ID },
    userAgent: 'Mozilla/5.0'
  }) as unknown as JsonObject
  const initiatedBy = raw.initiatedBy as JsonObject
  const parsed = parseDirectoryAudit({
    ...raw,
    initiatedBy: { ...initiatedBy, user: { userPrincipalName: 'adele.vance@contoso.com' } }
  })
  if (parsed === undefined) throw new Error('the fixture should parse')
  return parsed
}

/** Given a baseline blocking inbound B2B by default, when the live default allows it (an admin did). */
function defaultDrift(): { baseline: Snapshot; report: Report; findings: Report['findings'] } {
  const partners: Record<string, JsonObject> = {}
  for (const tenantId of INHERITING) partners[tenantId] = partnerConfiguration(tenantId)
  const baseline = fullSnapshot({
    default: setAt(defaultConfiguration(), 'b2bCollaborationInbound', b2bSetting('blocked')),
    partners
  })
  // Graph names two of the three partners (tenantInformation); the third is known by its id only.
  const tenantInformation = {
    [NORTHWIND]: {
      tenantId: NORTHWIND,
      displayName: 'Northwind Traders',
      defaultDomainName: 'northwind.example'
    },
    [TAILSPIN]: {
      tenantId: TAILSPIN,
      displayName: 'Tailspin Toys',
      defaultDomainName: 'tailspin.example'
    }
  }
  const live = fullSnapshot({ default: defaultConfiguration(), partners, tenantInformation, capturedAt: NOW })
  const report = buildReport({
    tenantId: TENANT_ID,
    baselinePath: BASELINE_PATH,
    capturedAt: live.capturedAt,
    comparison: compareSnapshots(baseline, live, { today: '2026-03-02' }),
    audit: {
      read: true,
      since: baseline.capturedAt,
      sinceWhat: "the baseline's capture",
      until: live.capturedAt,
      entries: [adminChange()]
    }
  })
  return { baseline, report, findings: report.findings }
}

function triage(overrides: Partial<TriageContext> = {}): TriageContext {
  return {
    now: NOW,
    runUrl: RUN_URL,
    artifactUrl: RUN_URL,
    responseTimes: DEFAULT_RESPONSE_TIMES,
    ...overrides
  }
}

describe('acceptance: the issue is where triage happens', () => {
  it('a default-configuration drift with an audit entry names who, when, the entry and every partner, links the run and the baseline line, and offers accept / revert / ignore', async () => {
    const { baseline, findings } = defaultDrift()
    const baselineText = serializeSnapshot(baseline)

    await publishRun(fake, findings, {
      triage: triage({ baselineUrl: BASELINE_URL, baselineText })
    })

    const [issue] = fake.issues()
    expect(issue?.title).toContain('affects 3 partners')
    const body = decodeEntities(issue?.body ?? '')
    // Who, when and the audit entry, worded as in the report.
    expect(body).toContain('**Who:** adele.vance@\u200bcontoso.com · client Mozilla/5.0')
    expect(body).toContain('**When:** 2026-03-01 14:02:11 UTC · audit entry Directory_0001')
    // Whom: the title's count is a list here, by name where Graph gives one.
    expect(body).toContain(
      `Northwind Traders (northwind.example, ${NORTHWIND}), Tailspin Toys (tailspin.example, ${TAILSPIN}), ${UNNAMED}`
    )
    expect(body).toMatch(
      /\*\*Affects:\*\* every organisation without a partner configuration and 3 partners that inherit it/
    )
    // The evidence.
    expect(body).toContain(`[workflow run](${RUN_URL})`)
    // The line of default.b2bCollaborationInbound.applications.accessType, as the pull-request check finds it.
    const lines = baselineText.split('\n')
    const section = lines.findIndex((text) => text.includes('"b2bCollaborationInbound"'))
    const line = lines.findIndex((text, index) => index > section && text.includes('"accessType"')) + 1
    expect(line).toBeGreaterThan(section + 1)
    expect(body).toContain(
      `[\`b2bCollaborationInbound.applications.accessType\` · line ${line}](${BASELINE_URL}#L${line})`
    )
    // What next.
    expect(body).toContain('- [ ] **Intended?** Accept it')
    expect(body).toContain('- [ ] **Unintended?** Revert it')
    expect(body).toContain('- [ ] **An exception?**')
    expect(body).toContain('"kind": "default"')
    expect(body).toContain('"expires": "2026-05-31"')
    expect(body).toContain('**Respond by:** 2026-03-03 02:00 UTC (critical: 1 day from 2026-03-02 02:00 UTC)')
  })

  it('in a public repository the who / when / whom block is redacted as the report is: nothing identifying', async () => {
    const { baseline, report, findings } = defaultDrift()
    // What the run's disclosure learns from the report, as in production.
    const facts = factsOfReport(report)

    await publishRun(fake, findings, {
      redact: true,
      redaction: keyedRedaction(facts.tenantIds, { knownNames: facts.names, knownDomains: facts.domains }),
      triage: triage({ baselineUrl: BASELINE_URL, baselineText: serializeSnapshot(baseline) })
    })

    const body = decodeEntities(fake.issues()[0]?.body ?? '')
    expect(body).toContain('**Who:** [redacted user]')
    expect(body).toContain('**When:** 2026-03-01 14:02:11 UTC')
    for (const secret of [
      'adele.vance',
      'contoso.com',
      'Northwind',
      'northwind.example',
      NORTHWIND,
      TAILSPIN,
      UNNAMED,
      TENANT_ID
    ])
      expect(body).not.toContain(secret)
  })

  it('links the open accept-drift pull request in the checklist', async () => {
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage({ acceptPullRequest: { number: 17 } }) })

    expect(fake.issues()[0]?.body).toContain('review and merge the accept-drift pull request #17.')
  })

  it('a later run with another run link but the same drift writes nothing', async () => {
    const { findings } = defaultDrift()
    await publishRun(fake, findings, { triage: triage() })
    fake.clearRequests()

    await publishRun(fake, findings, {
      triage: triage({ runUrl: `${RUN_URL}x`, now: '2026-03-02T12:00:00Z' })
    })

    expect(fake.writes()).toEqual([])
  })
})

describe('acceptance: owners and age', () => {
  const OWNERS = parseOwners(
    JSON.stringify({
      default: { assignees: ['secops-lead'] },
      owners: [
        {
          match: { kind: 'partner', tier: 'strategic' },
          assignees: ['alliance-lead'],
          teams: ['contoso-security/alliances'],
          labels: ['team:alliances']
        }
      ]
    }),
    'baselines/owners.json'
  )
  const tiers = (tenantId: string) => (tenantId === FABRIKAM.key ? 'strategic' : undefined)

  it('a drift on a partner of a tier the owners map gives to a team is assigned, labelled and mentions the team', async () => {
    await publishRun(fake, [fabrikamMfaTrusted, guestPolicyDisabled], {
      assignees: ['static-assignee'],
      triage: triage({ owners: OWNERS, tierOf: tiers })
    })

    const fabrikam = fake.issues().find((issue) => issue.title.includes('Fabrikam'))
    expect(fabrikam?.assignees).toEqual(['alliance-lead'])
    expect(fabrikam?.labels).toContain('team:alliances')
    expect(fabrikam?.body).toContain(
      '**Owner:** @alliance-lead, @contoso-security/alliances (from the owners map).'
    )
    const policy = fake.issues().find((issue) => issue.title.includes('CA policy'))
    expect(policy?.assignees).toEqual(['secops-lead'])
    expect(policy?.body).toContain('the default owner, because no entry of the owners map matches this drift')
  })

  it('without a tier lookup, a tier entry matches nothing and the default owner gets the drift', async () => {
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage({ owners: OWNERS }) })

    expect(fake.issues()[0]?.assignees).toEqual(['secops-lead'])
  })

  it('a drift open past its due date is labelled overdue once: one write, then none', async () => {
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage() })
    const late = '2026-03-10T02:00:01.000Z' // high: 7 days from 2026-03-02 02:00

    fake.clearRequests()
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage({ now: '2026-03-08T00:00:00Z' }) })
    expect(fake.writes()).toEqual([])

    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage({ now: late }) })
    const issue = fake.issues()[0]
    expect(issue?.labels).toContain('overdue')
    expect(issue?.body).toContain('**Overdue** since 2026-03-09 02:00 UTC.')
    const labelWrites = fake.writes().filter((request) => request.method === 'PATCH')
    expect(labelWrites).toHaveLength(1)

    fake.clearRequests()
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage({ now: '2026-03-20T00:00:00Z' }) })
    expect(fake.writes()).toEqual([])
  })
})

describe('a drift that comes back', () => {
  it('starts a new cycle: a fresh due date, and the overdue label of the last cycle removed', async () => {
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage() })
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage({ now: '2026-03-20T00:00:00Z' }) })
    await publishRun(fake, [], { triage: triage({ now: '2026-03-21T00:00:00Z' }) })
    expect(fake.issues()[0]?.state).toBe('closed')

    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage({ now: '2026-04-01T00:00:00.000Z' }) })
    const issue = fake.issues()[0]
    expect(issue?.state).toBe('open')
    expect(issue?.labels).not.toContain('overdue')
    expect(issue?.body).toContain(
      '**Respond by:** 2026-04-08 00:00 UTC (high: 7 days from 2026-04-01 00:00 UTC)'
    )
    expect(issue?.body).not.toContain('**Overdue**')

    fake.clearRequests()
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage({ now: '2026-04-02T00:00:00Z' }) })
    expect(fake.writes()).toEqual([])
  })
})

describe('acceptance: an honest ending', () => {
  it('a drift that disappears because a merged pull request changed the baseline is closed naming that pull request and its author', async () => {
    fake.setNow('2026-03-01T00:00:00Z')
    fake.pushFiles(fake.defaultBranch, { [BASELINE_PATH]: '{}\n' }, 'Add baseline')
    fake.setNow(NOW)
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage(), baselinePath: BASELINE_PATH })
    fake.setNow('2026-03-03T09:00:00Z')
    const pull = fake.mergePullRequest({
      title: 'Accept drift: Fabrikam MFA trust',
      head: 'entra-drift/accept',
      files: { [BASELINE_PATH]: '{"accepted": true}\n' },
      by: { login: 'octo-admin', name: 'Octo Admin', email: 'octo-admin@example.invalid' }
    })

    await publishRun(fake, [], {
      triage: triage({ now: '2026-03-03T10:00:00Z' }),
      baselinePath: BASELINE_PATH
    })

    const issue = fake.issues().find((candidate) => candidate.title.includes('Fabrikam'))
    expect(issue?.state).toBe('closed')
    const comment = issue?.comments.at(-1)?.body ?? ''
    expect(comment).toContain('**accepted**')
    expect(comment).toContain(`in pull request #${pull} (Accept drift: Fabrikam MFA trust) by octo-admin`)
  })

  it('a pull request that changed the baseline file but not this object does not make the drift accepted', async () => {
    const before = { partners: { [FABRIKAM.key]: { tenantId: FABRIKAM.key, inboundTrust: null } } }
    const after = { ...before, authorizationPolicy: { allowInvitesFrom: 'adminsAndGuestInviters' } }
    fake.setNow('2026-03-01T00:00:00Z')
    fake.pushFiles(fake.defaultBranch, { [BASELINE_PATH]: JSON.stringify(before) }, 'Add baseline')
    fake.setNow(NOW)
    await publishRun(fake, [fabrikamMfaTrusted], {
      triage: triage(),
      baselinePath: BASELINE_PATH,
      baseline: before
    })
    fake.setNow('2026-03-03T09:00:00Z')
    fake.mergePullRequest({
      title: 'Tighten guest invitations',
      head: 'invites',
      files: { [BASELINE_PATH]: JSON.stringify(after) }
    })

    await publishRun(fake, [], {
      triage: triage({ now: '2026-03-03T10:00:00Z' }),
      baselinePath: BASELINE_PATH,
      baseline: after
    })

    const comment = fake.issues()[0]?.comments.at(-1)?.body ?? ''
    expect(comment).toContain('**reverted**')
    expect(comment).not.toContain('Tighten guest invitations')
  })

  it('a drift whose baseline value moved is accepted, naming the pull request that moved it', async () => {
    const before = { partners: { [FABRIKAM.key]: { tenantId: FABRIKAM.key, inboundTrust: null } } }
    const after = {
      partners: { [FABRIKAM.key]: { tenantId: FABRIKAM.key, inboundTrust: { isMfaAccepted: true } } }
    }
    fake.setNow('2026-03-01T00:00:00Z')
    fake.pushFiles(fake.defaultBranch, { [BASELINE_PATH]: JSON.stringify(before) }, 'Add baseline')
    fake.setNow(NOW)
    await publishRun(fake, [fabrikamMfaTrusted], {
      triage: triage(),
      baselinePath: BASELINE_PATH,
      baseline: before
    })
    fake.setNow('2026-03-03T09:00:00Z')
    const pull = fake.mergePullRequest({
      title: 'Accept Fabrikam MFA trust',
      head: 'entra-drift/accept',
      files: { [BASELINE_PATH]: JSON.stringify(after) }
    })

    await publishRun(fake, [], {
      triage: triage({ now: '2026-03-03T10:00:00Z' }),
      baselinePath: BASELINE_PATH,
      baseline: after
    })

    const comment = fake.issues()[0]?.comments.at(-1)?.body ?? ''
    expect(comment).toContain(
      `**accepted**. The baseline was changed to match the tenant in pull request #${pull} (Accept Fabrikam MFA trust) by mona`
    )
  })

  it('a drift that disappears while the baseline stayed as it was is closed as reverted', async () => {
    fake.setNow('2026-03-01T00:00:00Z')
    fake.pushFiles(fake.defaultBranch, { [BASELINE_PATH]: '{}\n' }, 'Add baseline')
    fake.setNow(NOW)
    await publishRun(fake, [fabrikamMfaTrusted], { triage: triage(), baselinePath: BASELINE_PATH })
    fake.setNow('2026-03-03T09:00:00Z')
    fake.pushFiles(fake.defaultBranch, { 'README.md': 'unrelated\n' }, 'Docs')

    await publishRun(fake, [], {
      triage: triage({ now: '2026-03-03T10:00:00Z' }),
      baselinePath: BASELINE_PATH
    })

    const comment = fake.issues()[0]?.comments.at(-1)?.body ?? ''
    expect(comment).toContain('**reverted**')
    expect(comment).toContain('The baseline file did not change since this issue was opened')
  })
})
