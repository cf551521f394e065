import { problemOf, type Collector } from './collector.js'
import { readKeyedCollection } from './keyed-collection.js'

const declaration = { id: 'namedLocations', permission: 'Policy.Read.All', core: true } as const

/** Named locations (IP ranges and countries) that Conditional Access policies reference, keyed by id. */
export const namedLocations: Collector = {
  ...declaration,
  async collect({ graph }) {
    const read = await readKeyedCollection(graph, '/identity/conditionalAccess/namedLocations', 'id', {
      limitClass: 'conditionalAccess',
      volatile: ['createdDateTime', 'modifiedDateTime', 'deletedDateTime']
    })
    if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, declaration.id, declaration)] }
    return { sections: { namedLocations: read.value }, problems: [] }
  }
}
