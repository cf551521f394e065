/** Wires the real publisher (real Octokit, retry and throttling plugins) to a local GitHub fake. */
import type { Finding, ObjectKind } from '../../src/core/model/finding.js'
import { baselineStates, DRIFT_LABEL, type IssueSeverity } from '../../src/core/report/issue-plan.js'
import type { JsonValue } from '../../src/core/model/json.js'
import { OctokitIssueTracker } from '../../src/github/issue-tracker.js'
import { octokitConnector, type GitHubRepository } from '../../src/github/github.js'
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js'
import type { LineLog } from '../../src/runtime/logger.js'
import { GITHUB_ACTIONS_LOGIN, type BotIdentity } from '../../src/github/token-identity.js'
import { publishIssues } from '../../src/publish/publish-issues.js'
import { OctokitBaselineHistory } from '../../src/github/baseline-history.js'
import type { TriageContext } from '../../src/core/report/triage.js'
import type { RedactionContext } from '../../src/core/report/redact.js'
import type { GitHubFake } from '../fakes/github-fake.ts'
import { TENANT_ID } from './drift-fixtures.ts'
import { KEYED, keyedRedaction, UNKEYED } from './pseudonyms.ts'

export interface RecordingLog extends LineLog {
  readonly lines: string[]
}

export function recordingLog(): RecordingLog {
  const lines: string[] = []
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warning: (message) => lines.push(`warning: ${message}`)
  }
}

/** Fast but real: retries wait 1 ms per "second", writes are not spaced out. */
export function octokitFor(fake: GitHubFake, log: LineLog = recordingLog(), maxRetries = 3): GitHubClient {
  return createOctokit(fake.token, { baseUrl: fake.url, log, retryUnitMs: 1, paceWrites: false, maxRetries })
}

/** The fake's repository behind the real Octokit ports, tuned like octokitFor. */
export function githubFor(
  fake: GitHubFake,
  log: LineLog = recordingLog(),
  token = fake.token
): GitHubRepository {
  return octokitConnector({ baseUrl: fake.url, log, retryUnitMs: 1, paceWrites: false })(token, {
    owner: fake.owner,
    repo: fake.repo
  })
}

/** The fake's bot, as the runner's GITHUB_TOKEN is seen by GitHub. */
export const BOT: BotIdentity = { login: GITHUB_ACTIONS_LOGIN, source: 'graphql-viewer' }

export interface RunOptions {
  observed?: (kind: ObjectKind, key: string | undefined) => boolean
  redact?: boolean
  minSeverity?: IssueSeverity
  labels?: string[]
  assignees?: string[]
  tenantId?: string
  log?: RecordingLog
  octokit?: GitHubClient
  identity?: BotIdentity
  blocked?: string
  maxIssuesPerRun?: number
  /** Links, owners, response times and the clock for the triage block. */
  triage?: TriageContext
  /** The baseline file whose history tells an accepted drift from a reverted one. */
  baselinePath?: string
  /** The committed baseline's JSON: each object's value is remembered, to tell accepted from reverted. */
  baseline?: JsonValue
  /** With redact: the redaction the run's disclosure would have learnt (default: the findings' tenant ids). */
  redaction?: RedactionContext
}

/** One nightly run of the issue publisher. */
export async function publishRun(fake: GitHubFake, findings: readonly Finding[], options: RunOptions = {}) {
  const log = options.log ?? recordingLog()
  const octokit = options.octokit ?? octokitFor(fake, log)
  const tracker = new OctokitIssueTracker(
    octokit,
    { owner: fake.owner, repo: fake.repo },
    DRIFT_LABEL,
    options.identity ?? BOT
  )
  return publishIssues({
    tracker,
    findings,
    observed: options.observed ?? (() => true),
    tenantId: options.tenantId ?? TENANT_ID,
    options: {
      minSeverity: options.minSeverity ?? 'low',
      labels: options.labels ?? [],
      assignees: options.assignees ?? [],
      redaction: options.redact
        ? (options.redaction ??
          keyedRedaction([
            options.tenantId ?? TENANT_ID,
            ...findings.filter((f) => f.object.kind === 'partner').map((f) => f.object.key)
          ]))
        : undefined,
      pseudonyms: options.redact ? KEYED : UNKEYED,
      ...(options.maxIssuesPerRun === undefined ? {} : { maxIssuesPerRun: options.maxIssuesPerRun }),
      triage: options.triage
    },
    log,
    blocked: options.blocked,
    ...(options.baseline === undefined
      ? {}
      : {
          baselineStates: baselineStates(
            options.baseline,
            options.tenantId ?? TENANT_ID,
            options.redact ? KEYED : UNKEYED
          )
        }),
    baselineHistory:
      options.baselinePath === undefined
        ? undefined
        : {
            port: new OctokitBaselineHistory(octokit, { owner: fake.owner, repo: fake.repo }),
            path: options.baselinePath
          }
  })
}

/** Text as a reader sees it: numeric character references decoded. */
export function decodeEntities(text: string): string {
  return text.replace(/&#(x[0-9a-f]+|\d+);/gi, (_entity, code: string) =>
    String.fromCodePoint(code.toLowerCase().startsWith('x') ? parseInt(code.slice(1), 16) : Number(code))
  )
}
