import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { parseDirectoryAudit, type AuditEntry } from '../../../src/core/rules/attribution.js'
import type { Finding, Severity } from '../../../src/core/model/finding.js'
import type { JsonObject } from '../../../src/core/model/json.js'
import { renderMarkdown, renderText } from '../../../src/core/render/render-markdown.js'
import { buildReport, compareSnapshots, type Report } from '../../../src/core/report/report.js'
import { driftedReport } from '../../support/sample-reports.js'
import {
  GUEST_POLICY_ID,
  OFFICE_LOCATION_ID,
  PARTNER_ID,
  TENANT_ID,
  fullSnapshot,
  guestPolicy,
  ipLocation,
  b2bSetting,
  defaultConfiguration,
  partnerConfiguration,
  setAt,
  syncPolicy
} from '../../support/snapshot-builder.js'
import { directoryAudit } from '../../fakes/directory-audits.ts'

/** Not `.md`: Prettier would reformat it, and it must stay byte-for-byte the renderer's output. UPDATE_GOLDEN=1 rewrites it. */
const GOLDEN = new URL('./__golden__/drift-several-severities.md.golden', import.meta.url)

function reportOf(findings: Finding[], notCompared: Report['notCompared'] = []): Report {
  return buildReport({
    tenantId: TENANT_ID,
    baselinePath: `baselines/${TENANT_ID}.json`,
    capturedAt: '2026-03-01T02:00:00Z',
    comparison: { findings, notCompared }
  })
}

function syntheticFinding(severity: Severity, index: number): Finding {
  return {
    id: `f-${index.toString(16).padStart(16, '0')}`,
    rule: `synthetic-${severity}`,
    severity,
    object: { kind: 'namedLocation', key: `location-${index}`, displayName: `Location ${index}` },
    change: 'modified',
    changes: [
      {
        path: 'ipRanges',
        before: [{ cidrAddress: '192.0.2.0/24' }],
        after: [{ cidrAddress: '198.51.100.0/24' }]
      }
    ],
    summary: `Named location Location ${index}: changed ipRanges`,
    why: 'Synthetic finding for the size budget.',
    remediation: {
      graph: {
        method: 'PATCH',
        path: `/identity/conditionalAccess/namedLocations/location-${index}`,
        body: { ipRanges: [{ cidrAddress: '192.0.2.0/24' }] }
      },
      powershell: `Update-MgIdentityConditionalAccessNamedLocation -NamedLocationId 'location-${index}' -BodyParameter $body`
    }
  }
}

/** The text outside fenced code blocks, after checking every fence opened is closed by the same fence. */
function outsideCodeBlocks(markdown: string): string {
  const outside: string[] = []
  let fence: string | undefined
  for (const line of markdown.split('\n')) {
    if (fence === undefined) {
      const opening = /^(`{3,})[a-z]*$/.exec(line)
      if (opening) fence = opening[1]
      else outside.push(line)
    } else if (line === fence) {
      fence = undefined
    }
  }
  expect(fence).toBeUndefined()
  return outside.join('\n')
}

describe('renderMarkdown', () => {
  // Issue 8 grew the contract: every finding now opens with a Who / When / Affects block. The
  // sample report is built without reading the audit log, so its findings say that plainly.
  it('renders a report with several severities as the golden file', () => {
    const markdown = renderMarkdown(driftedReport())

    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, markdown)
    expect(markdown).toBe(readFileSync(GOLDEN, 'utf8'))
  })

  it('given a nested value that changed, then the table lists its leaf paths, never JSON cut off in a cell', () => {
    const before = fullSnapshot()
    const live = fullSnapshot({
      partners: {
        [PARTNER_ID]: setAt(
          partnerConfiguration(),
          'b2bCollaborationInbound',
          b2bSetting('allowed', 'group-1')
        )
      }
    })
    const report = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(before, live, { today: '2026-03-01' })
    })

    const rows = renderMarkdown(report)
      .split('\n')
      .filter((line) => line.startsWith('| b2bCollaborationInbound'))

    expect(rows).toEqual([
      '| b2bCollaborationInbound.applications.accessType | _not set_ | allowed |',
      '| b2bCollaborationInbound.applications.targets&#91;0&#93;.target | _not set_ | AllApplications |',
      '| b2bCollaborationInbound.applications.targets&#91;0&#93;.targetType | _not set_ | application |',
      '| b2bCollaborationInbound.usersAndGroups.accessType | _not set_ | allowed |',
      '| b2bCollaborationInbound.usersAndGroups.targets&#91;0&#93;.target | _not set_ | group-1 |',
      '| b2bCollaborationInbound.usersAndGroups.targets&#91;0&#93;.targetType | _not set_ | group |'
    ])
    expect(renderText(report)).toContain(
      'b2bCollaborationInbound.usersAndGroups.targets[0].target: (not set) -> group-1'
    )
  })

  it('is deterministic and carries no timestamp', () => {
    const report = driftedReport()

    const first = renderMarkdown(report)
    const second = renderMarkdown({ ...report, capturedAt: '2030-01-01T00:00:00Z' })

    expect(second).toBe(first)
    expect(first).not.toContain('2026-03-01T02:00:00Z')
  })

  it('says so explicitly when the tenant matches the baseline', () => {
    const markdown = renderMarkdown(reportOf([]))

    expect(markdown.split('\n')[0]).toBe(`No drift. The tenant matches \`baselines/${TENANT_ID}.json\`.`)
  })

  it('pluralises the summary line', () => {
    const one = renderMarkdown(reportOf([syntheticFinding('critical', 1)]))
    const many = renderMarkdown(
      reportOf([syntheticFinding('critical', 1), syntheticFinding('high', 2), syntheticFinding('high', 3)])
    )

    expect(one.split('\n')[0]).toMatch(/^\*\*Drift: 1 critical\*\* across 1 object of tenant /)
    expect(many.split('\n')[0]).toMatch(/^\*\*Drift: 1 critical, 2 high\*\* across 3 objects of tenant /)
  })

  it('shows an expired ignore on the finding it no longer accepts', () => {
    const finding = {
      ...syntheticFinding('high', 1),
      ignoreExpired: { reason: 'pilot', expires: '2026-02-01' }
    }

    const markdown = renderMarkdown(reportOf([finding]))

    expect(markdown).toContain(
      '**Ignore expired** on 2026-02-01 (reason was: pilot): this drift counts again.'
    )
  })

  describe('within the size budget', () => {
    const findings = [
      syntheticFinding('critical', 1),
      syntheticFinding('high', 2),
      ...Array.from({ length: 60 }, (_, index) => syntheticFinding('low', 100 + index))
    ]

    it('keeps the highest severities in full and shortens the lowest first, saying so', () => {
      const markdown = renderMarkdown(reportOf(findings), { maxLength: 10000 })

      expect(markdown.length).toBeLessThanOrEqual(10000)
      expect(markdown.match(/\| Path \| Baseline \| Live \|/g)).toHaveLength(2)
      expect(markdown).toContain('### 🔴 Critical · Named location Location 1')
      expect(markdown).toContain('- 🔵 Low · Named location Location 100: changed ipRanges (`synthetic-low`)')
      expect(markdown).toContain(
        '> To fit the size limit, details of 60 low findings are shortened or left out.'
      )
    })

    it('leaves whole severities out when shortening is not enough', () => {
      const markdown = renderMarkdown(reportOf(findings), { maxLength: 2500 })

      expect(markdown.length).toBeLessThanOrEqual(2500)
      expect(markdown).toContain('_…and 60 low findings not shown._')
      expect(markdown).toContain('Location 1')
    })

    it('renders everything when it fits', () => {
      const markdown = renderMarkdown(reportOf(findings))

      expect(markdown.match(/\| Path \| Baseline \| Live \|/g)).toHaveLength(62)
      expect(markdown).not.toContain('[!NOTE]')
    })
  })

  it('keeps hostile display names, keys and values inert', () => {
    const hostile =
      '**bold** <img src=x onerror=alert(1)> [click](https://evil.example) @octo-org/admins fixes #1 ``` ~~~ ' +
      '\u200bzero\u200dwidth \u202eRTL\u202c ' +
      'A'.repeat(10000)
    const baseline = fullSnapshot()
    const live = fullSnapshot({
      partners: { [PARTNER_ID]: setAt(partnerConfiguration(), 'inboundTrust', { isMfaAccepted: true }) },
      identitySynchronization: { [PARTNER_ID]: syncPolicy(PARTNER_ID, hostile) },
      conditionalAccessPolicies: { [GUEST_POLICY_ID]: setAt(guestPolicy(), 'displayName', hostile) },
      namedLocations: {
        [OFFICE_LOCATION_ID]: setAt(ipLocation(), 'ipRanges', [{ cidrAddress: `${hostile}/24` }])
      }
    })
    const report = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'baselines/tenant.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(baseline, live, { today: '2026-03-01' })
    })

    const markdown = renderMarkdown(report)
    const outside = outsideCodeBlocks(markdown)

    for (const raw of [
      '**bold**',
      '<img',
      '[click](',
      '@octo-org',
      '~~~',
      '``` ',
      '\u200b',
      '\u200d',
      '\u202e',
      '\u202c'
    ]) {
      expect(outside).not.toContain(raw)
    }
    expect(markdown).not.toMatch(/[\u200b-\u200f\u202a-\u202e]/)
    // GitHub looks for mentions and issue references after decoding entities: none may survive that.
    const rendered = outside.replace(/&#(\d+);/g, (_entity, code: string) =>
      String.fromCodePoint(Number(code))
    )
    expect(rendered).toContain('@\u200bocto-org/admins fixes #\u200b1')
    expect(rendered).not.toMatch(/@[A-Za-z0-9]/)
    expect(rendered).not.toMatch(/#\d/)
    expect(outside).toContain('&#42;&#42;bold&#42;&#42; &#60;img src=x')
    for (const line of outside.split('\n')) expect(line.length).toBeLessThan(2500)
    expect(markdown.length).toBeLessThanOrEqual(65000)
  })
})

describe('the Who / When / Affects block', () => {
  /** The default's inbound collaboration opens; `inheriting` partners follow it, one partner overrides it. */
  function openedDefault(inheriting: number, auditEntries: AuditEntry[]): string {
    const partners: Record<string, JsonObject> = {
      [PARTNER_ID]: setAt(partnerConfiguration(), 'b2bCollaborationInbound', b2bSetting('blocked'))
    }
    for (let index = 0; index < inheriting; index++) {
      const tenantId = `0000${index.toString(16).padStart(4, '0')}-0000-4000-8000-000000000000`
      partners[tenantId] = partnerConfiguration(tenantId)
    }
    const baseline = fullSnapshot({
      default: setAt(defaultConfiguration(), 'b2bCollaborationInbound', b2bSetting('blocked')),
      partners
    })
    const live = fullSnapshot({
      default: defaultConfiguration(),
      partners,
      capturedAt: '2026-03-02T02:00:00Z'
    })
    const report = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(baseline, live, { today: '2026-03-02' }),
      audit: {
        read: true,
        since: baseline.capturedAt,
        sinceWhat: "the baseline's capture",
        until: live.capturedAt,
        entries: auditEntries
      }
    })
    return renderMarkdown(report)
  }

  function auditEntry(upn: string): AuditEntry {
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
      initiatedBy: { ...initiatedBy, user: { userPrincipalName: upn } }
    })
    if (parsed === undefined) throw new Error('the fixture should parse')
    return parsed
  }

  it('opens each finding with who, when and which partners, before the summary', () => {
    const markdown = renderMarkdown(driftedReport())
    const lines = markdown.split('\n')
    const heading = lines.indexOf('### 🔴 Critical · Default cross-tenant access settings')

    expect(lines.slice(heading + 2, heading + 5)).toEqual([
      '**Who / When:** not known: the audit log was not consulted in this run\\',
      expect.stringMatching(
        /^\*\*Affects:\*\* every organisation without a partner configuration and 2 partners that inherit it /
      ),
      ''
    ])
  })

  it('given an audit entry, then it names the actor, the client, the time in UTC and the audit id', () => {
    const markdown = renderMarkdown(driftedReportWith('admin@contoso.example'))

    expect(markdown).toContain(
      '**Who:** admin&#64;&#8203;contoso.example · client Mozilla/5.0\\\n**When:** 2026-03-01 14:02:11 UTC · audit entry Directory&#95;0001\\\n**Affects:** every organisation without a partner configuration and 2 partners that inherit it'
    )
  })

  it('keeps a hostile actor inert', () => {
    const markdown = renderMarkdown(driftedReportWith('@octo-org/admins fixes #1 [x](https://evil.example)'))

    expect(markdown).not.toContain('@octo-org')
    expect(markdown).not.toContain('](https://evil.example)')
  })

  it('given an audit entry, then the terminal rendering names who, when, why and the revert in plain text', () => {
    const text = renderText(driftedReportWith('admin@contoso.example'))

    const critical = text.split('\n\n').find((block) => block.startsWith('CRITICAL ')) ?? ''
    expect(critical.split('\n').map((line) => line.trim())).toEqual([
      'CRITICAL The default configuration now trusts MFA from every external organisation [inbound-trust-accepted]',
      'inboundTrust.isMfaAccepted: false -> true',
      'Who:      admin@contoso.example · client Mozilla/5.0',
      'When:     2026-03-01 14:02:11 UTC · audit entry Directory_0001',
      expect.stringMatching(
        /^Affects: {2}every organisation without a partner configuration and 2 partners that inherit it/
      ),
      expect.stringMatching(/^Why: {6}Accepting another tenant/),
      'Revert:   PATCH /policies/crossTenantAccessPolicy/default {"inboundTrust":{"isCompliantDeviceAccepted":false,"isHybridAzureADJoinedDeviceAccepted":false,"isMfaAccepted":false}}',
      `PowerShell: $body = '{"inboundTrust":{"isCompliantDeviceAccepted":false,"isHybridAzureADJoinedDeviceAccepted":false,"isMfaAccepted":false}}' | ConvertFrom-Json -AsHashtable`,
      'Update-MgPolicyCrossTenantAccessPolicyDefault -BodyParameter $body'
    ])
    expect(text).not.toContain('&#')
  })

  it('given more than ten inheriting partners, then it names ten and counts the rest', () => {
    const markdown = openedDefault(14, [])

    const affects = markdown.split('\n').find((line) => line.startsWith('**Affects:** every organisation'))
    expect(affects).toMatch(
      / and 14 partners that inherit it \(access widened: inbound B2B collaboration now allowed for all users and applications\): /
    )
    expect(affects).toMatch(/ and 4 more \(all in the JSON report\)$/)
    expect(affects).not.toContain(PARTNER_ID)
  })

  function driftedReportWith(upn: string): Report {
    const report = driftedReport()
    return {
      ...report,
      findings: report.findings.map((finding) =>
        finding.object.kind === 'default'
          ? {
              ...finding,
              attribution: {
                actor: auditEntry(upn).actor ?? '',
                time: '2026-03-01T14:02:11.1234567Z',
                client: 'Mozilla/5.0',
                auditId: 'Directory_0001'
              }
            }
          : finding
      )
    }
  }
})

describe('the stale-guest figure in the report', () => {
  it('shows the figure with its exact definition, never-signed-in guests included', () => {
    const definition =
      'guests with no sign-in (interactive, non-interactive or successful) for 90 days; guests who never signed in are included once their account is older than 90 days'
    const baseline = fullSnapshot()
    const live = {
      ...fullSnapshot(),
      guests: { ...fullSnapshot().guests, stale: 40, staleAfterDays: 90, staleDefinition: definition }
    }

    const markdown = renderMarkdown(
      buildReport({
        tenantId: TENANT_ID,
        baselinePath: 'b.json',
        capturedAt: live.capturedAt,
        comparison: compareSnapshots(baseline, live, { today: '2026-03-01', maxStaleGuests: 25 })
      })
    )

    expect(markdown).toContain(
      '40 guests with no sign-in for 90 days, above the limit of 25 (counted: guests with no sign-in (interactive, non-interactive or successful) for 90 days; guests who never signed in are included once their account is older than 90 days)'
    )
  })
})

describe('renderText', () => {
  it('prints a compact plain summary for terminals', () => {
    const text = renderText(driftedReport())

    expect(text.split('\n').slice(0, 4)).toEqual([
      `Drift: 1 critical, 1 high, 1 medium, 3 low across 6 objects of tenant ${TENANT_ID}.`,
      '',
      'CRITICAL The default configuration now trusts MFA from every external organisation [inbound-trust-accepted]',
      '         inboundTrust.isMfaAccepted: false -> true'
    ])
    expect(text).toContain(
      'Not compared: guests.stale (live read unavailable: signInActivity needs Entra ID P1)'
    )
    expect(text).not.toContain('&#')
  })

  it('says no drift when clean', () => {
    const state = fullSnapshot()

    const text = renderText(
      buildReport({
        tenantId: TENANT_ID,
        baselinePath: 'b.json',
        capturedAt: state.capturedAt,
        comparison: compareSnapshots(state, state, { today: '2026-03-01' })
      })
    )

    expect(text).toBe('No drift. The tenant matches b.json.\n')
  })
})

describe('ignored findings at high or critical', () => {
  const wideEntry = { index: 0, kind: 'partner', key: '*', path: '**' }
  const ignoredCritical: Finding = {
    ...syntheticFinding('critical', 1),
    ignored: { reason: 'noise from the pilot', entry: wideEntry }
  }
  const ignoredLow: Finding = {
    ...syntheticFinding('low', 2),
    ignored: { reason: 'cosmetic', expires: '2026-04-30', entry: { index: 1, kind: 'namedLocation' } }
  }

  it('given an ignored critical finding, then a warning up front names the entry and says it never expires', () => {
    const markdown = renderMarkdown(reportOf([ignoredCritical, ignoredLow]))
    const blocks = markdown.split('\n\n')

    expect(blocks[0]).toBe(
      "**No drift counted**, but the baseline's ignore entries accept 1 high or critical finding (below)."
    )
    expect(blocks[2]).toBe(
      [
        '> [!WARNING]',
        "> 1 high or critical finding accepted by the baseline's `ignore` entries, so not counted as drift. Check that each entry is meant to cover it:",
        '> - 🔴 Critical · Named location Location 1 (location-1): Named location Location 1: changed ipRanges: ignored by ignore[0] (kind `partner`, key `*`, path `**`, reason: noise from the pilot), never expires.'
      ].join('\n')
    )
    expect(blocks[2]).not.toContain('cosmetic')
  })

  it('given an ignored finding with an expiry, then the accepted-drift list says when it expires', () => {
    const markdown = renderMarkdown(reportOf([ignoredCritical, ignoredLow]))

    expect(markdown).toContain(
      'ignored by ignore[1] (kind `namedLocation`, key `*`, path `**`, reason: cosmetic), expires 2026-04-30'
    )
  })

  it('given a body over budget, then the warning stays although the accepted-drift list is dropped', () => {
    const many = Array.from({ length: 40 }, (_, index) => syntheticFinding('high', 10 + index))

    const markdown = renderMarkdown(reportOf([ignoredCritical, ignoredLow, ...many]), { maxLength: 3000 })

    expect(markdown).not.toContain('### Accepted drift (ignored)')
    expect(markdown).toContain('ignored by ignore[0] (kind `partner`, key `*`, path `**`')
  })

  it('given a hostile reason, then it renders inert', () => {
    const hostile = {
      ...ignoredCritical,
      ignored: { reason: '@org/admins see [x](https://evil.example)', entry: wideEntry }
    }

    const markdown = renderMarkdown(reportOf([hostile]))

    expect(markdown).not.toMatch(/@org|\]\(https:/)
  })

  it('given the text rendering, then the ignored critical finding is named there too', () => {
    expect(renderText(reportOf([ignoredCritical]))).toContain(
      "No drift counted, but the baseline's ignore entries accept 1 high or critical finding.\n"
    )
    expect(renderText(reportOf([ignoredCritical]))).toContain(
      'IGNORED  critical Named location Location 1: changed ipRanges [synthetic-critical]: ignored by ignore[0] (kind partner, key *, path **, reason: noise from the pilot), never expires'
    )
  })
})

describe('the Affects line when the partners were not compared', () => {
  it('says "partners unavailable" and states no count', () => {
    const live = fullSnapshot({ default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true) })
    delete live.partners
    live.unavailable = { partners: 'Graph answered 403 Forbidden' }
    const report = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(fullSnapshot(), live, { today: '2026-03-01' })
    })

    const markdown = renderMarkdown(report)

    expect(markdown).toContain(
      '**Affects:** partners unavailable (live read unavailable: Graph answered 403 Forbidden): every organisation without a partner configuration (access widened: now trusts MFA); which partner configurations inherit it is not known'
    )
    expect(markdown).not.toMatch(/\d+ partners?\b/)
  })
})
