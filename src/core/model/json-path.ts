import { isJsonObject, type JsonValue } from './json.js'

/*
 * Paths into canonical objects, as the diff writes them on each change ('inboundTrust.isMfaAccepted',
 * `a["odd key"].b`) and as rules, lint and explanations read them back.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Dotted path; a key that is not an identifier goes in brackets as a JSON string: `a["odd key"].b`. */
export function formatPath(segments: readonly string[]): string {
  let path = ''
  for (const segment of segments) {
    if (!IDENTIFIER.test(segment)) path += `[${JSON.stringify(segment)}]`
    else path += path === '' ? segment : `.${segment}`
  }
  return path
}

const PATH_TOKEN = /\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g

/** The segments of a path written by `formatPath` (also reads `*` and `**` glob segments). */
export function splitPath(path: string): string[] {
  const segments: string[] = []
  for (const match of path.matchAll(PATH_TOKEN)) {
    const [, quoted, plain] = match
    if (quoted !== undefined) segments.push(String(JSON.parse(quoted)))
    else if (plain !== undefined) segments.push(plain)
  }
  return segments
}

/** True when a change at `changePath` concerns `path`: one is the other or contains it. */
export function touches(changePath: string, path: string): boolean {
  const a = splitPath(changePath)
  const b = splitPath(path)
  const shorter = Math.min(a.length, b.length)
  for (let index = 0; index < shorter; index++) if (a[index] !== b[index]) return false
  return true
}

/** The value at a dotted path; undefined when any step is missing. */
export function valueAt(object: JsonValue | undefined, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = object
  for (const segment of splitPath(path)) {
    if (!isJsonObject(current)) return undefined
    current = current[segment]
  }
  return current
}

/** The strings of the array at `path`; empty when there is no array there. */
export function stringsAt(object: JsonValue | undefined, path: string): string[] {
  const value = valueAt(object, path)
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** The keys of the object at `path`; empty when there is no object there. */
export function keysAt(object: JsonValue | undefined, path: string): string[] {
  const value = valueAt(object, path)
  return isJsonObject(value) ? Object.keys(value) : []
}
