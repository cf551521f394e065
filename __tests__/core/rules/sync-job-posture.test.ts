import { describe, expect, it } from '@jest/globals'
import type { JsonObject } from '../../../src/core/model/json.js'
import {
  activated,
  deactivated,
  mappingDifferences,
  scopeWidenings,
  userTypeChanges
} from '../../../src/core/rules/sync-job-posture.js'

// What a change of a cross-tenant sync job means, over inline snapshot objects.

const clause = (operand: string, value: string): JsonObject => ({
  operatorName: 'EQUALS',
  sourceOperandName: operand,
  targetOperand: { values: [value] }
})

function job(mapping: JsonObject, state = 'Active'): JsonObject {
  return { schedule: { state }, objectMappings: [{ name: 'Users', enabled: true, ...mapping }] }
}

const MARKETING = { groups: [{ name: 'Marketing', clauses: [clause('department', 'Marketing')] }] }

describe('scopeWidenings', () => {
  it.each([
    [
      'the filter removed',
      MARKETING,
      null,
      ["'Users': scoping filter removed: every assigned user is in scope"]
    ],
    [
      'a group added (an alternative)',
      MARKETING,
      { groups: [...MARKETING.groups, { name: 'Sales', clauses: [clause('department', 'Sales')] }] },
      ["'Users': scoping filter group 'Sales' added"]
    ],
    [
      'a clause dropped from a group',
      {
        groups: [{ name: 'Marketing', clauses: [clause('department', 'Marketing'), clause('country', 'NL')] }]
      },
      MARKETING,
      ["'Users': scoping filter group 'Marketing' lost a clause"]
    ],
    [
      'a clause added (narrower)',
      MARKETING,
      {
        groups: [{ name: 'Marketing', clauses: [clause('department', 'Marketing'), clause('country', 'NL')] }]
      },
      []
    ],
    ['a filter set where there was none (narrower)', null, MARKETING, []]
  ])('given %s, then %j', (_case, before, after, expected) => {
    const paths = ['objectMappings']

    const widenings = scopeWidenings(paths, job({ scope: before }), job({ scope: after }))

    expect(widenings).toEqual(expected)
  })

  it('given a disabled mapping enabled, then it widens; given it disabled, nothing widens', () => {
    const off = job({ enabled: false })
    const on = job({ enabled: true })

    expect(scopeWidenings(['objectMappings'], off, on)).toEqual(["object mapping 'Users' enabled"])
    expect(scopeWidenings(['objectMappings'], on, off)).toEqual([])
  })

  it('given only the schedule changed, then no mapping is looked at', () => {
    expect(scopeWidenings(['schedule.state'], job({ scope: MARKETING }), job({ scope: null }))).toEqual([])
  })
})

describe('userTypeChanges', () => {
  it('given userType from a constant to a function, then both sides are named', () => {
    const constant = job({
      attributeMappings: [{ targetAttributeName: 'userType', source: { type: 'Constant', name: 'Member' } }]
    })
    const fn = job({
      attributeMappings: [
        {
          targetAttributeName: 'userType',
          source: { type: 'Function', name: 'IIF', expression: 'IIF([department]="Sales","Guest","Member")' }
        }
      ]
    })

    expect(userTypeChanges(['objectMappings'], constant, fn)).toEqual([
      `'Users': userType ← IIF([department]="Sales","Guest","Member") (was constant 'Member')`
    ])
  })
})

describe('schedule and mapping words', () => {
  it.each([
    ['Paused', 'Active', true, false],
    ['Disabled', 'Active', true, false],
    ['Active', 'Paused', false, true],
    ['Paused', 'Disabled', false, false]
  ])('given %s → %s, then activated %s, deactivated %s', (before, after, on, off) => {
    expect(activated(job({}, before), job({}, after))).toBe(on)
    expect(deactivated(job({}, before), job({}, after))).toBe(off)
  })

  it('given a mapping added and an attribute mapping changed, then each is said', () => {
    const before = job({ attributeMappings: [{ targetAttributeName: 'mail', flowType: 'Always' }] })
    const after: JsonObject = {
      ...job({ attributeMappings: [{ targetAttributeName: 'mail', flowType: 'ObjectAddOnly' }] }),
      objectMappings: [
        {
          name: 'Users',
          enabled: true,
          attributeMappings: [{ targetAttributeName: 'mail', flowType: 'ObjectAddOnly' }]
        },
        { name: 'Groups', enabled: false }
      ]
    }

    expect(mappingDifferences(before, after)).toEqual([
      "object mapping 'Groups' added",
      "'Users': attribute mapping mail changed"
    ])
  })
})
