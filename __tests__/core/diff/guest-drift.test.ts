import { describe, expect, it } from '@jest/globals'
import {
  beyondTolerance,
  compareGuests,
  type GuestCountTolerance
} from '../../../src/core/diff/guest-drift.js'
import type { GuestCounts } from '../../../src/core/model/snapshot.js'
import { snapshot } from '../../support/snapshot-builder.js'

const TEN_PERCENT: GuestCountTolerance = { kind: 'percent', value: 10 }

function guestsBetween(
  before: GuestCounts,
  after: GuestCounts,
  options: Parameters<typeof compareGuests>[2] = {}
) {
  return compareGuests(snapshot({ guests: before }), snapshot({ guests: after }), options)
}

describe('beyondTolerance', () => {
  it.each<[number, number, GuestCountTolerance, boolean]>([
    [100, 110, TEN_PERCENT, false],
    [100, 111, TEN_PERCENT, true],
    [100, 90, TEN_PERCENT, false],
    [100, 89, TEN_PERCENT, true],
    [0, 1, TEN_PERCENT, true],
    [0, 0, TEN_PERCENT, false],
    [100, 105, { kind: 'absolute', value: 5 }, false],
    [100, 106, { kind: 'absolute', value: 5 }, true],
    [100, 94, { kind: 'absolute', value: 5 }, true]
  ])('%i → %i with %j is beyond: %s', (before, after, tolerance, expected) => {
    expect(beyondTolerance(before, after, tolerance)).toBe(expected)
  })
})

describe('compareGuests', () => {
  it('keeps one finding id while the count keeps moving past the tolerance, and a new one when the baseline moves', () => {
    const tonight = guestsBetween({ total: 200 }, { total: 230 }).findings[0]?.id
    const tomorrow = guestsBetween({ total: 200 }, { total: 241 }).findings[0]?.id
    const afterRebaseline = guestsBetween({ total: 230 }, { total: 260 }).findings[0]?.id

    expect(tomorrow).toBe(tonight)
    expect(afterRebaseline).not.toBe(tonight)
  })

  it('reports guest growth beyond the default 10% as medium', () => {
    const { findings } = guestsBetween({ total: 200 }, { total: 230 })

    expect(findings.map((finding) => [finding.rule, finding.severity, finding.changes])).toEqual([
      ['guest-count-grew', 'medium', [{ path: 'total', before: 200, after: 230 }]]
    ])
    expect(findings[0]?.summary).toBe('Guests grew from 200 to 230 (tolerance ±10%)')
    expect(findings[0]?.object).toEqual({ kind: 'guests', key: 'guests', displayName: 'Guest users' })
  })

  it('stays quiet within the tolerance', () => {
    const { findings } = guestsBetween(
      { total: 200, pendingAcceptance: 10 },
      { total: 219, pendingAcceptance: 11 }
    )

    expect(findings).toEqual([])
  })

  it('reports shrinkage as low and pending-invitation growth as medium with an absolute tolerance', () => {
    const { findings } = guestsBetween(
      { total: 200, pendingAcceptance: 10 },
      { total: 150, pendingAcceptance: 16 },
      { guestCountTolerance: { kind: 'absolute', value: 5 } }
    )

    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['guest-count-shrank', 'low'],
      ['pending-invitations-grew', 'medium']
    ])
  })

  it('reports stale guests above the limit whatever the baseline says', () => {
    const { findings } = compareGuests(
      snapshot({}),
      snapshot({ guests: { stale: 40, staleAfterDays: 90 } }),
      {
        maxStaleGuests: 25
      }
    )

    expect(findings.map((finding) => [finding.rule, finding.severity, finding.summary])).toEqual([
      ['stale-guests-above-limit', 'medium', '40 guests with no sign-in for 90 days, above the limit of 25']
    ])
    expect(findings[0]?.remediation?.graph).toBeUndefined()
    expect(findings[0]?.remediation?.note).toMatch(/access review/)
  })

  it('says exactly what the stale figure counted when the live snapshot carries its definition', () => {
    const definition =
      'guests with no sign-in (interactive, non-interactive or successful) for 90 days; guests who never signed in are included once their account is older than 90 days'

    const { findings } = compareGuests(
      snapshot({}),
      snapshot({ guests: { stale: 40, staleAfterDays: 90, staleDefinition: definition } }),
      { maxStaleGuests: 25 }
    )

    expect(findings.map((finding) => finding.summary)).toEqual([
      `40 guests with no sign-in for 90 days, above the limit of 25 (counted: ${definition})`
    ])
  })

  it('does not report stale guests at the limit or without a limit', () => {
    expect(guestsBetween({ stale: 1 }, { stale: 25 }, { maxStaleGuests: 25 }).findings).toEqual([])
    expect(guestsBetween({ stale: 1 }, { stale: 500 }).findings).toEqual([])
  })

  it('treats a figure unavailable on either side as unknown, not drift', () => {
    const baseline = snapshot({ guests: { total: 200, pendingAcceptance: 10, externalMembers: 4 } })
    const live = snapshot({
      guests: { total: 900 },
      unavailable: {
        'guests.pendingAcceptance': 'ConsistencyLevel not honoured',
        'guests.externalMembers': '400 Request_UnsupportedQuery',
        'guests.stale': 'no Entra ID P1 licence'
      }
    })

    const { findings, notCompared } = compareGuests(baseline, live, { maxStaleGuests: 10 })

    expect(findings.map((finding) => finding.rule)).toEqual(['guest-count-grew'])
    expect(notCompared).toEqual([
      { section: 'guests.pendingAcceptance', reason: 'live read unavailable: ConsistencyLevel not honoured' },
      { section: 'guests.externalMembers', reason: 'live read unavailable: 400 Request_UnsupportedQuery' },
      { section: 'guests.stale', reason: 'live read unavailable: no Entra ID P1 licence' }
    ])
  })

  it('lists a figure the baseline lacks as not compared', () => {
    const { findings, notCompared } = guestsBetween(
      { pendingAcceptance: 3, externalMembers: 0 },
      { total: 5000, pendingAcceptance: 3, externalMembers: 0 }
    )

    expect(findings).toEqual([])
    expect(notCompared).toEqual([{ section: 'guests.total', reason: 'not in the baseline' }])
  })

  it('given external members beyond the tolerance, then they are reported next to the guests: growth medium, shrinkage low', () => {
    const grew = guestsBetween(
      { total: 200, pendingAcceptance: 10, externalMembers: 20 },
      { total: 200, pendingAcceptance: 10, externalMembers: 35 }
    ).findings
    const shrank = guestsBetween(
      { total: 200, pendingAcceptance: 10, externalMembers: 20 },
      { total: 200, pendingAcceptance: 10, externalMembers: 5 }
    ).findings

    expect(grew.map((finding) => [finding.rule, finding.severity, finding.changes])).toEqual([
      ['external-members-grew', 'medium', [{ path: 'externalMembers', before: 20, after: 35 }]]
    ])
    expect(grew[0]?.summary).toBe('External members grew from 20 to 35 (tolerance ±10%)')
    expect(grew[0]?.remediation?.note).toMatch(/cross-tenant sync scope/)
    expect(shrank.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['external-members-shrank', 'low']
    ])
  })

  it('given a baseline written before external members were counted, then the figure is not compared, never drift', () => {
    const { findings, notCompared } = guestsBetween(
      { total: 200, pendingAcceptance: 10 },
      { total: 200, pendingAcceptance: 10, externalMembers: 300 }
    )

    expect(findings).toEqual([])
    expect(notCompared).toEqual([{ section: 'guests.externalMembers', reason: 'not in the baseline' }])
  })

  it('lists the whole guests section once when the live read failed', () => {
    const baseline = snapshot({ guests: { total: 10, pendingAcceptance: 1, stale: 0 } })
    const live = snapshot({ unavailable: { guests: '403 Authorization_RequestDenied' } })

    const { findings, notCompared } = compareGuests(baseline, live, { maxStaleGuests: 5 })

    expect(findings).toEqual([])
    expect(notCompared).toEqual([
      { section: 'guests', reason: 'live read unavailable: 403 Authorization_RequestDenied' }
    ])
  })
})
