import { describe, expect, it } from '@jest/globals'
import { countOf, listOf } from '../../../src/core/model/wording.js'

describe('listOf', () => {
  it.each<[string[], number | undefined, string]>([
    [[], undefined, 'nothing'],
    [['a'], undefined, 'a'],
    [['a', 'b'], undefined, 'a and b'],
    [['a', 'b', 'c'], undefined, 'a, b and c'],
    [['a', 'b', 'c', 'd', 'e'], undefined, 'a, b, c and 2 more'],
    [['a', 'b', 'c', 'd', 'e'], Infinity, 'a, b, c, d and e']
  ])('given %j (at most %s shown), then %j', (items, max, expected) => {
    expect(listOf(items, max)).toBe(expected)
  })
})

describe('countOf', () => {
  it.each<[number, string, string | undefined, string]>([
    [0, 'partner', undefined, '0 partners'],
    [1, 'partner', undefined, '1 partner'],
    [2, 'Conditional Access policy', 'Conditional Access policies', '2 Conditional Access policies']
  ])('given %d %s, then %j', (count, noun, plural, expected) => {
    expect(countOf(count, noun, plural)).toBe(expected)
  })
})
