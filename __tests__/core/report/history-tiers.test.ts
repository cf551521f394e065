import { describe, expect, it } from '@jest/globals'
import {
  formatHistoryData,
  historyPoint,
  parseHistoryData,
  type HistoryPoint
} from '../../../src/core/report/history.js'
import { renderTrend } from '../../../src/core/render/render-history.js'
import { driftedReport } from '../../support/sample-reports.js'
import { fullSnapshot } from '../../support/snapshot-builder.js'

function run(at: string, tiers?: { outOfTier: number; unclassified: number }): HistoryPoint {
  return {
    at,
    total: 100,
    pendingAcceptance: 3,
    stale: null,
    findings: { critical: 0, high: 1, medium: 0, low: 0 },
    ...(tiers ?? {})
  }
}

describe('the history of partners out of tier', () => {
  it('records out-of-tier and unclassified counts when the run read a partner policy, and nothing otherwise', () => {
    const report = driftedReport()
    const withTiers = {
      ...report,
      partnerTiers: {
        tiers: [{ tier: 'strategic', partners: 2, outOfTier: 1 }],
        unclassified: 3,
        outOfTier: 1
      }
    }

    expect(historyPoint(withTiers, fullSnapshot())).toMatchObject({ outOfTier: 1, unclassified: 3 })
    expect(historyPoint(report, fullSnapshot()).outOfTier).toBeUndefined()
    expect(
      historyPoint(
        { ...withTiers, partnerTiers: { ...withTiers.partnerTiers, partnersUnknown: '403' } },
        fullSnapshot()
      ).outOfTier
    ).toBeUndefined()
  })

  it('keeps the counts through the hidden block', () => {
    const points = [
      run('2026-05-01T05:17:00Z'),
      run('2026-05-02T05:17:00Z', { outOfTier: 2, unclassified: 1 })
    ]

    expect(parseHistoryData(formatHistoryData(points)).points).toEqual(points)
  })

  it('charts partners out of tier or without one, and adds their columns, once a run read a policy', () => {
    const trend = renderTrend([
      run('2026-05-01T05:17:00Z'),
      run('2026-05-02T05:17:00Z', { outOfTier: 2, unclassified: 1 })
    ])

    expect(trend).toContain('line "partners out of tier or without one" [0, 3]')
    expect(trend).toContain('| Out of tier | No tier |')
    expect(trend).toContain('| 2026-05-02 05:17 | 100 | – | 3 | – | 1 | 0 | 1 | 0 | 0 | 2 | 1 |')
    expect(trend).toContain('| 2026-05-01 05:17 | 100 | – | 3 | – | 1 | 0 | 1 | 0 | 0 | – | – |')
  })

  it('draws neither without any policy', () => {
    const trend = renderTrend([run('2026-05-01T05:17:00Z')])

    expect(trend).not.toContain('out of tier')
    expect(trend).not.toContain('Out of tier')
  })
})
