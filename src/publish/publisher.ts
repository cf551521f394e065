import { historyPoint } from '../core/history.js'
import { DRIFT_LABEL } from '../core/issue-plan.js'
import { sectionOf } from '../core/objects.js'
import { HISTORY_LABEL, renderCurrentNumbers } from '../core/render-history.js'
import { ConfigurationError } from '../errors.js'
import { OctokitIssueTracker } from '../github/issue-tracker.js'
import { createOctokit, type GitHubLog } from '../github/octokit.js'
import type { Inputs } from '../inputs.js'
import type { DetectResult, PublishOutcome } from '../run-detect.js'
import { recordHistory } from './publish-history.js'
import { publishIssues } from './publish-issues.js'
import { publishPullRequest } from './publish-pull-request.js'
import { shouldRedact, type RepositoryVisibility } from './repository-visibility.js'

/** What the runner tells us about the repository and the event. */
export interface GitHubEnvironment {
  /** `owner/repo` (GITHUB_REPOSITORY). */
  readonly repository: string | undefined
  /** The event payload's `repository` (GITHUB_EVENT_PATH), when there is one. */
  readonly payloadRepository: RepositoryVisibility | undefined
  readonly log: GitHubLog
  /** GITHUB_RUN_ID: the history records each workflow run once, however often it is re-run. */
  readonly runId?: string | undefined
}

export type Publish = (result: DetectResult) => Promise<PublishOutcome>

/**
 * Publishes detect's findings as `on-drift` asks: issues, the baseline pull request, both, or nothing.
 * Nothing is concluded about what was not observed: issues of objects in sections that were not
 * compared are left alone, and no pull request is proposed from an incomplete snapshot. With issues
 * (on-drift issue or both, which hold issues: write) the run is also added to the tenant's history tracking
 * issue, and the job summary gets the trend; otherwise it gets this run's numbers.
 */
export function createPublisher(inputs: Inputs, baselinePath: string, env: GitHubEnvironment): Publish {
  return async (result) => {
    const outputs: Record<string, string> = { issues: '[]', 'pull-request': '' }
    let summary = renderCurrentNumbers(historyPoint(result.report, result.live))
    if (inputs.onDrift === 'none') return { outputs, summary }
    const token = inputs.githubToken
    if (token === undefined) {
      throw new ConfigurationError(
        `Input 'github-token' is empty, but on-drift: ${inputs.onDrift} needs it (the default \${{ github.token }} works with permissions: issues: write${inputs.onDrift === 'issue' ? '' : ', contents: write, pull-requests: write'}).`
      )
    }
    const [owner, repo] = (env.repository ?? '').split('/')
    if (!owner || !repo) {
      throw new ConfigurationError(
        'GITHUB_REPOSITORY is not set: publishing needs to know the repository (owner/repo).'
      )
    }
    const octokit = createOctokit(token, { log: env.log })
    const redact = await shouldRedact(inputs.redact, env.payloadRepository, async () => {
      const { data } = await octokit.rest.repos.get({ owner, repo })
      return { private: data.private, visibility: data.visibility }
    })
    if (redact) {
      env.log.info(
        'Redacting tenant ids, object ids, domains and user principal names in issue and pull request text (redact: ' +
          `${inputs.redact}${inputs.redact === 'auto' ? ', the repository is not private' : ''}).`
      )
    }
    const { report, markdown } = result
    const knownDomains = domainsIn(result)

    if (inputs.onDrift === 'issue' || inputs.onDrift === 'both') {
      const { issueNumbers } = await publishIssues({
        tracker: new OctokitIssueTracker(octokit, { owner, repo }, DRIFT_LABEL),
        findings: report.findings,
        observed: (kind) => isObserved(result.notCompared, sectionOf(kind)),
        tenantId: report.tenantId,
        options: {
          minSeverity: inputs.issueMinSeverity,
          labels: inputs.labels,
          assignees: inputs.assignees,
          redact,
          knownDomains
        },
        log: env.log
      })
      outputs.issues = JSON.stringify(issueNumbers)
      const history = await recordHistory({
        tracker: new OctokitIssueTracker(octokit, { owner, repo }, HISTORY_LABEL),
        report,
        live: result.live,
        redact,
        log: env.log,
        ...(env.runId ? { run: env.runId } : {})
      })
      summary = history.summary
    }

    if (inputs.onDrift === 'pull-request' || inputs.onDrift === 'both') {
      if (result.snapshotText === undefined) {
        env.log.warning(
          'No baseline pull request: the snapshot is incomplete, and a baseline is never made of missing data.'
        )
      } else {
        const pull = await publishPullRequest({
          octokit,
          owner,
          repo,
          tenantId: report.tenantId,
          baselinePath,
          snapshotJson: result.snapshotText,
          baselineText: result.baselineText,
          reportMarkdown: markdown,
          driftDetected: report.driftDetected,
          redact,
          knownDomains,
          log: env.log
        })
        outputs['pull-request'] =
          pull.number === undefined || pull.operation === 'closed' ? '' : String(pull.number)
      }
    }
    return { outputs, summary }
  }
}

/**
 * A section was observed when it was compared. Guests count as observed when their core figures
 * were: a stale count the app may never read (no AuditLog.Read.All) must not pin the issue open.
 */
function isObserved(notCompared: ReadonlySet<string>, section: string): boolean {
  if (section !== 'guests') return !notCompared.has(section)
  return !['guests', 'guests.total', 'guests.pendingAcceptance'].some((figure) => notCompared.has(figure))
}

/**
 * Domains the tenant's own data names (SharePoint sharing lists, in the live snapshot and in the
 * findings' baseline values), so that redaction catches them whatever their top-level domain.
 */
function domainsIn(result: DetectResult): string[] {
  const domains = new Set<string>()
  const collect = (value: unknown): void => {
    if (typeof value === 'string' && value.includes('.')) domains.add(value)
    else if (Array.isArray(value)) for (const item of value) collect(item)
  }
  const sharepoint = result.live.sharepointSettings
  collect(sharepoint?.sharingAllowedDomainList)
  collect(sharepoint?.sharingBlockedDomainList)
  for (const finding of result.report.findings) {
    for (const change of finding.changes) {
      if (/domain/i.test(change.path)) {
        collect(change.before)
        collect(change.after)
      }
    }
  }
  return [...domains]
}
