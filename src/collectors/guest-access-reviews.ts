import { isJsonObject, type JsonObject, type JsonValue } from '../core/model/json.js'
import { guestAccessReviewsSection as section } from '../sections/guest-access-reviews.js'
import { problemOf, type Collector } from './collector.js'
import { readKeyedCollection } from './keyed-collection.js'

/** `userType eq 'Guest'` in a Graph query, spaces and quotes raw or URL-encoded. */
const GUEST_FILTER = /userType(?:\s|\+|%20)+eq(?:\s|\+|%20)+(?:'|%27)guest(?:'|%27)/i

/**
 * Whether an access review definition reviews guests: a query in its scope (an
 * accessReviewQueryScope, or any of a principalResourceMembershipsScope's principalScopes) that
 * filters users to guests. instanceEnumerationScope names the groups, never who is reviewed.
 */
export function reviewsGuests(definition: JsonObject): boolean {
  return scopeNamesGuests(definition.scope)
}

function scopeNamesGuests(scope: JsonValue | undefined): boolean {
  if (Array.isArray(scope)) return scope.some(scopeNamesGuests)
  if (!isJsonObject(scope)) return false
  if (typeof scope.query === 'string' && GUEST_FILTER.test(scope.query)) return true
  return scopeNamesGuests(scope.principalScopes)
}

/** The access review definitions whose scope includes guests, keyed by id. */
export const guestAccessReviewDefinitions: Collector = {
  id: section.id,
  permission: section.permission,
  core: section.core,
  async collect({ graph }) {
    const read = await readKeyedCollection(graph, section.graph.path, section.keyProperty, {
      volatile: section.volatile
    })
    if (!read.ok) return { sections: {}, problems: [problemOf(read.failure, section.id, section)] }
    const kept = Object.entries(read.value).filter(([, definition]) => reviewsGuests(definition))
    return { sections: { [section.id]: Object.fromEntries(kept) }, problems: [] }
  }
}
