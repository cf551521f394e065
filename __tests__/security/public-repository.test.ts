import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ActionRun } from '../support/action-process.js'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'
import { driftedContoso, NEW_PARTNER_ID } from '../fakes/drift-scenarios.ts'
import { AUDIT_ADMIN, AUDIT_AUTOMATION_APP } from '../fakes/directory-audits.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import {
  contosoTenant,
  CONTOSO_PARTNER_DIRECTORY,
  CONTOSO_PARTNERS,
  CONTOSO_TENANT_ID,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { TEST_PSEUDONYM_KEY } from '../support/pseudonyms.ts'

/*
 * Given a public repository watching a tenant that drifted (trust, a new partner, a renamed sync
 * policy, a moved named-location range, changes made by a named admin from a known address and
 * browser), when the bundled action runs with issues and pull requests, then no surface a visitor
 * can read names the tenant, a partner, a person, a domain or an address, and no plain SHA-256 of
 * a tenant id stands in for one.
 */

const TENANT_IDS = [CONTOSO_TENANT_ID, ...Object.values(CONTOSO_PARTNERS), NEW_PARTNER_ID]
const IDENTIFYING = [
  ...TENANT_IDS,
  ...TENANT_IDS.map((id) => id.replace(/-/g, '')),
  'contoso.onmicrosoft.com',
  'contoso.example',
  AUDIT_ADMIN.userPrincipalName,
  AUDIT_ADMIN.ipAddress,
  '203.0.113.24',
  'Avery Admin',
  AUDIT_AUTOMATION_APP.displayName,
  AUDIT_AUTOMATION_APP.appId,
  'Mozilla/5.0 (Windows NT',
  'Fabrikam',
  // Partners' organisation names and domains, as findTenantInformationByTenantId tells them.
  ...Object.values(CONTOSO_PARTNER_DIRECTORY).flatMap((entry) => [
    entry.displayName,
    entry.defaultDomainName
  ]),
  'Litware',
  'litware.onmicrosoft.com',
  '192.0.2.0/24',
  '198.51.100.0/24'
]

/** What an unkeyed marker, placeholder or branch name of a tenant id would be made of. */
const UNKEYED_DIGESTS = TENANT_IDS.flatMap((id) =>
  [id, `tenant\n${id}`, `branch\n${id}`, `placeholder\ntenant\n${id}`].map((text) =>
    createHash('sha256').update(text, 'utf8').digest('hex')
  )
)

let job: Job | undefined
let github: GitHubFake | undefined
const closing = closedAfterEach()

/** Contoso's drift of the week, plus a named location whose range moved. */
function driftedWithRanges(): SimulatedTenant {
  const tenant = driftedContoso()
  tenant.namedLocations = tenant.namedLocations.map((location) =>
    location.displayName === 'Contoso HQ egress'
      ? {
          ...location,
          ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '198.51.100.0/24' }]
        }
      : location
  )
  return tenant
}

async function publicJob(): Promise<{ job: Job; github: GitHubFake }> {
  job = closing(await startJob(contosoTenant()))
  github = closing(await startGitHubFake({ visibility: 'public' }))
  // The baseline is made in a run without GitHub (a private repository's payload): only detect runs are public.
  const baseline = await job.run({ ...job.secretInputs, mode: 'snapshot' })
  expect(baseline.exitCode).toBe(0)
  job.cloud.setTenant(driftedWithRanges())
  return { job, github }
}

function detect(current: Job, hub: GitHubFake, extra: Record<string, string> = {}): Promise<ActionRun> {
  return current.run(
    {
      ...current.secretInputs,
      'on-drift': 'both',
      'github-token': hub.token,
      'fail-on': 'none',
      ...extra
    },
    { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}`, GITHUB_RUN_ID: '4242' }
  )
}

/** Every file the run left under its runner temp folder (the reports the examples upload). */
function reportFiles(run: ActionRun): string {
  const root = join(run.runnerTemp, 'entra-b2b-drift')
  const texts: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (!name.startsWith('snapshot')) texts.push(`${path}\n${readFileSync(path, 'utf8')}`)
    }
  }
  walk(root)
  return texts.join('\n')
}

/** Issues, comments, pull requests, branch names, commit messages and committed paths. */
function githubSurfaces(hub: GitHubFake): string {
  const issues = hub
    .issues()
    .flatMap((issue) => [issue.title, issue.body, ...issue.comments.map((comment) => comment.body)])
  const pulls = hub.pulls().flatMap((pull) => [pull.title, pull.body, pull.pull?.head ?? ''])
  const writes = hub
    .writes()
    .map((request) => `${request.method} ${request.path} ${JSON.stringify(request.body)}`)
  return [...issues, ...pulls, ...writes].join('\n')
}

function expectNothingIdentifying(surface: string, what: string): void {
  for (const needle of IDENTIFYING) {
    if (surface.toLowerCase().includes(needle.toLowerCase())) {
      throw new Error(`${what} shows '${needle}'`)
    }
  }
  for (const run of surface.match(/[0-9a-f]{6,}/gi) ?? []) {
    const hex = run.toLowerCase()
    const leaked = UNKEYED_DIGESTS.find(
      (digest) => digest.startsWith(hex.slice(0, 6)) || (hex.length >= 12 && digest.includes(hex))
    )
    if (leaked !== undefined)
      throw new Error(`${what} shows '${run}', part of an unkeyed SHA-256 of a tenant id`)
  }
}

describe('a public repository with a pseudonym key', () => {
  it('shows no tenant id, partner, person, domain, address or unkeyed hash anywhere, and proposes no pull request', async () => {
    const { job: current, github: hub } = await publicJob()

    const run = await detect(current, hub, { 'pseudonym-key': TEST_PSEUDONYM_KEY })

    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('Redacting identifiers')
    const drift = hub.issues().filter((issue) => issue.labels.includes('entra-drift'))
    expect(drift.length).toBeGreaterThanOrEqual(4)
    expect(run.summary).toMatch(/tenant-[0-9a-f]{6}/)
    expect(run.summary).toContain('[redacted name]')
    expect(run.summary).toContain('[redacted address]')
    expectNothingIdentifying(run.stdout, 'the log')
    expectNothingIdentifying(run.stderr, 'stderr')
    expectNothingIdentifying(run.summary, 'the job summary')
    expectNothingIdentifying(reportFiles(run), 'the report files')
    expectNothingIdentifying(githubSurfaces(hub), 'GitHub')
    expectNothingIdentifying(JSON.stringify(run.outputs), 'the outputs')
    // The accept-drift proposal would publish drift nobody accepted: not without being asked.
    expect(hub.pulls()).toHaveLength(0)
    expect(run.stdout).toMatch(/No baseline pull request: .*allow-public-baseline-pull-request: true/)
  })

  it('keeps its markers from run to run, so an unchanged drift writes nothing to its issues', async () => {
    const { job: current, github: hub } = await publicJob()
    await detect(current, hub, { 'pseudonym-key': TEST_PSEUDONYM_KEY })
    const opened = hub.issues().filter((issue) => issue.labels.includes('entra-drift')).length
    hub.clearRequests()

    await detect(current, hub, { 'pseudonym-key': TEST_PSEUDONYM_KEY })

    expect(hub.issues().filter((issue) => issue.labels.includes('entra-drift'))).toHaveLength(opened)
    const driftWrites = hub
      .writes()
      .filter((request) => /\/issues/.test(request.path) && !/labels/.test(request.path))
      .filter((request) => !JSON.stringify(request.body).includes('entra-b2b-drift:history'))
    expect(driftWrites).toEqual([])
  })

  it('with allow-public-baseline-pull-request, names the branch by a keyed token and keeps ids out of the pull request text', async () => {
    const { job: current, github: hub } = await publicJob()

    const run = await detect(current, hub, {
      'pseudonym-key': TEST_PSEUDONYM_KEY,
      'allow-public-baseline-pull-request': 'true'
    })

    expect(run.exitCode).toBe(0)
    const [pull] = hub.pulls()
    expect(pull?.pull?.head).toMatch(/^entra-drift\/[0-9a-f]{16}$/)
    expectNothingIdentifying(`${pull?.title}\n${pull?.body}\n${pull?.pull?.head}`, 'the pull request')
  })
})

describe('a public repository without a pseudonym key', () => {
  it('publishes nothing to GitHub, fails naming pseudonym-key, and still redacts the summary', async () => {
    const { job: current, github: hub } = await publicJob()

    const run = await detect(current, hub)

    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::Nothing was published to GitHub: input 'pseudonym-key' is empty/)
    expect(hub.issues()).toHaveLength(0)
    expect(hub.pulls()).toHaveLength(0)
    expect(run.outputs['report-path']).toMatch(/report\.md$/)
    expect(run.summary).toContain('tenant-1')
    expectNothingIdentifying(run.stdout, 'the log')
    expectNothingIdentifying(run.summary, 'the job summary')
    expectNothingIdentifying(reportFiles(run), 'the report files')
  })
})
