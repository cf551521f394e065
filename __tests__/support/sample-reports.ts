import type { Report } from '../../src/core/report/report.js'
import { buildReport, compareSnapshots } from '../../src/core/report/report.js'
import {
  GUEST_POLICY_ID,
  OFFICE_LOCATION_ID,
  OTHER_PARTNER_ID,
  PARTNER_ID,
  STAFF_POLICY_ID,
  TENANT_ID,
  authorizationPolicy,
  b2bSetting,
  defaultConfiguration,
  fullSnapshot,
  guestPolicy,
  ipLocation,
  partnerConfiguration,
  setAt,
  staffPolicy
} from './snapshot-builder.js'

/** A tenant that drifted in several ways from the full baseline. */
export function driftedReport(): Report {
  const baseline = fullSnapshot({
    ignore: [
      {
        kind: 'authorizationPolicy',
        path: 'blockMsolPowerShell',
        reason: 'legacy tooling until migration',
        expires: '2026-12-31'
      }
    ]
  })
  const live = fullSnapshot({
    default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true),
    partners: {
      [PARTNER_ID]: setAt(partnerConfiguration(), 'b2bCollaborationOutbound', b2bSetting('blocked')),
      [OTHER_PARTNER_ID]: partnerConfiguration(OTHER_PARTNER_ID)
    },
    conditionalAccessPolicies: {
      [GUEST_POLICY_ID]: setAt(guestPolicy(), 'state', 'enabledForReportingButNotEnforced'),
      [STAFF_POLICY_ID]: staffPolicy()
    },
    namedLocations: { [OFFICE_LOCATION_ID]: setAt(ipLocation(), 'displayName', 'HQ') },
    guests: { total: 260, pendingAcceptance: 10, externalMembers: 3, staleAfterDays: 90 },
    authorizationPolicy: setAt(
      setAt(authorizationPolicy(), 'blockMsolPowerShell', false),
      'defaultUserRolePermissions',
      { allowedToCreateTenants: false }
    ),
    unavailable: { 'guests.stale': 'signInActivity needs Entra ID P1' }
  })
  return buildReport({
    tenantId: TENANT_ID,
    baselinePath: `baselines/${TENANT_ID}.json`,
    capturedAt: live.capturedAt,
    comparison: compareSnapshots(baseline, live, { today: '2026-03-01', maxStaleGuests: 50 })
  })
}
