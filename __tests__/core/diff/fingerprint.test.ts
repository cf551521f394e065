import { describe, expect, it } from '@jest/globals'
import { findingId } from '../../../src/core/diff/fingerprint.js'
import { compareSnapshots } from '../../../src/core/report/report.js'
import { defaultConfiguration, setAt, snapshot } from '../../support/snapshot-builder.js'

describe('findingId', () => {
  const mfa = { path: 'inboundTrust.isMfaAccepted', before: false, after: true }
  const device = { path: 'inboundTrust.isCompliantDeviceAccepted', before: false, after: true }

  it('is f- and 16 hex digits', () => {
    expect(findingId('inbound-trust-accepted', 'default', 'default', [mfa])).toMatch(/^f-[0-9a-f]{16}$/)
  })

  it('does not depend on the order of the changes', () => {
    expect(findingId('r', 'default', 'default', [mfa, device])).toBe(
      findingId('r', 'default', 'default', [device, mfa])
    )
  })

  it.each([
    ['another rule', () => findingId('other-rule', 'default', 'default', [mfa])],
    ['another object', () => findingId('r', 'partner', 'default', [mfa])],
    ['another key', () => findingId('r', 'default', 'other', [mfa])],
    ['another value', () => findingId('r', 'default', 'default', [{ ...mfa, after: null }])],
    ['another change set', () => findingId('r', 'default', 'default', [mfa, device])]
  ])('differs for %s', (_name, other) => {
    expect(other()).not.toBe(findingId('r', 'default', 'default', [mfa]))
  })

  it('gives the same drift the same id across runs', () => {
    const baseline = snapshot({ default: defaultConfiguration() })
    const live = snapshot({ default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true) })
    const laterLive = { ...live, capturedAt: '2026-03-02T02:00:00Z' }

    const first = compareSnapshots(baseline, live, { today: '2026-03-01' }).findings
    const second = compareSnapshots(baseline, laterLive, { today: '2026-03-02' }).findings

    expect(second.map((finding) => finding.id)).toEqual(first.map((finding) => finding.id))
  })
})
