import type { Snapshot } from '../model/snapshot.js'
import { evaluateTiers } from './evaluate.js'
import { POLICY_SCHEMA_VERSION, type Allowance, type PartnerPolicy, type Tier } from './policy.js'

/*
 * A first partner policy drafted from a baseline: each partner placed in the tightest tier its
 * current effective configuration fits, the ones that fit none listed for a person to decide.
 * A draft is a starting point for review, never a verdict: every reason says so.
 */

/**
 * The four tiers of the published guidance, loosest first: strategic partners (synchronization and
 * trust), collaboration partners (limited to groups or applications, no trust), restricted ones
 * (limited collaboration, nothing else), and blocked ones. examples/partner-tiers.json holds them.
 */
export const EXAMPLE_TIERS: Readonly<Record<string, Tier>> = {
  strategic: {
    description:
      'Vetted partners we work with daily (subsidiaries, joint ventures): synchronized users, trusted MFA and device claims, direct connect.',
    allows: {
      b2bCollaborationInbound: ['blocked', 'limited', 'open'],
      b2bCollaborationOutbound: ['blocked', 'limited', 'open'],
      b2bDirectConnectInbound: ['blocked', 'limited', 'open'],
      b2bDirectConnectOutbound: ['blocked', 'limited', 'open'],
      inboundTrust: ['mfa', 'compliantDevice', 'hybridJoinedDevice'],
      automaticRedemption: ['inbound', 'outbound'],
      identitySync: true
    }
  },
  collaboration: {
    description:
      'Partners we collaborate with on projects: B2B collaboration and direct connect limited to listed groups or applications, no trust of their claims.',
    allows: {
      b2bCollaborationInbound: ['blocked', 'limited'],
      b2bCollaborationOutbound: ['blocked', 'limited', 'open'],
      b2bDirectConnectInbound: ['blocked', 'limited'],
      b2bDirectConnectOutbound: ['blocked', 'limited'],
      inboundTrust: [],
      automaticRedemption: [],
      identitySync: false
    }
  },
  restricted: {
    description:
      'Partners with a narrow, reviewed purpose: limited B2B collaboration both ways, no direct connect, no trust.',
    allows: {
      b2bCollaborationInbound: ['blocked', 'limited'],
      b2bCollaborationOutbound: ['blocked', 'limited'],
      b2bDirectConnectInbound: ['blocked'],
      b2bDirectConnectOutbound: ['blocked'],
      inboundTrust: [],
      automaticRedemption: [],
      identitySync: false
    }
  },
  blocked: {
    description: 'Organisations we do not work with: nothing in, nothing out.',
    allows: {
      b2bCollaborationInbound: ['blocked'],
      b2bCollaborationOutbound: ['blocked'],
      b2bDirectConnectInbound: ['blocked'],
      b2bDirectConnectOutbound: ['blocked'],
      inboundTrust: [],
      automaticRedemption: [],
      identitySync: false
    }
  }
}

/** What the example policy asks of the default: no trust, no automatic redemption, no open direct connect. */
export const EXAMPLE_DEFAULT: Readonly<Allowance> = {
  inboundTrust: [],
  automaticRedemption: [],
  b2bDirectConnectInbound: ['blocked', 'limited'],
  b2bDirectConnectOutbound: ['blocked', 'limited']
}

export interface PolicyDraft {
  policy: PartnerPolicy
  /** Partners no tier fits, by tenant id with their names: left out of the policy (unclassified). */
  unplaced: { tenantId: string; displayName: string }[]
  /** Whether the baseline's default meets `defaults`; when it does not, the draft states no constraint on the default. */
  defaultFits: boolean
}

/**
 * Places each partner of `baseline` in the tightest of `tiers` (the last in their order that it
 * fits); the constraints on the default are kept only if the baseline's default meets them.
 */
export function draftPolicy(
  baseline: Snapshot,
  source: string,
  tiers: Readonly<Record<string, Tier>> = EXAMPLE_TIERS,
  defaults: Readonly<Allowance> = EXAMPLE_DEFAULT
): PolicyDraft {
  const names = Object.keys(tiers)
  const tightestFirst = [...names].reverse()
  const partnerIds = Object.keys(baseline.partners ?? {})
  const fits = new Map<string, string>()
  const displayNames = new Map<string, string>()
  for (const tier of tightestFirst) {
    const trial: PartnerPolicy = {
      schemaVersion: POLICY_SCHEMA_VERSION,
      tiers: { ...tiers },
      partners: Object.fromEntries(partnerIds.map((id) => [id, { tier, name: id, reason: 'draft' }]))
    }
    for (const standing of evaluateTiers(baseline, trial).partners) {
      displayNames.set(standing.tenantId, standing.displayName)
      if (!fits.has(standing.tenantId) && standing.breaches.length === 0) fits.set(standing.tenantId, tier)
    }
  }
  const named = (id: string): string => {
    const name = displayNames.get(id)
    return name === undefined || name === id ? id : name
  }
  // evaluateTiers names a placed partner by the policy's name (the trial's is its id): Graph's name instead.
  const graphNames = evaluateTiers(baseline, {
    schemaVersion: POLICY_SCHEMA_VERSION,
    tiers: { ...tiers },
    partners: {}
  }).partners
  for (const standing of graphNames) displayNames.set(standing.tenantId, standing.displayName)
  const partners: PartnerPolicy['partners'] = {}
  const unplaced: PolicyDraft['unplaced'] = []
  for (const id of [...partnerIds].sort()) {
    const tier = fits.get(id)
    if (tier === undefined) {
      unplaced.push({ tenantId: id, displayName: named(id) })
      continue
    }
    partners[id] = {
      tier,
      name: named(id),
      reason: `Drafted from ${source}: the tightest tier its configuration fits. Review before committing.`
    }
  }
  const defaultFits =
    evaluateTiers(baseline, {
      schemaVersion: POLICY_SCHEMA_VERSION,
      tiers: { ...tiers },
      partners: {},
      default: { ...defaults }
    }).defaultBreaches.length === 0
  return {
    policy: {
      schemaVersion: POLICY_SCHEMA_VERSION,
      tiers: { ...tiers },
      partners,
      ...(defaultFits ? { default: { ...defaults } } : {})
    },
    unplaced,
    defaultFits
  }
}

/** The policy file's text: the JSON a person reviews and commits. */
export function serializePolicy(policy: PartnerPolicy): string {
  return `${JSON.stringify(policy, null, 2)}\n`
}
