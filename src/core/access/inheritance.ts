import { compareText, isUnset } from '../model/canonical.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { valueAt } from '../model/json-path.js'
import { partnerName } from '../model/partner-names.js'
import type { Snapshot } from '../model/snapshot.js'
import type { EffectiveSetting } from './settings.js'

/*
 * Inheritance: a partner setting that is unset (null, absent, all-unset) inherits the default's;
 * whatever the default leaves unset is Microsoft's service default. Unset inherits key by key, but
 * a target configuration ({accessType, targets}) is one decision and is never mixed with the level
 * above. Resolving that once lets a change to the default be reported as the change it is for every
 * partner that follows it, and a partner change as the widening or narrowing it really is.
 */

/** Whether a partner leaves `path` to the default: its own value there is unset. */
export function inheritsDefault(snapshot: Snapshot, tenantId: string, path: string): boolean {
  return isUnset(valueAt(snapshot.partners?.[tenantId], path))
}

/**
 * A partner's value at `path`, or the default's where the partner inherits (no partner: the
 * default's). The rule of `effectiveConfiguration` read at one path and without the service
 * defaults, for checks that judge what a baseline declares rather than what Microsoft fills in.
 */
export function effectiveValue(
  snapshot: Snapshot,
  tenantId: string | undefined,
  path: string
): JsonValue | undefined {
  if (tenantId === undefined || inheritsDefault(snapshot, tenantId, path))
    return valueAt(snapshot.default, path)
  return valueAt(snapshot.partners?.[tenantId], path)
}

/**
 * Where an effective setting comes from; 'unavailable' when the snapshot could not hold it (a
 * setting the cloud's Graph does not have), and then the value is null and claims nothing.
 */
export type SettingSource = 'partner' | 'default' | 'service default' | 'unavailable'

export interface EffectiveSettingValue {
  /**
   * The resolved value; null for tenant restrictions nobody configured (no restriction), for
   * Microsoft 365 collaboration and app service connect nobody configured (no documented service
   * default), and for a setting the snapshot could not hold.
   */
  value: JsonValue
  source: SettingSource
  /** Set when the source left parts of the setting unset and the level above filled them. */
  partlyInherited?: true
}

export type EffectiveConfiguration = Record<EffectiveSetting, EffectiveSettingValue>

export interface EffectivePartner {
  displayName: string
  settings: EffectiveConfiguration
}

/** The effective cross-tenant access of one snapshot: the JSON report carries it for auditors. */
export interface EffectiveAccessView {
  /** Every external Entra organisation without a partner configuration: the default, completed by the service defaults. */
  everyOtherOrganisation: EffectiveConfiguration
  /** Keyed by partner tenant id; empty, and not the truth, when `partnersUnavailable` is set. */
  partners: Record<string, EffectivePartner>
  /** Set when the snapshot holds no partners section (not read, or not held): why, instead of a list. */
  partnersUnavailable?: string
}

/**
 * Microsoft's system defaults (the default configuration while `isServiceDefault` is true):
 * collaboration allowed both ways for all users and applications, direct connect blocked both
 * ways, no inbound trust, no automatic redemption. Tenant restrictions are not configured, which
 * restricts nothing. Microsoft 365 collaboration and app service connect have no documented
 * service default [UNVERIFIED what an unset one lets through]: null, which the comparison reads
 * as a reach it cannot interpret rather than a guess.
 */
export const SERVICE_DEFAULTS: Readonly<Record<EffectiveSetting, JsonValue>> = {
  inboundTrust: {
    isMfaAccepted: false,
    isCompliantDeviceAccepted: false,
    isHybridAzureADJoinedDeviceAccepted: false
  },
  b2bCollaborationInbound: b2bSetting('allowed'),
  b2bCollaborationOutbound: b2bSetting('allowed'),
  b2bDirectConnectInbound: b2bSetting('blocked'),
  b2bDirectConnectOutbound: b2bSetting('blocked'),
  automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
  tenantRestrictions: null,
  m365CollaborationInbound: null,
  m365CollaborationOutbound: null,
  appServiceConnectInbound: null
}

function b2bSetting(accessType: 'allowed' | 'blocked'): JsonObject {
  return {
    usersAndGroups: { accessType, targets: [{ target: 'AllUsers', targetType: 'user' }] },
    applications: { accessType, targets: [{ target: 'AllApplications', targetType: 'application' }] }
  }
}

/**
 * The effective configuration per partner and for every other organisation, or undefined when
 * the snapshot holds no default configuration (then nothing a partner inherits is known).
 */
export function effectiveConfiguration(snapshot: Snapshot): EffectiveAccessView | undefined {
  const defaults = snapshot.default
  if (defaults === undefined) return undefined
  const untouched = defaults.isServiceDefault === true
  // A setting the snapshot names unavailable (its cloud's Graph lacks it) is not resolved at all:
  // the service default would read as what the tenant gets.
  const unread = (setting: EffectiveSetting): boolean =>
    snapshot.unavailable?.[`default.${setting}`] !== undefined
  const everyOtherOrganisation = resolveEach((setting) =>
    unread(setting)
      ? UNAVAILABLE
      : resolve(defaults[setting], untouched ? 'service default' : 'default', {
          value: SERVICE_DEFAULTS[setting],
          source: 'service default'
        })
  )
  const partners: Record<string, EffectivePartner> = {}
  if (snapshot.partners === undefined) {
    const reason = snapshot.unavailable?.partners ?? 'the snapshot holds no partners section'
    return { everyOtherOrganisation, partners, partnersUnavailable: reason }
  }
  for (const tenantId of Object.keys(snapshot.partners).sort(compareText)) {
    const partner = snapshot.partners?.[tenantId] ?? {}
    partners[tenantId] = {
      displayName: partnerName(tenantId, snapshot),
      settings: resolveEach((setting) =>
        unread(setting) ? UNAVAILABLE : resolve(partner[setting], 'partner', everyOtherOrganisation[setting])
      )
    }
  }
  return { everyOtherOrganisation, partners }
}

/** One literal with every setting, so the compiler checks none is missing. */
function resolveEach(
  resolveOne: (setting: EffectiveSetting) => EffectiveSettingValue
): EffectiveConfiguration {
  return {
    inboundTrust: resolveOne('inboundTrust'),
    b2bCollaborationInbound: resolveOne('b2bCollaborationInbound'),
    b2bCollaborationOutbound: resolveOne('b2bCollaborationOutbound'),
    b2bDirectConnectInbound: resolveOne('b2bDirectConnectInbound'),
    b2bDirectConnectOutbound: resolveOne('b2bDirectConnectOutbound'),
    automaticUserConsentSettings: resolveOne('automaticUserConsentSettings'),
    tenantRestrictions: resolveOne('tenantRestrictions'),
    m365CollaborationInbound: resolveOne('m365CollaborationInbound'),
    m365CollaborationOutbound: resolveOne('m365CollaborationOutbound'),
    appServiceConnectInbound: resolveOne('appServiceConnectInbound')
  }
}

const UNAVAILABLE: EffectiveSettingValue = { value: null, source: 'unavailable' }

/** `own` where it is set (attributed to `source`), the level above where it is not. */
function resolve(
  own: JsonValue | undefined,
  source: SettingSource,
  above: EffectiveSettingValue
): EffectiveSettingValue {
  if (isUnset(own)) return above
  const merged = inherit(own ?? null, above.value)
  return merged.usedAbove
    ? { value: merged.value, source, partlyInherited: true }
    : { value: merged.value, source }
}

/**
 * Null inherits, key by key. A target configuration ({accessType, targets}) is one decision and
 * is never mixed with the level above.
 */
function inherit(own: JsonValue, above: JsonValue): { value: JsonValue; usedAbove: boolean } {
  if (isUnset(own)) return { value: above, usedAbove: !isUnset(above) }
  if (!isJsonObject(own) || !isJsonObject(above) || 'accessType' in own)
    return { value: own, usedAbove: false }
  const value: JsonObject = {}
  let usedAbove = false
  for (const key of [...new Set([...Object.keys(own), ...Object.keys(above)])].sort(compareText)) {
    const inner = inherit(own[key] ?? null, above[key] ?? null)
    if (!isUnset(inner.value)) value[key] = inner.value
    usedAbove ||= inner.usedAbove
  }
  return { value, usedAbove }
}
