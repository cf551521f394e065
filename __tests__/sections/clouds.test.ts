import { describe, expect, it } from '@jest/globals'
import { snapshotSchema } from '../../src/core/baseline/snapshot-schema.js'
import { SECTIONS } from '../../src/sections/index.js'

type Fragment = { $ref?: string; properties?: Record<string, unknown>; additionalProperties?: unknown }

/** Every property name a schema fragment describes, through its $refs into the shared $defs. */
function describedProperties(fragment: Fragment | undefined): Set<string> {
  const names = new Set<string>()
  let current = fragment
  while (current !== undefined) {
    for (const name of Object.keys(current.properties ?? {})) names.add(name)
    const ref = current.$ref
    current =
      ref === undefined
        ? undefined
        : ((snapshotSchema.$defs as Record<string, Fragment>)[ref.replace('#/$defs/', '')] ?? undefined)
  }
  return names
}

function objectSchema(section: (typeof SECTIONS)[number]): Fragment {
  const schema = section.schema as Fragment
  return section.shape === 'keyed' ? (schema.additionalProperties as Fragment) : schema
}

const declared = SECTIONS.flatMap((section) =>
  'unavailableProperties' in section
    ? Object.entries(section.unavailableProperties as Record<string, readonly string[]>).flatMap(
        ([cloud, properties]) => properties.map((property) => ({ section, cloud, property }))
      )
    : []
)

describe('the per-cloud table', () => {
  it('declares gaps only for national clouds, never for the global service', () => {
    expect(declared.length).toBeGreaterThan(0)
    expect(declared.filter(({ cloud }) => cloud === 'global')).toEqual([])
  })

  it.each(declared.map(({ section, cloud, property }) => [section.id, cloud, property] as const))(
    '%s in %s lacks %s, a property its schema describes',
    (id, _cloud, property) => {
      const section = SECTIONS.find((candidate) => candidate.id === id)

      expect(section === undefined ? [] : [...describedProperties(objectSchema(section))]).toContain(property)
    }
  )

  it('reads the partners’ cross-tenant sync policies in every cloud, China included', () => {
    const sync = SECTIONS.find((section) => section.id === 'identitySynchronization')

    expect(sync?.clouds).toEqual(['global', 'usgov', 'usgov-dod', 'china'])
  })
})
