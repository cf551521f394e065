import { isJsonObject, type JsonObject, type JsonValue } from './json.js'
import { splitPath } from './json-path.js'

/*
 * Related entities Graph returns expanded inside an object (a Conditional Access policy's
 * grantControls.authenticationStrength is the whole authenticationStrengthPolicy). Each carries
 * its own metadata, so without this a description edit on the related entity would read as a
 * change of every object that refers to it. Which properties of it are posture is declared per
 * section (`expanded`); these functions only apply the declaration.
 */

/** Dotted path of an expanded navigation property → the properties of the related entity kept. */
export type ExpandedProperties = Readonly<Record<string, readonly string[]>>

/** `object` with each expanded entity at the declared paths reduced to its declared properties. */
export function keepPosture(object: JsonObject, expanded: ExpandedProperties | undefined): JsonObject {
  if (expanded === undefined) return object
  let result = object
  for (const [path, kept] of Object.entries(expanded)) {
    result = replaceAt(result, splitPath(path), (entity) => pick(entity, kept))
  }
  return result
}

/** `body` with each expanded entity at the declared paths replaced by the reference a write takes: `{ id }`. */
export function asReferences(body: JsonObject, expanded: ExpandedProperties | undefined): JsonObject {
  if (expanded === undefined) return body
  let result = body
  for (const path of Object.keys(expanded)) {
    result = replaceAt(result, splitPath(path), (entity) =>
      entity.id === undefined ? entity : { id: entity.id }
    )
  }
  return result
}

function pick(entity: JsonObject, kept: readonly string[]): JsonObject {
  const result: JsonObject = {}
  for (const property of kept) {
    const value = entity[property]
    if (value !== undefined) result[property] = value
  }
  return result
}

/** A copy of `value` with `change` applied to the object (or each object of the array) at `segments`. */
function replaceAt(
  value: JsonObject,
  segments: readonly string[],
  change: (entity: JsonObject) => JsonObject
): JsonObject {
  const [first, ...rest] = segments
  if (first === undefined || !(first in value)) return value
  const inner = value[first] as JsonValue
  return { ...value, [first]: replaceIn(inner, rest, change) }
}

function replaceIn(
  value: JsonValue,
  segments: readonly string[],
  change: (entity: JsonObject) => JsonObject
): JsonValue {
  if (Array.isArray(value)) return value.map((item) => replaceIn(item, segments, change))
  if (!isJsonObject(value)) return value
  return segments.length === 0 ? change(value) : replaceAt(value, segments, change)
}
