import type { ObjectDrift } from '../diff/diff.js'
import type { Change, Remediation } from '../model/finding.js'
import type { JsonObject } from '../model/json.js'
import { splitPath } from '../model/json-path.js'
import { activated, deactivated } from './sync-job-posture.js'

/*
 * How to put a cross-tenant synchronization job back. Graph v1.0 documents no PATCH of a job: it
 * pauses and starts one (POST …/jobs/{jobId}/pause, …/start), deletes one (DELETE …/jobs/{jobId};
 * an active job must be paused first), creates one from a template (POST …/jobs) and replaces a
 * job's schema whole (PUT …/jobs/{jobId}/schema), with directories and rules the snapshot does not
 * keep. https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-pause
 */

function jobPath(job: JsonObject): string | undefined {
  const servicePrincipalId = job.servicePrincipalId
  const jobId = job.jobId
  if (typeof servicePrincipalId !== 'string' || typeof jobId !== 'string') return undefined
  return `${jobsPath(servicePrincipalId)}/${encodeURIComponent(jobId)}`
}

function jobsPath(servicePrincipalId: string): string {
  return `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs`
}

function ids(job: JsonObject): string {
  return `-ServicePrincipalId '${String(job.servicePrincipalId)}' -SynchronizationJobId '${String(job.jobId)}'`
}

const SCHEMA_NOTE =
  "Graph replaces a job's schema whole: GET {path}/schema, put the baseline's object mappings (enabled, scope, attribute mappings) back into its synchronizationRules, and PUT it to the same path. The target tenant and the 'sync all users' choice are synchronization secrets, which the baseline does not hold."

/** The request that restores the baseline for this job's drift, or a note where no single one can. */
export function syncJobRemediation(drift: ObjectDrift, changes: readonly Change[]): Remediation | undefined {
  const { before, after } = drift
  if (drift.change === 'added' && after !== undefined) {
    const path = jobPath(after)
    if (path === undefined) return undefined
    if (after.schedule !== undefined && activated(undefined, after)) {
      return {
        graph: { method: 'POST', path: `${path}/pause` },
        powershell: `Suspend-MgServicePrincipalSynchronizationJob ${ids(after)}`,
        note: `Pausing stops provisioning at once. The baseline has no such job: once paused, DELETE ${path} (Remove-MgServicePrincipalSynchronizationJob) removes it; users it already provisioned stay.`
      }
    }
    return {
      graph: { method: 'DELETE', path },
      powershell: `Remove-MgServicePrincipalSynchronizationJob ${ids(after)}`,
      note: 'Users it already provisioned stay in the target tenant.'
    }
  }
  if (drift.change === 'removed' && before !== undefined) {
    const servicePrincipalId = before.servicePrincipalId
    if (typeof servicePrincipalId !== 'string') return undefined
    const body = { templateId: String(before.templateId ?? 'Azure2Azure') }
    return {
      graph: { method: 'POST', path: jobsPath(servicePrincipalId), body },
      powershell: `$body = '${JSON.stringify(body)}' | ConvertFrom-Json -AsHashtable\nNew-MgServicePrincipalSynchronizationJob -ServicePrincipalId '${servicePrincipalId}' -BodyParameter $body`,
      note: `The new job has a new id and the template's default schema. ${SCHEMA_NOTE.replace('{path}', `${jobsPath(servicePrincipalId)}/{new job id}`)} Then start it (POST …/start) if the baseline's schedule is Active.`
    }
  }
  if (before === undefined || after === undefined) return undefined
  const path = jobPath(after) ?? jobPath(before)
  if (path === undefined) return undefined
  const tops = new Set(changes.map((change) => splitPath(change.path)[0]))
  const state = activated(before, after) ? 'pause' : deactivated(before, after) ? 'start' : undefined
  const schemaNote = tops.has('objectMappings') ? SCHEMA_NOTE.replace('{path}', path) : undefined
  // Pause and start restore the schedule's state; nothing documented restores its interval.
  const others = [...tops].filter(
    (top) => top !== 'objectMappings' && (top !== 'schedule' || state === undefined)
  )
  const otherNote =
    others.length > 0
      ? `Not restorable through the job's documented v1.0 requests: ${others.join(', ')}. Set it in the Entra admin center (Cross-tenant synchronization > Configurations), or refresh the baseline if the change was intended.`
      : undefined
  const note = [schemaNote, otherNote].filter((part) => part !== undefined).join(' ') || undefined
  if (state === undefined) return note === undefined ? undefined : { note }
  const cmdlet = state === 'pause' ? 'Suspend' : 'Start'
  return {
    graph: { method: 'POST', path: `${path}/${state}` },
    powershell: `${cmdlet}-MgServicePrincipalSynchronizationJob ${ids(after)}`,
    ...(note === undefined ? {} : { note })
  }
}
