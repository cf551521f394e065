import type { CloudName, SectionId } from '../core/model/snapshot.js'
import type { JsonObject } from '../core/model/json.js'
import { normalizeObject, problemOf, readEntity, type Collector } from './collector.js'

type EntitySection = Extract<
  SectionId,
  | 'crossTenantAccessPolicy'
  | 'default'
  | 'authorizationPolicy'
  | 'multiTenantOrganization'
  | 'sharepointSettings'
>

export interface EntityDeclaration {
  readonly id: EntitySection
  readonly path: string
  readonly permission: string
  readonly core: boolean
  /** Read-only properties that change without anyone changing the policy (timestamps). */
  readonly volatile?: readonly string[]
  /** The clouds whose Graph offers this resource (graph-reference §10); all when absent. */
  readonly clouds?: readonly CloudName[]
}

/** A collector for a singleton Graph resource: one GET, one section. */
export function entityCollector(declaration: EntityDeclaration): Collector & EntityDeclaration {
  return {
    ...declaration,
    async collect({ graph, cloud }) {
      if (declaration.clouds && !declaration.clouds.includes(cloud)) {
        return {
          sections: {},
          problems: [
            {
              section: declaration.id,
              status: 'unavailable',
              core: false,
              reason: `${declaration.path} is not offered in the ${cloud} cloud`
            }
          ]
        }
      }
      const read = await readEntity(graph, declaration.path)
      if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, declaration.id, declaration)] }
      const value: JsonObject = normalizeObject(read.value, declaration.volatile)
      return { sections: { [declaration.id]: value }, problems: [] }
    }
  }
}
