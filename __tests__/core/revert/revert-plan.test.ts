import { describe, expect, it } from '@jest/globals'
import type { Finding } from '../../../src/core/model/finding.js'
import type { Snapshot } from '../../../src/core/model/snapshot.js'
import { issueMarkerFor, findingFingerprint } from '../../../src/core/render/render-issue.js'
import { compareSnapshots } from '../../../src/core/report/report.js'
import { planRevert, verifyRevert } from '../../../src/core/revert/revert-plan.js'
import { UNKEYED } from '../../support/pseudonyms.ts'
import {
  defaultConfiguration,
  guestPolicy,
  GUEST_POLICY_ID,
  OTHER_PARTNER_ID,
  partnerConfiguration,
  PARTNER_ID,
  setAt,
  snapshot,
  TENANT_ID
} from '../../support/snapshot-builder.ts'

const TODAY = '2026-03-01'

const BASELINE = snapshot({
  default: defaultConfiguration(),
  partners: { [PARTNER_ID]: partnerConfiguration() },
  conditionalAccessPolicies: { [GUEST_POLICY_ID]: guestPolicy() }
})

/** The findings detect would publish for `live`, and the marker of the issue of `kind`'s object. */
function issueOf(live: Snapshot, kind: string) {
  const findings = compareSnapshots(BASELINE, live, { today: TODAY }).findings.filter(
    (finding) => finding.object.kind === kind
  )
  const object = findings[0]?.object
  if (object === undefined) throw new Error(`no drift on ${kind}`)
  return { findings, marker: issueMarkerFor(TENANT_ID, object, findings, UNKEYED) }
}

function plan(live: Snapshot, issueLive: Snapshot, kind: string, requested?: string) {
  return planRevert({
    baseline: BASELINE,
    live,
    tenantId: TENANT_ID,
    marker: issueOf(issueLive, kind).marker,
    pseudonyms: UNKEYED,
    today: TODAY,
    requested
  })
}

const MFA_TRUSTED = snapshot({
  ...BASELINE,
  default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true)
})

describe('planRevert: one request, exactly the finding', () => {
  it('given the default still drifting as the issue recorded, then the finding’s PATCH of the changed property, whole', () => {
    const result = plan(MFA_TRUSTED, MFA_TRUSTED, 'default')

    expect(result).toMatchObject({
      ok: true,
      permissions: ['Policy.ReadWrite.CrossTenantAccess'],
      request: {
        method: 'PATCH',
        path: '/policies/crossTenantAccessPolicy/default',
        body: { inboundTrust: defaultConfiguration()['inboundTrust'] }
      }
    })
  })

  it('given a baseline holding the service defaults, then the declared reset action, without a body', () => {
    const untouched = { ...defaultConfiguration(), isServiceDefault: true }
    const baseline = snapshot({ ...BASELINE, default: untouched })
    const live = snapshot({
      ...BASELINE,
      default: setAt({ ...untouched, isServiceDefault: false }, 'inboundTrust.isMfaAccepted', true)
    })
    const findings = compareSnapshots(baseline, live, { today: TODAY }).findings.filter(
      (finding) => finding.object.kind === 'default'
    )
    const object = findings[0]?.object
    if (object === undefined) throw new Error('no drift on the default')

    const result = planRevert({
      baseline,
      live,
      tenantId: TENANT_ID,
      marker: issueMarkerFor(TENANT_ID, object, findings, UNKEYED),
      pseudonyms: UNKEYED,
      today: TODAY,
      requested: findingFingerprint(
        (findings.find((finding) => finding.remediation?.graph?.method === 'POST') as Finding).id,
        UNKEYED
      )
    })

    expect(result).toMatchObject({
      ok: true,
      request: { method: 'POST', path: '/policies/crossTenantAccessPolicy/default/resetToSystemDefault' }
    })
    expect(result.ok && result.request.body).toBeUndefined()
  })

  it('given the object changed again since the issue, then a refusal naming the new difference', () => {
    const again = snapshot({
      ...MFA_TRUSTED,
      default: setAt(
        setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true),
        'inboundTrust.isCompliantDeviceAccepted',
        true
      )
    })

    const result = plan(again, MFA_TRUSTED, 'default')

    expect(result.ok).toBe(false)
    expect(!result.ok && result.reason).toContain('changed again since the issue recorded its drift')
    expect(!result.ok && result.reason).toContain(
      'inboundTrust.isCompliantDeviceAccepted: baseline false, live true'
    )
  })

  it('given the object already back at the baseline, then nothing to revert', () => {
    const result = plan(BASELINE, MFA_TRUSTED, 'default')

    expect(!result.ok && result.reason).toContain('matches the baseline now')
  })

  it('given an issue with several findings, then one must be named, and a named one is the one planned', () => {
    const two = snapshot({
      ...BASELINE,
      default: setAt(
        setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true),
        'b2bCollaborationInbound',
        {
          usersAndGroups: { accessType: 'blocked', targets: [{ target: 'AllUsers', targetType: 'user' }] },
          applications: {
            accessType: 'blocked',
            targets: [{ target: 'AllApplications', targetType: 'application' }]
          }
        }
      )
    })
    const { findings } = issueOf(two, 'default')
    expect(findings.length).toBeGreaterThan(1)
    const wanted = findings.find((finding) =>
      finding.changes.some((change) => change.path.startsWith('inboundTrust'))
    ) as Finding

    const unnamed = plan(two, two, 'default')
    const named = plan(two, two, 'default', findingFingerprint(wanted.id, UNKEYED))

    expect(!unnamed.ok && unnamed.reason).toContain('one run reverts one')
    expect(named.ok && named.finding.id).toBe(wanted.id)
    expect(named.ok && Object.keys(named.request.body as object)).toEqual(['inboundTrust'])
  })

  it('given a partner the baseline does not have, then a DELETE of that partner only', () => {
    const added = snapshot({
      ...BASELINE,
      partners: {
        [PARTNER_ID]: partnerConfiguration(),
        [OTHER_PARTNER_ID]: partnerConfiguration(OTHER_PARTNER_ID)
      }
    })

    const result = plan(added, added, 'partner')

    expect(result).toMatchObject({
      ok: true,
      request: { method: 'DELETE', path: `/policies/crossTenantAccessPolicy/partners/${OTHER_PARTNER_ID}` }
    })
  })

  it('given a CA policy the tenant lost, then a refusal: re-creating it would give it a new id', () => {
    const lost = snapshot({ ...BASELINE, conditionalAccessPolicies: {} })

    const result = plan(lost, lost, 'conditionalAccessPolicy')

    expect(!result.ok && result.reason).toContain('new id')
  })

  it('given a kind without declared write permissions, then a refusal', () => {
    const baseline = snapshot({
      ...BASELINE,
      authorizationPolicy: { allowInvitesFrom: 'adminsAndGuestInviters' }
    })
    const live = snapshot({ ...baseline, authorizationPolicy: { allowInvitesFrom: 'everyone' } })
    const findings = compareSnapshots(baseline, live, { today: TODAY }).findings
    const object = findings[0]?.object
    if (object === undefined) throw new Error('no drift')

    const result = planRevert({
      baseline,
      live,
      tenantId: TENANT_ID,
      marker: issueMarkerFor(TENANT_ID, object, findings, UNKEYED),
      pseudonyms: UNKEYED,
      today: TODAY
    })

    expect(!result.ok && result.reason).toContain('does not write objects of kind authorizationPolicy')
  })

  it('given the section missing from the live read, then a refusal: missing data is never drift', () => {
    const result = plan(snapshot({}), MFA_TRUSTED, 'default')

    expect(!result.ok && result.reason).toContain('could not be compared')
  })
})

describe('verifyRevert', () => {
  it('given the read-back equal to the baseline, then reverted and the whole object matches', () => {
    const finding = issueOf(MFA_TRUSTED, 'default').findings[0] as Finding

    expect(verifyRevert(BASELINE, BASELINE, finding, TODAY)).toEqual({
      reverted: true,
      objectMatches: true,
      remaining: []
    })
  })

  it('given the read-back still drifting, then not reverted, with what differs', () => {
    const finding = issueOf(MFA_TRUSTED, 'default').findings[0] as Finding

    const verification = verifyRevert(BASELINE, MFA_TRUSTED, finding, TODAY)

    expect(verification).toMatchObject({ reverted: false, objectMatches: false })
    expect(verification.remaining).toEqual(['- inboundTrust.isMfaAccepted: baseline false, live true'])
  })
})
