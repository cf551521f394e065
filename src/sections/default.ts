import { CONFIGURATION_SETTINGS } from './cross-tenant-configuration.js'
import type { SingletonSection } from './section.js'

/** The default configuration: what every external organisation without a partner override gets. */
export const defaultSection = {
  id: 'default',
  kind: 'default',
  shape: 'singleton',
  graph: { path: '/policies/crossTenantAccessPolicy/default', apiVersion: 'v1.0' },
  permission: 'Policy.Read.All',
  core: true,
  readBy: 'declaration',
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
    }
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
      },
      m365CollaborationInbound: {
        type: ['object', 'null'],
        description: 'Inbound Microsoft 365 collaboration settings.',
        additionalProperties: true,
        properties: {
          users: {
            $ref: '#/$defs/targetConfiguration',
            description: 'Which external users may collaborate.'
          }
        }
      },
      m365CollaborationOutbound: {
        type: ['object', 'null'],
        description: 'Outbound Microsoft 365 collaboration settings.',
        additionalProperties: true,
        properties: {
          usersAndGroups: {
            $ref: '#/$defs/targetConfiguration',
            description: 'Which of our users and groups may collaborate.'
          }
        }
      },
      appServiceConnectInbound: {
        type: ['object', 'null'],
        description: 'Inbound app service connect settings.',
        additionalProperties: true,
        properties: {
          applications: {
            $ref: '#/$defs/targetConfiguration',
            description: 'Which applications may connect.'
          }
        }
      }
    }
  }
} as const satisfies SingletonSection
