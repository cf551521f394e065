import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { reportSchema } from '../../../src/core/report/report-schema.js'
import {
  AUDIT_ACTIVITIES,
  attribute,
  needsAuditLog,
  parseDirectoryAudit,
  type AuditEntry,
  type AuditEvidence
} from '../../../src/core/rules/attribution.js'
import type { Finding, ObjectRef } from '../../../src/core/model/finding.js'
import type { JsonObject } from '../../../src/core/model/json.js'
import { buildReport } from '../../../src/core/report/report.js'
import {
  AUDIT_ADMIN,
  AUDIT_AUTOMATION_APP,
  directoryAudit,
  type DirectoryAuditInput
} from '../../fakes/directory-audits.ts'
import { GUEST_POLICY_ID, OTHER_PARTNER_ID, PARTNER_ID, TENANT_ID } from '../../support/snapshot-builder.js'

const validateReport = new Ajv2020({ allErrors: true, strict: true }).compile(reportSchema)

const SINCE = '2026-03-01T02:00:00.000Z'
const UNTIL = '2026-03-04T02:00:00.000Z'

const PARTNER: ObjectRef = { kind: 'partner', key: PARTNER_ID, displayName: 'Fabrikam' }
const DEFAULT: ObjectRef = {
  kind: 'default',
  key: 'default',
  displayName: 'Default cross-tenant access settings'
}
const GUEST_POLICY: ObjectRef = {
  kind: 'conditionalAccessPolicy',
  key: GUEST_POLICY_ID,
  displayName: 'Guests'
}

function findingOn(object: ObjectRef, extra: Partial<Finding> = {}): Finding {
  return {
    id: `f-${object.kind.length.toString(16).padStart(16, '0')}`,
    rule: 'some-rule',
    severity: 'high',
    object,
    change: 'modified',
    changes: [{ path: 'inboundTrust.isMfaAccepted', before: false, after: true }],
    summary: 's',
    why: 'w',
    ...extra
  }
}

function entry(
  input: Omit<DirectoryAuditInput, 'target'> & { target?: DirectoryAuditInput['target'] }
): AuditEntry {
  const parsed = parseDirectoryAudit(
    directoryAudit({ target: { id: PARTNER_ID }, ...input }) as unknown as JsonObject
  )
  if (parsed === undefined) throw new Error('the fixture should parse')
  return parsed
}

function evidence(entries: AuditEntry[], since = SINCE, until = UNTIL): AuditEvidence {
  return { read: true, since, sinceWhat: "the baseline's capture", until, entries }
}

describe('parseDirectoryAudit', () => {
  it('given a user-initiated entry, then the actor is the UPN and the client the user agent and address', () => {
    const parsed = entry({
      id: 'Directory_1',
      activity: 'updatePartner',
      at: '2026-03-02T10:15:00Z',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0)'
    })

    expect(parsed).toEqual({
      id: 'Directory_1',
      activity: 'Update a partner cross-tenant access setting',
      time: '2026-03-02T10:15:00Z',
      result: 'success',
      actor: AUDIT_ADMIN.userPrincipalName,
      client: `Mozilla/5.0 (Windows NT 10.0) from ${AUDIT_ADMIN.ipAddress}`,
      targets: [PARTNER_ID]
    })
  })

  it('given an app-initiated entry, then the actor names the app and its app id', () => {
    const parsed = entry({
      id: 'Directory_2',
      activity: 'updateDefault',
      at: '2026-03-02T10:15:00Z',
      initiator: 'app'
    })

    expect(parsed.actor).toBe(`app ${AUDIT_AUTOMATION_APP.displayName} (${AUDIT_AUTOMATION_APP.appId})`)
    expect(parsed.client).toBeNull()
  })

  it('given a partner added, then the tenantId modified property counts as a target', () => {
    const parsed = entry({
      id: 'Directory_3',
      activity: 'addPartner',
      at: '2026-03-02T10:15:00Z',
      target: { id: '9a9a9a9a-0000-4000-8000-000000000009' },
      modifiedProperties: [
        { displayName: 'tenantId', oldValue: null, newValue: `"${OTHER_PARTNER_ID.toUpperCase()}"` }
      ]
    })

    expect(parsed.targets).toEqual(['9a9a9a9a-0000-4000-8000-000000000009', OTHER_PARTNER_ID])
  })

  it('given an entry without id, activity or a parseable time, then it is skipped', () => {
    expect(
      parseDirectoryAudit({ activityDisplayName: 'x', activityDateTime: '2026-03-02T10:15:00Z' })
    ).toBeUndefined()
    expect(
      parseDirectoryAudit({ id: 'x', activityDisplayName: 'x', activityDateTime: 'yesterday' })
    ).toBeUndefined()
  })
})

describe('attribute', () => {
  it('given several updates of the partner in the window, then the latest names actor, time, client and audit id', () => {
    const entries = [
      entry({ id: 'Directory_early', activity: 'updatePartner', at: '2026-03-01T09:00:00Z' }),
      entry({
        id: 'Directory_late',
        activity: 'updatePartner',
        at: '2026-03-03T09:00:00Z',
        userAgent: 'PowerShell/7.4'
      }),
      entry({
        id: 'Directory_other',
        activity: 'updatePartner',
        at: '2026-03-03T23:00:00Z',
        target: { id: OTHER_PARTNER_ID }
      })
    ]

    expect(attribute(findingOn(PARTNER), evidence(entries))).toEqual({
      actor: AUDIT_ADMIN.userPrincipalName,
      time: '2026-03-03T09:00:00Z',
      client: `PowerShell/7.4 from ${AUDIT_ADMIN.ipAddress}`,
      auditId: 'Directory_late'
    })
  })

  it('given entries before the window, after the live capture, failed, or of another activity, then none is named', () => {
    const entries = [
      entry({ id: 'before', activity: 'updatePartner', at: '2026-02-28T09:00:00Z' }),
      entry({ id: 'after', activity: 'updatePartner', at: '2026-03-05T09:00:00Z' }),
      entry({ id: 'failed', activity: 'updatePartner', at: '2026-03-02T09:00:00Z', result: 'failure' }),
      entry({ id: 'sync', activity: 'updateSync', at: '2026-03-02T09:00:00Z' })
    ]

    expect(attribute(findingOn(PARTNER), evidence(entries))).toEqual({
      unavailable: `no audit entry for this change naming ${PARTNER_ID} found since ${SINCE} (the baseline's capture)`
    })
  })

  it('given a default finding, then the default activity matches whatever the entry targets', () => {
    const entries = [
      entry({
        id: 'Directory_default',
        activity: 'updateDefault',
        at: '2026-03-02T09:00:00Z',
        target: { id: 'x' }
      })
    ]

    expect(attribute(findingOn(DEFAULT), evidence(entries))).toMatchObject({ auditId: 'Directory_default' })
  })

  it('given a CA policy finding, then the entry must target the policy, and activity case does not matter', () => {
    const docsCasing: AuditEntry = {
      ...entry({
        id: 'Directory_ca',
        activity: 'updateConditionalAccessPolicy',
        at: '2026-03-02T09:00:00Z',
        target: { id: GUEST_POLICY_ID }
      }),
      activity: 'Update Conditional Access policy'
    }
    const otherPolicy = entry({
      id: 'Directory_other_ca',
      activity: 'updateConditionalAccessPolicy',
      at: '2026-03-03T09:00:00Z',
      target: { id: 'ca000000-0000-4000-8000-0000000000c9' }
    })

    expect(attribute(findingOn(GUEST_POLICY), evidence([docsCasing, otherPolicy]))).toMatchObject({
      auditId: 'Directory_ca'
    })
  })

  it('given the audit log could not be read, then the finding gives that reason, verbatim', () => {
    const denied: AuditEvidence = {
      read: false,
      reason: 'grant the application permission AuditLog.Read.All'
    }

    expect(attribute(findingOn(PARTNER), denied)).toEqual({ unavailable: denied.reason })
  })

  it('given a window reaching beyond 30 days and no match, then it says the entries rotated out', () => {
    const since = '2026-01-15T00:00:00.000Z'

    const result = attribute(findingOn(PARTNER), evidence([], since))

    expect(result).toEqual({
      unavailable: `the window since ${since} (the baseline's capture) reaches back further than the audit log keeps entries (30 days): older entries have rotated out, and no matching entry remains in the days still kept`
    })
  })

  it('given a window of 7 to 30 days and no match, then it adds that free tenants keep 7 days', () => {
    const result = attribute(findingOn(DEFAULT), evidence([], '2026-02-20T00:00:00.000Z'))

    expect(result).toEqual({
      unavailable:
        "no audit entry for this change found since 2026-02-20T00:00:00.000Z (the baseline's capture); a tenant without Microsoft Entra ID P1/P2 keeps audit entries for 7 days only"
    })
  })

  it('given kinds no audit entry explains, or a new Graph property, then it says why instead of searching', () => {
    const guests: ObjectRef = { kind: 'guests', key: 'guests', displayName: 'Guest users' }
    const sharepoint: ObjectRef = {
      kind: 'sharepointSettings',
      key: 'sharepointSettings',
      displayName: 'SharePoint'
    }
    const everything = evidence([entry({ id: 'any', activity: 'updatePartner', at: '2026-03-02T09:00:00Z' })])

    expect(attribute(findingOn(guests), everything)).toEqual({
      unavailable:
        'guest counts move with many invitations, redemptions and removals; no single audit entry explains them'
    })
    expect(attribute(findingOn(sharepoint), everything)).toHaveProperty('unavailable')
    expect(attribute(findingOn(PARTNER, { severity: 'info' }), everything)).toEqual({
      unavailable: 'a property Graph started returning is not a change anyone made'
    })
  })
})

describe('needsAuditLog', () => {
  it.each<[string, boolean, Finding[]]>([
    ['no findings', false, []],
    ['only a guest figure', false, [findingOn({ kind: 'guests', key: 'guests', displayName: 'Guests' })]],
    ['only a new property', false, [findingOn(PARTNER, { severity: 'info' })]],
    ['a partner change', true, [findingOn(PARTNER)]]
  ])('with %s: %s', (_name, expected, findings) => {
    expect(needsAuditLog(findings)).toBe(expected)
  })

  it('knows an activity for every kind it attributes', () => {
    for (const activities of Object.values(AUDIT_ACTIVITIES)) expect(activities?.length).toBeGreaterThan(0)
  })
})

describe('the JSON report', () => {
  it('given attributed and unattributed findings, then each carries attribution and affects, and the schema holds', () => {
    const report = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: UNTIL,
      comparison: { findings: [findingOn(PARTNER), findingOn(DEFAULT)], notCompared: [] },
      audit: evidence([entry({ id: 'Directory_p', activity: 'updatePartner', at: '2026-03-02T09:00:00Z' })])
    })

    expect(
      report.findings.map((finding) => [finding.object.kind, finding.affects, finding.attribution])
    ).toEqual([
      [
        'partner',
        [],
        {
          actor: AUDIT_ADMIN.userPrincipalName,
          time: '2026-03-02T09:00:00Z',
          client: `from ${AUDIT_ADMIN.ipAddress}`,
          auditId: 'Directory_p'
        }
      ],
      [
        'default',
        [],
        { unavailable: `no audit entry for this change found since ${SINCE} (the baseline's capture)` }
      ]
    ])
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toBe(true)
  })

  it('rejects a finding whose attribution is neither an entry nor a reason (the schema is not a rubber stamp)', () => {
    const report = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: UNTIL,
      comparison: { findings: [findingOn(PARTNER)], notCompared: [] }
    })
    const broken = JSON.parse(JSON.stringify(report)) as { findings: { attribution: unknown }[] }
    ;(broken.findings[0] as { attribution: unknown }).attribution = { actor: 'someone' }

    expect(validateReport(broken)).toBe(false)
  })
})
