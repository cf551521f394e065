import type { LabelSection } from './section.js'

/** Each partner's organisation name and default domain, so that people read "Fabrikam, Ltd" instead of a GUID. */
export const tenantInformationSection = {
  id: 'tenantInformation',
  shape: 'labels',
  keyProperty: 'tenantId',
  graph: {
    path: "/tenantRelationships/findTenantInformationByTenantId(tenantId='{tenantId}')",
    apiVersion: 'v1.0'
  },
  permission: 'CrossTenantInformation.ReadBasic.All',
  core: false,
  // Looked up for each partner once the partner list is known.
  readBy: 'partners-collector',
  words: { entry: 'partner tenant information' },
  identifying: { names: ['displayName', 'federationBrandName'], domains: ['defaultDomainName'] },
  schema: {
    type: 'object',
    description:
      "Each partner's organisation name and default domain (GET /tenantRelationships/findTenantInformationByTenantId), keyed by the partner tenantId. Labels only: never compared.",
    propertyNames: {
      $ref: '#/$defs/guid'
    },
    additionalProperties: {
      $ref: '#/$defs/tenantInformation'
    }
  }
} as const satisfies LabelSection
