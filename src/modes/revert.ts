import { credentialFactory } from '../auth/credential.js'
import { collectSnapshot } from '../collectors/collect.js'
import { COLLECTORS } from '../collectors/registry.js'
import { formatBaselineError, parseBaseline } from '../core/baseline/baseline.js'
import { sectionOf } from '../core/diff/objects.js'
import { OBJECT_KINDS, type ObjectKind } from '../core/model/finding.js'
import type { Snapshot } from '../core/model/snapshot.js'
import { parseIssueMarker, tenantMarkerPrefix } from '../core/render/render-issue.js'
import {
  renderRevertRefused,
  renderRevertResult,
  requestText,
  type RevertRecord
} from '../core/render/render-revert.js'
import { DRIFT_LABEL } from '../core/report/issue-plan.js'
import { factsOfSnapshot } from '../core/report/identifying-facts.js'
import { planRevert, verifyRevert, type RevertRequest } from '../core/revert/revert-plan.js'
import { ConfigurationError, errorMessage } from '../errors.js'
import { describeGitHubError } from '../github/github-error.js'
import type { GitHubRepository } from '../github/github.js'
import type { IssueTracker } from '../github/issue-tracker.js'
import { openGraphWriter, type GraphWriter, type WriteResult } from '../graph/graph-writer.js'
import type { GitHubEnvironment } from '../publish/publisher.js'
import type { Disclosure } from '../runtime/disclosure.js'
import type { ModeOutcome } from './outcome.js'
import type { HostEnvironment, RunContext } from './run-context.js'
import { describeProblems } from './snapshot.js'

/**
 * Roles that may push to the repository, and so may ask for a revert. Here rather than next to the
 * Octokit adapter, so that the CLI bundle (which reaches this module) does not pull in Octokit.
 */
const WRITE_ROLES: ReadonlySet<string> = new Set(['admin', 'maintain', 'write'])

/** The comment that asks for a revert: `/entra-drift revert`, optionally naming one finding. */
const COMMAND = /^\s*\/entra-drift\s+revert(?:\s+(\S+))?\s*$/

export interface RevertOptions {
  readonly baselinePath: string
  /** The repository and run; without it (outside Actions) nothing can be asked or recorded. */
  readonly github: GitHubEnvironment | undefined
  readonly disclosure: Disclosure
  readonly writeSummary: (markdown: string) => Promise<void>
  /** For the writer's credential (the same inputs as the reader's: revert's job signs in as its own app). */
  readonly host: HostEnvironment
  /** Tests hand in their own; by default the writer is built here, the one place allowed to. */
  readonly openWriter?: () => GraphWriter
}

/** Who asked for which issue, from the inputs and the event payload. */
type RevertAsk =
  | { readonly kind: 'ask'; readonly issue: number; readonly requester: string; readonly finding?: string }
  | { readonly kind: 'ignore'; readonly why: string }

/**
 * `mode: revert`: puts one drift issue's finding back, once, as the finding's own remediation
 * says, after checking through GitHub's API that the person who asked may write to the repository
 * and that the run's environment was approved, and through Graph that the live object still drifts
 * exactly as the issue recorded. The finding is recomputed from the baseline and the live object,
 * never read from the issue's text. The request is sent once; the object is read back and compared
 * with the baseline; the issue gets the record, and is closed when the object matches again.
 */
export async function runRevert(context: RunContext, options: RevertOptions): Promise<ModeOutcome> {
  const { log } = context
  const ask = await readAsk(context, options.host)
  if (ask.kind === 'ignore') {
    log.info(`Nothing to revert: ${ask.why}.`)
    return { outputs: { 'revert-result': 'ignored' } }
  }
  const github = openRepository(context, options.github)
  const identity = await github.account.identify()
  if (!identity.ok)
    throw new ConfigurationError(`mode: revert cannot tell the bot's own issues: ${identity.error}`)
  const tracker = github.issues(DRIFT_LABEL, identity.identity)
  const record: RevertRecord = {
    requester: ask.requester,
    approvers: [],
    runUrl: runUrl(options.host.environment)
  }
  const dryRun = context.inputs.dryRun

  // 1. The issue: one of this action's own drift issues of this tenant, still open (a comment anywhere else gets no answer).
  const prefix = tenantMarkerPrefix(context.tenantId, options.disclosure.pseudonyms)
  const issue = (await tracker.listTracked(prefix)).find((candidate) => candidate.number === ask.issue)
  const marker = issue === undefined ? undefined : parseIssueMarker(issue.body)
  if (issue === undefined || marker === undefined) {
    return refused(
      `issue #${ask.issue} is not a drift issue this action opened for tenant ${options.disclosure.tenantLabel(context.tenantId)}`,
      { tracker: undefined, issue: ask.issue, record, dryRun, options, context }
    )
  }
  if (issue.state !== 'open') {
    return refused(`issue #${ask.issue} is closed: its drift was resolved or dismissed`, {
      tracker: undefined,
      issue: ask.issue,
      record,
      dryRun,
      options,
      context
    })
  }

  // 2. The person: their role, asked of GitHub (never taken from the payload's author_association).
  const role = await github.access.permissionOf(ask.requester)
  if (!WRITE_ROLES.has(role)) {
    return refused(
      `${ask.requester} has the role '${role}' on this repository; only people with write, maintain or admin access may ask for a revert`,
      { tracker, issue: ask.issue, record, dryRun, options, context }
    )
  }
  log.info(`${ask.requester} asked for the revert of issue #${ask.issue}; GitHub says their role is ${role}.`)

  // 3. The approval: the run's environment reviews, from GitHub.
  const runId = options.github?.runId
  const approvals = runId ? await github.access.approvalsOf(runId) : []
  const approvers = [
    ...new Set(approvals.filter((entry) => entry.state === 'approved').map((entry) => entry.login))
  ]
  const approved: RevertRecord = { ...record, approvers }
  if (approvers.length === 0 && !dryRun) {
    return refused(
      'no reviewer approved this workflow run: run the revert job in an environment with required reviewers (examples/revert.yml: environment entra-revert)',
      { tracker, issue: ask.issue, record: approved, dryRun, options, context }
    )
  }

  // 4. The finding, recomputed from the baseline and the live object.
  const baseline = await readBaseline(context, options.baselinePath)
  const kind = asObjectKind(marker.kind)
  if (kind === undefined) {
    return refused(`issue #${ask.issue} names no known kind of object ('${marker.kind}')`, {
      tracker,
      issue: ask.issue,
      record: approved,
      dryRun,
      options,
      context
    })
  }
  const live = await readSection(context, kind)
  if (typeof live === 'string') {
    return refused(live, { tracker, issue: ask.issue, record: approved, dryRun, options, context })
  }
  options.disclosure.learn(factsOfSnapshot(baseline))
  options.disclosure.learn(factsOfSnapshot(live))
  const today = context.now.toISOString().slice(0, 10)
  const plan = planRevert({
    baseline,
    live,
    tenantId: context.tenantId,
    marker,
    pseudonyms: options.disclosure.pseudonyms,
    today,
    requested: ask.finding
  })
  if (!plan.ok) {
    return refused(plan.reason, { tracker, issue: ask.issue, record: approved, dryRun, options, context })
  }
  log.info(
    `The request that reverts "${plan.finding.summary}" (needs ${plan.permissions.join(' and ')}):\n${requestText(plan.request)}`
  )

  if (dryRun) {
    await options.writeSummary(
      options.disclosure.text(
        `### Dry run: revert of issue #${ask.issue}\n\nEvery check passed; this request was not sent:\n\n\`\`\`http\n${requestText(plan.request)}\n\`\`\`\n`
      )
    )
    log.info('Dry run: the request was not sent, and the issue was not written to.')
    return { outputs: { 'revert-result': 'dry-run' } }
  }

  // 5. The write, once.
  const writer = (options.openWriter ?? (() => writerFor(context, options.host)))()
  const answer = await log.group('Writing to Microsoft Graph', () =>
    sendOnce(writer, plan.request, plan.permissions)
  )
  log.info(
    answer.ok
      ? `Graph answered ${answer.status}.`
      : `Graph refused the write (${answer.status}): ${answer.error ?? ''}`
  )

  // 6. The read-back, and the record.
  let verification
  if (answer.ok) {
    const reread = await readSection(context, kind)
    verification =
      typeof reread === 'string'
        ? { reverted: false, objectMatches: false, remaining: [reread] }
        : verifyRevert(baseline, reread, plan.finding, today)
  }
  const comment = renderRevertResult(approved, plan.finding, plan.request, answer, verification)
  await tracker.comment(ask.issue, options.disclosure.text(comment))
  const result = !answer.ok
    ? 'failed'
    : verification?.objectMatches === true
      ? 'reverted'
      : verification?.reverted === true
        ? 'partial'
        : 'failed'
  if (result === 'reverted') {
    await tracker.close(ask.issue, 'completed')
    log.info(`Issue #${ask.issue} closed as completed: the object matches the baseline again.`)
  }
  const outputs = { 'revert-result': result }
  if (!answer.ok) {
    return {
      outputs,
      failure: `Microsoft Graph refused the revert of issue #${ask.issue} (${answer.status === 0 ? 'no answer' : answer.status}): ${answer.error ?? ''}. It was not sent again; the issue stays open.`
    }
  }
  if (result === 'failed') {
    return {
      outputs,
      failure: `The revert of issue #${ask.issue} was sent and accepted, but the object does not read back as the baseline; see the comment on the issue.`
    }
  }
  return { outputs }
}

/** Says why nothing was written: in the log, on the issue (unless a dry run, or the issue is not ours), and as the failure. */
async function refused(
  reason: string,
  where: {
    tracker: IssueTracker | undefined
    issue: number
    record: RevertRecord
    dryRun: boolean
    options: RevertOptions
    context: RunContext
  }
): Promise<ModeOutcome> {
  const message = `Revert of issue #${where.issue} refused, nothing was written to the tenant: ${reason}`
  if (where.tracker !== undefined && !where.dryRun) {
    try {
      await where.tracker.comment(
        where.issue,
        where.options.disclosure.text(renderRevertRefused(where.record, reason))
      )
    } catch (error) {
      where.context.log.warning(`Could not comment on issue #${where.issue}: ${describeGitHubError(error)}`)
    }
  }
  return { outputs: { 'revert-result': 'refused' }, failure: message }
}

async function sendOnce(
  writer: GraphWriter,
  request: RevertRequest,
  permissions: readonly string[]
): Promise<WriteResult> {
  const answer = await writer.send(request)
  if (answer.status === 403) {
    return {
      ...answer,
      error: `${(answer.error ?? 'Forbidden').replace(/\.+$/, '')}. Grant the revert app registration ${permissions.join(' and ')} (application permission) and admin-consent it.`
    }
  }
  return answer
}

/** The issue and the person, from the event payload and the issue-number input. */
async function readAsk(context: RunContext, host: HostEnvironment): Promise<RevertAsk> {
  const environment = host.environment
  const eventName = environment.GITHUB_EVENT_NAME ?? ''
  const path = environment.GITHUB_EVENT_PATH
  let payload: Record<string, unknown> = {}
  if (path) {
    const text = await host.files.readFile(path)
    try {
      payload = text === undefined ? {} : (JSON.parse(text) as Record<string, unknown>)
    } catch (error) {
      throw new ConfigurationError(`The event payload ${path} is not JSON: ${errorMessage(error)}`)
    }
  }
  const input = context.inputs.issueNumber
  if (eventName === 'issue_comment') {
    const comment = record(payload.comment)
    const issue = record(payload.issue)
    const command = COMMAND.exec(String(comment.body ?? '').split(/\r?\n/, 1)[0] ?? '')
    if (command === null) return { kind: 'ignore', why: 'the comment is not /entra-drift revert' }
    if (issue.pull_request !== undefined) return { kind: 'ignore', why: 'the comment is on a pull request' }
    const number = Number(issue.number)
    if (input !== undefined && input !== number) {
      throw new ConfigurationError(
        `Input 'issue-number' (${input}) names another issue than the comment's (#${number}); leave it empty for issue_comment.`
      )
    }
    const requester = String(record(comment.user).login ?? '')
    if (!Number.isInteger(number) || requester === '') {
      throw new ConfigurationError('The issue_comment payload names no issue or no commenter.')
    }
    return { kind: 'ask', issue: number, requester, ...(command[1] ? { finding: command[1] } : {}) }
  }
  if (input === undefined) {
    throw new ConfigurationError(
      "mode: revert needs the issue: input 'issue-number' (workflow_dispatch), or an issue_comment event with /entra-drift revert."
    )
  }
  // workflow_dispatch: the person who started the run.
  const requester = String(record(payload.sender).login ?? environment.GITHUB_ACTOR ?? '')
  if (requester === '')
    throw new ConfigurationError('The event names nobody who started the run (sender, GITHUB_ACTOR).')
  return { kind: 'ask', issue: input, requester }
}

function openRepository(context: RunContext, github: GitHubEnvironment | undefined): GitHubRepository {
  const token = context.inputs.githubToken
  const [owner, repo] = (github?.repository ?? '').split('/')
  if (github === undefined || !owner || !repo) {
    throw new ConfigurationError(
      'mode: revert runs only in GitHub Actions, on a drift issue of the repository.'
    )
  }
  if (token === undefined) {
    throw new ConfigurationError(
      "Input 'github-token' is empty, but mode: revert needs it (the default ${{ github.token }} works with permissions: issues: write, actions: read)."
    )
  }
  return github.connect(token, { owner, repo })
}

async function readBaseline(context: RunContext, path: string): Promise<Snapshot> {
  const text = await context.readFile(path)
  if (text === undefined)
    throw new ConfigurationError(`Baseline ${path} does not exist: there is nothing to revert to.`)
  const parsed = parseBaseline(text, path, { tenantId: context.tenantId })
  if (!parsed.ok) throw new ConfigurationError(formatBaselineError(parsed.error))
  return parsed.baseline
}

/**
 * Reads only the section the issue's object lives in, so that revert's app needs no permission
 * beyond its write permissions (which include reading what they write). A section that could not be
 * read whole is a reason to write nothing.
 */
async function readSection(context: RunContext, kind: ObjectKind): Promise<Snapshot | string> {
  const section = sectionOf(kind)
  const collectors = COLLECTORS.filter((collector) => collector.id === section)
  return context.log.group(`Reading ${section} from Microsoft Graph`, async () => {
    await context.signIn()
    const collection = await collectSnapshot(context.graph, {
      tenantId: context.tenantId,
      cloud: context.inputs.cloud,
      staleGuestDays: context.inputs.staleGuestDays,
      now: context.now,
      collectors
    })
    const problems = collection.problems.filter((problem) => problem.section === section)
    if (collectors.length === 0 || problems.length > 0) {
      return `${section} could not be read, so nothing is concluded about it:\n${describeProblems(problems)}`
    }
    return collection.snapshot
  })
}

/** The one place a Graph writer is built: with the same sign-in inputs, in the revert job's own app. */
function writerFor(context: RunContext, host: HostEnvironment): GraphWriter {
  return openGraphWriter({
    graphEndpoint: context.inputs.graphEndpoint,
    createCredential: credentialFactory(context.inputs, context.tenantId, {
      oidcAvailable: host.oidcAvailable,
      getIDToken: host.getIDToken,
      setSecret: host.registerSecret
    }),
    onToken: host.registerSecret
  })
}

function runUrl(environment: Readonly<Record<string, string | undefined>>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = environment
  return server && repository && run ? `${server}/${repository}/actions/runs/${run}` : undefined
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

function asObjectKind(kind: string): ObjectKind | undefined {
  return (OBJECT_KINDS as readonly string[]).includes(kind) ? (kind as ObjectKind) : undefined
}
