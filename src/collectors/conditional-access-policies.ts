import { problemOf, type Collector } from './collector.js'
import { readKeyedCollection } from './keyed-collection.js'

const declaration = { id: 'conditionalAccessPolicies', permission: 'Policy.Read.All', core: true } as const

/** Every Conditional Access policy, keyed by id (a rename is a change, not a new policy). */
export const conditionalAccessPolicies: Collector = {
  ...declaration,
  async collect({ graph }) {
    const read = await readKeyedCollection(graph, '/identity/conditionalAccess/policies', 'id', {
      limitClass: 'conditionalAccess',
      volatile: ['createdDateTime', 'modifiedDateTime', 'deletedDateTime']
    })
    if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, declaration.id, declaration)] }
    return { sections: { conditionalAccessPolicies: read.value }, problems: [] }
  }
}
