import type { Snapshot } from './snapshot.js'

/**
 * The name people know a partner tenant by: its organisation's name and default domain as Graph
 * looked them up ("Fabrikam, Ltd (fabrikam.onmicrosoft.com)"), else the name of its sync policy
 * (an admin usually names it after the partner), else the tenant id. The first snapshot that
 * knows a name wins: pass the live one first, so a renamed partner shows its current name.
 */
export function partnerName(tenantId: string, ...snapshots: readonly (Snapshot | undefined)[]): string {
  for (const snapshot of snapshots) {
    const information = snapshot?.tenantInformation?.[tenantId]
    const name = text(information?.displayName)
    const domain = text(information?.defaultDomainName)
    if (name !== undefined && domain !== undefined && name !== domain) return `${name} (${domain})`
    if (name !== undefined || domain !== undefined) return (name ?? domain) as string
  }
  for (const snapshot of snapshots) {
    const name = text(snapshot?.identitySynchronization?.[tenantId]?.displayName)
    if (name !== undefined) return name
  }
  return tenantId
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}
