import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  branchName,
  publishPullRequest,
  type PublishPullRequestInput
} from '../../src/publish/publish-pull-request.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { FABRIKAM_TENANT_ID, TENANT_ID } from './drift-fixtures.ts'
import { octokitFor, recordingLog } from './publish-harness.ts'
import { KEYED, keyedRedaction, UNKEYED } from '../support/pseudonyms.ts'

const BASELINE_PATH = `baselines/${TENANT_ID}.json`
const BASELINE = `${JSON.stringify({ tenantId: TENANT_ID, partners: {} }, null, 2)}\n`
const LIVE_MONDAY = `${JSON.stringify({ tenantId: TENANT_ID, partners: { [FABRIKAM_TENANT_ID]: { inboundTrust: { isMfaAccepted: true } } } }, null, 2)}\n`
const LIVE_TUESDAY = LIVE_MONDAY.replace(
  '"isMfaAccepted": true',
  '"isMfaAccepted": true,\n        "isCompliantDeviceAccepted": true'
)
const REPORT = `**Drift: 0 critical, 1 high** in tenant ${TENANT_ID}\n\nPartner ${FABRIKAM_TENANT_ID}: inbound MFA trust accepted.\n`

let fake: GitHubFake

beforeAll(() => trustFakeCertificate())
beforeEach(async () => {
  fake = await startGitHubFake({ files: { [BASELINE_PATH]: BASELINE, 'README.md': '# Baselines\n' } })
})
afterEach(async () => {
  await fake.close()
})

function publish(overrides: Partial<PublishPullRequestInput> = {}) {
  const log = recordingLog()
  return publishPullRequest({
    octokit: octokitFor(fake, log),
    owner: fake.owner,
    repo: fake.repo,
    tenantId: TENANT_ID,
    baselinePath: BASELINE_PATH,
    snapshotJson: LIVE_MONDAY,
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
    expect(pull?.pull).toMatchObject({ head: `entra-drift/${TENANT_ID}`, base: 'main' })
    expect(pull?.body).toBe(REPORT)
    expect(fake.readFile(`entra-drift/${TENANT_ID}`, BASELINE_PATH)).toBe(LIVE_MONDAY)
    expect(fake.readFile(`entra-drift/${TENANT_ID}`, 'README.md')).toBe('# Baselines\n')
    expect(fake.readFile('main', BASELINE_PATH)).toBe(BASELINE)
  })

  it('moves the same branch and edits the same pull request when the drift changes', async () => {
    const first = await publish()

    const second = await publish({
      snapshotJson: LIVE_TUESDAY,
      reportMarkdown: `${REPORT}\nAnd compliant devices.\n`
    })

    expect(second).toEqual({ number: first.number, operation: 'updated' })
    expect(fake.pulls()).toHaveLength(1)
    expect(fake.pulls()[0]?.body).toContain('And compliant devices.')
    expect(fake.readFile(`entra-drift/${TENANT_ID}`, BASELINE_PATH)).toBe(LIVE_TUESDAY)
  })

  it('writes nothing when the pull request already proposes this snapshot with this report', async () => {
    const first = await publish()
    fake.clearRequests()

    const again = await publish()

    expect(again).toEqual({ number: first.number, operation: 'unchanged' })
    expect(fake.writes()).toEqual([])
  })

  it('rebuilds the branch on top of the default branch when someone pushed there meanwhile', async () => {
    await publish()
    const mainHead = fake.pushFiles('main', { 'docs/triage.md': 'How we triage drift\n' }, 'Add triage notes')
    fake.clearRequests()

    const result = await publish()

    expect(result.operation).toBe('updated')
    expect(fake.readFile(`entra-drift/${TENANT_ID}`, 'docs/triage.md')).toBe('How we triage drift\n')
    const branchCommit = fake.requests.find(
      (request) => request.method === 'POST' && request.path.endsWith('/git/commits')
    )
    expect((branchCommit?.body as { parents: string[] }).parents).toEqual([mainHead])
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
    expect(fake.branchSha(`entra-drift/${TENANT_ID}`)).toBeUndefined()
    expect(afterwards).toEqual({ operation: 'none' })
  })

  it('does not propose again a snapshot whose pull request someone closed without merging', async () => {
    const opened = await publish()
    const pull = fake.issue(opened.number ?? 0)
    if (pull) pull.state = 'closed'
    fake.clearRequests()

    const result = await publish()

    expect(result).toEqual({ number: opened.number, operation: 'unchanged' })
    expect(fake.writes()).toEqual([])
    expect(fake.pulls()).toHaveLength(1)
  })

  it('proposes nothing when the default branch already holds the live snapshot', async () => {
    const result = await publish({ snapshotJson: BASELINE })

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
