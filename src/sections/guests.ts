import type { FiguresSection } from './section.js'

/**
 * The guest population: total guests, pending invitations, guests with no recent sign-in, and
 * next to them the external members (B2B users with member-level access).
 */
export const guestsSection = {
  id: 'guests',
  kind: 'guests',
  shape: 'figures',
  graph: { path: '/users', apiVersion: 'v1.0' },
  permission: 'User.Read.All',
  core: true,
  // Counted with $count, and stale guests by listing them with signInActivity (collectors/guests.ts).
  readBy: 'own-collector',
  words: {
    displayName: 'Guest users',
    subject: 'Guest users',
    issueSubject: 'guest accounts'
  },
  audit: {
    notAudited:
      'guest counts move with many invitations, redemptions and removals; no single audit entry explains them'
  },
  schema: {
    type: 'object',
    description:
      "Guest population figures. A figure that could not be read is absent here and named in 'unavailable' (e.g. 'guests.stale').",
    additionalProperties: false,
    properties: {
      total: {
        type: 'integer',
        minimum: 0,
        description: "Users with userType 'Guest'."
      },
      pendingAcceptance: {
        type: 'integer',
        minimum: 0,
        description:
          'Guests who were invited and never redeemed the invitation (externalUserState PendingAcceptance).'
      },
      externalMembers: {
        type: 'integer',
        minimum: 0,
        description:
          "External members: B2B users homed in another organisation with userType 'Member' (cross-tenant synchronized, or invited as members), not counted in 'total'."
      },
      staleAfterDays: {
        type: 'integer',
        minimum: 0,
        description: "The threshold 'stale' was counted with (input stale-guest-days)."
      },
      stale: {
        type: 'integer',
        minimum: 0,
        description:
          "Guests with no sign-in for 'staleAfterDays' days, never-signed-in guests older than that included."
      },
      staleDefinition: {
        type: 'string',
        description:
          "What 'stale' counts, in words: which sign-ins count, and whether guests who never signed in are included. Written with 'staleAfterDays'."
      }
    }
  }
} as const satisfies FiguresSection
