import { describe, expect, it } from '@jest/globals'
import {
  compareBreadth,
  compareReach,
  reachOf,
  resolveReach,
  type Reach,
  type ResolvedReach
} from '../../../src/core/access/reach.js'
import { PARTNER_GROUP_ID, targetConfiguration } from '../../support/snapshot-builder.js'

const OTHER_GROUP_ID = 'group000-0000-4000-8000-0000000000e2'

const group = (id: string): { target: string; targetType: string } => ({ target: id, targetType: 'group' })
const some = (...ids: string[]): ResolvedReach => ({ kind: 'some', targets: ids.map(group) })
const allExcept = (...ids: string[]): ResolvedReach => ({ kind: 'allExcept', targets: ids.map(group) })
const all: ResolvedReach = { kind: 'all' }
const none: ResolvedReach = { kind: 'none' }
const inherit: Reach = { kind: 'inherit' }
const unknown: ResolvedReach = { kind: 'unknown' }

describe('reachOf', () => {
  it.each<[string, Parameters<typeof reachOf>[0], Reach]>([
    ['allowed for AllUsers', targetConfiguration('allowed', 'AllUsers'), all],
    ['allowed for AllApplications', targetConfiguration('allowed', 'AllApplications'), all],
    ['blocked for AllUsers', targetConfiguration('blocked', 'AllUsers'), none],
    ['allowed for a group', targetConfiguration('allowed', PARTNER_GROUP_ID), some(PARTNER_GROUP_ID)],
    ['blocked for a group', targetConfiguration('blocked', PARTNER_GROUP_ID), allExcept(PARTNER_GROUP_ID)],
    ['null', null, inherit],
    ['absent', undefined, inherit],
    ['an object whose every property is unset', { accessType: null, targets: [] }, inherit],
    ['another access type', { accessType: 'unknownFutureValue', targets: [] }, unknown],
    ['not an object', 'allowed', unknown]
  ])('given a configuration %s, then it reads as its reach', (_name, configuration, expected) => {
    const reach = reachOf(configuration)

    expect(reach).toEqual(expected)
  })

  it('given targets in any order, then they are listed by id with their type', () => {
    const configuration = targetConfiguration('allowed', OTHER_GROUP_ID, PARTNER_GROUP_ID)

    const reach = reachOf(configuration)

    expect(reach).toEqual(some(PARTNER_GROUP_ID, OTHER_GROUP_ID))
  })

  it('given a keyword for everyone among listed targets, then it reaches everyone', () => {
    const configuration = targetConfiguration('blocked', PARTNER_GROUP_ID, 'AllUsers')

    const reach = reachOf(configuration)

    expect(reach).toEqual(none)
  })
})

describe('resolveReach', () => {
  it('given an inherited reach, then the level above applies', () => {
    expect(resolveReach(inherit, none)).toEqual(none)
  })

  it('given a reach of its own, then it applies whatever the level above', () => {
    expect(resolveReach(some(PARTNER_GROUP_ID), none)).toEqual(some(PARTNER_GROUP_ID))
  })
})

describe('compareBreadth (an edit judged by its kind of reach)', () => {
  it.each<[Reach, Reach, ReturnType<typeof compareBreadth>]>([
    [none, all, 'widened'],
    [none, some(PARTNER_GROUP_ID), 'widened'],
    [some(PARTNER_GROUP_ID), allExcept(PARTNER_GROUP_ID), 'widened'],
    [all, none, 'narrowed'],
    [allExcept(PARTNER_GROUP_ID), some(PARTNER_GROUP_ID), 'narrowed'],
    [some(PARTNER_GROUP_ID), some(PARTNER_GROUP_ID, OTHER_GROUP_ID), 'unchanged'],
    [inherit, all, 'widened'],
    [inherit, some(PARTNER_GROUP_ID), 'widened'],
    [inherit, none, 'narrowed'],
    [inherit, allExcept(PARTNER_GROUP_ID), 'unchanged'],
    [all, inherit, 'unchanged'],
    [unknown, all, 'unchanged'],
    [none, unknown, 'unchanged']
  ])('%j → %j is %s', (before, after, expected) => {
    expect(compareBreadth(before, after)).toBe(expected)
  })
})

describe('compareReach (resolved reaches compared as sets)', () => {
  it.each<[ResolvedReach, ResolvedReach, ReturnType<typeof compareReach>]>([
    [all, all, 'unchanged'],
    [some(PARTNER_GROUP_ID), some(PARTNER_GROUP_ID), 'unchanged'],
    [none, some(PARTNER_GROUP_ID), 'widened'],
    [some(PARTNER_GROUP_ID), all, 'widened'],
    [all, allExcept(PARTNER_GROUP_ID), 'narrowed'],
    [some(PARTNER_GROUP_ID), none, 'narrowed'],
    [some(PARTNER_GROUP_ID), some(PARTNER_GROUP_ID, OTHER_GROUP_ID), 'widened'],
    [some(PARTNER_GROUP_ID, OTHER_GROUP_ID), some(PARTNER_GROUP_ID), 'narrowed'],
    [some(PARTNER_GROUP_ID), some(OTHER_GROUP_ID), 'changed'],
    [allExcept(PARTNER_GROUP_ID), allExcept(PARTNER_GROUP_ID, OTHER_GROUP_ID), 'narrowed'],
    [allExcept(PARTNER_GROUP_ID, OTHER_GROUP_ID), allExcept(PARTNER_GROUP_ID), 'widened'],
    [some(PARTNER_GROUP_ID), allExcept(OTHER_GROUP_ID), 'widened'],
    [some(PARTNER_GROUP_ID), allExcept(PARTNER_GROUP_ID), 'changed'],
    [allExcept(PARTNER_GROUP_ID), some(OTHER_GROUP_ID), 'narrowed'],
    [unknown, all, 'changed'],
    [unknown, unknown, 'unchanged']
  ])('%j → %j is %s', (before, after, expected) => {
    expect(compareReach(before, after)).toBe(expected)
  })
})
