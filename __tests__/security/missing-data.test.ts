/**
 * Issue 12, point 9a: no claim from missing data. When the partner list cannot be read, a finding
 * on the default settings cannot know which partner configurations inherit it: it must say
 * "partners unavailable", never count the baseline's partners (the review saw "affects 6
 * partners" become "affects 8 partners"). Runs the bundled action (dist/index.js) as a runner does.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Report } from '../../src/core/report/report.js'
import { readable } from '../support/check-harness.ts'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { trustEveryonesMfa } from '../fakes/drift-scenarios.ts'
import { contosoTenant, CONTOSO_PARTNERS, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'

const PARTNER_LIST = /^\/policies\/crossTenantAccessPolicy\/partners(\?|$)/
/** Any statement of how many partners something reaches. */
const PARTNER_COUNT = /\b\d+ partners?\b|\baffects \d+/i

let job: Job | undefined
let github: GitHubFake | undefined
const closing = closedAfterEach()

describe('detect while the partner list cannot be read', () => {
  it('given the default now trusts every MFA, then summary and report say "partners unavailable" and count nobody', async () => {
    job = closing(await startJob(contosoTenant()))
    github = closing(await startGitHubFake())
    expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
    const inputs = {
      ...job.secretInputs,
      'on-drift': 'issue',
      'github-token': github.token,
      'fail-on': 'none'
    }
    const env = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: `${github.owner}/${github.repo}` }
    job.cloud.setTenant(trustEveryonesMfa())

    // Given: with the partners readable, the default finding counts the partners that inherit it.
    const readableRun = await job.run(inputs, env)
    const counted = reportOf(readableRun).findings.find((finding) => finding.object.kind === 'default')
    expect(counted?.affects.length).toBeGreaterThan(0)
    expect(counted?.affects).not.toContain(CONTOSO_PARTNERS.fabrikam)
    const countedTitle = github
      .issues()
      .find((issue) => issue.title.includes('default cross-tenant settings'))
    expect(countedTitle?.title).toMatch(/\(affects \d+ partners?\)/)
    // A fresh repository for the second run (the first closes after the test).
    github = closing(await startGitHubFake())

    // When: the partner list answers 403 (the permission was withdrawn), so partners are not compared.
    job.cloud.faults.inject({
      match: PARTNER_LIST,
      times: Infinity,
      fault: { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' }
    })
    const run = await job.run(
      { ...inputs, 'github-token': github.token },
      { ...env, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: `${github.owner}/${github.repo}` }
    )

    // Then: the report says why instead of counting.
    const report = reportOf(run)
    expect(report.notCompared.map((entry) => entry.section)).toContain('partners')
    const onDefault = report.findings.find((finding) => finding.object.kind === 'default')
    expect(onDefault?.severity).toBe('critical')
    expect(onDefault?.affects).toEqual([])
    expect(onDefault?.access?.partners).toEqual([])
    expect(onDefault?.affectsUnavailable?.section).toBe('partners')
    expect(report.effectiveAccess?.partnersUnavailable).toEqual(expect.any(String))

    const summary = readable(run.summary)
    expect(summary).toContain('**Affects:** partners unavailable (')
    expect(summary).not.toMatch(PARTNER_COUNT)
    expect(readable(readFileSync(run.outputs['report-path'] ?? '', 'utf8'))).not.toMatch(PARTNER_COUNT)

    // And: no issue states a count (a run that could not read a core section may write none at all).
    for (const issue of github.issues().filter((item) => item.labels.includes('entra-drift'))) {
      expect(issue.title).not.toMatch(PARTNER_COUNT)
      expect(issue.body ?? '').not.toMatch(PARTNER_COUNT)
    }
  })

  it('given a baseline that holds no partners section, then the drift issue on the default says "partners unavailable" in its title', async () => {
    job = closing(await startJob(contosoTenant()))
    github = closing(await startGitHubFake())
    expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
    const path = join(job.workspace, 'baselines', `${CONTOSO_TENANT_ID}.json`)
    const { partners: _dropped, ...withoutPartners } = JSON.parse(readFileSync(path, 'utf8')) as Record<
      string,
      unknown
    >
    writeFileSync(path, `${JSON.stringify(withoutPartners, null, 2)}\n`)
    job.cloud.setTenant(trustEveryonesMfa())

    const run = await job.run(
      { ...job.secretInputs, 'on-drift': 'issue', 'github-token': github.token, 'fail-on': 'none' },
      { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: `${github.owner}/${github.repo}` }
    )

    expect(reportOf(run).notCompared).toContainEqual({ section: 'partners', reason: 'not in the baseline' })
    const defaultIssue = github
      .issues()
      .find((issue) => issue.title.includes('default cross-tenant settings'))
    expect(defaultIssue?.title).toContain('(partners unavailable)')
    expect(defaultIssue?.title).not.toMatch(PARTNER_COUNT)
    expect(defaultIssue?.body ?? '').not.toMatch(PARTNER_COUNT)
    expect(readable(run.summary)).toContain('**Affects:** partners unavailable (not in the baseline)')
  })
})

function reportOf(run: { outputs: Record<string, string> }): Report {
  return JSON.parse(readFileSync(run.outputs['report-json-path'] ?? '', 'utf8')) as Report
}
