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
  words: {
    kindLabel: 'Conditional Access policy',
    subject: 'Conditional Access policy',
    issueSubject: 'CA policy',
    entry: 'conditional access policy',
    inventory: { one: 'Conditional Access policy', many: 'Conditional Access policies' }
  },
  remediation: {
    readOnly: ['id', 'templateId', 'createdDateTime', 'modifiedDateTime', 'deletedDateTime'],
    updateCmdlet: 'Update-MgIdentityConditionalAccessPolicy',
    idParameter: 'ConditionalAccessPolicyId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgIdentityConditionalAccessPolicy',
      note: 'The re-created policy gets a new id: update its key in the baseline afterwards.'
    },
    remove: { cmdlet: 'Remove-MgIdentityConditionalAccessPolicy' }
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
