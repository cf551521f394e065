import {
  holdsProposal,
  proposalCommitMessage,
  proposalOf,
  proposalTokenSource,
  proposalTrailerHash,
  proposeBaseline,
  type Proposal
} from '../core/baseline/baseline-proposal.js'
import type { JsonObject } from '../core/model/json.js'
import type { Pseudonyms } from '../core/model/pseudonym.js'
import { redactText, type RedactionContext } from '../core/report/redact.js'
import type { GitHubRepository } from '../github/github.js'
import type { BranchCommit, PullRequestRecord } from '../github/pull-requests.js'
import type { LineLog } from '../runtime/logger.js'

export type PullRequestOperation = 'created' | 'updated' | 'unchanged' | 'closed' | 'none'

export interface PublishPullRequestInput {
  /** The repository the proposal is made in: its pull requests, comments and default branch. */
  readonly github: Pick<GitHubRepository, 'pullRequests' | 'comments' | 'repository'>
  readonly tenantId: string
  /** Repository path of the baseline file the pull request replaces, e.g. `baselines/<tenant-id>.json`. */
  readonly baselinePath: string
  /** The live snapshot: the text the baseline file should hold, or its document (snapshotDocument). */
  readonly snapshot: string | JsonObject
  /**
   * The committed baseline the run compared with. The proposal is this file with its snapshot
   * fields replaced by the live ones, so `ignore` entries and other hand-written fields survive;
   * without it the proposal is the snapshot alone.
   */
  readonly baselineText?: string
  /** The finished report (markdown): the pull request's description. */
  readonly reportMarkdown: string
  /** The pull request's title; by default it proposes to accept the live settings into the baseline. */
  readonly title?: string
  readonly driftDetected: boolean
  /** Set where identifiers must not appear: title, description, commit message and branch name are redacted. */
  readonly redaction: RedactionContext | undefined
  /** What the branch name and the proposal tokens are made of (keyed where identifiers are redacted). */
  readonly pseudonyms: Pseudonyms
  readonly log: LineLog
}

/** GitHub rejects pull request bodies longer than 65,536 characters. */
export const MAX_PULL_REQUEST_BODY = 65_000

const TRUNCATION_NOTE =
  "\n\n---\n\n*The report was cut to fit GitHub's size limit; the full report is in the workflow run's job summary.*"

type ProposalPullRequest = PullRequestRecord

/** The proposal branch as found: what it holds and whether this action alone wrote it. */
interface ProposalBranch {
  /** The baseline file's text on the branch; undefined when the branch does not hold it. */
  baselineText: string | undefined
  /**
   * Empty when every commit on the branch since the base is this action's proposal commit;
   * otherwise who else changed it (`@login`, or words when no account is known).
   */
  otherAuthors: string[]
  /** The base branch changed the baseline file since the branch was made: merging would conflict. */
  baseChangedBaseline: boolean
}

type Outcome = { number?: number; operation: PullRequestOperation }

/**
 * Proposes "accept this drift": one branch per tenant whose baseline file holds the committed
 * baseline with the live snapshot's fields, and one pull request from it. It respects people:
 * - an unchanged proposal (timestamps aside) is never committed again; a new report is an edit of
 *   the description;
 * - a proposal a person closed unmerged is not proposed again until the drift changes;
 * - a branch with commits this action did not make is never moved or deleted: the open pull
 *   request gets one comment per new proposal instead;
 * - what a person wrote in the baseline (`ignore` entries, other fields) stays in the proposal.
 * A run without drift closes the pull request. New commits are octokit-plugin-create-pull-request's.
 *
 * A commit is this action's when its message carries the `Entra-Drift-Proposal` trailer and its
 * author is the account that opened the proposal pull requests (the token's identity; with no
 * pull request yet, a bot account). The branch is ours when all its commits are, it changes
 * nothing but the baseline file, and that file is what the head commit's trailer names (an amend
 * that keeps our message and author still shows).
 *
 * Redaction covers what we write about the change (title, description, commit message, comments,
 * branch name); the proposed baseline file itself holds the snapshot with its ids, as the
 * committed baseline on the default branch already does.
 */
export async function publishPullRequest(input: PublishPullRequestInput): Promise<Outcome> {
  const { log } = input
  const branch = branchName(input.tenantId, input.redaction !== undefined, input.pseudonyms)
  const pulls = await listPullRequests(input, branch)
  const open = pulls.find((pull) => pull.state === 'open')
  const botLogin = (open ?? pulls[0])?.author

  if (!input.driftDetected) {
    const closed = await closeOpenProposal(
      input,
      open,
      branch,
      botLogin,
      'No drift in this run: the tenant matches the baseline again.'
    )
    if (open !== undefined) log.info(`Closed pull request #${open.number}: no drift.`)
    return closed
  }

  const proposal = proposalOf(proposeBaseline(input.baselineText, input.snapshot), (source) =>
    input.pseudonyms.token(source)
  )
  const hash = proposal.token
  const { redaction } = input
  const redacted = (text: string): string => (redaction ? redactText(text, redaction) : text)
  const title = redacted(
    input.title ?? `Entra drift: accept the live tenant settings into ${input.baselinePath}`
  )
  const body = boundBody(redacted(input.reportMarkdown))

  if (input.baselineText !== undefined && holdsProposal(input.baselineText, proposal)) {
    return nothingLeftToAccept(input, open, branch, botLogin)
  }

  const base = open?.baseRef ?? (await defaultBranch(input))
  const found = await readBranch(input, branch, base, botLogin)
  const branchHolds = found?.baselineText !== undefined && holdsProposal(found.baselineText, proposal)

  if (found !== undefined && found.otherAuthors.length > 0) {
    if (branchHolds && open !== undefined) return describe(input, open, title, body)
    return holdBack(input, open, branch, found.otherAuthors, branchHolds ? undefined : hash)
  }

  if (open === undefined && (await dismissedAlready(input, pulls, proposal))) {
    const dismissed = pulls[0]?.number
    log.info(
      `Pull request #${dismissed} proposing this baseline was closed unmerged; not proposing it again.`
    )
    return { number: dismissed, operation: 'unchanged' }
  }

  if (found !== undefined && branchHolds && !found.baseChangedBaseline) {
    if (open !== undefined) return describe(input, open, title, body)
    const number = await input.github.pullRequests.create({ head: branch, base, title, body })
    log.info(`Opened pull request #${number} from ${branch}.`)
    return { number, operation: 'created' }
  }

  const number = await input.github.pullRequests.commitAndPropose({
    title,
    body,
    base,
    head: branch,
    files: { [input.baselinePath]: proposal.text },
    message: proposalCommitMessage(title, hash)
  })
  if (number === undefined) return nothingLeftToAccept(input, open, branch, botLogin)
  const operation = open === undefined ? 'created' : 'updated'
  log.info(`${operation === 'created' ? 'Opened' : 'Updated'} pull request #${number} from ${branch}.`)
  return { number, operation }
}

/**
 * The branch has commits by someone else: it is theirs now, so it is neither moved nor deleted.
 * When this run proposes something else (`hash`), the open pull request says so, once per proposal;
 * without an open pull request only the log does.
 */
async function holdBack(
  input: PublishPullRequestInput,
  open: ProposalPullRequest | undefined,
  branch: string,
  otherAuthors: readonly string[],
  hash: string | undefined
): Promise<Outcome> {
  const authors = otherAuthors.join(', ')
  if (open === undefined) {
    input.log.warning(
      `Branch ${branch} has commits by ${authors} and no open pull request; it was left as is.`
    )
    return { operation: 'none' }
  }
  if (hash !== undefined) {
    await commentOnce(
      input,
      open.number,
      hash,
      `The live tenant settings differ from what this branch proposes, but this branch has commits by ${authors}, so this run did not update it. ` +
        `Merge or close this pull request (or delete the branch \`${branch}\`) and a later run proposes the current settings; ` +
        "this run's report is in the workflow run's job summary."
    )
    input.log.warning(
      `Pull request #${open.number}: branch ${branch} has commits by others, so this run's proposal was not pushed to it.`
    )
  }
  return { number: open.number, operation: 'unchanged' }
}

/**
 * `entra-drift/<tenant-id>`, or `entra-drift/<keyed token>` when redacting: branch names are public
 * in a public repository (and appear in notification e-mails), so they must not carry the tenant
 * id, nor a plain hash of it.
 */
export function branchName(tenantId: string, redact: boolean, pseudonyms: Pseudonyms): string {
  if (!redact) return `entra-drift/${tenantId.toLowerCase()}`
  if (!pseudonyms.keyed) throw new Error('a redacted branch name needs keyed pseudonyms')
  return `entra-drift/${pseudonyms.token(`branch\n${tenantId.toLowerCase()}`)}`
}

/** A proposal's token: the same for proposals that differ only in timestamps. */
function proposalToken(pseudonyms: Pseudonyms, text: string): string {
  return pseudonyms.token(proposalTokenSource(text))
}

/** The branch's pull requests, newest first. */
function listPullRequests(input: PublishPullRequestInput, branch: string): Promise<ProposalPullRequest[]> {
  return input.github.pullRequests.listForBranch(branch)
}

async function defaultBranch(input: PublishPullRequestInput): Promise<string> {
  return (await input.github.repository.describe()).defaultBranch
}

/** The default branch already holds the proposal (timestamps aside): there is nothing left to accept. */
function nothingLeftToAccept(
  input: PublishPullRequestInput,
  open: ProposalPullRequest | undefined,
  branch: string,
  botLogin: string | undefined
): Promise<Outcome> {
  return closeOpenProposal(
    input,
    open,
    branch,
    botLogin,
    'The default branch already holds the live settings.'
  )
}

/** Closes the open proposal, if there is one, saying why (its branch only if nobody else committed to it). */
async function closeOpenProposal(
  input: PublishPullRequestInput,
  open: ProposalPullRequest | undefined,
  branch: string,
  botLogin: string | undefined,
  reason: string
): Promise<Outcome> {
  if (open === undefined) return { operation: 'none' }
  const found = await readBranch(input, branch, open.baseRef, botLogin)
  await closePullRequest(input, open.number, branch, reason, found)
  return { number: open.number, operation: 'closed' }
}

/** A new report alone is an edit of the description, never a commit. */
async function describe(
  input: PublishPullRequestInput,
  open: ProposalPullRequest,
  title: string,
  body: string
): Promise<Outcome> {
  if (open.title === title && open.body === body) {
    input.log.info(`Pull request #${open.number} is up to date.`)
    return { number: open.number, operation: 'unchanged' }
  }
  await input.github.pullRequests.update(open.number, { title, body })
  input.log.info(`Updated the description of pull request #${open.number}.`)
  return { number: open.number, operation: 'updated' }
}

/**
 * A person closed the newest pull request unmerged, and it proposed this very baseline (timestamps
 * aside). Its head commit stays readable after the branch is gone. A pull request this action
 * closed itself (no drift) does not count: the drift came back.
 */
async function dismissedAlready(
  input: PublishPullRequestInput,
  pulls: readonly ProposalPullRequest[],
  proposal: Proposal
): Promise<boolean> {
  const newest = pulls[0]
  if (newest === undefined || newest.state !== 'closed' || newest.mergedAt !== null) return false
  const closedBy = await input.github.pullRequests.closedBy(newest.number)
  if (closedBy !== undefined && closedBy === newest.author) return false
  const proposed = await readFileAt(input, newest.headSha)
  return proposed !== undefined && holdsProposal(proposed, proposal)
}

async function closePullRequest(
  input: PublishPullRequestInput,
  number: number,
  branch: string,
  reason: string,
  found: ProposalBranch | undefined
): Promise<void> {
  const { pullRequests, comments } = input.github
  const keep = found !== undefined && found.otherAuthors.length > 0
  const kept = keep ? ` The branch has commits by ${found.otherAuthors.join(', ')}, so it was kept.` : ''
  await comments.create(number, `${reason} Closing.${kept}`)
  await pullRequests.update(number, { state: 'closed' })
  // A branch that only ever held our proposal goes; a later drift recreates it from the default branch.
  if (found !== undefined && !keep) await pullRequests.deleteBranch(branch)
}

/** Comments once per proposal: a marker with the proposal's hash keeps later runs quiet. */
async function commentOnce(
  input: PublishPullRequestInput,
  number: number,
  hash: string,
  text: string
): Promise<void> {
  const { comments } = input.github
  const marker = `<!-- entra-drift-proposal-held: ${hash} -->`
  if ((await comments.list(number)).some((comment) => comment.body.includes(marker))) return
  await comments.create(number, `${text}\n\n${marker}`)
}

/** The proposal branch, or undefined when there is none. */
async function readBranch(
  input: PublishPullRequestInput,
  branch: string,
  base: string,
  botLogin: string | undefined
): Promise<ProposalBranch | undefined> {
  const { pullRequests } = input.github
  const sha = await pullRequests.branchHead(branch)
  if (sha === undefined) return undefined
  const [comparison, baselineText] = await Promise.all([
    pullRequests.compare(base, sha),
    readFileAt(input, sha)
  ])

  const isProposalCommit = (commit: BranchCommit): boolean =>
    proposalTrailerHash(commit.message) !== undefined &&
    commit.author !== null &&
    (botLogin === undefined ? commit.author.type === 'Bot' : commit.author.login === botLogin)
  const otherAuthors = [
    ...new Set(
      comparison.commits
        .filter((commit) => !isProposalCommit(commit))
        .map((commit) =>
          commit.author?.login ? `@${commit.author.login}` : 'someone without a linked account'
        )
    )
  ]
  const headCommit = comparison.commits.at(-1)
  const untouched =
    comparison.totalCommits === comparison.commits.length &&
    comparison.files.every((file) => file === input.baselinePath) &&
    (headCommit === undefined ||
      (baselineText !== undefined &&
        proposalTrailerHash(headCommit.message) === proposalToken(input.pseudonyms, baselineText)))
  if (otherAuthors.length === 0 && !untouched) otherAuthors.push('someone other than this action')

  let baseChangedBaseline = false
  if (comparison.behindBy > 0 && comparison.mergeBaseSha !== undefined) {
    const [atFork, atBase] = await Promise.all([
      readFileAt(input, comparison.mergeBaseSha),
      readFileAt(input, comparison.baseSha)
    ])
    baseChangedBaseline = atFork !== atBase
  }
  return { baselineText, otherAuthors, baseChangedBaseline }
}

/** The baseline file's text at a commit or branch, or undefined when it has none. */
function readFileAt(input: PublishPullRequestInput, ref: string): Promise<string | undefined> {
  return input.github.pullRequests.readFile(input.baselinePath, ref)
}

function boundBody(body: string): string {
  if (body.length <= MAX_PULL_REQUEST_BODY) return body
  const room = MAX_PULL_REQUEST_BODY - TRUNCATION_NOTE.length
  const cut = body.lastIndexOf('\n', room)
  return `${body.slice(0, cut > 0 ? cut : room)}${TRUNCATION_NOTE}`
}
