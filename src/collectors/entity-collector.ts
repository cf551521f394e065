import type { JsonObject } from '../core/model/json.js'
import type { SingletonSection } from '../sections/section.js'
import { normalizeObject, notOfferedIn, problemOf, readEntity, type Collector } from './collector.js'

/** A collector for a singleton Graph resource, from its declaration: one GET, one section. */
export function entityCollector(section: SingletonSection): Collector {
  return {
    id: section.id,
    permission: section.permission,
    core: section.core,
    async collect({ graph, cloud }) {
      const path = section.graph.path
      const notOffered = notOfferedIn(cloud, section)
      if (notOffered !== undefined) return notOffered
      const read = await readEntity(graph, path)
      if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, section.id, section)] }
      const value: JsonObject = normalizeObject(read.value, section.volatile)
      return { sections: { [section.id]: value }, problems: [] }
    }
  }
}
