import type { Collector } from './collector.js'
import { entityCollector } from './entity-collector.js'
import { crossTenantSyncJobCollector } from './cross-tenant-sync-jobs.js'
import { guests } from './guests.js'
// h11: guest access reviews
import { guestAccessReviewDefinitions } from './guest-access-reviews.js'
import { keyedCollectionCollector } from './keyed-collection.js'
import { partnerConfigurations } from './partner-configurations.js'
import { SECTIONS, type Section } from '../sections/index.js'

type OwnCollectorId = Extract<Section, { readBy: 'own-collector' }>['id']

/** The sections whose reading takes more than one declared request; the compiler holds this complete. */
const OWN_COLLECTORS: Readonly<Record<OwnCollectorId, Collector>> = {
  partners: partnerConfigurations,
  guests,
  // h11
  guestAccessReviews: guestAccessReviewDefinitions,
  // h-sync
  crossTenantSyncJobs: crossTenantSyncJobCollector
}

/**
 * Every collector, in the order their sections appear in reports: singletons and plain keyed
 * collections built from their declarations, the rest by their own modules. Sections read by the
 * partners collector have none of their own. A contract test holds this list complete.
 */
export const COLLECTORS: readonly Collector[] = SECTIONS.flatMap((section): Collector[] => {
  if (section.readBy === 'partners-collector') return []
  if (section.readBy === 'own-collector') return [OWN_COLLECTORS[section.id]]
  return [section.shape === 'singleton' ? entityCollector(section) : keyedCollectionCollector(section)]
})

/** The collectors a run uses: those of sections Graph serves only in beta just with include-beta. */
export function selectCollectors(
  includeBeta: boolean,
  collectors: readonly Collector[] = COLLECTORS
): readonly Collector[] {
  return includeBeta ? collectors : collectors.filter((collector) => collector.apiVersion !== 'beta')
}
