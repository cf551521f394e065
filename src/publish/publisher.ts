import { historyPoint } from '../core/report/history.js'
import { baselineStates, DRIFT_LABEL } from '../core/report/issue-plan.js'
import type { JsonValue } from '../core/model/json.js'
import type { Pseudonyms } from '../core/model/pseudonym.js'
import { sectionOf } from '../core/diff/objects.js'
import { HISTORY_LABEL, renderCurrentNumbers } from '../core/render/render-history.js'
import { ConfigurationError } from '../errors.js'
import { describeGitHubError } from '../github/github-error.js'
import type { ConnectGitHub, GitHubRepository } from '../github/github.js'
import type { Inputs } from '../inputs.js'
import type { DetectResult, PublishOutcome } from '../modes/outcome.js'
import { recordHistory } from './publish-history.js'
import { publishIssues } from './publish-issues.js'
import { publishPullRequest, type PullRequestOperation } from './publish-pull-request.js'
import type { Disclosure } from '../runtime/disclosure.js'
import type { LineLog } from '../runtime/logger.js'
import { factsOfSnapshot } from '../core/report/identifying-facts.js'
import type { Snapshot } from '../core/model/snapshot.js'
import { snapshotDocument } from '../core/baseline/snapshot-file.js'
import { cloudGapReason } from '../core/model/cloud-properties.js'
import { OwnersError, parseOwners, type OwnersMap } from '../core/report/owners.js'
import type { TriageContext } from '../core/report/triage.js'
import { branchName } from './publish-pull-request.js'

/** What the runner tells us about the repository and the event. */
export interface GitHubEnvironment {
  /** `owner/repo` (GITHUB_REPOSITORY). */
  readonly repository: string | undefined
  readonly log: LineLog
  /** GITHUB_RUN_ID: the history records each workflow run once, however often it is re-run. */
  readonly runId?: string | undefined
  /** GITHUB_RUN_ATTEMPT: the run link names the attempt. */
  readonly runAttempt?: string | undefined
  /** GITHUB_SERVER_URL (https://github.com, or a GitHub Enterprise Server): every link starts with it. */
  readonly serverUrl?: string | undefined
  /** GITHUB_SHA: the commit whose baseline the run read; baseline lines are linked at it. */
  readonly sha?: string | undefined
  /** Reads a workspace file (the owners map); undefined when it does not exist. */
  readonly readFile?: ((path: string) => Promise<string | undefined>) | undefined
  /** Opens the repository with the github-token (Octokit in the action, in-memory fakes in tests). */
  readonly connect: ConnectGitHub
}

export type Publish = (result: DetectResult) => Promise<PublishOutcome>

/**
 * Publishes detect's findings as `on-drift` asks: issues, the baseline pull request, both, or nothing.
 * Nothing is concluded about what was not observed: issues of objects in sections that were not
 * compared are left alone, and no pull request is proposed from an incomplete snapshot. With issues
 * (on-drift issue or both, which hold issues: write) the run is also added to the tenant's history tracking
 * issue, and the job summary gets the trend; otherwise it gets this run's numbers.
 */
export function createPublisher(
  inputs: Inputs,
  baselinePath: string,
  env: GitHubEnvironment,
  disclosure: Disclosure
): Publish {
  return async (result) => {
    const outputs: Record<string, string> = { issues: '[]', 'pull-request': '' }
    const failures: string[] = []
    let summary = renderCurrentNumbers(historyPoint(result.report, result.live))
    if (inputs.onDrift === 'none') return { outputs, summary }
    const github = openRepository(inputs, env, disclosure)
    const redaction = disclosure.context()
    const { pseudonyms } = disclosure
    const { report, markdown } = result
    const baselineText = await result.readBaselineText()

    if (inputs.onDrift === 'issue' || inputs.onDrift === 'both') {
      const issues = await publishDriftIssues(
        { inputs, baselinePath, env, disclosure, github },
        result,
        baselineText
      )
      outputs.issues = issues.issues
      failures.push(...issues.failures)
      if (issues.summary !== undefined) summary = issues.summary
    }

    if (inputs.onDrift === 'pull-request' || inputs.onDrift === 'both') {
      if (result.completeSnapshot === undefined) {
        env.log.warning(
          'No baseline pull request: the snapshot is incomplete, and a baseline is never made of missing data.'
        )
      } else if (disclosure.redact && !inputs.allowPublicBaselinePullRequest) {
        env.log.warning(
          'No baseline pull request: identifiers are redacted here (the repository is not private, or redact: true), and the proposal would publish the live snapshot with its ids, names and drift nobody has accepted yet. Set allow-public-baseline-pull-request: true to propose it anyway.'
        )
      } else {
        const pull = await publishPullRequest({
          github,
          tenantId: report.tenantId,
          baselinePath,
          snapshot: snapshotDocument(result.completeSnapshot),
          baselineText,
          reportMarkdown: markdown,
          driftDetected: report.driftDetected,
          redaction,
          pseudonyms,
          log: env.log
        })
        outputs['pull-request'] =
          pull.number === undefined || pull.operation === 'closed' ? '' : String(pull.number)
      }
    }
    return { outputs, summary, ...(failures.length > 0 ? { failures } : {}) }
  }
}

interface PublishingContext {
  readonly inputs: Inputs
  readonly baselinePath: string
  readonly env: GitHubEnvironment
  readonly disclosure: Disclosure
  readonly github: GitHubRepository
}

/**
 * The drift issues and the history tracking issue (on-drift issue or both). A function of its own
 * so that what the issues needed (the triage block's parsed baseline: megabytes at thousands of
 * partners) is garbage before a pull request is proposed.
 */
async function publishDriftIssues(
  { inputs, baselinePath, env, disclosure, github }: PublishingContext,
  result: DetectResult,
  baselineText: string | undefined
): Promise<{ issues: string; failures: string[]; summary?: string }> {
  const redaction = disclosure.context()
  const { pseudonyms } = disclosure
  const { report } = result
  // Only issues and comments this account wrote are the bot's: look-alikes carrying our marker are left alone.
  const identity = await github.account.identify()
  if (!identity.ok) return { issues: '[]', failures: [`No drift issue was written: ${identity.error}`] }
  env.log.info(`Issues and comments written by ${identity.identity.login} are this action's own.`)
  const blocked =
    result.blocked.length > 0
      ? `some of the tenant could not be read (${result.blocked.join(', ')}), and a run that failed edits no issue`
      : undefined
  const triage = await triageContext(inputs, baselinePath, env, result, baselineText, {
    github,
    branch: branchName(report.tenantId, disclosure.redact, pseudonyms)
  })
  const published = await publishIssues({
    tracker: github.issues(DRIFT_LABEL, identity.identity),
    findings: report.findings,
    observed: (kind) => isObserved(result.notCompared, sectionOf(kind)),
    tenantId: report.tenantId,
    options: {
      minSeverity: inputs.issueMinSeverity,
      labels: inputs.labels,
      assignees: inputs.assignees,
      redaction,
      pseudonyms,
      maxIssuesPerRun: inputs.maxIssuesPerRun,
      triage
    },
    log: env.log,
    blocked,
    baselineStates: statesOf(baselineText, report.tenantId, pseudonyms),
    baselineHistory: { port: github.baselineHistory, path: repositoryPath(baselinePath) }
  })
  const issues = JSON.stringify(published.issueNumbers)
  const failures = [...published.failures]
  if (blocked !== undefined) {
    env.log.info('The history tracking issue is not updated either: this run is incomplete.')
    return { issues, failures }
  }
  try {
    const history = await recordHistory({
      tracker: github.issues(HISTORY_LABEL, identity.identity),
      report,
      live: result.live,
      redaction,
      pseudonyms,
      log: env.log,
      ...(env.runId ? { run: env.runId } : {}),
      ...(published.open === undefined ? {} : { open: { drifts: published.open, now: triage.now } })
    })
    return { issues, failures, summary: history.summary }
  } catch (error) {
    failures.push(`recording this run in the history tracking issue: ${describeGitHubError(error)}`)
    return { issues, failures }
  }
}

/**
 * What each issue's triage block needs: the run and baseline links (GITHUB_SERVER_URL, so GitHub
 * Enterprise Server works), the open accept-drift pull request, the owners map, response times and
 * the run's clock, and the partner policy's tiers (an owners entry by tier matches nothing without a policy).
 */
async function triageContext(
  inputs: Inputs,
  baselinePath: string,
  env: GitHubEnvironment,
  result: DetectResult,
  baselineText: string | undefined,
  pulls: { github: GitHubRepository; branch: string }
): Promise<TriageContext> {
  const server = (env.serverUrl ?? 'https://github.com').replace(/\/+$/, '')
  const repository = env.repository
  const runUrl =
    repository === undefined || env.runId === undefined
      ? undefined
      : `${server}/${repository}/actions/runs/${env.runId}${env.runAttempt ? `/attempts/${env.runAttempt}` : ''}`
  const baselineUrl =
    repository === undefined || env.sha === undefined
      ? undefined
      : `${server}/${repository}/blob/${env.sha}/${repositoryPath(baselinePath)}`
  return {
    now: result.now ?? new Date().toISOString(),
    runUrl,
    // The action does not upload the report itself: the run page lists the workflow's artifacts.
    artifactUrl: runUrl === undefined ? undefined : `${runUrl}#artifacts`,
    baselineUrl,
    baselineText,
    acceptPullRequest: inputs.onDrift === 'both' ? await openProposal(pulls, env.log) : undefined,
    responseTimes: inputs.responseTimes,
    owners: await readOwners(inputs, env),
    tierOf: result.tierOf
  }
}

/** The open accept-drift pull request from an earlier run, if the token may see it. */
async function openProposal(
  pulls: { github: GitHubRepository; branch: string },
  log: LineLog
): Promise<{ number: number } | undefined> {
  try {
    const open = (await pulls.github.pullRequests.listForBranch(pulls.branch)).find(
      (pull) => pull.state === 'open'
    )
    return open === undefined ? undefined : { number: open.number }
  } catch (error) {
    log.info(`The open accept-drift pull request could not be looked up: ${describeGitHubError(error)}.`)
    return undefined
  }
}

/** The owners map named by owners-file; a named file that does not exist or is invalid is a ConfigurationError. */
async function readOwners(inputs: Inputs, env: GitHubEnvironment): Promise<OwnersMap | undefined> {
  const file = inputs.ownersFile
  if (file === undefined) return undefined
  const text = env.readFile === undefined ? undefined : await env.readFile(file)
  if (text === undefined) {
    throw new ConfigurationError(
      `Input 'owners-file' names ${file}, which does not exist. Commit the owners map there (next to the baselines), or leave owners-file empty.`
    )
  }
  try {
    return parseOwners(text, file)
  } catch (error) {
    if (error instanceof OwnersError) throw new ConfigurationError(`Input 'owners-file': ${error.message}`)
    throw error
  }
}

/** Each baseline object's value token; empty when the text is not JSON (it was parsed before, so it is). */
function statesOf(text: string | undefined, tenantId: string, pseudonyms: Pseudonyms): Map<string, string> {
  if (text === undefined) return new Map()
  try {
    return baselineStates(JSON.parse(text) as JsonValue, tenantId, pseudonyms)
  } catch {
    return new Map()
  }
}

/** The path as GitHub names it in the repository: no leading './'. */
function repositoryPath(path: string): string {
  return path.replace(/^(\.\/)+/, '')
}

/** The repository to publish to, or a ConfigurationError naming what is missing. */
function openRepository(inputs: Inputs, env: GitHubEnvironment, disclosure: Disclosure): GitHubRepository {
  const token = inputs.githubToken
  if (token === undefined) {
    throw new ConfigurationError(
      `Input 'github-token' is empty, but on-drift: ${inputs.onDrift} needs it (the default \${{ github.token }} works with permissions: ${permissionsNeeded(inputs).join(', ')}).`
    )
  }
  const [owner, repo] = (env.repository ?? '').split('/')
  if (!owner || !repo) {
    throw new ConfigurationError(
      'GITHUB_REPOSITORY is not set: publishing needs to know the repository (owner/repo).'
    )
  }
  const github = env.connect(token, { owner, repo })
  const refused = disclosure.unkeyedMarkersRefused
  if (refused !== undefined) {
    throw new ConfigurationError(`Nothing was published to GitHub: ${refused}.`)
  }
  return github
}

/** The token's permissions publishing needs: snapshot mode writes no issue. */
function permissionsNeeded(inputs: Inputs): string[] {
  const issues = inputs.mode !== 'snapshot' && inputs.onDrift !== 'pull-request'
  const pullRequests = inputs.onDrift !== 'issue'
  return [
    ...(issues ? ['issues: write'] : []),
    ...(pullRequests ? ['contents: write', 'pull-requests: write'] : [])
  ]
}

/** Opens (or keeps up to date) the pull request adding a tenant's first baseline. */
export type ProposeFirstBaseline = (first: FirstBaseline) => Promise<ProposedFirstBaseline>

export interface FirstBaseline {
  readonly snapshot: Snapshot
  /** The snapshot as the baseline file's text. */
  readonly snapshotText: string
}

export interface ProposedFirstBaseline {
  /** The open pull request's number; undefined when none is open. */
  readonly number: number | undefined
  readonly operation: PullRequestOperation
  /** A person closed the pull request proposing this very baseline without merging it: it is not proposed again. */
  readonly dismissed?: number
}

/** Whether this run bootstraps a missing baseline through a pull request: on-drift pull-request or both, in Actions. */
export function bootstrapsBaseline(inputs: Inputs): boolean {
  return inputs.onDrift === 'pull-request' || inputs.onDrift === 'both'
}

/**
 * The first baseline, proposed as a pull request "Add baseline for <tenant>" by the accept-drift
 * machinery (same branch, same respect for people's commits and closed proposals), so that a later
 * run while it is open updates it instead of opening another. Checked before the tenant is read:
 * a ConfigurationError says what is missing, and where identifiers are redacted the baseline (the
 * tenant's ids, names and domains) is only proposed with allow-public-baseline-pull-request.
 */
export function firstBaselineProposer(
  inputs: Inputs,
  baselinePath: string,
  tenantId: string,
  env: GitHubEnvironment,
  disclosure: Disclosure
): ProposeFirstBaseline {
  const github = openRepository(inputs, env, disclosure)
  if (disclosure.redact && !inputs.allowPublicBaselinePullRequest) {
    throw new ConfigurationError(
      `No pull request adding ${baselinePath} was opened: identifiers are redacted here (the repository is not private, or redact: true), and a baseline holds the tenant's ids, names and domains, on a branch anyone can read. Set allow-public-baseline-pull-request: true to propose it anyway, or create the baseline with the CLI's snapshot command and commit it where you choose.`
    )
  }
  return async ({ snapshot, snapshotText }) => {
    // The description names what the snapshot holds: its names and domains are redacted like the report's.
    disclosure.learn(factsOfSnapshot(snapshot))
    const pull = await publishPullRequest({
      github,
      tenantId,
      baselinePath,
      snapshot: snapshotText,
      title: `Add baseline for ${tenantId}`,
      reportMarkdown: firstBaselineDescription(snapshot, baselinePath),
      // There is no baseline yet: everything is new, and a pull request is what the run is for.
      driftDetected: true,
      redaction: disclosure.context(),
      pseudonyms: disclosure.pseudonyms,
      log: env.log
    })
    if (pull.number === undefined || pull.operation === 'closed') {
      return { number: undefined, operation: pull.operation }
    }
    if (pull.operation === 'unchanged') {
      if ((await github.pullRequests.state(pull.number)) !== 'open')
        return { number: undefined, operation: pull.operation, dismissed: pull.number }
    }
    return { number: pull.number, operation: pull.operation }
  }
}

/** What a reviewer of the first baseline needs to know before merging it; no timestamp, so a rerun leaves it as is. */
export function firstBaselineDescription(snapshot: Snapshot, baselinePath: string): string {
  // Properties the cloud's Graph lacks are never read there: no later snapshot will hold them.
  const gap = cloudGapReason(snapshot.cloud)
  const entries = Object.entries(snapshot.unavailable ?? {})
  const unavailable = entries.filter(([, reason]) => reason !== gap)
  const missing = entries.filter(([, reason]) => reason === gap).map(([name]) => `\`${name}\``)
  const counts = [
    ['partner configurations', Object.keys(snapshot.partners ?? {}).length],
    ['Conditional Access policies', Object.keys(snapshot.conditionalAccessPolicies ?? {}).length],
    ['named locations', Object.keys(snapshot.namedLocations ?? {}).length]
  ] as const
  return [
    `## First baseline for tenant ${snapshot.tenantId}`,
    '',
    `This pull request adds \`${baselinePath}\`: the tenant's B2B settings as this workflow read them from Microsoft Graph. Once it is merged, every detect run compares the tenant with this file and reports what moved.`,
    '',
    `It holds ${counts.map(([what, count]) => `${count} ${what}`).join(', ')}.`,
    '',
    'Review it before merging: whatever it holds is what "no drift" means from now on. Fix in the tenant what you would not accept (an unknown partner, a policy left in report-only), then run this workflow again: it updates this pull request.',
    '',
    "A pull request opened with the workflow's `GITHUB_TOKEN` starts no other workflow: the baseline pull-request check runs on it only when `github-token` is a GitHub App token.",
    ...(unavailable.length === 0
      ? []
      : [
          '',
          'Not read, so not compared later until a snapshot that reads them is accepted:',
          ...unavailable.map(([section, reason]) => `- ${section}: ${reason}`)
        ]),
    ...(missing.length === 0
      ? []
      : [
          '',
          `Not in the ${snapshot.cloud} cloud's Graph v1.0, so never compared there: ${missing.join(', ')}.`
        ])
  ].join('\n')
}

/**
 * A section was observed when it was compared. Guests count as observed when their core figures
 * were: a stale count the app may never read (no AuditLog.Read.All) must not pin the issue open.
 */
function isObserved(notCompared: ReadonlySet<string>, section: string): boolean {
  if (section !== 'guests') return !notCompared.has(section)
  return !['guests', 'guests.total', 'guests.pendingAcceptance'].some((figure) => notCompared.has(figure))
}
