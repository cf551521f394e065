import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Report } from '../../src/core/report/report.js'
import { driftedContoso } from '../fakes/drift-scenarios.ts'
import { contosoTenant, CONTOSO_PARTNERS, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'

let job: Job | undefined
const closing = closedAfterEach()

/** A job whose baseline is a snapshot of Contoso as it was. */
async function jobWithBaseline(): Promise<Job> {
  job = closing(await startJob(contosoTenant()))
  const snapshot = await job.run({ ...job.secretInputs, mode: 'snapshot' })
  expect(snapshot.exitCode).toBe(0)
  return job
}

function reportOf(run: { outputs: Record<string, string> }): Report {
  return JSON.parse(readFileSync(run.outputs['report-json-path'] ?? '', 'utf8')) as Report
}

describe('mode: detect, run as the runner runs dist/index.js', () => {
  it('given an unchanged tenant, then no drift: drift-detected=false, drift-count=0, max-severity none', async () => {
    const current = await jobWithBaseline()

    const run = await current.run({ ...current.secretInputs })

    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      'drift-detected': 'false',
      'drift-count': '0',
      'max-severity': 'none'
    })
    expect(reportOf(run).findings).toEqual([])
    expect(run.summary).toContain('No drift')
  })

  it('given a drifted tenant, then it reports exactly those differences, with the severities the rules promise', async () => {
    const current = await jobWithBaseline()
    current.cloud.setTenant(driftedContoso())

    const run = await current.run({ ...current.secretInputs, 'fail-on': 'critical' })

    const findings = reportOf(run).findings.map((finding) => ({
      kind: finding.object.kind,
      rule: finding.rule,
      severity: finding.severity,
      paths: finding.changes.map((change) => change.path)
    }))
    expect(findings).toEqual(EXPECTED_DRIFT)
    expect(run.outputs).toMatchObject({ 'drift-detected': 'true', 'max-severity': 'critical' })
    expect(Number(run.outputs['drift-count'])).toBe(EXPECTED_DRIFT.length)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('::error::Drift at or above fail-on (critical)')
    const defaultTrust = reportOf(run).findings.find((finding) => finding.object.kind === 'default')
    expect(defaultTrust?.attribution).toMatchObject({ actor: 'avery.admin@contoso.example' })
    expect(defaultTrust?.affects).toContain(CONTOSO_PARTNERS.tailspin)
    expect(defaultTrust?.affects).not.toContain(CONTOSO_PARTNERS.fabrikam)
    for (const finding of reportOf(run).findings.filter((f) => f.object.kind !== 'guests')) {
      expect(finding.remediation?.graph?.path).toMatch(/^\/(policies|identity)\//)
      expect(finding.remediation?.powershell).toMatch(/-Mg/)
    }
  })

  it('given fail-on none, then drift is reported but the step succeeds', async () => {
    const current = await jobWithBaseline()
    current.cloud.setTenant(driftedContoso())

    const run = await current.run({ ...current.secretInputs, 'fail-on': 'none' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs['drift-detected']).toBe('true')
    expect(readFileSync(run.outputs['report-path'] ?? '', 'utf8')).toContain('critical')
    expect(readFileSync(run.outputs['snapshot-path'] ?? '', 'utf8')).toContain('"isMfaAccepted": true')
  })

  it('given a broken baseline, then a one-screen error names file, pointer and line:column and Graph is not read', async () => {
    const current = await jobWithBaseline()
    const path = join(current.workspace, 'baselines', `${CONTOSO_TENANT_ID}.json`)
    const text = readFileSync(path, 'utf8').replace('"isMfaAccepted": false', '"isMfaAccepted": "yes"')
    writeFileSync(path, text)
    const line = text.split('\n').findIndex((row) => row.includes('"isMfaAccepted": "yes"')) + 1
    const graphReadsBefore = current.cloud.graphRequests().length

    const run = await current.run({ ...current.secretInputs })

    expect(run.exitCode).toBe(1)
    const error = run.stdout.split('\n').find((row) => row.startsWith('::error'))
    expect(error).toContain(`file=baselines/${CONTOSO_TENANT_ID}.json`)
    expect(error).toContain(`line=${line}`)
    expect(error).toContain('/default/inboundTrust/isMfaAccepted')
    expect(run.outputs).toEqual({})
    expect(current.cloud.graphRequests().length).toBe(graphReadsBefore)
  })
})

/** What driftedContoso() changed, finding by finding, in report order. */
const EXPECTED_DRIFT = [
  {
    kind: 'default',
    rule: 'inbound-trust-accepted',
    severity: 'critical',
    paths: ['inboundTrust.isMfaAccepted']
  },
  {
    kind: 'conditionalAccessPolicy',
    rule: 'ca-guest-policy-report-only',
    severity: 'high',
    paths: ['state']
  },
  {
    kind: 'authorizationPolicy',
    rule: 'guest-invitation-settings-loosened',
    severity: 'high',
    paths: ['allowInvitesFrom']
  },
  // The new partner allows inbound collaboration the default already allows: one finding, which
  // pins today's default for that partner and moves none of its access (issue 13).
  {
    kind: 'partner',
    rule: 'partner-added',
    severity: 'medium',
    paths: ['b2bCollaborationInbound', 'isInMultiTenantOrganization', 'tenantId']
  },
  { kind: 'guests', rule: 'guest-count-grew', severity: 'medium', paths: ['total'] },
  { kind: 'identitySynchronization', rule: 'identity-sync-changed', severity: 'low', paths: ['displayName'] }
]
