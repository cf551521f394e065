import { describe, expect, it } from '@jest/globals'
import {
  appendPoint,
  driftCount,
  formatHistoryData,
  HISTORY_LENGTH,
  historyPoint,
  mergeHistories,
  parseHistoryData,
  type HistoryPoint
} from '../../../src/core/report/history.js'
import { countsAsDrift } from '../../../src/core/report/report.js'
import { driftedReport } from '../../support/sample-reports.js'
import { fullSnapshot } from '../../support/snapshot-builder.js'

function point(
  at: string,
  total: number | null,
  findings: Partial<HistoryPoint['findings']> = {}
): HistoryPoint {
  return {
    at,
    total,
    pendingAcceptance: total === null ? null : 3,
    stale: null,
    findings: { critical: 0, high: 0, medium: 0, low: 0, ...findings }
  }
}

/** Runs one day apart, from 1 May 2026 at 05:17 UTC. */
function dailyRuns(count: number): HistoryPoint[] {
  return Array.from({ length: count }, (_, day) =>
    point(new Date(Date.UTC(2026, 4, 1 + day, 5, 17)).toISOString(), 100 + day, { low: day % 3 })
  )
}

describe('historyPoint: what one run adds', () => {
  it('takes the live guest figures and the counted findings by severity; ignored and info findings are not drift', () => {
    const report = driftedReport()
    const live = fullSnapshot({ guests: { total: 260, pendingAcceptance: 10, staleAfterDays: 90 } })

    const added = historyPoint(report, live)

    const counted = report.findings.filter(countsAsDrift)
    expect(report.findings.length).toBeGreaterThan(counted.length)
    expect(added).toMatchObject({ at: report.capturedAt, total: 260, pendingAcceptance: 10, stale: null })
    for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
      expect(added.findings[severity]).toBe(counted.filter((finding) => finding.severity === severity).length)
    }
    expect(driftCount(added)).toBe(report.driftCount)
  })

  it('marks a run that could not compare every section as partial', () => {
    const report = driftedReport()
    expect(report.notCompared.length).toBeGreaterThan(0)

    expect(historyPoint(report, fullSnapshot()).partial).toBe(true)
    expect(historyPoint({ ...report, notCompared: [] }, fullSnapshot()).partial).toBeUndefined()
  })

  it('does not mark a national-cloud run partial for the properties that cloud never has', () => {
    const report = {
      ...driftedReport(),
      notCompared: [
        {
          section: 'default.tenantRestrictions',
          reason: "live read unavailable: not in the usgov cloud's Graph v1.0"
        },
        {
          section: 'partners.isInMultiTenantOrganization',
          reason: "live read unavailable: not in the usgov cloud's Graph v1.0"
        }
      ]
    }

    expect(historyPoint(report, fullSnapshot({ cloud: 'usgov' })).partial).toBeUndefined()
    expect(
      historyPoint(
        {
          ...report,
          notCompared: [...report.notCompared, { section: 'guests.stale', reason: 'no licence' }]
        },
        fullSnapshot({ cloud: 'usgov' })
      ).partial
    ).toBe(true)
  })
})

describe('appendPoint: the last 30 runs, oldest first', () => {
  it('given 35 daily runs, then keeps the newest 30 in time order', () => {
    let history: HistoryPoint[] = []
    for (const run of dailyRuns(35)) history = appendPoint(history, run)

    expect(HISTORY_LENGTH).toBe(30)
    expect(history).toHaveLength(30)
    expect(history[0]?.at).toBe('2026-05-06T05:17:00.000Z')
    expect(history.at(-1)?.at).toBe('2026-06-04T05:17:00.000Z')
  })

  it('given a run already recorded (a re-run of the same snapshot), then replaces it instead of adding it twice', () => {
    const [first, second] = dailyRuns(2) as [HistoryPoint, HistoryPoint]

    const history = appendPoint([first, second], { ...second, total: 999 })

    expect(history.map((entry) => [entry.at, entry.total])).toEqual([
      [first.at, first.total],
      [second.at, 999]
    ])
  })

  it('merges two tracking issues of one tenant into one history', () => {
    const runs = dailyRuns(4)

    const merged = mergeHistories([
      [runs[0], runs[2]] as HistoryPoint[],
      [runs[3], runs[1]] as HistoryPoint[]
    ])

    expect(merged).toEqual(runs)
  })
})

describe('the hidden data block', () => {
  it('reads back exactly what it wrote, partial runs and unread figures included', () => {
    const points = [
      ...dailyRuns(3),
      { ...point('2026-05-04T05:17:00.000Z', null, { high: 2 }), partial: true as const }
    ]

    const body = `Some text a person wrote\n\n${formatHistoryData(points)}\n\nmore text`

    expect(parseHistoryData(body)).toEqual({ points, unreadable: 0 })
  })

  it('is an HTML comment: it does not show in the rendered issue', () => {
    const block = formatHistoryData(dailyRuns(2))

    expect(block.startsWith('<!--')).toBe(true)
    expect(block.endsWith('-->')).toBe(true)
    expect(block.slice(4, -3)).not.toContain('-->')
  })

  it('given an issue without the block, then there is no history yet', () => {
    expect(parseHistoryData('An issue someone opened by hand')).toEqual({ points: [], unreadable: 0 })
  })

  it('given entries edited by hand, then keeps the readable ones and counts the others', () => {
    const good = dailyRuns(1)[0]
    const body = [
      '<!-- entra-b2b-drift:history-data v1',
      '[',
      `${JSON.stringify(good)},`,
      '{"at":"2026-05-02T05:17:00Z","total":-4,"pendingAcceptance":null,"stale":null,"findings":{"critical":0,"high":0,"medium":0,"low":0}},',
      '{"at":"<img src=x onerror=alert(1)>","total":1,"pendingAcceptance":1,"stale":1,"findings":{"critical":0,"high":0,"medium":0,"low":0}},',
      '{"at":"2026-05-03T05:17:00Z","total":4,"findings":{"critical":1.5,"high":0,"medium":0,"low":0}},',
      '"not a point"',
      ']',
      '-->'
    ].join('\n')

    expect(parseHistoryData(body)).toEqual({ points: [good], unreadable: 4 })
  })

  it('given a block that is not JSON, then starts a new history and says one entry was unreadable', () => {
    expect(parseHistoryData('<!-- entra-b2b-drift:history-data v1\n[{"at": \n-->')).toEqual({
      points: [],
      unreadable: 1
    })
  })
})
