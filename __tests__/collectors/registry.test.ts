import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { COLLECTORS } from '../../src/collectors/registry.js'

const COLLECTOR_DIR = resolve(import.meta.dirname, '../../src/collectors')
/** Modules of the collectors folder that are shared machinery, not a Graph resource. */
const MACHINERY = [
  'collector.ts',
  'collect.ts',
  'registry.ts',
  'entity-collector.ts',
  'keyed-collection.ts',
  'sign-in-activity.ts',
  // The stale-guest census's slices and cache format, read by the guests collector.
  'guest-census.ts',
  // Read for the report's attribution (who made a change), not for the snapshot: no collector.
  'directory-audits.ts'
]

describe('the collector registry', () => {
  it('registers one collector per resource module', async () => {
    const resourceModules = readdirSync(COLLECTOR_DIR).filter(
      (file) => file.endsWith('.ts') && !MACHINERY.includes(file)
    )
    const registered = new Set(COLLECTORS)

    const unregistered: string[] = []
    for (const file of resourceModules) {
      const module = (await import(resolve(COLLECTOR_DIR, file))) as Record<string, unknown>
      const collectors = Object.values(module).filter(
        (value) => typeof value === 'object' && value !== null && 'collect' in value
      )
      // Read by the partner collector, once it knows the partners: sync policies in the same round
      // trip, the partners' organisation names right after.
      if (file === 'identity-synchronization.ts' || file === 'tenant-information.ts') continue
      if (!collectors.some((collector) => registered.has(collector as (typeof COLLECTORS)[number])))
        unregistered.push(file)
    }

    expect(unregistered).toEqual([])
  })

  it('gives every collector a unique id and a declared application permission', () => {
    const ids = COLLECTORS.map((collector) => collector.id)

    expect(new Set(ids).size).toBe(ids.length)
    for (const collector of COLLECTORS)
      expect(collector.permission).toMatch(/^[A-Z][A-Za-z]+(\.[A-Za-z0-9]+)+$/)
  })
})
