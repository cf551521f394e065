import type { JsonObject } from '../core/model/json.js'
import { compareText } from '../core/model/canonical.js'
import type { ExpandedProperties } from '../core/model/expanded.js'
import type { GraphReader, ReadOptions } from '../graph/graph-reader.js'
import type { KeyedSection } from '../sections/section.js'
import {
  graphPath,
  normalizeObject,
  notOfferedIn,
  problemOf,
  readCollection,
  type Collector,
  type Read
} from './collector.js'

/**
 * Reads a collection into a map keyed by each item's stable key, normalised and in key order, so
 * that the snapshot is deterministic. An item without its key is a malformed answer, not an item.
 */
export async function readKeyedCollection(
  graph: GraphReader,
  path: string,
  keyProperty: string,
  options: ReadOptions & { volatile?: readonly string[]; expanded?: ExpandedProperties } = {}
): Promise<Read<Record<string, JsonObject>>> {
  const read = await readCollection(graph, path, options)
  if (!read.ok) return read
  const entries: [string, JsonObject][] = []
  for (const item of read.value) {
    const key = item[keyProperty]
    if (typeof key !== 'string' || key === '') {
      return { ok: false, failure: { kind: 'bad-response', path, message: `an item has no ${keyProperty}` } }
    }
    entries.push([key, normalizeObject(item, options.volatile, options.expanded)])
  }
  entries.sort(([a], [b]) => compareText(a, b))
  return { ok: true, value: Object.fromEntries(entries) }
}

/** A collector for a collection of independent objects, from its declaration: one paged list, one keyed section. */
export function keyedCollectionCollector(section: KeyedSection): Collector {
  return {
    id: section.id,
    permission: section.permission,
    core: section.core,
    apiVersion: section.graph.apiVersion,
    async collect({ graph, cloud }) {
      const notOffered = notOfferedIn(cloud, section)
      if (notOffered !== undefined) return notOffered
      const path =
        'query' in section.graph ? graphPath(section.graph.path, section.graph.query) : section.graph.path
      const read = await readKeyedCollection(graph, path, section.keyProperty, {
        ...(section.limitClass ? { limitClass: section.limitClass } : {}),
        ...(section.graph.apiVersion === 'beta' ? { apiVersion: section.graph.apiVersion } : {}),
        ...(section.volatile ? { volatile: section.volatile } : {}),
        ...(section.expanded ? { expanded: section.expanded } : {})
      })
      if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, section.id, section)] }
      const keepOnly = section.keepOnly
      const kept =
        keepOnly === undefined
          ? read.value
          : Object.fromEntries(
              Object.entries(read.value).filter(([, object]) => {
                const value = object[keepOnly.property]
                return typeof value === 'string' && keepOnly.values.includes(value)
              })
            )
      return { sections: { [section.id]: kept }, problems: [] }
    }
  }
}
