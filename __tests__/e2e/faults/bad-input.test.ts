/**
 * Issue 5, input side: every bad input and every broken baseline of the corpus, through the bundled
 * action as a runner runs it. Each must fail the step with one short `::error::` that names the input
 * or the file (with line and column when the problem has a place), read nothing from Graph, and
 * write nothing: no outputs, no report, no snapshot, the baseline as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ActionRun } from '../../support/action-process.js'
import { contosoTenant, CONTOSO_TENANT_ID } from '../../fakes/simulated-tenant.ts'
import { startActionJob, type ActionJob } from './action-job.js'
import { BAD_BASELINES, BAD_INPUTS, lineAndColumn } from './bad-input-corpus.js'

const BASELINE = `baselines/${CONTOSO_TENANT_ID}.json`
/** What fits on one screen of a log viewer. */
const ONE_SCREEN = { lines: 20, characters: 2500 }

let job: ActionJob
let validBaseline: string

beforeAll(async () => {
  job = await startActionJob(contosoTenant())
  const workspace = job.newWorkspace()
  const snapshot = await job.run({ ...job.secretInputs, mode: 'snapshot' }, workspace)
  expect(snapshot.exitCode).toBe(0)
  validBaseline = readFileSync(join(workspace, BASELINE), 'utf8')
})

afterAll(async () => {
  await job.close()
})

interface Annotation {
  readonly properties: Record<string, string>
  readonly message: string
}

/** `::error …::` lines, with their properties, decoded as the runner decodes them. */
function errorsOf(run: ActionRun): Annotation[] {
  const annotations: Annotation[] = []
  for (const line of run.stdout.split('\n')) {
    const match = /^::error( [^:]*)?::(.*)$/.exec(line)
    if (match === null) continue
    const properties: Record<string, string> = {}
    for (const pair of (match[1] ?? '').trim().split(',').filter(Boolean)) {
      const [name, value] = pair.split('=')
      properties[name ?? ''] = decode(value ?? '')
    }
    annotations.push({ properties, message: decode(match[2] ?? '') })
  }
  return annotations
}

function decode(text: string): string {
  return text
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3A', ':')
    .replaceAll('%2C', ',')
    .replaceAll('%25', '%')
}

/** Runs the action in a fresh checkout, and checks what every bad-input run must hold. */
async function runRejected(
  inputs: Record<string, string>,
  baselineText?: string
): Promise<{ run: ActionRun; failure: string; annotations: Annotation[] }> {
  const workspace = job.newWorkspace()
  if (baselineText !== undefined) {
    mkdirSync(join(workspace, 'baselines'))
    writeFileSync(join(workspace, BASELINE), baselineText)
  }
  const requestsBefore = job.cloud.requests.length

  const run = await job.run(inputs, workspace)

  expect(run.exitCode).toBe(1)
  const annotations = errorsOf(run)
  // setFailed's annotation (no file) is the step's one message.
  const failure =
    annotations.filter((annotation) => annotation.properties.file === undefined).at(-1)?.message ?? ''
  expect(failure).not.toBe('')
  expect(failure.split('\n').length).toBeLessThanOrEqual(ONE_SCREEN.lines)
  expect(failure.length).toBeLessThanOrEqual(ONE_SCREEN.characters)
  // Nothing read, nothing written.
  expect(job.cloud.requests.length).toBe(requestsBefore)
  expect(readFileSync(join(run.runnerTemp, 'github_output'), 'utf8')).toBe('')
  expect(existsSync(join(run.runnerTemp, 'entra-b2b-drift'))).toBe(false)
  if (baselineText === undefined) expect(existsSync(join(workspace, 'baselines'))).toBe(false)
  else expect(readFileSync(join(workspace, BASELINE), 'utf8')).toBe(baselineText)
  // Text from the input never becomes a workflow command of its own.
  expect(run.stdout).not.toMatch(/^::notice::injected/m)
  return { run, failure, annotations }
}

describe('a bad input', () => {
  it.each(BAD_INPUTS)(
    '$name → fails with one error naming the input, nothing read or written',
    async (bad) => {
      const { failure } = await runRejected({ ...job.secretInputs, mode: 'detect', ...bad.inputs })

      expect(failure).toContain(`'${bad.input}'`)
    }
  )

  it("a wrong client secret → fails on Entra's first refusal (not after graph-timeout), saying Entra refused it, writing nothing", async () => {
    const workspace = job.newWorkspace()
    const requestsBefore = job.cloud.requests.length

    const run = await job.run(
      { ...job.secretInputs, mode: 'snapshot', 'client-secret': 'not-the-secret' },
      workspace
    )

    expect(run.exitCode).toBe(1)
    // Given up at once: Entra was asked once, Graph never, and nothing was retried or waited for.
    const sent = job.cloud.requests
      .slice(requestsBefore)
      .map((request) => `${request.method} ${request.path}`)
    expect(sent.filter((request) => request.includes('/oauth2/v2.0/token'))).toEqual([
      expect.stringMatching(new RegExp(`^POST /${CONTOSO_TENANT_ID}/oauth2/v2\\.0/token`))
    ])
    expect(sent.filter((request) => request.includes('/v1.0'))).toEqual([])
    expect(run.stdout).not.toMatch(/retrying in/)
    expect(
      errorsOf(run)
        .map((annotation) => annotation.message)
        .join('\n')
    ).toContain('AADSTS7000215: Invalid client secret provided')
    expect(existsSync(join(workspace, 'baselines'))).toBe(false)
    expect(run.outputs).toEqual({})
  })
})

describe('a broken baseline', () => {
  it.each(BAD_BASELINES)(
    '$name → fails with one error naming the file (and line:column), before reading Graph',
    async (bad) => {
      const text = bad.make(validBaseline)

      const { failure, annotations } = await runRejected({ ...job.secretInputs, mode: 'detect' }, text)

      expect(failure).toContain(`Baseline ${BASELINE} is invalid`)
      expect(failure).toMatch(bad.problem)
      expect(failure).toMatch(/Fix: /)
      expect(annotations.some((annotation) => annotation.properties.file === BASELINE)).toBe(true)
      if (bad.at !== undefined) {
        const { line, column } = lineAndColumn(text, bad.at(text))
        expect(failure).toContain(`(line ${line}, column ${column})`)
        expect(annotations).toContainEqual({
          properties: { file: BASELINE, line: String(line), col: String(column) },
          message: failure
        })
      }
    }
  )

  it('a missing baseline → fails naming the file and how to create it, before reading Graph', async () => {
    const { failure } = await runRejected({ ...job.secretInputs, mode: 'detect' })

    expect(failure).toContain(`Baseline ${BASELINE} does not exist`)
    expect(failure).toContain('mode: snapshot')
  })
})
