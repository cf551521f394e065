import { SECTIONS, type SectionId } from '../../sections/index.js'
import type { CloudName } from './cloud-name.js'
import type { JsonObject } from './json.js'

/** The snapshot format version this build writes and reads. Bumped only with a migration. */
export const SNAPSHOT_SCHEMA_VERSION = 1

export type { CloudName } from './cloud-name.js'

/**
 * One section per Graph resource, in the table's order (src/sections). The names are the
 * snapshot's (and the baseline's) top-level keys, so they are a public contract: never rename one.
 */
export const SECTION_IDS: readonly SectionId[] = SECTIONS.map((section) => section.id)
export type { SectionId }

/**
 * Sections that only label other objects (a partner's organisation name): never compared, so a
 * change in them is never drift, and a baseline that lacks them watches nothing less.
 */
export const LABEL_SECTIONS: ReadonlySet<SectionId> = new Set(
  SECTIONS.filter((section) => section.shape === 'labels').map((section) => section.id)
)

/** Guest population figures; a figure that could not be read is absent here and named in `unavailable`. */
export interface GuestCounts {
  /** Users with userType eq 'Guest'. */
  total?: number
  /** Guests whose externalUserState is PendingAcceptance (invited, never redeemed). */
  pendingAcceptance?: number
  /**
   * External members: B2B collaboration users homed in another organisation with userType
   * Member (cross-tenant synchronized, or invited as members), counted apart from `total`.
   */
  externalMembers?: number
  /** The threshold `stale` was counted with (input stale-guest-days). */
  staleAfterDays?: number
  /** Guests with no sign-in for `staleAfterDays` days (never-signed-in guests older than that included). */
  stale?: number
  /**
   * What `stale` counts, in words (which sign-ins, whether never-signed-in guests are in it); set
   * with `staleAfterDays`. When `stale` itself could not be counted, `unavailable` says why.
   */
  staleDefinition?: string
}

/**
 * An accepted drift, declared in a baseline: changes on matching objects and paths are listed as
 * ignored instead of reported, until `expires`.
 */
export interface IgnoreEntry {
  /** Finding object kind, e.g. 'partner'. */
  kind: string
  /** Object key (tenant id, policy id); '*' or absent = every object of the kind. */
  key?: string
  /** Change path pattern: exact ('inboundTrust.isMfaAccepted') or with '*' for one segment and '**' for any. */
  path?: string
  reason: string
  /** ISO date (YYYY-MM-DD); from that day on the ignore no longer applies. */
  expires?: string
}

/**
 * A deterministic picture of a tenant's cross-tenant posture. Collections are maps keyed by their
 * stable key (partner tenantId, policy id), so a JSON pointer names an object and key order never
 * matters. Graph objects keep every property Graph returned except volatile read-only ones.
 */
export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION
  /** The tenant this snapshot describes (GUID). */
  tenantId: string
  cloud: CloudName
  /** When the snapshot was taken (ISO 8601). The only field that differs between runs of an unchanged tenant. */
  capturedAt: string
  /** GET /policies/crossTenantAccessPolicy (allowedCloudEndpoints, displayName). */
  crossTenantAccessPolicy?: JsonObject
  /** GET /policies/crossTenantAccessPolicy/default. */
  default?: JsonObject
  /** GET /policies/crossTenantAccessPolicy/partners, keyed by tenantId. */
  partners?: Record<string, JsonObject>
  /** Each partner's identitySynchronization, keyed by partner tenantId; null = the partner has no sync policy. */
  identitySynchronization?: Record<string, JsonObject | null>
  /**
   * GET /tenantRelationships/findTenantInformationByTenantId for each partner, keyed by tenantId:
   * the organisation's displayName, defaultDomainName and federationBrandName. Labels only.
   */
  tenantInformation?: Record<string, JsonObject>
  /** GET /identity/conditionalAccess/policies, keyed by id. */
  conditionalAccessPolicies?: Record<string, JsonObject>
  /** GET /identity/conditionalAccess/namedLocations, keyed by id. */
  namedLocations?: Record<string, JsonObject>
  guests?: GuestCounts
  /** GET /policies/authorizationPolicy. */
  authorizationPolicy?: JsonObject
  /** GET /tenantRelationships/multiTenantOrganization. */
  multiTenantOrganization?: JsonObject
  /** GET /admin/sharepoint/settings. */
  sharepointSettings?: JsonObject
  /** GET /policies/authenticationStrengthPolicies, keyed by id. */
  authenticationStrengthPolicies?: Record<string, JsonObject>
  /** GET /tenantRelationships/multiTenantOrganization/tenants, keyed by tenantId. */
  multiTenantOrganizationTenants?: Record<string, JsonObject>
  /** GET /tenantRelationships/multiTenantOrganization/joinRequest. */
  multiTenantOrganizationJoinRequest?: JsonObject
  /** GET /identity/identityProviders, keyed by id. */
  identityProviders?: Record<string, JsonObject>
  /** GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email. */
  emailAuthenticationMethod?: JsonObject
  /** GET /groupSettings (tenant-wide; Group.Unified holds the Microsoft 365 group guest settings), keyed by id. */
  groupSettings?: Record<string, JsonObject>
  /** GET /identityGovernance/entitlementManagement/connectedOrganizations, keyed by id. */
  connectedOrganizations?: Record<string, JsonObject>
  /** GET /identityGovernance/entitlementManagement/settings. */
  entitlementManagementSettings?: JsonObject
  /** GET /identityGovernance/entitlementManagement/assignmentPolicies, external ones only, keyed by id. */
  externalAssignmentPolicies?: Record<string, JsonObject>
  // h11: guest inviters, self-service sign-up, guest access reviews
  /** GET /roleManagement/directory/roleAssignments filtered to the Guest Inviter role, keyed by id. */
  guestInviterRoleAssignments?: Record<string, JsonObject>
  /** GET /policies/authenticationFlowsPolicy (self-service sign-up). */
  authenticationFlowsPolicy?: JsonObject
  /** GET /identity/b2xUserFlows (self-service sign-up user flows), keyed by id. */
  b2xUserFlows?: Record<string, JsonObject>
  /** GET /identityGovernance/accessReviews/definitions, only those that review guests, keyed by id. */
  guestAccessReviews?: Record<string, JsonObject>
  /** GET /directory/federationConfigurations/graph.samlOrWsFedExternalDomainFederation, keyed by id. */
  externalDomainFederations?: Record<string, JsonObject>
  /** Cross-tenant synchronization (Azure2Azure) jobs with their schedule and schema, keyed by '{servicePrincipalId}:{templateId}'. */
  crossTenantSyncJobs?: Record<string, JsonObject>
  /** Graph beta, only with include-beta: the invitation domain allow or block list (mode, domains). */
  invitationDomains?: JsonObject
  /**
   * Sections (or 'guests.<figure>') that could not be read, and properties the snapshot's cloud
   * does not have ('<section>.<property>', e.g. 'default.tenantRestrictions': "not in the usgov
   * cloud's Graph v1.0"), with the reason. What is named here is absent above and is never
   * compared: missing data is not drift.
   */
  unavailable?: Record<string, string>
  /** Baselines only: accepted drift. */
  ignore?: IgnoreEntry[]
}

/** The Snapshot fields beside its sections. */
type Envelope = 'schemaVersion' | 'tenantId' | 'cloud' | 'capturedAt' | 'unavailable' | 'ignore'
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Holds<T extends true> = T
/**
 * Compile-time proof that the Snapshot interface has a field for every declared section and no
 * other: a section added to the table without its field (or the reverse) fails the type check.
 */
export type SnapshotFieldsAreSections = Holds<Same<Exclude<keyof Snapshot, Envelope>, SectionId>>
