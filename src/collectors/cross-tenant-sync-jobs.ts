import { compareText, sortFlags } from '../core/model/canonical.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../core/model/json.js'
import type { GraphReader } from '../graph/graph-reader.js'
import { crossTenantSyncJobsSection as section } from '../sections/cross-tenant-sync-jobs.js'
import {
  graphPath,
  normalizeObject,
  notOfferedIn,
  problemOf,
  readCollection,
  readEntity,
  type Collector,
  type CollectorResult,
  type Read
} from './collector.js'

/**
 * The gallery application template every cross-tenant synchronization configuration app is
 * instantiated from (the tutorial "Configure cross-tenant synchronization using Microsoft Graph",
 * step 5: POST /applicationTemplates/518e5f48-…/instantiate).
 */
export const CROSS_TENANT_SYNC_TEMPLATE_ID = '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7'
/** The synchronization template of a cross-tenant synchronization job (tutorial, step 7). */
export const AZURE2AZURE = 'Azure2Azure'

/** Listing the configuration apps takes this; the jobs and schemas take the section's permission. */
const LIST_APPS_PERMISSION = 'Application.Read.All'

/** The service principal's posture-free identity: what names the configuration app. */
const APP_PROPERTIES = ['id', 'appId', 'displayName', 'appDisplayName', 'applicationTemplateId']

/** The job's status moves with every run (last execution, progress, counters, quarantine): never kept. */
const JOB_VOLATILE = ['status', 'id', 'templateId']

/**
 * Cross-tenant synchronization jobs of the configuration apps, keyed by '{servicePrincipalId}:
 * {templateId}'. A failed read of any app, job or schema makes the section fail: a partial list
 * would read as removed jobs.
 */
export const crossTenantSyncJobCollector: Collector = {
  id: section.id,
  permission: section.permission,
  core: section.core,
  async collect({ graph, cloud }): Promise<CollectorResult> {
    const notOffered = notOfferedIn(cloud, section)
    if (notOffered !== undefined) return notOffered
    // serviceprincipal.md documents $filter (eq, not, ne) on applicationTemplateId.
    const appsPath = graphPath('/servicePrincipals', {
      $filter: `applicationTemplateId eq '${CROSS_TENANT_SYNC_TEMPLATE_ID}'`,
      $select: APP_PROPERTIES.join(',')
    })
    const apps = await readCollection(graph, appsPath)
    if (!apps.ok) {
      return {
        sections: {},
        problems: [
          problemOf(apps.failure, section.id, { permission: LIST_APPS_PERMISSION, core: section.core })
        ]
      }
    }
    // A Graph that ignored the filter would list every app: keep the configuration apps only.
    const configurationApps = apps.value.filter(
      (app) => app.applicationTemplateId === CROSS_TENANT_SYNC_TEMPLATE_ID && typeof app.id === 'string'
    )
    const reads = await Promise.all(configurationApps.map((app) => readJobsOf(graph, app)))
    const entries: [string, JsonObject][] = []
    for (const read of reads) {
      if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, section.id, section)] }
      entries.push(...read.value)
    }
    entries.sort(([a], [b]) => compareText(a, b))
    return { sections: { [section.id]: Object.fromEntries(entries) }, problems: [] }
  }
}

/** One configuration app's Azure2Azure jobs, each with its schema, as snapshot entries. */
async function readJobsOf(graph: GraphReader, app: JsonObject): Promise<Read<[string, JsonObject][]>> {
  const servicePrincipalId = String(app.id)
  const jobsPath = section.graph.path.replace('{servicePrincipalId}', encodeURIComponent(servicePrincipalId))
  const jobs = await readCollection(graph, jobsPath)
  if (!jobs.ok) return jobs
  const crossTenant = jobs.value.filter((job) => job.templateId === AZURE2AZURE && typeof job.id === 'string')
  const schemas = await Promise.all(
    crossTenant.map((job) => readEntity(graph, `${jobsPath}/${encodeURIComponent(String(job.id))}/schema`))
  )
  const entries: [string, JsonObject][] = []
  for (const [index, job] of crossTenant.entries()) {
    const schema = schemas[index]
    if (schema === undefined) continue
    if (!schema.ok) return schema
    const entry = syncJobEntry(app, job, schema.value, crossTenant.length > 1)
    entries.push([String(entry.id), entry])
  }
  return { ok: true, value: entries }
}

/**
 * Pure: the snapshot form of one job. Several jobs of one template under one app are not
 * documented; should Graph return them, the job id tells them apart in the key.
 */
export function syncJobEntry(
  app: JsonObject,
  job: JsonObject,
  schema: JsonObject,
  sharesTemplate = false
): JsonObject {
  const servicePrincipalId = String(app.id)
  const templateId = String(job.templateId)
  const kept = normalizeObject(job, JOB_VOLATILE)
  const key = `${servicePrincipalId}:${templateId}`
  return normalizeObject({
    id: sharesTemplate ? `${key}:${String(job.id)}` : key,
    servicePrincipalId,
    appId: stringOrNull(app.appId),
    displayName: stringOrNull(app.displayName),
    ...(typeof app.appDisplayName === 'string' ? { appDisplayName: app.appDisplayName } : {}),
    jobId: String(job.id),
    templateId,
    ...kept,
    objectMappings: objectMappingsOf(schema)
  })
}

/**
 * Every object mapping of the schema's synchronization rules, each with its attribute mappings.
 * Lists, not maps keyed by name: the comparison takes a key new to a nested object for a property
 * Graph added (never drift), where a new mapping is exactly the drift to report. Rules compare the
 * lists mapping by mapping (core/rules/sync-job-posture.ts).
 */
export function objectMappingsOf(schema: JsonObject): JsonObject[] {
  const rules = Array.isArray(schema.synchronizationRules)
    ? schema.synchronizationRules.filter(isJsonObject)
    : []
  return rules.flatMap((rule) =>
    (Array.isArray(rule.objectMappings) ? rule.objectMappings.filter(isJsonObject) : []).map((mapping) =>
      // objectFlowTypes is a flags enum ('Add,Update,Delete'): one order, whatever Graph writes.
      typeof mapping.flowTypes === 'string'
        ? { ...mapping, flowTypes: sortFlags(mapping.flowTypes) }
        : mapping
    )
  )
}

function stringOrNull(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null
}
