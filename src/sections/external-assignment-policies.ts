import type { KeyedSection } from './section.js'

/**
 * Entitlement management's assignment policies that people outside the directory can request
 * through, keyed by id: those whose allowedTargetScope admits users of specific connected
 * organizations, of every configured connected organization, or any external user. An approved
 * request invites the requestor as a guest. Policies for the directory's own users are not kept.
 * https://learn.microsoft.com/graph/api/entitlementmanagement-list-assignmentpolicies
 */
export const externalAssignmentPoliciesSection = {
  id: 'externalAssignmentPolicies',
  kind: 'externalAssignmentPolicy',
  shape: 'keyed',
  keyProperty: 'id',
  graph: { path: '/identityGovernance/entitlementManagement/assignmentPolicies', apiVersion: 'v1.0' },
  permission: 'EntitlementManagement.Read.All',
  core: false,
  readBy: 'declaration',
  // The list's $filter support names only displayName, so every policy is read and the others
  // dropped. [UNVERIFIED] that the list returns allowedTargetScope without $select (the documented
  // example is truncated): a policy without it is not kept, so it is missing data, never drift.
  keepOnly: {
    property: 'allowedTargetScope',
    values: [
      'specificConnectedOrganizationUsers',
      'allConfiguredConnectedOrganizationUsers',
      'allExternalUsers'
    ]
  },
  volatile: ['createdDateTime', 'modifiedDateTime'],
  words: {
    kindLabel: 'External assignment policy',
    subject: 'External assignment policy',
    issueSubject: 'external assignment policy',
    entry: 'external assignment policy'
  },
  remediation: {
    properties: [
      'allowedTargetScope',
      'automaticRequestSettings',
      'createdDateTime',
      'description',
      'displayName',
      'expiration',
      'id',
      'modifiedDateTime',
      'notificationSettings',
      'requestApprovalSettings',
      'requestorSettings',
      'reviewSettings',
      'specificAllowedTargets'
    ],
    readOnly: ['id', 'createdDateTime', 'modifiedDateTime'],
    updateCmdlet: 'Set-MgEntitlementManagementAssignmentPolicy',
    idParameter: 'AccessPackageAssignmentPolicyId',
    // An object new to the section may be a directory users' policy that was widened, not a new
    // one: a DELETE would remove it, so none is offered.
    noRestore:
      "Graph v1.0 replaces an assignment policy whole (PUT), with its access package and each approver's and target's @odata.type, which the baseline does not keep; and a policy new here may be an existing one that was widened. Put it back in the Entra admin center (Identity Governance > Access packages > the package's policies) from the baseline's values, or delete it there if it is new."
  },
  audit: {
    // The audit activity reference's Entitlement Management section, category EntitlementManagement.
    activities: [
      'Create access package assignment policy',
      'Update access package assignment policy',
      'Delete access package assignment policy'
    ]
  },
  // Policy names and the connected organizations a policy names (a subjectSet's description).
  identifying: { names: ['displayName', 'description', 'specificAllowedTargets.description'] },
  schema: {
    type: 'object',
    description:
      'GET /identityGovernance/entitlementManagement/assignmentPolicies, keyed by id: only those external users can request through.',
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        displayName: { type: ['string', 'null'], description: 'Name of the policy.' },
        allowedTargetScope: {
          enum: [
            'specificConnectedOrganizationUsers',
            'allConfiguredConnectedOrganizationUsers',
            'allExternalUsers'
          ],
          description: 'Who outside the directory may request through the policy.'
        },
        requestApprovalSettings: {
          type: ['object', 'null'],
          description: 'Whether requests need approval (isApprovalRequiredForAdd) and by whom.',
          additionalProperties: true
        }
      }
    }
  }
} as const satisfies KeyedSection
