import type { KeyedSection } from './section.js'

/**
 * Cross-tenant synchronization jobs (issue 15): the jobs that provision this tenant's users as B2B
 * users into another tenant. Each is an Azure2Azure synchronization job of a configuration app (a
 * service principal instantiated from the application template 518e5f48-…-9fdf28b0dfe7), read in
 * three steps (collectors/cross-tenant-sync-jobs.ts): the configuration apps
 * (GET /servicePrincipals?$filter=applicationTemplateId eq '…', Application.Read.All), their jobs
 * (GET /servicePrincipals/{id}/synchronization/jobs, Synchronization.Read.All) and each job's
 * schema (GET …/jobs/{jobId}/schema, Synchronization.Read.All).
 *
 * A job is keyed by its configuration app's object id and its template ('{servicePrincipalId}:
 * Azure2Azure'), never by the job id, which a re-created job changes. Kept: the app's names, the
 * schedule (state, interval, expiration), the job settings, and every object mapping of its schema
 * (whether it is enabled, its flow types, its scoping filter and its attribute mappings).
 * Dropped: the job's status (last execution, progress, counters, quarantine), which moves with
 * every run and says nothing of what the job is allowed to do.
 *
 * Not readable, so not watched: the target tenant id and the "sync all users and groups" scope
 * choice are saved as synchronization secrets (CompanyId, SyncAll; the tutorial "Configure
 * cross-tenant synchronization using Microsoft Graph", step 8), which v1.0 documents writing (PUT)
 * but not reading. The configuration app's name, by convention the target organisation, stands in
 * for the target.
 * https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-list
 * https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-get
 */
export const crossTenantSyncJobsSection = {
  id: 'crossTenantSyncJobs',
  kind: 'crossTenantSyncJob',
  shape: 'keyed',
  keyProperty: 'id',
  graph: { path: '/servicePrincipals/{servicePrincipalId}/synchronization/jobs', apiVersion: 'v1.0' },
  // The jobs and their schemas; the configuration apps are listed with Application.Read.All
  // (the collector names that one when the list is refused).
  permission: 'Synchronization.Read.All',
  core: false,
  readBy: 'own-collector',
  identifying: { names: ['displayName', 'appDisplayName'] },
  words: {
    kindLabel: 'Cross-tenant sync job',
    subject: 'Cross-tenant sync job',
    issueSubject: 'cross-tenant synchronization job',
    entry: 'cross-tenant sync job'
  },
  // Requests that restore a job (pause, start) are built from its ids by core/rules/sync-job-remediation.ts.
  // [UNVERIFIED] the directory audit activities for synchronization job and schema changes.
  audit: {
    notAudited:
      'the directory audit activities for synchronization job and schema changes could not be verified against the audit activity reference'
  },
  schema: {
    type: 'object',
    description:
      "Cross-tenant synchronization (Azure2Azure) jobs of the configuration apps, keyed by '{servicePrincipalId}:{templateId}'.",
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        id: { type: 'string', description: "The key: '{servicePrincipalId}:{templateId}'." },
        servicePrincipalId: {
          type: 'string',
          description: "The configuration app's service principal object id."
        },
        appId: { type: ['string', 'null'], description: "The configuration app's application id." },
        displayName: {
          type: ['string', 'null'],
          description: 'The configuration app, by convention named after the target organisation.'
        },
        jobId: {
          type: 'string',
          description: 'The synchronization job id (changes when the job is re-created).'
        },
        templateId: { type: 'string', description: 'Azure2Azure.' },
        schedule: {
          type: ['object', 'null'],
          additionalProperties: true,
          description: 'state (Active, Paused, Disabled), interval and expiration.'
        },
        synchronizationJobSettings: {
          type: ['array', 'null'],
          description: 'The job settings, each { name, value }.',
          items: { type: 'object', additionalProperties: true }
        },
        objectMappings: {
          type: ['array', 'null'],
          description:
            "The job schema's object mappings: name, enabled, flowTypes, scope (scoping filter) and attributeMappings (target attribute, source, flowType, matchingPriority).",
          items: { type: 'object', additionalProperties: true }
        }
      }
    }
  }
} as const satisfies KeyedSection
