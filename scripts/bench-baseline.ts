/**
 * The baseline the benchmark's diff + render and detect runs compare against: the live snapshot
 * changed in up to 50 places. Shared by scripts/bench.ts and scripts/measure-detect.ts, so that
 * both measure against the same drift.
 */
import type { JsonObject } from '../src/core/model/json.ts'
import type { Snapshot } from '../src/core/model/snapshot.ts'

/**
 * A baseline that differs from `live` in 50 places (objects or guest figures) on the large tier;
 * a small tenant has room for fewer, and the count says how many.
 */
export function baselineWithChanges(live: Snapshot): { baseline: Snapshot; changes: number } {
  const baseline = structuredClone(live)
  const partners = baseline.partners ?? {}
  const sync = baseline.identitySynchronization ?? {}
  const partnerIds = Object.keys(partners)
  let changes = 0
  // 20 partners whose MFA trust was widened since the baseline.
  let trusted = 0
  for (const id of partnerIds.slice(0, -5)) {
    const trust = partners[id]?.inboundTrust as JsonObject | null | undefined
    if (trusted === 20 || trust?.isMfaAccepted !== true) continue
    ;(partners[id] as JsonObject).inboundTrust = { ...trust, isMfaAccepted: false }
    trusted++
  }
  changes += trusted
  // 10 Conditional Access policies whose state changed.
  const policies = baseline.conditionalAccessPolicies ?? {}
  for (const id of Object.keys(policies).slice(0, 10)) {
    const policy = policies[id] as JsonObject
    policy.state = policy.state === 'enabled' ? 'disabled' : 'enabled'
    changes++
  }
  // 5 sync policies whose inbound sync was switched.
  let switched = 0
  for (const id of partnerIds.slice(0, -5)) {
    const policy = sync[id]
    const inbound = policy?.userSyncInbound as JsonObject | undefined
    if (switched === 5 || policy == null || inbound === undefined) continue
    sync[id] = { ...policy, userSyncInbound: { ...inbound, isSyncAllowed: !inbound.isSyncAllowed } }
    switched++
  }
  changes += switched
  // 5 partners added since the baseline, 5 removed since.
  for (const id of partnerIds.slice(-5)) {
    delete partners[id]
    delete sync[id]
    changes++
  }
  for (let index = 0; index < 5; index++) {
    const tenantId = `0ba5e11e-0000-4000-8000-00000000000${index}`
    partners[tenantId] = { ...(partners[partnerIds[0] as string] as JsonObject), tenantId }
    sync[tenantId] = null
    changes++
  }
  // The default configuration, the authorization policy and the three guest figures.
  const collaboration = baseline.default?.b2bCollaborationInbound as JsonObject | undefined
  const users = collaboration?.usersAndGroups as JsonObject | undefined
  if (users !== undefined) {
    users.accessType = users.accessType === 'allowed' ? 'blocked' : 'allowed'
    changes++
  }
  if (baseline.authorizationPolicy !== undefined) {
    baseline.authorizationPolicy.allowInvitesFrom = 'adminsAndGuestInviters'
    changes++
  }
  const guests = baseline.guests ?? {}
  guests.total = Math.round((guests.total ?? 0) * 0.7)
  guests.pendingAcceptance = Math.round((guests.pendingAcceptance ?? 0) * 0.5)
  guests.stale = Math.round((guests.stale ?? 0) * 0.5)
  changes += 3
  return { baseline, changes }
}
