import type { KeyedSection } from './section.js'

/** The built-in Guest Inviter role's template id, which is its roleDefinitionId in every tenant. */
const GUEST_INVITER_ROLE_ID = '95e79109-95c0-4d8e-aee3-d01accf2d47b'

/**
 * Who holds the Guest Inviter role (can invite guests whatever the authorization policy's
 * allowInvitesFrom says of other members), keyed by assignment id: principalId, directoryScopeId and
 * roleDefinitionId. The documented list example filters on roleDefinitionId the same way. Active
 * assignments only: PIM eligibilities live elsewhere (roleEligibilitySchedules) and are not
 * watched. Principal ids identify people, so they are redacted where published; [UNVERIFIED] the
 * assignment id is a base64url encoding of role and principal ids, which no redaction hides.
 * https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments
 */
export const guestInviterRoleAssignmentsSection = {
  id: 'guestInviterRoleAssignments',
  kind: 'guestInviterRoleAssignment',
  shape: 'keyed',
  keyProperty: 'id',
  graph: {
    path: '/roleManagement/directory/roleAssignments',
    apiVersion: 'v1.0',
    query: {
      $filter: `roleDefinitionId eq '${GUEST_INVITER_ROLE_ID}'`,
      $select: 'id,principalId,directoryScopeId,roleDefinitionId'
    }
  },
  permission: 'RoleManagement.Read.Directory',
  core: false,
  readBy: 'declaration',
  // The assignment id encodes the principal's object id (as the docs' examples show): both name a person.
  identifying: { names: ['principalId', 'id'] },
  words: {
    kindLabel: 'Guest Inviter assignment',
    subject: 'Guest Inviter assignment',
    issueSubject: 'Guest Inviter role assignment',
    entry: 'Guest Inviter role assignment'
  },
  remediation: {
    properties: ['appScopeId', 'directoryScopeId', 'id', 'principalId', 'roleDefinitionId'],
    // Graph has no update of an assignment (no PATCH, so no update cmdlet): it is deleted and
    // created again.
    readOnly: ['appScopeId', 'directoryScopeId', 'id', 'principalId', 'roleDefinitionId'],
    idParameter: 'UnifiedRoleAssignmentId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgRoleManagementDirectoryRoleAssignment',
      readOnly: ['appScopeId', 'id'],
      note: 'The re-created assignment gets a new id: update its key in the baseline.'
    },
    remove: { cmdlet: 'Remove-MgRoleManagementDirectoryRoleAssignment' }
  },
  audit: {
    // Entra logs 'Add member to role' / 'Add scoped member to role' (and their removals) with the
    // principal and the role as targets, never the assignment id this section is keyed by, so no
    // entry can be matched to a finding here until attribution can match on the principal.
    notAudited:
      "Entra's role entries (Add member to role) name the principal and the role, not the assignment id the baseline keys it by"
  },
  schema: {
    type: 'object',
    description: `GET /roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${GUEST_INVITER_ROLE_ID}' (Guest Inviter), keyed by assignment id.`,
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        principalId: {
          type: ['string', 'null'],
          description: 'The user, group or service principal holding the role.'
        },
        directoryScopeId: {
          type: ['string', 'null'],
          description: "Where the role applies: '/' for the whole tenant, or an administrative unit."
        },
        roleDefinitionId: { type: ['string', 'null'], description: 'The Guest Inviter role definition.' }
      }
    }
  }
} as const satisfies KeyedSection
