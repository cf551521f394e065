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
  'tenantRestrictions'
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
  tenantRestrictions: 'tenant restrictions'
}

/** The B2B settings that let another organisation's users and applications in. */
export const INBOUND_B2B_SETTINGS = ['b2bCollaborationInbound', 'b2bDirectConnectInbound'] as const

/** The B2B settings that let our users and applications out to another organisation. */
export const OUTBOUND_B2B_SETTINGS = ['b2bCollaborationOutbound', 'b2bDirectConnectOutbound'] as const
