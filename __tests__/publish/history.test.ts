import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { parseHistoryData } from '../../src/core/report/history.js'
import { DRIFT_LABEL } from '../../src/core/report/issue-plan.js'
import {
  HISTORY_LABEL,
  historyMarkerPrefix,
  renderHistoryIssue
} from '../../src/core/render/render-history.js'
import type { Report } from '../../src/core/report/report.js'
import type { Snapshot } from '../../src/core/model/snapshot.js'
import { OctokitIssueTracker } from '../../src/github/issue-tracker.js'
import { recordHistory } from '../../src/publish/publish-history.js'
import { driftedReport } from '../support/sample-reports.js'
import { fullSnapshot, TENANT_ID } from '../support/snapshot-builder.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type FakeIssue, type GitHubFake } from '../fakes/github-fake.ts'
import { BOT, octokitFor, recordingLog, type RecordingLog } from '../support/publish-harness.ts'
import { KEYED, keyedRedaction, UNKEYED } from '../support/pseudonyms.ts'

const OTHER_TENANT = '0dd00000-0000-4000-8000-0000000000f7'

let fake: GitHubFake
beforeAll(() => trustFakeCertificate())
beforeEach(async () => {
  fake = await startGitHubFake()
})
afterEach(async () => {
  await fake.close()
})

/** One detect run of a tenant: its report (captured that day) and its live guests. */
function nightly(day: number, guests: number, tenantId = TENANT_ID): { report: Report; live: Snapshot } {
  const capturedAt = `2026-05-${String(day).padStart(2, '0')}T05:17:00.000Z`
  return {
    report: { ...driftedReport(), tenantId, capturedAt },
    live: fullSnapshot({
      tenantId,
      capturedAt,
      guests: { total: guests, pendingAcceptance: 7, staleAfterDays: 90, stale: 11 }
    })
  }
}

async function record(
  run: { report: Report; live: Snapshot },
  options: { redact?: boolean; log?: RecordingLog; runId?: string } = {}
) {
  const log = options.log ?? recordingLog()
  return recordHistory({
    tracker: new OctokitIssueTracker(
      octokitFor(fake, log),
      { owner: fake.owner, repo: fake.repo },
      HISTORY_LABEL,
      BOT
    ),
    ...run,
    redaction: options.redact ? keyedRedaction([run.report.tenantId]) : undefined,
    pseudonyms: options.redact ? KEYED : UNKEYED,
    log,
    ...(options.runId ? { run: options.runId } : {})
  })
}

function historyIssues(): FakeIssue[] {
  return fake.issues().filter((issue) => issue.labels.includes(HISTORY_LABEL))
}

function xValues(body: string): string[][] {
  return [...body.matchAll(/^\s*x-axis \[(.*)\]$/gm)].map((match) =>
    [...(match[1] ?? '').matchAll(/"([^"]*)"/g)].map((label) => label[1] ?? '')
  )
}

describe('the history tracking issue over three nightly runs', () => {
  it('holds three points, its charts have three x values, and every run edits it once without a comment', async () => {
    const first = await record(nightly(1, 250))
    expect(fake.labels().map((label) => label.name)).toContain(HISTORY_LABEL)

    fake.clearRequests()
    await record(nightly(2, 262))
    const secondWrites = fake.writes()
    const third = await record(nightly(3, 259))

    const issues = historyIssues()
    expect(issues).toHaveLength(1)
    const issue = issues[0] as FakeIssue
    expect(issue.number).toBe(first.issueNumber)
    expect(third.issueNumber).toBe(first.issueNumber)
    expect(issue.state).toBe('open')
    expect(issue.comments).toEqual([])
    expect(secondWrites.map((request) => `${request.method} ${request.path}`)).toEqual([
      `PATCH /repos/${fake.owner}/${fake.repo}/issues/${issue.number}`
    ])

    const stored = parseHistoryData(issue.body).points
    expect(stored.map((point) => [point.at.slice(0, 10), point.total])).toEqual([
      ['2026-05-01', 250],
      ['2026-05-02', 262],
      ['2026-05-03', 259]
    ])
    expect(xValues(issue.body)).toEqual([
      ['05-01', '05-02', '05-03'],
      ['05-01', '05-02', '05-03']
    ])
    expect(third.summary).toContain('```mermaid')
    expect(third.summary).toContain('xychart-beta')
    expect(third.summary).toContain(`tracking issue #${issue.number}`)
  })

  it('given a tracking issue with the tenant marker opened by another user, then it is neither read nor edited', async () => {
    const { title, body } = renderHistoryIssue(TENANT_ID, [], { redact: undefined, pseudonyms: UNKEYED })
    const plantedNumber = fake.seedIssue({ title, body, labels: [HISTORY_LABEL], author: fake.userLogin })
    const planted = structuredClone(fake.issue(plantedNumber))

    const first = await record(nightly(1, 250))
    const second = await record(nightly(2, 262))

    expect(first.issueNumber).not.toBe(plantedNumber)
    expect(second.issueNumber).toBe(first.issueNumber)
    expect(fake.issue(plantedNumber)).toEqual(planted)
    expect(second.points.map((point) => point.total)).toEqual([250, 262])
  })

  it('given a finished workflow run is re-run, then the history is left as it was: no edit at all', async () => {
    await record(nightly(1, 100), { runId: '9001' })
    const before = historyIssues()[0]?.body
    fake.clearRequests()

    await record(nightly(1, 103), { runId: '9001' })

    expect(fake.writes()).toEqual([])
    expect(historyIssues()[0]?.body).toBe(before)
    expect(parseHistoryData(before ?? '').points.map((point) => point.run)).toEqual(['9001'])
  })

  it('keeps only the last 30 runs', async () => {
    for (let day = 1; day <= 31; day++) await record(nightly(day, 200 + day))

    const stored = parseHistoryData(historyIssues()[0]?.body ?? '').points
    expect(stored).toHaveLength(30)
    expect(stored[0]?.at).toBe('2026-05-02T05:17:00.000Z')
  })
})

describe('finding the right issue', () => {
  it('never takes a drift issue, nor another tenant’s history, for this tenant’s history', async () => {
    const driftIssue = fake.seedIssue({
      title: 'Entra drift: default cross-tenant settings',
      body: `${historyMarkerPrefix(TENANT_ID, UNKEYED)} --> (a drift issue quoting the marker)`,
      labels: [DRIFT_LABEL]
    })
    await record(nightly(1, 100, OTHER_TENANT))
    fake.clearRequests()

    const ours = await record(nightly(2, 250))

    expect(ours.points).toHaveLength(1)
    expect(historyIssues()).toHaveLength(2)
    expect(fake.issue(driftIssue)?.body).toContain('a drift issue quoting the marker')
    const other = historyIssues().find((issue) => issue.number !== ours.issueNumber)
    expect(parseHistoryData(other?.body ?? '').points.map((point) => point.total)).toEqual([100])
  })

  it('given the tracking issue was closed, then keeps adding to it and leaves it closed', async () => {
    const closed = renderHistoryIssue(TENANT_ID, (await record(nightly(1, 250))).points, {
      redact: undefined,
      pseudonyms: UNKEYED
    })
    const number = historyIssues()[0]?.number ?? 0
    await octokitFor(fake).rest.issues.update({
      owner: fake.owner,
      repo: fake.repo,
      issue_number: number,
      state: 'closed'
    })

    const next = await record(nightly(2, 251))

    expect(next.issueNumber).toBe(number)
    expect(fake.issue(number)?.state).toBe('closed')
    expect(fake.issue(number)?.body).not.toBe(closed.body)
    expect(next.points).toHaveLength(2)
  })

  it('given two tracking issues (two runs raced), then merges their points into the lower one and says so', async () => {
    const [early, late] = [nightly(1, 250), nightly(2, 255)]
    for (const run of [early, late]) {
      const { title, body } = renderHistoryIssue(
        TENANT_ID,
        [
          {
            at: run.report.capturedAt,
            total: run.live.guests?.total ?? null,
            pendingAcceptance: null,
            stale: null,
            findings: { critical: 0, high: 0, medium: 0, low: 0 }
          }
        ],
        { redact: undefined, pseudonyms: UNKEYED }
      )
      fake.seedIssue({ title, body, labels: [HISTORY_LABEL] })
    }
    const log = recordingLog()

    const merged = await record(nightly(3, 260), { log })

    expect(merged.issueNumber).toBe(1)
    expect(merged.points.map((point) => point.total)).toEqual([250, 255, 260])
    expect(log.lines.some((line) => /warning: Several tracking issues .*#1, #2/.test(line))).toBe(true)
  })
})

describe('a public repository', () => {
  it('puts no tenant id in the tracking issue', async () => {
    await record(nightly(1, 250), { redact: true })

    const issue = historyIssues()[0]
    expect(`${issue?.title}\n${issue?.body}`).not.toContain(TENANT_ID)
    expect(issue?.title).toMatch(/^Entra drift history \(tenant-[0-9a-f]{6}\)$/)
  })
})
