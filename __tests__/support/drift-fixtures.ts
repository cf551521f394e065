/**
 * Small, invented drift: one tenant, a partner, the default settings and a guest CA policy.
 * Ids are made up for these tests.
 */
import type { Change, Finding, ObjectRef, Severity } from '../../src/core/model/finding.js'
import { findingId } from '../../src/core/diff/fingerprint.js'

export const TENANT_ID = '7d4c2a10-3b5e-4f61-9a8c-1e2f3a4b5c6d'
export const OTHER_TENANT_ID = 'c3f1e2d4-5a6b-4c7d-8e9f-0a1b2c3d4e5f'
export const FABRIKAM_TENANT_ID = '0530e93a-6c1d-4b2f-8e7a-9d3c2b1a0f4e'
export const GUEST_POLICY_ID = '5b1e9f2c-8d7a-4e6b-9c5d-3a2f1e0d9c8b'

export const FABRIKAM: ObjectRef = { kind: 'partner', key: FABRIKAM_TENANT_ID, displayName: 'Fabrikam' }
export const DEFAULT_SETTINGS: ObjectRef = {
  kind: 'default',
  key: 'default',
  displayName: 'Default cross-tenant access settings'
}
export const GUEST_MFA_POLICY: ObjectRef = {
  kind: 'conditionalAccessPolicy',
  key: GUEST_POLICY_ID,
  displayName: 'Require MFA for guests'
}

export function finding(input: {
  object: ObjectRef
  rule: string
  severity: Severity
  changes: Change[]
  summary: string
  why?: string
  change?: Finding['change']
}): Finding {
  const { object, rule, changes } = input
  const partnerPath = `/policies/crossTenantAccessPolicy/partners/${object.key}`
  return {
    id: findingId(rule, object.kind, object.key, changes),
    rule,
    severity: input.severity,
    object,
    change: input.change ?? 'modified',
    changes,
    summary: input.summary,
    why: input.why ?? 'Accepting a claim imports the partner’s security posture.',
    remediation: {
      graph: {
        method: 'PATCH',
        path: object.kind === 'partner' ? partnerPath : `/policies/${object.kind}/${object.key}`,
        body: Object.fromEntries(changes.map((change) => [change.path, change.before]))
      },
      powershell:
        object.kind === 'partner'
          ? `Update-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId ${object.key} -BodyParameter $body`
          : `Update-MgPolicyCrossTenantAccessPolicyDefault -BodyParameter $body`
    }
  }
}

export const fabrikamMfaTrusted = finding({
  object: FABRIKAM,
  rule: 'partner-inbound-trust-accepted',
  severity: 'high',
  changes: [{ path: 'inboundTrust.isMfaAccepted', before: false, after: true }],
  summary: 'Partner Fabrikam now trusts MFA from this partner'
})

export const fabrikamDeviceTrusted = finding({
  object: FABRIKAM,
  rule: 'partner-inbound-device-trust-accepted',
  severity: 'medium',
  changes: [{ path: 'inboundTrust.isCompliantDeviceAccepted', before: false, after: true }],
  summary: 'Partner Fabrikam now trusts compliant devices from this partner'
})

export const defaultMfaTrusted = finding({
  object: DEFAULT_SETTINGS,
  rule: 'default-inbound-trust-accepted',
  severity: 'critical',
  changes: [{ path: 'inboundTrust.isMfaAccepted', before: false, after: true }],
  summary: 'The default configuration now trusts MFA from every external organisation'
})

export const guestPolicyDisabled = finding({
  object: GUEST_MFA_POLICY,
  rule: 'ca-guest-policy-disabled',
  severity: 'high',
  changes: [{ path: 'state', before: 'enabled', after: 'disabled' }],
  summary: 'Conditional Access policy Require MFA for guests, which covers guests, was disabled',
  why: 'Guests are no longer asked for MFA.'
})

/** Run 1 of the lifecycle: three drifted objects. */
export const THREE_OBJECTS_DRIFTED: Finding[] = [fabrikamMfaTrusted, defaultMfaTrusted, guestPolicyDisabled]
