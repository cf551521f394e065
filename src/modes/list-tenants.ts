import { posix } from 'node:path'
import { baselineGlob } from '../github/pull-request-files.js'
import { plain } from '../core/render/inert.js'
import {
  listTenants,
  renderTenantTable,
  type BaselineFileText,
  type TenantEntry
} from '../core/baseline/tenant-list.js'
import { ConfigurationError } from '../errors.js'
import type { Logger } from '../runtime/logger.js'
import type { ModeOutcome } from './outcome.js'

export interface ListTenantsOptions {
  /** The `baseline` input: a glob, `<tenant-id>` standing for any tenant (default here `baselines/*.json`). */
  readonly pattern: string
  /** The checkout (GITHUB_WORKSPACE): the glob and the output paths are relative to it. */
  readonly workspace: string
  /** Reads a file by its path (workspace joined with the relative path); undefined when it is gone. */
  readonly readFile: (path: string) => Promise<string | undefined>
  /** Files under `cwd` matching `pattern`, `/`-separated and relative to `cwd` (listWorkspaceFiles). */
  readonly listFiles: (pattern: string, cwd: string) => Promise<string[]>
  readonly writeSummary: (markdown: string) => Promise<void>
  readonly log: Logger
  /** The partner policy (relative to the workspace): it may sit among the baselines, and is not one. */
  readonly policyPath?: string
}

/**
 * The most jobs one matrix may generate: "A matrix will generate a maximum of 256 jobs per workflow
 * run" (GitHub Docs, workflow syntax, jobs.<job_id>.strategy.matrix). A larger matrix fails the
 * run ("Strategy expansion exceeded 256 results for job ..."), so past 256 tenants the list goes
 * out in chunks, one matrix job per chunk. Fixed, not an input: a smaller chunk buys nothing that
 * `max-parallel` does not give, and GitHub's limit is the same for every repository.
 */
export const MATRIX_JOB_LIMIT = 256

/** `tenants` in order, cut into arrays of at most `size`: chunk i is fromJSON(...)[i] in a workflow. */
export function chunkTenants(tenants: readonly TenantEntry[], size = MATRIX_JOB_LIMIT): TenantEntry[][] {
  const chunks: TenantEntry[][] = []
  for (let start = 0; start < tenants.length; start += size) chunks.push(tenants.slice(start, start + size))
  return chunks
}

/**
 * `mode: list-tenants`: the tenants of the baselines in the repository, as the JSON output `tenants`
 * (`[{ tenantId, baseline, cloud }]`, sorted by path) for a workflow's `strategy.matrix`, and the
 * same list as `tenant-chunks` (arrays of at most 256, GitHub's matrix limit) for more tenants than
 * one matrix takes. Reads no tenant: it needs neither Graph nor credentials, only the checkout.
 */
export async function runListTenants(options: ListTenantsOptions): Promise<ModeOutcome> {
  const pattern = workspacePattern(options.pattern)
  const policy = options.policyPath === undefined ? undefined : posix.normalize(options.policyPath)
  const paths = (await options.listFiles(pattern, options.workspace)).filter(
    (path) => posix.normalize(path) !== policy
  )
  if (paths.length === 0) {
    return {
      outputs: { tenants: '[]', 'tenant-chunks': '[]' },
      failure: `No baseline file matches ${plain(pattern, 200)} in the workspace. Check the repository out first (actions/checkout), and create a baseline per tenant with mode: snapshot.`
    }
  }
  const files: BaselineFileText[] = []
  for (const path of paths) {
    const text = await options.readFile(posix.join(options.workspace.split('\\').join('/'), path))
    if (text !== undefined) files.push({ path, text })
  }

  const listed = listTenants(files)
  if (!listed.ok) {
    for (const problem of listed.problems) {
      options.log.error(problem.message, {
        file: problem.file,
        ...(problem.line === undefined ? {} : { line: problem.line }),
        ...(problem.column === undefined ? {} : { column: problem.column })
      })
    }
    return {
      outputs: { tenants: '[]', 'tenant-chunks': '[]' },
      failure: `The tenant list needs every matching file to be a valid baseline:\n${listed.problems.map((problem) => problem.message).join('\n')}`
    }
  }
  await options.writeSummary(renderTenantTable(listed.tenants, pattern))
  options.log.info(
    `${listed.tenants.length} tenant(s): ${listed.tenants.map((tenant) => plain(tenant.baseline, 200)).join(', ')}`
  )
  return {
    outputs: {
      tenants: JSON.stringify(listed.tenants),
      'tenant-chunks': JSON.stringify(chunkTenants(listed.tenants))
    },
    report: listed.tenants
      .map((tenant) => `${tenant.tenantId}  ${tenant.cloud}  ${plain(tenant.baseline, 200)}`)
      .join('\n')
  }
}

/** The glob relative to the workspace; a glob that leaves it would list files that are not the repository's. */
function workspacePattern(input: string): string {
  const pattern = baselineGlob(input.trim() || 'baselines/*.json')
  if (posix.isAbsolute(pattern) || pattern.split('/').includes('..')) {
    throw new ConfigurationError(
      `Input 'baseline' must be a glob inside the repository (e.g. baselines/*.json) in mode list-tenants; got '${plain(input, 200)}'.`
    )
  }
  return pattern
}
