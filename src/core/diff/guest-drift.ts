import type { Finding, Remediation, Severity } from '../model/finding.js'
import { findingId } from './fingerprint.js'
import { GUESTS_OBJECT, notComparedReason, type NotCompared } from './objects.js'
import type { GuestCounts, Snapshot } from '../model/snapshot.js'

/** How far a guest figure may move from the baseline before it is drift. */
export type GuestCountTolerance =
  { readonly kind: 'absolute'; readonly value: number } | { readonly kind: 'percent'; readonly value: number }

export const DEFAULT_GUEST_COUNT_TOLERANCE: GuestCountTolerance = { kind: 'percent', value: 10 }

export interface GuestDriftOptions {
  guestCountTolerance?: GuestCountTolerance
  /** Above this many stale guests, report a finding whatever the baseline says. */
  maxStaleGuests?: number
}

/** The lifecycle rules: guest figures, not settings, so they sit beside the rule table. */
export const GUEST_RULES = {
  'guest-count-grew': {
    severity: 'medium',
    why: 'Guests that only accumulate are the sign of manual invitations without clean-up: leavers at partners keep access.'
  },
  'guest-count-shrank': {
    severity: 'low',
    why: 'Many guests left at once: a clean-up, or a partner cut off; check it was intended.'
  },
  'pending-invitations-grew': {
    severity: 'medium',
    why: 'Invitations nobody redeems are open doors: anyone who gets hold of the invitation link can redeem it.'
  },
  'pending-invitations-shrank': {
    severity: 'low',
    why: 'Many pending invitations were redeemed or withdrawn at once; check it was intended.'
  },
  'external-members-grew': {
    severity: 'medium',
    why: 'External members are users of other organisations with member-level access, as much as our own staff: more of them widens who sees what employees see; check the cross-tenant sync scope and who invited members.'
  },
  'external-members-shrank': {
    severity: 'low',
    why: 'Many external members left at once: a cross-tenant sync scope change, a sync stopped, or a clean-up; check it was intended.'
  },
  'stale-guests-above-limit': {
    severity: 'medium',
    why: 'Guests that no longer sign in keep their access: ghost accounts of people who may have left the partner.'
  }
} as const satisfies Record<string, { severity: Severity; why: string }>

type GuestRuleId = keyof typeof GUEST_RULES
type TrackedFigure = 'total' | 'pendingAcceptance' | 'externalMembers'

const TRACKED: readonly { figure: TrackedFigure; grew: GuestRuleId; shrank: GuestRuleId; noun: string }[] = [
  { figure: 'total', grew: 'guest-count-grew', shrank: 'guest-count-shrank', noun: 'guests' },
  {
    figure: 'pendingAcceptance',
    grew: 'pending-invitations-grew',
    shrank: 'pending-invitations-shrank',
    noun: 'pending invitations'
  },
  {
    figure: 'externalMembers',
    grew: 'external-members-grew',
    shrank: 'external-members-shrank',
    noun: 'external members'
  }
]

/**
 * Guest population drift. A figure either side could not read is unknown, listed as not compared,
 * never drift. The stale-guest limit needs no baseline.
 */
export function compareGuests(
  baseline: Snapshot,
  live: Snapshot,
  options: GuestDriftOptions
): { findings: Finding[]; notCompared: NotCompared[] } {
  const tolerance = options.guestCountTolerance ?? DEFAULT_GUEST_COUNT_TOLERANCE
  const findings: Finding[] = []
  const notCompared: NotCompared[] = []
  const sectionReason = notComparedReason(baseline, live, 'guests')
  if (sectionReason !== undefined) notCompared.push({ section: 'guests', reason: sectionReason })

  for (const { figure, grew, shrank, noun } of TRACKED) {
    if (sectionReason !== undefined) break
    const reason = figureReason(baseline, 'baseline', figure) ?? figureReason(live, 'live', figure)
    const before = baseline.guests?.[figure]
    const after = live.guests?.[figure]
    if (reason !== undefined || before === undefined || after === undefined) {
      notCompared.push({ section: `guests.${figure}`, reason: reason ?? 'unknown' })
      continue
    }
    if (!beyondTolerance(before, after, tolerance)) continue
    const ruleId = after > before ? grew : shrank
    findings.push(
      guestFinding(
        ruleId,
        figure,
        before,
        after,
        `${capitalised(noun)} ${after > before ? 'grew' : 'shrank'} from ${before} to ${after} (${describeTolerance(tolerance)})`
      )
    )
  }

  if (options.maxStaleGuests !== undefined) {
    const limit = options.maxStaleGuests
    const reason = liveGuestsReason(live) ?? figureReason(live, 'live', 'stale')
    const stale = live.guests?.stale
    if (reason !== undefined || stale === undefined) {
      // The whole-section entry already says why when the live side is the missing one.
      if (reason !== sectionReason) notCompared.push({ section: 'guests.stale', reason: reason ?? 'unknown' })
    } else if (stale > limit) {
      const days = live.guests?.staleAfterDays
      const since = days === undefined ? '' : ` with no sign-in for ${days} days`
      // The figure's exact definition travels with it: a reader must not have to guess whether
      // guests who never signed in are in the count.
      const definition = live.guests?.staleDefinition
      const counted = definition === undefined ? '' : ` (counted: ${definition})`
      findings.push(
        guestFinding(
          'stale-guests-above-limit',
          'stale',
          baseline.guests?.stale ?? null,
          stale,
          `${stale} guests${since}, above the limit of ${limit}${counted}`
        )
      )
    }
  }
  return { findings, notCompared }
}

function liveGuestsReason(live: Snapshot): string | undefined {
  const unavailable = live.unavailable?.guests
  if (unavailable !== undefined) return `live read unavailable: ${unavailable}`
  return live.guests === undefined ? 'not in the live snapshot' : undefined
}

/** Growth or shrinkage strictly beyond the tolerance, relative to the baseline figure. */
export function beyondTolerance(before: number, after: number, tolerance: GuestCountTolerance): boolean {
  const allowed = tolerance.kind === 'absolute' ? tolerance.value : (before * tolerance.value) / 100
  return Math.abs(after - before) > allowed
}

function figureReason(
  snapshot: Snapshot,
  side: 'baseline' | 'live',
  figure: keyof GuestCounts
): string | undefined {
  const unavailable = snapshot.unavailable?.[`guests.${figure}`]
  if (unavailable !== undefined) return `${side} read unavailable: ${unavailable}`
  if (snapshot.guests?.[figure] === undefined)
    return side === 'baseline' ? 'not in the baseline' : 'not in the live snapshot'
  return undefined
}

function guestFinding(
  ruleId: GuestRuleId,
  figure: keyof GuestCounts,
  before: number | null,
  after: number,
  summary: string
): Finding {
  const changes = [{ path: figure, before, after }]
  return {
    // The live figure is left out of the identity: a guest count that keeps moving past the
    // tolerance is the same drift (its issue's wording is refreshed, nobody is notified), until
    // the rule or the baseline figure changes.
    id: findingId(ruleId, GUESTS_OBJECT.kind, GUESTS_OBJECT.key, [{ path: figure, before, after: null }]),
    rule: ruleId,
    severity: GUEST_RULES[ruleId].severity,
    object: GUESTS_OBJECT,
    change: 'modified',
    changes,
    summary,
    why: GUEST_RULES[ruleId].why,
    remediation: guestRemediation(ruleId)
  }
}

/** No Graph write restores a population: people review it. */
function guestRemediation(ruleId: GuestRuleId): Remediation {
  switch (ruleId) {
    case 'guest-count-grew':
      return {
        note: 'Review who invited the new guests (audit log, category UserManagement, activity "Invite external user") and run an access review of guest users; if the growth is expected, raise the baseline figure.'
      }
    case 'pending-invitations-grew':
      return {
        note: "Review guests with externalUserState 'PendingAcceptance' and delete invitations that are no longer needed; an access review of guest users can do this on a schedule."
      }
    case 'external-members-grew':
      return {
        note: "Review the new external members (users with userType 'Member' and an externalUserState): the partner's cross-tenant sync scope, or invitations sent as members (audit log, category UserManagement). If they should be guests, change their userType; if the growth is expected, raise the baseline figure."
      }
    case 'stale-guests-above-limit':
      return {
        note: 'Remove or disable guests with no recent sign-in; an access review of guest users (inactive-user reviews) can do this automatically.'
      }
    case 'guest-count-shrank':
    case 'pending-invitations-shrank':
    case 'external-members-shrank':
      return {
        note: 'If the drop was intended, update the baseline figure; otherwise check the audit log for bulk deletions.'
      }
  }
}

function describeTolerance(tolerance: GuestCountTolerance): string {
  return tolerance.kind === 'absolute' ? `tolerance ±${tolerance.value}` : `tolerance ±${tolerance.value}%`
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
