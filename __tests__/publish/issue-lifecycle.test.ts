import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { Finding } from '../../src/core/model/finding.js'
import { parseIssueMarker, tenantMarkerPrefix } from '../../src/core/render/render-issue.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type FakeIssue, type GitHubFake } from '../fakes/github-fake.ts'
import {
  defaultMfaTrusted,
  fabrikamDeviceTrusted,
  fabrikamMfaTrusted,
  finding,
  GUEST_MFA_POLICY,
  guestPolicyDisabled,
  OTHER_TENANT_ID,
  THREE_OBJECTS_DRIFTED
} from '../support/drift-fixtures.ts'
import { publishRun, recordingLog } from '../support/publish-harness.ts'
import { UNKEYED } from '../support/pseudonyms.ts'

let fake: GitHubFake

beforeAll(() => trustFakeCertificate())
beforeEach(async () => {
  fake = await startGitHubFake()
})
afterEach(async () => {
  await fake.close()
})

function issueAbout(summaryWord: string): FakeIssue {
  const issue = fake.issues().find((candidate) => candidate.title.includes(summaryWord))
  if (issue === undefined) throw new Error(`No issue whose title mentions '${summaryWord}'.`)
  return issue
}

describe('the issue lifecycle over nightly runs', () => {
  it('run 1: opens one labelled issue per drifted object', async () => {
    const result = await publishRun(fake, THREE_OBJECTS_DRIFTED, {
      labels: ['security'],
      assignees: ['secops-lead']
    })

    const issues = fake.issues()
    expect(issues).toHaveLength(3)
    expect(result.issueNumbers.sort()).toEqual([1, 2, 3])
    expect(issues.map((issue) => issue.title).sort()).toEqual([
      'Entra drift: CA policy "Require MFA for guests" which covers guests, was disabled',
      'Entra drift: default cross-tenant settings: now trusts MFA from every external organisation',
      'Entra drift: partner Fabrikam (tenant 0530e93a…) now trusts MFA from this partner'
    ])
    expect(issueAbout('default').labels).toEqual(['entra-drift', 'severity:critical', 'security'])
    expect(issueAbout('Fabrikam').labels).toEqual(['entra-drift', 'severity:high', 'security'])
    expect(issues.every((issue) => issue.assignees.join() === 'secops-lead')).toBe(true)
    expect(issues.every((issue) => issue.state === 'open' && issue.comments.length === 0)).toBe(true)
  })

  it('run 2 with the same drift writes nothing at all', async () => {
    await publishRun(fake, THREE_OBJECTS_DRIFTED)
    fake.clearRequests()

    const result = await publishRun(fake, THREE_OBJECTS_DRIFTED)

    expect(fake.writes()).toEqual([])
    expect(result.issueNumbers).toEqual([])
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /repos/${fake.owner}/${fake.repo}/issues`
    ])
  })

  it('run 3: a changed object gets its body updated and exactly one comment; the others are untouched', async () => {
    await publishRun(fake, THREE_OBJECTS_DRIFTED)
    const before = issueAbout('Fabrikam').body
    fake.clearRequests()

    const result = await publishRun(fake, [...THREE_OBJECTS_DRIFTED, fabrikamDeviceTrusted])

    const fabrikam = issueAbout('Fabrikam')
    expect(result.issueNumbers).toEqual([fabrikam.number])
    expect(fabrikam.body).not.toEqual(before)
    expect(fabrikam.body).toContain('inboundTrust.isCompliantDeviceAccepted')
    expect(fabrikam.title).toBe(
      'Entra drift: partner Fabrikam (tenant 0530e93a…) now trusts MFA from this partner (+1 more)'
    )
    expect(fabrikam.comments).toHaveLength(1)
    expect(fabrikam.comments[0]?.body).toContain('Partner Fabrikam now trusts compliant devices')
    // The comment first: if it fails, the body still holds the old state and the next run comments again.
    expect(fake.writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /repos/${fake.owner}/${fake.repo}/issues/${fabrikam.number}/comments`,
      `PATCH /repos/${fake.owner}/${fake.repo}/issues/${fabrikam.number}`
    ])
    expect(fake.issues().filter((issue) => issue.comments.length > 0)).toHaveLength(1)
  })

  it('a resolved finding is counted in the comment, not listed', async () => {
    await publishRun(fake, [...THREE_OBJECTS_DRIFTED, fabrikamDeviceTrusted])

    await publishRun(fake, THREE_OBJECTS_DRIFTED)

    const comment = issueAbout('Fabrikam').comments[0]?.body ?? ''
    expect(comment).toContain('**No longer drifting:** 1 finding.')
    expect(comment).not.toContain('New findings')
  })

  it('run 4: without drift every issue is closed as completed, with a comment', async () => {
    await publishRun(fake, THREE_OBJECTS_DRIFTED)

    await publishRun(fake, [])

    for (const issue of fake.issues()) {
      expect(issue.state).toBe('closed')
      expect(issue.state_reason).toBe('completed')
      expect(issue.comments).toHaveLength(1)
      expect(issue.comments[0]?.body).toContain('the tenant matching the baseline again')
    }
  })

  it('run 5: drift that comes back reopens its issue instead of opening a new one', async () => {
    await publishRun(fake, THREE_OBJECTS_DRIFTED)
    await publishRun(fake, [])

    const result = await publishRun(fake, [fabrikamMfaTrusted])

    const fabrikam = issueAbout('Fabrikam')
    expect(fake.issues()).toHaveLength(3)
    expect(result.issueNumbers).toEqual([fabrikam.number])
    expect(fabrikam.state).toBe('open')
    expect(fabrikam.state_reason).toBe('reopened')
    expect(fabrikam.comments.map((comment) => comment.body.split('\n')[0])).toEqual([
      expect.stringContaining('drift on this object is gone'),
      'This drift is back: 1 finding, highest severity **high**.'
    ])
    expect(issueAbout('default').state).toBe('closed')
  })

  it('never edits or closes the issue of an object whose section was not compared in this run', async () => {
    await publishRun(fake, THREE_OBJECTS_DRIFTED)
    fake.clearRequests()

    await publishRun(fake, [fabrikamMfaTrusted, defaultMfaTrusted], {
      observed: (kind) => kind !== 'conditionalAccessPolicy'
    })

    expect(issueAbout('Require MFA').state).toBe('open')
    expect(fake.writes()).toEqual([])
  })

  it('closes racing duplicates as not planned, pointing to the lowest-numbered issue', async () => {
    await publishRun(fake, THREE_OBJECTS_DRIFTED)
    const original = issueAbout('Fabrikam')
    const duplicate = fake.seedIssue({ title: original.title, body: original.body, labels: original.labels })

    await publishRun(fake, THREE_OBJECTS_DRIFTED)

    expect(fake.issue(duplicate)).toMatchObject({ state: 'closed', state_reason: 'not_planned' })
    expect(fake.issue(duplicate)?.comments.map((comment) => comment.body)).toEqual([
      expect.stringContaining(`duplicate of #${original.number}`)
    ])
    expect(fake.issue(original.number)).toMatchObject({ state: 'open', comments: [] })
  })

  it('given two runs started together, then one open issue per object remains, the lowest-numbered', async () => {
    await Promise.all([publishRun(fake, THREE_OBJECTS_DRIFTED), publishRun(fake, THREE_OBJECTS_DRIFTED)])

    const open = fake.issues().filter((issue) => issue.state === 'open')
    // Both runs listed before either created: six issues were opened, three closed as duplicates.
    expect(fake.issues()).toHaveLength(6)
    const markers = open.map((issue) => parseIssueMarker(issue.body)?.object)
    expect(new Set(markers).size).toBe(3)
    expect(open).toHaveLength(3)
    for (const closed of fake.issues().filter((issue) => issue.state === 'closed')) {
      const twin = open.find(
        (issue) => parseIssueMarker(issue.body)?.object === parseIssueMarker(closed.body)?.object
      )
      expect(twin?.number).toBeLessThan(closed.number)
      expect(closed.state_reason).toBe('not_planned')
    }
  })

  it('creates its labels once, with colours and descriptions, and leaves them alone afterwards', async () => {
    await publishRun(fake, THREE_OBJECTS_DRIFTED, { labels: ['security'] })
    const labelCreations = fake.requests.filter(
      (request) => request.method === 'POST' && request.path.endsWith('/labels')
    )
    fake.clearRequests()

    await publishRun(fake, [...THREE_OBJECTS_DRIFTED, fabrikamDeviceTrusted], { labels: ['security'] })

    expect(labelCreations.map((request) => (request.body as { name: string }).name).sort()).toEqual([
      'entra-drift',
      'security',
      'severity:critical',
      'severity:high'
    ])
    expect(fake.labels().find((label) => label.name === 'severity:critical')).toMatchObject({
      color: 'b60205'
    })
    expect(fake.labels().find((label) => label.name === 'entra-drift')?.description).toContain('baseline')
    expect(
      fake.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/labels'))
    ).toEqual([])
  })

  it('swaps the severity label when the drift gets worse, keeping labels triage added by hand', async () => {
    await publishRun(fake, [fabrikamDeviceTrusted])
    const issue = fake.issues()[0] as FakeIssue
    issue.labels.push('triaged')

    await publishRun(fake, [fabrikamDeviceTrusted, fabrikamMfaTrusted])

    expect(fake.issue(issue.number)?.labels).toEqual(['entra-drift', 'triaged', 'severity:high'])
  })

  it('opens no issue below the minimum severity, for info findings or for ignored ones', async () => {
    const info = finding({
      object: GUEST_MFA_POLICY,
      rule: 'new-property',
      severity: 'info',
      changes: [{ path: 'conditions.newThing', before: null, after: true }],
      summary: 'Graph returned a new property'
    })
    const ignored: Finding = { ...defaultMfaTrusted, ignored: { reason: 'accepted until the audit' } }

    await publishRun(fake, [info, ignored, fabrikamDeviceTrusted, guestPolicyDisabled], {
      minSeverity: 'high'
    })

    expect(fake.issues().map((issue) => issue.title)).toEqual([
      'Entra drift: CA policy "Require MFA for guests" which covers guests, was disabled'
    ])
  })

  it('finds its issues beyond the first page and never touches another tenant’s issues', async () => {
    const otherTenantIssue = (n: number) =>
      `${tenantMarkerPrefix(OTHER_TENANT_ID, UNKEYED)} object=${String(n).padStart(16, '0')} state=0 kind=partner findings= -->`
    for (let n = 0; n < 120; n++) {
      fake.seedIssue({ title: `Other tenant ${n}`, body: otherTenantIssue(n), labels: ['entra-drift'] })
    }
    await publishRun(fake, THREE_OBJECTS_DRIFTED)
    fake.clearRequests()

    await publishRun(fake, THREE_OBJECTS_DRIFTED)

    expect(fake.writes()).toEqual([])
    expect(fake.requests.map((request) => request.query.page ?? '1')).toEqual(['1', '2'])
    expect(fake.issues().filter((issue) => issue.state === 'open')).toHaveLength(123)
  })

  it('respects an issue someone closed as not planned while the drift stays the same', async () => {
    await publishRun(fake, [guestPolicyDisabled])
    const issue = fake.issues()[0] as FakeIssue
    issue.state = 'closed'
    issue.state_reason = 'not_planned'
    const log = recordingLog()
    fake.clearRequests()

    await publishRun(fake, [guestPolicyDisabled], { log })

    expect(fake.writes()).toEqual([])
    expect(log.lines).toContain(
      `info: Issue #${issue.number} left as it is: this drift was closed as not planned.`
    )
  })

  it('writes a marker with hashes only, which parses back', async () => {
    await publishRun(fake, [fabrikamMfaTrusted])

    const body = fake.issues()[0]?.body ?? ''
    const marker = parseIssueMarker(body)

    expect(body.split('\n')[0]).toMatch(
      /^<!-- entra-b2b-drift:issue v1 tenant=[0-9a-f]{16} object=[0-9a-f]{16} state=[0-9a-f]{16} kind=partner findings=[0-9a-f]{12} -->$/
    )
    expect(marker?.kind).toBe('partner')
  })
})
