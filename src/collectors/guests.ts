import type { GuestCounts } from '../core/snapshot.js'
import type { GraphReader } from '../graph/graph-reader.js'
import type { GraphFailure } from '../graph/graph-failure.js'
import {
  graphPath,
  pageOf,
  problemOf,
  readCollection,
  type Collector,
  type Read,
  type SectionProblem
} from './collector.js'
import { isStale } from './sign-in-activity.js'

const countDeclaration = { id: 'guests', permission: 'User.Read.All', core: true } as const
const staleDeclaration = { id: 'guests.stale', permission: 'AuditLog.Read.All', core: false } as const

/**
 * The guest population: total guests and pending invitations from `$count` (never by listing
 * users), and guests with no sign-in for `staleGuestDays` days from their signInActivity.
 */
export const guests: Collector = {
  ...countDeclaration,
  async collect({ graph, staleGuestDays, now }) {
    const [total, pending, stale] = await Promise.all([
      readCount(graph, "userType eq 'Guest'"),
      readCount(graph, "externalUserState eq 'PendingAcceptance'"),
      staleGuestDays > 0 ? countStaleGuests(graph, staleGuestDays, now) : undefined
    ])
    const counts: GuestCounts = {}
    const problems: SectionProblem[] = []
    if (total.ok) counts.total = total.value
    else problems.push(problemOf(total.failure, 'guests.total', countDeclaration))
    if (pending.ok) counts.pendingAcceptance = pending.value
    else problems.push(problemOf(pending.failure, 'guests.pendingAcceptance', countDeclaration))
    if (stale !== undefined) {
      counts.staleAfterDays = staleGuestDays
      if (stale.ok) counts.stale = stale.value
      else problems.push(problemOf(stale.failure, 'guests.stale', staleDeclaration))
    }
    return { sections: { guests: counts }, problems }
  }
}

/**
 * `GET /users?$filter=…&$count=true&$top=1` with `ConsistencyLevel: eventual`, read from
 * `@odata.count`: the collection form works the same inside a `$batch` (the text/plain `/$count`
 * segment's encoding inside a batch is undocumented), and costs one small page.
 */
export async function readCount(graph: GraphReader, filter: string): Promise<Read<number>> {
  const path = graphPath('/users', { $filter: filter, $count: 'true', $top: '1', $select: 'id' })
  const result = await graph.get(path, { consistencyLevel: true })
  if (!result.ok) return result
  const count =
    pageOf(result.body)?.count ?? (result.body as { '@odata.count'?: unknown } | undefined)?.['@odata.count']
  const value = typeof count === 'string' && /^\s*\d+\s*$/.test(count) ? Number(count) : count
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    const failure: GraphFailure = {
      kind: 'bad-response',
      path,
      message: `expected a non-negative integer @odata.count, got ${JSON.stringify(count)?.slice(0, 40) ?? 'nothing'}`
    }
    return { ok: false, failure }
  }
  return { ok: true, value }
}

/**
 * Lists guests with their signInActivity, 500 a page (the documented maximum when it is selected),
 * paced to the documented 10 requests a minute, counting as it streams so memory stays flat.
 */
async function countStaleGuests(graph: GraphReader, days: number, now: Date): Promise<Read<number>> {
  const cutoff = now.getTime() - days * 86_400_000
  let stale = 0
  const path = graphPath('/users', {
    $filter: "userType eq 'Guest'",
    $select: 'id,createdDateTime,signInActivity',
    $top: '500'
  })
  const read = await readCollection(graph, path, { limitClass: 'signInActivity' }, (users) => {
    for (const user of users) if (isStale(user, cutoff)) stale++
  })
  if (!read.ok) return read
  return { ok: true, value: stale }
}
