/*
 * The settings of the cross-tenant access default that a partner configuration can override, and
 * what people call them. Everything else on a configuration is neither access nor trust.
 */

export const EFFECTIVE_SETTINGS = [
  'inboundTrust',
  'b2bCollaborationInbound',
  'b2bCollaborationOutbound',
  'b2bDirectConnectInbound',
  'b2bDirectConnectOutbound',
  'automaticUserConsentSettings',
  'tenantRestrictions',
  'm365CollaborationInbound',
  'm365CollaborationOutbound',
  'appServiceConnectInbound'
] as const
export type EffectiveSetting = (typeof EFFECTIVE_SETTINGS)[number]

/** Each setting as running text names it: 'inbound B2B collaboration'. */
export const SETTING_LABELS: Readonly<Record<EffectiveSetting, string>> = {
  inboundTrust: 'inbound trust',
  b2bCollaborationInbound: 'inbound B2B collaboration',
  b2bCollaborationOutbound: 'outbound B2B collaboration',
  b2bDirectConnectInbound: 'inbound B2B direct connect',
  b2bDirectConnectOutbound: 'outbound B2B direct connect',
  automaticUserConsentSettings: 'automatic redemption',
  tenantRestrictions: 'tenant restrictions',
  m365CollaborationInbound: 'inbound Microsoft 365 collaboration',
  m365CollaborationOutbound: 'outbound Microsoft 365 collaboration',
  appServiceConnectInbound: 'inbound app service connect'
}

/** The B2B settings that let another organisation's users and applications in. */
export const INBOUND_B2B_SETTINGS = ['b2bCollaborationInbound', 'b2bDirectConnectInbound'] as const

/** The B2B settings that let our users and applications out to another organisation. */
export const OUTBOUND_B2B_SETTINGS = ['b2bCollaborationOutbound', 'b2bDirectConnectOutbound'] as const

/*
 * Microsoft 365 collaboration and app service connect (Graph v1.0, global service only; the
 * national clouds' schemas lack them): each holds target configurations like a B2B setting, but
 * not both halves. crossTenantAccessPolicyM365CollaborationInboundSetting has `users`,
 * ...OutboundSetting `usersAndGroups`, crossTenantAccessPolicyAppServiceConnectSetting
 * `applications` (microsoftgraph/msgraph-metadata schemas/v1.0-Prod.csdl; the resources'
 * v1.0 pages on learn.microsoft.com).
 */
export const M365_SETTINGS = [
  'm365CollaborationInbound',
  'm365CollaborationOutbound',
  'appServiceConnectInbound'
] as const
export type M365Setting = (typeof M365_SETTINGS)[number]

/** The target configurations ({accessType, targets}) each setting holds. */
export const SETTING_TARGET_CONFIGURATIONS: Readonly<
  Record<Exclude<EffectiveSetting, 'inboundTrust' | 'automaticUserConsentSettings'>, readonly string[]>
> = {
  b2bCollaborationInbound: ['usersAndGroups', 'applications'],
  b2bCollaborationOutbound: ['usersAndGroups', 'applications'],
  b2bDirectConnectInbound: ['usersAndGroups', 'applications'],
  b2bDirectConnectOutbound: ['usersAndGroups', 'applications'],
  tenantRestrictions: ['usersAndGroups', 'applications'],
  m365CollaborationInbound: ['users'],
  m365CollaborationOutbound: ['usersAndGroups'],
  appServiceConnectInbound: ['applications']
}
