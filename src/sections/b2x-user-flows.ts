import type { KeyedSection } from './section.js'

/**
 * Self-service sign-up user flows (B2X_1_…), keyed by id: each lets people create their own guest
 * account through an application, when self-service sign-up is on. The list names the flow, its
 * type and version; identity providers, attributes and API connectors are other requests and are
 * not watched here.
 * https://learn.microsoft.com/graph/api/identitycontainer-list-b2xuserflows
 */
export const b2xUserFlowsSection = {
  id: 'b2xUserFlows',
  kind: 'b2xUserFlow',
  shape: 'keyed',
  keyProperty: 'id',
  graph: { path: '/identity/b2xUserFlows', apiVersion: 'v1.0' },
  permission: 'IdentityUserFlow.Read.All',
  core: false,
  readBy: 'declaration',
  words: {
    kindLabel: 'User flow',
    subject: 'Self-service sign-up user flow',
    issueSubject: 'self-service sign-up user flow',
    entry: 'user flow'
  },
  remediation: {
    properties: ['apiConnectorConfiguration', 'id', 'userFlowType', 'userFlowTypeVersion'],
    // Graph has no update of a user flow (id and type are fixed at creation; API connectors are
    // written through their own references): it is deleted and created again.
    readOnly: ['apiConnectorConfiguration', 'id', 'userFlowType', 'userFlowTypeVersion'],
    idParameter: 'B2xIdentityUserFlowId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgIdentityB2XUserFlow',
      readOnly: ['apiConnectorConfiguration'],
      note: "Graph adds the B2X_1_ prefix to a new flow's id: post the id without it. Add back the identity providers, attributes and API connectors the flow had: the baseline does not hold them."
    },
    remove: { cmdlet: 'Remove-MgIdentityB2XUserFlow' }
  },
  // [UNVERIFIED] the audit reference's B2C service lists user flow activities; that a workforce
  // tenant logs its self-service sign-up flows under them, and with which target, is not.
  audit: {
    notAudited:
      'no Entra directory audit activity for self-service sign-up user flows in a workforce tenant could be verified in the audit activity reference'
  },
  schema: {
    type: 'object',
    description: 'GET /identity/b2xUserFlows, keyed by user flow id (B2X_1_…).',
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        userFlowType: { type: ['string', 'null'], description: 'signUpOrSignIn for self-service sign-up.' },
        userFlowTypeVersion: { type: ['number', 'null'], description: 'Always 1 for self-service sign-up.' }
      }
    }
  }
} as const satisfies KeyedSection
