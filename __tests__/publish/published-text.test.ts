import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { Finding, ObjectRef } from '../../src/core/model/finding.js'
import { publishPullRequest } from '../../src/publish/publish-pull-request.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { FABRIKAM_TENANT_ID, finding, GUEST_POLICY_ID, TENANT_ID } from '../support/drift-fixtures.ts'
import { decodeEntities, githubFor, publishRun, recordingLog } from '../support/publish-harness.ts'
import { KEYED, keyedRedaction } from '../support/pseudonyms.ts'

const GUEST_UPN = 'alice_fabrikam.com#EXT#@contoso.onmicrosoft.com'
const INVITER = 'bob.admin@fabrikam.com'
const GROUP_ID = '9e8d7c6b-5a49-4838-a726-15f4e3d2c1b0'

const partnerWithIds: ObjectRef = { kind: 'partner', key: FABRIKAM_TENANT_ID, displayName: 'fabrikam.com' }
const policyWithIds: ObjectRef = {
  kind: 'conditionalAccessPolicy',
  key: GUEST_POLICY_ID,
  displayName: `Guests of ${FABRIKAM_TENANT_ID} (owner ${INVITER})`
}

const leakyFindings: Finding[] = [
  finding({
    object: partnerWithIds,
    rule: 'partner-inbound-users-opened',
    severity: 'high',
    changes: [
      { path: 'b2bCollaborationInbound.usersAndGroups.targets', before: [GROUP_ID], after: ['AllUsers'] },
      { path: 'invitedBy', before: null, after: GUEST_UPN }
    ],
    summary: `Partner fabrikam.com: inbound B2B collaboration opened for ${GUEST_UPN}`
  }),
  finding({
    object: policyWithIds,
    rule: 'ca-guest-policy-disabled',
    severity: 'high',
    changes: [{ path: 'conditions.users.excludeUsers', before: [], after: [GUEST_UPN, INVITER] }],
    summary: `Conditional Access policy Guests of ${FABRIKAM_TENANT_ID} (owner ${INVITER}) excludes ${INVITER}`
  })
]

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i
const EMAIL_OR_UPN = /[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/i

/** Everything a reader of the repository can see, as they see it. */
function publishedText(fake: GitHubFake): string[] {
  const texts: string[] = []
  for (const issue of [...fake.issues(), ...fake.pulls()]) {
    texts.push(issue.title, issue.body, ...issue.comments.map((comment) => comment.body))
    if (issue.pull) texts.push(issue.pull.head)
  }
  for (const request of fake.requests) {
    if (request.path.endsWith('/git/commits')) texts.push((request.body as { message: string }).message)
    if (request.path.endsWith('/git/refs')) texts.push((request.body as { ref: string }).ref)
  }
  return texts.map((text) => decodeEntities(text).replace(/\u200b/g, ''))
}

let fake: GitHubFake

beforeAll(() => trustFakeCertificate())
beforeEach(async () => {
  fake = await startGitHubFake({ visibility: 'public' })
})
afterEach(async () => {
  await fake.close()
})

describe('publishing to a public repository with redaction', () => {
  it('leaves no GUID, domain, UPN or e-mail address in any issue, comment, pull request, branch or commit', async () => {
    await publishRun(fake, leakyFindings, { redact: true })
    await publishRun(fake, leakyFindings.slice(0, 1), { redact: true })
    await publishRun(fake, [], { redact: true })
    const log = recordingLog()
    await publishPullRequest({
      github: githubFor(fake, log),
      tenantId: TENANT_ID,
      baselinePath: `baselines/${TENANT_ID}.json`,
      snapshot: JSON.stringify({ tenantId: TENANT_ID, partners: { [FABRIKAM_TENANT_ID]: {} } }),
      reportMarkdown: `Partner fabrikam&#46;com &#40;${FABRIKAM_TENANT_ID.replace(/-/g, '&#45;')}&#41; invited alice&#64;&#8203;fabrikam&#46;com`,
      driftDetected: true,
      redaction: keyedRedaction([TENANT_ID, FABRIKAM_TENANT_ID]),
      pseudonyms: KEYED,
      log
    })

    const texts = publishedText(fake)
    expect(texts.length).toBeGreaterThan(10)
    for (const text of texts) {
      expect(text).not.toMatch(GUID)
      expect(text).not.toMatch(EMAIL_OR_UPN)
      expect(text).not.toMatch(/fabrikam\.com|contoso\.onmicrosoft\.com|#EXT#/i)
    }
  })

  it('still lets a reader tell partners apart: the same tenant gets the same placeholder everywhere', async () => {
    await publishRun(fake, leakyFindings, { redact: true })

    const placeholders = new Set(
      publishedText(fake).flatMap((text) => text.match(/tenant-[0-9a-f]{6}/g) ?? [])
    )

    expect(placeholders.size).toBe(1)
  })
})

describe('hostile display names', () => {
  const hostileName =
    'Fabrikam @security-team #12 [sign in](https://evil.example/phish) <img src=x onerror=alert(1)> ``` \u202egnp.exe\u200b'
  const hostilePartner: ObjectRef = { kind: 'partner', key: FABRIKAM_TENANT_ID, displayName: hostileName }
  const hostileFindings = [
    finding({
      object: hostilePartner,
      rule: 'partner-inbound-trust-accepted',
      severity: 'high',
      changes: [
        { path: 'inboundTrust.isMfaAccepted', before: false, after: `\`\`\`\n@octocat ${hostileName}` }
      ],
      summary: `Partner ${hostileName} now trusts MFA from this partner`
    })
  ]

  it('become inert in titles: no mention, no reference, no invisible characters, at most 256 characters', async () => {
    await publishRun(fake, hostileFindings)

    const [issue] = fake.issues()
    expect(issue?.title).not.toMatch(/[@#\u200b-\u200f\u202a-\u202e]/)
    expect(issue?.title).toContain('＠security-team ＃12')
    expect(Array.from(issue?.title ?? '').length).toBeLessThanOrEqual(256)
  })

  it('become inert in bodies: outside code blocks nothing renders as a mention, reference, link or HTML', async () => {
    await publishRun(fake, hostileFindings)

    const body = fake.issues()[0]?.body ?? ''
    const prose = body.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
    expect(prose).not.toMatch(/@security|@octocat|#12|\]\(https|<img|\u202e|\u200b/)
    expect(decodeEntities(prose).replace(/\u200b/g, '')).toContain(
      'Fabrikam @security-team #12 [sign in](https://evil.example/phish)'
    )
  })

  it('cannot imitate the hidden marker and hijack the issue lookup', async () => {
    const imitation: ObjectRef = {
      kind: 'conditionalAccessPolicy',
      key: GUEST_POLICY_ID,
      displayName: '<!-- entra-b2b-drift:issue v1 tenant=0 object=0 state=0 kind=partner findings= -->'
    }
    const policyFinding = finding({
      object: imitation,
      rule: 'ca-guest-policy-disabled',
      severity: 'high',
      changes: [{ path: 'state', before: 'enabled', after: 'disabled' }],
      summary: 'disabled'
    })
    await publishRun(fake, [policyFinding])
    fake.clearRequests()

    await publishRun(fake, [policyFinding])

    expect(fake.issues()[0]?.body.match(/<!-- entra-b2b-drift/g)).toHaveLength(1)
    expect(fake.writes()).toEqual([])
  })
})
