import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateSnapshotDocument } from '../../src/core/baseline/snapshot-schema.js'
import { cloneTenant, contosoTenant, CONTOSO_PARTNERS, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'
import { closedAfterEach, startJob, type Job } from '../support/e2e-fixture.js'

let job: Job | undefined
const closing = closedAfterEach()

describe('mode: snapshot, run as the runner runs dist/index.js', () => {
  it('given client-secret sign-in, then it writes a schema-valid baseline holding the whole tenant and sets snapshot-path', async () => {
    const tenant = contosoTenant()
    job = closing(await startJob(tenant))

    const run = await job.run({ ...job.secretInputs, mode: 'snapshot' })

    expect(run.exitCode).toBe(0)
    const path = `baselines/${CONTOSO_TENANT_ID}.json`
    expect(run.outputs['snapshot-path']).toBe(path)
    const snapshot = JSON.parse(readFileSync(join(job.workspace, path), 'utf8'))
    expect(validateSnapshotDocument(snapshot)).toEqual([])
    expect(Object.keys(snapshot.partners).sort()).toEqual(Object.values(CONTOSO_PARTNERS).sort())
    expect(snapshot.identitySynchronization[CONTOSO_PARTNERS.fabrikam]).toMatchObject({
      displayName: 'Fabrikam'
    })
    expect(Object.keys(snapshot.conditionalAccessPolicies)).toHaveLength(
      tenant.conditionalAccessPolicies.length
    )
    expect(snapshot.guests.total).toBeGreaterThan(0)
    expect(snapshot.guests.pendingAcceptance).toBeGreaterThan(0)
    expect(snapshot.guests.stale).toBeGreaterThan(0)
  })

  it('given GitHub OIDC as the runner offers it, then it signs in with the federated token and no secret', async () => {
    job = closing(await startJob(contosoTenant()))
    const { 'client-secret': _secret, ...inputs } = job.secretInputs

    const run = await job.run({ ...inputs, mode: 'snapshot', baseline: 'out/tenant.json' }, job.oidcEnv)

    expect(run.exitCode).toBe(0)
    expect(readFileSync(join(job.workspace, 'out/tenant.json'), 'utf8')).toContain(CONTOSO_TENANT_ID)
    const tokenRequest = job.cloud.requests.find((request) =>
      request.path.split('?')[0]?.endsWith('/oauth2/v2.0/token')
    )
    const form = new URLSearchParams(tokenRequest?.body ?? '')
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
    expect(form.get('client_secret')).toBeNull()
    expect(job.cloud.requests.some((request) => request.path.startsWith('/oidc/token'))).toBe(true)
  })

  it('given an unchanged tenant, then two snapshot runs write identical files but for capturedAt', async () => {
    job = closing(await startJob(contosoTenant()))
    const path = join(job.workspace, 'baselines', `${CONTOSO_TENANT_ID}.json`)

    await job.run({ ...job.secretInputs, mode: 'snapshot' })
    const first = readFileSync(path, 'utf8')
    await job.run({ ...job.secretInputs, mode: 'snapshot' })
    const second = readFileSync(path, 'utf8')

    const withoutTime = (text: string) => text.replace(/"capturedAt": "[^"]+"/, '')
    expect(withoutTime(second)).toBe(withoutTime(first))
    expect(second).not.toBe('')
  })

  it('given stale-guest-cache, then a second run within the refresh interval reuses the count without reading sign-in activity', async () => {
    job = closing(await startJob(contosoTenant()))
    const inputs = {
      ...job.secretInputs,
      mode: 'snapshot',
      'stale-guest-cache': '.cache/stale-<tenant-id>.json'
    }
    const signInReads = () =>
      job?.cloud.graphRequests().filter((request) => request.path.includes('signInActivity')).length ?? 0

    const first = await job.run(inputs)
    const readsAfterFirst = signInReads()
    const firstText = readFileSync(join(job.workspace, first.outputs['snapshot-path'] ?? ''), 'utf8')
    const second = await job.run(inputs)

    expect(second.exitCode).toBe(0)
    expect(readsAfterFirst).toBeGreaterThan(0)
    expect(signInReads()).toBe(readsAfterFirst)
    const secondText = readFileSync(join(job.workspace, second.outputs['snapshot-path'] ?? ''), 'utf8')
    expect(JSON.parse(secondText).guests).toEqual(JSON.parse(firstText).guests)
    expect(readFileSync(join(job.workspace, `.cache/stale-${CONTOSO_TENANT_ID}.json`), 'utf8')).toContain(
      '"stale"'
    )
  })

  it('given a missing permission on one section, then the others are collected and the permission is named', async () => {
    const tenant = cloneTenant(contosoTenant())
    tenant.grantedPermissions.delete('SharePointTenantSettings.Read.All')
    job = closing(await startJob(tenant))

    const run = await job.run({ ...job.secretInputs, mode: 'snapshot' })

    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('SharePointTenantSettings.Read.All')
    const snapshot = JSON.parse(readFileSync(join(job.workspace, run.outputs['snapshot-path'] ?? ''), 'utf8'))
    expect(snapshot.sharepointSettings).toBeUndefined()
    expect(snapshot.unavailable.sharepointSettings).toContain('SharePointTenantSettings.Read.All')
    expect(Object.keys(snapshot.partners)).toHaveLength(3)
  })

  it('given a core permission missing, then the step fails naming it and no baseline is written', async () => {
    const tenant = cloneTenant(contosoTenant())
    tenant.grantedPermissions.delete('Policy.Read.All')
    job = closing(await startJob(tenant))

    const run = await job.run({ ...job.secretInputs, mode: 'snapshot' })

    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/::error::The snapshot is incomplete, so no baseline was written/)
    expect(run.stdout).toContain('Policy.Read.All')
    expect(() => readFileSync(join(job?.workspace ?? '', 'baselines', `${CONTOSO_TENANT_ID}.json`))).toThrow()
  })
})
