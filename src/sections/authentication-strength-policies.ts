import type { KeyedSection } from './section.js'

/**
 * Authentication strengths (built-in and custom), keyed by id: the combinations of methods a
 * Conditional Access grant accepts, guest policies included. Guests from other tenants can only
 * satisfy the combinations their home tenant or ours offers them, so a strength that loosens
 * weakens every guest policy that requires it. Listed with GET /policies/authenticationStrengthPolicies
 * (https://learn.microsoft.com/graph/api/authenticationstrengthroot-list-policies).
 */
export const authenticationStrengthPoliciesSection = {
  id: 'authenticationStrengthPolicies',
  kind: 'authenticationStrengthPolicy',
  shape: 'keyed',
  keyProperty: 'id',
  graph: { path: '/policies/authenticationStrengthPolicies', apiVersion: 'v1.0' },
  permission: 'Policy.Read.AuthenticationMethod',
  core: false,
  readBy: 'declaration',
  volatile: ['createdDateTime', 'modifiedDateTime'],
  words: {
    kindLabel: 'Authentication strength',
    subject: 'Authentication strength',
    issueSubject: 'authentication strength',
    entry: 'authentication strength policy'
  },
  remediation: {
    properties: [
      'allowedCombinations',
      'createdDateTime',
      'description',
      'displayName',
      'id',
      'modifiedDateTime',
      'policyType',
      'requirementsSatisfied'
    ],
    // allowedCombinations changes only through the updateAllowedCombinations action, never PATCH;
    // policyType and requirementsSatisfied are computed; built-in strengths cannot be updated at all.
    readOnly: [
      'id',
      'createdDateTime',
      'modifiedDateTime',
      'policyType',
      'requirementsSatisfied',
      'allowedCombinations',
      'combinationConfigurations'
    ],
    updateCmdlet: 'Update-MgPolicyAuthenticationStrengthPolicy',
    idParameter: 'AuthenticationStrengthPolicyId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgPolicyAuthenticationStrengthPolicy',
      readOnly: ['id', 'createdDateTime', 'modifiedDateTime', 'policyType', 'requirementsSatisfied'],
      note: 'The re-created strength gets a new id: update its key in the baseline and in the Conditional Access policies that require it.'
    },
    remove: {
      cmdlet: 'Remove-MgPolicyAuthenticationStrengthPolicy',
      note: 'A strength still required by a Conditional Access policy cannot be deleted; built-in strengths never can.'
    }
  },
  audit: {
    activities: [
      'Authentication Strength Policy Create',
      'Authentication Strength Policy Update',
      'Authentication Strength Policy Delete',
      'Authentication Strength Combination Configuration Create',
      'Authentication Strength Combination Configuration Update',
      'Authentication Strength Combination Configuration Delete'
    ]
  },
  schema: {
    type: 'object',
    description: 'GET /policies/authenticationStrengthPolicies, keyed by policy id (built-in and custom).',
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        displayName: { type: 'string', description: 'Name of the authentication strength.' },
        policyType: {
          enum: ['builtIn', 'custom', 'unknownFutureValue'],
          description: 'Whether Microsoft or the tenant defines the strength.'
        },
        requirementsSatisfied: {
          type: ['string', 'null'],
          description: "What the strength satisfies: 'mfa' or 'none' (flags)."
        },
        allowedCombinations: {
          type: 'array',
          description: "Combinations of methods that satisfy the strength, e.g. 'password,sms', 'fido2'.",
          items: { type: 'string' }
        }
      }
    }
  }
} as const satisfies KeyedSection
