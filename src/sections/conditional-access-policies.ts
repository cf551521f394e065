import type { KeyedSection } from './section.js'

/** Every Conditional Access policy, keyed by id (a rename is a change, not a new policy). */
export const conditionalAccessPoliciesSection = {
  id: 'conditionalAccessPolicies',
  kind: 'conditionalAccessPolicy',
  shape: 'keyed',
  keyProperty: 'id',
  limitClass: 'conditionalAccess',
  graph: { path: '/identity/conditionalAccess/policies', apiVersion: 'v1.0' },
  permission: 'Policy.Read.All',
  core: true,
  readBy: 'declaration',
  volatile: ['createdDateTime', 'modifiedDateTime', 'deletedDateTime'],
  // Graph expands the authenticationStrengthPolicy a policy requires. Posture: which one (id, and
  // the name people know it by), whether built in, whether it satisfies MFA, and the method
  // combinations (and per-method restrictions) it accepts; never its description or timestamps.
  // https://learn.microsoft.com/graph/api/resources/authenticationstrengthpolicy
  expanded: {
    'grantControls.authenticationStrength': [
      'id',
      'displayName',
      'policyType',
      'requirementsSatisfied',
      'allowedCombinations',
      'combinationConfigurations'
    ]
  },
  words: {
    kindLabel: 'Conditional Access policy',
    subject: 'Conditional Access policy',
    issueSubject: 'CA policy',
    entry: 'conditional access policy',
    inventory: { one: 'Conditional Access policy', many: 'Conditional Access policies' }
  },
  remediation: {
    properties: [
      'conditions',
      'createdDateTime',
      'deletedDateTime',
      'description',
      'displayName',
      'grantControls',
      'id',
      'modifiedDateTime',
      'sessionControls',
      'state',
      'templateId'
    ],
    readOnly: ['id', 'templateId', 'createdDateTime', 'modifiedDateTime', 'deletedDateTime'],
    updateCmdlet: 'Update-MgIdentityConditionalAccessPolicy',
    idParameter: 'ConditionalAccessPolicyId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgIdentityConditionalAccessPolicy',
      // https://learn.microsoft.com/graph/api/conditionalaccesspolicy-restore?view=graph-rest-beta
      restoreBeta: '/identity/conditionalAccess/deletedItems/policies/{id}/restore',
      note: 'The re-created policy gets a new id: update its key in the baseline afterwards.'
    },
    remove: { cmdlet: 'Remove-MgIdentityConditionalAccessPolicy' },
    // conditionalaccesspolicy-update.md / -delete.md: both permissions, together. An older version of
    // the update page also lists Application.Read.All, with a known issue on permissions: whether a
    // policy that targets applications needs it is [UNVERIFIED]; Graph's 403 then names the cause.
    writePermissions: ['Policy.ReadWrite.ConditionalAccess', 'Policy.Read.All']
  },
  audit: {
    activities: [
      'Add conditional access policy',
      'Update conditional access policy',
      'Delete conditional access policy'
    ]
  },
  schema: {
    type: 'object',
    description: 'GET /identity/conditionalAccess/policies, keyed by policy id.',
    propertyNames: {
      type: 'string',
      minLength: 1
    },
    additionalProperties: {
      $ref: '#/$defs/conditionalAccessPolicy'
    }
  }
} as const satisfies KeyedSection
