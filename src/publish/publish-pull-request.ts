import { composeCreatePullRequest } from 'octokit-plugin-create-pull-request'
import type { Pseudonyms } from '../core/pseudonym.js'
import { redactText, type RedactionContext } from '../core/redact.js'
import type { GitHubClient, GitHubLog } from '../github/octokit.js'

export type PullRequestOperation = 'created' | 'updated' | 'unchanged' | 'closed' | 'none'

export interface PublishPullRequestInput {
  readonly octokit: GitHubClient
  readonly owner: string
  readonly repo: string
  readonly tenantId: string
  /** Repository path of the baseline file the pull request replaces, e.g. `baselines/<tenant-id>.json`. */
  readonly baselinePath: string
  /** The live snapshot, as the text the baseline file should hold. */
  readonly snapshotJson: string
  /** The finished report (markdown): the pull request's description. */
  readonly reportMarkdown: string
  readonly driftDetected: boolean
  /** Set where identifiers must not appear: title, description, commit message and branch name are redacted. */
  readonly redaction: RedactionContext | undefined
  /** What the branch name is made of where identifiers are redacted (keyed tokens). */
  readonly pseudonyms: Pseudonyms
  readonly log: GitHubLog
}

/** GitHub rejects pull request bodies longer than 65,536 characters. */
export const MAX_PULL_REQUEST_BODY = 65_000

const TRUNCATION_NOTE =
  "\n\n---\n\n*The report was cut to fit GitHub's size limit; the full report is in the workflow run's job summary.*"

interface OpenPullRequest {
  number: number
  title: string
  body: string | null
  head: { sha: string }
  base: { ref: string }
}

/**
 * Proposes "accept this drift": one branch per tenant whose baseline file holds the live snapshot,
 * and one pull request from it. Later runs move the same branch and edit the same pull request;
 * a run without drift closes it. The branch and commit mechanics are octokit-plugin-create-pull-request's.
 *
 * Redaction covers what we write about the change (title, description, commit message, branch
 * name); the proposed baseline file itself holds the snapshot with its ids, as the committed
 * baseline on the default branch already does.
 */
export async function publishPullRequest(
  input: PublishPullRequestInput
): Promise<{ number?: number; operation: PullRequestOperation }> {
  const { octokit, owner, repo, log } = input
  const branch = branchName(input.tenantId, input.redaction !== undefined, input.pseudonyms)
  const open = await findPullRequest(input, branch, 'open')

  if (!input.driftDetected) {
    if (open === undefined) return { operation: 'none' }
    await closePullRequest(
      input,
      open.number,
      branch,
      'No drift in this run: the tenant matches the baseline again.'
    )
    log.info(`Closed pull request #${open.number}: no drift.`)
    return { number: open.number, operation: 'closed' }
  }

  const { redaction } = input
  const redacted = (text: string): string => (redaction ? redactText(text, redaction) : text)
  const title = redacted(`Entra drift: accept the live tenant settings into ${input.baselinePath}`)
  const body = boundBody(redacted(input.reportMarkdown))

  if (open !== undefined && (await isUpToDate(input, open, branch, title, body))) {
    log.info(`Pull request #${open.number} is up to date.`)
    return { number: open.number, operation: 'unchanged' }
  }
  if (open === undefined) {
    const dismissed = await findPullRequest(input, branch, 'closed')
    if (dismissed !== undefined && (await branchHolds(input, branch, input.snapshotJson))) {
      // Someone closed this very proposal without merging it: do not propose it again every night.
      log.info(
        `Pull request #${dismissed.number} proposing this snapshot was closed unmerged; not reopening it.`
      )
      return { number: dismissed.number, operation: 'unchanged' }
    }
  }

  const response = await composeCreatePullRequest(octokit, {
    owner,
    repo,
    title,
    body,
    head: branch,
    update: true,
    createWhenEmpty: false,
    changes: [{ files: { [input.baselinePath]: input.snapshotJson }, commit: title }]
  })
  if (response === null) {
    // The default branch already holds this snapshot: nothing is left to accept.
    if (open === undefined) return { operation: 'none' }
    await closePullRequest(input, open.number, branch, 'The default branch already holds the live snapshot.')
    return { number: open.number, operation: 'closed' }
  }
  const operation = open === undefined ? 'created' : 'updated'
  log.info(
    `${operation === 'created' ? 'Opened' : 'Updated'} pull request #${response.data.number} from ${branch}.`
  )
  return { number: response.data.number, operation }
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

async function findPullRequest(
  input: PublishPullRequestInput,
  branch: string,
  state: 'open' | 'closed'
): Promise<OpenPullRequest | undefined> {
  const { data } = await input.octokit.rest.pulls.list({
    owner: input.owner,
    repo: input.repo,
    head: `${input.owner}:${branch}`,
    state,
    sort: 'created',
    direction: 'desc',
    per_page: 10
  })
  const found = state === 'closed' ? data.find((pull) => pull.merged_at === null) : data[0]
  return found
}

async function closePullRequest(
  input: PublishPullRequestInput,
  number: number,
  branch: string,
  reason: string
): Promise<void> {
  const { octokit, owner, repo } = input
  await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: `${reason} Closing.` })
  await octokit.rest.pulls.update({ owner, repo, pull_number: number, state: 'closed' })
  // The branch only ever held our proposal; a later drift recreates it from the default branch.
  await octokit.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` })
}

/** Same title and body, the branch holds exactly this snapshot, and it sits directly on the base branch's head. */
async function isUpToDate(
  input: PublishPullRequestInput,
  open: OpenPullRequest,
  branch: string,
  title: string,
  body: string
): Promise<boolean> {
  if (open.title !== title || (open.body ?? '') !== body) return false
  if (!(await branchHolds(input, branch, input.snapshotJson))) return false
  const { octokit, owner, repo } = input
  const [{ data: base }, { data: head }] = await Promise.all([
    octokit.rest.git.getRef({ owner, repo, ref: `heads/${open.base.ref}` }),
    octokit.rest.git.getCommit({ owner, repo, commit_sha: open.head.sha })
  ])
  return head.parents.length === 1 && head.parents[0]?.sha === base.object.sha
}

async function branchHolds(input: PublishPullRequestInput, branch: string, text: string): Promise<boolean> {
  try {
    const { data } = await input.octokit.rest.repos.getContent({
      owner: input.owner,
      repo: input.repo,
      path: input.baselinePath,
      ref: branch
    })
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return false
    return Buffer.from(data.content, 'base64').toString('utf8') === text
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'status' in error && error.status === 404) return false
    throw error
  }
}

function boundBody(body: string): string {
  if (body.length <= MAX_PULL_REQUEST_BODY) return body
  const room = MAX_PULL_REQUEST_BODY - TRUNCATION_NOTE.length
  const cut = body.lastIndexOf('\n', room)
  return `${body.slice(0, cut > 0 ? cut : room)}${TRUNCATION_NOTE}`
}
