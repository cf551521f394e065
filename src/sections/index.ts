import { authenticationStrengthPoliciesSection } from './authentication-strength-policies.js'
import { authorizationPolicySection } from './authorization-policy.js'
import { conditionalAccessPoliciesSection } from './conditional-access-policies.js'
import { connectedOrganizationsSection } from './connected-organizations.js'
import { crossTenantAccessPolicySection } from './cross-tenant-access-policy.js'
import { crossTenantSyncJobsSection } from './cross-tenant-sync-jobs.js'
import { defaultSection } from './default.js'
import { emailAuthenticationMethodSection } from './email-authentication-method.js'
import { externalAssignmentPoliciesSection } from './external-assignment-policies.js'
import { externalDomainFederationsSection } from './external-domain-federations.js'
import { entitlementManagementSettingsSection } from './entitlement-management-settings.js'
import { groupSettingsSection } from './group-settings.js'
import { guestsSection } from './guests.js'
// h11: guest inviters, self-service sign-up, guest access reviews
import { guestInviterRoleAssignmentsSection } from './guest-inviter-role-assignments.js'
import { authenticationFlowsPolicySection } from './authentication-flows-policy.js'
import { b2xUserFlowsSection } from './b2x-user-flows.js'
import { guestAccessReviewsSection } from './guest-access-reviews.js'
import { identityProvidersSection } from './identity-providers.js'
import { invitationDomainsSection } from './invitation-domains.js'
import { identitySynchronizationSection } from './identity-synchronization.js'
import { multiTenantOrganizationSection } from './multi-tenant-organization.js'
import { multiTenantOrganizationJoinRequestSection } from './multi-tenant-organization-join-request.js'
import { multiTenantOrganizationTenantsSection } from './multi-tenant-organization-tenants.js'
import { namedLocationsSection } from './named-locations.js'
import { partnersSection } from './partners.js'
import type { SectionDeclaration } from './section.js'
import { sharepointSettingsSection } from './sharepoint-settings.js'
import { tenantInformationSection } from './tenant-information.js'

/**
 * Every Graph resource the snapshot holds, in the order snapshots write them and reports list
 * them. Adding a resource is a declaration file here and a line below, its field in the Snapshot
 * interface (the compiler checks the two agree) and the rules that classify its changes (a
 * contract test checks every kind is closed); every list of sections or kinds derives from this.
 */
export const SECTIONS = [
  crossTenantAccessPolicySection,
  defaultSection,
  partnersSection,
  identitySynchronizationSection,
  tenantInformationSection,
  conditionalAccessPoliciesSection,
  namedLocationsSection,
  guestsSection,
  authorizationPolicySection,
  multiTenantOrganizationSection,
  sharepointSettingsSection,
  authenticationStrengthPoliciesSection,
  multiTenantOrganizationTenantsSection,
  multiTenantOrganizationJoinRequestSection,
  identityProvidersSection,
  emailAuthenticationMethodSection,
  groupSettingsSection,
  // Entitlement management's external surface (issue 15, h12).
  connectedOrganizationsSection,
  entitlementManagementSettingsSection,
  externalAssignmentPoliciesSection,
  // h11: guest inviters, self-service sign-up, guest access reviews
  guestInviterRoleAssignmentsSection,
  authenticationFlowsPolicySection,
  b2xUserFlowsSection,
  guestAccessReviewsSection,
  // SAML/WS-Fed direct federation with partner identity providers (issue 15, h15).
  externalDomainFederationsSection,
  // Cross-tenant synchronization jobs, their scoping and attribute mappings (issue 15, h-sync).
  crossTenantSyncJobsSection,
  // Graph beta, read only with include-beta (issue 15, h-beta).
  invitationDomainsSection
] as const satisfies readonly SectionDeclaration[]

export type Section = (typeof SECTIONS)[number]
export type SectionId = Section['id']
/** Sections of compared objects (everything but labels). */
export type ObjectSection = Extract<Section, { kind: string }>
export type ObjectKind = ObjectSection['kind']

/** Sections Graph serves only in beta: read, compared and shown only with the input include-beta. */
export const BETA_SECTION_IDS: ReadonlySet<string> = new Set(
  SECTIONS.filter((section) => section.graph.apiVersion === 'beta').map((section) => section.id)
)

/** The section whose objects have this kind. */
export function sectionOfKind(kind: ObjectKind): ObjectSection {
  return SECTIONS.find((section) => 'kind' in section && section.kind === kind) as ObjectSection
}

export type { SectionDeclaration } from './section.js'
