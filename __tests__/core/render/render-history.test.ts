import { describe, expect, it } from '@jest/globals'
import { parseHistoryData, type HistoryPoint } from '../../../src/core/report/history.js'
import {
  chartLabels,
  historyMarkerPrefix,
  renderCurrentNumbers,
  renderHistoryIssue,
  renderHistorySummary,
  renderOpenDrifts
} from '../../../src/core/render/render-history.js'
import { KEYED, keyedRedaction, UNKEYED } from '../../support/pseudonyms.ts'

const TENANT = '5eed0000-0000-4000-8000-00000000abcd'

function run(at: string, total: number | null, critical: number, low: number): HistoryPoint {
  return {
    at,
    total,
    pendingAcceptance: total === null ? null : 4,
    stale: total === null ? null : 9,
    externalMembers: total === null ? null : 2,
    findings: { critical, high: 0, medium: 1, low }
  }
}

const THREE_RUNS = [
  run('2026-05-01T05:17:03.120Z', 120, 0, 0),
  run('2026-05-02T05:16:58.004Z', 131, 1, 2),
  run('2026-05-03T05:17:11.950Z', 128, 0, 1)
]

/** The mermaid blocks of a markdown text. */
function charts(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')
}

/** The category labels of a chart's x-axis. */
function xValues(chart: string): string[] {
  const axis = /^\s*x-axis \[(.*)\]$/m.exec(chart)?.[1] ?? ''
  return [...axis.matchAll(/"([^"]*)"/g)].map((match) => match[1] ?? '')
}

function series(chart: string, kind: 'bar' | 'line'): number[] {
  const values = new RegExp(`^\\s*${kind} "[^"]*" \\[(.*)\\]$`, 'm').exec(chart)?.[1] ?? ''
  return values.split(',').map(Number)
}

describe('the tracking issue of a tenant', () => {
  it('shows a guest chart and a drift chart over the runs, with the numbers next to them', () => {
    const { title, body } = renderHistoryIssue(TENANT, THREE_RUNS, { redact: undefined, pseudonyms: UNKEYED })

    expect(title).toBe(`Entra drift history (${TENANT})`)
    expect(body.startsWith(`${historyMarkerPrefix(TENANT, UNKEYED)} -->`)).toBe(true)
    const [guests, drift] = charts(body) as [string, string]
    expect(guests).toMatch(/^xychart-beta$/m)
    expect(xValues(guests)).toEqual(['05-01', '05-02', '05-03'])
    expect(series(guests, 'line')).toEqual([120, 131, 128])
    expect(guests).toMatch(/y-axis "Guests" 118 --> 133/)
    expect(drift).toMatch(/^xychart-beta$/m)
    expect(xValues(drift)).toEqual(['05-01', '05-02', '05-03'])
    expect(series(drift, 'bar')).toEqual([1, 4, 2])
    expect(series(drift, 'line')).toEqual([0, 1, 0])
    expect(body).toContain(
      [
        '| Run (UTC) | Guests | External members | Pending invitations | Stale guests | Drift findings | Critical | High | Medium | Low |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| 2026-05-03 05:17 | 128 | 2 | 4 | 9 | 2 | 0 | 0 | 1 | 1 |',
        '| 2026-05-02 05:16 | 131 | 2 | 4 | 9 | 4 | 1 | 0 | 1 | 2 |',
        '| 2026-05-01 05:17 | 120 | 2 | 4 | 9 | 1 | 0 | 0 | 1 | 0 |'
      ].join('\n')
    )
  })

  it('carries its points in the hidden block, so the next run reads exactly them back', () => {
    const { body } = renderHistoryIssue(TENANT, THREE_RUNS, { redact: undefined, pseudonyms: UNKEYED })

    expect(parseHistoryData(body).points).toEqual(THREE_RUNS)
  })

  it('renders the same points to the same bytes: no clock, no run id', () => {
    expect(
      renderHistoryIssue(TENANT, THREE_RUNS, { redact: keyedRedaction([TENANT]), pseudonyms: KEYED })
    ).toEqual(renderHistoryIssue(TENANT, THREE_RUNS, { redact: keyedRedaction([TENANT]), pseudonyms: KEYED }))
  })

  it('in a public repository, names the tenant by its placeholder only', () => {
    const { title, body } = renderHistoryIssue(TENANT, THREE_RUNS, {
      redact: keyedRedaction([TENANT]),
      pseudonyms: KEYED
    })

    expect(`${title}\n${body}`).not.toContain(TENANT)
    expect(title).toMatch(/^Entra drift history \(tenant-[0-9a-f]{6}\)$/)
  })

  it('given runs that could not read the guests, then leaves them out of the guest chart and shows a dash', () => {
    const points = [run('2026-05-01T05:17:00Z', 120, 0, 0), run('2026-05-02T05:17:00Z', null, 0, 0)]
    points[1] = { ...points[1], partial: true } as HistoryPoint

    const { body } = renderHistoryIssue(TENANT, points, { redact: undefined, pseudonyms: UNKEYED })

    const [guests, drift] = charts(body) as [string, string]
    expect(xValues(guests)).toEqual(['05-01'])
    expect(xValues(drift)).toEqual(['05-01', '05-02'])
    expect(body).toContain('| 2026-05-02 05:17 | – | – | – | – | 1 _partial_ |')
  })

  it('given points recorded before external members were counted, then their cell is a dash and they read back unchanged', () => {
    const { externalMembers: _dropped, ...older } = run('2026-05-01T05:17:00Z', 120, 0, 0)
    const points: HistoryPoint[] = [older, run('2026-05-02T05:17:00Z', 125, 0, 0)]

    const { body } = renderHistoryIssue(TENANT, points, { redact: undefined, pseudonyms: UNKEYED })

    expect(body).toContain('| 2026-05-01 05:17 | 120 | – | 4 | 9 |')
    expect(body).toContain('| 2026-05-02 05:17 | 125 | 2 | 4 | 9 |')
    expect(parseHistoryData(body).points).toEqual(points)
  })

  it('given no run that read the guests, then draws only the drift chart', () => {
    const { body } = renderHistoryIssue(TENANT, [run('2026-05-01T05:17:00Z', null, 0, 0)], {
      redact: undefined,
      pseudonyms: UNKEYED
    })

    expect(charts(body)).toHaveLength(1)
    expect(body).toContain('Guest accounts were not read in these runs')
  })
})

describe('chart labels: one per run, never two alike (the chart would merge them)', () => {
  it.each([
    ['runs on different days: the day', ['2026-05-01T05:17:00Z', '2026-05-02T05:17:00Z'], ['05-01', '05-02']],
    [
      'two runs on one day: their time',
      ['2026-05-01T05:17:00Z', '2026-05-01T17:40:00Z', '2026-05-02T05:17:00Z'],
      ['05-01 05:17', '05-01 17:40', '05-02']
    ],
    [
      'two runs in one minute: the second',
      ['2026-05-01T05:17:01Z', '2026-05-01T05:17:42Z'],
      ['05-01 05:17:01', '05-01 05:17:42']
    ],
    [
      'two runs in one second: a counter',
      ['2026-05-01T05:17:01.100Z', '2026-05-01T05:17:01.900Z'],
      ['05-01 05:17:01 (1)', '05-01 05:17:01 (2)']
    ]
  ])('%s', (_case, timestamps, labels) => {
    expect(chartLabels(timestamps)).toEqual(labels.map((label) => `"${label}"`))
  })
})

describe('the job summary', () => {
  it('with history: the trend charts, the table, and the tracking issue', () => {
    const summary = renderHistorySummary(THREE_RUNS, 42)

    expect(summary).toMatch(/^### Trend over the last 3 runs/)
    expect(charts(summary).map(xValues)).toEqual([
      ['05-01', '05-02', '05-03'],
      ['05-01', '05-02', '05-03']
    ])
    expect(summary).toContain('| 2026-05-03 05:17 | 128 |')
    expect(summary).toContain('tracking issue #42')
  })

  it('without history: this run in numbers, no chart, and how to get the trend', () => {
    const numbers = renderCurrentNumbers(run('2026-05-03T05:17:00Z', 128, 1, 1))

    expect(charts(numbers)).toEqual([])
    expect(numbers).toContain('| 128 | 2 | 4 | 9 | 3 | 1 | 0 | 1 | 1 |')
    expect(numbers).toContain('on-drift: issue')
  })
})

describe('open drift by age (issue 19)', () => {
  it('lists open drift issues oldest first, with severity, age and overdue', () => {
    const text = renderOpenDrifts(
      [
        { number: 4, title: 'b', severity: 'high', openedAt: '2026-03-01T00:00:00Z', overdue: false },
        { number: 2, title: 'a', severity: 'critical', openedAt: '2026-02-20T00:00:00Z', overdue: true },
        { number: 7, title: 'c', severity: undefined, openedAt: undefined, overdue: false }
      ],
      '2026-03-02T12:00:00Z'
    )

    expect(text.split('\n').slice(4)).toEqual([
      '| #2 | critical | 2026-02-20 | 10 days · **overdue** |',
      '| #4 | high | 2026-03-01 | 1 day |',
      '| #7 | not known | not known | not known |'
    ])
  })
})
