/** createPublisher over the in-memory GitHub ports: what detect's result turns into on GitHub. */
import { describe, expect, it } from '@jest/globals'
import { parseInputs } from '../../src/inputs.js'
import type { DetectResult } from '../../src/modes/outcome.js'
import { createPublisher } from '../../src/publish/publisher.js'
import { Disclosure } from '../../src/runtime/disclosure.js'
import { InMemoryRepository } from '../support/in-memory-github.ts'
import { recordingLog } from '../support/publish-harness.ts'
import { driftedReport } from '../support/sample-reports.ts'
import { fullSnapshot, TENANT_ID } from '../support/snapshot-builder.ts'

const inputs = parseInputs(
  (name) =>
    ({
      'tenant-id': TENANT_ID,
      'client-id': '22222222-2222-4222-8222-222222222222',
      'on-drift': 'issue',
      'github-token': 'token'
    })[name] ?? ''
)

function detected(): DetectResult {
  return {
    report: driftedReport(),
    markdown: 'Drift.',
    live: fullSnapshot(),
    completeSnapshot: undefined,
    readBaselineText: () => Promise.resolve('{}'),
    notCompared: new Set(),
    blocked: []
  }
}

function publisherFor(repository: InMemoryRepository) {
  const env = { repository: 'octo/drift', log: recordingLog(), connect: repository.connector() }
  return createPublisher(inputs, `baselines/${TENANT_ID}.json`, env, Disclosure.none())
}

describe('createPublisher', () => {
  it('opens the drift issues and the history tracking issue, and sets the issues output', async () => {
    // Given a repository without issues
    const repository = new InMemoryRepository()

    // When a drifted run is published
    const outcome = await publisherFor(repository)(detected())

    // Then every issue it lists exists and is open, and nothing failed
    const numbers = JSON.parse(outcome.outputs.issues ?? '[]') as number[]
    expect(outcome.failures).toBeUndefined()
    expect(numbers.length).toBeGreaterThan(0)
    for (const number of numbers) expect(repository.issues.get(number)?.state).toBe('open')
    expect(repository.issues.size).toBe(numbers.length + 1)
  })

  it('writes no issue when the token account cannot be told, and says so', async () => {
    // Given a token whose account GitHub does not reveal
    const repository = new InMemoryRepository()
    repository.identity = { ok: false, error: 'Could not tell which account the github-token belongs to.' }

    // When a drifted run is published
    const outcome = await publisherFor(repository)(detected())

    // Then the failure names the reason and no issue was opened
    expect(outcome.failures).toEqual([
      'No drift issue was written: Could not tell which account the github-token belongs to.'
    ])
    expect(repository.issues.size).toBe(0)
  })
})
