/**
 * Serving an in-memory collection the way Graph pages one: $select, $expand (declared navigations
 * only), $filter (declared properties only), $top as page size, $skip, $count and $skiptoken
 * nextLinks. Query options the fake does not implement answer 501 instead of being ignored.
 */
import { compileFilter, FilterError, parseFilter, type FilterableProperty } from './odata-filter.ts'
import {
  encodeSkipToken,
  expandedProperties,
  graphError,
  invalidSkipToken,
  jsonResponse,
  metadataUrl,
  nextLink,
  project,
  projectedFragment,
  requestedTop,
  selectedProperties,
  startPosition,
  type GraphRequest,
  type GraphResponse
} from './graph-response.ts'

type Item = Record<string, unknown>

export interface Expansions {
  /** The entity type's name for error messages, e.g. 'crossTenantAccessPolicyConfigurationPartner'. */
  typeName: string
  /** Navigation property -> its value for an item (null when there is none). */
  navigations: Readonly<Record<string, (item: Item) => unknown>>
}

export interface CollectionSpec {
  /** Context fragment without projection, e.g. 'policies/crossTenantAccessPolicy/partners'. */
  fragment: string
  items: readonly Item[]
  /** Server-driven page size; undefined serves everything in one page. */
  pageSize?: number
  filter?: { resource: string; properties: Readonly<Record<string, FilterableProperty<Item>>> }
  expansions?: Expansions
}

function unknownProperty(request: GraphRequest, name: string, typeName: string): GraphResponse {
  return graphError(
    request,
    400,
    'BadRequest',
    `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`
  )
}

/** Validates $expand against the declared navigations; answers the error Graph would give. */
export function expansionsFor(
  request: GraphRequest,
  expansions: Expansions | undefined,
  fallbackTypeName: string
): string[] | GraphResponse {
  const expand = expandedProperties(request)
  for (const name of expand) {
    if (name.includes('(')) {
      return graphError(
        request,
        501,
        'NotImplemented',
        'The fake Graph does not implement nested $expand options.'
      )
    }
    if (expansions === undefined || !Object.hasOwn(expansions.navigations, name)) {
      return unknownProperty(request, name, expansions?.typeName ?? fallbackTypeName)
    }
  }
  return expand
}

/** An item as served: projected by $select, with the requested navigations embedded. */
export function shapeItem(
  item: Item,
  select: readonly string[],
  expand: readonly string[],
  expansions: Expansions | undefined
): Item {
  const shaped = project(item, select)
  for (const name of expand) shaped[name] = expansions?.navigations[name]?.(item) ?? null
  return shaped
}

function filtered(request: GraphRequest, spec: CollectionSpec): readonly Item[] | GraphResponse {
  const text = request.query.get('$filter')
  if (text === null) return spec.items
  if (spec.filter === undefined) {
    return graphError(
      request,
      501,
      'NotImplemented',
      `The fake Graph does not implement $filter on ${request.path}.`
    )
  }
  try {
    const matches = compileFilter(parseFilter(text), spec.filter.properties, spec.filter.resource)
    return spec.items.filter(matches)
  } catch (error) {
    if (!(error instanceof FilterError)) throw error
    return graphError(
      request,
      400,
      error.problem === 'unsupported' ? 'Request_UnsupportedQuery' : 'BadRequest',
      error.message
    )
  }
}

export function serveCollection(request: GraphRequest, baseUrl: string, spec: CollectionSpec): GraphResponse {
  for (const option of ['$orderby', '$search']) {
    if (request.query.has(option)) {
      return graphError(
        request,
        501,
        'NotImplemented',
        `The fake Graph does not implement ${option} on ${request.path}.`
      )
    }
  }
  const expand = expansionsFor(request, spec.expansions, 'entity')
  if ('status' in expand) return expand
  const items = filtered(request, spec)
  if ('status' in items) return items
  const select = selectedProperties(request)

  const top = requestedTop(request)
  if (top !== undefined && Number.isNaN(top)) {
    return graphError(request, 400, 'BadRequest', `Invalid value '${request.query.get('$top')}' for $top.`)
  }
  const skipText = request.query.get('$skip')
  const skip = skipText === null ? 0 : /^\d+$/.test(skipText) ? Number(skipText) : Number.NaN
  if (Number.isNaN(skip)) {
    return graphError(request, 400, 'BadRequest', `Invalid value '${skipText}' for $skip.`)
  }
  const start = startPosition(request)
  if (start === undefined) return invalidSkipToken(request)

  const first = skip + start
  const pageSize = top ?? spec.pageSize ?? items.length
  const end = Math.min(items.length, first + Math.max(pageSize, 1))
  const body: Item = {
    '@odata.context': metadataUrl(baseUrl, projectedFragment(spec.fragment, select, expand), request.version)
  }
  if (request.query.get('$count')?.toLowerCase() === 'true' && !request.query.has('$skiptoken')) {
    body['@odata.count'] = items.length
  }
  if (end < items.length) {
    body['@odata.nextLink'] = nextLink(baseUrl, request, encodeSkipToken(request, end - skip))
  }
  body['value'] = items.slice(first, end).map((item) => shapeItem(item, select, expand, spec.expansions))
  return jsonResponse(body)
}

/** A single entity: `@odata.context …/$entity`, never wrapped in `value`. */
export function serveEntity(
  request: GraphRequest,
  baseUrl: string,
  fragment: string,
  entity: Item,
  expansions?: Expansions
): GraphResponse {
  const expand = expansionsFor(request, expansions, 'entity')
  if ('status' in expand) return expand
  const select = selectedProperties(request)
  return jsonResponse({
    '@odata.context': metadataUrl(
      baseUrl,
      `${projectedFragment(fragment, select, expand)}/$entity`,
      request.version
    ),
    ...shapeItem(entity, select, expand, expansions)
  })
}
