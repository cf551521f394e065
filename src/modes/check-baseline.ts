import type { ConnectGitHub, GitHubRepository } from '../github/github.js'
import {
  baselineGlob,
  matchesBaselineGlob,
  readHeadVersion,
  readPullRequestEvent,
  type ChangedBaselineFile,
  type PullRequestRef
} from '../github/pull-request-files.js'
import { upsertStickyComment, type CommentOperation } from '../github/sticky-comment.js'
import { blockingProblems, type Collection } from '../collectors/collect.js'
import { formatBaselineError, parseBaseline, type BaselineError } from '../core/baseline/baseline.js'
import { explainChange } from '../core/rules/explain-change.js'
import { highestSeverity } from '../core/model/finding.js'
import { inert, plain } from '../core/render/inert.js'
import { parseJsonWithPositions } from '../core/baseline/json-source.js'
import { failsCheck, lintState, markIntroduced, type LintFinding } from '../core/rules/lint-rules.js'
import {
  CHECK_MARKER,
  DEFAULT_CHECK_MAX_LENGTH,
  renderCheck,
  type CheckResult,
  type FileCheck,
  type LocatedLintFinding,
  type PlanOutcome
} from '../core/render/render-check.js'
import { compareSnapshots } from '../core/report/report.js'
import type { Snapshot } from '../core/model/snapshot.js'
import { ConfigurationError, errorMessage, statusOf } from '../errors.js'
import type { Inputs } from '../inputs.js'
import type { Logger } from '../runtime/logger.js'
import type { ModeOutcome } from './outcome.js'
import { describeProblems } from './snapshot.js'
import { sectionLabel } from '../core/render/render-labels.js'
import { BETA_SECTION_IDS } from '../sections/index.js'
import { REGULAR_FILE_FIX, type FileVersion } from '../runtime/workspace-files.js'
import { DEFAULT_PARTNER_POLICY } from '../inputs.js'
import { parsePolicy, type PartnerPolicy } from '../core/tiers/policy.js'
import { tierLintFindings } from '../core/tiers/tier-findings.js'
import { loadPartnerPolicy } from './partner-policy.js'

/** What check-baseline needs of the run; a RunContext has it all, and so does a run without Graph. */
export interface CheckBaselineContext {
  readonly inputs: Pick<
    Inputs,
    'baseline' | 'failOn' | 'githubToken' | 'guestCountTolerance' | 'maxStaleGuests'
  > &
    Partial<Pick<Inputs, 'includeBeta' | 'partnerPolicy'>>
  readonly log: Logger
  readonly now: Date
  readonly readFile: (path: string) => Promise<string | undefined>
}

export interface CheckBaselineHost {
  /** The job summary (GITHUB_STEP_SUMMARY). */
  readonly writeSummary: (markdown: string) => Promise<void>
  /**
   * Files of the checkout matching a glob (listWorkspaceFiles in src/runtime): when the pull
   * request changes the partner policy, every baseline is held to the new one. Absent: only the
   * baselines the pull request changes are.
   */
  readonly listWorkspaceFiles?: ((pattern: string, cwd: string) => Promise<string[]>) | undefined
  /** GITHUB_EVENT_NAME, GITHUB_EVENT_PATH and GITHUB_WORKSPACE (process.env in the action). */
  readonly environment: Readonly<Record<string, string | undefined>>
  /** A file of the pull request's checkout (readWorkspaceFile in src/runtime): only regular files inside it. */
  readonly readWorkspaceFile: (workspace: string, path: string) => Promise<FileVersion>
  /** Reads the live tenant for the plan; absent when the run has no Graph credentials (pull requests from forks). */
  readonly collectLive?: (() => Promise<Collection>) | undefined
  /** Opens the pull request's repository with the github-token; the action's is Octokit at GITHUB_API_URL. */
  readonly connect?: ConnectGitHub | undefined
  /** The comment as others may read it (redacted where identifiers must not appear); as is by default. */
  readonly publicText?: ((text: string) => string) | undefined
}

const NO_CREDENTIALS = 'no Microsoft Graph credentials in this run (pull requests from forks get none).'
/** The job summary takes up to 1 MiB. */
const SUMMARY_MAX_LENGTH = 1_000_000
/**
 * Baseline files checked in one run. Each costs up to two API calls (its base version) on a token
 * that has 1,000 an hour; a pull request with more is refused rather than allowed to spend them.
 */
export const MAX_CHECKED_FILES = 50
/** File names in a log line or a list of files not checked, so that their length stays bounded too. */
const NAMES_IN_LOG = 20
const NAMES_IN_COMMENT = 20
const NAMES_IN_SUMMARY = 200

/**
 * `mode: check-baseline`: validate, lint and explain the baseline files a pull request changes,
 * keep one comment on the pull request up to date, and fail at `fail-on`. Invalid baselines always
 * fail: detect cannot run on them.
 */
export async function runCheckBaseline(
  context: CheckBaselineContext,
  host: CheckBaselineHost
): Promise<ModeOutcome> {
  const { inputs, log } = context
  const pull = await readPullRequestEvent(host.environment, context.readFile)
  if (inputs.githubToken === undefined) {
    throw new ConfigurationError(
      "mode: check-baseline needs input 'github-token' (the default, ${{ github.token }}, is enough) to list the pull request's files and comment on it."
    )
  }
  if (host.connect === undefined) throw new Error('check-baseline was started without a GitHub connection.')
  const github = host.connect(inputs.githubToken, { owner: pull.owner, repo: pull.repo })
  const glob = baselineGlob(inputs.baseline)
  const workspace = host.environment.GITHUB_WORKSPACE ?? '.'
  // The policy of the pull request's head: a pull request that edits both is checked against its own policy.
  const policyPath = inputs.partnerPolicy ?? DEFAULT_PARTNER_POLICY
  const loaded = await loadPartnerPolicy(
    inputs.partnerPolicy,
    async (path) => {
      const version = await host.readWorkspaceFile(workspace, path)
      if (version.kind === 'refused')
        throw new ConfigurationError(`Partner policy ${path}: ${version.problem}.`)
      return version.kind === 'text' ? version.text : undefined
    },
    log
  )
  // The policy may sit next to the baselines, inside their glob: it is not a baseline. There the
  // one listing of the pull request's files also says whether the policy changed.
  const listed = await github.pullRequestFiles.changedBaselineFiles(pull, glob)
  const changedBaselines = listed.filter((file) => file.path !== policyPath)
  const policyChanged =
    loaded !== undefined &&
    (matchesBaselineGlob(policyPath, glob)
      ? listed.some((file) => file.path === policyPath)
      : (await github.pullRequestFiles.changedBaselineFiles(pull, policyPath)).length > 0)
  const policies = await policiesOf(github, pull, policyPath, loaded?.policy, policyChanged, log)
  const changed = policies.changed
    ? [
        ...changedBaselines,
        ...(await unchangedBaselines(host, workspace, glob, policyPath, changedBaselines))
      ]
    : changedBaselines
  const checked = changed.slice(0, MAX_CHECKED_FILES)
  const unchecked = changed.slice(MAX_CHECKED_FILES)
  log.info(describeChanged(pull.number, glob, changed))

  const checker = new FileChecker(context, host, github, pull, policies)
  const files: FileCheck[] = []
  for (const file of checked) {
    files.push(await log.group(`Checking ${plain(file.path, 200)}`, () => checker.check(file)))
  }
  if (unchecked.length > 0) {
    log.error(
      `Not checked: too many files. Pull request #${pull.number} changes ${changed.length} baseline files; one run checks at most ${MAX_CHECKED_FILES}, so ${unchecked.length} were not checked.`
    )
  }

  const failed =
    unchecked.length > 0 ||
    files.some((file) => file.invalid !== undefined || file.findings.some((finding) => finding.failing))
  const result: CheckResult = { files, failOn: inputs.failOn, failed, online: host.collectLive !== undefined }
  const publicText = host.publicText ?? ((text: string) => text)
  const body = publicText(renderWithUnchecked(result, unchecked, DEFAULT_CHECK_MAX_LENGTH, NAMES_IN_COMMENT))
  const comment = await publishComment(github, pull, body, changed.length > 0, log)
  await host.writeSummary(
    publicText(renderWithUnchecked(result, unchecked, SUMMARY_MAX_LENGTH, NAMES_IN_SUMMARY))
  )

  const introduced = files.flatMap((file) => file.findings).filter((finding) => finding.introduced)
  const outcome: ModeOutcome = {
    outputs: {
      'baseline-files': String(files.length),
      'invalid-files': String(files.filter((file) => file.invalid !== undefined).length),
      'lint-findings': String(introduced.length),
      'max-severity': highestSeverity(introduced) ?? 'none',
      'comment-operation': comment
    },
    report: body
  }
  return failed ? { ...outcome, failure: failureMessage(files, unchecked.length, inputs.failOn) } : outcome
}

/** One log line, bounded whatever the number or the names of the files. */
function describeChanged(number: number, glob: string, changed: readonly ChangedBaselineFile[]): string {
  if (changed.length === 0) return `Pull request #${number} changes no file matching ${plain(glob, 200)}.`
  const names = changed.slice(0, NAMES_IN_LOG).map((file) => plain(file.path, 200))
  const more = changed.length - names.length
  return `Pull request #${number} changes ${changed.length} baseline file${changed.length === 1 ? '' : 's'}: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`
}

/** The check's markdown, and after it the files this run did not check, within `maxLength`. */
function renderWithUnchecked(
  result: CheckResult,
  unchecked: readonly ChangedBaselineFile[],
  maxLength: number,
  namesListed: number
): string {
  if (unchecked.length === 0) return renderCheck(result, { maxLength })
  const listed = unchecked.slice(0, namesListed).map((file) => `- ${inert(file.path)}`)
  const more = unchecked.length - listed.length
  const section = [
    '### Not checked: too many files',
    '',
    `This pull request changes ${result.files.length + unchecked.length} baseline files; one run checks at most ${MAX_CHECKED_FILES}, so ${unchecked.length} ${unchecked.length === 1 ? 'was' : 'were'} not checked and the check fails. Split the change into pull requests of at most ${MAX_CHECKED_FILES} baseline files.`,
    '',
    ...listed,
    ...(more > 0 ? [`- …and ${more} more`] : [])
  ].join('\n')
  const checkedPart = renderCheck(result, { maxLength: maxLength - section.length - 2 })
  return `${checkedPart}\n${section}\n`
}

/** Checks one file at a time; reads the live tenant once, on first need. */
class FileChecker {
  readonly #context: CheckBaselineContext
  readonly #host: CheckBaselineHost
  readonly #github: GitHubRepository
  readonly #pull: PullRequestRef
  readonly #policies: Policies
  #live: Promise<{ collection: Collection } | { error: string }> | undefined

  constructor(
    context: CheckBaselineContext,
    host: CheckBaselineHost,
    github: GitHubRepository,
    pull: PullRequestRef,
    policies: Policies
  ) {
    this.#context = context
    this.#host = host
    this.#github = github
    this.#pull = pull
    this.#policies = policies
  }

  async check(file: ChangedBaselineFile): Promise<FileCheck> {
    const basePath = file.previousPath ?? file.path
    const base =
      file.status === 'added'
        ? ({ kind: 'missing' } as const)
        : await this.#github.pullRequestFiles.baseVersion(this.#pull, basePath)
    const common = {
      path: file.path,
      status: file.status,
      ...(file.previousPath === undefined ? {} : { previousPath: file.previousPath })
    }
    if (file.status === 'removed') {
      const tenantId = base.kind === 'text' ? tenantOf(base.text, basePath) : undefined
      return {
        ...common,
        ...(tenantId === undefined ? {} : { tenantId }),
        notes: [
          'This pull request deletes the baseline: detect for this tenant fails until a baseline exists again.',
          ...(base.kind === 'refused' ? [`In the base branch, ${base.problem}.`] : [])
        ],
        findings: [],
        plan: { status: 'skipped', reason: 'the baseline is deleted.' }
      }
    }

    const head = await readHeadVersion(
      this.#host.environment.GITHUB_WORKSPACE ?? '.',
      file.path,
      this.#host.readWorkspaceFile
    )
    if (head.kind === 'refused') return this.#refused(common, head.problem)
    if (base.kind === 'refused') return this.#refused(common, `in the base branch, ${base.problem}`)
    const headText = head.text
    const baseText = base.kind === 'text' ? base.text : undefined
    const parsed = parseBaseline(headText, file.path)
    if (!parsed.ok) {
      this.#annotateInvalid(parsed.error)
      return {
        ...common,
        invalid: {
          problems: [parsed.error, ...(parsed.error.otherProblems ?? [])].map((problem) => ({
            ...(problem.pointer === undefined ? {} : { pointer: problem.pointer }),
            ...(problem.line === undefined ? {} : { line: problem.line }),
            ...(problem.column === undefined ? {} : { column: problem.column }),
            message: problem.problem
          })),
          unlistedProblems: parsed.error.unlistedProblems ?? 0,
          fix: parsed.error.fix
        },
        notes: [],
        findings: [],
        plan: { status: 'skipped', reason: 'the proposed baseline is invalid.' }
      }
    }

    const proposed = parsed.baseline
    const notes: string[] = []
    let previous: Snapshot | undefined
    if (baseText === undefined && file.status !== 'added') {
      notes.push(`The base branch has no ${plain(basePath, 200)}: the file is checked as a new baseline.`)
    } else if (baseText !== undefined) {
      const parsedBase = parseBaseline(baseText, basePath)
      if (parsedBase.ok) previous = parsedBase.baseline
      else
        notes.push(
          `The base version is not a valid baseline (${plain(parsedBase.error.problem, 200)}): the change is explained as a new baseline.`
        )
    }

    const beta = betaSectionsHeld(proposed)
    if (beta.length > 0 && this.#context.inputs.includeBeta !== true) {
      notes.push(
        `It holds ${beta.map(sectionLabel).join(', ')}, which Microsoft Graph serves only in beta: detect compares it only with include-beta: true (without it, the section is neither read nor compared).`
      )
    }
    const explanation = explainChange(previous, proposed)
    const lint = { today: this.#context.now.toISOString().slice(0, 10) }
    // Each side is held to its own branch's policy: tightening the policy introduces what it now forbids.
    const stateOf = (snapshot: Snapshot, policy: PartnerPolicy | undefined) => [
      ...lintState(snapshot, lint),
      ...(policy === undefined ? [] : tierLintFindings(snapshot, policy))
    ]
    const stateFindings = markIntroduced(
      stateOf(proposed, this.#policies.head),
      previous === undefined ? undefined : stateOf(previous, this.#policies.base)
    )
    const changeFindings = explanation.findings.map((finding) => ({ ...finding, introduced: true }))
    const findings = this.#locate(file.path, headText, [...changeFindings, ...stateFindings])
    return {
      ...common,
      tenantId: proposed.tenantId,
      notes,
      explanation,
      findings,
      plan: await this.#plan(proposed)
    }
  }

  /**
   * A file that is not what its name claims (a symbolic link, a folder) is invalid, annotated at
   * the file; nothing of what it points to is read.
   */
  #refused(common: Pick<FileCheck, 'path' | 'status' | 'previousPath'>, problem: string): FileCheck {
    this.#context.log.error(`Baseline is invalid: ${problem}. Fix: ${REGULAR_FILE_FIX}`, {
      file: common.path
    })
    return {
      ...common,
      invalid: { problems: [{ message: problem }], unlistedProblems: 0, fix: REGULAR_FILE_FIX },
      notes: [],
      findings: [],
      plan: { status: 'skipped', reason: 'the proposed baseline is invalid.' }
    }
  }

  /** Every schema problem becomes an error annotation at its line and column. */
  #annotateInvalid(error: BaselineError): void {
    const log = this.#context.log
    for (const problem of [error, ...(error.otherProblems ?? [])]) {
      log.error(
        `Baseline is invalid${problem.pointer ? ` at ${plain(problem.pointer, 200)}` : ''}: ${plain(problem.problem, 300)}. Fix: ${plain(error.fix, 400)}`,
        { file: error.file, ...position(problem) }
      )
    }
    log.info(formatBaselineError(error))
  }

  /** Places each finding on its line (or its nearest enclosing value still in the file), annotates it. */
  #locate(
    file: string,
    text: string,
    findings: readonly (LintFinding & { introduced: boolean })[]
  ): LocatedLintFinding[] {
    const parsed = parseJsonWithPositions(text)
    const find = (pointer: string): { line: number; column: number } | undefined => {
      if (!parsed.ok) return undefined
      for (let at = pointer; ; at = at.slice(0, Math.max(0, at.lastIndexOf('/')))) {
        const place = parsed.positions(at)
        if (place !== undefined) return place.key ?? place
        if (at === '') return undefined
      }
    }
    const failOn = this.#context.inputs.failOn
    return findings.map((finding) => {
      const place = find(finding.pointer)
      const located: LocatedLintFinding = { ...finding, ...place, failing: failsCheck(finding, failOn) }
      const message = `${finding.rule} (${finding.severity}): ${plain(finding.message, 300)} ${finding.why}`
      if (located.failing) this.#context.log.error(message, { file, ...position(located) })
      else if (finding.introduced) this.#context.log.warning(message, { file, ...position(located) })
      else {
        const named = plain(file, 200)
        const where = place === undefined ? named : `${named}:${place.line}:${place.column}`
        this.#context.log.info(`${where}: ${message} (already in the base branch, not counted)`)
      }
      return located
    })
  }

  async #plan(head: Snapshot): Promise<PlanOutcome> {
    const collectLive = this.#host.collectLive
    if (collectLive === undefined) return { status: 'skipped', reason: NO_CREDENTIALS }
    this.#live ??= collectLive().then(
      (collection) => ({ collection }),
      (error: unknown) => ({ error: errorMessage(error) })
    )
    const live = await this.#live
    if ('error' in live) {
      this.#context.log.warning(`Could not read the live tenant for the plan: ${live.error}`)
      return { status: 'failed', reason: `the live tenant could not be read: ${live.error}` }
    }
    const { snapshot, problems } = live.collection
    if (snapshot.tenantId.toLowerCase() !== head.tenantId.toLowerCase()) {
      return {
        status: 'skipped',
        reason: `the credentials are for tenant ${snapshot.tenantId}, and this baseline is for tenant ${head.tenantId}.`
      }
    }
    const blocking = blockingProblems(problems)
    if (blocking.length > 0) {
      return { status: 'failed', reason: `the live snapshot is incomplete:\n${describeProblems(blocking)}` }
    }
    const { inputs, now } = this.#context
    const comparison = compareSnapshots(head, snapshot, {
      today: now.toISOString().slice(0, 10),
      guestCountTolerance: inputs.guestCountTolerance,
      ...(inputs.maxStaleGuests === undefined ? {} : { maxStaleGuests: inputs.maxStaleGuests }),
      ...(this.#policies.head === undefined ? {} : { policy: this.#policies.head })
    })
    return { status: 'compared', tenantId: snapshot.tenantId, ...comparison }
  }
}

/** The partner policy of each side of the pull request, and whether the pull request changes it. */
interface Policies {
  head: PartnerPolicy | undefined
  base: PartnerPolicy | undefined
  changed: boolean
}

/**
 * The base branch's policy, read through the API only when the pull request changes the policy
 * file. A base policy that is missing or invalid holds nothing: everything the head policy finds
 * is then introduced.
 */
async function policiesOf(
  github: GitHubRepository,
  pull: PullRequestRef,
  policyPath: string,
  head: PartnerPolicy | undefined,
  changed: boolean,
  log: Logger
): Promise<Policies> {
  if (!changed) return { head, base: head, changed: false }
  const version = await github.pullRequestFiles.baseVersion(pull, policyPath)
  const parsed = version.kind === 'text' ? parsePolicy(version.text, policyPath) : undefined
  if (parsed !== undefined && !parsed.ok) {
    log.info(
      `The base branch's partner policy is not valid (${plain(parsed.error.problem, 200)}): every finding of the new one counts as introduced.`
    )
  }
  log.info(
    `Pull request #${pull.number} changes the partner policy ${plain(policyPath, 200)}: every baseline is held to it.`
  )
  return { head, base: parsed?.ok === true ? parsed.policy : undefined, changed: true }
}

/** The baselines of the checkout the pull request does not change, as files to check again. */
async function unchangedBaselines(
  host: CheckBaselineHost,
  workspace: string,
  glob: string,
  policyPath: string,
  changed: readonly ChangedBaselineFile[]
): Promise<ChangedBaselineFile[]> {
  if (host.listWorkspaceFiles === undefined) return []
  const seen = new Set(changed.map((file) => file.path))
  return (await host.listWorkspaceFiles(glob, workspace))
    .filter((path) => path !== policyPath && !seen.has(path))
    .sort()
    .map((path) => ({ path, status: 'modified' as const }))
}

/**
 * The read-only token of a pull request from a fork cannot comment (403): the job summary still
 * has everything, so that is a warning, not a failure. Any other error is not swallowed.
 */
async function publishComment(
  github: GitHubRepository,
  pull: PullRequestRef,
  body: string,
  createIfMissing: boolean,
  log: Logger
): Promise<CommentOperation | 'skipped'> {
  try {
    const { operation, id } = await upsertStickyComment(
      github,
      { issueNumber: pull.number },
      { marker: CHECK_MARKER, body, createIfMissing }
    )
    log.info(`Pull request comment: ${operation}${id === undefined ? '' : ` (${id})`}.`)
    return operation
  } catch (error) {
    if (statusOf(error) !== 403) throw error
    log.warning(
      `Could not comment on pull request #${pull.number} (403: the token may not write pull requests, as for pull requests from forks); the job summary has the full result. ${errorMessage(error)}`
    )
    return 'skipped'
  }
}

function failureMessage(files: readonly FileCheck[], unchecked: number, failOn: string): string {
  const lines = ['The baseline check failed:']
  if (unchecked > 0) {
    lines.push(
      `- ${unchecked} baseline file${unchecked === 1 ? ' was' : 's were'} not checked: too many files (one run checks at most ${MAX_CHECKED_FILES}).`
    )
  }
  for (const file of files) {
    if (file.invalid !== undefined) lines.push(`- ${plain(file.path, 200)} is not a valid baseline.`)
    const failing = file.findings.filter((finding) => finding.failing)
    if (failing.length > 0) {
      const rules = [...new Set(failing.map((finding) => finding.rule))].join(', ')
      lines.push(
        `- ${plain(file.path, 200)}: ${failing.length} finding${failing.length === 1 ? '' : 's'} at fail-on ${failOn} or worse (${rules}).`
      )
    }
  }
  lines.push('The pull request comment and the job summary explain each one.')
  return lines.join('\n')
}

function position(place: { line?: number; column?: number }): { line?: number; column?: number } {
  return {
    ...(place.line === undefined ? {} : { line: place.line }),
    ...(place.column === undefined ? {} : { column: place.column })
  }
}

function tenantOf(text: string, path: string): string | undefined {
  const parsed = parseBaseline(text, path)
  return parsed.ok ? parsed.baseline.tenantId : undefined
}

/** The sections of a baseline that Graph serves only in beta (read only with include-beta). */
function betaSectionsHeld(baseline: Snapshot): string[] {
  const held = baseline as unknown as Readonly<Record<string, unknown>>
  return [...BETA_SECTION_IDS].filter((section) => held[section] !== undefined)
}
