import { canonicalize } from '../core/model/canonical.js'
import { keepPosture, type ExpandedProperties } from '../core/model/expanded.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../core/model/json.js'
import type { CloudName, Snapshot } from '../core/model/snapshot.js'
import { describeFailure, graphErrorOf, type GraphFailure } from '../graph/graph-failure.js'
import type { GraphReader, ReadOptions } from '../graph/graph-reader.js'

/** The parts of a snapshot a collector fills: Graph sections, never the envelope. */
export type SnapshotSections = Omit<
  Snapshot,
  'schemaVersion' | 'tenantId' | 'cloud' | 'capturedAt' | 'ignore'
>

/** What stands in the snapshot's `unavailable` map: a section id or 'guests.<figure>'. */
export type SectionName = string

/**
 * A section that could not be read. `unavailable`: the app lacks a permission or licence, or the
 * cloud does not offer the API (a fact about the set-up). `incomplete`: a read failed part-way
 * (a fault); nothing may be concluded from it.
 */
export interface SectionProblem {
  readonly section: SectionName
  readonly status: 'unavailable' | 'incomplete'
  readonly reason: string
  /** The application permission that a 403 asks for. */
  readonly permission?: string
  /** Core sections make a run fail when they cannot be read; optional ones are reported and skipped. */
  readonly core: boolean
}

export interface CollectorContext {
  readonly graph: GraphReader
  readonly cloud: CloudName
  /** 0 turns the stale-guest count off. */
  readonly staleGuestDays: number
  readonly now: Date
}

export interface CollectorResult {
  readonly sections: SnapshotSections
  readonly problems: readonly SectionProblem[]
}

/** One Graph resource: declared facts plus the function that reads it. */
export interface Collector {
  /** The snapshot section(s) it fills. */
  readonly id: SectionName
  /** Least-privileged application permission, quoted in 403 messages and the README. */
  readonly permission: string
  /** Whether a run may succeed without this section. */
  readonly core: boolean
  /** 'beta': the section Graph serves only in beta, run only with the input include-beta. */
  readonly apiVersion?: 'v1.0' | 'beta'
  collect(context: CollectorContext): Promise<CollectorResult>
}

export type Read<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: GraphFailure }

/** A single entity (never wrapped in `value`, but a docs-style `{ value: {...} }` is tolerated). */
export async function readEntity(
  graph: GraphReader,
  path: string,
  options?: ReadOptions
): Promise<Read<JsonObject>> {
  const result = await graph.get(path, options)
  if (!result.ok) return result
  const body = result.body
  if (isJsonObject(body)) {
    const wrapped = body.value
    if (isJsonObject(wrapped) && onlyAnnotationsBeside(body, 'value')) {
      return { ok: true, value: wrapped }
    }
    // A gateway can answer 200 with Graph's error envelope, or with `{}`: taken for the entity,
    // either would read as every property removed.
    if (isJsonObject(body.error) && onlyAnnotationsBeside(body, 'error')) {
      const { code, message } = graphErrorOf(body)
      return {
        ok: false,
        failure: {
          kind: 'bad-response',
          path,
          status: result.status,
          code,
          message: `the answer is an error, not the entity: ${message ?? 'no message'}`
        }
      }
    }
    if (onlyAnnotationsBeside(body)) {
      return {
        ok: false,
        failure: { kind: 'bad-response', path, message: 'the answer is an empty object, not the entity' }
      }
    }
    return { ok: true, value: body }
  }
  return { ok: false, failure: { kind: 'bad-response', path, message: 'expected a JSON object' } }
}

/** True when `object` has no properties but OData annotations (and `except`). */
function onlyAnnotationsBeside(object: JsonObject, except?: string): boolean {
  return Object.keys(object).every((key) => key === except || key.startsWith('@odata.'))
}

/**
 * Every item of a collection, following `@odata.nextLink` as soon as each page arrives. A page that
 * fails makes the whole read fail: a partial list must never look like removed objects.
 */
export async function readCollection(
  graph: GraphReader,
  path: string,
  options?: ReadOptions,
  onPage?: (items: readonly JsonObject[]) => void
): Promise<Read<JsonObject[]>> {
  const items: JsonObject[] = []
  let next: string | undefined = path
  let pages = 0
  while (next !== undefined) {
    const result = await graph.get(next, options)
    pages++
    if (!result.ok) {
      const where = pages > 1 ? ` (page ${pages})` : ''
      return { ok: false, failure: { ...result.failure, message: `${result.failure.message}${where}` } }
    }
    const page = pageOf(result.body)
    if (page === undefined) {
      return {
        ok: false,
        failure: { kind: 'bad-response', path: next, message: 'expected a collection with "value"' }
      }
    }
    if (onPage) onPage(page.items)
    else items.push(...page.items)
    next = page.nextLink
  }
  return { ok: true, value: items }
}

export interface Page {
  readonly items: JsonObject[]
  readonly nextLink?: string
  readonly count?: unknown
}

export function pageOf(body: unknown): Page | undefined {
  if (!isJsonObject(body) || !Array.isArray(body.value)) return undefined
  const nextLink = body['@odata.nextLink']
  return {
    items: body.value.filter(isJsonObject),
    nextLink: typeof nextLink === 'string' && nextLink !== '' ? nextLink : undefined,
    count: body['@odata.count']
  }
}

/**
 * The snapshot form of a Graph object: canonical, without the volatile read-only properties, and
 * with each expanded related entity reduced to the properties that are posture.
 */
export function normalizeObject(
  raw: JsonObject,
  volatile: readonly string[] = [],
  expanded?: ExpandedProperties
): JsonObject {
  const kept: JsonObject = {}
  for (const [key, value] of Object.entries(raw)) {
    if (!volatile.includes(key)) kept[key] = value as JsonValue
  }
  return canonicalize(keepPosture(kept, expanded)) as JsonObject
}

/** Turns a failed read into the section problem a user can act on. */
export function problemOf(
  failure: GraphFailure,
  section: SectionName,
  collector: Pick<Collector, 'permission' | 'core'>
): SectionProblem {
  if (failure.kind === 'forbidden') {
    const licence = failure.code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'
    return {
      section,
      status: 'unavailable',
      core: collector.core,
      permission: licence ? undefined : collector.permission,
      reason: licence
        ? `Graph answered 403 ${failure.code}: the tenant has no Microsoft Entra ID P1/P2 licence, which sign-in activity requires`
        : `Graph denied ${failure.path} (403${failure.code ? ` ${failure.code}` : ''}): grant the application permission ${collector.permission} and admin-consent it`
    }
  }
  if (!collector.core && notOffered(failure)) {
    // An optional resource the tenant or the cloud does not have (no SharePoint Online, an API
    // not offered there) is a fact about the set-up, like a missing permission, not a fault.
    return {
      section,
      status: 'unavailable',
      core: false,
      reason: `Graph does not offer ${failure.path} here (${failure.status ?? ''}${failure.code ? ` ${failure.code}` : ''})`
    }
  }
  return { section, status: 'incomplete', core: collector.core, reason: describeFailure(failure) }
}

function notOffered(failure: GraphFailure): boolean {
  return failure.kind === 'not-found' || failure.status === 400 || failure.status === 501
}

/** Builds a Graph path with URL-encoded query values ('$filter' keeps its name, its value is encoded). */
export function graphPath(path: string, query: Readonly<Record<string, string>> = {}): string {
  const parts = Object.entries(query).map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`
}

/** The problem of a section whose Graph resource this cloud does not offer, or undefined where it does. */
export function notOfferedIn(
  cloud: CloudName,
  section: {
    readonly id: string
    readonly clouds?: readonly CloudName[]
    readonly graph: { readonly path: string; readonly apiVersion?: 'v1.0' | 'beta' }
  }
): CollectorResult | undefined {
  if (section.clouds === undefined || section.clouds.includes(cloud)) return undefined
  return {
    sections: {},
    problems: [
      {
        section: section.id,
        status: 'unavailable',
        core: false,
        reason: `${section.graph.apiVersion === 'beta' ? '/beta' : ''}${section.graph.path} is not offered in the ${cloud} cloud`
      }
    ]
  }
}
