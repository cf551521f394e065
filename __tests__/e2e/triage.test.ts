import { describe, expect, it } from '@jest/globals'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { driftedContoso, NEW_PARTNER_ID } from '../fakes/drift-scenarios.ts'
import { startGitHubFake } from '../fakes/github-fake.ts'
import { contosoTenant, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'
import { closedAfterEach, startJob } from '../support/e2e-fixture.js'
import { decodeEntities } from '../support/publish-harness.ts'

const closing = closedAfterEach()
const SERVER = 'https://ghes.contoso.example'

describe('the bundled action writes issues where triage happens', () => {
  it('a default-configuration drift names who, when, the audit entry and the partners, links the run and the baseline line, offers what next; an owned partner is assigned', async () => {
    const job = closing(await startJob(contosoTenant()))
    const hub = closing(await startGitHubFake({ visibility: 'private' }))
    expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
    mkdirSync(join(job.workspace, 'baselines'), { recursive: true })
    writeFileSync(
      join(job.workspace, 'baselines/owners.json'),
      JSON.stringify({
        default: { assignees: ['secops-lead'] },
        owners: [
          { match: { partner: NEW_PARTNER_ID }, assignees: ['alliance-lead'], labels: ['team:alliances'] }
        ]
      })
    )
    job.cloud.setTenant(driftedContoso())

    const run = await job.run(
      {
        ...job.secretInputs,
        'on-drift': 'issue',
        'github-token': hub.token,
        'fail-on': 'none',
        'owners-file': 'baselines/owners.json'
      },
      {
        GITHUB_API_URL: hub.url,
        GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}`,
        GITHUB_SERVER_URL: SERVER,
        GITHUB_RUN_ID: '4242',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_SHA: 'abc123'
      }
    )
    expect(run.exitCode).toBe(0)

    const issue = hub.issues().find((candidate) => candidate.title.includes('default cross-tenant settings'))
    const body = decodeEntities(issue?.body ?? '')
    expect(body).toContain('**Who:** ')
    expect(body).toContain('audit entry Directory_8c1f0d2e-5a7b-4c3d-9e8f-0a1b2c3d4e5f')
    expect(body).toContain('**Affects:** ')
    expect(body).toContain(`[workflow run](${SERVER}/${hub.owner}/${hub.repo}/actions/runs/4242/attempts/2)`)
    const baselinePath = `baselines/${CONTOSO_TENANT_ID}.json`
    const baselineText = readFileSync(join(job.workspace, baselinePath), 'utf8')
    const lines = baselineText.split('\n')
    const inboundTrust = lines.findIndex((text) => text.includes('"inboundTrust"'))
    const line =
      lines.findIndex((text, index) => index > inboundTrust && text.includes('"isMfaAccepted"')) + 1
    expect(body).toContain(`${SERVER}/${hub.owner}/${hub.repo}/blob/abc123/${baselinePath}#L${line}`)
    expect(body).toContain('- [ ] **Intended?** Accept it')
    expect(body).toContain('- [ ] **Unintended?** Revert it')
    expect(body).toContain('- [ ] **An exception?**')
    expect(body).toContain('**Respond by:** ')
    expect(issue?.assignees).toEqual(['secops-lead'])

    const litware = hub.issues().find((candidate) => candidate.title.includes('Litware'))
    expect(litware?.assignees).toEqual(['alliance-lead'])
    expect(litware?.labels).toContain('team:alliances')

    // The history issue lists the open drift issues by age.
    const history = hub.issues().find((candidate) => candidate.labels.includes('entra-drift-history'))
    expect(history?.body).toContain('### Open drift by age')
    for (const drift of hub.issues().filter((candidate) => candidate.labels.includes('entra-drift')))
      expect(history?.body).toMatch(
        new RegExp(`\\| #${drift.number} \\| \\w+ \\| \\d{4}-\\d{2}-\\d{2} \\| 0 days \\|`)
      )
  })

  it('an owners entry by partner tier assigns the drift of a partner the partner policy places in that tier', async () => {
    const job = closing(await startJob(contosoTenant()))
    const hub = closing(await startGitHubFake({ visibility: 'private' }))
    expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
    const policy = JSON.parse(readFileSync('examples/partner-tiers.json', 'utf8')) as {
      partners: Record<string, { tier: string; name: string; reason: string }>
    }
    policy.partners[NEW_PARTNER_ID] = { tier: 'strategic', name: 'Litware', reason: 'joint venture' }
    writeFileSync(join(job.workspace, 'baselines/partner-tiers.json'), JSON.stringify(policy, null, 2))
    writeFileSync(
      join(job.workspace, 'baselines/owners.json'),
      JSON.stringify({
        default: { assignees: ['secops-lead'] },
        owners: [{ match: { tier: 'strategic' }, assignees: ['alliance-lead'], labels: ['tier:strategic'] }]
      })
    )
    job.cloud.setTenant(driftedContoso())

    const run = await job.run(
      {
        ...job.secretInputs,
        'on-drift': 'issue',
        'github-token': hub.token,
        'fail-on': 'none',
        'owners-file': 'baselines/owners.json'
      },
      { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}` }
    )
    expect(run.exitCode).toBe(0)

    const litware = hub.issues().find((candidate) => candidate.title.includes('Litware'))
    expect(litware?.assignees).toEqual(['alliance-lead'])
    expect(litware?.labels).toContain('tier:strategic')
    const defaults = hub
      .issues()
      .find((candidate) => candidate.title.includes('default cross-tenant settings'))
    expect(defaults?.assignees).toEqual(['secops-lead'])
  })

  it('an owners-file that does not exist fails the run naming the input', async () => {
    const job = closing(await startJob(contosoTenant()))
    const hub = closing(await startGitHubFake({ visibility: 'private' }))
    expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
    job.cloud.setTenant(driftedContoso())

    const run = await job.run(
      {
        ...job.secretInputs,
        'on-drift': 'issue',
        'github-token': hub.token,
        'fail-on': 'none',
        'owners-file': 'baselines/owners.json'
      },
      { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}` }
    )

    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toContain("Input 'owners-file' names baselines/owners.json, which does not exist")
  })
})
