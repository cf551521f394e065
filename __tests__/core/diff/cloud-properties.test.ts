import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { JsonObject } from '../../../src/core/model/json.js'
import { withCloudGaps } from '../../../src/core/model/cloud-properties.js'
import type { Snapshot } from '../../../src/core/model/snapshot.js'
import { noDrift } from '../../../src/core/render/render-markdown.js'
import { buildReport, compareSnapshots } from '../../../src/core/report/report.js'
import { reportSchema } from '../../../src/core/report/report-schema.js'
import {
  PARTNER_ID,
  b2bSetting,
  defaultConfiguration,
  fullSnapshot,
  partnerConfiguration,
  setAt,
  targetConfiguration
} from '../../support/snapshot-builder.js'

/*
 * The national clouds' Graph v1.0 lacks some properties the global service has (msgraph-metadata
 * schemas/v1.0-Fairfax.csdl and v1.0-Mooncake.csdl): a snapshot taken there names them
 * unavailable, and comparing it never reads their absence as drift.
 */

const GLOBAL_DEFAULT: JsonObject = {
  ...defaultConfiguration(),
  tenantRestrictions: b2bSetting('blocked'),
  m365CollaborationInbound: { users: targetConfiguration('blocked', 'AllUsers') },
  m365CollaborationOutbound: { usersAndGroups: targetConfiguration('allowed', 'AllUsers') },
  appServiceConnectInbound: { applications: targetConfiguration('blocked', 'AllApplications') }
}
const GLOBAL_PARTNER: JsonObject = {
  ...partnerConfiguration(),
  m365CollaborationInbound: { users: targetConfiguration('allowed', 'AllUsers') },
  m365CollaborationOutbound: null,
  appServiceConnectInbound: null
}

function globalSnapshot(): Snapshot {
  return fullSnapshot({
    default: GLOBAL_DEFAULT,
    partners: { [PARTNER_ID]: GLOBAL_PARTNER },
    crossTenantAccessPolicy: {
      id: 'xtap-id',
      displayName: 'CrossTenantAccessPolicy',
      allowedCloudEndpoints: ['microsoftonline.us']
    }
  })
}

/** The same tenant read in `cloud`: what that cloud's Graph serves, as collection records it. */
function readIn(cloud: Snapshot['cloud'], snapshot: Snapshot): Snapshot {
  return withCloudGaps({ ...snapshot, cloud })
}

const OPTIONS = { today: '2026-03-01' }

describe('a snapshot taken in a national cloud', () => {
  it.each(['usgov', 'usgov-dod', 'china'] as const)(
    'given %s, then it names each property that cloud lacks unavailable and holds none of them',
    (cloud) => {
      const snapshot = readIn(cloud, globalSnapshot())

      const reason = `not in the ${cloud} cloud's Graph v1.0`
      expect(snapshot.unavailable).toEqual({
        'crossTenantAccessPolicy.allowedCloudEndpoints': reason,
        'default.appServiceConnectInbound': reason,
        'default.m365CollaborationInbound': reason,
        'default.m365CollaborationOutbound': reason,
        'default.tenantRestrictions': reason,
        'partners.appServiceConnectInbound': reason,
        'partners.isInMultiTenantOrganization': reason,
        'partners.m365CollaborationInbound': reason,
        'partners.m365CollaborationOutbound': reason,
        'partners.tenantRestrictions': reason
      })
      expect(snapshot.default).not.toHaveProperty('tenantRestrictions')
      expect(snapshot.partners?.[PARTNER_ID]).not.toHaveProperty('isInMultiTenantOrganization')
      expect(snapshot.crossTenantAccessPolicy).not.toHaveProperty('allowedCloudEndpoints')
      expect(snapshot.default?.b2bCollaborationInbound).toEqual(GLOBAL_DEFAULT['b2bCollaborationInbound'])
    }
  )

  it('given the global service, then nothing is named unavailable', () => {
    expect(readIn('global', globalSnapshot()).unavailable).toBeUndefined()
  })

  it('given a section that was not read, then only the section is named, not its properties', () => {
    const { partners: _partners, ...rest } = globalSnapshot()

    const snapshot = withCloudGaps({ ...rest, cloud: 'china', unavailable: { partners: 'Graph denied' } })

    expect(Object.keys(snapshot.unavailable ?? {}).filter((entry) => entry.startsWith('partners'))).toEqual([
      'partners'
    ])
  })
})

describe('comparing across a national cloud', () => {
  it('given a global baseline and a US Gov capture, then the missing properties are listed as not compared, never drift', () => {
    const comparison = compareSnapshots(globalSnapshot(), readIn('usgov', globalSnapshot()), OPTIONS)

    expect(comparison.findings).toEqual([])
    expect(comparison.notCompared).toEqual(
      expect.arrayContaining([
        {
          section: 'default.tenantRestrictions',
          reason: "live read unavailable: not in the usgov cloud's Graph v1.0"
        },
        {
          section: 'partners.m365CollaborationInbound',
          reason: "live read unavailable: not in the usgov cloud's Graph v1.0"
        },
        {
          section: 'crossTenantAccessPolicy.allowedCloudEndpoints',
          reason: "live read unavailable: not in the usgov cloud's Graph v1.0"
        }
      ])
    )
    expect(comparison.notCompared.map((entry) => entry.section)).not.toContain('default')
    expect(noDrift(comparison, 'baselines/gov.json')).toBe(
      'No drift. The tenant matches baselines/gov.json in everything its cloud\'s Graph has (10 properties it lacks are listed under "Not compared").'
    )
  })

  it('given a China capture written before clouds were declared (no unavailable entries), then the declaration alone skips them', () => {
    const live = { ...globalSnapshot(), cloud: 'china' as const }
    const changed = {
      ...live,
      default: setAt(
        GLOBAL_DEFAULT,
        'm365CollaborationInbound.users',
        targetConfiguration('allowed', 'AllUsers')
      )
    }

    const comparison = compareSnapshots(globalSnapshot(), changed, OPTIONS)

    expect(comparison.findings).toEqual([])
    expect(comparison.notCompared.map((entry) => entry.section)).toContain('default.m365CollaborationInbound')
  })

  it('given a US Gov baseline and capture, then a setting both have still drifts', () => {
    const baseline = readIn('usgov', globalSnapshot())
    const live = readIn('usgov', globalSnapshot())
    const opened = { ...live, default: setAt(live.default ?? {}, 'inboundTrust.isMfaAccepted', true) }

    const comparison = compareSnapshots(baseline, opened, OPTIONS)

    expect(comparison.findings.map((finding) => finding.rule)).toEqual(['inbound-trust-accepted'])
    expect(comparison.notCompared.map((entry) => entry.section)).toContain('default.tenantRestrictions')
  })
})

describe('the JSON report of a national-cloud comparison', () => {
  it('given a US Gov capture, then effective access names the settings the cloud lacks unavailable, and the report is schema-valid', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(reportSchema)
    const live = readIn('usgov', globalSnapshot())

    const report = buildReport({
      tenantId: live.tenantId,
      baselinePath: 'baselines/gov.json',
      capturedAt: live.capturedAt,
      comparison: compareSnapshots(readIn('usgov', globalSnapshot()), live, OPTIONS)
    })

    expect(report.effectiveAccess?.everyOtherOrganisation.m365CollaborationInbound).toEqual({
      value: null,
      source: 'unavailable'
    })
    expect(report.effectiveAccess?.partners[PARTNER_ID]?.settings.tenantRestrictions.source).toBe(
      'unavailable'
    )
    validate(JSON.parse(JSON.stringify(report)))
    expect(validate.errors ?? []).toEqual([])
  })
})
