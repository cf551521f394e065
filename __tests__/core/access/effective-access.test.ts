import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { reportSchema } from '../../../src/core/report/report-schema.js'
import { affectedPartners, affectedSummary } from '../../../src/core/access/effective-access.js'
import { SERVICE_DEFAULTS, effectiveConfiguration } from '../../../src/core/access/inheritance.js'
import type { JsonObject } from '../../../src/core/model/json.js'
import { buildReport, compareSnapshots } from '../../../src/core/report/report.js'
import type { Snapshot } from '../../../src/core/model/snapshot.js'
import {
  PARTNER_GROUP_ID,
  TENANT_ID,
  b2bSetting,
  defaultConfiguration,
  fullSnapshot,
  partnerConfiguration,
  setAt,
  snapshot,
  syncPolicy,
  targetConfiguration
} from '../../support/snapshot-builder.js'

/** Two partners that inherit everything, two that set their own inbound B2B collaboration. */
const INHERITS_A = 'a0000000-0000-4000-8000-00000000000a'
const INHERITS_B = 'b0000000-0000-4000-8000-00000000000b'
const OVERRIDES_BLOCKED = 'c0000000-0000-4000-8000-00000000000c'
const OVERRIDES_ALLOWED = 'd0000000-0000-4000-8000-00000000000d'

const validateReport = new Ajv2020({ allErrors: true, strict: true }).compile(reportSchema)

function fourPartners(defaults: JsonObject): Snapshot {
  return fullSnapshot({
    default: defaults,
    partners: {
      [INHERITS_A]: partnerConfiguration(INHERITS_A),
      [INHERITS_B]: partnerConfiguration(INHERITS_B),
      [OVERRIDES_BLOCKED]: setAt(
        partnerConfiguration(OVERRIDES_BLOCKED),
        'b2bCollaborationInbound',
        b2bSetting('blocked')
      ),
      [OVERRIDES_ALLOWED]: setAt(
        partnerConfiguration(OVERRIDES_ALLOWED),
        'b2bCollaborationInbound',
        b2bSetting('allowed')
      )
    },
    identitySynchronization: {
      [INHERITS_A]: syncPolicy(INHERITS_A, 'Alpine Partners'),
      [OVERRIDES_BLOCKED]: syncPolicy(OVERRIDES_BLOCKED, 'Coastal Ltd')
    }
  })
}

const blockedInbound = setAt(defaultConfiguration(), 'b2bCollaborationInbound', b2bSetting('blocked'))

describe('effectiveConfiguration', () => {
  it('given an untouched default that leaves settings out, then the service defaults fill them', () => {
    const state = snapshot({ default: { id: 'default-policy-id', isServiceDefault: true }, partners: {} })

    const view = effectiveConfiguration(state)

    expect(view?.everyOtherOrganisation.b2bCollaborationInbound).toEqual({
      value: SERVICE_DEFAULTS.b2bCollaborationInbound,
      source: 'service default'
    })
    expect(view?.everyOtherOrganisation.b2bDirectConnectOutbound.value).toEqual(b2bSetting('blocked'))
    expect(view?.everyOtherOrganisation.inboundTrust.value).toEqual({
      isMfaAccepted: false,
      isCompliantDeviceAccepted: false,
      isHybridAzureADJoinedDeviceAccepted: false
    })
    expect(view?.everyOtherOrganisation.automaticUserConsentSettings.value).toEqual({
      inboundAllowed: false,
      outboundAllowed: false
    })
    expect(view?.everyOtherOrganisation.tenantRestrictions).toEqual({
      value: null,
      source: 'service default'
    })
  })

  it('given isServiceDefault true with values, then the values are Microsoft’s (source service default)', () => {
    const state = snapshot({ default: { ...defaultConfiguration(), isServiceDefault: true }, partners: {} })

    expect(effectiveConfiguration(state)?.everyOtherOrganisation.b2bCollaborationOutbound.source).toBe(
      'service default'
    )
  })

  it('given a customised default, then its settings come from the default and unset ones from the service', () => {
    const view = effectiveConfiguration(fullSnapshot({ default: blockedInbound }))

    expect(view?.everyOtherOrganisation.b2bCollaborationInbound).toEqual({
      value: b2bSetting('blocked'),
      source: 'default'
    })
    // The builder's default leaves tenant restrictions null.
    expect(view?.everyOtherOrganisation.tenantRestrictions.source).toBe('service default')
  })

  it('given inheriting and overriding partners, then each setting resolves on its own', () => {
    const view = effectiveConfiguration(fourPartners(blockedInbound))

    expect(view?.partners[INHERITS_A]).toEqual({
      displayName: 'Alpine Partners',
      settings: view?.everyOtherOrganisation
    })
    const overriding = view?.partners[OVERRIDES_ALLOWED]?.settings
    expect(overriding?.b2bCollaborationInbound).toEqual({ value: b2bSetting('allowed'), source: 'partner' })
    expect(overriding?.inboundTrust).toEqual(view?.everyOtherOrganisation.inboundTrust)
    expect(view?.partners[OVERRIDES_ALLOWED]?.displayName).toBe(OVERRIDES_ALLOWED)
  })

  it('given a partner that sets one automatic-redemption flag, then the other comes from the default', () => {
    const partner = setAt(partnerConfiguration(), 'automaticUserConsentSettings', {
      inboundAllowed: true,
      outboundAllowed: null
    })
    const state = fullSnapshot({ partners: { [INHERITS_A]: partner } })

    expect(
      effectiveConfiguration(state)?.partners[INHERITS_A]?.settings.automaticUserConsentSettings
    ).toEqual({
      value: { inboundAllowed: true, outboundAllowed: false },
      source: 'partner',
      partlyInherited: true
    })
  })

  it('given no default configuration, then nothing a partner inherits is known', () => {
    expect(
      effectiveConfiguration(snapshot({ partners: { [INHERITS_A]: partnerConfiguration(INHERITS_A) } }))
    ).toBe(undefined)
  })
})

describe('affectedPartners', () => {
  it('given the default’s inbound B2B collaboration goes from blocked to allowed, then exactly the inheriting partners are affected', () => {
    const baseline = fourPartners(blockedInbound)
    const live = fourPartners(defaultConfiguration())

    const impacts = affectedPartners(baseline, live)

    expect(impacts?.map((impact) => impact.tenantId)).toEqual([INHERITS_A, INHERITS_B])
    expect(impacts?.[0]).toEqual({
      tenantId: INHERITS_A,
      displayName: 'Alpine Partners',
      followsDefault: ['b2bCollaborationInbound'],
      moves: [
        {
          setting: 'b2bCollaborationInbound',
          path: 'b2bCollaborationInbound',
          direction: 'widened',
          description: 'inbound B2B collaboration now allowed for all users and applications'
        }
      ]
    })
  })

  it('given a partner’s own override opens to one group, then it is affected, narrowed from all or widened from none', () => {
    const group = { usersAndGroups: targetConfiguration('allowed', PARTNER_GROUP_ID) }
    const baseline = fourPartners(defaultConfiguration())
    const live = fourPartners(defaultConfiguration())
    live.partners = {
      ...live.partners,
      [OVERRIDES_BLOCKED]: setAt(live.partners?.[OVERRIDES_BLOCKED] ?? {}, 'b2bCollaborationInbound', {
        ...b2bSetting('blocked'),
        ...group
      }),
      [OVERRIDES_ALLOWED]: setAt(live.partners?.[OVERRIDES_ALLOWED] ?? {}, 'b2bCollaborationInbound', {
        ...b2bSetting('allowed'),
        ...group
      })
    }

    const impacts = affectedPartners(baseline, live)

    expect(
      impacts?.map(({ tenantId, moves }) => [
        tenantId,
        moves.map((move) => [move.direction, move.description])
      ])
    ).toEqual([
      [OVERRIDES_BLOCKED, [['widened', 'inbound B2B collaboration now allowed only for 1 group']]],
      [OVERRIDES_ALLOWED, [['narrowed', 'inbound B2B collaboration now allowed only for 1 group']]]
    ])
    expect(impacts?.every((impact) => impact.followsDefault.length === 0)).toBe(true)
  })

  it('given the baseline or the live tenant has no default, then it cannot say (undefined, not "none")', () => {
    expect(affectedPartners(snapshot({ partners: {} }), fourPartners(defaultConfiguration()))).toBeUndefined()
  })
})

describe('findings carry affects and access', () => {
  function report(baseline: Snapshot, live: Snapshot) {
    return buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(baseline, live, { today: '2026-03-01' })
    })
  }

  it('given the acceptance case, then the default finding lists exactly the inheriting partners, names and ids, widened', () => {
    const result = report(fourPartners(blockedInbound), fourPartners(defaultConfiguration()))
    const onDefault = result.findings.find((finding) => finding.object.kind === 'default')

    expect(onDefault?.affects).toEqual([INHERITS_A, INHERITS_B])
    expect(onDefault?.access).toEqual({
      direction: 'widened',
      changes: ['inbound B2B collaboration now allowed for all users and applications'],
      partners: [
        { tenantId: INHERITS_A, displayName: 'Alpine Partners' },
        { tenantId: INHERITS_B, displayName: INHERITS_B }
      ]
    })
    expect(affectedSummary(result.findings)).toBe('affects 2 partners')
    expect(validateReport(JSON.parse(JSON.stringify(result)))).toBe(true)
  })

  it('given a partner changes its own override in the same run, then the default finding leaves it to the partner finding', () => {
    const live = fourPartners(defaultConfiguration())
    live.partners = {
      ...live.partners,
      [OVERRIDES_BLOCKED]: setAt(
        partnerConfiguration(OVERRIDES_BLOCKED),
        'b2bCollaborationInbound',
        b2bSetting('allowed')
      )
    }

    const findings = report(fourPartners(blockedInbound), live).findings

    expect(findings.find((finding) => finding.object.kind === 'default')?.affects).toEqual([
      INHERITS_A,
      INHERITS_B
    ])
    expect(findings.find((finding) => finding.object.key === OVERRIDES_BLOCKED)?.affects).toEqual([
      OVERRIDES_BLOCKED
    ])
  })

  it('given the JSON report, then it carries the live effective view for auditors', () => {
    const result = report(fourPartners(blockedInbound), fourPartners(defaultConfiguration()))

    expect(result.effectiveAccess?.partners[INHERITS_B]?.settings.b2bCollaborationInbound).toEqual({
      value: b2bSetting('allowed'),
      source: 'default'
    })
    expect(result.effectiveAccess?.partners[OVERRIDES_BLOCKED]?.settings.b2bCollaborationInbound.source).toBe(
      'partner'
    )
  })

  it('given a default change every partner overrides, then the finding affects no partner', () => {
    const everyoneOverrides = (defaults: JsonObject): Snapshot =>
      fullSnapshot({
        default: defaults,
        partners: {
          [OVERRIDES_BLOCKED]: setAt(
            partnerConfiguration(OVERRIDES_BLOCKED),
            'b2bCollaborationInbound',
            b2bSetting('blocked')
          )
        }
      })

    const result = report(everyoneOverrides(blockedInbound), everyoneOverrides(defaultConfiguration()))
    const onDefault = result.findings.find((finding) => finding.object.kind === 'default')

    expect(onDefault?.affects).toEqual([])
    expect(onDefault?.access?.direction).toBe('widened')
    expect(affectedSummary(result.findings)).toBe('affects no partner configuration')
  })

  it('given a partner that now trusts MFA, then its finding says widened and affects it alone', () => {
    const baseline = fourPartners(defaultConfiguration())
    const live = fourPartners(defaultConfiguration())
    live.partners = {
      ...live.partners,
      [INHERITS_A]: setAt(partnerConfiguration(INHERITS_A), 'inboundTrust', {
        isMfaAccepted: true,
        isCompliantDeviceAccepted: false,
        isHybridAzureADJoinedDeviceAccepted: false
      })
    }

    const finding = report(baseline, live).findings.find((candidate) => candidate.object.key === INHERITS_A)

    expect(finding?.affects).toEqual([INHERITS_A])
    expect(finding?.access).toEqual({
      direction: 'widened',
      changes: ['now trusts MFA'],
      partners: [{ tenantId: INHERITS_A, displayName: 'Alpine Partners' }]
    })
  })

  it('given a blocking partner configuration is deleted, then the partner falls back to an open default: widened', () => {
    const baseline = fourPartners(defaultConfiguration())
    const live = fourPartners(defaultConfiguration())
    const { [OVERRIDES_BLOCKED]: _removed, ...remaining } = live.partners ?? {}
    live.partners = remaining

    const finding = report(baseline, live).findings.find((candidate) => candidate.rule === 'partner-removed')

    expect(finding?.affects).toEqual([OVERRIDES_BLOCKED])
    expect(finding?.access?.direction).toBe('widened')
    expect(finding?.access?.changes).toEqual([
      'inbound B2B collaboration now allowed for all users and applications'
    ])
  })

  it('given one allowed group swapped for another, then the change is mixed, neither wider nor narrower', () => {
    const withGroup = (group: string): Snapshot =>
      fullSnapshot({
        partners: {
          [INHERITS_A]: setAt(partnerConfiguration(INHERITS_A), 'b2bDirectConnectInbound', {
            usersAndGroups: targetConfiguration('allowed', group),
            applications: targetConfiguration('allowed', 'Office365')
          })
        }
      })

    const finding = report(withGroup(PARTNER_GROUP_ID), withGroup('0f000000-0000-4000-8000-0000000000f0'))
      .findings[0]

    expect(finding?.access?.direction).toBe('mixed')
    expect(finding?.affects).toEqual([INHERITS_A])
  })

  it('given a change that is not cross-tenant access, then affects is empty and access absent', () => {
    const baseline = fullSnapshot()
    const live = fullSnapshot({
      authorizationPolicy: { id: 'authorizationPolicy', allowInvitesFrom: 'everyone' }
    })

    const finding = report(baseline, live).findings.find(
      (candidate) => candidate.object.kind === 'authorizationPolicy'
    )

    expect(finding?.affects).toEqual([])
    expect(finding?.access).toBeUndefined()
  })
})

describe('a new partner configuration is one finding that says what it opens or pins', () => {
  const NEWCOMER = 'e0000000-0000-4000-8000-00000000000e'

  function newPartner(configuration: JsonObject) {
    const baseline = fullSnapshot()
    const live = fullSnapshot({ partners: { ...baseline.partners, [NEWCOMER]: configuration } })
    const findings = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(baseline, live, { today: '2026-03-01' })
    }).findings
    return findings.filter((finding) => finding.object.key === NEWCOMER)
  }

  it('given it allows inbound collaboration the default already allows, then one medium finding says it pins the default', () => {
    const findings = newPartner(
      setAt(partnerConfiguration(NEWCOMER), 'b2bCollaborationInbound', b2bSetting('allowed'))
    )

    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([['partner-added', 'medium']])
    expect(findings[0]?.summary).toBe(
      `Partner ${NEWCOMER}: new partner configuration that pins today's default for inbound B2B collaboration`
    )
    expect(findings[0]?.why).toBe(
      "It moves none of this partner’s access or trust today, but pins today's default for inbound B2B collaboration for this partner: a later tightening of the default will not reach it."
    )
    expect(findings[0]?.access?.direction).toBe('unchanged')
  })

  it('given it trusts MFA and pins inbound collaboration, then one critical finding lists both', () => {
    const findings = newPartner(
      setAt(
        setAt(partnerConfiguration(NEWCOMER), 'b2bCollaborationInbound', b2bSetting('allowed')),
        'inboundTrust',
        { isMfaAccepted: true }
      )
    )

    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['partner-added', 'critical']
    ])
    expect(findings[0]?.summary).toBe(
      `Partner ${NEWCOMER}: new partner configuration: now trusts MFA; pins today's default for inbound B2B collaboration`
    )
    expect(findings[0]?.access?.direction).toBe('widened')
  })

  it('given it blocks inbound collaboration, then one finding says it narrows and keeps the severity of a new override', () => {
    const findings = newPartner(
      setAt(partnerConfiguration(NEWCOMER), 'b2bCollaborationInbound', b2bSetting('blocked'))
    )

    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([['partner-added', 'high']])
    expect(findings[0]?.summary).toBe(
      `Partner ${NEWCOMER}: new partner configuration: inbound B2B collaboration now blocked for all users and applications`
    )
  })

  it('given it sets nothing, then one low finding says it overrides nothing', () => {
    const findings = newPartner(partnerConfiguration(NEWCOMER))

    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([['partner-added', 'low']])
    expect(findings[0]?.summary).toBe(
      `Partner ${NEWCOMER}: new partner configuration that overrides nothing: every setting inherits the default`
    )
  })
})

describe('no claim from missing data: the partner list was not read', () => {
  const UNREADABLE = 'incomplete: GET /policies/crossTenantAccessPolicy/partners kept failing (503)'

  /** The default now trusts every organisation's MFA; the live read of partners failed. */
  function withoutLivePartners() {
    const baseline = fourPartners(defaultConfiguration())
    const live = fourPartners(setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true))
    delete live.partners
    delete live.identitySynchronization
    live.unavailable = { partners: UNREADABLE, identitySynchronization: UNREADABLE }
    const result = buildReport({
      tenantId: TENANT_ID,
      baselinePath: 'b.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(baseline, live, { today: '2026-03-01' })
    })
    return { baseline, live, result }
  }

  it('given a default finding, then it names and counts no partner and says why', () => {
    const { result } = withoutLivePartners()
    const onDefault = result.findings.find((finding) => finding.object.kind === 'default')

    expect(onDefault?.affects).toEqual([])
    expect(onDefault?.access?.partners).toEqual([])
    expect(onDefault?.affectsUnavailable).toEqual({
      section: 'partners',
      reason: `live read unavailable: ${UNREADABLE}`
    })
    expect(affectedSummary(result.findings)).toBe('partners unavailable')
    expect(validateReport(JSON.parse(JSON.stringify(result)))).toBe(true)
  })

  it('given the effective view of the live tenant, then it says the partners are unavailable instead of listing none', () => {
    const { result } = withoutLivePartners()

    expect(result.effectiveAccess?.partners).toEqual({})
    expect(result.effectiveAccess?.partnersUnavailable).toBe(UNREADABLE)
  })

  it('given either side without partners, then affectedPartners cannot say (undefined, not every baseline partner)', () => {
    const { baseline, live } = withoutLivePartners()

    expect(affectedPartners(baseline, live)).toBeUndefined()
    expect(affectedPartners(live, baseline)).toBeUndefined()
  })

  it('given a baseline that holds no partners section, then the default finding claims no partner either', () => {
    const baseline = fourPartners(defaultConfiguration())
    delete baseline.partners
    const live = fourPartners(setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true))

    const comparison = compareSnapshots(baseline, live, { today: '2026-03-01' })
    const onDefault = comparison.findings.find((finding) => finding.object.kind === 'default')

    expect(onDefault?.affects).toEqual([])
    expect(onDefault?.affectsUnavailable).toEqual({ section: 'partners', reason: 'not in the baseline' })
  })
})
