/**
 * `GET /users` and `GET /users/$count` as the directory serves them: the advanced-query rules
 * (`ConsistencyLevel: eventual` for $count), the signInActivity restrictions (own permission,
 * premium licence, no combination with other filters, 500 per page), and $skiptoken paging over a
 * UserSet that may hold a quarter of a million generated users.
 */
import {
  comparisonsOf,
  compileFilter,
  FilterError,
  parseFilter,
  usesOr,
  type FilterableProperty
} from './odata-filter.ts'
import {
  encodeSkipToken,
  graphError,
  invalidSkipToken,
  jsonResponse,
  metadataUrl,
  nextLink,
  projectedFragment,
  requestedTop,
  selectedProperties,
  startPosition,
  type GraphRequest,
  type GraphResponse
} from './graph-response.ts'
import type { SimulatedTenant, SimulatedUser, UserSet } from './simulated-tenant.ts'

const DEFAULT_PAGE_SIZE = 100
const MAX_PAGE_SIZE = 999
/** With signInActivity selected or filtered, larger $top values are quietly served 500 at a time. */
const MAX_SIGN_IN_ACTIVITY_PAGE_SIZE = 500
const AUDIT_LOG_PERMISSIONS = ['AuditLog.Read.All']

/** The properties Graph returns for a user when the request has no $select. */
const DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id'
]

/** user properties a $select may name; those the model does not hold are served as null. */
const SELECTABLE_PROPERTIES: ReadonlySet<string> = new Set([
  ...DEFAULT_PROPERTIES,
  'accountEnabled',
  'companyName',
  'createdDateTime',
  'creationType',
  'externalUserState',
  'externalUserStateChangeDateTime',
  'signInActivity',
  'userType'
])

const COLLECTION_PROPERTIES: ReadonlySet<string> = new Set(['businessPhones'])

function signInProperty(
  name: keyof NonNullable<SimulatedUser['signInActivity']>
): FilterableProperty<SimulatedUser> {
  return {
    type: 'dateTime',
    operators: ['eq', 'ne', 'ge', 'le'],
    nullable: true,
    read: (user) => user.signInActivity?.[name]
  }
}

const FILTERABLE: Readonly<Record<string, FilterableProperty<SimulatedUser>>> = {
  userType: { type: 'string', operators: ['eq'], nullable: false, read: (user) => user.userType },
  // user resource (v1.0): externalUserState and creationType support $filter (eq, ne, not, in);
  // the fake implements eq, the only operator this project sends on them.
  externalUserState: {
    type: 'string',
    operators: ['eq'],
    nullable: true,
    read: (user) => user.externalUserState
  },
  creationType: {
    type: 'string',
    operators: ['eq'],
    nullable: true,
    read: (user) => user.creationType ?? null
  },
  // user resource (v1.0): createdDateTime "Supports $filter (eq, ne, not, ge, le, in)"; `lt`
  // and `gt` are not in that list (400), nor is "eq on null values", which other properties list:
  // `createdDateTime eq null` is answered 400, and users whose createdDateTime is null fall
  // outside every ge/le range.
  createdDateTime: {
    type: 'dateTime',
    operators: ['eq', 'ne', 'ge', 'le'],
    nullable: false,
    read: (user) => user.createdDateTime
  },
  'signInActivity/lastSignInDateTime': signInProperty('lastSignInDateTime'),
  'signInActivity/lastSuccessfulSignInDateTime': signInProperty('lastSuccessfulSignInDateTime'),
  'signInActivity/lastNonInteractiveSignInDateTime': signInProperty('lastNonInteractiveSignInDateTime')
}

interface UserFilter {
  matches: (user: SimulatedUser) => boolean
  /** The canonical text, used to memoise counts. */
  key: string
  onSignInActivity: boolean
  /** Whether it reads only the COLUMNS (so a count can use them, not whole users). */
  onColumns: boolean
}

/** Parses $filter, or answers with the error Graph gives for it. */
function userFilter(request: GraphRequest): UserFilter | GraphResponse {
  const text = request.query.get('$filter')
  if (text === null || text.trim() === '')
    return { matches: () => true, key: '', onSignInActivity: false, onColumns: true }
  try {
    const expression = parseFilter(text)
    if (usesOr(expression)) {
      throw new FilterError('unsupported', "The 'or' operator is not supported when filtering users here.")
    }
    const properties = comparisonsOf(expression).map((comparison) => comparison.property)
    const onSignInActivity = properties.some((property) => property.startsWith('signInActivity/'))
    if (onSignInActivity && properties.some((property) => !property.startsWith('signInActivity/'))) {
      return graphError(
        request,
        400,
        'Request_UnsupportedQuery',
        'Filtering on signInActivity cannot be combined with other filterable properties.'
      )
    }
    const matches = compileFilter(expression, FILTERABLE, 'User')
    // [UNVERIFIED] `signInActivity/… eq null` is in no Microsoft example, and users who never
    // signed in carry no signInActivity at all: nothing says such a filter returns them. The fake
    // answers it with an empty page (a 200 that finds nobody), the answer that would make a count
    // built on it silently short.
    const onMissingSignIn = comparisonsOf(expression).some(
      (comparison) =>
        comparison.property.startsWith('signInActivity/') &&
        comparison.operator === 'eq' &&
        comparison.literal.kind === 'null'
    )
    const onColumns = properties.every((property) => COLUMNS.has(property))
    return { matches: onMissingSignIn ? () => false : matches, key: text.trim(), onSignInActivity, onColumns }
  } catch (error) {
    if (!(error instanceof FilterError)) throw error
    return error.problem === 'unsupported'
      ? graphError(request, 400, 'Request_UnsupportedQuery', error.message)
      : graphError(request, 400, 'BadRequest', error.message)
  }
}

function isEventuallyConsistent(request: GraphRequest): boolean {
  return request.headers['consistencylevel']?.toLowerCase() === 'eventual'
}

function countNotSupported(request: GraphRequest): GraphResponse {
  return graphError(request, 400, 'Request_BadRequest', '$count is not currently supported.')
}

/** Reading signInActivity needs its own permission and an Entra ID P1/P2 tenant. */
function signInActivityRefusal(request: GraphRequest, tenant: SimulatedTenant): GraphResponse | undefined {
  if (!AUDIT_LOG_PERMISSIONS.some((permission) => tenant.grantedPermissions.has(permission))) {
    return graphError(
      request,
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.'
    )
  }
  if (!tenant.premium) {
    return graphError(
      request,
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license"
    )
  }
  return undefined
}

/** Counting a generated quarter-million users per request would dominate benchmarks. */
const countCache = new WeakMap<UserSet, Map<string, number>>()

/**
 * The properties the guest counts filter on, kept per user set: the census asks one `$count` per
 * creation-date range, each with a new filter, and generating every user again for each would
 * cost the fake far more time than Graph takes to answer a count.
 */
const COLUMNS: ReadonlySet<string> = new Set([
  'userType',
  'createdDateTime',
  'externalUserState',
  'creationType'
])
const columnCache = new WeakMap<UserSet, SimulatedUser[]>()

function columnsOf(users: UserSet): SimulatedUser[] {
  let columns = columnCache.get(users)
  if (columns === undefined) {
    columns = []
    for (let index = 0; index < users.size; index++) {
      const { userType, createdDateTime, externalUserState, creationType } = users.at(index)
      columns.push({ userType, createdDateTime, externalUserState, creationType } as SimulatedUser)
    }
    columnCache.set(users, columns)
  }
  return columns
}

function countMatching(users: UserSet, filter: UserFilter): number {
  let counts = countCache.get(users)
  if (counts === undefined) {
    counts = new Map()
    countCache.set(users, counts)
  }
  const cached = counts.get(filter.key)
  if (cached !== undefined) return cached
  let count = 0
  if (filter.onColumns) {
    for (const user of columnsOf(users)) if (filter.matches(user)) count++
  } else {
    for (let index = 0; index < users.size; index++) {
      if (filter.matches(users.at(index))) count++
    }
  }
  counts.set(filter.key, count)
  return count
}

function userProjection(user: SimulatedUser, select: readonly string[]): Record<string, unknown> {
  const names = select.length === 0 ? DEFAULT_PROPERTIES : select
  const source = user as unknown as Record<string, unknown>
  const projected: Record<string, unknown> = {}
  for (const name of names) {
    if (name === 'signInActivity') {
      // Omitted, not null, for users who never signed in.
      if (user.signInActivity !== undefined) projected[name] = { ...user.signInActivity }
      continue
    }
    const value = source[name]
    projected[name] = value ?? (COLLECTION_PROPERTIES.has(name) ? [] : null)
  }
  return projected
}

/** GET /users */
export function listUsers(request: GraphRequest, tenant: SimulatedTenant, baseUrl: string): GraphResponse {
  for (const option of ['$search', '$orderby', '$expand']) {
    if (request.query.has(option)) {
      return graphError(
        request,
        501,
        'NotImplemented',
        `The fake Graph does not implement ${option} on /users.`
      )
    }
  }
  if (request.query.has('$skip')) {
    return graphError(request, 400, 'Request_BadRequest', "'$skip' is not supported by the service.")
  }
  const select = selectedProperties(request)
  const unknown = select.find((name) => !SELECTABLE_PROPERTIES.has(name))
  if (unknown !== undefined) {
    return graphError(
      request,
      400,
      'BadRequest',
      `Parsing OData Select and Expand failed: Could not find a property named '${unknown}' on type 'microsoft.graph.user'.`
    )
  }
  const filter = userFilter(request)
  if ('status' in filter) return filter
  const readsSignInActivity = filter.onSignInActivity || select.includes('signInActivity')
  if (readsSignInActivity) {
    const refusal = signInActivityRefusal(request, tenant)
    if (refusal !== undefined) return refusal
  }
  const wantsCount = request.query.get('$count')?.toLowerCase() === 'true'
  // The header is not carried into nextLinks: a client that sent $count must send it again.
  if (wantsCount && !isEventuallyConsistent(request)) return countNotSupported(request)

  const top = requestedTop(request)
  if (top !== undefined && (Number.isNaN(top) || top > MAX_PAGE_SIZE)) {
    return graphError(
      request,
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${request.query.get('$top')}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`
    )
  }
  const pageSize = Math.min(
    top ?? DEFAULT_PAGE_SIZE,
    readsSignInActivity ? MAX_SIGN_IN_ACTIVITY_PAGE_SIZE : MAX_PAGE_SIZE
  )
  const start = startPosition(request)
  if (start === undefined) return invalidSkipToken(request)

  const users = tenant.users
  // A user is generated only when the filter needs more than the columns, or when it is listed.
  const columns = filter.onColumns ? columnsOf(users) : undefined
  const matchesAt = (position: number): boolean => filter.matches(columns?.[position] ?? users.at(position))
  const value: Record<string, unknown>[] = []
  let position = start
  for (; position < users.size && value.length < pageSize; position++) {
    if (matchesAt(position)) value.push(userProjection(users.at(position), select))
  }
  // Look ahead so the last page carries no nextLink.
  while (position < users.size && !matchesAt(position)) position++

  const body: Record<string, unknown> = {
    '@odata.context': metadataUrl(baseUrl, projectedFragment('users', select, []))
  }
  if (wantsCount && !request.query.has('$skiptoken')) body['@odata.count'] = countMatching(users, filter)
  if (position < users.size)
    body['@odata.nextLink'] = nextLink(baseUrl, request, encodeSkipToken(request, position))
  body['value'] = value
  return jsonResponse(body)
}

function acceptsText(request: GraphRequest): boolean {
  const accept = request.headers['accept']
  if (accept === undefined || accept.trim() === '') return true
  return accept.split(',').some((range) => /^\s*(\*\/\*|text\/\*|text\/plain)\s*(;|$)/i.test(range))
}

/** GET /users/$count: a bare text/plain integer, only as an advanced query. */
export function countUsers(request: GraphRequest, tenant: SimulatedTenant): GraphResponse {
  if (!isEventuallyConsistent(request)) return countNotSupported(request)
  // Seen live (third-party capture): Accept: application/json on the $count segment answers 415.
  if (!acceptsText(request)) {
    return graphError(
      request,
      415,
      'UnsupportedMediaType',
      'The $count segment is served as text/plain only.'
    )
  }
  const filter = userFilter(request)
  if ('status' in filter) return filter
  if (filter.onSignInActivity) {
    const refusal = signInActivityRefusal(request, tenant)
    if (refusal !== undefined) return refusal
    // Seen live (third-party capture): a signInActivity filter on /users/$count fails with 502.
    return graphError(
      request,
      502,
      'UnknownError',
      'The $count segment cannot be combined with a signInActivity filter.'
    )
  }
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'text/plain' },
    text: String(countMatching(tenant.users, filter))
  }
}
