import type { SingletonSection } from './section.js'

/**
 * The email one-time passcode method: allowExternalIdToUseEmailOtp decides whether guests without
 * an Entra or Microsoft account can redeem invitations and sign in with a code sent by email
 * ('default' is enabled for most tenants since October 2021).
 * https://learn.microsoft.com/graph/api/emailauthenticationmethodconfiguration-get
 */
export const emailAuthenticationMethodSection = {
  id: 'emailAuthenticationMethod',
  kind: 'emailAuthenticationMethod',
  shape: 'singleton',
  graph: {
    path: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email',
    apiVersion: 'v1.0'
  },
  permission: 'Policy.Read.AuthenticationMethod',
  core: false,
  // Not offered by 21Vianet (the method's documented national clouds).
  clouds: ['global', 'usgov', 'usgov-dod'],
  readBy: 'declaration',
  words: {
    displayName: 'Email one-time passcode',
    subject: 'Email one-time passcode',
    issueSubject: 'email one-time passcode'
  },
  remediation: {
    // includeTargets is a navigation property in v1.0's schema, so not written by this PATCH.
    properties: ['allowExternalIdToUseEmailOtp', 'excludeTargets', 'id', 'state'],
    // [UNVERIFIED] whether the PATCH needs @odata.type #microsoft.graph.emailAuthenticationMethodConfiguration
    // (Microsoft's example sends it); snapshots drop annotations.
    readOnly: ['id'],
    updateCmdlet:
      "Update-MgPolicyAuthenticationMethodPolicyAuthenticationMethodConfiguration -AuthenticationMethodConfigurationId 'Email'"
  },
  audit: { activities: ['Authentication Methods Policy Update'] },
  schema: {
    type: 'object',
    description:
      'GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email: email one-time passcode.',
    additionalProperties: true,
    properties: {
      state: {
        enum: ['enabled', 'disabled'],
        description: 'Whether members of the targeted groups may use email OTP (self-service password reset).'
      },
      allowExternalIdToUseEmailOtp: {
        enum: ['default', 'enabled', 'disabled', 'unknownFutureValue'],
        description: 'Whether external users (guests) may sign in with an email one-time passcode.'
      },
      includeTargets: {
        type: 'array',
        description: 'Groups the method is enabled for.',
        items: { type: 'object' }
      }
    }
  }
} as const satisfies SingletonSection
