/**
 * A stateful local GitHub REST API (plus the one GraphQL query octokit-plugin-create-pull-request
 * sends) over HTTPS on 127.0.0.1, so the publisher's real Octokit, with its retry and throttling
 * plugins, is tested over real HTTP. Status codes and response shapes follow GitHub's REST
 * documentation; every request is recorded; faults (rate limits, 5xx, conflicts) can be injected.
 *
 * Any route it does not implement answers 404 with a message naming the route, so a test that
 * strays shows where.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import { posix } from 'node:path'
import { fileURLToPath } from 'node:url'

const CERT_PATH = fileURLToPath(new URL('./tls/cert.pem', import.meta.url))
const KEY_PATH = fileURLToPath(new URL('./tls/key.pem', import.meta.url))
const DOCS = 'https://docs.github.com/rest'
const BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
/** A person with a token of their own: comments and issues they write are not the bot's. */
const DEFAULT_USER = { login: 'mallory', id: 5_550_001, type: 'User' }

/** An account as REST shows it in `user`; the fake knows the bot and one person. */
interface Account {
  readonly login: string
  readonly id: number
  readonly type: string
}

export interface GitHubFakeOptions {
  owner?: string
  repo?: string
  /** Default 'private'. */
  visibility?: 'public' | 'private' | 'internal'
  defaultBranch?: string
  /** The only token accepted (as `token X` or `Bearer X`). */
  token?: string
  /** Files of the default branch's first commit. */
  files?: Record<string, string>
  /** Prefix of `url`: '' (github.com style) or '/api/v3' (GHES). Both prefixes are accepted either way. */
  basePath?: string
  /** A person's token, accepted besides the bot's; what it writes is authored by `userLogin`. */
  userToken?: string
  /** Default 'mallory'. */
  userLogin?: string
}

export interface RecordedRequest {
  method: string
  /** Decoded path without the GHES prefix and without the query, e.g. `/repos/o/r/issues/1`. */
  path: string
  query: Record<string, string>
  body: unknown
  status: number
}

export interface GitHubFault {
  status: number
  headers?: Record<string, string>
  body?: unknown
}

export interface GitHubFaultRule {
  /** A string is the exact path (any query); a RegExp is tested against path + '?' + query. */
  match: string | RegExp
  method?: string
  /** How many matching requests fail (default 1; Infinity allowed). */
  times?: number
  /**
   * The request is carried out, then answered with the fault anyway: GitHub did the write but the
   * answer was lost (a 502 from a proxy after the issue was created).
   */
  afterHandling?: boolean
  fault: GitHubFault
}

export interface FakeComment {
  id: number
  body: string
  /** The author's login. */
  user: string
}

export interface FakePull {
  head: string
  base: string
  /** The head commit when last seen (kept after the branch is deleted). */
  headSha: string
  merged: boolean
  draft: boolean
  /** The commit the merge made on the base branch (a squash merge: one commit). */
  mergeCommitSha?: string
  mergedAt?: string
}

/** Issues and pull requests share one numbering, as on GitHub; a pull request is an issue with `pull`. */
export interface FakeIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason: string | null
  labels: string[]
  assignees: string[]
  comments: FakeComment[]
  /** The author's login (the bot's unless seeded or written with the user's token). */
  author: string
  pull?: FakePull
  /** Who closed it (GET /issues/{n} `closed_by`); closed through the API = the token's bot, else a person. */
  closedBy?: string
  /** `created_at` (ISO 8601): the fake's clock when it was created. */
  createdAt?: string
}

export interface FakeLabel {
  id: number
  name: string
  color: string
  description: string | null
}

interface FakeCommit {
  tree: string
  parents: string[]
  message: string
  author: { name: string; email: string; date: string }
  /** The GitHub account the author's e-mail belongs to (the REST `author` object), if any. */
  account?: string
}

/** Someone who pushes to the repository with git, as opposed to the token's bot. */
export interface FakePusher {
  login: string
  name: string
  email: string
}

interface TreeEntry {
  mode: string
  sha: string
}

interface Answer {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

interface RouteContext {
  params: Record<string, string>
  query: Record<string, string>
  body: Record<string, unknown>
  /** The request's own path including any GHES prefix: pagination links point back to it. */
  rawPath: string
  method: string
  /** Whose token made the request. */
  caller: Account
}

type Handler = (context: RouteContext) => Answer

interface Route {
  method: string
  segments: string[]
  handler: Handler
}

export interface GitHubFake {
  /** The REST root to give Octokit as baseUrl, e.g. https://127.0.0.1:PORT or …/api/v3. */
  readonly url: string
  readonly owner: string
  readonly repo: string
  readonly token: string
  /** A person's token (not the bot's): what it writes is authored by `userLogin`. */
  readonly userToken: string
  readonly userLogin: string
  /** The bot's login, as REST shows it. */
  readonly botLogin: string
  readonly defaultBranch: string
  visibility: 'public' | 'private' | 'internal'
  readonly requests: RecordedRequest[]
  /** Requests that change state (POST/PATCH/PUT/DELETE), GraphQL reads excluded. */
  writes(): RecordedRequest[]
  clearRequests(): void
  readonly faults: { inject(rule: GitHubFaultRule): void; clear(): void; pending(): number }
  issues(): FakeIssue[]
  issue(number: number): FakeIssue | undefined
  pulls(): FakeIssue[]
  labels(): FakeLabel[]
  /** Adds an issue directly (as if another run had written it; `author` defaults to the bot), returning its number. */
  seedIssue(issue: Partial<Omit<FakeIssue, 'number' | 'comments'>> & { title: string }): number
  /** Adds a comment directly (`author` defaults to the bot), returning its id. */
  seedComment(issueNumber: number, body: string, author?: string): number
  /** The commit a branch points at, or undefined. */
  branchSha(branch: string): string | undefined
  /** A file's text at a branch, or undefined. */
  readFile(branch: string, path: string): string | undefined
  /** Commits a change to a branch (as a person pushing would), returning the new commit. */
  pushFiles(branch: string, files: Record<string, string>, message: string, by?: FakePusher): string
  /** Commits symbolic links (git mode 120000: the blob holds the target path), returning the new commit. */
  pushSymlinks(branch: string, links: Record<string, string>, message: string, by?: FakePusher): string
  /** Gives a person a role on the repository: admin, maintain, write, triage or read (anyone else: none). */
  setRole(login: string, role: string): void
  /** Records an environment review of a workflow run, as a reviewer approving a deployment would. */
  reviewRun(
    runId: string,
    review: { login: string; state: 'approved' | 'rejected'; environment: string; comment?: string }
  ): void
  /**
   * A pull request from `head` squash-merged into the default branch now: one commit on the default
   * branch with `files`, authored by `by`; returns the pull request's number.
   */
  mergePullRequest(pull: {
    title: string
    head: string
    files: Record<string, string>
    by?: FakePusher
  }): number
  /** Sets the fake's clock (ISO 8601): the time of issues created and commits pushed from now on. */
  setNow(iso: string): void
  close(): Promise<void>
}

/** A GitHub secondary rate limit answer, as documented (403 + retry-after). */
export function secondaryRateLimit(retryAfterSeconds: number): GitHubFault {
  return {
    status: 403,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'
    }
  }
}

export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const fake = new GitHubFakeServer(options)
  await fake.listen()
  return fake
}

class GitHubFakeServer implements GitHubFake {
  url = ''
  readonly owner: string
  readonly repo: string
  readonly token: string
  readonly userToken: string
  readonly userLogin: string
  readonly botLogin = BOT.login
  readonly defaultBranch: string
  visibility: 'public' | 'private' | 'internal'
  readonly requests: RecordedRequest[] = []
  readonly faults: { inject(rule: GitHubFaultRule): void; clear(): void; pending(): number }

  readonly #basePath: string
  readonly #server = createServer({
    cert: readFileSync(CERT_PATH, 'utf8'),
    key: readFileSync(KEY_PATH, 'utf8')
  })
  readonly #routes: Route[] = []
  #origin = ''
  #armed: { rule: GitHubFaultRule; left: number }[] = []
  readonly #issues = new Map<number, FakeIssue>()
  readonly #labels = new Map<string, FakeLabel>()
  readonly #blobs = new Map<string, Buffer>()
  readonly #trees = new Map<string, Map<string, TreeEntry>>()
  readonly #commits = new Map<string, FakeCommit>()
  readonly #refs = new Map<string, string>()
  readonly #roles = new Map<string, string>()
  readonly #reviews = new Map<string, Record<string, unknown>[]>()
  #nextId = 1000
  /** Set by setNow; unset, issues are created at the real time (as GitHub does) and commits at a fixed date. */
  #now: string | undefined

  constructor(options: GitHubFakeOptions) {
    this.owner = options.owner ?? 'contoso-security'
    this.repo = options.repo ?? 'tenant-baselines'
    this.token = options.token ?? 'ghs_fake-installation-token'
    this.userToken = options.userToken ?? 'ghp_fake-personal-token'
    this.userLogin = options.userLogin ?? DEFAULT_USER.login
    this.defaultBranch = options.defaultBranch ?? 'main'
    this.visibility = options.visibility ?? 'private'
    this.#basePath = options.basePath ?? ''
    this.faults = {
      inject: (rule) => this.#armed.push({ rule, left: rule.times ?? 1 }),
      clear: () => {
        this.#armed = []
      },
      pending: () => this.#armed.filter((armed) => armed.left > 0).length
    }
    const tree = this.#storeTree(
      new Map(
        Object.entries(options.files ?? { 'README.md': '# Baselines\n' }).map(([path, text]) => [
          path,
          { mode: '100644', sha: this.#storeBlob(Buffer.from(text, 'utf8')) }
        ])
      )
    )
    const root = this.#storeCommit({ tree, parents: [], message: 'Initial commit', author: PERSON })
    this.#refs.set(`refs/heads/${this.defaultBranch}`, root)
    this.#defineRoutes()
  }

  async listen(): Promise<void> {
    this.#server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void this.#handle(request, response)
    })
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(0, '127.0.0.1', () => resolve())
    })
    const address = this.#server.address()
    if (address === null || typeof address === 'string') {
      throw new Error('The GitHub fake has no TCP address.')
    }
    this.#origin = `https://127.0.0.1:${address.port}`
    this.url = `${this.#origin}${this.#basePath}`
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  writes(): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.method !== 'GET' && request.method !== 'HEAD' && request.path !== '/graphql'
    )
  }

  clearRequests(): void {
    this.requests.length = 0
  }

  issues(): FakeIssue[] {
    return [...this.#issues.values()].filter((issue) => issue.pull === undefined)
  }

  issue(number: number): FakeIssue | undefined {
    return this.#issues.get(number)
  }

  pulls(): FakeIssue[] {
    return [...this.#issues.values()].filter((issue) => issue.pull !== undefined)
  }

  labels(): FakeLabel[] {
    return [...this.#labels.values()]
  }

  seedIssue(issue: Partial<Omit<FakeIssue, 'number' | 'comments'>> & { title: string }): number {
    const number = this.#issues.size + 1
    for (const name of issue.labels ?? []) this.#ensureLabel(name)
    this.#issues.set(number, {
      number,
      title: issue.title,
      body: issue.body ?? '',
      state: issue.state ?? 'open',
      state_reason: issue.state_reason ?? null,
      labels: [...(issue.labels ?? [])],
      assignees: [...(issue.assignees ?? [])],
      comments: [],
      author: issue.author ?? BOT.login,
      createdAt: issue.createdAt ?? this.#issueTime(),
      ...(issue.pull ? { pull: issue.pull } : {})
    })
    return number
  }

  setRole(login: string, role: string): void {
    this.#roles.set(login.toLowerCase(), role)
  }

  reviewRun(
    runId: string,
    review: { login: string; state: 'approved' | 'rejected'; environment: string; comment?: string }
  ): void {
    const entries = this.#reviews.get(runId) ?? []
    // environment-approvals, as the example of "Get the review history for a workflow run" shows it.
    entries.push({
      state: review.state,
      comment: review.comment ?? '',
      environments: [
        {
          id: 161088068,
          node_id: 'MDExOkVudmlyb25tZW50MTYxMDg4MDY4',
          name: review.environment,
          url: `${this.url}/repos/${this.owner}/${this.repo}/environments/${review.environment}`,
          html_url: `https://github.com/${this.owner}/${this.repo}/deployments/activity_log?environments_filter=${review.environment}`,
          created_at: '2020-11-23T22:00:40Z',
          updated_at: '2020-11-23T22:00:40Z'
        }
      ],
      user: accountJson(review.login)
    })
    this.#reviews.set(runId, entries)
  }

  seedComment(issueNumber: number, body: string, author: string = BOT.login): number {
    const issue = this.#issues.get(issueNumber)
    if (issue === undefined) throw new Error(`No issue #${issueNumber} in the GitHub fake.`)
    const id = this.#nextId++
    issue.comments.push({ id, body, user: author })
    return id
  }

  branchSha(branch: string): string | undefined {
    return this.#refs.get(`refs/heads/${branch}`)
  }

  readFile(branch: string, path: string): string | undefined {
    const commit = this.#resolveCommit(branch)
    const entry =
      commit === undefined ? undefined : this.#trees.get(this.#commits.get(commit)?.tree ?? '')?.get(path)
    return entry === undefined ? undefined : this.#blobs.get(entry.sha)?.toString('utf8')
  }

  pushFiles(branch: string, files: Record<string, string>, message: string, by = MAINTAINER): string {
    return this.#push(branch, '100644', files, message, by)
  }

  pushSymlinks(branch: string, links: Record<string, string>, message: string, by = MAINTAINER): string {
    return this.#push(branch, SYMLINK_MODE, links, message, by)
  }

  setNow(iso: string): void {
    this.#now = iso
  }

  mergePullRequest(pull: {
    title: string
    head: string
    files: Record<string, string>
    by?: FakePusher
  }): number {
    const by = pull.by ?? MAINTAINER
    const base = this.defaultBranch
    const baseSha = this.branchSha(base) ?? ''
    const merged = this.pushFiles(base, pull.files, `${pull.title} (#${this.#issues.size + 1})`, by)
    const number = this.#issues.size + 1
    this.#issues.set(number, {
      number,
      title: pull.title,
      body: '',
      state: 'closed',
      state_reason: null,
      labels: [],
      assignees: [],
      comments: [],
      author: by.login,
      createdAt: this.#issueTime(),
      pull: {
        head: pull.head,
        base,
        headSha: baseSha,
        merged: true,
        draft: false,
        mergeCommitSha: merged,
        mergedAt: this.#issueTime()
      }
    })
    return number
  }

  #issueTime(): string {
    return this.#now ?? new Date().toISOString()
  }

  #push(
    branch: string,
    mode: string,
    files: Record<string, string>,
    message: string,
    by: FakePusher
  ): string {
    const parent = this.branchSha(branch)
    if (parent === undefined) throw new Error(`No branch '${branch}' in the GitHub fake.`)
    const entries = new Map(this.#trees.get(this.#commits.get(parent)?.tree ?? ''))
    for (const [path, text] of Object.entries(files)) {
      entries.set(path, { mode, sha: this.#storeBlob(Buffer.from(text, 'utf8')) })
    }
    const commit = this.#storeCommit({
      tree: this.#storeTree(entries),
      parents: [parent],
      message,
      author: { name: by.name, email: by.email, date: this.#now ?? PERSON.date },
      account: by.login
    })
    this.#refs.set(`refs/heads/${branch}`, commit)
    return commit
  }

  // ---- HTTP plumbing ----

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase()
    const url = new URL(request.url ?? '/', this.#origin)
    const path = stripBasePath(url.pathname)
    const query = Object.fromEntries(url.searchParams)
    const text = await readBody(request)
    let body: unknown = undefined
    let answer: Answer
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined
      answer = this.#answer(method, path, url, query, body, request.headers.authorization)
    } catch (error) {
      answer =
        error instanceof SyntaxError
          ? { status: 400, body: { message: 'Problems parsing JSON', documentation_url: DOCS } }
          : { status: 500, body: { message: `GitHub fake failed: ${String(error)}` } }
    }
    this.requests.push({ method, path: decodeSegments(path), query, body, status: answer.status })
    const payload = answer.body === undefined || method === 'HEAD' ? '' : JSON.stringify(answer.body)
    response.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': `FAKE:${this.requests.length}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-resource': 'core',
      ...answer.headers
    })
    response.end(payload)
  }

  #answer(
    method: string,
    path: string,
    url: URL,
    query: Record<string, string>,
    body: unknown,
    authorizationHeader: string | undefined
  ): Answer {
    const armed = this.#takeFault(method, decodeSegments(path), url.search)
    const faulted = (fault: GitHubFault): Answer => ({
      status: fault.status,
      headers: fault.headers ?? {},
      body: fault.body ?? { message: `Injected ${fault.status}` }
    })
    if (armed !== undefined && armed.afterHandling !== true) return faulted(armed.fault)
    const authorization = /^(?:token|bearer)\s+(\S+)$/i.exec(authorizationHeader ?? '')?.[1]
    const caller = this.#accountOfToken(authorization)
    if (caller === undefined) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS } }
    }
    const answer = this.#dispatch(method, path, url, query, body, caller)
    return armed === undefined ? answer : faulted(armed.fault)
  }

  #accountOfToken(token: string | undefined): Account | undefined {
    if (token === this.token) return BOT
    if (token === this.userToken) return this.#account(this.userLogin)
    return undefined
  }

  #account(login: string): Account {
    if (login === BOT.login) return BOT
    if (login === this.userLogin) return { ...DEFAULT_USER, login }
    return { login, id: 5_550_000 + login.length, type: 'User' }
  }

  #dispatch(
    method: string,
    path: string,
    url: URL,
    query: Record<string, string>,
    body: unknown,
    caller: Account
  ): Answer {
    const segments = path.split('/').filter((segment) => segment.length > 0)
    for (const route of this.#routes) {
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue
      const params = matchRoute(route.segments, segments)
      if (params === undefined) continue
      if ('owner' in params && !this.#isOurRepository(params.owner ?? '', params.repo ?? '')) {
        return notFound()
      }
      const requestBody =
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? (body as Record<string, unknown>)
          : {}
      return route.handler({ params, query, body: requestBody, rawPath: url.pathname, method, caller })
    }
    return {
      status: 404,
      body: {
        message: `The GitHub fake does not implement ${method} ${decodeSegments(path)}.`,
        documentation_url: DOCS
      }
    }
  }

  #takeFault(method: string, path: string, search: string): GitHubFaultRule | undefined {
    for (const armed of this.#armed) {
      if (armed.left <= 0) continue
      const { rule } = armed
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue
      const hit = rule.match instanceof RegExp ? rule.match.test(`${path}${search}`) : rule.match === path
      if (!hit) continue
      armed.left -= 1
      return rule
    }
    return undefined
  }

  #isOurRepository(owner: string, repo: string): boolean {
    return owner.toLowerCase() === this.owner.toLowerCase() && repo.toLowerCase() === this.repo.toLowerCase()
  }

  #route(method: string, pattern: string, handler: Handler): void {
    this.#routes.push({
      method,
      segments: pattern.split('/').filter((segment) => segment.length > 0),
      handler
    })
  }

  // ---- routes ----

  #defineRoutes(): void {
    const repo = '/repos/:owner/:repo'
    this.#route('GET', repo, () => ({ status: 200, body: this.#repositoryJson() }))

    this.#route('GET', `${repo}/issues`, (c) => this.#listIssues(c))
    this.#route('POST', `${repo}/issues`, (c) => this.#createIssue(c))
    this.#route('GET', `${repo}/issues/:number`, (c) =>
      this.#withIssue(c, (issue) => ({ status: 200, body: this.#issueJson(issue) }))
    )
    this.#route('PATCH', `${repo}/issues/:number`, (c) =>
      this.#withIssue(c, (issue) => this.#updateIssue(issue, c.body))
    )
    this.#route('GET', `${repo}/issues/:number/comments`, (c) =>
      this.#withIssue(c, (issue) =>
        this.#page(
          c,
          issue.comments.map((comment) => this.#commentJson(issue, comment))
        )
      )
    )
    this.#route('POST', `${repo}/issues/:number/comments`, (c) =>
      this.#withIssue(c, (issue) => this.#createComment(issue, c.body, c.caller))
    )
    this.#route('POST', `${repo}/issues/:number/labels`, (c) =>
      this.#withIssue(c, (issue) => this.#addLabels(issue, c.body))
    )

    this.#route('GET', `${repo}/labels`, (c) => this.#page(c, this.labels().map(labelJson)))
    this.#route('GET', `${repo}/labels/:name`, (c) => {
      const label = this.#findLabel(c.params.name ?? '')
      return label === undefined ? notFound() : { status: 200, body: labelJson(label) }
    })
    this.#route('POST', `${repo}/labels`, (c) => this.#createLabel(c.body))

    this.#route('GET', `${repo}/git/ref/*ref`, (c) => this.#getRef(c.params.ref ?? ''))
    this.#route('GET', `${repo}/git/refs/*ref`, (c) => this.#getRef(c.params.ref ?? ''))
    this.#route('POST', `${repo}/git/refs`, (c) => this.#createRef(c.body))
    this.#route('PATCH', `${repo}/git/refs/*ref`, (c) => this.#updateRef(c.params.ref ?? '', c.body))
    this.#route('DELETE', `${repo}/git/refs/*ref`, (c) => this.#deleteRef(c.params.ref ?? ''))
    this.#route('GET', `${repo}/git/commits/:sha`, (c) => {
      const sha = c.params.sha ?? ''
      return this.#commits.has(sha) ? { status: 200, body: this.#gitCommitJson(sha) } : notFound()
    })
    this.#route('POST', `${repo}/git/commits`, (c) => this.#createCommit(c.body))
    this.#route('POST', `${repo}/git/trees`, (c) => this.#createTree(c.body))
    this.#route('GET', `${repo}/git/trees/:sha`, (c) => this.#getTree(c.params.sha ?? '', c.query.recursive))
    this.#route('POST', `${repo}/git/blobs`, (c) => this.#createBlob(c.body))
    this.#route('GET', `${repo}/git/blobs/:sha`, (c) => {
      const sha = c.params.sha ?? ''
      const blob = this.#blobs.get(sha)
      return blob === undefined
        ? notFound()
        : {
            status: 200,
            body: {
              sha,
              node_id: `B_${sha}`,
              size: blob.length,
              encoding: 'base64',
              content: wrappedBase64(blob),
              url: this.#api(`/git/blobs/${sha}`)
            }
          }
    })
    this.#route('GET', `${repo}/commits`, (c) => this.#listCommits(c))
    this.#route('GET', `${repo}/commits/:ref`, (c) => {
      const sha = this.#resolveCommit(c.params.ref ?? '')
      return sha === undefined
        ? unprocessable(`No commit found for SHA: ${c.params.ref ?? ''}`)
        : { status: 200, body: this.#commitJson(sha) }
    })
    // GET /repos/{o}/{r}/commits/{commit_sha}/pulls ("List pull requests associated with a commit"):
    // the merged pull request whose merge commit it is, and open ones whose head it is.
    this.#route('GET', `${repo}/commits/:ref/pulls`, (c) => {
      const sha = this.#resolveCommit(c.params.ref ?? '')
      if (sha === undefined) return unprocessable(`No commit found for SHA: ${c.params.ref ?? ''}`)
      const pulls = this.pulls().filter(
        (pull) => pull.pull?.mergeCommitSha === sha || (pull.state === 'open' && pull.pull?.headSha === sha)
      )
      return this.#page(
        c,
        pulls.map((pull) => this.#pullJson(pull))
      )
    })
    this.#route('GET', `${repo}/compare/*basehead`, (c) => this.#compare(c.params.basehead ?? ''))
    this.#route('GET', `${repo}/contents/*path`, (c) => this.#getContents(c.params.path ?? '', c.query.ref))

    this.#route('GET', `${repo}/pulls`, (c) => this.#listPulls(c))
    this.#route('POST', `${repo}/pulls`, (c) => this.#createPull(c.body, c.caller))
    this.#route('GET', `${repo}/pulls/:number`, (c) =>
      this.#withPull(c, (pull) => ({ status: 200, body: this.#pullJson(pull) }))
    )
    this.#route('PATCH', `${repo}/pulls/:number`, (c) =>
      this.#withPull(c, (pull) => this.#updatePull(pull, c.body))
    )

    this.#route('GET', `${repo}/pulls/:number/files`, (c) =>
      this.#withPull(c, (pull) => this.#page(c, this.#scratchFiles(pull)))
    )
    this.#route('PATCH', `${repo}/issues/comments/:id`, (c) => {
      for (const issue of this.#issues.values()) {
        const comment = issue.comments.find((candidate) => candidate.id === Number(c.params.id))
        if (comment !== undefined) {
          comment.body = String(c.body.body)
          return { status: 200, body: this.#commentJson(issue, comment) }
        }
      }
      return notFound()
    })
    this.#route('GET', `${repo}/collaborators/:username/permission`, (c) =>
      this.#permissionOf(c.params.username ?? '')
    )
    this.#route('GET', `${repo}/actions/runs/:runId/approvals`, (c) => ({
      status: 200,
      body: this.#reviews.get(c.params.runId ?? '') ?? []
    }))
    this.#route('POST', '/graphql', (c) => this.#graphql(c.body, c.caller))
    this.#route('GET', '/user', (c) => this.#authenticatedUser(c.caller))
  }

  // ---- collaborators ----

  /**
   * GET /repos/{owner}/{repo}/collaborators/{username}/permission: `permission` is the legacy
   * admin/write/read/none (maintain reads as write, triage as read), `role_name` the role itself.
   * What GitHub answers for a person with no access is [UNVERIFIED]: 'none' here, as the docs list it.
   */
  #permissionOf(username: string): Answer {
    const role = this.#roles.get(username.toLowerCase()) ?? 'none'
    const legacy: Record<string, string> = {
      admin: 'admin',
      maintain: 'write',
      write: 'write',
      triage: 'read',
      read: 'read'
    }
    return {
      status: 200,
      body: { permission: legacy[role] ?? 'none', role_name: role, user: accountJson(username) }
    }
  }

  // ---- issues ----

  #listIssues(c: RouteContext): Answer {
    const state = c.query.state ?? 'open'
    const wanted = (c.query.labels ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean)
    const ascending = c.query.direction === 'asc'
    const issues = [...this.#issues.values()]
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) => wanted.every((name) => issue.labels.some((label) => label.toLowerCase() === name)))
      .sort((a, b) => (ascending ? a.number - b.number : b.number - a.number))
    return this.#page(
      c,
      issues.map((issue) => this.#issueJson(issue))
    )
  }

  #createIssue(c: RouteContext): Answer {
    const { title, body } = c.body
    if (typeof title !== 'string' || title.length === 0) {
      return validationFailed('Issue', 'title', 'missing_field')
    }
    const problem = issueTextProblem(c.body)
    if (problem !== undefined) return problem
    const number = this.#issues.size + 1
    const issue: FakeIssue = {
      number,
      title,
      body: typeof body === 'string' ? body : '',
      state: 'open',
      state_reason: null,
      labels: this.#labelNames(c.body.labels),
      assignees: stringList(c.body.assignees),
      comments: [],
      author: c.caller.login,
      createdAt: this.#issueTime()
    }
    this.#issues.set(number, issue)
    return {
      status: 201,
      body: this.#issueJson(issue),
      headers: { location: this.#api(`/issues/${number}`) }
    }
  }

  #updateIssue(issue: FakeIssue, body: Record<string, unknown>): Answer {
    const problem = issueTextProblem(body)
    if (problem !== undefined) return problem
    if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed') {
      return validationFailed('Issue', 'state', 'invalid')
    }
    const reason = body.state_reason
    if (
      reason !== undefined &&
      reason !== null &&
      !['completed', 'not_planned', 'reopened', 'duplicate'].includes(String(reason))
    ) {
      return validationFailed('Issue', 'state_reason', 'invalid')
    }
    if (typeof body.title === 'string') issue.title = body.title
    if (typeof body.body === 'string') issue.body = body.body
    if (body.labels !== undefined) issue.labels = this.#labelNames(body.labels)
    if (body.assignees !== undefined) issue.assignees = stringList(body.assignees)
    // state_reason only takes effect together with a change of state (GitHub ignores it otherwise).
    if (body.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed'
      issue.closedBy = BOT.login
      issue.state_reason = typeof reason === 'string' ? reason : 'completed'
    } else if (body.state === 'open' && issue.state === 'closed') {
      issue.state = 'open'
      issue.state_reason = 'reopened'
    }
    return { status: 200, body: this.#issueJson(issue) }
  }

  #createComment(issue: FakeIssue, body: Record<string, unknown>, caller: Account): Answer {
    if (typeof body.body !== 'string' || body.body.length === 0) {
      return validationFailed('IssueComment', 'body', 'missing_field')
    }
    if (body.body.length > 65_536) return unprocessable('Body is too long (maximum is 65536 characters)')
    const comment = { id: this.#nextId++, body: body.body, user: caller.login }
    issue.comments.push(comment)
    return { status: 201, body: this.#commentJson(issue, comment) }
  }

  #addLabels(issue: FakeIssue, body: Record<string, unknown>): Answer {
    for (const name of this.#labelNames(body.labels)) {
      if (!issue.labels.includes(name)) issue.labels.push(name)
    }
    return { status: 200, body: issue.labels.map((name) => labelJson(this.#ensureLabel(name))) }
  }

  #withIssue(c: RouteContext, act: (issue: FakeIssue) => Answer): Answer {
    const issue = this.#issues.get(Number(c.params.number))
    return issue === undefined ? notFound() : act(issue)
  }

  // ---- labels ----

  #createLabel(body: Record<string, unknown>): Answer {
    const { name, color, description } = body
    if (typeof name !== 'string' || name.length === 0) {
      return validationFailed('Label', 'name', 'missing_field')
    }
    if (typeof color === 'string' && !/^[0-9a-f]{6}$/i.test(color)) {
      return validationFailed('Label', 'color', 'invalid')
    }
    if (this.#findLabel(name) !== undefined) return validationFailed('Label', 'name', 'already_exists')
    const label: FakeLabel = {
      id: this.#nextId++,
      name,
      color: typeof color === 'string' ? color.toLowerCase() : 'ededed',
      description: typeof description === 'string' ? description : null
    }
    this.#labels.set(name.toLowerCase(), label)
    return { status: 201, body: labelJson(label) }
  }

  #findLabel(name: string): FakeLabel | undefined {
    return this.#labels.get(name.toLowerCase())
  }

  /** Labels named on an issue are created on the fly, as GitHub does for users with push access. */
  #ensureLabel(name: string): FakeLabel {
    const existing = this.#findLabel(name)
    if (existing !== undefined) return existing
    const label = { id: this.#nextId++, name, color: 'ededed', description: null }
    this.#labels.set(name.toLowerCase(), label)
    return label
  }

  #labelNames(labels: unknown): string[] {
    const names: string[] = []
    for (const label of Array.isArray(labels) ? labels : []) {
      const name = typeof label === 'string' ? label : (label as { name?: unknown } | null)?.name
      if (typeof name === 'string' && !names.includes(this.#ensureLabel(name).name)) {
        names.push(this.#ensureLabel(name).name)
      }
    }
    return names
  }

  // ---- git data ----

  #getRef(ref: string): Answer {
    const full = ref.startsWith('refs/') ? ref : `refs/${ref}`
    const sha = this.#refs.get(full)
    return sha === undefined ? notFound() : { status: 200, body: this.#refJson(full, sha) }
  }

  #createRef(body: Record<string, unknown>): Answer {
    const { ref, sha } = body
    if (typeof ref !== 'string' || !ref.startsWith('refs/') || ref.split('/').length < 3) {
      return unprocessable("Reference name must start with 'refs/' and have at least two slashes.")
    }
    if (typeof sha !== 'string' || !this.#commits.has(sha)) return unprocessable('Object does not exist')
    if (this.#refs.has(ref)) return unprocessable('Reference already exists')
    this.#refs.set(ref, sha)
    return { status: 201, body: this.#refJson(ref, sha) }
  }

  #updateRef(ref: string, body: Record<string, unknown>): Answer {
    const full = ref.startsWith('refs/') ? ref : `refs/${ref}`
    const current = this.#refs.get(full)
    if (current === undefined) return unprocessable('Reference does not exist')
    const { sha, force } = body
    if (typeof sha !== 'string' || !this.#commits.has(sha)) return unprocessable('Object does not exist')
    if (force !== true && !this.#isAncestor(current, sha))
      return unprocessable('Update is not a fast forward')
    this.#refs.set(full, sha)
    this.#followBranch(full, sha)
    return { status: 200, body: this.#refJson(full, sha) }
  }

  #deleteRef(ref: string): Answer {
    const full = ref.startsWith('refs/') ? ref : `refs/${ref}`
    if (!this.#refs.delete(full)) return unprocessable('Reference does not exist')
    return { status: 204 }
  }

  #createBlob(body: Record<string, unknown>): Answer {
    const { content, encoding } = body
    if (typeof content !== 'string') return validationFailed('Blob', 'content', 'missing_field')
    if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'base64')
      return validationFailed('Blob', 'encoding', 'invalid')
    const sha = this.#storeBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'))
    return { status: 201, body: { sha, url: this.#api(`/git/blobs/${sha}`) } }
  }

  #createTree(body: Record<string, unknown>): Answer {
    const base = body.base_tree
    if (base !== undefined && (typeof base !== 'string' || !this.#trees.has(base))) {
      return unprocessable('base_tree is not a valid tree oid')
    }
    const entries = new Map(typeof base === 'string' ? this.#trees.get(base) : undefined)
    for (const item of Array.isArray(body.tree) ? (body.tree as Record<string, unknown>[]) : []) {
      const { path, mode, sha, content } = item
      if (typeof path !== 'string') return validationFailed('Tree', 'path', 'missing_field')
      if (sha === null) {
        entries.delete(path)
      } else if (typeof content === 'string') {
        entries.set(path, {
          mode: String(mode ?? '100644'),
          sha: this.#storeBlob(Buffer.from(content, 'utf8'))
        })
      } else if (typeof sha === 'string' && this.#blobs.has(sha)) {
        entries.set(path, { mode: String(mode ?? '100644'), sha })
      } else {
        return unprocessable(`tree.sha ${String(sha)} is not a valid blob`)
      }
    }
    const sha = this.#storeTree(entries)
    return { status: 201, body: this.#treeJson(sha, true) }
  }

  /** `tree_sha` may also name a branch or commit (GitHub documents "the SHA1 value or ref name"). */
  #getTree(treeish: string, recursive: string | undefined): Answer {
    const commit = this.#trees.has(treeish) ? undefined : this.#resolveCommit(treeish)
    const sha = commit === undefined ? treeish : (this.#commits.get(commit)?.tree ?? '')
    if (!this.#trees.has(sha)) return notFound()
    return {
      status: 200,
      body: this.#treeJson(sha, recursive !== undefined && recursive !== '0' && recursive !== 'false')
    }
  }

  #createCommit(body: Record<string, unknown>): Answer {
    const { tree, parents, message, author } = body
    if (typeof message !== 'string') return validationFailed('Commit', 'message', 'missing_field')
    if (typeof tree !== 'string' || !this.#trees.has(tree)) return unprocessable('Tree SHA does not exist')
    const parentShas = stringList(parents)
    if (parentShas.some((parent) => !this.#commits.has(parent))) {
      return unprocessable('Parent SHA does not exist or is not a commit object')
    }
    const who =
      typeof author === 'object' && author !== null ? (author as { name?: string; email?: string }) : {}
    const sha = this.#storeCommit({
      tree,
      parents: parentShas,
      message,
      author: {
        name: who.name ?? BOT.login,
        email: who.email ?? 'bot@users.noreply.github.com',
        date: PERSON.date
      },
      // Without an explicit author GitHub records the token's identity.
      ...(who.email === undefined ? { account: BOT.login } : {})
    })
    return { status: 201, body: this.#gitCommitJson(sha) }
  }

  #listCommits(c: RouteContext): Answer {
    const start = this.#resolveCommit(c.query.sha ?? this.defaultBranch)
    if (start === undefined) return notFound()
    const history: string[] = []
    for (let sha: string | undefined = start; sha !== undefined; sha = this.#commits.get(sha)?.parents[0])
      history.push(sha)
    // `since`: commits dated at or after it; `path`: commits that changed the file (against the first parent).
    const since = c.query.since === undefined ? undefined : Date.parse(c.query.since)
    const path = c.query.path
    const filtered = history.filter((sha) => {
      const commit = this.#commits.get(sha) as FakeCommit
      if (since !== undefined && Date.parse(commit.author.date) < since) return false
      if (path === undefined) return true
      const blobAt = (tree: string | undefined) =>
        tree === undefined ? undefined : this.#trees.get(tree)?.get(path)?.sha
      const parent = commit.parents[0]
      return (
        blobAt(commit.tree) !== blobAt(parent === undefined ? undefined : this.#commits.get(parent)?.tree)
      )
    })
    return this.#page(
      c,
      filtered.map((sha) => this.#commitJson(sha))
    )
  }

  /**
   * GET /repos/{o}/{r}/compare/{base}...{head}: the commits reachable from head but not from base,
   * oldest first, and the files changed between the merge base and head.
   */
  #compare(basehead: string): Answer {
    const [baseRef, headRef] = basehead.split('...')
    const strip = (ref: string | undefined) => (ref ?? '').replace(/^[^:]+:/, '')
    const base = this.#resolveCommit(strip(baseRef))
    const head = this.#resolveCommit(strip(headRef))
    if (headRef === undefined || base === undefined || head === undefined) return notFound()
    const onBase = this.#ancestors(base)
    const onHead = this.#ancestors(head)
    const ahead = [...onHead].filter((sha) => !onBase.has(sha))
    const behind = [...onBase].filter((sha) => !onHead.has(sha))
    const mergeBase = [...onHead].find((sha) => onBase.has(sha))
    const tree = (sha: string | undefined) =>
      this.#trees.get(this.#commits.get(sha ?? '')?.tree ?? '') ?? new Map<string, TreeEntry>()
    const before = tree(mergeBase)
    const after = tree(head)
    const files = [...new Set([...before.keys(), ...after.keys()])]
      .sort()
      .filter((path) => before.get(path)?.sha !== after.get(path)?.sha)
      .map((path) => ({
        sha: after.get(path)?.sha ?? before.get(path)?.sha,
        filename: path,
        status: before.has(path) ? (after.has(path) ? 'modified' : 'removed') : 'added'
      }))
    return {
      status: 200,
      body: {
        url: this.#api(`/compare/${basehead}`),
        html_url: this.#html(`/compare/${basehead}`),
        base_commit: this.#commitJson(base),
        merge_base_commit: mergeBase === undefined ? null : this.#commitJson(mergeBase),
        status:
          ahead.length === 0 && behind.length === 0
            ? 'identical'
            : behind.length === 0
              ? 'ahead'
              : ahead.length === 0
                ? 'behind'
                : 'diverged',
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: ahead.reverse().map((sha) => this.#commitJson(sha)),
        files
      }
    }
  }

  /** A commit and its ancestors, nearest first (breadth-first), so that reversed the oldest come first. */
  #ancestors(sha: string): Set<string> {
    const seen = new Set<string>()
    const queue = [sha]
    while (queue.length > 0) {
      const next = queue.shift() as string
      if (seen.has(next)) continue
      seen.add(next)
      queue.push(...(this.#commits.get(next)?.parents ?? []))
    }
    return seen
  }

  #getContents(path: string, ref: string | undefined): Answer {
    const commit = this.#resolveCommit(ref ?? this.defaultBranch)
    if (commit === undefined) return unprocessable(`No commit found for the ref ${ref ?? ''}`)
    const entries = this.#trees.get(this.#commits.get(commit)?.tree ?? '') ?? new Map<string, TreeEntry>()
    const file = entries.get(path)
    if (file?.mode === SYMLINK_MODE) {
      // "If the requested {path} points to a symlink, and the symlink's target is a normal file in
      // the repository, then the API responds with the content of the file. Otherwise, the API
      // responds with an object describing the symlink itself." The file answered is the target.
      const target = (this.#blobs.get(file.sha) ?? Buffer.alloc(0)).toString('utf8')
      const resolved = posix.normalize(posix.join(posix.dirname(path), target))
      const inRepository = !posix.isAbsolute(target) && !resolved.startsWith('../')
      const targetEntry = inRepository ? entries.get(resolved) : undefined
      if (targetEntry !== undefined && targetEntry.mode !== SYMLINK_MODE)
        return this.#getContents(resolved, ref)
      return {
        status: 200,
        body: {
          type: 'symlink',
          target,
          size: target.length,
          name: path.split('/').pop(),
          path,
          sha: file.sha,
          url: this.#api(`/contents/${path}`),
          git_url: this.#api(`/git/blobs/${file.sha}`),
          html_url: null,
          download_url: null,
          _links: {
            self: this.#api(`/contents/${path}`),
            git: this.#api(`/git/blobs/${file.sha}`),
            html: null
          }
        }
      }
    }
    if (file !== undefined) {
      const blob = this.#blobs.get(file.sha) ?? Buffer.alloc(0)
      return {
        status: 200,
        body: {
          type: 'file',
          encoding: 'base64',
          size: blob.length,
          name: path.split('/').pop(),
          path,
          content: wrappedBase64(blob),
          sha: file.sha,
          url: this.#api(`/contents/${path}`),
          git_url: this.#api(`/git/blobs/${file.sha}`),
          html_url: null,
          download_url: null
        }
      }
    }
    const prefix = path === '' ? '' : `${path}/`
    const children = [...entries.keys()].filter((name) => name.startsWith(prefix))
    if (children.length === 0) return notFound()
    const names = [...new Set(children.map((name) => name.slice(prefix.length).split('/')[0] ?? ''))].sort()
    return {
      status: 200,
      body: names.map((name) => {
        const child = entries.get(`${prefix}${name}`)
        return {
          type: child ? 'file' : 'dir',
          name,
          path: `${prefix}${name}`,
          sha: child?.sha ?? '',
          size: 0
        }
      })
    }
  }

  #resolveCommit(ref: string): string | undefined {
    if (this.#commits.has(ref)) return ref
    const candidates = [ref, `refs/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`]
    for (const candidate of candidates) {
      const sha = this.#refs.get(candidate)
      if (sha !== undefined) return sha
    }
    return undefined
  }

  #isAncestor(ancestor: string, descendant: string): boolean {
    const queue = [descendant]
    const seen = new Set<string>()
    while (queue.length > 0) {
      const sha = queue.pop() as string
      if (sha === ancestor) return true
      if (seen.has(sha)) continue
      seen.add(sha)
      queue.push(...(this.#commits.get(sha)?.parents ?? []))
    }
    return false
  }

  #storeBlob(content: Buffer): string {
    const sha = gitHash('blob', content)
    this.#blobs.set(sha, content)
    return sha
  }

  #storeTree(entries: Map<string, TreeEntry>): string {
    const listing = [...entries.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([path, entry]) => `${entry.mode} ${path} ${entry.sha}`)
    const sha = gitHash('tree', Buffer.from(listing.join('\n'), 'utf8'))
    this.#trees.set(sha, new Map(entries))
    return sha
  }

  #storeCommit(commit: FakeCommit): string {
    const sha = gitHash(
      'commit',
      Buffer.from(JSON.stringify([commit.tree, commit.parents, commit.message, commit.author]), 'utf8')
    )
    this.#commits.set(sha, commit)
    return sha
  }

  /** Keep open pull requests' head sha in step with their branch. */
  #followBranch(ref: string, sha: string): void {
    for (const pull of this.pulls()) {
      if (pull.pull && `refs/heads/${pull.pull.head}` === ref) pull.pull.headSha = sha
    }
  }

  // ---- pull requests ----

  #listPulls(c: RouteContext): Answer {
    const state = c.query.state ?? 'open'
    const head = c.query.head
    const ascending = c.query.direction === 'asc'
    const pulls = this.pulls()
      .filter((pull) => state === 'all' || pull.state === state)
      .filter((pull) => head === undefined || head === `${this.owner}:${pull.pull?.head ?? ''}`)
      .filter((pull) => c.query.base === undefined || c.query.base === pull.pull?.base)
      .sort((a, b) => (ascending ? a.number - b.number : b.number - a.number))
    return this.#page(
      c,
      pulls.map((pull) => this.#pullJson(pull))
    )
  }

  #createPull(body: Record<string, unknown>, caller: Account): Answer {
    const { title, head, base } = body
    if (typeof title !== 'string' || title.length === 0) {
      return validationFailed('PullRequest', 'title', 'missing_field')
    }
    const problem = issueTextProblem(body)
    if (problem !== undefined) return problem
    const headBranch = typeof head === 'string' ? head.replace(new RegExp(`^${this.owner}:`, 'i'), '') : ''
    const baseBranch = typeof base === 'string' ? base : ''
    const headSha = this.branchSha(headBranch)
    const baseSha = this.branchSha(baseBranch)
    if (baseSha === undefined) return validationFailed('PullRequest', 'base', 'invalid')
    if (headSha === undefined) return validationFailed('PullRequest', 'head', 'invalid')
    const existing = this.pulls().find(
      (pull) => pull.state === 'open' && pull.pull?.head === headBranch && pull.pull.base === baseBranch
    )
    if (existing !== undefined) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${this.owner}:${headBranch}.`
            }
          ],
          documentation_url: `${DOCS}/pulls/pulls#create-a-pull-request`
        }
      }
    }
    if (this.#isAncestor(headSha, baseSha)) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `No commits between ${baseBranch} and ${headBranch}`
            }
          ],
          documentation_url: `${DOCS}/pulls/pulls#create-a-pull-request`
        }
      }
    }
    const number = this.#issues.size + 1
    const pull: FakeIssue = {
      number,
      title,
      body: typeof body.body === 'string' ? body.body : '',
      state: 'open',
      state_reason: null,
      labels: [],
      assignees: [],
      comments: [],
      author: caller.login,
      pull: { head: headBranch, base: baseBranch, headSha, merged: false, draft: body.draft === true }
    }
    this.#issues.set(number, pull)
    return { status: 201, body: this.#pullJson(pull) }
  }

  #updatePull(pull: FakeIssue, body: Record<string, unknown>): Answer {
    const problem = issueTextProblem(body)
    if (problem !== undefined) return problem
    if (typeof body.title === 'string') pull.title = body.title
    if (typeof body.body === 'string') pull.body = body.body
    if (typeof body.base === 'string' && pull.pull) {
      if (this.branchSha(body.base) === undefined) return validationFailed('PullRequest', 'base', 'invalid')
      pull.pull.base = body.base
    }
    if (body.state === 'closed' && pull.state === 'open') {
      pull.state = 'closed'
      pull.closedBy = BOT.login
    }
    if (body.state === 'open' && pull.state === 'closed') {
      const headSha = this.branchSha(pull.pull?.head ?? '')
      if (headSha === undefined) return unprocessable('state cannot be changed. The head branch was deleted.')
      pull.state = 'open'
    }
    return { status: 200, body: this.#pullJson(pull) }
  }

  #scratchFiles(pull: FakeIssue): Record<string, unknown>[] {
    const tree = (sha: string | undefined) =>
      this.#trees.get(this.#commits.get(sha ?? '')?.tree ?? '') ?? new Map()
    const base = tree(this.branchSha(pull.pull?.base ?? ''))
    const head = tree(pull.pull?.headSha)
    const files: Record<string, unknown>[] = []
    for (const path of [...new Set([...base.keys(), ...head.keys()])].sort()) {
      const before = base.get(path)
      const after = head.get(path)
      if (before?.sha === after?.sha) continue
      files.push({
        filename: path,
        status: before === undefined ? 'added' : after === undefined ? 'removed' : 'modified'
      })
    }
    return files
  }

  #withPull(c: RouteContext, act: (pull: FakeIssue) => Answer): Answer {
    const pull = this.#issues.get(Number(c.params.number))
    return pull?.pull === undefined ? notFound() : act(pull)
  }

  /** Only the query octokit-plugin-create-pull-request sends: open pull requests associated with a branch. */
  /**
   * GET /user answers for a person's token; an installation token (GITHUB_TOKEN, a GitHub App's)
   * is refused, as GitHub does.
   */
  #authenticatedUser(caller: Account): Answer {
    if (caller.type === 'Bot') {
      return {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          status: '403'
        }
      }
    }
    return {
      status: 200,
      body: {
        login: caller.login,
        id: caller.id,
        node_id: `U_${caller.id}`,
        type: caller.type,
        site_admin: false
      }
    }
  }

  #graphql(body: Record<string, unknown>, caller: Account): Answer {
    const query = typeof body.query === 'string' ? body.query : ''
    const variables = (body.variables ?? {}) as Record<string, unknown>
    if (/^\s*(?:query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query)) {
      return { status: 200, body: { data: { viewer: { login: caller.login } } } }
    }
    if (!/associatedPullRequests/.test(query) || !/ref\(qualifiedName:/.test(query)) {
      return {
        status: 200,
        body: {
          data: null,
          errors: [
            {
              type: 'NOT_IMPLEMENTED',
              message: `The GitHub fake does not implement this GraphQL query: ${query.trim().slice(0, 120)}`
            }
          ]
        }
      }
    }
    if (!this.#isOurRepository(String(variables.owner), String(variables.repo))) {
      return {
        status: 200,
        body: {
          data: { repository: null },
          errors: [{ type: 'NOT_FOUND', message: 'Could not resolve to a Repository.' }]
        }
      }
    }
    const branch = String(variables.head).replace(/^refs\/heads\//, '')
    if (this.branchSha(branch) === undefined) {
      return { status: 200, body: { data: { repository: { ref: null } } } }
    }
    const edges = this.pulls()
      .filter((pull) => pull.state === 'open' && pull.pull?.head === branch)
      .slice(0, 1)
      .map((pull) => ({
        node: { id: `PR_${pull.number}`, number: pull.number, url: this.#html(`/pull/${pull.number}`) }
      }))
    return { status: 200, body: { data: { repository: { ref: { associatedPullRequests: { edges } } } } } }
  }

  // ---- JSON shapes ----

  #page(c: RouteContext, items: unknown[]): Answer {
    const perPage = Math.min(Math.max(Number(c.query.per_page ?? 30) || 30, 1), 100)
    const page = Math.max(Number(c.query.page ?? 1) || 1, 1)
    const last = Math.max(Math.ceil(items.length / perPage), 1)
    const link = (n: number, rel: string): string => {
      const query = new URLSearchParams({ ...c.query, page: String(n), per_page: String(perPage) })
      return `<${this.#origin}${c.rawPath}?${query.toString()}>; rel="${rel}"`
    }
    const links: string[] = []
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'))
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
    return {
      status: 200,
      body: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {}
    }
  }

  #api(path: string): string {
    return `${this.url}/repos/${this.owner}/${this.repo}${path}`
  }

  #html(path: string): string {
    return `https://github.example/${this.owner}/${this.repo}${path}`
  }

  #repositoryJson(): Record<string, unknown> {
    return {
      id: 4242,
      node_id: 'R_fake',
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      owner: { login: this.owner, type: 'Organization' },
      private: this.visibility !== 'public',
      visibility: this.visibility,
      default_branch: this.defaultBranch,
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      archived: false,
      disabled: false,
      fork: false,
      html_url: this.#html(''),
      url: `${this.url}/repos/${this.owner}/${this.repo}`
    }
  }

  #issueJson(issue: FakeIssue): Record<string, unknown> {
    return {
      id: 100_000 + issue.number,
      node_id: `I_${issue.number}`,
      number: issue.number,
      url: this.#api(`/issues/${issue.number}`),
      html_url: this.#html(`/${issue.pull ? 'pull' : 'issues'}/${issue.number}`),
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.state_reason,
      locked: false,
      labels: issue.labels.map((name) => labelJson(this.#ensureLabel(name))),
      assignee: issue.assignees[0] ? { login: issue.assignees[0] } : null,
      assignees: issue.assignees.map((login) => ({ login })),
      comments: issue.comments.length,
      user: this.#account(issue.author),
      author_association: 'NONE',
      created_at: issue.createdAt ?? PERSON.date,
      updated_at: issue.createdAt ?? PERSON.date,
      closed_at: issue.state === 'closed' ? PERSON.date : null,
      closed_by: issue.state === 'closed' ? accountJson(issue.closedBy ?? MAINTAINER.login) : null,
      ...(issue.pull
        ? {
            pull_request: {
              url: this.#api(`/pulls/${issue.number}`),
              html_url: this.#html(`/pull/${issue.number}`)
            }
          }
        : {})
    }
  }

  #commentJson(issue: FakeIssue, comment: FakeComment): Record<string, unknown> {
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      body: comment.body,
      user: this.#account(comment.user),
      issue_url: this.#api(`/issues/${issue.number}`),
      html_url: this.#html(`/issues/${issue.number}#issuecomment-${comment.id}`),
      url: this.#api(`/issues/comments/${comment.id}`),
      created_at: PERSON.date,
      updated_at: PERSON.date,
      author_association: 'NONE'
    }
  }

  #pullJson(pull: FakeIssue): Record<string, unknown> {
    const details = pull.pull as FakePull
    const side = (branch: string, sha: string) => ({
      label: `${this.owner}:${branch}`,
      ref: branch,
      sha,
      user: { login: this.owner },
      repo: this.#repositoryJson()
    })
    return {
      ...this.#issueJson(pull),
      url: this.#api(`/pulls/${pull.number}`),
      issue_url: this.#api(`/issues/${pull.number}`),
      draft: details.draft,
      merged: details.merged,
      merged_at: details.mergedAt ?? null,
      merge_commit_sha: details.mergeCommitSha ?? null,
      mergeable: null,
      head: side(details.head, this.branchSha(details.head) ?? details.headSha),
      base: side(details.base, this.branchSha(details.base) ?? '')
    }
  }

  #refJson(ref: string, sha: string): Record<string, unknown> {
    return {
      ref,
      node_id: `REF_${ref}`,
      url: this.#api(`/git/${ref}`),
      object: { sha, type: 'commit', url: this.#api(`/git/commits/${sha}`) }
    }
  }

  #gitCommitJson(sha: string): Record<string, unknown> {
    const commit = this.#commits.get(sha) as FakeCommit
    return {
      sha,
      node_id: `C_${sha}`,
      url: this.#api(`/git/commits/${sha}`),
      html_url: this.#html(`/commit/${sha}`),
      author: commit.author,
      committer: commit.author,
      message: commit.message,
      tree: { sha: commit.tree, url: this.#api(`/git/trees/${commit.tree}`) },
      parents: commit.parents.map((parent) => ({
        sha: parent,
        url: this.#api(`/git/commits/${parent}`),
        html_url: this.#html(`/commit/${parent}`)
      })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null }
    }
  }

  #commitJson(sha: string): Record<string, unknown> {
    const commit = this.#commits.get(sha) as FakeCommit
    return {
      sha,
      node_id: `C_${sha}`,
      url: this.#api(`/commits/${sha}`),
      html_url: this.#html(`/commit/${sha}`),
      commit: {
        message: commit.message,
        author: commit.author,
        committer: commit.author,
        tree: { sha: commit.tree, url: this.#api(`/git/trees/${commit.tree}`) }
      },
      author: commit.account === undefined ? null : accountJson(commit.account),
      committer: commit.account === undefined ? null : accountJson(commit.account),
      parents: commit.parents.map((parent) => ({ sha: parent, url: this.#api(`/commits/${parent}`) }))
    }
  }

  #treeJson(sha: string, recursive: boolean): Record<string, unknown> {
    const entries = this.#trees.get(sha) ?? new Map<string, TreeEntry>()
    const listing: Record<string, unknown>[] = []
    if (recursive) {
      for (const [path, entry] of [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        listing.push({
          path,
          mode: entry.mode,
          type: 'blob',
          sha: entry.sha,
          size: this.#blobs.get(entry.sha)?.length ?? 0
        })
      }
    } else {
      const directories = new Map<string, Map<string, TreeEntry>>()
      for (const [path, entry] of entries) {
        const slash = path.indexOf('/')
        if (slash < 0) {
          listing.push({
            path,
            mode: entry.mode,
            type: 'blob',
            sha: entry.sha,
            size: this.#blobs.get(entry.sha)?.length ?? 0
          })
          continue
        }
        const directory = directories.get(path.slice(0, slash)) ?? new Map<string, TreeEntry>()
        directory.set(path.slice(slash + 1), entry)
        directories.set(path.slice(0, slash), directory)
      }
      for (const [name, subtree] of directories) {
        listing.push({ path: name, mode: '040000', type: 'tree', sha: this.#storeTree(subtree) })
      }
    }
    return { sha, url: this.#api(`/git/trees/${sha}`), tree: listing, truncated: false }
  }
}

/** Git's mode for a symbolic link. */
const SYMLINK_MODE = '120000'

const PERSON = { name: 'Baseline Bot', email: 'baseline-bot@example.invalid', date: '2025-01-01T00:00:00Z' }
/** Whoever pushes with git when a test does not say. */
const MAINTAINER: FakePusher = { login: 'mona', name: 'Mona Lisa', email: 'mona@example.invalid' }

/** A REST `simple-user`: the token's bot is a Bot account, anyone else a User. */
function accountJson(login: string): Record<string, unknown> {
  return login === BOT.login ? { ...BOT } : { login, id: fnvId(login), type: 'User' }
}

function fnvId(login: string): number {
  return Number.parseInt(createHash('sha1').update(login).digest('hex').slice(0, 7), 16)
}

function matchRoute(pattern: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] as string
    if (part.startsWith('*')) {
      if (i >= segments.length) return undefined
      params[part.slice(1)] = segments.slice(i).map(decodeURIComponent).join('/')
      return params
    }
    const segment = segments[i]
    if (segment === undefined) return undefined
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segment)
    else if (part !== segment) return undefined
  }
  return segments.length === pattern.length ? params : undefined
}

/** GHES serves REST under /api/v3 and GraphQL at /api/graphql. */
function stripBasePath(pathname: string): string {
  if (pathname === '/api/graphql') return '/graphql'
  return pathname.startsWith('/api/v3/') || pathname === '/api/v3'
    ? pathname.slice('/api/v3'.length) || '/'
    : pathname
}

function decodeSegments(path: string): string {
  return path
    .split('/')
    .map((segment) => decodeURIComponent(segment))
    .join('/')
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function gitHash(type: string, content: Buffer): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex')
}

/** GitHub wraps base64 content at 60 characters per line. */
function wrappedBase64(content: Buffer): string {
  return (content.toString('base64').match(/.{1,60}/g) ?? ['']).join('\n') + '\n'
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

function labelJson(label: FakeLabel): Record<string, unknown> {
  return {
    id: label.id,
    node_id: `LA_${label.id}`,
    name: label.name,
    color: label.color,
    description: label.description,
    default: false
  }
}

/** GitHub's limits: titles up to 256 characters, bodies up to 65,536. */
function issueTextProblem(body: Record<string, unknown>): Answer | undefined {
  if (typeof body.title === 'string' && body.title.length > 256) {
    return unprocessable('title is too long (maximum is 256 characters)')
  }
  if (typeof body.body === 'string' && body.body.length > 65_536) {
    return unprocessable('body is too long (maximum is 65536 characters)')
  }
  return undefined
}

function notFound(): Answer {
  return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } }
}

function unprocessable(message: string): Answer {
  return { status: 422, body: { message, documentation_url: DOCS } }
}

function validationFailed(resource: string, field: string, code: string): Answer {
  return {
    status: 422,
    body: { message: 'Validation Failed', errors: [{ resource, field, code }], documentation_url: DOCS }
  }
}
