import type { JsonObject } from '../core/model/json.js'
import type { SingletonSection } from '../sections/section.js'
import {
  normalizeObject,
  notOfferedIn,
  problemOf,
  readCollection,
  readEntity,
  type Collector,
  type CollectorResult
} from './collector.js'

/**
 * A collector for a singleton Graph resource, from its declaration: one GET, one section. A
 * singleton Graph serves as a collection is read whole and reduced by its declared `fromCollection`.
 */
export function entityCollector(section: SingletonSection): Collector {
  const apiVersion = section.graph.apiVersion
  return {
    id: section.id,
    permission: section.permission,
    core: section.core,
    apiVersion,
    async collect({ graph, cloud }) {
      const path = section.graph.path
      const notOffered = notOfferedIn(cloud, section)
      if (notOffered !== undefined) return notOffered
      const options = apiVersion === 'beta' ? { apiVersion } : undefined
      if (section.fromCollection !== undefined) {
        const read = await readCollection(graph, path, options)
        if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, section.id, section)] }
        const derived = section.fromCollection(read.value)
        if (!derived.ok) return unreadable(section, derived.reason)
        return { sections: { [section.id]: normalizeObject(derived.value, section.volatile) }, problems: [] }
      }
      const read = await readEntity(graph, path, options)
      if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, section.id, section)] }
      const value: JsonObject = normalizeObject(read.value, section.volatile)
      return { sections: { [section.id]: value }, problems: [] }
    }
  }
}

/**
 * An answer the declaration cannot read. For a beta section that is a fact about the set-up (beta
 * changes without notice), reported like a missing permission: unavailable, the run goes on. For
 * a v1.0 one, a fault.
 */
function unreadable(section: SingletonSection, reason: string): CollectorResult {
  const beta = section.graph.apiVersion === 'beta'
  return {
    sections: {},
    problems: [
      {
        section: section.id,
        status: beta && !section.core ? 'unavailable' : 'incomplete',
        core: section.core,
        reason: `${reason} (GET ${beta ? '/beta' : ''}${section.graph.path})`
      }
    ]
  }
}
