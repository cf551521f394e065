import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  branchName,
  publishPullRequest,
  type PublishPullRequestInput
} from '../../src/publish/publish-pull-request.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { FABRIKAM_TENANT_ID, TENANT_ID } from '../support/drift-fixtures.ts'
import { githubFor, octokitFor, recordingLog } from '../support/publish-harness.ts'
import { KEYED, keyedRedaction, UNKEYED } from '../support/pseudonyms.ts'

const BASELINE_PATH = `baselines/${TENANT_ID}.json`
const BRANCH = `entra-drift/${TENANT_ID}`
const ENVELOPE = { schemaVersion: 1, tenantId: TENANT_ID, cloud: 'global' }

/** A snapshot file as `mode: snapshot` writes it: envelope, capture time, sections. */
function snapshotText(capturedAt: string, partners: Record<string, unknown>): string {
  return `${JSON.stringify({ ...ENVELOPE, capturedAt, partners }, null, 2)}\n`
}

const BASELINE = snapshotText('2026-11-01T02:00:00.000Z', {})
const MFA_TRUSTED = { [FABRIKAM_TENANT_ID]: { inboundTrust: { isMfaAccepted: true } } }
const MFA_AND_DEVICES_TRUSTED = {
  [FABRIKAM_TENANT_ID]: { inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true } }
}
const LIVE_MONDAY = snapshotText('2026-12-07T02:00:00.000Z', MFA_TRUSTED)
/** Monday's drift captured again a day later: only the capture time differs. */
const LIVE_MONDAY_AGAIN = snapshotText('2026-12-08T02:00:00.000Z', MFA_TRUSTED)
const LIVE_TUESDAY = snapshotText('2026-12-08T02:00:00.000Z', MFA_AND_DEVICES_TRUSTED)
const REPORT = `**Drift: 0 critical, 1 high** in tenant ${TENANT_ID}\n\nPartner ${FABRIKAM_TENANT_ID}: inbound MFA trust accepted.\n`

let fake: GitHubFake

beforeAll(() => trustFakeCertificate())
beforeEach(async () => {
  fake = await startGitHubFake({ files: { [BASELINE_PATH]: BASELINE, 'README.md': '# Baselines\n' } })
})
afterEach(async () => {
  await fake.close()
})

/** A person closes the pull request in the web interface (GitHub records them in `closed_by`). */
function closeAsAPerson(number: number | undefined): void {
  const pull = fake.issue(number ?? 0)
  if (pull === undefined) throw new Error(`No pull request #${number} in the fake.`)
  pull.state = 'closed'
  pull.closedBy = 'mona'
}

function publish(overrides: Partial<PublishPullRequestInput> = {}) {
  const log = recordingLog()
  return publishPullRequest({
    github: githubFor(fake, log),
    tenantId: TENANT_ID,
    baselinePath: BASELINE_PATH,
    snapshot: LIVE_MONDAY,
    baselineText: BASELINE,
    reportMarkdown: REPORT,
    driftDetected: true,
    redaction: undefined,
    pseudonyms: UNKEYED,
    log,
    ...overrides
  })
}

describe('the "accept this drift" pull request', () => {
  it('opens one pull request from entra-drift/<tenant-id> whose branch holds the live snapshot', async () => {
    const result = await publish()

    const [pull] = fake.pulls()
    expect(result).toEqual({ number: pull?.number, operation: 'created' })
    expect(pull?.pull).toMatchObject({ head: BRANCH, base: 'main' })
    expect(pull?.body).toBe(REPORT)
    expect(fake.readFile(BRANCH, BASELINE_PATH)).toBe(LIVE_MONDAY)
    expect(fake.readFile(BRANCH, 'README.md')).toBe('# Baselines\n')
    expect(fake.readFile('main', BASELINE_PATH)).toBe(BASELINE)
  })

  it('moves the same branch and edits the same pull request when the drift changes', async () => {
    const first = await publish()

    const second = await publish({
      snapshot: LIVE_TUESDAY,
      reportMarkdown: `${REPORT}\nAnd compliant devices.\n`
    })

    expect(second).toEqual({ number: first.number, operation: 'updated' })
    expect(fake.pulls()).toHaveLength(1)
    expect(fake.pulls()[0]?.body).toContain('And compliant devices.')
    expect(fake.readFile(BRANCH, BASELINE_PATH)).toBe(LIVE_TUESDAY)
  })

  it('writes nothing when the pull request already proposes this snapshot with this report', async () => {
    const first = await publish()
    fake.clearRequests()

    const again = await publish()

    expect(again).toEqual({ number: first.number, operation: 'unchanged' })
    expect(fake.writes()).toEqual([])
  })

  it('makes no commit and moves no ref when an unchanged drifted tenant is captured again later', async () => {
    const first = await publish()
    const head = fake.branchSha(BRANCH)
    fake.clearRequests()

    const again = await publish({ snapshot: LIVE_MONDAY_AGAIN })

    expect(again).toEqual({ number: first.number, operation: 'unchanged' })
    expect(fake.writes()).toEqual([])
    expect(fake.requests.filter((request) => request.path.includes('/git/'))).toEqual([
      expect.objectContaining({ method: 'GET', path: expect.stringContaining('/git/ref') })
    ])
    expect(fake.branchSha(BRANCH)).toBe(head)
    expect(fake.readFile(BRANCH, BASELINE_PATH)).toBe(LIVE_MONDAY)
  })

  it('edits only the description when the report changed but the proposal did not', async () => {
    const first = await publish()
    fake.clearRequests()

    const again = await publish({
      snapshot: LIVE_MONDAY_AGAIN,
      reportMarkdown: `${REPORT}\nAttribution: changed by an administrator.\n`
    })

    expect(again).toEqual({ number: first.number, operation: 'updated' })
    expect(fake.writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `PATCH /repos/${fake.owner}/${fake.repo}/pulls/${first.number}`
    ])
    expect(fake.pulls()[0]?.body).toContain('Attribution: changed by an administrator.')
  })

  it('leaves the branch alone when the default branch moved without touching the baseline', async () => {
    await publish()
    const head = fake.branchSha(BRANCH)
    fake.pushFiles('main', { 'docs/triage.md': 'How we triage drift\n' }, 'Add triage notes')
    fake.clearRequests()

    const result = await publish({ snapshot: LIVE_MONDAY_AGAIN })

    expect(result.operation).toBe('unchanged')
    expect(fake.writes()).toEqual([])
    expect(fake.branchSha(BRANCH)).toBe(head)
  })

  it('rebuilds the branch on top of the default branch when the baseline there changed meanwhile', async () => {
    await publish()
    const edited = `${BASELINE.trimEnd().slice(0, -2)},\n  "ignore": [\n    { "kind": "guests", "reason": "Counted by HR" }\n  ]\n}\n`
    const mainHead = fake.pushFiles('main', { [BASELINE_PATH]: edited }, 'Ignore guest counts')
    fake.clearRequests()

    const result = await publish({ snapshot: LIVE_MONDAY_AGAIN, baselineText: edited })

    expect(result.operation).toBe('updated')
    const branchCommit = fake.requests.find(
      (request) => request.method === 'POST' && request.path.endsWith('/git/commits')
    )
    expect((branchCommit?.body as { parents: string[] }).parents).toEqual([mainHead])
    expect(JSON.parse(fake.readFile(BRANCH, BASELINE_PATH) ?? '{}')).toMatchObject({
      partners: MFA_TRUSTED,
      ignore: [{ kind: 'guests', reason: 'Counted by HR' }]
    })
  })

  it('closes the pull request with a comment and deletes its branch once the drift is gone', async () => {
    const opened = await publish()

    const closed = await publish({ driftDetected: false })
    const afterwards = await publish({ driftDetected: false })

    const pull = fake.issue(opened.number ?? 0)
    expect(closed).toEqual({ number: opened.number, operation: 'closed' })
    expect(pull?.state).toBe('closed')
    expect(pull?.comments.map((comment) => comment.body)).toEqual([
      expect.stringContaining('No drift in this run')
    ])
    expect(fake.branchSha(BRANCH)).toBeUndefined()
    expect(afterwards).toEqual({ operation: 'none' })
  })

  it('proposes again a drift that came back after the action itself closed its pull request', async () => {
    const opened = await publish()
    await publish({ driftDetected: false })

    const back = await publish({ snapshot: LIVE_MONDAY_AGAIN })

    expect(back.operation).toBe('created')
    expect(back.number).not.toBe(opened.number)
    expect(fake.pulls().map((pull) => pull.state)).toEqual(['closed', 'open'])
  })
})

describe('a proposal a person closed without merging', () => {
  it('is not proposed again for the same drift: nothing is opened and nothing pushed', async () => {
    const opened = await publish()
    closeAsAPerson(opened.number)
    fake.clearRequests()

    const result = await publish({ snapshot: LIVE_MONDAY_AGAIN })

    expect(result).toEqual({ number: opened.number, operation: 'unchanged' })
    expect(fake.writes()).toEqual([])
    expect(fake.pulls()).toHaveLength(1)
    expect(fake.issue(opened.number ?? 0)?.state).toBe('closed')
  })

  it('is not proposed again even after the person deleted its branch', async () => {
    const opened = await publish()
    closeAsAPerson(opened.number)
    await octokitFor(fake).rest.git.deleteRef({ owner: fake.owner, repo: fake.repo, ref: `heads/${BRANCH}` })
    fake.clearRequests()

    const result = await publish({ snapshot: LIVE_MONDAY_AGAIN })

    expect(result).toEqual({ number: opened.number, operation: 'unchanged' })
    expect(fake.writes()).toEqual([])
    expect(fake.branchSha(BRANCH)).toBeUndefined()
  })

  it('gives way to a new pull request once the drift changes', async () => {
    const opened = await publish()
    closeAsAPerson(opened.number)

    const result = await publish({ snapshot: LIVE_TUESDAY })

    expect(result.operation).toBe('created')
    expect(result.number).not.toBe(opened.number)
    expect(fake.readFile(BRANCH, BASELINE_PATH)).toBe(LIVE_TUESDAY)
  })
})

describe('a branch with commits by someone else', () => {
  const MONA = '@mona'

  it('is not moved; the pull request gets one comment, and later runs do not comment again', async () => {
    const opened = await publish()
    const personal = fake.pushFiles(
      BRANCH,
      { [BASELINE_PATH]: LIVE_MONDAY.replace('"isMfaAccepted": true', '"isMfaAccepted": false') },
      'Keep MFA trust off for Fabrikam'
    )

    const second = await publish({ snapshot: LIVE_TUESDAY })
    const third = await publish({ snapshot: LIVE_TUESDAY })

    expect(fake.branchSha(BRANCH)).toBe(personal)
    expect(second).toEqual({ number: opened.number, operation: 'unchanged' })
    expect(third).toEqual({ number: opened.number, operation: 'unchanged' })
    const comments = fake.issue(opened.number ?? 0)?.comments ?? []
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain(`this branch has commits by ${MONA}`)
    expect(fake.requests.filter((request) => request.path.endsWith('/git/commits'))).toEqual([
      expect.objectContaining({ method: 'POST' })
    ])
  })

  it('comments again when the drift changes once more', async () => {
    const opened = await publish()
    fake.pushFiles(BRANCH, { 'NOTES.md': 'Reviewing with the partner team\n' }, 'Notes')

    await publish({ snapshot: LIVE_TUESDAY })
    await publish({ snapshot: snapshotText('2026-12-09T02:00:00.000Z', {}) })

    expect(fake.issue(opened.number ?? 0)?.comments).toHaveLength(2)
  })

  it('stays quiet while the branch already holds this proposal', async () => {
    const opened = await publish()
    const personal = fake.pushFiles(BRANCH, { 'NOTES.md': 'Reviewing with the partner team\n' }, 'Notes')
    fake.clearRequests()

    const result = await publish({ snapshot: LIVE_MONDAY_AGAIN })

    expect(result).toEqual({ number: opened.number, operation: 'unchanged' })
    expect(fake.writes()).toEqual([])
    expect(fake.branchSha(BRANCH)).toBe(personal)
  })

  it('counts a commit that copies the action’s trailer but was pushed by a person as theirs', async () => {
    await publish()
    const head = fake.branchSha(BRANCH)
    const [ours] = fake.requests.filter((request) => request.path.endsWith('/git/commits'))
    const forged = fake.pushFiles(
      BRANCH,
      { [BASELINE_PATH]: `${LIVE_MONDAY.trimEnd()} \n` },
      (ours?.body as { message: string }).message
    )

    await publish({ snapshot: LIVE_TUESDAY })

    expect(head).not.toBe(forged)
    expect(fake.branchSha(BRANCH)).toBe(forged)
  })

  it('counts an edit that keeps the action’s message and bot author but changes the file as a person’s', async () => {
    await publish()
    const [ours] = fake.requests.filter((request) => request.path.endsWith('/git/commits'))
    const amended = fake.pushFiles(
      BRANCH,
      { [BASELINE_PATH]: LIVE_MONDAY.replace('"isMfaAccepted": true', '"isMfaAccepted": false') },
      (ours?.body as { message: string }).message,
      { login: 'github-actions[bot]', name: 'github-actions[bot]', email: 'bot@users.noreply.github.com' }
    )

    await publish({ snapshot: LIVE_TUESDAY })

    expect(fake.branchSha(BRANCH)).toBe(amended)
    expect(fake.pulls()[0]?.comments.map((comment) => comment.body)).toEqual([
      expect.stringContaining('this branch has commits by someone other than this action')
    ])
  })

  it('is left as is, without a new pull request, after a person closed the pull request', async () => {
    const opened = await publish()
    const personal = fake.pushFiles(BRANCH, { 'NOTES.md': 'Not accepting this\n' }, 'Notes')
    closeAsAPerson(opened.number)
    fake.clearRequests()

    const result = await publish({ snapshot: LIVE_TUESDAY })

    expect(result).toEqual({ operation: 'none' })
    expect(fake.writes()).toEqual([])
    expect(fake.branchSha(BRANCH)).toBe(personal)
    expect(fake.pulls()).toHaveLength(1)
  })

  it('is kept when the drift is gone: the pull request is closed, the branch is not deleted', async () => {
    const opened = await publish()
    const personal = fake.pushFiles(BRANCH, { 'NOTES.md': 'Reviewing with the partner team\n' }, 'Notes')

    const result = await publish({ driftDetected: false })

    expect(result).toEqual({ number: opened.number, operation: 'closed' })
    expect(fake.branchSha(BRANCH)).toBe(personal)
    expect(fake.issue(opened.number ?? 0)?.comments.map((comment) => comment.body)).toEqual([
      expect.stringContaining(`The branch has commits by ${MONA}, so it was kept.`)
    ])
  })
})

describe('what a person wrote in the baseline', () => {
  it('stays in the proposal: ignore entries, $schema and their places in the file', async () => {
    const ignore = [
      {
        kind: 'partner',
        key: FABRIKAM_TENANT_ID,
        path: 'inboundTrust.*',
        reason: 'Pilot',
        expires: '2027-01-31'
      }
    ]
    const handWritten = `${JSON.stringify(
      { $schema: './snapshot.schema.json', ...JSON.parse(BASELINE), ignore },
      null,
      2
    )}\n`
    fake.pushFiles('main', { [BASELINE_PATH]: handWritten }, 'Accept the Fabrikam pilot for a while')

    await publish({ baselineText: handWritten })

    const proposed = JSON.parse(fake.readFile(BRANCH, BASELINE_PATH) ?? '{}') as Record<string, unknown>
    expect(proposed.ignore).toEqual(ignore)
    expect(proposed.partners).toEqual(MFA_TRUSTED)
    expect(proposed.capturedAt).toBe(JSON.parse(LIVE_MONDAY).capturedAt)
    expect(Object.keys(proposed)).toEqual([
      '$schema',
      'schemaVersion',
      'tenantId',
      'cloud',
      'capturedAt',
      'partners',
      'ignore'
    ])
  })
})

describe('the pull request text', () => {
  it('proposes nothing when the default branch already holds the live snapshot', async () => {
    const result = await publish({ snapshot: BASELINE })

    expect(result).toEqual({ operation: 'none' })
    expect(fake.pulls()).toEqual([])
  })

  it('keeps the description within GitHub’s limit', async () => {
    const hugeReport = Array.from({ length: 4000 }, (_, i) => `| finding ${i} | ${'x'.repeat(20)} |`).join(
      '\n'
    )

    await publish({ reportMarkdown: hugeReport })

    const body = fake.pulls()[0]?.body ?? ''
    expect(body.length).toBeLessThanOrEqual(65_000)
    expect(body).toContain("cut to fit GitHub's size limit")
  })

  it('in a redacted run names the branch after a keyed token and keeps ids out of title, description and commit', async () => {
    await publish({ redaction: keyedRedaction([TENANT_ID]), pseudonyms: KEYED })

    const [pull] = fake.pulls()
    const commit = fake.requests.find(
      (request) => request.method === 'POST' && request.path.endsWith('/git/commits')
    )
    const published = JSON.stringify([
      pull?.title,
      pull?.body,
      pull?.pull?.head,
      (commit?.body as { message: string }).message
    ])
    expect(pull?.pull?.head).toBe(branchName(TENANT_ID, true, KEYED))
    expect(pull?.pull?.head).toMatch(/^entra-drift\/[0-9a-f]{16}$/)
    expect(published).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i)
    expect(pull?.body).toMatch(/tenant-[0-9a-f]{6}/)
  })

  it('works against GitHub Enterprise Server paths (/api/v3 and /api/graphql)', async () => {
    await fake.close()
    fake = await startGitHubFake({ basePath: '/api/v3', files: { [BASELINE_PATH]: BASELINE } })

    const result = await publish()

    expect(result.operation).toBe('created')
    expect(fake.url).toMatch(/\/api\/v3$/)
    expect(fake.requests.some((request) => request.path === '/graphql')).toBe(true)
  })
})

describe('the first baseline (no baseline committed yet)', () => {
  beforeEach(async () => {
    await fake.close()
    fake = await startGitHubFake({ files: { 'README.md': '# Baselines\n' } })
  })

  const firstBaseline = (overrides: Partial<PublishPullRequestInput> = {}) =>
    publish({
      baselineText: undefined,
      title: `Add baseline for ${TENANT_ID}`,
      reportMarkdown: 'First baseline.',
      ...overrides
    })

  it('opens a pull request with the given title whose branch adds the snapshot as the baseline file', async () => {
    const result = await firstBaseline()

    const [pull] = fake.pulls()
    expect(result).toEqual({ number: pull?.number, operation: 'created' })
    expect(pull?.title).toBe(`Add baseline for ${TENANT_ID}`)
    expect(fake.readFile(BRANCH, BASELINE_PATH)).toBe(LIVE_MONDAY)
    expect(fake.readFile('main', BASELINE_PATH)).toBeUndefined()
  })

  it('is kept as is by a later run that reads the same tenant at another time', async () => {
    const first = await firstBaseline()
    const head = fake.branchSha(BRANCH)
    fake.clearRequests()

    const again = await firstBaseline({ snapshot: LIVE_MONDAY_AGAIN })

    expect(again).toEqual({ number: first.number, operation: 'unchanged' })
    expect(fake.writes()).toEqual([])
    expect(fake.branchSha(BRANCH)).toBe(head)
  })

  it('is updated, never doubled, when the tenant changed before it was merged', async () => {
    const first = await firstBaseline()

    const again = await firstBaseline({ snapshot: LIVE_TUESDAY })

    expect(again).toEqual({ number: first.number, operation: 'updated' })
    expect(fake.pulls()).toHaveLength(1)
    expect(fake.readFile(BRANCH, BASELINE_PATH)).toBe(LIVE_TUESDAY)
  })

  it('redacts the tenant in its title where identifiers are redacted', async () => {
    await firstBaseline({ redaction: keyedRedaction([TENANT_ID]), pseudonyms: KEYED })

    const [pull] = fake.pulls()
    expect(pull?.title).toMatch(/^Add baseline for tenant-[0-9a-f]{6}$/)
  })
})
