import type { SingletonSection } from './section.js'

/** The policy root: which other Microsoft clouds B2B may reach (allowedCloudEndpoints). */
export const crossTenantAccessPolicySection = {
  id: 'crossTenantAccessPolicy',
  kind: 'crossTenantAccessPolicy',
  shape: 'singleton',
  graph: { path: '/policies/crossTenantAccessPolicy', apiVersion: 'v1.0' },
  permission: 'Policy.Read.All',
  core: true,
  readBy: 'declaration',
  // Per-cloud truth from Microsoft Graph's own v1.0 schemas (microsoftgraph/msgraph-metadata
  // schemas/v1.0-Prod.csdl for the global service, v1.0-Fairfax.csdl for US Government L4 and L5,
  // v1.0-Mooncake.csdl for China; commit f54f11b6, 2026-08-20): the national clouds'
  // crossTenantAccessPolicy has no allowedCloudEndpoints.
  unavailableProperties: {
    usgov: ['allowedCloudEndpoints'],
    'usgov-dod': ['allowedCloudEndpoints'],
    china: ['allowedCloudEndpoints']
  },
  words: {
    displayName: 'Cross-tenant access policy',
    subject: 'Cross-tenant access policy',
    issueSubject: 'cross-tenant access policy'
  },
  remediation: {
    properties: ['allowedCloudEndpoints', 'deletedDateTime', 'description', 'displayName', 'id'],
    readOnly: ['id'],
    updateCmdlet: 'Update-MgPolicyCrossTenantAccessPolicy'
  },
  audit: {
    notAudited:
      'no Entra audit activity is documented for the cross-tenant access policy itself (allowedCloudEndpoints), so no entry can be named'
  },
  schema: {
    type: 'object',
    description: 'GET /policies/crossTenantAccessPolicy: the cross-tenant access policy itself.',
    additionalProperties: true,
    properties: {
      allowedCloudEndpoints: {
        type: 'array',
        description: 'Other Microsoft clouds B2B collaboration is enabled with, e.g. microsoftonline.us.',
        items: {
          type: 'string'
        }
      },
      displayName: {
        type: ['string', 'null'],
        description: 'Name Graph gives the policy.'
      }
    }
  }
} as const satisfies SingletonSection
