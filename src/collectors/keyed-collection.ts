import type { JsonObject } from '../core/model/json.js'
import { compareText } from '../core/model/canonical.js'
import type { GraphReader, ReadOptions } from '../graph/graph-reader.js'
import type { LimitClass } from '../graph/pacer.js'
import { normalizeObject, problemOf, readCollection, type Collector, type Read } from './collector.js'

/**
 * Reads a collection into a map keyed by each item's stable key, normalised and in key order, so
 * that the snapshot is deterministic. An item without its key is a malformed answer, not an item.
 */
export async function readKeyedCollection(
  graph: GraphReader,
  path: string,
  keyProperty: string,
  options: ReadOptions & { volatile?: readonly string[] } = {}
): Promise<Read<Record<string, JsonObject>>> {
  const read = await readCollection(graph, path, options)
  if (!read.ok) return read
  const entries: [string, JsonObject][] = []
  for (const item of read.value) {
    const key = item[keyProperty]
    if (typeof key !== 'string' || key === '') {
      return { ok: false, failure: { kind: 'bad-response', path, message: `an item has no ${keyProperty}` } }
    }
    entries.push([key, normalizeObject(item, options.volatile)])
  }
  entries.sort(([a], [b]) => compareText(a, b))
  return { ok: true, value: Object.fromEntries(entries) }
}

type KeyedSection = 'conditionalAccessPolicies' | 'namedLocations'

export interface KeyedCollectionDeclaration {
  readonly id: KeyedSection
  readonly path: string
  readonly permission: string
  readonly core: boolean
  readonly keyProperty: string
  readonly limitClass?: LimitClass
  /** Read-only properties that change without anyone changing the object (timestamps). */
  readonly volatile?: readonly string[]
}

/** A collector for a collection of independent objects: one paged list, one keyed section. */
export function keyedCollectionCollector(declaration: KeyedCollectionDeclaration): Collector {
  return {
    id: declaration.id,
    permission: declaration.permission,
    core: declaration.core,
    async collect({ graph }) {
      const read = await readKeyedCollection(graph, declaration.path, declaration.keyProperty, {
        ...(declaration.limitClass ? { limitClass: declaration.limitClass } : {}),
        ...(declaration.volatile ? { volatile: declaration.volatile } : {})
      })
      if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, declaration.id, declaration)] }
      return { sections: { [declaration.id]: read.value }, problems: [] }
    }
  }
}
