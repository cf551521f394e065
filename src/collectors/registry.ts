import { authorizationPolicy } from './authorization-policy.js'
import type { Collector } from './collector.js'
import { conditionalAccessPolicies } from './conditional-access-policies.js'
import { crossTenantAccessPolicy } from './cross-tenant-access-policy.js'
import { defaultConfiguration } from './default-configuration.js'
import { guests } from './guests.js'
import { multiTenantOrganization } from './multi-tenant-organization.js'
import { namedLocations } from './named-locations.js'
import { partnerConfigurations } from './partner-configurations.js'
import { sharepointSettings } from './sharepoint-settings.js'

/** Every collector, in the order their sections appear in reports. A contract test holds this list complete. */
export const COLLECTORS: readonly Collector[] = [
  crossTenantAccessPolicy,
  defaultConfiguration,
  partnerConfigurations,
  conditionalAccessPolicies,
  namedLocations,
  guests,
  authorizationPolicy,
  multiTenantOrganization,
  sharepointSettings
]
