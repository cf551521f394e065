import type { KeyedSection } from './section.js'

/**
 * SAML/WS-Fed federation with partner organisations' identity providers (B2B direct federation),
 * keyed by id. Each one names the partner domains whose users sign in as guests through the
 * partner's IdP, and the issuer, sign-in URI and signing certificate that vouch for them. The
 * signing certificate is kept (a changed certificate is a change of who can vouch for guests).
 * https://learn.microsoft.com/graph/api/samlorwsfedexternaldomainfederation-list
 */
export const externalDomainFederationsSection = {
  id: 'externalDomainFederations',
  kind: 'externalDomainFederation',
  shape: 'keyed',
  keyProperty: 'id',
  graph: {
    path: '/directory/federationConfigurations/graph.samlOrWsFedExternalDomainFederation',
    apiVersion: 'v1.0'
  },
  permission: 'IdentityProvider.Read.All',
  core: false,
  readBy: 'declaration',
  identifying: { names: ['displayName'], domains: ['domains.id'] },
  words: {
    kindLabel: 'SAML/WS-Fed federation',
    subject: 'SAML/WS-Fed federation',
    issueSubject: 'SAML/WS-Fed federation',
    entry: 'SAML/WS-Fed federation'
  },
  remediation: {
    // samlOrWsFedExternalDomainFederation (v1.0): identityProviderBase's and samlOrWsFedProvider's
    // properties, and domains (externalDomainName, { id }).
    properties: [
      'displayName',
      'domains',
      'id',
      'issuerUri',
      'metadataExchangeUri',
      'passiveSignInUri',
      'preferredAuthenticationProtocol',
      'signingCertificate'
    ],
    // The documented PATCH body lists neither: the id is fixed, domains are added by POST only.
    readOnly: ['domains', 'id'],
    updateCmdlet: 'Update-MgDirectoryFederationConfiguration',
    idParameter: 'IdentityProviderBaseId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgDirectoryFederationConfiguration',
      readOnly: ['id'],
      note: 'Add the type annotation (@odata.type #microsoft.graph.samlOrWsFedExternalDomainFederation) to the body.'
    },
    remove: {
      cmdlet: 'Remove-MgDirectoryFederationConfiguration',
      // The documented DELETE names the federation without the type cast; [UNVERIFIED] that the
      // cast path (as PATCH documents it) is accepted too.
      note: 'The documented request is DELETE /directory/federationConfigurations/{id}.'
    }
  },
  audit: {
    notAudited:
      'The directory audit activity names for SAML/WS-Fed federation changes are not documented in the audit activity reference this project checks; none is filtered for.'
  },
  schema: {
    type: 'object',
    description:
      'GET /directory/federationConfigurations/graph.samlOrWsFedExternalDomainFederation, keyed by federation id.',
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        displayName: { type: ['string', 'null'], description: 'The partner organisation.' },
        issuerUri: { type: ['string', 'null'], description: "Issuer URI of the partner's IdP." },
        passiveSignInUri: { type: ['string', 'null'], description: 'Where guests are sent to sign in.' },
        preferredAuthenticationProtocol: { type: ['string', 'null'], description: 'saml or wsFed.' },
        signingCertificate: { type: ['string', 'null'], description: "The IdP's token-signing certificate." },
        domains: {
          type: ['array', 'null'],
          description: 'The partner domains federated, each { id: domain name }.',
          items: { type: 'object', additionalProperties: true }
        }
      }
    }
  }
} as const satisfies KeyedSection
