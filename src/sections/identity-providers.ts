import type { KeyedSection } from './section.js'

/**
 * External identity providers guests can sign in with (built-in Microsoft account and email
 * one-time passcode providers, social ones such as Google or Facebook), keyed by id. SAML/WS-Fed
 * federation with a partner's domain lives elsewhere (/directory/federationConfigurations) and is
 * watched by its own section (external-domain-federations.ts). The client secret Graph returns
 * masked is never kept.
 * https://learn.microsoft.com/graph/api/identitycontainer-list-identityproviders
 */
export const identityProvidersSection = {
  id: 'identityProviders',
  kind: 'identityProvider',
  shape: 'keyed',
  keyProperty: 'id',
  graph: { path: '/identity/identityProviders', apiVersion: 'v1.0' },
  permission: 'IdentityProvider.Read.All',
  core: false,
  readBy: 'declaration',
  volatile: ['clientSecret'],
  words: {
    kindLabel: 'Identity provider',
    subject: 'Identity provider',
    issueSubject: 'identity provider',
    entry: 'identity provider'
  },
  remediation: {
    // The v1.0 type an Entra tenant can write (socialIdentityProvider); a built-in provider's
    // properties are a subset of it.
    properties: ['clientId', 'clientSecret', 'displayName', 'id', 'identityProviderType'],
    // Only social providers can be written in an Entra tenant; type and id are fixed at creation.
    // [UNVERIFIED] whether a PATCH needs the provider's @odata.type, which snapshots drop.
    readOnly: ['id', 'identityProviderType'],
    updateCmdlet: 'Update-MgIdentityProvider',
    idParameter: 'IdentityProviderBaseId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgIdentityProvider',
      readOnly: ['id'],
      note: "Add the client secret (never kept in the baseline) and the provider's @odata.type (#microsoft.graph.socialIdentityProvider) to the body."
    },
    remove: { cmdlet: 'Remove-MgIdentityProvider' }
  },
  audit: {
    // Listed under the reference's B2C service; [UNVERIFIED] that a workforce tenant logs the same names.
    activities: ['Create identity provider', 'Update identity provider', 'Delete identity provider']
  },
  schema: {
    type: 'object',
    description: 'GET /identity/identityProviders, keyed by provider id (e.g. Google-OAUTH).',
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        displayName: { type: ['string', 'null'], description: 'Name of the provider.' },
        identityProviderType: {
          type: ['string', 'null'],
          description: 'Google, Facebook, MicrosoftAccount, EmailOTP, ...'
        },
        clientId: { type: ['string', 'null'], description: 'The app id at the provider (social providers).' }
      }
    }
  }
} as const satisfies KeyedSection
