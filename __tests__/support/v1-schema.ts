import type { JsonValue } from '../../src/core/model/json.js'
import { isJsonObject } from '../../src/core/model/json.js'
import { V1_TYPES } from '../fixtures/graph-v1-types.js'

/** The v1.0 type a remediation body of each object kind writes. */
export const V1_TYPE_OF_KIND: Readonly<Record<string, string>> = {
  crossTenantAccessPolicy: 'crossTenantAccessPolicy',
  default: 'crossTenantAccessPolicyConfigurationDefault',
  partner: 'crossTenantAccessPolicyConfigurationPartner',
  identitySynchronization: 'crossTenantIdentitySyncPolicyPartner',
  conditionalAccessPolicy: 'conditionalAccessPolicy',
  namedLocation: 'namedLocation',
  authorizationPolicy: 'authorizationPolicy',
  multiTenantOrganization: 'multiTenantOrganization',
  sharepointSettings: 'sharepointSettings',
  authenticationStrengthPolicy: 'authenticationStrengthPolicy',
  multiTenantOrganizationTenant: 'multiTenantOrganizationMember',
  multiTenantOrganizationJoinRequest: 'multiTenantOrganizationJoinRequestRecord',
  // The only identity provider type an Entra (not B2C) tenant can write.
  identityProvider: 'socialIdentityProvider',
  emailAuthenticationMethod: 'emailAuthenticationMethodConfiguration',
  groupSetting: 'groupSetting',
  connectedOrganization: 'connectedOrganization',
  entitlementManagementSettings: 'entitlementManagementSettings',
  externalAssignmentPolicy: 'accessPackageAssignmentPolicy',
  // h11: guest inviters, self-service sign-up, guest access reviews
  guestInviterRoleAssignment: 'unifiedRoleAssignment',
  authenticationFlowsPolicy: 'authenticationFlowsPolicy',
  b2xUserFlow: 'b2xIdentityUserFlow',
  guestAccessReview: 'accessReviewScheduleDefinition',
  // h15
  externalDomainFederation: 'samlOrWsFedExternalDomainFederation'
}

const TYPE_PREFIX = '#microsoft.graph.'

/**
 * What in `value`, written as a `typeName`, Graph v1.0 would not take: properties its type (or the
 * derived type its `@odata.type` names) does not declare, at any depth, and references written as
 * more than `{ "id": ... }`. Each problem is a path and a reason; none when the body is clean.
 */
export function outsideV1(value: JsonValue, typeName: string, path = ''): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => outsideV1(item, typeName, `${path}[${index}]`))
  if (!isJsonObject(value)) return []
  const declared = V1_TYPES[typeName]
  if (declared === undefined) return [`${path || '(body)'}: no v1.0 type ${typeName} in the fixture`]
  let actualName = typeName
  const odataType = value['@odata.type']
  if (typeof odataType === 'string') {
    const named = odataType.replace(TYPE_PREFIX, '')
    if (named !== typeName && !(declared.derived ?? []).includes(named)) {
      return [`${path || '(body)'}: @odata.type ${odataType} is not ${typeName} or derived from it`]
    }
    actualName = named
  }
  const actual = V1_TYPES[actualName]
  if (actual === undefined) return [`${path || '(body)'}: no v1.0 type ${actualName} in the fixture`]
  const problems: string[] = []
  for (const [property, inner] of Object.entries(value)) {
    if (property === '@odata.type') continue
    const at = path === '' ? property : `${path}.${property}`
    if (property in actual.properties) {
      const innerType = actual.properties[property]
      if (innerType !== null && innerType !== undefined) problems.push(...outsideV1(inner, innerType, at))
    } else if (actual.references !== undefined && property in actual.references) {
      const onlyId =
        inner === null || (isJsonObject(inner) && Object.keys(inner).every((key) => key === 'id'))
      if (!onlyId) problems.push(`${at}: a reference takes only { "id": ... }`)
    } else {
      problems.push(`${at}: not a property of ${actualName}`)
    }
  }
  return problems
}
