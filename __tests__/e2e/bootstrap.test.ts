/**
 * Issue 13, point 1: the first baseline comes from Actions. Each scenario runs the bundled action
 * (dist/index.js) as a runner does, with the inputs the example workflows give it, against the
 * Graph fake and the stateful GitHub fake, on a repository that has no baseline yet.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import {
  cloneTenant,
  contosoTenant,
  CONTOSO_TENANT_ID,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { TEST_PSEUDONYM_KEY } from '../support/pseudonyms.ts'
import type { ActionRun } from '../support/action-process.js'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'

const BASELINE_PATH = `baselines/${CONTOSO_TENANT_ID}.json`
const BRANCH = `entra-drift/${CONTOSO_TENANT_ID}`
const EXAMPLES = resolve(import.meta.dirname, '../../examples')
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

let job: Job | undefined
let github: GitHubFake | undefined
const closing = closedAfterEach()

/**
 * The literal inputs the example gives the action (mode, on-drift, fail-on, ...); the expressions
 * (tenant, client, secrets) are the job's own sign-in to the fakes.
 */
function exampleInputs(file: string): Record<string, string> {
  const workflow = parse(readFileSync(join(EXAMPLES, file), 'utf8')) as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>
  }
  const step = Object.values(workflow.jobs)
    .flatMap((candidate) => candidate.steps)
    .find((candidate) => candidate.uses?.startsWith('entra-b2b-drift/entra-b2b-drift@'))
  if (step === undefined) throw new Error(`${file} does not run the action.`)
  return Object.fromEntries(
    Object.entries(step.with ?? {})
      .map(([name, value]) => [name, String(value)] as const)
      .filter(([, value]) => !value.includes('${{'))
  )
}

/** Given a private repository whose default branch and checkout hold no baseline. */
async function repositoryWithoutBaseline(
  visibility: 'private' | 'public' = 'private',
  tenant: SimulatedTenant = contosoTenant()
): Promise<{ job: Job; github: GitHubFake }> {
  job = closing(await startJob(tenant))
  github = closing(await startGitHubFake({ visibility, files: { 'README.md': '# Baselines\n' } }))
  return { job, github }
}

/** One run of the action in the job's checkout, as `file` configures it, with the repository's token. */
function runExample(
  current: Job,
  hub: GitHubFake,
  file: string,
  overrides: Record<string, string> = {}
): Promise<ActionRun> {
  return current.run(
    {
      ...current.secretInputs,
      ...exampleInputs(file),
      'github-token': hub.token,
      'pseudonym-key': TEST_PSEUDONYM_KEY,
      ...overrides
    },
    { GITHUB_API_URL: hub.url, GITHUB_REPOSITORY: `${hub.owner}/${hub.repo}` }
  )
}

/** `::notice::` lines, as the runner shows them. */
function notices(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::notice::'))
    .map((line) => line.slice('::notice::'.length))
}

/** Each run starts from a fresh checkout of the default branch, as on a runner. */
function checkOutDefaultBranch(current: Job, hub: GitHubFake): void {
  rmSync(join(current.workspace, 'baselines'), { recursive: true, force: true })
  const committed = hub.readFile(hub.defaultBranch, BASELINE_PATH)
  if (committed === undefined) return
  mkdirSync(dirname(join(current.workspace, BASELINE_PATH)), { recursive: true })
  writeFileSync(join(current.workspace, BASELINE_PATH), committed)
}

describe('examples/bootstrap.yml in a repository with no baseline', () => {
  it('opens one pull request adding the baseline and succeeds with a notice; a second run changes nothing', async () => {
    const { job: current, github: hub } = await repositoryWithoutBaseline()

    const first = await runExample(current, hub, 'bootstrap.yml')

    expect(first.exitCode).toBe(0)
    const [pull] = hub.pulls()
    expect(hub.pulls()).toHaveLength(1)
    expect(pull?.title).toBe(`Add baseline for ${CONTOSO_TENANT_ID}`)
    expect(pull?.pull).toMatchObject({ head: BRANCH, base: hub.defaultBranch })
    expect(pull?.body).toContain(`adds \`${BASELINE_PATH}\``)
    expect(first.outputs['pull-request']).toBe(String(pull?.number))
    const written = readFileSync(join(current.workspace, BASELINE_PATH), 'utf8')
    expect(hub.readFile(BRANCH, BASELINE_PATH)).toBe(written)
    expect(JSON.parse(written)).toMatchObject({ tenantId: CONTOSO_TENANT_ID })
    expect(hub.readFile(hub.defaultBranch, BASELINE_PATH)).toBeUndefined()
    expect(notices(first)).toEqual([
      `Opened pull request #${pull?.number} adding the first baseline ${BASELINE_PATH}. Review and merge it: later detect runs compare the tenant with it.`
    ])

    checkOutDefaultBranch(current, hub)
    const head = hub.branchSha(BRANCH)
    hub.clearRequests()
    const second = await runExample(current, hub, 'bootstrap.yml')

    expect(second.exitCode).toBe(0)
    expect(hub.writes()).toEqual([])
    expect(hub.pulls()).toHaveLength(1)
    expect(hub.branchSha(BRANCH)).toBe(head)
    expect(second.outputs['pull-request']).toBe(String(pull?.number))
    expect(notices(second)).toEqual([
      `Pull request #${pull?.number} adds the first baseline ${BASELINE_PATH} and is up to date. Review and merge it: later detect runs compare the tenant with it.`
    ])
  })

  it('once that pull request is merged, examples/nightly-detect.yml runs green and quiet', async () => {
    const { job: current, github: hub } = await repositoryWithoutBaseline()
    expect((await runExample(current, hub, 'bootstrap.yml')).exitCode).toBe(0)
    const proposed = hub.readFile(BRANCH, BASELINE_PATH)
    if (proposed === undefined) throw new Error('The bootstrap run proposed no baseline.')
    // The fake has no merge endpoint: merging puts the branch's file on the default branch.
    hub.pushFiles(hub.defaultBranch, { [BASELINE_PATH]: proposed }, 'Merge pull request: Add baseline')
    checkOutDefaultBranch(current, hub)

    const nightly = await runExample(current, hub, 'nightly-detect.yml')

    expect(exampleInputs('nightly-detect.yml')).toMatchObject({ 'on-drift': 'issue' })
    expect(nightly.exitCode).toBe(0)
    expect(nightly.outputs['drift-detected']).toBe('false')
    expect(nightly.stdout).not.toMatch(/::(error|warning)::/)
    expect(hub.issues().filter((issue) => issue.labels.includes('entra-drift'))).toEqual([])
    expect(hub.pulls()).toHaveLength(1)
  })
})

describe('examples/bootstrap.yml after a person closed its pull request unmerged', () => {
  it('does not propose the same baseline again, and fails naming the closed pull request', async () => {
    const { job: current, github: hub } = await repositoryWithoutBaseline()
    expect((await runExample(current, hub, 'bootstrap.yml')).exitCode).toBe(0)
    const [pull] = hub.pulls()
    if (pull === undefined) throw new Error('The first run opened no pull request.')
    pull.state = 'closed'
    pull.closedBy = 'mona'
    checkOutDefaultBranch(current, hub)
    hub.clearRequests()

    const again = await runExample(current, hub, 'bootstrap.yml')

    expect(again.exitCode).toBe(1)
    expect(hub.writes()).toEqual([])
    expect(hub.pulls()).toHaveLength(1)
    expect(again.stdout).toContain(`::error::Pull request #${pull.number} proposing this baseline`)
    expect(notices(again)).toEqual([])
  })
})

describe('examples/bootstrap.yml on a tenant the app cannot read completely', () => {
  it('given a core permission missing, opens no pull request: a baseline is never made of missing data', async () => {
    const tenant = cloneTenant(contosoTenant())
    tenant.grantedPermissions.delete('Policy.Read.All')
    const { job: current, github: hub } = await repositoryWithoutBaseline('private', tenant)

    const run = await runExample(current, hub, 'bootstrap.yml')

    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/::error::The snapshot is incomplete, so no baseline was proposed/)
    expect(run.stdout).toContain('Policy.Read.All')
    expect(hub.pulls()).toEqual([])
    expect(hub.writes()).toEqual([])
  })

  it('given an optional permission missing, proposes the rest and tells the reviewer what was not read', async () => {
    const tenant = cloneTenant(contosoTenant())
    tenant.grantedPermissions.delete('SharePointTenantSettings.Read.All')
    const { job: current, github: hub } = await repositoryWithoutBaseline('private', tenant)

    const run = await runExample(current, hub, 'bootstrap.yml')

    expect(run.exitCode).toBe(0)
    const [pull] = hub.pulls()
    expect(pull?.body).toMatch(
      /Not read, so not compared later[^\n]*\n- sharepointSettings: .*SharePointTenantSettings\.Read\.All/
    )
  })
})

describe('detect without a baseline', () => {
  it('with on-drift: pull-request, proposes the first baseline the same way instead of failing', async () => {
    const { job: current, github: hub } = await repositoryWithoutBaseline()

    const run = await runExample(current, hub, 'nightly-detect.yml', { 'on-drift': 'pull-request' })

    expect(run.exitCode).toBe(0)
    const [pull] = hub.pulls()
    expect(hub.pulls()).toHaveLength(1)
    expect(pull?.title).toBe(`Add baseline for ${CONTOSO_TENANT_ID}`)
    const snapshot = readFileSync(run.outputs['snapshot-path'] ?? '', 'utf8')
    expect(hub.readFile(BRANCH, BASELINE_PATH)).toBe(snapshot)
    expect(notices(run)).toEqual([expect.stringContaining(`Opened pull request #${pull?.number}`)])
    expect(hub.issues().filter((issue) => issue.pull === undefined)).toEqual([])
  })

  it('with on-drift: issue, fails as before and points at the bootstrap workflow', async () => {
    const { job: current, github: hub } = await repositoryWithoutBaseline()

    const run = await runExample(current, hub, 'nightly-detect.yml')

    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(`::error::Baseline ${BASELINE_PATH} does not exist.`)
    expect(run.stdout).toContain('examples/bootstrap.yml')
    expect(hub.writes()).toEqual([])
  })
})

describe('examples/bootstrap.yml in a public repository', () => {
  it('without allow-public-baseline-pull-request, opens no pull request and says why', async () => {
    const { job: current, github: hub } = await repositoryWithoutBaseline('public')

    const run = await runExample(current, hub, 'bootstrap.yml')

    expect(run.exitCode).toBe(1)
    expect(hub.pulls()).toEqual([])
    expect(hub.writes()).toEqual([])
    const error = run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? ''
    expect(error).toContain('No pull request adding')
    expect(error).toContain('allow-public-baseline-pull-request: true')
    expect(error).not.toContain(CONTOSO_TENANT_ID)
    // Refused before the tenant was read: no Graph request beyond signing in was needed.
    expect(run.stdout).not.toContain('Collecting from Microsoft Graph')
  })

  it('with allow-public-baseline-pull-request, opens it with no identifier in its title, description or branch', async () => {
    const { job: current, github: hub } = await repositoryWithoutBaseline('public')

    const run = await runExample(current, hub, 'bootstrap.yml', {
      'allow-public-baseline-pull-request': 'true'
    })

    expect(run.exitCode).toBe(0)
    const [pull] = hub.pulls()
    expect(hub.pulls()).toHaveLength(1)
    expect(`${pull?.title}\n${pull?.body}\n${pull?.pull?.head}`).not.toMatch(GUID)
    expect(pull?.title).toMatch(/^Add baseline for /)
    expect(notices(run).join('\n')).not.toContain(CONTOSO_TENANT_ID)
    expect(hub.readFile(pull?.pull?.head ?? '', BASELINE_PATH)).toContain(CONTOSO_TENANT_ID)
  })
})
