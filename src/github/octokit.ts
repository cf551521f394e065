import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling'
import type { LineLog } from '../runtime/logger.js'

export interface OctokitSettings {
  /** REST root, e.g. `https://ghe.example.com/api/v3`; defaults to GITHUB_API_URL (via @actions/github). */
  readonly baseUrl?: string | undefined
  readonly log?: LineLog | undefined
  /** Retries after a 5xx or a rate limit (default 3). */
  readonly maxRetries?: number | undefined
  /** What one "second" of a retry wait lasts, in ms (default 1000); tests make it 1. */
  readonly retryUnitMs?: number | undefined
  /**
   * Space out writes as GitHub asks integrators to (1 s between writes, 3 s between writes that
   * notify people; default true). Tests against the local fake turn it off.
   */
  readonly paceWrites?: boolean | undefined
}

export type GitHubClient = ReturnType<typeof getOctokit>

/** Longest rate-limit wait we sit out inside a job; beyond it the run fails and says why. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 600

/** The same as peter-evans/create-pull-request: these statuses do not get better by retrying. */
const DO_NOT_RETRY = [400, 401, 403, 404, 422]

export function createOctokit(token: string, settings: OctokitSettings = {}): GitHubClient {
  const log = settings.log ?? silentLog
  const maxRetries = settings.maxRetries ?? 3
  const retryUnitMs = settings.retryUnitMs ?? 1000
  const throttle: ThrottlingOptions = {
    retryAfterBaseValue: retryUnitMs,
    onRateLimit: (retryAfter, options, _octokit, retryCount) =>
      shouldRetryRateLimit('Rate limit', retryAfter, options, retryCount, maxRetries, log),
    onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) =>
      shouldRetryRateLimit('Secondary rate limit', retryAfter, options, retryCount, maxRetries, log),
    ...(settings.paceWrites === false ? { write: unpacedGroup(), notifications: unpacedGroup() } : {})
  }
  return getOctokit(
    token,
    {
      // Only when given: an explicit undefined would override the GITHUB_API_URL default.
      ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
      log: {
        debug: (message: string) => log.debug?.(message),
        info: (message: string) => log.debug?.(message),
        warn: (message: string) => log.warning(message),
        error: (message: string) => log.warning(message)
      },
      retry: { doNotRetry: DO_NOT_RETRY, retries: maxRetries, retryAfterBaseValue: retryUnitMs },
      throttle
    },
    retry,
    throttling
  )
}

function shouldRetryRateLimit(
  what: string,
  retryAfter: number,
  options: { method: string; url: string },
  retryCount: number,
  maxRetries: number,
  log: LineLog
): boolean {
  const request = `${options.method} ${options.url}`
  if (retryCount >= maxRetries || retryAfter > MAX_RATE_LIMIT_WAIT_SECONDS) {
    log.warning(
      `${what} hit for ${request}; giving up after ${retryCount} retries (GitHub asks to wait ${retryAfter} s).`
    )
    return false
  }
  log.warning(
    `${what} hit for ${request}; retrying in ${retryAfter} s (retry ${retryCount + 1} of ${maxRetries}).`
  )
  return true
}

/**
 * A stand-in for a Bottleneck group that runs every job at once: plugin-throttling only ever calls
 * `group.key(id).schedule(options, task, ...args)` on it.
 */
function unpacedGroup(): NonNullable<ThrottlingOptions['write']> {
  const limiter = {
    schedule: (_options: unknown, task: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve(task(...args))
  }
  return { key: () => limiter } as unknown as NonNullable<ThrottlingOptions['write']>
}

const silentLog: LineLog = { info: () => undefined, warning: () => undefined }

/** The repository an adapter works on, and the client it works through: what every port over Octokit holds. */
export abstract class RepositoryAdapter {
  protected readonly octokit: GitHubClient
  protected readonly owner: string
  protected readonly repo: string

  constructor(octokit: GitHubClient, repository: { owner: string; repo: string }) {
    this.octokit = octokit
    this.owner = repository.owner
    this.repo = repository.repo
  }

  /** The owner and repo every request names. */
  protected repository(): { owner: string; repo: string } {
    return { owner: this.owner, repo: this.repo }
  }
}
