import { describe, expect, it } from '@jest/globals'
import { jsonChunks } from '../../../src/core/model/json-chunks.js'

const REPORT_LIKE = {
  schemaVersion: 1,
  tenantId: 'a',
  findings: [
    {
      id: 'f-1',
      changes: [{ path: 'x.y', before: null, after: 'line one\nline two "quoted"' }],
      affects: []
    },
    { id: 'f-2', changes: [], note: undefined, when: new Date('2026-11-20T12:00:00Z') }
  ],
  notCompared: [],
  effectiveAccess: {
    everyOtherOrganisation: { inboundTrust: { value: { isMfaAccepted: false }, source: 'default' } },
    partners: {
      '0ba5e11e-0000-4000-8000-000000000001': { displayName: 'Fabrikam → Europe', settings: {} },
      '0ba5e11e-0000-4000-8000-000000000002': { displayName: null, settings: { list: [1, 'two', [3], {}] } }
    }
  },
  empty: {},
  skipped: undefined,
  holes: [undefined, () => 1, 'kept']
}

describe('jsonChunks', () => {
  it.each([0, 1, 2, 3, 4, 10])(
    'given a report-like document unfolded to depth %d, then the pieces joined are JSON.stringify(value, null, 2)',
    (depth) => {
      const pieces = [...jsonChunks(REPORT_LIKE, depth)]

      expect(pieces.join('')).toBe(JSON.stringify(REPORT_LIKE, null, 2))
    }
  )

  it.each([
    ['a string', 'x\ny'],
    ['a number', 42],
    ['null', null],
    ['an empty array', []],
    ['an empty object', {}],
    ['a date', new Date('2026-11-20T12:00:00Z')]
  ])('given %s on its own, then the text is JSON.stringify', (_what, value) => {
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2))
  })

  it('given a large object, then no piece holds more than one of its deepest members', () => {
    const partners = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [`p${index}`, { settings: { value: 'x'.repeat(100) } }])
    )

    const pieces = [...jsonChunks({ effectiveAccess: { partners } })]

    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(200)
  })
})
