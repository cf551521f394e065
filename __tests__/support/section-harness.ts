import { afterEach } from '@jest/globals'
import { collectSnapshot } from '../../src/collectors/collect.js'
import { classify } from '../../src/core/rules/classify.js'
import { diffPairs } from '../../src/core/diff/diff.js'
import { pairObjects } from '../../src/core/diff/objects.js'
import type { CloudName, Snapshot } from '../../src/core/model/snapshot.js'
import { SECTIONS } from '../../src/sections/index.js'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import type { SimulatedTenant } from '../fakes/simulated-tenant.ts'
import { openTestGraph, startTestCloud } from './graph-fixture.js'

/*
 * For the tests of one section at a time: a tenant read through the production Graph layer from
 * the fake, and the findings between two tenants as detect classifies them. Clouds started here
 * are closed after each test.
 */

export const SECTION_TEST_NOW = new Date('2026-11-20T12:00:00Z')

const clouds: FakeCloud[] = []

afterEach(async () => {
  for (const cloud of clouds.splice(0)) await cloud.close()
})

/** The tenant's snapshot and problems, and the fake it was read from (for its request log). */
export async function collect(
  tenant: SimulatedTenant,
  prepare?: (cloud: FakeCloud) => void,
  cloudName: CloudName = 'global',
  options: { includeBeta?: boolean } = {}
) {
  const fake = await startTestCloud(tenant)
  clouds.push(fake)
  prepare?.(fake)
  const { graph } = openTestGraph(fake)
  const collection = await collectSnapshot(graph, {
    tenantId: tenant.tenantId,
    cloud: cloudName,
    staleGuestDays: 90,
    now: SECTION_TEST_NOW,
    includeBeta: options.includeBeta ?? false
  })
  return { ...collection, fake }
}

/** `includeBeta`: both tenants are read with the sections Graph serves only in beta (input include-beta). */
export async function findingsBetween(
  baseline: SimulatedTenant,
  live: SimulatedTenant,
  options: { includeBeta?: boolean } = {}
) {
  const before: Snapshot = (await collect(baseline, undefined, 'global', options)).snapshot
  const after: Snapshot = (await collect(live, undefined, 'global', options)).snapshot
  const { pairs } = pairObjects(before, after)
  return classify(diffPairs(pairs), { today: SECTION_TEST_NOW.toISOString().slice(0, 10) })
}

export function sectionNamed(id: string) {
  const section = SECTIONS.find((candidate) => candidate.id === id)
  if (section === undefined) throw new Error(`no section ${id}`)
  return section
}
