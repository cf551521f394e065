import { stableStringify } from '../model/canonical.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js'
import { splitPath, valueAt } from '../model/json-path.js'

/*
 * What a change of a cross-tenant synchronization job means (issue 15): whether it now runs,
 * whether its scoping filters let more users through, and what it writes as the provisioned users'
 * userType. Pure, over the snapshot form the collector writes: objectMappings, a list of the
 * schema's object mappings (named), each with its scope (a filter) and its attributeMappings.
 */

const MAPPINGS = 'objectMappings'
const ATTRIBUTES = 'attributeMappings'

/** The schedule state ('Active', 'Paused', 'Disabled'), or undefined when unknown. */
export function scheduleState(job: JsonObject | undefined): string | undefined {
  const state = valueAt(job, 'schedule.state')
  return typeof state === 'string' ? state : undefined
}

/** True when the job runs after the change and did not before. */
export function activated(before: JsonObject | undefined, after: JsonObject | undefined): boolean {
  return scheduleState(after) === 'Active' && scheduleState(before) !== 'Active'
}

/** True when the job ran before the change and does not after. */
export function deactivated(before: JsonObject | undefined, after: JsonObject | undefined): boolean {
  return scheduleState(before) === 'Active' && scheduleState(after) !== 'Active'
}

/** True when one of the changes is in the job's object mappings. */
export function touchesMappings(paths: readonly string[]): boolean {
  return paths.some((path) => splitPath(path)[0] === MAPPINGS)
}

/** The job's object mappings by name; a nameless one is named by its position. */
function mappingsOf(job: JsonObject | undefined): Map<string, JsonObject> {
  const list = job?.[MAPPINGS]
  const mappings = new Map<string, JsonObject>()
  if (!Array.isArray(list)) return mappings
  for (const [index, mapping] of list.entries()) {
    if (!isJsonObject(mapping)) continue
    const name =
      typeof mapping.name === 'string' && mapping.name !== '' ? mapping.name : `mapping ${index + 1}`
    mappings.set(mappings.has(name) ? `${name} (${index + 1})` : name, mapping)
  }
  return mappings
}

function mappingOf(job: JsonObject | undefined, name: string): JsonObject | undefined {
  return mappingsOf(job).get(name)
}

/** The names of the object mappings that differ between the two jobs, when the changes reach them. */
function touchedMappings(
  paths: readonly string[],
  before: JsonObject | undefined,
  after: JsonObject | undefined
): string[] {
  if (!touchesMappings(paths)) return []
  const was = mappingsOf(before)
  const now = mappingsOf(after)
  const names = [...new Set([...was.keys(), ...now.keys()])].sort()
  return names.filter(
    (name) => stableStringify(was.get(name) ?? null) !== stableStringify(now.get(name) ?? null)
  )
}

/**
 * How the changed object mappings let more users (or objects) through, one phrase each: a mapping
 * newly enabled (or a new enabled one), a scoping filter removed, a filter group added (groups are
 * alternatives: one more lets more in) or a clause dropped from a group (clauses must all hold).
 */
export function scopeWidenings(
  paths: readonly string[],
  before: JsonObject | undefined,
  after: JsonObject | undefined
): string[] {
  const widenings: string[] = []
  for (const name of touchedMappings(paths, before, after)) {
    const was = mappingOf(before, name)
    const now = mappingOf(after, name)
    if (now === undefined || now.enabled !== true) continue
    if (was === undefined || was.enabled !== true) {
      widenings.push(`object mapping '${name}' ${was === undefined ? 'added' : 'enabled'}`)
      continue
    }
    const reason = filterWidening(groupsOf(was.scope), groupsOf(now.scope))
    if (reason !== undefined) widenings.push(`'${name}': ${reason}`)
  }
  return widenings
}

interface FilterGroup {
  readonly name: string
  readonly clauses: readonly string[]
}

function groupsOf(scope: JsonValue | undefined): FilterGroup[] {
  const groups = isJsonObject(scope) && Array.isArray(scope.groups) ? scope.groups : []
  return groups.filter(isJsonObject).map((group, index) => ({
    name: typeof group.name === 'string' ? group.name : `group ${index + 1}`,
    clauses: (Array.isArray(group.clauses) ? group.clauses : []).map((clause) => stableStringify(clause))
  }))
}

function filterWidening(before: readonly FilterGroup[], after: readonly FilterGroup[]): string | undefined {
  if (before.length === 0) return undefined
  if (after.length === 0) return 'scoping filter removed: every assigned user is in scope'
  const added = after.filter((group) => !before.some((old) => old.name === group.name))
  if (added.length > 0)
    return `scoping filter group ${added.map((group) => `'${group.name}'`).join(', ')} added`
  for (const group of after) {
    const old = before.find((candidate) => candidate.name === group.name)
    if (old !== undefined && old.clauses.some((clause) => !group.clauses.includes(clause))) {
      return `scoping filter group '${group.name}' lost a clause`
    }
  }
  return undefined
}

/** The userType attribute mapping, by its target attribute in any case. */
function userTypeMapping(mapping: JsonObject | undefined): JsonObject | undefined {
  const attributes = mapping?.[ATTRIBUTES]
  if (!Array.isArray(attributes)) return undefined
  return attributes
    .filter(isJsonObject)
    .find((attribute) => String(attribute.targetAttributeName).toLowerCase() === 'usertype')
}

/**
 * What differs in the object mappings, in words: a mapping added or removed, enabled or disabled,
 * its scoping filter changed, and each attribute mapping added, removed or changed by target
 * attribute ("'Provision users': attribute mapping department added").
 */
export function mappingDifferences(before: JsonObject | undefined, after: JsonObject | undefined): string[] {
  const was = mappingsOf(before)
  const now = mappingsOf(after)
  const differences: string[] = []
  for (const name of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const old = was.get(name)
    const current = now.get(name)
    if (old === undefined || current === undefined) {
      differences.push(`object mapping '${name}' ${old === undefined ? 'added' : 'removed'}`)
      continue
    }
    const parts: string[] = []
    if (old.enabled !== current.enabled) parts.push(current.enabled === true ? 'enabled' : 'disabled')
    if (stableStringify(old.scope ?? null) !== stableStringify(current.scope ?? null))
      parts.push('scoping filter changed')
    const oldAttributes = attributesOf(old)
    const newAttributes = attributesOf(current)
    for (const target of [...new Set([...oldAttributes.keys(), ...newAttributes.keys()])].sort()) {
      const a = oldAttributes.get(target)
      const b = newAttributes.get(target)
      if (a === undefined) parts.push(`attribute mapping ${target} added`)
      else if (b === undefined) parts.push(`attribute mapping ${target} removed`)
      else if (stableStringify(a) !== stableStringify(b)) parts.push(`attribute mapping ${target} changed`)
    }
    const others = Object.keys({ ...old, ...current }).filter(
      (key) =>
        key !== 'enabled' &&
        key !== 'scope' &&
        key !== ATTRIBUTES &&
        stableStringify(old[key] ?? null) !== stableStringify(current[key] ?? null)
    )
    if (others.length > 0) parts.push(`changed ${others.sort().join(', ')}`)
    if (parts.length > 0) differences.push(`'${name}': ${parts.join(', ')}`)
  }
  return differences
}

function attributesOf(mapping: JsonObject): Map<string, JsonValue> {
  const attributes = new Map<string, JsonValue>()
  const list = mapping[ATTRIBUTES]
  if (!Array.isArray(list)) return attributes
  for (const attribute of list) {
    if (!isJsonObject(attribute)) continue
    const target =
      typeof attribute.targetAttributeName === 'string' ? attribute.targetAttributeName : 'unnamed'
    let key = target
    for (let index = 2; attributes.has(key); index++) key = `${target} (${index})`
    attributes.set(key, attribute)
  }
  return attributes
}

/**
 * The changed object mappings whose userType mapping differs, as "'name': userType ← X (was Y)":
 * whether provisioned users arrive as members or guests decides what they may see and do.
 */
export function userTypeChanges(
  paths: readonly string[],
  before: JsonObject | undefined,
  after: JsonObject | undefined
): string[] {
  const changes: string[] = []
  for (const name of touchedMappings(paths, before, after)) {
    const was = userTypeMapping(mappingOf(before, name))
    const now = userTypeMapping(mappingOf(after, name))
    if (stableStringify(was ?? null) === stableStringify(now ?? null)) continue
    changes.push(`'${name}': userType ← ${describeSource(now)} (was ${describeSource(was)})`)
  }
  return changes
}

/** An attribute mapping's source in words: a constant's value, an attribute's name, a function's expression. */
function describeSource(mapping: JsonObject | undefined): string {
  if (mapping === undefined) return 'not mapped'
  const source = isJsonObject(mapping.source) ? mapping.source : undefined
  if (source === undefined) return 'no source'
  if (source.type === 'Constant') return `constant '${String(source.name ?? source.expression ?? '')}'`
  if (typeof source.expression === 'string' && source.expression !== '') return source.expression
  return typeof source.name === 'string' ? source.name : 'unknown source'
}
