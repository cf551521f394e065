/**
 * Issue 12, point 6: ignore entries under review. A pull request that adds an entry wide enough to
 * hide any drift fails check-baseline at its line; and whatever an entry hides at high or critical
 * is still shown, with the entry, in detect's job summary and JSON report. Both run the bundled
 * action (dist/index.js) as a runner does.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Report } from '../../src/core/report/report.js'
import type { IgnoreEntry } from '../../src/core/model/snapshot.js'
import { PullRequestScenario, readable } from '../support/check-harness.ts'
import { runAction, type ActionRun } from '../support/action-process.js'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'
import { driftedContoso } from '../fakes/drift-scenarios.ts'
import { FAKE_CLOUD_CERT_PATH, trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import { contosoTenant, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'

const BASELINE = 'baselines/11111111-1111-4111-8111-111111111111.json'
const EXAMPLE = readFileSync(resolve(import.meta.dirname, '../../baselines/example.json'), 'utf8')

/** What the security review tried: every change of the default settings, accepted until 2099. */
const BLINDING_ENTRY: IgnoreEntry = {
  kind: 'default',
  key: '*',
  path: '**',
  reason: 'noisy settings, see the wiki',
  expires: '2099-12-31'
}

let github: GitHubFake | undefined
let job: Job | undefined
const closing = closedAfterEach()

/** The baseline text with `ignore` set, formatted as people write baselines; and the 1-based line of each entry property. */
function withIgnore(
  text: string,
  ignore: IgnoreEntry[]
): { text: string; lineOf: (needle: string) => number } {
  const edited = `${JSON.stringify({ ...(JSON.parse(text) as object), ignore }, null, 2)}\n`
  const lines = edited.split('\n')
  const ignoreStart = lines.findIndex((line) => line.startsWith('  "ignore": ['))
  return {
    text: edited,
    lineOf: (needle) => lines.findIndex((line, index) => index > ignoreStart && line.includes(needle)) + 1
  }
}

/** `::error file=…,line=…::…` annotations, the runner's own encoding undone. */
function errorAnnotations(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error file='))
    .map((line) => line.replaceAll('%0A', '\n').replaceAll('%25', '%'))
}

async function checkBaseline(pull: PullRequestScenario): Promise<ActionRun> {
  return runAction({
    inputs: { mode: 'check-baseline', 'github-token': github?.token ?? '', 'fail-on': 'high' },
    env: { ...pull.environment(), GITHUB_REPOSITORY: `${github?.owner}/${github?.repo}` },
    cwd: pull.workspace,
    caCertPath: FAKE_CLOUD_CERT_PATH
  })
}

describe('check-baseline: a pull request that adds an ignore entry wide enough to hide any drift', () => {
  it('given the entry is new, then the check fails at fail-on high with an annotation on each risky line of the entry', async () => {
    trustFakeCertificate()
    github = closing(await startGitHubFake({ files: { [BASELINE]: EXAMPLE } }))
    const edit = withIgnore(EXAMPLE, [BLINDING_ENTRY])
    const pull = await PullRequestScenario.open(github, { [BASELINE]: edit.text })

    const run = await checkBaseline(pull)

    expect(run.exitCode).toBe(1)
    const annotations = errorAnnotations(run)
    const at = (needle: string, rule: string): string | undefined =>
      annotations.find(
        (line) =>
          line.includes(`file=${BASELINE},line=${edit.lineOf(needle)},`) && line.includes(`::${rule} (high)`)
      )
    expect(at('"path": "**"', 'ignore-too-wide')).toContain('accepts every change of the objects it names')
    expect(at('"expires": "2099-12-31"', 'ignore-expiry-too-far')).toContain('expires on 2099-12-31')
    expect(run.outputs['max-severity']).toBe('high')
    const comment = readable(pull.comments()[0] ?? '')
    expect(comment).toContain('Baseline check: ❌ fails (fail-on: high)')
    expect(comment).toContain('Ignore entry ignore[0] (kind default, key *, path **)')
    await pull.close()
  })

  it('given the base branch already had the entry, then an edit that only rewords its reason does not fail on it', async () => {
    trustFakeCertificate()
    const base = withIgnore(EXAMPLE, [BLINDING_ENTRY])
    github = closing(await startGitHubFake({ files: { [BASELINE]: base.text } }))
    const reworded = withIgnore(EXAMPLE, [{ ...BLINDING_ENTRY, reason: 'noisy settings, ticket SEC-12' }])
    const pull = await PullRequestScenario.open(github, { [BASELINE]: reworded.text })

    const run = await checkBaseline(pull)

    expect(run.exitCode).toBe(0)
    expect(errorAnnotations(run)).toEqual([])
    expect(run.outputs['lint-findings']).toBe('0')
    expect(readable(pull.comments()[0] ?? '')).toMatch(/hazards? already in the base branch/)
    await pull.close()
  })
})

describe('detect: drift that an ignore entry hides is still shown, with the entry', () => {
  it('given the default now trusts every MFA and a wide entry covers it, then the summary and report say "ignored by …, expires …"', async () => {
    job = closing(await startJob(contosoTenant()))
    expect((await job.run({ ...job.secretInputs, mode: 'snapshot' })).exitCode).toBe(0)
    const path = join(job.workspace, 'baselines', `${CONTOSO_TENANT_ID}.json`)
    const entries: IgnoreEntry[] = [
      BLINDING_ENTRY,
      { kind: 'authorizationPolicy', reason: 'invitations are reviewed by HR' }
    ]
    writeFileSync(path, withIgnore(readFileSync(path, 'utf8'), entries).text)
    job.cloud.setTenant(driftedContoso())

    const run = await job.run({ ...job.secretInputs, 'fail-on': 'critical' })

    // The critical drift no longer fails the step: the entry accepted it. That is why it must show.
    expect(run.outputs['max-severity']).toBe('high')
    const summary = readable(run.summary)
    const warning = summary.slice(summary.indexOf('> [!WARNING]'), summary.indexOf('### '))
    expect(warning).toContain('2 high or critical findings accepted by the baseline')
    expect(warning).toMatch(
      /> - 🔴 Critical · Default cross-tenant access settings: .*trusts MFA.*: ignored by ignore\[0\] \(kind `default`, key `\*`, path `\*\*`, reason: noisy settings, see the wiki\), expires 2099-12-31\./
    )
    expect(warning).toMatch(
      /> - 🟠 High · Authorization policy.*allowInvitesFrom.*: ignored by ignore\[1\] \(kind `authorizationPolicy`, key `\*`, path `\*\*`, reason: invitations are reviewed by HR\), never expires\./
    )
    const report = JSON.parse(readFileSync(run.outputs['report-json-path'] ?? '', 'utf8')) as Report
    const onDefault = report.findings.find((finding) => finding.object.kind === 'default')
    expect(onDefault?.severity).toBe('critical')
    expect(onDefault?.ignored).toEqual({
      reason: 'noisy settings, see the wiki',
      expires: '2099-12-31',
      entry: { index: 0, kind: 'default', key: '*', path: '**' }
    })
  })
})
