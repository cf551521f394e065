import { compareText } from '../model/canonical.js'
import { formatBaselineError, parseBaseline } from './baseline.js'
import { inert, plain } from '../render/inert.js'
import type { CloudName } from '../model/snapshot.js'

/**
 * The tenants of a folder of baselines, for a workflow's `strategy.matrix`: each baseline names its
 * tenant and cloud, so the folder is the list and nothing else has to be kept in step with it.
 */

/** The fields of each tenant in the `tenants` output: a workflow reads them as `matrix.tenant.<field>`. */
export const TENANT_LIST_FIELDS = ['tenantId', 'baseline', 'cloud'] as const

export interface TenantEntry {
  /** The tenant GUID the baseline describes. */
  readonly tenantId: string
  /** The baseline's path relative to the workspace, `/`-separated: detect's `baseline` input. */
  readonly baseline: string
  readonly cloud: CloudName
}

export interface BaselineFileText {
  /** Relative to the workspace, `/`-separated. */
  readonly path: string
  readonly text: string
}

export interface TenantListProblem {
  /** One message for the user: what, where, how to fix. */
  readonly message: string
  readonly file: string
  readonly line?: number
  readonly column?: number
}

export type TenantList =
  | { readonly ok: true; readonly tenants: TenantEntry[] }
  | { readonly ok: false; readonly problems: TenantListProblem[] }

/**
 * One entry per baseline, sorted by path. Every file must be a valid baseline and no tenant may
 * have two: two matrix jobs on one tenant would fight over its issues.
 */
export function listTenants(files: readonly BaselineFileText[]): TenantList {
  const tenants: TenantEntry[] = []
  const problems: TenantListProblem[] = []
  for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) {
    const parsed = parseBaseline(file.text, file.path)
    if (!parsed.ok) {
      const { line, column } = parsed.error
      problems.push({
        message: formatBaselineError(parsed.error),
        file: file.path,
        ...(line === undefined ? {} : { line }),
        ...(column === undefined ? {} : { column })
      })
      continue
    }
    tenants.push({ tenantId: parsed.baseline.tenantId, baseline: file.path, cloud: parsed.baseline.cloud })
  }
  const byTenant = new Map<string, string[]>()
  for (const tenant of tenants) {
    const id = tenant.tenantId.toLowerCase()
    byTenant.set(id, [...(byTenant.get(id) ?? []), tenant.baseline])
  }
  for (const [tenantId, paths] of byTenant) {
    if (paths.length < 2) continue
    problems.push({
      message: `Tenant ${tenantId} has ${paths.length} baselines (${paths.map((path) => plain(path, 200)).join(', ')}); keep one per tenant: each would get its own matrix job, and the jobs would fight over the tenant's issues.`,
      file: paths[1] ?? ''
    })
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tenants }
}

/** The job summary: which tenants the fan-out will run. */
export function renderTenantTable(tenants: readonly TenantEntry[], pattern: string): string {
  const rows = tenants.map(
    // The schema has checked tenantId (a GUID) and cloud (an enum); paths are the repository's own names.
    (tenant) => `| \`${tenant.tenantId}\` | ${tenant.cloud} | ${inert(tenant.baseline, 300)} |`
  )
  return [
    `### Tenants: ${tenants.length === 1 ? '1 baseline' : `${tenants.length} baselines`} matching \`${plain(pattern, 200).replaceAll('`', "'")}\``,
    '',
    '| Tenant | Cloud | Baseline |',
    '| --- | --- | --- |',
    ...rows,
    ''
  ].join('\n')
}
