import { describe, expect, it } from '@jest/globals'
import { globMatches, ownersOf, parseOwners } from '../../../src/core/report/owners.js'
import { dueDate, parseResponseTimes } from '../../../src/core/report/triage.js'
import { FABRIKAM, GUEST_MFA_POLICY, DEFAULT_SETTINGS } from '../../support/drift-fixtures.ts'

const MAP = parseOwners(
  JSON.stringify({
    default: { assignees: ['secops-lead'], labels: ['triage'] },
    owners: [
      {
        match: { kind: 'partner', tier: 'strategic' },
        teams: ['contoso/alliances'],
        labels: ['team:alliances']
      },
      { match: { partner: FABRIKAM.key.toUpperCase() }, assignees: ['fabrikam-owner'] },
      { match: { policy: 'require mfa*' }, teams: ['contoso/identity'] }
    ]
  }),
  'baselines/owners.json'
)

describe('the owners map', () => {
  it('given a tier lookup, a partner of the tier gets every matching entry (tier and partner id)', () => {
    const owners = ownersOf(FABRIKAM, MAP, (tenantId) =>
      tenantId === FABRIKAM.key ? 'strategic' : undefined
    )

    expect(owners).toEqual({
      assignees: ['fabrikam-owner'],
      teams: ['contoso/alliances'],
      labels: ['team:alliances'],
      matched: true
    })
  })

  it('given no tier lookup (tiers not configured), a tier entry matches nothing', () => {
    expect(ownersOf(FABRIKAM, MAP).teams).toEqual([])
  })

  it('a Conditional Access policy matches by name glob, case-insensitively', () => {
    expect(GUEST_MFA_POLICY.displayName).toBe('Require MFA for guests')
    expect(ownersOf(GUEST_MFA_POLICY, MAP).teams).toEqual(['contoso/identity'])
  })

  it('a drift no entry matches goes to the default owner, and says it did', () => {
    expect(ownersOf(DEFAULT_SETTINGS, MAP)).toEqual({
      assignees: ['secops-lead'],
      teams: [],
      labels: ['triage'],
      matched: false
    })
  })

  it('an invalid map names the file, line and column of each problem', () => {
    const text = '{\n  "owners": [\n    { "match": { "kind": "partnr" }, "assignee": ["x"] }\n  ]\n}\n'

    expect(() => parseOwners(text, 'baselines/owners.json')).toThrow(
      /baselines\/owners\.json:3:38: \/owners\/0\/assignee: unknown property 'assignee'\nbaselines\/owners\.json:3:26: \/owners\/0\/match\/kind: must be one of: crossTenantAccessPolicy, default, partner,/
    )
  })

  it('broken JSON names its line and column', () => {
    expect(() => parseOwners('{\n  "owners": [,]\n}', 'owners.json')).toThrow(
      /^owners\.json:2:\d+: not valid JSON/
    )
  })

  it('globs: * any run, ? one character, everything else literal', () => {
    expect(globMatches('Guests (*)', 'Guests (all)')).toBe(true)
    expect(globMatches('CA0?', 'CA01')).toBe(true)
    expect(globMatches('CA0?', 'CA012')).toBe(false)
    expect(globMatches('a.b', 'axb')).toBe(false)
  })
})

describe('response times', () => {
  it('defaults: critical 1 day, high 7 days, medium 30 days, low 90 days; named ones override', () => {
    expect(parseResponseTimes('')).toEqual({ critical: 24, high: 168, medium: 720, low: 2160 })
    expect(parseResponseTimes('critical=4h, high=2w, low=none')).toEqual({
      critical: 4,
      high: 336,
      medium: 720
    })
  })

  it('a mistake names the part', () => {
    expect(() => parseResponseTimes('critical=soon')).toThrow("'critical=soon' is not a response time")
  })

  it('the due date counts from when the issue was opened; no response time, no due date', () => {
    expect(dueDate('2026-03-02T02:00:00Z', 'critical', { critical: 24 })).toBe('2026-03-03T02:00:00.000Z')
    expect(dueDate('2026-03-02T02:00:00Z', 'low', { critical: 24 })).toBeUndefined()
  })
})
