import { describe, expect, it } from '@jest/globals'
import { blockingProblems } from '../../src/collectors/collect.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { validateSnapshotDocument } from '../../src/core/baseline/snapshot-schema.js'
import { factsOfSnapshot } from '../../src/core/report/identifying-facts.js'
import {
  azure2AzureJob,
  azure2AzureSchema,
  attributeMapping,
  cloneTenant,
  constant,
  contosoTenant,
  crossTenantSyncApp,
  CONTOSO_SYNC_APP,
  fromAttribute,
  SYNC_USER_MAPPING,
  type SimulatedTenant,
  type SynchronizationJobRecord
} from '../fakes/simulated-tenant.ts'
import { collect, findingsBetween, SECTION_TEST_NOW } from '../support/section-harness.js'

// Cross-tenant synchronization jobs (issue 15): the Azure2Azure jobs of the configuration apps,
// read through the production Graph layer from the fake (shapes from the docs' examples), compared
// and classified; an optional section, unavailable (never drift, never blocking) without its
// permissions.

const NOW = SECTION_TEST_NOW
const KEY = `${CONTOSO_SYNC_APP.servicePrincipalId}:Azure2Azure`
const JOB_PATH = `/servicePrincipals/${CONTOSO_SYNC_APP.servicePrincipalId}/synchronization/jobs/${CONTOSO_SYNC_APP.jobId}`

function contosoJob(tenant: SimulatedTenant): SynchronizationJobRecord {
  const record = tenant.synchronizationJobs[CONTOSO_SYNC_APP.servicePrincipalId]?.[0]
  if (record === undefined) throw new Error('Contoso has no sync job')
  return record
}

/** The user mapping of a schema the fake serves, for editing in place. */
function userMapping(record: SynchronizationJobRecord): Record<string, unknown> {
  const rules = record.schema['synchronizationRules'] as Record<string, unknown>[]
  const mappings = rules[0]?.['objectMappings'] as Record<string, unknown>[]
  const mapping = mappings.find((candidate) => candidate['name'] === SYNC_USER_MAPPING)
  if (mapping === undefined) throw new Error('no user mapping')
  return mapping
}

describe('cross-tenant synchronization jobs (GET /servicePrincipals/{id}/synchronization/jobs)', () => {
  it('given Contoso, then its one Azure2Azure job is kept by app and template, with schedule, scoping filter and attribute mappings, without status', async () => {
    const tenant = contosoTenant({ now: NOW })

    const { snapshot, problems, fake } = await collect(tenant)

    expect(problems).toEqual([])
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    expect(Object.keys(snapshot.crossTenantSyncJobs ?? {})).toEqual([KEY])
    const job = snapshot.crossTenantSyncJobs?.[KEY]
    expect(job).toMatchObject({
      id: KEY,
      servicePrincipalId: CONTOSO_SYNC_APP.servicePrincipalId,
      appId: CONTOSO_SYNC_APP.appId,
      displayName: 'Fabrikam',
      jobId: CONTOSO_SYNC_APP.jobId,
      templateId: 'Azure2Azure',
      schedule: { expiration: null, interval: 'PT40M', state: 'Active' }
    })
    expect(job).not.toHaveProperty('status')
    const mappings = job?.['objectMappings'] as Record<string, unknown>[]
    expect(mappings.map((mapping) => [mapping['name'], mapping['enabled']]).sort()).toEqual([
      ['Provision Microsoft Entra ID Groups', false],
      [SYNC_USER_MAPPING, true]
    ])
    expect(mappings.find((mapping) => mapping['name'] === SYNC_USER_MAPPING)).toMatchObject({
      flowTypes: 'Add,Delete,Update',
      scope: {
        groups: [
          {
            name: 'Marketing department filter',
            clauses: [
              {
                operatorName: 'EQUALS',
                sourceOperandName: 'department',
                targetOperand: { values: ['Marketing'] }
              }
            ]
          }
        ]
      },
      attributeMappings: expect.arrayContaining([
        expect.objectContaining({
          targetAttributeName: 'userType',
          flowType: 'Always',
          source: expect.objectContaining({ type: 'Constant', name: 'Member' })
        }),
        expect.objectContaining({ targetAttributeName: 'alternativeSecurityIds', matchingPriority: 1 })
      ])
    })
    // Only the configuration apps are asked for their jobs: the expense app is never read.
    const paths = fake.requests.map((request) => decodeURIComponent(request.path))
    expect(paths).toContain(
      "/v1.0/servicePrincipals?$filter=applicationTemplateId eq '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7'&$select=id,appId,displayName,appDisplayName,applicationTemplateId"
    )
    expect(paths.filter((path) => path.includes('/synchronization/'))).toHaveLength(2)
  })

  it('given a job of another template under the configuration app, then it is neither kept nor its schema read', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    const other = azure2AzureJob('BoxOutDelta.4a1f.7d3e5f2a', 'Disabled')
    other['templateId'] = 'BoxOutDelta'
    tenant.synchronizationJobs[CONTOSO_SYNC_APP.servicePrincipalId]?.push({ job: other, schema: {} })

    const { snapshot, fake } = await collect(tenant)

    expect(Object.keys(snapshot.crossTenantSyncJobs ?? {})).toEqual([KEY])
    expect(fake.requests.some((request) => request.path.includes('BoxOutDelta'))).toBe(false)
  })

  it('given two Azure2Azure jobs under one app (not documented), then the job id tells them apart', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    const secondId = `Azure2Azure.99aa.${CONTOSO_SYNC_APP.servicePrincipalId}`
    tenant.synchronizationJobs[CONTOSO_SYNC_APP.servicePrincipalId]?.push({
      job: azure2AzureJob(secondId, 'Paused'),
      schema: azure2AzureSchema(secondId, { department: null, userType: 'Guest' })
    })

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([])
    expect(Object.keys(snapshot.crossTenantSyncJobs ?? {}).sort()).toEqual(
      [`${KEY}:${CONTOSO_SYNC_APP.jobId}`, `${KEY}:${secondId}`].sort()
    )
  })

  it("given Contoso, then the configuration app's name is an identifying fact", async () => {
    const { snapshot } = await collect(contosoTenant({ now: NOW }))

    expect(factsOfSnapshot(snapshot).names).toContain('Fabrikam')
  })

  it('given only the last execution and counters moved, then there is no drift', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const status = contosoJob(live).job['status'] as Record<string, unknown>
    status['lastExecution'] = { state: 'Failed', timeBegan: '2026-12-05T00:00:00Z' }
    status['synchronizedEntryCountByType'] = [{ key: 'user to User', value: 40 }]
    status['quarantine'] = { currentBegan: '2026-12-05T00:00:00Z', reason: 'EncounteredBaseEscrowThreshold' }

    expect(await findingsBetween(baseline, live)).toEqual([])
  })

  it('given a new running job to Northwind, then a high finding, and its revert pauses the job', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const spId = '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f'
    const jobId = `Azure2Azure.1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6.${spId}`
    live.servicePrincipals.push(crossTenantSyncApp(spId, '4d6f8a0c-2e4a-4c6e-8a0c-2e4a6c8e0a2c', 'Northwind'))
    live.synchronizationJobs[spId] = [
      {
        job: azure2AzureJob(jobId, 'Active'),
        schema: azure2AzureSchema(jobId, { department: null, userType: 'Member' })
      }
    ]

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-job-added-active',
        severity: 'high',
        summary: 'Cross-tenant sync job Northwind added and running'
      })
    ])
    expect(findings[0]?.remediation).toMatchObject({
      graph: { method: 'POST', path: `/servicePrincipals/${spId}/synchronization/jobs/${jobId}/pause` },
      powershell: `Suspend-MgServicePrincipalSynchronizationJob -ServicePrincipalId '${spId}' -SynchronizationJobId '${jobId}'`
    })
  })

  it('given a new job that is not started, then a medium finding, and its revert deletes it', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const spId = '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f'
    const jobId = `Azure2Azure.1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6.${spId}`
    live.servicePrincipals.push(crossTenantSyncApp(spId, '4d6f8a0c-2e4a-4c6e-8a0c-2e4a6c8e0a2c', 'Northwind'))
    live.synchronizationJobs[spId] = [
      {
        job: azure2AzureJob(jobId, 'Disabled'),
        schema: azure2AzureSchema(jobId, { department: null, userType: 'Member' })
      }
    ]

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-job-added',
        severity: 'medium',
        summary: 'Cross-tenant sync job Northwind added (schedule Disabled)'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'DELETE',
      path: `/servicePrincipals/${spId}/synchronization/jobs/${jobId}`
    })
  })

  it('given the job removed, then a medium finding whose revert re-creates it from its template', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    live.synchronizationJobs[CONTOSO_SYNC_APP.servicePrincipalId] = []

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-job-removed',
        severity: 'medium',
        summary: 'Cross-tenant sync job Fabrikam removed'
      })
    ])
    expect(findings[0]?.remediation?.graph).toEqual({
      method: 'POST',
      path: `/servicePrincipals/${CONTOSO_SYNC_APP.servicePrincipalId}/synchronization/jobs`,
      body: { templateId: 'Azure2Azure' }
    })
  })

  it('given the baseline paused and the job now active, then a high finding whose revert pauses it; the other way round, low and start', async () => {
    const paused = cloneTenant(contosoTenant({ now: NOW }))
    contosoJob(paused).job['schedule'] = { expiration: null, interval: 'PT40M', state: 'Paused' }
    const active = contosoTenant({ now: NOW })

    const started = await findingsBetween(paused, active)
    const stopped = await findingsBetween(active, paused)

    expect(started).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-job-activated',
        severity: 'high',
        summary: 'Cross-tenant sync job Fabrikam: started (Paused → Active)'
      })
    ])
    expect(started[0]?.remediation?.graph).toEqual({ method: 'POST', path: `${JOB_PATH}/pause` })
    expect(stopped).toEqual([
      expect.objectContaining({ rule: 'cross-tenant-sync-job-stopped', severity: 'low' })
    ])
    expect(stopped[0]?.remediation).toMatchObject({
      graph: { method: 'POST', path: `${JOB_PATH}/start` },
      powershell: expect.stringMatching(/^Start-MgServicePrincipalSynchronizationJob /)
    })
  })

  it('given the scoping filter removed, then a high finding says every assigned user is in scope, with a note on the schema PUT', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    userMapping(contosoJob(live))['scope'] = null

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-scope-widened',
        severity: 'high',
        summary: `Cross-tenant sync job Fabrikam: scope widened ('${SYNC_USER_MAPPING}': scoping filter removed: every assigned user is in scope)`
      })
    ])
    expect(findings[0]?.remediation?.graph).toBeUndefined()
    expect(findings[0]?.remediation?.note).toContain(`PUT it to the same path`)
    expect(findings[0]?.remediation?.note).toContain(`GET ${JOB_PATH}/schema`)
  })

  it('given a filter group added or the group mapping enabled, then scope widened; given a clause added, only a low change', async () => {
    const baseline = contosoTenant({ now: NOW })
    const widerGroups = cloneTenant(baseline)
    const scope = userMapping(contosoJob(widerGroups))['scope'] as Record<string, unknown>
    ;(scope['groups'] as unknown[]).push({
      name: 'Sales department filter',
      clauses: [
        { operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } }
      ]
    })
    const groupsEnabled = cloneTenant(baseline)
    const rules = contosoJob(groupsEnabled).schema['synchronizationRules'] as Record<string, unknown>[]
    ;(rules[0]?.['objectMappings'] as Record<string, unknown>[])[1]!['enabled'] = true
    const narrower = cloneTenant(baseline)
    const narrowerScope = userMapping(contosoJob(narrower))['scope'] as Record<string, unknown>
    const group = (narrowerScope['groups'] as Record<string, unknown>[])[0] as Record<string, unknown>
    ;(group['clauses'] as unknown[]).push({
      operatorName: 'IS TRUE',
      sourceOperandName: 'accountEnabled',
      targetOperand: null
    })

    expect(await findingsBetween(baseline, widerGroups)).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-scope-widened',
        summary: `Cross-tenant sync job Fabrikam: scope widened ('${SYNC_USER_MAPPING}': scoping filter group 'Sales department filter' added)`
      })
    ])
    expect(await findingsBetween(baseline, groupsEnabled)).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-scope-widened',
        severity: 'high',
        summary:
          "Cross-tenant sync job Fabrikam: scope widened (object mapping 'Provision Microsoft Entra ID Groups' enabled)"
      })
    ])
    expect(await findingsBetween(baseline, narrower)).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-job-changed',
        severity: 'low',
        summary: `Cross-tenant sync job Fabrikam: '${SYNC_USER_MAPPING}': scoping filter changed`
      })
    ])
  })

  it('given userType now written as Guest, or its mapping removed, then a high finding names the mapping and both values', async () => {
    const baseline = contosoTenant({ now: NOW })
    const guests = cloneTenant(baseline)
    const mappings = userMapping(contosoJob(guests))['attributeMappings'] as Record<string, unknown>[]
    mappings.splice(-1, 1, attributeMapping('userType', constant('Guest')))
    const unmapped = cloneTenant(baseline)
    const unmappedMappings = userMapping(contosoJob(unmapped))['attributeMappings'] as Record<
      string,
      unknown
    >[]
    unmappedMappings.splice(-1, 1)

    expect(await findingsBetween(baseline, guests)).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-user-type-changed',
        severity: 'high',
        summary: `Cross-tenant sync job Fabrikam: '${SYNC_USER_MAPPING}': userType ← constant 'Guest' (was constant 'Member')`
      })
    ])
    expect(await findingsBetween(baseline, unmapped)).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-user-type-changed',
        summary: `Cross-tenant sync job Fabrikam: '${SYNC_USER_MAPPING}': userType ← not mapped (was constant 'Member')`
      })
    ])
  })

  it('given another attribute mapping added, then a low finding naming its path', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = cloneTenant(baseline)
    const mappings = userMapping(contosoJob(live))['attributeMappings'] as Record<string, unknown>[]
    mappings.push(attributeMapping('department', fromAttribute('department')))

    const findings = await findingsBetween(baseline, live)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'cross-tenant-sync-job-changed',
        severity: 'low',
        summary: `Cross-tenant sync job Fabrikam: '${SYNC_USER_MAPPING}': attribute mapping department added`
      })
    ])
  })

  it('given no Synchronization.Read.All, then only this section is unavailable, naming the permission, and nothing blocks', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('Synchronization.Read.All')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([
      expect.objectContaining({ section: 'crossTenantSyncJobs', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('Synchronization.Read.All')
    expect(snapshot.crossTenantSyncJobs).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })

  it('given no Application.Read.All, then the section is unavailable naming that permission, and nothing blocks', async () => {
    const tenant = cloneTenant(contosoTenant({ now: NOW }))
    tenant.grantedPermissions.delete('Application.Read.All')

    const { snapshot, problems } = await collect(tenant)

    expect(problems).toEqual([
      expect.objectContaining({
        section: 'crossTenantSyncJobs',
        status: 'unavailable',
        core: false,
        permission: 'Application.Read.All'
      })
    ])
    expect(snapshot.crossTenantSyncJobs).toBeUndefined()
    expect(blockingProblems(problems)).toEqual([])
  })

  it('given a baseline taken without the permission, then the live jobs are not drift', async () => {
    const without = cloneTenant(contosoTenant({ now: NOW }))
    without.grantedPermissions.delete('Synchronization.Read.All')

    expect(await findingsBetween(without, contosoTenant({ now: NOW }))).toEqual([])
  })
})
