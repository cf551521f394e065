import { compareText } from '../model/canonical.js'
import { OBJECT_KINDS, type Finding, type ObjectKind, type ObjectRef } from '../model/finding.js'
import { isJsonObject, type JsonValue } from '../model/json.js'
import { splitPath, touches } from '../model/json-path.js'
import type { Pseudonyms } from '../model/pseudonym.js'
import type { Snapshot } from '../model/snapshot.js'
import { findingFingerprint, objectFingerprint, type IssueMarker } from '../render/render-issue.js'
import { compareSnapshots, countsAsDrift } from '../report/report.js'
import { sectionOfKind } from '../../sections/index.js'
import type { RemediationFacts } from '../../sections/section.js'

/*
 * mode: revert, the deciding half: which one request puts one finding back, whether the live
 * object still is what the issue recorded, and whether the write worked. No I/O: the mode reads
 * Graph and GitHub and hands the results in.
 */

/** One Graph write, exactly as the finding's remediation states it. */
export interface RevertRequest {
  readonly method: 'PATCH' | 'POST' | 'PUT' | 'DELETE'
  /** Relative to the v1.0 root, e.g. '/policies/crossTenantAccessPolicy/default'. */
  readonly path: string
  readonly body?: JsonValue
}

/** Every fact the plan needs; the finding itself is recomputed from `baseline` and `live`, never read from the issue. */
export interface RevertInput {
  readonly baseline: Snapshot
  /** The live snapshot, holding at least the section of the marker's kind. */
  readonly live: Snapshot
  readonly tenantId: string
  /** The drift issue's hidden marker: which object, which findings. */
  readonly marker: IssueMarker
  /** The keyed (or plain) hashes the publisher wrote the marker with. */
  readonly pseudonyms: Pseudonyms
  /** YYYY-MM-DD, for ignore entries' expiry. */
  readonly today: string
  /** The finding fingerprint named in the command, when the issue lists several findings. */
  readonly requested?: string | undefined
}

export type RevertPlan =
  | {
      readonly ok: true
      readonly finding: Finding
      readonly request: RevertRequest
      /** The application permissions the write needs (the kind's declared `writePermissions`). */
      readonly permissions: readonly string[]
    }
  | { readonly ok: false; readonly reason: string }

/**
 * The one request that reverts the issue's finding, or why none may be sent. Refuses when the kind
 * is not revertable, when the section could not be compared, when the object no longer drifts as
 * the issue recorded (a finding of the issue is gone, or a change the issue does not list appeared),
 * when the issue lists several findings and the command names none of them, and when the
 * remediation would write outside the finding (a property it did not change, a create the baseline
 * does not hold, a delete of what the baseline has).
 */
export function planRevert(input: RevertInput): RevertPlan {
  const { marker } = input
  const kind = asObjectKind(marker.kind)
  if (kind === undefined) return refuse(`the issue's marker names no known kind of object ('${marker.kind}')`)
  const section = sectionOfKind(kind)
  const facts: RemediationFacts | undefined = 'remediation' in section ? section.remediation : undefined
  const permissions = facts?.writePermissions
  if (permissions === undefined) {
    return refuse(
      `mode: revert does not write objects of kind ${kind}; revert this drift by hand with the remediation the issue shows`
    )
  }
  const comparison = compareSnapshots(input.baseline, input.live, { today: input.today })
  const notCompared = comparison.notCompared.find((entry) => entry.section === section.id)
  if (notCompared !== undefined) {
    return refuse(
      `${section.id} could not be compared (${notCompared.reason}): nothing is concluded about it`
    )
  }
  const ofObject = comparison.findings.filter(
    (finding) =>
      countsAsDrift(finding) &&
      objectFingerprint(input.tenantId, finding.object.kind, finding.object.key, input.pseudonyms) ===
        marker.object
  )
  const fingerprint = (finding: Finding): string => findingFingerprint(finding.id, input.pseudonyms)
  if (ofObject.length === 0) {
    return refuse(
      'the object matches the baseline now (reverted already, or changed back): there is nothing to revert'
    )
  }
  const live = new Set(ofObject.map(fingerprint))
  const gone = marker.findings.filter((recorded) => !live.has(recorded))
  const recorded = new Set(marker.findings)
  const unrecorded = ofObject.filter((finding) => !recorded.has(fingerprint(finding)))
  if (gone.length > 0 || unrecorded.length > 0) {
    return refuse(
      `${ofObject[0]?.object.displayName ?? 'the object'} changed again since the issue recorded its drift (or drifts below issue-min-severity, which the issue does not list); it now differs from the baseline in:\n${ofObject.map(describeChanges).join('\n')}\nRun detect to bring the issue up to date, review it, and ask again`
    )
  }
  const chosen = chooseFinding(ofObject, input.requested, fingerprint)
  if (!chosen.ok) return chosen
  const { finding } = chosen
  const graph = finding.remediation?.graph
  if (graph === undefined) {
    return refuse(
      `no Graph request reverts this finding${finding.remediation?.note === undefined ? '' : `: ${finding.remediation.note}`}`
    )
  }
  if (!graph.path.startsWith('/') || /^\/(beta|v\d)/i.test(graph.path)) {
    return refuse(
      `the request's path ${graph.path} is not under Graph v1.0, the only root mode: revert writes to`
    )
  }
  const request: RevertRequest = {
    method: graph.method,
    path: graph.path,
    ...(graph.body === undefined ? {} : { body: graph.body })
  }
  const outside = outsideTheFinding(finding, request, input.baseline, facts?.reset?.action)
  if (outside !== undefined) return refuse(outside)
  return { ok: true, finding, request, permissions }
}

/** What the re-read shows: whether the finding's paths hold the baseline again, and whether the whole object does. */
export interface RevertVerification {
  /** The finding's own paths equal the baseline (for a delete or re-create: the object's presence). */
  readonly reverted: boolean
  /** The object as a whole matches the baseline: its issue can be closed as completed. */
  readonly objectMatches: boolean
  /** What still differs on the object, one line per change. */
  readonly remaining: readonly string[]
}

/** Compares the re-read object with the baseline, for the finding's paths and for the whole object. */
export function verifyRevert(
  baseline: Snapshot,
  live: Snapshot,
  finding: Finding,
  today: string
): RevertVerification {
  const comparison = compareSnapshots(baseline, live, { today })
  const section = sectionOfKind(finding.object.kind)
  const notCompared = comparison.notCompared.find((entry) => entry.section === section.id)
  if (notCompared !== undefined) {
    return {
      reverted: false,
      objectMatches: false,
      remaining: [`${section.id} could not be read back (${notCompared.reason})`]
    }
  }
  const ofObject = comparison.findings.filter(
    (other) =>
      countsAsDrift(other) &&
      other.object.kind === finding.object.kind &&
      other.object.key === finding.object.key
  )
  const paths = finding.changes.map((change) => change.path)
  const stillDiffers = ofObject.some(
    (other) =>
      finding.change !== 'modified' ||
      other.change !== 'modified' ||
      other.changes.some((change) => paths.some((path) => touches(change.path, path)))
  )
  return {
    reverted: !stillDiffers,
    objectMatches: ofObject.length === 0,
    remaining: ofObject.flatMap((other) => describeChanges(other).split('\n'))
  }
}

function chooseFinding(
  findings: readonly Finding[],
  requested: string | undefined,
  fingerprint: (finding: Finding) => string
): { ok: true; finding: Finding } | { ok: false; reason: string } {
  if (requested !== undefined) {
    const named = findings.find((finding) => fingerprint(finding) === requested)
    if (named !== undefined) return { ok: true, finding: named }
    return refuse(
      `the issue has no finding '${requested}'; its findings are:\n${listed(findings, fingerprint)}`
    )
  }
  const [only, ...others] = findings
  if (only !== undefined && others.length === 0) return { ok: true, finding: only }
  return refuse(
    `the issue lists ${findings.length} findings and one run reverts one: comment \`/entra-drift revert <finding>\` with one of\n${listed(findings, fingerprint)}`
  )
}

/**
 * Why the request would write outside the finding, or undefined when it stays inside: a PATCH
 * only of the top-level properties the finding changed, the reset action only where the baseline
 * holds the defaults, a create only of an object the baseline holds (under its own key), a delete
 * only of an object the baseline does not hold.
 */
function outsideTheFinding(
  finding: Finding,
  request: RevertRequest,
  baseline: Snapshot,
  resetAction: string | undefined
): string | undefined {
  const inBaseline = baselineHolds(baseline, finding.object)
  switch (finding.change) {
    case 'added':
      if (request.method !== 'DELETE') return `a ${request.method} does not undo an object that was added`
      if (inBaseline)
        return 'the baseline holds this object: mode: revert never deletes what the baseline has'
      return undefined
    case 'removed': {
      if (!inBaseline)
        return 'the baseline does not hold this object: mode: revert never creates what the baseline lacks'
      if (request.method !== 'POST' && request.method !== 'PUT') {
        return `a ${request.method} does not restore an object that was removed`
      }
      const body = request.body
      const keyed = request.path.endsWith(encodeURIComponent(finding.object.key))
      const named = isJsonObject(body) && Object.values(body).some((value) => value === finding.object.key)
      if (!keyed && !named) {
        return 'Graph would give the re-created object a new id, which is not the object the baseline holds: restore it from the deleted items instead'
      }
      return undefined
    }
    case 'modified': {
      if (
        resetAction !== undefined &&
        request.method === 'POST' &&
        request.body === undefined &&
        request.path.endsWith(`/${resetAction}`)
      ) {
        // The kind's declared reset action: the remediation offers it only where the baseline holds
        // the service's defaults, and every difference on the object is one the issue recorded.
        return undefined
      }
      if (request.method !== 'PATCH') return `a ${request.method} is not how a changed object is put back`
      const changed = new Set(finding.changes.map((change) => splitPath(change.path)[0] ?? ''))
      const written = isJsonObject(request.body) ? Object.keys(request.body) : []
      const extra = written.filter((property) => !changed.has(property))
      if (written.length === 0) return 'the PATCH carries no property'
      if (extra.length > 0) {
        return `the PATCH would also write ${extra.join(', ')}, which this finding did not change`
      }
      return undefined
    }
  }
}

function baselineHolds(baseline: Snapshot, object: ObjectRef): boolean {
  const section = sectionOfKind(object.kind)
  const value = (baseline as unknown as Record<string, unknown>)[section.id]
  if (section.shape === 'singleton') return value !== undefined
  return isJsonObject(value as JsonValue) && (value as Record<string, unknown>)[object.key] !== undefined
}

function describeChanges(finding: Finding): string {
  if (finding.change !== 'modified') return `- ${finding.summary}`
  return finding.changes
    .map((change) => `- ${change.path}: baseline ${text(change.before)}, live ${text(change.after)}`)
    .join('\n')
}

function listed(findings: readonly Finding[], fingerprint: (finding: Finding) => string): string {
  return [...findings]
    .sort((a, b) => compareText(fingerprint(a), fingerprint(b)))
    .map((finding) => `- \`${fingerprint(finding)}\`: ${finding.summary}`)
    .join('\n')
}

function text(value: JsonValue): string {
  return value === null ? 'unset' : JSON.stringify(value)
}

function asObjectKind(kind: string): ObjectKind | undefined {
  return (OBJECT_KINDS as readonly string[]).includes(kind) ? (kind as ObjectKind) : undefined
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason }
}
