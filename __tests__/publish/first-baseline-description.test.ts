import { describe, expect, it } from '@jest/globals'
import { withCloudGaps } from '../../src/core/model/cloud-properties.js'
import { firstBaselineDescription } from '../../src/publish/publisher.js'
import { fullSnapshot } from '../support/snapshot-builder.js'

describe('the first baseline pull request of a national-cloud tenant', () => {
  it("given a China snapshot, then the properties China's Graph lacks are named once as never compared, apart from what was not read", () => {
    const snapshot = withCloudGaps({
      ...fullSnapshot({ cloud: 'china' }),
      unavailable: { sharepointSettings: '/admin/sharepoint/settings is not offered in the china cloud' }
    })

    const text = firstBaselineDescription(snapshot, 'baselines/contoso-cn.json')

    expect(text).toContain(
      'Not read, so not compared later until a snapshot that reads them is accepted:\n- sharepointSettings: /admin/sharepoint/settings is not offered in the china cloud'
    )
    expect(text).toContain(
      "Not in the china cloud's Graph v1.0, so never compared there: `crossTenantAccessPolicy.allowedCloudEndpoints`, `default.appServiceConnectInbound`,"
    )
    expect(text).not.toContain('- default.tenantRestrictions')
  })
})
