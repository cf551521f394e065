/*
 * Inbound trust: which claims of another tenant's sign-in (its MFA, its device compliance) our
 * Conditional Access accepts as if we had checked them ourselves. Each claim is one boolean flag
 * under `inboundTrust`; Graph may add flags, so an unknown flag reads as its own name.
 */

/** How a claim reads in a finding ('now trusts compliant-device claims') and in a description of the setting ('trusts compliant devices'). */
const TRUST_CLAIMS = {
  isMfaAccepted: { claim: 'MFA', trusted: 'MFA' },
  isCompliantDeviceAccepted: { claim: 'compliant-device claims', trusted: 'compliant devices' },
  isHybridAzureADJoinedDeviceAccepted: {
    claim: 'hybrid-joined-device claims',
    trusted: 'hybrid-joined devices'
  }
} as const satisfies Record<string, { claim: string; trusted: string }>

export type TrustFlag = keyof typeof TRUST_CLAIMS

/** The flags Graph documents, MFA first. */
export const TRUST_FLAGS: readonly TrustFlag[] = [
  'isMfaAccepted',
  'isCompliantDeviceAccepted',
  'isHybridAzureADJoinedDeviceAccepted'
]

/** The flags that trust another tenant's device claims. */
export const DEVICE_TRUST_FLAGS: readonly TrustFlag[] = [
  'isCompliantDeviceAccepted',
  'isHybridAzureADJoinedDeviceAccepted'
]

function isTrustFlag(flag: string): flag is TrustFlag {
  return Object.hasOwn(TRUST_CLAIMS, flag)
}

/** The claim a flag accepts, as a finding names it: 'MFA', 'compliant-device claims'. */
export function trustClaim(flag: string): string {
  return isTrustFlag(flag) ? TRUST_CLAIMS[flag].claim : flag
}

/** What a flag lets count, as a description of the setting names it: 'MFA', 'compliant devices'. */
export function trustedClaim(flag: string): string {
  return isTrustFlag(flag) ? TRUST_CLAIMS[flag].trusted : flag
}
