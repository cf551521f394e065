import { CONFIGURATION_SETTINGS } from './cross-tenant-configuration.js'
import type { SingletonSection } from './section.js'

/** What the national clouds' Graph v1.0 lacks on the default (see `unavailableProperties`). */
const NOT_IN_NATIONAL_CLOUDS = [
  'appServiceConnectInbound',
  'm365CollaborationInbound',
  'm365CollaborationOutbound',
  'tenantRestrictions'
] as const

/** The default configuration: what every external organisation without a partner override gets. */
export const defaultSection = {
  id: 'default',
  kind: 'default',
  shape: 'singleton',
  graph: { path: '/policies/crossTenantAccessPolicy/default', apiVersion: 'v1.0' },
  permission: 'Policy.Read.All',
  core: true,
  readBy: 'declaration',
  // Per-cloud truth from Microsoft Graph's own v1.0 schemas (microsoftgraph/msgraph-metadata
  // schemas/v1.0-Prod.csdl for the global service, v1.0-Fairfax.csdl for US Government L4 and L5,
  // v1.0-Mooncake.csdl for China; commit f54f11b6, 2026-08-20): the national clouds'
  // crossTenantAccessPolicyConfigurationDefault lacks these four settings.
  unavailableProperties: {
    usgov: NOT_IN_NATIONAL_CLOUDS,
    'usgov-dod': NOT_IN_NATIONAL_CLOUDS,
    china: NOT_IN_NATIONAL_CLOUDS
  },
  words: {
    displayName: 'Default cross-tenant access settings',
    subject: 'The default configuration',
    issueSubject: 'default cross-tenant settings',
    inventory: { one: 'the default settings' }
  },
  remediation: {
    properties: [
      ...CONFIGURATION_SETTINGS,
      'id',
      'invitationRedemptionIdentityProviderConfiguration',
      'isServiceDefault'
    ],
    // automaticUserConsentSettings is fixed to false/false on the default and cannot be written.
    readOnly: ['id', 'isServiceDefault', 'automaticUserConsentSettings'],
    updateCmdlet: 'Update-MgPolicyCrossTenantAccessPolicyDefault',
    // https://learn.microsoft.com/graph/api/crosstenantaccesspolicyconfigurationdefault-resettosystemdefault
    // (v1.0, Policy.ReadWrite.CrossTenantAccess, no body, 204).
    reset: {
      flag: 'isServiceDefault',
      action: 'resetToSystemDefault',
      cmdlet: 'Reset-MgPolicyCrossTenantAccessPolicyDefaultToSystemDefault'
    },
    // crosstenantaccesspolicyconfigurationdefault-update.md: PATCH, 204 No Content.
    writePermissions: ['Policy.ReadWrite.CrossTenantAccess']
  },
  audit: {
    activities: [
      'Update the company default cross-tenant access setting',
      'Reset the cross-tenant access default setting'
    ]
  },
  schema: {
    $ref: '#/$defs/crossTenantAccessSettings',
    type: 'object',
    description:
      'GET /policies/crossTenantAccessPolicy/default: the settings that apply to every external organisation without a partner configuration.',
    properties: {
      isServiceDefault: {
        type: ['boolean', 'null'],
        description: 'true while the default configuration is untouched system defaults.'
      },
      invitationRedemptionIdentityProviderConfiguration: {
        type: ['object', 'null'],
        description: 'Which identity providers guests redeem invitations with, in order.',
        additionalProperties: true,
        properties: {
          primaryIdentityProviderPrecedenceOrder: {
            type: 'array',
            description: 'Identity providers in the order they are tried (the order matters).',
            items: {
              type: 'string'
            }
          },
          fallbackIdentityProvider: {
            type: ['string', 'null'],
            description: 'The identity provider used when none of the primary ones applies.'
          }
        }
      }
    }
  }
} as const satisfies SingletonSection
