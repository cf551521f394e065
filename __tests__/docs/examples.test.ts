import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import { parse, parseDocument } from 'yaml'
import { TENANT_LIST_FIELDS } from '../../src/core/baseline/tenant-list.js'
import { MODES } from '../../src/inputs.js'
import { lintWithActionlint, yamlErrors } from './workflow-linter.ts'

/**
 * The example workflows are what a security team copies on day one, so they are held to what the
 * action really offers: inputs and outputs of action.yml, modes the action runs, the permissions
 * each job needs and no more, and one run at a time for scheduled jobs.
 */

const ROOT = resolve(import.meta.dirname, '../..')
const EXAMPLES = resolve(ROOT, 'examples')
const ACTION = 'entra-b2b-drift/entra-b2b-drift'

interface Manifest {
  readonly inputs: Record<string, unknown>
  readonly outputs: Record<string, unknown>
}

type Rule = 'structure' | 'inputs' | 'permissions' | 'concurrency' | 'modes' | 'outputs'
interface Problem {
  readonly rule: Rule
  readonly message: string
}

type Level = 'none' | 'read' | 'write'
const LEVELS: readonly Level[] = ['none', 'read', 'write']
type Permissions = Record<string, Level>

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const manifest = parse(readFileSync(resolve(ROOT, 'action.yml'), 'utf8')) as Manifest
const exampleFiles = readdirSync(EXAMPLES).filter((name) => /\.ya?ml$/.test(name))
const readExample = (file: string) => readFileSync(resolve(EXAMPLES, file), 'utf8')
/** The examples a user of the action copies; release.yml is the action repository's own workflow. */
const usesTheAction = (file: string) => readExample(file).includes(`uses: ${ACTION}@`)
const actionExamples = exampleFiles.filter(usesTheAction)

/** Every file in examples/ must parse and pass actionlint, whatever it is for. */
async function problemsInExample(text: string, file: string): Promise<string[]> {
  const errors = yamlErrors(text, `examples/${file}`)
  return errors.length > 0 ? errors : lintWithActionlint(text, `examples/${file}`)
}

/** Everything wrong with a workflow, by rule; an empty list for a good one. */
function lintWorkflow(text: string, action: Manifest): Problem[] {
  const problems: Problem[] = []
  const report = (rule: Rule, message: string) => problems.push({ rule, message })
  const document = parseDocument(text)
  for (const error of document.errors) report('structure', `YAML: ${error.message}`)
  const workflow: unknown = document.toJS()
  if (!isObject(workflow)) return [...problems, { rule: 'structure', message: 'not a mapping' }]
  if (workflow.on === undefined) report('structure', "no 'on'")
  if (!isObject(workflow.jobs) || Object.keys(workflow.jobs).length === 0) {
    report('structure', "no 'jobs'")
    return problems
  }
  if (/\b(write-all|read-all)\b/.test(text)) report('permissions', 'grants write-all or read-all')

  const jobs = workflow.jobs
  const scheduled = isObject(workflow.on) && 'schedule' in workflow.on
  for (const [jobId, job] of Object.entries(jobs)) {
    if (!isObject(job)) {
      report('structure', `job ${jobId} is not a mapping`)
      continue
    }
    const steps = Array.isArray(job.steps) ? job.steps.filter(isObject) : []
    if (job['runs-on'] === undefined) report('structure', `job ${jobId} has no runs-on`)
    if (steps.length === 0) report('structure', `job ${jobId} has no steps`)
    for (const step of steps) {
      if (typeof step.uses !== 'string' && typeof step.run !== 'string')
        report('structure', `a step of ${jobId} neither uses nor runs anything`)
    }
    const actionSteps = steps.filter(
      (step) => typeof step.uses === 'string' && step.uses.startsWith(`${ACTION}@`)
    )
    for (const step of actionSteps) lintActionStep(jobId, step, action, report)

    lintOutputReads(jobId, job, steps, jobs, action, report)
    if (scheduled && !hasConcurrencyGroup(workflow) && !hasConcurrencyGroup(job)) {
      report(
        'concurrency',
        `scheduled job ${jobId} has no concurrency group: two runs could race on the same issues`
      )
    }
    lintPermissions(jobId, job.permissions ?? workflow.permissions, steps, report)
  }
  return problems
}

function lintActionStep(
  jobId: string,
  step: Json,
  action: Manifest,
  report: (rule: Rule, message: string) => void
): void {
  if (step.uses !== `${ACTION}@v1`)
    report('structure', `${jobId} uses ${String(step.uses)}, not ${ACTION}@v1`)
  const inputs = isObject(step.with) ? step.with : {}
  for (const name of Object.keys(inputs)) {
    if (!(name in action.inputs)) report('inputs', `${jobId}: input '${name}' is not in action.yml`)
  }
  const mode = modeOf(step)
  if (!(MODES as readonly string[]).includes(mode))
    report('modes', `${jobId}: mode '${mode}' is not one the action runs`)
  const signsIn = mode === 'detect' || mode === 'snapshot' || mode === 'revert'
  if (signsIn && inputs['tenant-id'] === undefined) report('inputs', `${jobId}: ${mode} needs tenant-id`)
  if (signsIn && inputs['client-id'] === undefined && inputs.auth !== 'azure-cli')
    report('inputs', `${jobId}: ${mode} needs client-id (or auth: azure-cli)`)
  for (const literal of ['mode', 'on-drift', 'auth']) {
    if (String(inputs[literal] ?? '').includes('${{'))
      report('permissions', `${jobId}: '${literal}' must be literal, so the job's permissions can be checked`)
  }
}

/** `steps.<id>.outputs.<name>` must name a step of the job and, for the action, an output of action.yml. */
function lintOutputReads(
  jobId: string,
  job: Json,
  steps: readonly Json[],
  jobs: Json,
  action: Manifest,
  report: (rule: Rule, message: string) => void
): void {
  const text = JSON.stringify(job)
  for (const [, stepId, output = ''] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    const step = steps.find((candidate) => candidate.id === stepId)
    if (step === undefined) report('outputs', `${jobId} reads steps.${stepId}, a step it does not have`)
    else if (String(step.uses).startsWith(`${ACTION}@`) && !(output in action.outputs))
      report('outputs', `${jobId} reads output '${output}', which action.yml does not declare`)
  }
  const needs: unknown[] = [job.needs ?? []].flat()
  for (const [, needed = '', output = ''] of text.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    const source = jobs[needed]
    if (
      !needs.includes(needed) ||
      !isObject(source) ||
      !isObject(source.outputs) ||
      !(output in source.outputs)
    )
      report(
        'outputs',
        `${jobId} reads needs.${needed}.outputs.${output}, which is not a declared output of a needed job`
      )
  }
  // A matrix over list-tenants' output: only the fields that output has.
  const matrix = isObject(job.strategy) && isObject(job.strategy.matrix) ? job.strategy.matrix : {}
  for (const [variable, value] of Object.entries(matrix)) {
    const overTenants = /fromJSON\(needs\.[\w-]+\.outputs\.tenants\)/.test(String(value))
    const overAChunk = /fromJSON\(needs\.[\w-]+\.outputs\.tenant-chunks\)\[\d+\]/.test(String(value))
    if (!overTenants && !overAChunk) continue
    for (const [, field] of text.matchAll(new RegExp(`matrix\\.${variable}\\.(\\w+)`, 'g'))) {
      if (!(TENANT_LIST_FIELDS as readonly string[]).includes(field ?? ''))
        report(
          'outputs',
          `${jobId} reads matrix.${variable}.${field}; list-tenants gives ${TENANT_LIST_FIELDS.join(', ')}`
        )
    }
  }
}

/** The job's permissions must be exactly what its steps need: nothing missing, nothing extra. */
function lintPermissions(
  jobId: string,
  granted: unknown,
  steps: readonly Json[],
  report: (rule: Rule, message: string) => void
): void {
  if (!isObject(granted)) {
    report('permissions', `${jobId}: permissions are not set (the token would get the repository default)`)
    return
  }
  const needed = neededPermissions(steps)
  for (const [scope, level] of Object.entries(granted)) {
    if (level !== 'none' && level !== needed[scope])
      report(
        'permissions',
        `${jobId}: grants ${scope}: ${String(level)}, its steps need ${needed[scope] ?? 'none'}`
      )
  }
  for (const [scope, level] of Object.entries(needed)) {
    const has = granted[scope]
    if (LEVELS.indexOf((has as Level | undefined) ?? 'none') < LEVELS.indexOf(level))
      report('permissions', `${jobId}: needs ${scope}: ${level}`)
  }
}

/** What README's "Workflow permissions per mode" says each step needs. */
function neededPermissions(steps: readonly Json[]): Permissions {
  const needed: Permissions = {}
  const need = (scope: string, level: Level) => {
    if (LEVELS.indexOf(level) > LEVELS.indexOf(needed[scope] ?? 'none')) needed[scope] = level
  }
  for (const step of steps) {
    const uses = String(step.uses ?? '')
    if (uses.startsWith('actions/checkout@')) need('contents', 'read')
    if (!uses.startsWith(`${ACTION}@`)) continue
    const inputs = isObject(step.with) ? step.with : {}
    const mode = modeOf(step)
    const signsIn =
      mode === 'detect' ||
      mode === 'snapshot' ||
      mode === 'revert' ||
      (mode === 'check-baseline' && inputs['tenant-id'] !== undefined)
    const storedCredential =
      inputs['client-secret'] !== undefined || inputs['client-certificate'] !== undefined
    const auth = String(inputs.auth ?? 'auto')
    if (signsIn && (auth === 'oidc' || (auth === 'auto' && !storedCredential))) need('id-token', 'write')
    if (mode === 'check-baseline') {
      need('contents', 'read')
      need('pull-requests', 'write')
    }
    if (mode === 'revert') {
      // The baseline, the record on the drift issue, and the run's environment review history.
      need('contents', 'read')
      need('issues', 'write')
      need('actions', 'read')
    }
    if (mode === 'detect' || mode === 'snapshot') {
      const onDrift = String(inputs['on-drift'] ?? 'issue')
      // Snapshot mode writes no issue; with pull requests it proposes the first baseline, as detect does without one.
      if (mode === 'detect' && (onDrift === 'issue' || onDrift === 'both')) need('issues', 'write')
      if (onDrift === 'pull-request' || onDrift === 'both') {
        need('contents', 'write')
        need('pull-requests', 'write')
      }
    }
  }
  return needed
}

function modeOf(step: Json): string {
  const inputs = isObject(step.with) ? step.with : {}
  return String(inputs.mode ?? 'detect')
}

function hasConcurrencyGroup(owner: Json): boolean {
  const concurrency = owner.concurrency
  return typeof concurrency === 'string' || (isObject(concurrency) && typeof concurrency.group === 'string')
}

/** The modes a workflow's steps run; none for a text that does not parse (the actionlint test names why). */
function modesUsed(text: string): string[] {
  const document = parseDocument(text)
  if (document.errors.length > 0) return []
  const workflow = (document.toJS() ?? {}) as { jobs?: Record<string, { steps?: Json[] }> }
  return Object.values(workflow.jobs ?? {})
    .flatMap((job) => job.steps ?? [])
    .filter((step) => String(step.uses ?? '').startsWith(`${ACTION}@`))
    .map(modeOf)
}

describe('examples/', () => {
  it('holds the seven example workflows: the first baseline, nightly detect, the pull-request check, the multi-tenant fan-out, the same past 256 tenants, the revert, the release', () => {
    expect(exampleFiles.sort()).toEqual([
      'baseline-pr-check.yml',
      'bootstrap.yml',
      'many-tenants.yml',
      'multi-tenant.yml',
      'nightly-detect.yml',
      'release.yml',
      'revert.yml'
    ])
  })

  it('the revert workflow runs on the command or by hand, in the entra-revert environment, as its own app', () => {
    const workflow = parse(readExample('revert.yml')) as {
      on: Record<string, unknown>
      jobs: Record<string, { if?: string; environment?: unknown; steps: Json[] }>
    }
    const job = workflow.jobs.revert
    const step = job?.steps.find((candidate) => modeOf(candidate) === 'revert')

    expect(Object.keys(workflow.on).sort()).toEqual(['issue_comment', 'workflow_dispatch'])
    expect(job?.if).toContain("startsWith(github.event.comment.body, '/entra-drift revert')")
    expect(job?.environment).toBe('entra-revert')
    expect((step?.with as Json)['client-id']).toBe('${{ vars.ENTRA_REVERT_CLIENT_ID }}')
    expect((step?.with as Json)['issue-number']).toBe('${{ inputs.issue-number }}')
  })

  it.each(exampleFiles)('%s parses and passes actionlint', async (file) => {
    expect(await problemsInExample(readExample(file), file)).toEqual([])
  })

  it.each([
    [
      'stops parsing (an unquoted ${{ }} in a flow mapping)',
      'nightly-detect.yml',
      /^concurrency:\n(?: {2}[^\n]*\n)+/m,
      'concurrency: { group: entra-drift-${{ github.ref }}, cancel-in-progress: false }\n',
      /^examples\/nightly-detect\.yml:\d+:\d+: Unexpected flow-map-start/
    ],
    [
      'reads a context the key cannot see',
      'baseline-pr-check.yml',
      'runs-on: ubuntu-latest',
      'runs-on: ${{ steps.any.outputs.os }}',
      /context "steps" is not allowed here.*\[expression\]$/
    ],
    [
      'puts a tag name straight into a script',
      'release.yml',
      'version="${TAG#v}"',
      'version="${{ github.head_ref }}"',
      /"github\.head_ref" is potentially untrusted.*\[expression\]$/
    ]
  ])('that check fails when an example %s', async (_case, file, from, to, expected) => {
    const broken = readExample(file).replace(from, to)
    expect(broken).not.toBe(readExample(file))

    expect(await problemsInExample(broken, file)).toContainEqual(expect.stringMatching(expected))
  })

  describe.each(actionExamples)('%s', (file) => {
    const text = readExample(file)
    const problems = lintWorkflow(text, manifest)

    it('parses as a workflow (on, jobs, runs-on, steps) and uses the action as @v1', () => {
      expect(problems.filter((problem) => problem.rule === 'structure')).toEqual([])
    })

    it('names only inputs that action.yml has', () => {
      expect(problems.filter((problem) => problem.rule === 'inputs')).toEqual([])
    })

    it('sets minimal permissions: each job exactly what its steps need, never write-all', () => {
      expect(problems.filter((problem) => problem.rule === 'permissions')).toEqual([])
    })

    it('runs scheduled jobs in a concurrency group', () => {
      expect(problems.filter((problem) => problem.rule === 'concurrency')).toEqual([])
    })

    it('uses only modes the action runs and reads only outputs it declares', () => {
      expect(problems.filter((problem) => problem.rule === 'modes' || problem.rule === 'outputs')).toEqual([])
    })
  })

  it('the pull-request check runs check-baseline on changes under baselines/', () => {
    const workflow = parse(readFileSync(resolve(EXAMPLES, 'baseline-pr-check.yml'), 'utf8')) as {
      on: { pull_request: { paths: string[] } }
    }
    expect(workflow.on.pull_request.paths).toEqual(['baselines/**'])
    expect(modesUsed(readFileSync(resolve(EXAMPLES, 'baseline-pr-check.yml'), 'utf8'))).toEqual([
      'check-baseline'
    ])
  })

  it('the multi-tenant workflow fans list-tenants out into a matrix, each tenant signing in on its own', () => {
    const workflow = parse(readFileSync(resolve(EXAMPLES, 'multi-tenant.yml'), 'utf8')) as {
      jobs: Record<string, Json & { steps: Json[] }>
    }
    const [lister, detector] = Object.values(workflow.jobs)
    expect(lister?.steps.map(modeOf).filter((mode) => mode !== 'detect')).toEqual(['list-tenants'])
    expect(detector?.strategy).toMatchObject({
      matrix: { tenant: '${{ fromJSON(needs.tenants.outputs.tenants) }}' }
    })
    const detect = detector?.steps.find((step) => String(step.uses).startsWith(ACTION))
    expect(detect?.with).toMatchObject({
      'tenant-id': '${{ matrix.tenant.tenantId }}',
      baseline: '${{ matrix.tenant.baseline }}'
    })
    // One app registration per tenant: the client id comes from the tenant's own environment.
    expect(String(detector?.environment)).toContain('${{ matrix.tenant.tenantId }}')
    expect((detect?.with as Json)['client-id']).toBe('${{ vars.ENTRA_CLIENT_ID }}')
  })

  it('the many-tenants workflow runs one matrix per chunk of at most 256 tenants, and fails when a chunk has no job', () => {
    const workflow = parse(readExample('many-tenants.yml')) as {
      jobs: Record<string, Json & { steps: Json[] }>
    }
    const { list, ...detectJobs } = workflow.jobs
    const chunkJobs = Object.values(detectJobs)

    expect(list?.outputs).toEqual({ 'tenant-chunks': '${{ steps.list.outputs.tenant-chunks }}' })
    expect(chunkJobs.map((job) => (job.strategy as Json).matrix)).toEqual(
      chunkJobs.map((_job, index) => ({
        tenant: `\${{ fromJSON(needs.list.outputs.tenant-chunks)[${index}] }}`
      }))
    )
    for (const [index, job] of chunkJobs.entries()) {
      // A missing chunk skips its job instead of failing on an empty matrix.
      expect(job.if).toBe(`fromJSON(needs.list.outputs.tenant-chunks)[${index}] != null`)
      expect(job.strategy).toMatchObject({ 'fail-fast': false, 'max-parallel': expect.any(Number) })
      expect(String(job.environment)).toContain('${{ matrix.tenant.tenantId }}')
    }
    const guard = list?.steps.find((step) => typeof step.run === 'string')
    expect(guard?.if).toBe(`fromJSON(steps.list.outputs.tenant-chunks)[${chunkJobs.length}] != null`)
    expect(String(guard?.run)).toContain('exit 1')
  })
})

describe('examples/release.yml, the release workflow docs/releasing.md describes', () => {
  const workflow = parse(readExample('release.yml')) as {
    on: { push: { tags: string[] } }
    permissions: Json
    jobs: Record<string, { permissions: Json; steps: Json[] }>
  }
  const [job] = Object.values(workflow.jobs)
  const scripts = (job?.steps ?? []).map((step) => String(step.run ?? ''))
  const stepIndex = (pattern: RegExp) => scripts.findIndex((script) => pattern.test(script))

  it('runs when a version tag vX.Y.Z is pushed, with contents: write and nothing else', () => {
    expect(workflow.on.push.tags).toEqual(['v*.*.*'])
    expect(workflow.permissions).toEqual({})
    expect(job?.permissions).toEqual({ contents: 'write' })
  })

  it('checks the tag against package.json and CHANGELOG.md, tests, and fails when dist/ is stale, before it releases', () => {
    const checks = [/package\.json/, /npm test/, /git status --porcelain -- dist/].map(stepIndex)
    const release = stepIndex(/gh release create/)

    expect(checks.every((index) => index >= 0 && index < release)).toBe(true)
    expect(scripts[checks[0] ?? -1]).toMatch(/CHANGELOG\.md/)
  })

  it('moves the major tag after the release, and not for a pre-release', () => {
    const move = stepIndex(/git\/refs\/tags\/\$major/)

    expect(move).toBeGreaterThan(stepIndex(/gh release create/))
    expect(scripts[move]).toMatch(/major="\$\{TAG%%\.\*\}"/)
    expect(scripts[move]).toMatch(/case "\$TAG" in \*-\*\).*exit 0/)
  })
})

describe("release.yml's tag check, run by bash in a scratch repository", () => {
  const script = (
    parse(readExample('release.yml')) as { jobs: Record<string, { steps: Json[] }> }
  ).jobs.release?.steps
    .map((step) => String(step.run ?? ''))
    .find((run) => run.includes('merge-base'))
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
      cwd,
      encoding: 'utf8'
    })

  const scratchRoots: string[] = []
  afterAll(() => {
    for (const root of scratchRoots) rmSync(root, { recursive: true, force: true })
  })

  /** A clone whose origin/main holds one commit tagged v1.0.0 and one side commit tagged v1.0.1. */
  function scratchRepository(): string {
    const root = mkdtempSync(resolve(tmpdir(), 'release-check-'))
    scratchRoots.push(root)
    const origin = resolve(root, 'origin.git')
    const work = resolve(root, 'work')
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin])
    execFileSync('git', ['init', '-q', '-b', 'main', work])
    writeFileSync(resolve(work, 'package.json'), '{ "version": "1.0.0" }\n')
    writeFileSync(resolve(work, 'CHANGELOG.md'), '## [Unreleased]\n\n## [1.0.0] - 2026-12-05\n\n- First.\n')
    git(work, 'add', '.')
    git(work, 'commit', '-qm', 'v1.0.0')
    git(work, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0')
    git(work, 'remote', 'add', 'origin', origin)
    git(work, 'push', '-q', 'origin', 'main')
    git(work, 'switch', '-q', '-c', 'side')
    git(work, 'commit', '-q', '--allow-empty', '-m', 'not on main')
    git(work, 'tag', '-a', 'v1.0.1', '-m', 'v1.0.1')
    git(work, 'fetch', '-q', 'origin')
    return work
  }
  const run = (cwd: string, tag: string) =>
    spawnSync('bash', ['-e', '-c', script ?? 'exit 99'], {
      cwd,
      env: { ...process.env, TAG: tag },
      encoding: 'utf8'
    })

  it('passes a tag on main that matches package.json and has a dated CHANGELOG section', () => {
    const result = run(scratchRepository(), 'v1.0.0')

    expect(result.stdout).toBe('')
    expect(result.status).toBe(0)
  })

  // Each case edits the working tree of the scratch clone, as the tagged commit would hold it.
  it.each([
    ['a tag package.json does not name', 'v1.0.2', {}, 'package.json has version 1.0.0, the tag is v1.0.2'],
    [
      'a version CHANGELOG.md has no section for',
      'v1.0.0',
      { 'CHANGELOG.md': '## [Unreleased]\n' },
      "CHANGELOG.md has no section '## [1.0.0] - YYYY-MM-DD'"
    ],
    [
      'a tag on a commit main does not hold',
      'v1.0.1',
      { 'package.json': '{ "version": "1.0.1" }\n', 'CHANGELOG.md': '## [1.0.1] - 2026-12-06\n' },
      'v1.0.1 is not on main'
    ]
  ])('stops at %s, with an error annotation', (_case, tag, files: Record<string, string>, message) => {
    const work = scratchRepository()
    for (const [name, text] of Object.entries(files)) writeFileSync(resolve(work, name), text)

    const result = run(work, tag)

    expect(result.status).not.toBe(0)
    expect(result.stdout).toContain(`::error::${message}`)
  })
})

describe('the example linter itself', () => {
  const good = readFileSync(resolve(EXAMPLES, 'nightly-detect.yml'), 'utf8')
  const rulesOf = (text: string) =>
    lintWorkflow(text, manifest).map((problem) => `${problem.rule}: ${problem.message}`)

  it('passes the nightly example', () => {
    expect(rulesOf(good)).toEqual([])
  })

  it.each([
    [
      'write-all',
      good.replace(
        /permissions:\n\s+contents: read[^\n]*\n\s+id-token[^\n]*\n\s+issues[^\n]*\n/,
        'permissions: write-all\n'
      ),
      /^permissions: grants write-all/
    ],
    [
      'an input action.yml lacks',
      good.replace('fail-on: high', 'fail-on: high\n          tenant: contoso'),
      /^inputs: .*'tenant' is not in action.yml/
    ],
    [
      'an output action.yml lacks',
      good.replace('outputs.report-json-path', 'outputs.report-html-path'),
      /^outputs: .*'report-html-path'/
    ],
    [
      'a step id that does not exist',
      good.replace('steps.drift.outputs.report-path != ', 'steps.drfit.outputs.report-path != '),
      /^outputs: detect reads steps\.drfit/
    ],
    [
      'a schedule without a concurrency group',
      good.replace(/concurrency:\n[^\n]*\n[^\n]*\n/, ''),
      /^concurrency: scheduled job detect/
    ],
    [
      'a write the job does not need',
      good.replace('issues: write', 'issues: write\n      contents: write'),
      /^permissions: detect: grants contents: write, its steps need read/
    ],
    [
      'a write it needs but lacks',
      good.replace('on-drift: issue', 'on-drift: both'),
      /^permissions: detect: needs contents: write/
    ],
    [
      'no permissions at all',
      good.replace('permissions: {}', '').replace(/ {4}permissions:\n(?: {6}[^\n]*\n){3}/, ''),
      /^permissions: detect: permissions are not set/
    ]
  ])('catches %s', (_case, text, expected) => {
    expect(rulesOf(text)).toContainEqual(expect.stringMatching(expected))
  })
})
