import { describe, expect, it } from '@jest/globals'
import {
  CHECK_MARKER,
  renderCheck,
  type CheckResult,
  type FileCheck,
  type LocatedLintFinding
} from '../../../src/core/render/render-check.js'

/** Text as a reader sees it: numeric character references decoded. */
function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_entity, code: string) => String.fromCodePoint(Number(code)))
}

const TENANT = 'c0ffee00-0000-4000-8000-000000000001'

function mfaFinding(overrides: Partial<LocatedLintFinding> = {}): LocatedLintFinding {
  return {
    rule: 'inbound-trust-accepted',
    severity: 'critical',
    object: { kind: 'default', key: 'default', displayName: 'Default cross-tenant access settings' },
    pointer: '/default/inboundTrust/isMfaAccepted',
    message: 'The default configuration now trusts MFA from every external organisation',
    why: 'Accepting another tenant’s MFA imports its security posture.',
    source: 'change',
    line: 42,
    column: 7,
    introduced: true,
    failing: true,
    ...overrides
  }
}

function fileCheck(overrides: Partial<FileCheck> = {}): FileCheck {
  return {
    path: `baselines/${TENANT}.json`,
    status: 'modified',
    tenantId: TENANT,
    notes: [],
    explanation: {
      objects: [
        {
          object: { kind: 'default', key: 'default', displayName: 'Default cross-tenant access settings' },
          change: 'modified',
          sentences: ['Inbound trust: trusts no claims → trusts MFA.']
        }
      ],
      file: [],
      findings: []
    },
    findings: [mfaFinding()],
    plan: {
      status: 'skipped',
      reason: 'no Microsoft Graph credentials in this run (pull requests from forks get none).'
    },
    ...overrides
  }
}

function result(overrides: Partial<CheckResult> = {}): CheckResult {
  return { files: [fileCheck()], failOn: 'high', failed: true, online: false, ...overrides }
}

describe('renderCheck', () => {
  it('starts with the hidden marker, then says whether the check fails and why', () => {
    const body = renderCheck(result())
    const [first, second] = body.split('\n')
    expect(first).toBe(CHECK_MARKER)
    expect(second).toBe('## Baseline check: ❌ fails (fail-on: high)')
    expect(body).toContain('1 baseline file checked · 1 lint finding introduced (1 critical).')
    expect(body).toContain('| ❌ | 🔴 Critical | `inbound-trust-accepted` (change) | 42 |')
  })

  it('says the run was offline and the plan skipped when there were no credentials', () => {
    const body = renderCheck(result())
    expect(body).toContain('> Offline: this run has no Microsoft Graph credentials')
    expect(body).toContain('Skipped: no Microsoft Graph credentials in this run')
    expect(renderCheck(result({ online: true }))).not.toContain('Offline')
  })

  it('is the same text for the same result: nothing in it changes from run to run', () => {
    expect(renderCheck(result())).toBe(renderCheck(structuredClone(result())))
  })

  it('keeps text from the baseline inert: no mention, link, markup or closing fence gets through', () => {
    const hostileName = '**Guests** <img src=x> ``` @admins'
    const hostile = fileCheck({
      path: 'baselines/@security-team [x](https://evil.example).json',
      explanation: {
        objects: [
          {
            object: { kind: 'conditionalAccessPolicy', key: 'p1', displayName: hostileName },
            change: 'added',
            sentences: [`New Conditional Access policy ${hostileName}`]
          }
        ],
        file: ['Accepts drift on partner x (reason: see https://evil.example/login)'],
        findings: []
      },
      findings: [
        mfaFinding({
          object: {
            kind: 'conditionalAccessPolicy',
            key: 'p1',
            displayName: '**Guests** <img src=x> ``` @admins'
          },
          message: 'closes #1 and `code`'
        })
      ]
    })
    const body = renderCheck(result({ files: [hostile] }))
    expect(body).not.toMatch(/@security-team|@admins|\]\(https|https:\/\/|<img|\*\*Guests|#1 |`code`|```/)
  })

  it('lists invalid files with line and column and says lint waits for a fix', () => {
    const invalid = fileCheck({
      explanation: undefined,
      findings: [],
      invalid: {
        problems: [
          { pointer: '/default/inboundTrust/isMfaAccepted', line: 12, column: 24, message: 'must be boolean' }
        ],
        unlistedProblems: 0,
        fix: 'Edit the value to match the snapshot format.'
      },
      plan: { status: 'skipped', reason: 'the proposed baseline is invalid.' }
    })
    const body = renderCheck(result({ files: [invalid] }))
    expect(body).toContain('#### ❌ Not a valid baseline')
    expect(decodeEntities(body)).toContain(
      '- line 12, column 24 (/default/inboundTrust/isMfaAccepted): must be boolean'
    )
    expect(body).toContain('1 baseline file checked · 1 invalid · no lint findings introduced.')
  })

  it('separates hazards the base branch already had and does not count them', () => {
    const inherited = mfaFinding({
      rule: 'default-trusts-external-mfa',
      source: 'state',
      severity: 'high',
      introduced: false,
      failing: false
    })
    const body = renderCheck(result({ failed: false, files: [fileCheck({ findings: [inherited] })] }))
    expect(body).toContain('## Baseline check: ✅ passes (fail-on: high)')
    expect(body).toContain('No hazard introduced by this change.')
    expect(body).toContain('<details><summary>1 hazard already in the base branch (not counted)</summary>')
  })

  it('shows the plan: what detect would report after the merge', () => {
    const plan: FileCheck['plan'] = {
      status: 'compared',
      tenantId: TENANT,
      findings: [
        {
          id: 'f-1',
          rule: 'partner-added',
          severity: 'high',
          object: { kind: 'partner', key: 'b0b00000-0000-4000-8000-0000000000b2', displayName: 'Northwind' },
          change: 'added',
          changes: [],
          summary: 'Partner Northwind: new partner configuration',
          why: 'Not reviewed.'
        }
      ],
      notCompared: [{ section: 'sharepointSettings', reason: 'not in the baseline' }]
    }
    const body = decodeEntities(renderCheck(result({ online: true, files: [fileCheck({ plan })] })))
    expect(body).toContain(`After the merge, detect would report 1 high in tenant ${TENANT}:`)
    expect(body).toContain(
      '- 🟠 High · Partner Northwind (b0b00000-0000-4000-8000-0000000000b2): Partner Northwind: new partner configuration (`partner-added`)'
    )
    expect(body).toContain('Not compared: sharepointSettings (not in the baseline).')
  })

  it('shows in the plan the high and critical drift the proposed ignore entries would hide, with the entry', () => {
    const plan: FileCheck['plan'] = {
      status: 'compared',
      tenantId: TENANT,
      findings: [
        {
          id: 'f-2',
          rule: 'inbound-trust-accepted',
          severity: 'critical',
          object: { kind: 'default', key: 'default', displayName: 'Default cross-tenant access settings' },
          change: 'modified',
          changes: [{ path: 'inboundTrust.isMfaAccepted', before: false, after: true }],
          summary: 'The default configuration now trusts MFA from every external organisation',
          why: 'Trust imported.',
          ignored: { reason: 'noise', entry: { index: 0, kind: 'default', key: '*', path: '**' } }
        }
      ],
      notCompared: []
    }

    const body = decodeEntities(renderCheck(result({ online: true, files: [fileCheck({ plan })] })))

    expect(body).toContain(
      "⚠️ The proposed baseline's `ignore` entries would hide 1 critical drift in the live tenant:"
    )
    expect(body).toContain(
      '- 🔴 Critical · Default cross-tenant access settings: The default configuration now trusts MFA from every external organisation: ignored by ignore[0] (kind `default`, key `*`, path `**`, reason: noise), never expires.'
    )
  })

  it('says so when the pull request no longer changes a baseline', () => {
    const body = renderCheck(result({ files: [], failed: false }))
    expect(body).toBe(
      `${CHECK_MARKER}\n## Baseline check: no baseline changes\n\nThis pull request no longer changes a baseline file.\n`
    )
  })

  it('shortens lists to fit the size limit and says so', () => {
    const many = Array.from({ length: 400 }, (_, index) =>
      mfaFinding({ pointer: `/partners/${index}`, message: `finding number ${index} `.repeat(5) })
    )
    const body = renderCheck(result({ files: [fileCheck({ findings: many })] }), { maxLength: 20000 })
    expect(body.length).toBeLessThanOrEqual(20000)
    expect(body.split('\n')[0]).toBe(CHECK_MARKER)
    expect(body).toMatch(/Lists are shortened to \d+ items to fit the size limit/)
    expect(body).toMatch(/…and \d+ more findings/)
  })
})
