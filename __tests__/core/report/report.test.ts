import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { reportSchema } from '../../../src/core/report/report-schema.js'
import type { FailOn, Finding, Severity } from '../../../src/core/model/finding.js'
import {
  buildReport,
  compareSnapshots,
  failsAt,
  maxSeverity,
  type Report
} from '../../../src/core/report/report.js'
import { TENANT_ID, fullSnapshot } from '../../support/snapshot-builder.js'
import { driftedReport } from '../../support/sample-reports.js'

const validateReport = new Ajv2020({ allErrors: true, strict: true }).compile(reportSchema)

function finding(severity: Severity, extra: Partial<Finding> = {}): Finding {
  return {
    id: 'f-0000000000000000',
    rule: 'r',
    severity,
    object: { kind: 'default', key: 'default', displayName: 'Default' },
    change: 'modified',
    changes: [{ path: 'a', before: 1, after: 2 }],
    summary: 's',
    why: 'w',
    ...extra
  }
}

describe('buildReport', () => {
  const report = driftedReport()

  it('counts findings per severity, info and ignored apart', () => {
    // The new partner configuration overrides nothing, so it is low (issue 13: a severity that matches).
    expect(report.counts).toEqual({ critical: 1, high: 1, medium: 1, low: 3, info: 1, ignored: 1 })
    expect(report.driftCount).toBe(6)
    expect(report.driftDetected).toBe(true)
    expect(report.maxSeverity).toBe('critical')
  })

  it('orders findings by severity, then object kind, then key', () => {
    expect(report.findings.map((item) => [item.severity, item.object.kind, item.rule])).toEqual([
      ['critical', 'default', 'inbound-trust-accepted'],
      ['high', 'conditionalAccessPolicy', 'ca-guest-policy-report-only'],
      ['medium', 'guests', 'guest-count-grew'],
      ['low', 'partner', 'outbound-access-closed'],
      ['low', 'partner', 'partner-added'],
      ['low', 'namedLocation', 'named-location-changed'],
      ['low', 'authorizationPolicy', 'authorization-policy-changed'],
      ['info', 'authorizationPolicy', 'graph-new-property']
    ])
  })

  it('lists what it could not compare', () => {
    expect(report.notCompared).toEqual([
      { section: 'guests.stale', reason: 'live read unavailable: signInActivity needs Entra ID P1' }
    ])
  })

  it('validates against its published JSON schema', () => {
    const valid = validateReport(JSON.parse(JSON.stringify(report)))

    expect(validateReport.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('rejects a report that breaks the schema (the schema is not a rubber stamp)', () => {
    const broken = { ...JSON.parse(JSON.stringify(report)), maxSeverity: 'info' }

    expect(validateReport(broken)).toBe(false)
  })

  it('reports a clean tenant with maxSeverity none and validates too', () => {
    const state = fullSnapshot()
    const clean = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: state.capturedAt,
      comparison: compareSnapshots(state, state, { today: '2026-03-01' })
    })

    expect(clean).toMatchObject({
      driftDetected: false,
      driftCount: 0,
      maxSeverity: 'none',
      findings: [],
      notCompared: []
    })
    expect(validateReport(clean)).toBe(true)
  })
})

describe('maxSeverity', () => {
  it.each<[Finding[], string]>([
    [[], 'none'],
    [[finding('info')], 'none'],
    [[finding('low'), finding('medium')], 'medium'],
    [[finding('critical', { ignored: { reason: 'accepted' } }), finding('low')], 'low'],
    [[finding('high'), finding('critical')], 'critical']
  ])('of %j is %s', (findings, expected) => {
    expect(maxSeverity(findings)).toBe(expected)
  })
})

describe('failsAt', () => {
  const reportOf = (findings: Finding[]): Report =>
    buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: 'x',
      comparison: { findings, notCompared: [] }
    })

  it.each<[Severity[], FailOn, boolean]>([
    [['medium'], 'none', false],
    [['critical'], 'none', false],
    [['medium'], 'medium', true],
    [['medium'], 'high', false],
    [['low'], 'low', true],
    [['high'], 'medium', true],
    [['info'], 'low', false],
    [[], 'low', false]
  ])('findings %j with fail-on %s fail: %s', (severities, failOn, expected) => {
    expect(failsAt(reportOf(severities.map((severity) => finding(severity))), failOn)).toBe(expected)
  })

  it('never fails on ignored findings', () => {
    expect(failsAt(reportOf([finding('critical', { ignored: { reason: 'accepted' } })]), 'low')).toBe(false)
  })
})
