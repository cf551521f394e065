import { describe, expect, it } from '@jest/globals'
import { pairObjects } from '../../../src/core/diff/objects.js'
import { partnerName } from '../../../src/core/model/partner-names.js'
import {
  PARTNER_ID,
  partnerConfiguration,
  setAt,
  snapshot,
  syncPolicy
} from '../../support/snapshot-builder.js'

const FABRIKAM = {
  tenantId: PARTNER_ID,
  displayName: 'Fabrikam, Ltd',
  defaultDomainName: 'fabrikam.onmicrosoft.com',
  federationBrandName: null
}

describe('the name a partner is shown by', () => {
  it('given the organisation Graph looked up, then its name and default domain', () => {
    const live = snapshot({ tenantInformation: { [PARTNER_ID]: FABRIKAM } })

    expect(partnerName(PARTNER_ID, live)).toBe('Fabrikam, Ltd (fabrikam.onmicrosoft.com)')
  })

  it('given only a sync policy, then its name; given neither, then the tenant id', () => {
    const withSync = snapshot({ identitySynchronization: { [PARTNER_ID]: syncPolicy() } })

    expect(partnerName(PARTNER_ID, withSync)).toBe(String(syncPolicy().displayName))
    expect(partnerName(PARTNER_ID, snapshot())).toBe(PARTNER_ID)
  })

  it('given the organisation in the live snapshot and a sync policy name, then the organisation wins', () => {
    const live = snapshot({
      tenantInformation: { [PARTNER_ID]: FABRIKAM },
      identitySynchronization: { [PARTNER_ID]: syncPolicy() }
    })

    expect(partnerName(PARTNER_ID, live)).toBe('Fabrikam, Ltd (fabrikam.onmicrosoft.com)')
  })

  it('given names in both snapshots, then the first (live) one: a renamed partner shows its current name', () => {
    const baseline = snapshot({ tenantInformation: { [PARTNER_ID]: FABRIKAM } })
    const live = snapshot({
      tenantInformation: { [PARTNER_ID]: { ...FABRIKAM, displayName: 'Fabrikam Group' } }
    })

    expect(partnerName(PARTNER_ID, live, baseline)).toBe('Fabrikam Group (fabrikam.onmicrosoft.com)')
    expect(partnerName(PARTNER_ID, snapshot(), baseline)).toBe('Fabrikam, Ltd (fabrikam.onmicrosoft.com)')
  })

  it('names partner findings, and never compares the names: a renamed organisation is not drift', () => {
    const partners = { [PARTNER_ID]: partnerConfiguration() }
    const baseline = snapshot({ partners, tenantInformation: { [PARTNER_ID]: FABRIKAM } })
    const live = snapshot({
      partners: { [PARTNER_ID]: setAt(partnerConfiguration(), 'inboundTrust.isMfaAccepted', true) },
      tenantInformation: { [PARTNER_ID]: { ...FABRIKAM, displayName: 'Fabrikam Group' } }
    })

    const { pairs, notCompared } = pairObjects(baseline, live)

    expect(pairs.map((pair) => [pair.object.kind, pair.object.displayName])).toEqual([
      ['partner', 'Fabrikam Group (fabrikam.onmicrosoft.com)']
    ])
    expect(notCompared.map((entry) => entry.section)).not.toContain('tenantInformation')
  })
})
