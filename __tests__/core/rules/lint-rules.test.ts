import { describe, expect, it } from '@jest/globals'
import type { JsonObject } from '../../../src/core/model/json.js'
import {
  failsCheck,
  lintState,
  markIntroduced,
  pointerOf,
  STATE_RULES,
  type LintFinding
} from '../../../src/core/rules/lint-rules.js'
import type { IgnoreEntry, Snapshot } from '../../../src/core/model/snapshot.js'
import {
  b2bSetting,
  defaultConfiguration,
  fullSnapshot,
  GUEST_POLICY_ID,
  guestPolicy,
  OTHER_PARTNER_ID,
  PARTNER_ID,
  partnerConfiguration,
  setAt,
  staffPolicy,
  STAFF_POLICY_ID,
  syncPolicy,
  targetConfiguration
} from '../../support/snapshot-builder.js'

/** The day the lint runs, for ignore expiry dates. */
const TODAY = '2026-03-01'
const LINT = { today: TODAY }

/** The findings of one rule. */
function findingsOf(snapshot: Snapshot, rule: string): LintFinding[] {
  return lintState(snapshot, LINT).filter((finding) => finding.rule === rule)
}

function withDefault(
  path: string,
  value: Parameters<typeof setAt>[2],
  overrides: Partial<Snapshot> = {}
): Snapshot {
  return fullSnapshot({ default: setAt(defaultConfiguration(), path, value), ...overrides })
}

function withPartner(partner: JsonObject, overrides: Partial<Snapshot> = {}): Snapshot {
  return fullSnapshot({ partners: { [PARTNER_ID]: partner }, ...overrides })
}

function withGuestPolicy(policy: JsonObject, overrides: Partial<Snapshot> = {}): Snapshot {
  return fullSnapshot({ conditionalAccessPolicies: { [GUEST_POLICY_ID]: policy }, ...overrides })
}

describe('the state rule table', () => {
  it('has unique, kebab-case ids and a reason for each rule', () => {
    const ids = STATE_RULES.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of STATE_RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(rule.why.length).toBeGreaterThan(20)
    }
  })

  it('finds nothing in a baseline with the service defaults, a partner that inherits them and MFA for guests', () => {
    expect(lintState(fullSnapshot(), LINT)).toEqual([])
  })
})

describe('default-trusts-external-mfa and default-trusts-external-devices', () => {
  it('flags MFA trust on the default at the isMfaAccepted value', () => {
    const [finding, ...others] = findingsOf(
      withDefault('inboundTrust.isMfaAccepted', true),
      'default-trusts-external-mfa'
    )
    expect(others).toEqual([])
    expect(finding).toMatchObject({
      severity: 'high',
      source: 'state',
      pointer: '/default/inboundTrust/isMfaAccepted',
      object: { kind: 'default' },
      message: 'The default settings trust MFA from every external organisation.'
    })
  })

  it('flags each trusted device claim on the default separately', () => {
    const snapshot = fullSnapshot({
      default: setAt(
        setAt(defaultConfiguration(), 'inboundTrust.isCompliantDeviceAccepted', true),
        'inboundTrust.isHybridAzureADJoinedDeviceAccepted',
        true
      )
    })
    expect(findingsOf(snapshot, 'default-trusts-external-devices').map((finding) => finding.pointer)).toEqual(
      [
        '/default/inboundTrust/isCompliantDeviceAccepted',
        '/default/inboundTrust/isHybridAzureADJoinedDeviceAccepted'
      ]
    )
  })

  it('leaves trust given to one partner alone: that is how trust should be tiered', () => {
    const partner = setAt(partnerConfiguration(), 'inboundTrust', {
      isMfaAccepted: true,
      isCompliantDeviceAccepted: true,
      isHybridAzureADJoinedDeviceAccepted: false
    })
    expect(lintState(withPartner(partner), LINT)).toEqual([])
  })
})

describe('default-inbound-blocked-without-overrides', () => {
  const blockedDefault = setAt(defaultConfiguration(), 'b2bCollaborationInbound', b2bSetting('blocked'))

  it('flags a blocked default when every partner inherits it', () => {
    const [finding] = findingsOf(
      fullSnapshot({ default: blockedDefault }),
      'default-inbound-blocked-without-overrides'
    )
    expect(finding).toMatchObject({
      severity: 'high',
      pointer: '/default/b2bCollaborationInbound/usersAndGroups/accessType'
    })
  })

  it('flags a blocked default in a baseline with no partner at all', () => {
    const snapshot = fullSnapshot({ default: blockedDefault, partners: {} })
    expect(findingsOf(snapshot, 'default-inbound-blocked-without-overrides')).toHaveLength(1)
  })

  it('accepts a blocked default when a partner override lets its users in', () => {
    const partner = setAt(partnerConfiguration(), 'b2bCollaborationInbound', {
      usersAndGroups: targetConfiguration('allowed', 'group0000-0000-4000-8000-000000000001'),
      applications: targetConfiguration('allowed', 'AllApplications')
    })
    const snapshot = fullSnapshot({ default: blockedDefault, partners: { [PARTNER_ID]: partner } })
    expect(findingsOf(snapshot, 'default-inbound-blocked-without-overrides')).toEqual([])
  })

  it('still flags it when the only override blocks as well', () => {
    const partner = setAt(partnerConfiguration(), 'b2bCollaborationInbound', b2bSetting('blocked'))
    const snapshot = fullSnapshot({ default: blockedDefault, partners: { [PARTNER_ID]: partner } })
    expect(findingsOf(snapshot, 'default-inbound-blocked-without-overrides')).toHaveLength(1)
  })

  it('says nothing when the baseline does not hold the partners section', () => {
    const snapshot = fullSnapshot({ default: blockedDefault })
    delete snapshot.partners
    expect(findingsOf(snapshot, 'default-inbound-blocked-without-overrides')).toEqual([])
  })
})

describe('auto-redemption-without-sync', () => {
  const redeeming = setAt(partnerConfiguration(), 'automaticUserConsentSettings.inboundAllowed', true)

  it('flags a partner with automatic redemption whose sync policy does not allow sync', () => {
    const [finding] = findingsOf(withPartner(redeeming), 'auto-redemption-without-sync')
    expect(finding).toMatchObject({
      severity: 'medium',
      pointer: `/partners/${PARTNER_ID}/automaticUserConsentSettings/inboundAllowed`,
      object: { kind: 'partner', key: PARTNER_ID, displayName: 'Fabrikam' },
      message:
        'Partner Fabrikam has automatic redemption on for inbound users, but its cross-tenant sync policy does not allow sync.'
    })
  })

  it('flags a partner with automatic redemption and no sync policy at all', () => {
    const snapshot = withPartner(redeeming, { identitySynchronization: { [PARTNER_ID]: null } })
    expect(findingsOf(snapshot, 'auto-redemption-without-sync')[0]?.message).toContain(
      'no cross-tenant sync policy'
    )
  })

  it('accepts automatic redemption together with sync', () => {
    const snapshot = withPartner(redeeming, {
      identitySynchronization: { [PARTNER_ID]: syncPolicy(PARTNER_ID, 'Fabrikam', true) }
    })
    expect(findingsOf(snapshot, 'auto-redemption-without-sync')).toEqual([])
  })

  it('reads a null partner setting as the default’s', () => {
    const snapshot = withDefault('automaticUserConsentSettings.inboundAllowed', true)
    expect(
      findingsOf(snapshot, 'auto-redemption-without-sync').map((finding) => finding.object?.key)
    ).toEqual([PARTNER_ID])
  })

  it('says nothing when the baseline does not hold the sync section', () => {
    const snapshot = withPartner(redeeming)
    delete snapshot.identitySynchronization
    expect(findingsOf(snapshot, 'auto-redemption-without-sync')).toEqual([])
  })
})

describe('direct connect inbound for all users', () => {
  it('flags the default once, not again for each partner that inherits it', () => {
    const snapshot = withDefault('b2bDirectConnectInbound', b2bSetting('allowed'))
    expect(findingsOf(snapshot, 'default-direct-connect-inbound-all-users')).toMatchObject([
      { severity: 'high', pointer: '/default/b2bDirectConnectInbound/usersAndGroups' }
    ])
    expect(findingsOf(snapshot, 'direct-connect-inbound-all-users')).toEqual([])
  })

  it('flags a partner override that opens direct connect to all its users', () => {
    const partner = setAt(
      partnerConfiguration(),
      'b2bDirectConnectInbound',
      b2bSetting('allowed', 'AllUsers', 'Office365')
    )
    expect(findingsOf(withPartner(partner), 'direct-connect-inbound-all-users')).toMatchObject([
      { severity: 'medium', pointer: `/partners/${PARTNER_ID}/b2bDirectConnectInbound/usersAndGroups` }
    ])
  })

  it('leaves direct connect for some users, or with every application blocked, alone', () => {
    const someUsers = setAt(
      partnerConfiguration(),
      'b2bDirectConnectInbound',
      b2bSetting('allowed', 'group0000-0000-4000-8000-000000000002')
    )
    const noApplications = setAt(partnerConfiguration(), 'b2bDirectConnectInbound', {
      usersAndGroups: targetConfiguration('allowed', 'AllUsers'),
      applications: targetConfiguration('blocked', 'AllApplications')
    })
    expect(findingsOf(withPartner(someUsers), 'direct-connect-inbound-all-users')).toEqual([])
    expect(findingsOf(withPartner(noApplications), 'direct-connect-inbound-all-users')).toEqual([])
  })
})

describe('guest-policy-unsatisfiable', () => {
  const requiring = (controls: string[], operator: 'AND' | 'OR' = 'OR'): JsonObject =>
    setAt(guestPolicy(), 'grantControls', { operator, builtInControls: controls })

  it('flags a compliant device required of guests whose tenants’ device claims are not trusted', () => {
    const [finding, ...others] = findingsOf(
      withGuestPolicy(requiring(['compliantDevice'])),
      'guest-policy-unsatisfiable'
    )
    expect(others).toEqual([])
    expect(finding).toMatchObject({
      severity: 'high',
      pointer: `/conditionalAccessPolicies/${GUEST_POLICY_ID}/grantControls/builtInControls`,
      object: { kind: 'conditionalAccessPolicy', key: GUEST_POLICY_ID, displayName: 'Require MFA for guests' }
    })
    expect(finding?.message).toBe(
      `Conditional Access policy Require MFA for guests requires a compliant device of guests, whose claims the trust settings for partner Fabrikam and tenant ${OTHER_PARTNER_ID} do not accept.`
    )
  })

  it('names only the tenants whose effective trust does not accept the claim', () => {
    const trusting = setAt(partnerConfiguration(), 'inboundTrust', {
      isMfaAccepted: false,
      isCompliantDeviceAccepted: true,
      isHybridAzureADJoinedDeviceAccepted: false
    })
    const [finding] = findingsOf(
      withGuestPolicy(requiring(['compliantDevice']), { partners: { [PARTNER_ID]: trusting } }),
      'guest-policy-unsatisfiable'
    )
    expect(finding?.message).toContain(`the trust settings for tenant ${OTHER_PARTNER_ID} do not accept`)
    expect(finding?.message).not.toContain('Fabrikam')
  })

  it('reads a partner’s null trust as the default’s', () => {
    const snapshot = withGuestPolicy(requiring(['compliantDevice']), {
      default: setAt(defaultConfiguration(), 'inboundTrust.isCompliantDeviceAccepted', true)
    })
    expect(findingsOf(snapshot, 'guest-policy-unsatisfiable')).toEqual([])
  })

  it('considers the grant operator: MFA or a compliant device can be met, MFA and a compliant device cannot', () => {
    expect(
      findingsOf(withGuestPolicy(requiring(['mfa', 'compliantDevice'])), 'guest-policy-unsatisfiable')
    ).toEqual([])
    expect(
      findingsOf(withGuestPolicy(requiring(['mfa', 'compliantDevice'], 'AND')), 'guest-policy-unsatisfiable')
    ).toHaveLength(1)
  })

  it('covers every organisation without a partner configuration when the policy covers all external tenants', () => {
    const policy = setAt(
      requiring(['domainJoinedDevice']),
      'conditions.users.includeGuestsOrExternalUsers.externalTenants',
      {
        membershipKind: 'all'
      }
    )
    expect(findingsOf(withGuestPolicy(policy), 'guest-policy-unsatisfiable')[0]?.message).toContain(
      'requires a hybrid-joined device of guests, whose claims the trust settings for organisations without a partner configuration and partner Fabrikam do not accept'
    )
  })

  it('leaves out tenants the policy excludes', () => {
    const policy = setAt(
      setAt(requiring(['compliantDevice']), 'conditions.users.includeGuestsOrExternalUsers.externalTenants', {
        membershipKind: 'all'
      }),
      'conditions.users.excludeGuestsOrExternalUsers',
      {
        guestOrExternalUserTypes: 'b2bCollaborationGuest',
        externalTenants: { membershipKind: 'enumerated', members: [PARTNER_ID] }
      }
    )
    const [finding] = findingsOf(withGuestPolicy(policy), 'guest-policy-unsatisfiable')
    expect(finding?.message).toContain('organisations without a partner configuration do not accept')
    expect(finding?.message).not.toContain('Fabrikam')
  })

  it('flags MFA required to register security info when the guests’ home MFA is not trusted', () => {
    const policy = setAt(
      setAt(requiring(['mfa']), 'conditions.applications', {
        includeApplications: [],
        includeUserActions: ['urn:user:registersecurityinfo']
      }),
      'conditions.users.includeGuestsOrExternalUsers.externalTenants',
      { membershipKind: 'all' }
    )
    const [finding] = findingsOf(withGuestPolicy(policy), 'guest-policy-unsatisfiable')
    expect(finding).toMatchObject({
      pointer: `/conditionalAccessPolicies/${GUEST_POLICY_ID}/conditions/applications/includeUserActions`
    })
    expect(finding?.message).toContain('requires MFA of guests to register security info')
    const trusted = withGuestPolicy(policy, {
      default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true)
    })
    expect(findingsOf(trusted, 'guest-policy-unsatisfiable')).toEqual([])
  })

  it('ignores policies that are not enforced, that block, or that do not cover guests', () => {
    const reportOnly = setAt(requiring(['compliantDevice']), 'state', 'enabledForReportingButNotEnforced')
    const blocking = requiring(['block'])
    const staffOnly = setAt(staffPolicy(), 'grantControls', {
      operator: 'OR',
      builtInControls: ['compliantDevice']
    })
    expect(findingsOf(withGuestPolicy(reportOnly), 'guest-policy-unsatisfiable')).toEqual([])
    expect(findingsOf(withGuestPolicy(blocking), 'guest-policy-unsatisfiable')).toEqual([])
    expect(
      findingsOf(
        fullSnapshot({
          conditionalAccessPolicies: { [GUEST_POLICY_ID]: guestPolicy(), [STAFF_POLICY_ID]: staffOnly }
        }),
        'guest-policy-unsatisfiable'
      )
    ).toEqual([])
  })
})

describe('guest coverage', () => {
  it('flags a baseline in which no enabled policy covers guests', () => {
    const snapshot = fullSnapshot({ conditionalAccessPolicies: { [STAFF_POLICY_ID]: staffPolicy() } })
    expect(findingsOf(snapshot, 'no-enforced-guest-policy')).toMatchObject([
      { severity: 'medium', pointer: '/conditionalAccessPolicies' }
    ])
  })

  it('flags a guest policy declared disabled or report-only, at its state', () => {
    const snapshot = withGuestPolicy(setAt(guestPolicy(), 'state', 'disabled'))
    expect(findingsOf(snapshot, 'guest-policy-not-enforced')).toMatchObject([
      {
        severity: 'low',
        pointer: `/conditionalAccessPolicies/${GUEST_POLICY_ID}/state`,
        message: 'Conditional Access policy Require MFA for guests, which covers guests, is disabled.'
      }
    ])
    expect(findingsOf(snapshot, 'no-enforced-guest-policy')).toHaveLength(1)
  })
})

describe('ignore entries that could blind detection', () => {
  /** 60 and 91 days after TODAY. */
  const IN_60_DAYS = '2026-04-30'
  const IN_90_DAYS = '2026-05-30'
  const IN_91_DAYS = '2026-05-31'
  const narrow: IgnoreEntry = {
    kind: 'partner',
    key: PARTNER_ID,
    path: 'b2bCollaborationInbound.usersAndGroups.targets',
    reason: 'pilot group, CHG-2291',
    expires: IN_60_DAYS
  }

  /** A baseline with these entries in this order (the builder's canonical form would sort them; baselines keep file order). */
  function withIgnore(entries: IgnoreEntry[]): Snapshot {
    return { ...fullSnapshot(), ignore: entries }
  }

  /** The findings of the ignore rules on a baseline with these entries. */
  function ignoreFindings(...entries: IgnoreEntry[]): LintFinding[] {
    return lintState(withIgnore(entries), LINT).filter((finding) => finding.rule.startsWith('ignore-'))
  }

  it('given a narrow entry that expires in 60 days (or exactly 90), then nothing is flagged', () => {
    expect(ignoreFindings(narrow)).toEqual([])
    expect(ignoreFindings({ ...narrow, expires: IN_90_DAYS })).toEqual([])
    expect(
      ignoreFindings({
        kind: 'default',
        path: 'inboundTrust.isMfaAccepted',
        reason: 'r',
        expires: IN_60_DAYS
      })
    ).toEqual([])
  })

  it.each<[string, IgnoreEntry, string, string]>([
    ['kind "*"', { ...narrow, kind: '*' }, 'ignore-too-wide', '/ignore/0/kind'],
    ['key "*"', { ...narrow, key: '*' }, 'ignore-too-wide', '/ignore/0/key'],
    ['no key on a kind with many objects', { ...narrow, key: undefined }, 'ignore-too-wide', '/ignore/0'],
    ['path "**"', { ...narrow, path: '**' }, 'ignore-too-wide', '/ignore/0/path'],
    [
      'path "*.**" (every setting under the object)',
      { ...narrow, path: '*.**' },
      'ignore-too-wide',
      '/ignore/0/path'
    ],
    ['no path', { ...narrow, path: undefined }, 'ignore-too-wide', '/ignore/0'],
    ['no expiry', { ...narrow, expires: undefined }, 'ignore-without-expiry', '/ignore/0'],
    [
      'an expiry 91 days away',
      { ...narrow, expires: IN_91_DAYS },
      'ignore-expiry-too-far',
      '/ignore/0/expires'
    ]
  ])(
    'given an entry with %s, then one high finding of its rule at its pointer',
    (_, entry, rule, pointer) => {
      const cleaned = JSON.parse(JSON.stringify(entry)) as IgnoreEntry

      expect(ignoreFindings(cleaned)).toEqual([
        {
          rule,
          severity: 'high',
          pointer,
          message: expect.stringContaining('Ignore entry ignore[0] (kind '),
          why: expect.any(String),
          source: 'state',
          ignoreEntry: cleaned
        }
      ])
    }
  )

  it('given the entry of the security review (every partner, every path, far expiry), then one finding per reason, each saying why', () => {
    const findings = ignoreFindings(narrow, {
      kind: 'partner',
      key: '*',
      path: '**',
      reason: 'noise',
      expires: '2099-12-31'
    })

    expect(findings.map((finding) => [finding.rule, finding.pointer])).toEqual([
      ['ignore-too-wide', '/ignore/1/key'],
      ['ignore-too-wide', '/ignore/1/path'],
      ['ignore-expiry-too-far', '/ignore/1/expires']
    ])
    expect(findings.map((finding) => finding.message)).toEqual([
      'Ignore entry ignore[1] (kind partner, key *, path **) accepts drift on every partner (key "*"), including ones added later.',
      'Ignore entry ignore[1] (kind partner, key *, path **) accepts every change of the objects it names (path "**"), not one setting.',
      'Ignore entry ignore[1] (kind partner, key *, path **) expires on 2099-12-31, 26968 days from today (2026-03-01): more than 90.'
    ])
  })

  it('given a wide entry that has expired, then nothing is flagged: it accepts nothing any more', () => {
    expect(ignoreFindings({ kind: 'partner', key: '*', reason: 'old', expires: TODAY })).toEqual([])
  })

  it('given a singleton kind without a key, then the key is not what makes it wide', () => {
    const entry: IgnoreEntry = {
      kind: 'default',
      path: 'inboundTrust.isMfaAccepted',
      reason: 'r',
      expires: IN_60_DAYS
    }
    expect(ignoreFindings(entry)).toEqual([])
  })

  describe('introduced or inherited', () => {
    const wide: IgnoreEntry = { kind: 'partner', key: '*', path: '**', reason: 'r', expires: IN_60_DAYS }

    function introducedOf(base: IgnoreEntry[], head: IgnoreEntry[]): [string, string, boolean][] {
      return markIntroduced(lintState(withIgnore(head), LINT), lintState(withIgnore(base), LINT))
        .filter((finding) => finding.rule.startsWith('ignore-'))
        .map((finding) => [finding.rule, finding.pointer, finding.introduced])
    }

    it('given a pull request that adds a wide entry, then its findings are introduced', () => {
      expect(introducedOf([narrow], [narrow, wide])).toEqual([
        ['ignore-too-wide', '/ignore/1/key', true],
        ['ignore-too-wide', '/ignore/1/path', true]
      ])
    })

    it('given a pull request that widens an entry (a key made "*", an expiry moved out), then it is introduced', () => {
      expect(
        introducedOf([{ ...narrow, key: PARTNER_ID, path: '**' }], [{ ...narrow, key: '*', path: '**' }])
      ).toEqual([
        ['ignore-too-wide', '/ignore/0/key', true],
        ['ignore-too-wide', '/ignore/0/path', true]
      ])
      expect(
        introducedOf([{ ...wide, expires: undefined }], [{ ...wide, expires: undefined, reason: 'reworded' }])
      ).toEqual([
        ['ignore-too-wide', '/ignore/0/key', false],
        ['ignore-too-wide', '/ignore/0/path', false],
        ['ignore-without-expiry', '/ignore/0', false]
      ])
      expect(
        introducedOf([{ ...narrow, expires: IN_91_DAYS }], [{ ...narrow, expires: '2026-12-31' }])
      ).toEqual([['ignore-expiry-too-far', '/ignore/0/expires', true]])
    })

    it('given a pull request that only moves a wide entry down the list or narrows it, then it is inherited', () => {
      expect(introducedOf([wide], [narrow, wide])).toEqual([
        ['ignore-too-wide', '/ignore/1/key', false],
        ['ignore-too-wide', '/ignore/1/path', false]
      ])
      expect(introducedOf([wide], [{ ...wide, path: '*.**', expires: '2026-03-15' }])).toEqual([
        ['ignore-too-wide', '/ignore/0/key', false],
        ['ignore-too-wide', '/ignore/0/path', false]
      ])
    })
  })
})

describe('pointerOf', () => {
  it('names objects by section and key and escapes keys as RFC 6901 says', () => {
    expect(
      pointerOf({ kind: 'default', key: 'default', displayName: '' }, 'inboundTrust.isMfaAccepted')
    ).toBe('/default/inboundTrust/isMfaAccepted')
    expect(
      pointerOf({ kind: 'conditionalAccessPolicy', key: 'a/b~c', displayName: '' }, 'conditions["odd key"]')
    ).toBe('/conditionalAccessPolicies/a~1b~0c/conditions/odd key')
    expect(pointerOf({ kind: 'guests', key: 'guests', displayName: '' })).toBe('/guests')
  })
})

describe('markIntroduced and failsCheck', () => {
  const mfaTrust = lintState(withDefault('inboundTrust.isMfaAccepted', true), LINT)
  const blockedDefault = lintState(withDefault('b2bCollaborationInbound', b2bSetting('blocked')), LINT)

  it('marks as introduced only the hazards the base version did not have', () => {
    const head = [...mfaTrust, ...blockedDefault]
    expect(markIntroduced(head, blockedDefault).map((finding) => [finding.rule, finding.introduced])).toEqual(
      [
        ['default-trusts-external-mfa', true],
        ['default-inbound-blocked-without-overrides', false]
      ]
    )
    expect(markIntroduced(head, undefined).every((finding) => finding.introduced)).toBe(true)
  })

  it('fails the check for introduced findings at fail-on or worse only', () => {
    expect(failsCheck({ severity: 'high', introduced: true }, 'high')).toBe(true)
    expect(failsCheck({ severity: 'critical', introduced: true }, 'high')).toBe(true)
    expect(failsCheck({ severity: 'medium', introduced: true }, 'high')).toBe(false)
    expect(failsCheck({ severity: 'critical', introduced: false }, 'low')).toBe(false)
    expect(failsCheck({ severity: 'critical', introduced: true }, 'none')).toBe(false)
  })
})
