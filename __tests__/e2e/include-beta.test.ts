import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Report } from '../../src/core/report/report.js'
import {
  b2bManagementPolicy,
  cloneTenant,
  contosoTenant,
  CONTOSO_B2B_MANAGEMENT_POLICY_ID,
  CONTOSO_TENANT_ID
} from '../fakes/simulated-tenant.ts'
import { closedAfterEach, startJob } from '../support/e2e-fixture.js'

const closing = closedAfterEach()

function reportOf(run: { outputs: Record<string, string> }): Report {
  return JSON.parse(readFileSync(run.outputs['report-json-path'] ?? '', 'utf8')) as Report
}

/** Contoso whose invitation allow list lost its restriction: a block list of one personal mail domain. */
function contosoOpenToAnyDomain() {
  const tenant = cloneTenant(contosoTenant())
  tenant.b2bManagementPolicies = [
    b2bManagementPolicy(CONTOSO_B2B_MANAGEMENT_POLICY_ID, { BlockedDomains: ['outlook.example'] })
  ]
  return tenant
}

describe('include-beta, run as the runner runs dist/index.js', () => {
  it('given a baseline taken with include-beta and the allow list since replaced, then only a run with include-beta reads the beta root and reports it, labelled beta', async () => {
    const job = closing(await startJob(contosoTenant()))
    const snapshot = await job.run({ ...job.secretInputs, mode: 'snapshot', 'include-beta': 'true' })
    expect(snapshot.exitCode).toBe(0)
    const baseline = JSON.parse(
      readFileSync(join(job.workspace, 'baselines', `${CONTOSO_TENANT_ID}.json`), 'utf8')
    ) as Record<string, unknown>
    expect(baseline.invitationDomains).toMatchObject({ mode: 'allowList' })
    job.cloud.setTenant(contosoOpenToAnyDomain())
    job.cloud.requests.splice(0)

    const without = await job.run({ ...job.secretInputs })

    expect(without.exitCode).toBe(0)
    expect(job.cloud.requests.filter((request) => request.path.startsWith('/beta'))).toEqual([])
    expect(reportOf(without).findings).toEqual([])
    expect(reportOf(without).notCompared.map((entry) => entry.section)).not.toContain('invitationDomains')
    expect(without.summary).not.toContain('invitationDomains')

    const withBeta = await job.run({ ...job.secretInputs, 'include-beta': 'true', 'fail-on': 'critical' })

    expect(withBeta.exitCode).toBe(0)
    expect(job.cloud.requests.some((request) => request.path.startsWith('/beta/'))).toBe(true)
    expect(reportOf(withBeta).findings).toEqual([
      expect.objectContaining({ rule: 'invitation-allow-list-removed', severity: 'high' })
    ])
    expect(withBeta.summary).toContain('Invitation domain restriction (beta)')
    expect(withBeta.summary).toContain('PATCH /beta/policies/b2bManagementPolicies/')
  })
})
