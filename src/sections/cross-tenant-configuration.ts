/**
 * The settings the v1.0 types crossTenantAccessPolicyConfigurationDefault and
 * crossTenantAccessPolicyConfigurationPartner have in common (Microsoft's v1.0 $metadata): the
 * default and each partner are the same configuration, the partner's overriding the default's.
 */
export const CONFIGURATION_SETTINGS = [
  'appServiceConnectInbound',
  'automaticUserConsentSettings',
  'b2bCollaborationInbound',
  'b2bCollaborationOutbound',
  'b2bDirectConnectInbound',
  'b2bDirectConnectOutbound',
  'inboundTrust',
  'm365CollaborationInbound',
  'm365CollaborationOutbound',
  'tenantRestrictions'
] as const
