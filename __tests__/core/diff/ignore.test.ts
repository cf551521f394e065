import { describe, expect, it } from '@jest/globals'
import { isExpired, matchIgnore, matchesPathPattern } from '../../../src/core/diff/ignore.js'
import { buildReport, compareSnapshots } from '../../../src/core/report/report.js'
import type { IgnoreEntry } from '../../../src/core/model/snapshot.js'
import {
  PARTNER_ID,
  TENANT_ID,
  defaultConfiguration,
  partnerConfiguration,
  setAt,
  snapshot
} from '../../support/snapshot-builder.js'

describe('matchesPathPattern', () => {
  it.each<[string, string, boolean]>([
    ['inboundTrust.isMfaAccepted', 'inboundTrust.isMfaAccepted', true],
    ['inboundTrust.isMfaAccepted', 'inboundTrust.isCompliantDeviceAccepted', false],
    ['inboundTrust', 'inboundTrust.isMfaAccepted', false],
    ['inboundTrust.*', 'inboundTrust.isMfaAccepted', true],
    ['inboundTrust.*', 'inboundTrust', false],
    ['*.isMfaAccepted', 'inboundTrust.isMfaAccepted', true],
    ['b2bCollaborationInbound.*', 'b2bCollaborationInbound.usersAndGroups.targets', false],
    ['b2bCollaborationInbound.**', 'b2bCollaborationInbound.usersAndGroups.targets', true],
    ['b2bCollaborationInbound.**', 'b2bCollaborationInbound', true],
    ['**.targets', 'b2bDirectConnectInbound.applications.targets', true],
    ['**', 'anything.at.all', true],
    ['outer["odd key"]', 'outer["odd key"]', true]
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(matchesPathPattern(pattern, path)).toBe(expected)
  })
})

describe('matchIgnore', () => {
  const partner = { kind: 'partner', key: PARTNER_ID }

  it('matches kind, key (exact, * or absent) and path', () => {
    const entries: IgnoreEntry[] = [
      { kind: 'default', reason: 'other kind' },
      { kind: 'partner', key: 'someone-else', reason: 'other key' },
      { kind: 'partner', key: '*', path: 'inboundTrust.*', reason: 'pilot' }
    ]

    expect(matchIgnore(entries, '2026-03-01', partner, 'inboundTrust.isMfaAccepted').active?.reason).toBe(
      'pilot'
    )
    expect(matchIgnore(entries, '2026-03-01', partner, 'tenantRestrictions')).toEqual({})
  })

  it('stops applying an entry on its expiry day and reports it expired', () => {
    const entry: IgnoreEntry = { kind: 'partner', key: PARTNER_ID, reason: 'pilot', expires: '2026-03-01' }

    expect(isExpired(entry, '2026-02-28')).toBe(false)
    expect(isExpired(entry, '2026-03-01')).toBe(true)
    expect(matchIgnore([entry], '2026-02-28', partner, 'x').active).toBe(entry)
    expect(matchIgnore([entry], '2026-03-01', partner, 'x')).toEqual({ expired: entry })
  })
})

describe('accepted drift in a comparison', () => {
  const baselineDefault = defaultConfiguration()
  const liveDefault = setAt(
    setAt(baselineDefault, 'inboundTrust.isMfaAccepted', true),
    'inboundTrust.isCompliantDeviceAccepted',
    true
  )

  function reportWith(ignore: IgnoreEntry[], today: string) {
    const baseline = snapshot({ default: baselineDefault, ignore })
    const live = snapshot({ default: liveDefault })
    return buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'baselines/t.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(baseline, live, { today })
    })
  }

  it('lists an ignored change with its reason and does not count it', () => {
    const report = reportWith(
      [{ kind: 'default', path: 'inboundTrust.**', reason: 'MFA trust pilot', expires: '2026-06-30' }],
      '2026-03-01'
    )

    expect(report.findings).toHaveLength(1)
    expect(report.findings[0]?.ignored).toEqual({
      reason: 'MFA trust pilot',
      expires: '2026-06-30',
      entry: { index: 0, kind: 'default', path: 'inboundTrust.**' }
    })
    expect(report.driftCount).toBe(0)
    expect(report.driftDetected).toBe(false)
    expect(report.counts).toMatchObject({ critical: 0, ignored: 1 })
    expect(report.maxSeverity).toBe('none')
  })

  it('splits a finding when an entry accepts only some of its changes', () => {
    const report = reportWith(
      [{ kind: 'default', path: 'inboundTrust.isMfaAccepted', reason: 'MFA trust pilot' }],
      '2026-03-01'
    )

    const ignored = report.findings.filter((finding) => finding.ignored !== undefined)
    const counted = report.findings.filter((finding) => finding.ignored === undefined)
    expect(ignored.map((finding) => finding.changes.map((change) => change.path))).toEqual([
      ['inboundTrust.isMfaAccepted']
    ])
    expect(counted.map((finding) => finding.changes.map((change) => change.path))).toEqual([
      ['inboundTrust.isCompliantDeviceAccepted']
    ])
    expect(counted[0]?.summary).toBe(
      'The default configuration now trusts compliant-device claims from every external organisation'
    )
    expect(report.driftCount).toBe(1)
  })

  it('counts the drift again once the entry expired, and says so', () => {
    const report = reportWith(
      [{ kind: 'default', reason: 'MFA trust pilot', expires: '2026-03-01' }],
      '2026-03-01'
    )

    expect(report.findings).toHaveLength(1)
    expect(report.findings[0]?.ignored).toBeUndefined()
    expect(report.findings[0]?.ignoreExpired).toEqual({ reason: 'MFA trust pilot', expires: '2026-03-01' })
    expect(report.driftCount).toBe(1)
    expect(report.maxSeverity).toBe('critical')
  })

  it('accepts guest-count drift too', () => {
    const baseline = snapshot({
      guests: { total: 100 },
      ignore: [{ kind: 'guests', path: 'total', reason: 'merger' }]
    })
    const live = snapshot({ guests: { total: 400 }, partners: {} })

    const { findings } = compareSnapshots(baseline, live, { today: '2026-03-01' })

    expect(findings.map((finding) => [finding.rule, finding.ignored?.reason])).toEqual([
      ['guest-count-grew', 'merger']
    ])
  })

  it('accepts a whole added object with a kind-and-key entry', () => {
    const baseline = snapshot({
      partners: {},
      ignore: [{ kind: 'partner', key: PARTNER_ID, reason: 'onboarding' }]
    })
    const live = snapshot({
      partners: { [PARTNER_ID]: setAt(partnerConfiguration(), 'inboundTrust', { isMfaAccepted: true }) }
    })

    const { findings } = compareSnapshots(baseline, live, { today: '2026-03-01' })

    expect(findings.length).toBeGreaterThan(0)
    expect(findings.every((finding) => finding.ignored?.reason === 'onboarding')).toBe(true)
  })
})
