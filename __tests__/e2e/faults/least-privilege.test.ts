/**
 * Issue 5, least privilege: over a snapshot run and full detect runs of the bundled action (a clean
 * one, and one where Graph refuses $batch and throttles, so every fallback path is taken), the action
 * only ever reads Graph: GET, or POST /v1.0/$batch whose every item is a GET without a body. Since
 * issue 18 the fake applies writes, so a write would show here as one, not as a refused 405.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { RecordedRequest } from '../../fakes/fake-cloud.ts'
import { driftedContoso } from '../../fakes/drift-scenarios.ts'
import { contosoTenant } from '../../fakes/simulated-tenant.ts'
import { startActionJob, type ActionJob } from './action-job.js'

/** What a $batch request body may hold: the items, nothing else that could act. */
interface BatchBody {
  requests: { id: string; method: string; url: string; body?: unknown }[]
}

let job: ActionJob

beforeAll(async () => {
  job = await startActionJob(contosoTenant())
  const workspace = job.newWorkspace()
  expect((await job.run({ ...job.secretInputs, mode: 'snapshot' }, workspace)).exitCode).toBe(0)
  // The snapshot's requests stay in the record: snapshot mode is held to the same promise.
  job.cloud.setTenant(driftedContoso())

  const detect = await job.run({ ...job.secretInputs, mode: 'detect', 'fail-on': 'none' }, workspace)
  expect(detect.outputs['drift-detected']).toBe('true')

  job.cloud.faults.inject({ match: '/$batch', method: 'POST', times: 1, fault: { status: 501 } })
  job.cloud.faults.inject({ match: '/identity/conditionalAccess/policies', times: 2, fault: { status: 429 } })
  job.cloud.faults.inject({ match: '/policies/authorizationPolicy', fault: { status: 401 } })
  const fallback = await job.run({ ...job.secretInputs, mode: 'detect', 'fail-on': 'none' }, workspace)
  expect(fallback.outputs['drift-detected']).toBe('true')
  expect(job.cloud.faults.pending()).toBe(0)
}, 60_000)

afterAll(async () => {
  await job.close()
})

function graphRequests(): RecordedRequest[] {
  return job.cloud.requests.filter((request) => request.path === '/v1.0' || request.path.startsWith('/v1.0/'))
}

describe('every request the action sent to Microsoft Graph', () => {
  it('was a read: GET, or POST to /v1.0/$batch (and nothing else was POSTed)', () => {
    const requests = graphRequests()
    expect(requests.length).toBeGreaterThan(20)
    const verbs = requests
      .filter((request) => request.batchId === undefined)
      .map((request) => (request.method === 'GET' ? 'GET' : `${request.method} ${request.path}`))
    expect(new Set(verbs)).toEqual(new Set(['GET', 'POST /v1.0/$batch']))
  })

  it('inside every $batch: only GET items, with relative URLs and no body', () => {
    const batches = graphRequests().filter((request) => request.method === 'POST')
    expect(batches.length).toBeGreaterThan(0)
    for (const batch of batches) {
      const body = JSON.parse(batch.body ?? '{}') as BatchBody
      expect(body.requests.length).toBeGreaterThan(0)
      for (const item of body.requests) {
        expect({ method: item.method, body: item.body }).toEqual({ method: 'GET', body: undefined })
        expect(item.url).toMatch(/^\/[^/]/)
      }
    }
    // The fake's own account of the items agrees.
    const items = graphRequests().filter((request) => request.batchId !== undefined)
    expect(items.length).toBeGreaterThan(0)
    expect(new Set(items.map((item) => item.method))).toEqual(new Set(['GET']))
  })

  it('went to the Graph v1.0 root only, never to beta', () => {
    const other = job.cloud.requests.filter(
      (request) =>
        request.path.startsWith('/beta') ||
        (request.path.startsWith('/v') && !request.path.startsWith('/v1.0'))
    )
    expect(other).toEqual([])
  })
})
