import type { SingletonSection } from './section.js'

/**
 * Self-service sign-up: whether user flows may let people create their own guest account in this
 * tenant (selfServiceSignUp.isEnabled). Read with Policy.Read.All, the least privileged read the
 * page lists. The update page names the global and China clouds; the get page names none, so other
 * clouds are read too and a cloud without it reads as unavailable, never as drift [UNVERIFIED].
 * https://learn.microsoft.com/graph/api/authenticationflowspolicy-get
 */
export const authenticationFlowsPolicySection = {
  id: 'authenticationFlowsPolicy',
  kind: 'authenticationFlowsPolicy',
  shape: 'singleton',
  graph: { path: '/policies/authenticationFlowsPolicy', apiVersion: 'v1.0' },
  permission: 'Policy.Read.All',
  core: false,
  readBy: 'declaration',
  words: {
    displayName: 'Self-service sign-up',
    subject: 'Self-service sign-up',
    issueSubject: 'self-service sign-up'
  },
  remediation: {
    properties: ['description', 'displayName', 'id', 'selfServiceSignUp'],
    // Only selfServiceSignUp can be written (the update page: id, type and description cannot).
    readOnly: ['description', 'displayName', 'id'],
    updateCmdlet: 'Update-MgPolicyAuthenticationFlowPolicy'
  },
  // [UNVERIFIED] no activity for the authentication flows policy was found in the audit reference.
  audit: {
    notAudited:
      'no Entra directory audit activity for the authentication flows policy (self-service sign-up) could be verified in the audit activity reference'
  },
  schema: {
    type: 'object',
    description: 'GET /policies/authenticationFlowsPolicy.',
    additionalProperties: true,
    properties: {
      selfServiceSignUp: {
        type: ['object', 'null'],
        description: 'Self-service sign-up through user flows.',
        additionalProperties: true,
        properties: {
          isEnabled: {
            type: ['boolean', 'null'],
            description: 'Whether user flows may let people sign themselves up as guests.'
          }
        }
      }
    }
  }
} as const satisfies SingletonSection
