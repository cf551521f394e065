import type { KeyedSection } from './section.js'

/**
 * Access review definitions whose scope includes guests, keyed by id: those whose scope (or one of
 * its principalScopes) queries users with `userType eq 'Guest'`, as the documented example "Review
 * guest access across Microsoft 365 groups" does. Graph's $filter on definitions takes
 * contains(scope/…/query) for one scope type only, so the collector reads every definition and
 * keeps the guest ones. A review whose scope stops naming guests leaves the section.
 *
 * No revert is offered (noRestore): Graph v1.0 updates a definition by a PUT of the whole object,
 * a re-creation needs the @odata.type of every abstract scope and apply action, which snapshots
 * drop, and a review new to (or gone from) the section may be one whose scope changed.
 * https://learn.microsoft.com/graph/api/accessreviewset-list-definitions
 */
export const guestAccessReviewsSection = {
  id: 'guestAccessReviews',
  kind: 'guestAccessReview',
  shape: 'keyed',
  keyProperty: 'id',
  graph: { path: '/identityGovernance/accessReviews/definitions', apiVersion: 'v1.0' },
  permission: 'AccessReview.Read.All',
  core: false,
  readBy: 'own-collector',
  // status moves as instances run; createdBy names a person and never changes.
  volatile: ['status', 'createdDateTime', 'lastModifiedDateTime', 'createdBy', 'instances'],
  words: {
    kindLabel: 'Guest access review',
    subject: 'Guest access review',
    issueSubject: 'guest access review',
    entry: 'guest access review'
  },
  remediation: {
    // The v1.0 resource page's properties; [UNVERIFIED] against $metadata (stageSettings, backupReviewers).
    properties: [
      'additionalNotificationRecipients',
      'backupReviewers',
      'createdBy',
      'createdDateTime',
      'descriptionForAdmins',
      'descriptionForReviewers',
      'displayName',
      'fallbackReviewers',
      'id',
      'instanceEnumerationScope',
      'lastModifiedDateTime',
      'reviewers',
      'scope',
      'settings',
      'stageSettings',
      'status'
    ],
    readOnly: ['createdBy', 'createdDateTime', 'id', 'lastModifiedDateTime', 'status'],
    updateCmdlet: 'Update-MgIdentityGovernanceAccessReviewDefinition',
    idParameter: 'AccessReviewScheduleDefinitionId',
    noRestore:
      "Graph v1.0 replaces an access review definition whole (PUT), with each scope's and apply action's @odata.type, which the baseline does not keep; and a review new here (or gone) may be an existing one whose scope changed. Put it back in the Entra admin center (Identity Governance > Access reviews) from the baseline's values, or delete it there if it is new."
  },
  // [UNVERIFIED] the access review activities of the audit reference (Access Reviews service) and
  // whether they name the definition as their target.
  audit: {
    notAudited:
      'the access review activities of the audit activity reference could not be verified against a definition id'
  },
  schema: {
    type: 'object',
    description:
      "GET /identityGovernance/accessReviews/definitions, only those whose scope queries guests (userType eq 'Guest'), keyed by id.",
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        displayName: { type: ['string', 'null'], description: 'Name of the review series.' },
        scope: {
          type: ['object', 'null'],
          additionalProperties: true,
          description: 'Who is reviewed: a query naming guests.'
        },
        settings: {
          type: ['object', 'null'],
          additionalProperties: true,
          description: 'Recurrence, auto-apply of decisions and the other review settings.'
        }
      }
    }
  }
} as const satisfies KeyedSection
