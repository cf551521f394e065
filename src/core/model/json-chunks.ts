/**
 * `JSON.stringify(value, null, 2)` in pieces, for documents too large to hold as one string and
 * its copies (a report of thousands of partners is tens of megabytes: redacting it whole held
 * several copies at once). Containers down to `unfoldDepth` are written member by member; deeper
 * ones whole. The pieces joined are exactly JSON.stringify's text.
 */
export function* jsonChunks(value: unknown, unfoldDepth = 3): Generator<string> {
  yield* chunksOf(toJsonValue(value, ''), 0, unfoldDepth)
}

const INDENT = '  '

/** `json`: a value toJSON() was already applied to. */
function* chunksOf(json: unknown, depth: number, unfoldDepth: number): Generator<string> {
  const container = typeof json === 'object' && json !== null
  if (!container || depth >= unfoldDepth) {
    // JSON strings hold no raw line breaks: every one in the text is indentation, one level in.
    const text = JSON.stringify(json, null, 2) as string | undefined
    if (text !== undefined) yield depth === 0 ? text : text.replaceAll('\n', `\n${INDENT.repeat(depth)}`)
    return
  }
  const inner = INDENT.repeat(depth + 1)
  const close = `\n${INDENT.repeat(depth)}`
  if (Array.isArray(json)) {
    if (json.length === 0) return yield '[]'
    for (let index = 0; index < json.length; index++) {
      yield `${index === 0 ? '[' : ','}\n${inner}`
      const item = toJsonValue(json[index], String(index))
      if (omitted(item)) yield 'null'
      else yield* chunksOf(item, depth + 1, unfoldDepth)
    }
    return yield `${close}]`
  }
  let first = true
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    const member = toJsonValue(raw, name)
    if (omitted(member)) continue
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(name)}: `
    first = false
    yield* chunksOf(member, depth + 1, unfoldDepth)
  }
  yield first ? '{}' : `${close}}`
}

/** What JSON.stringify writes for `value`: its toJSON() where it has one (a Date). */
function toJsonValue(value: unknown, key: string): unknown {
  const withToJson = value as { toJSON?: (key: string) => unknown } | null | undefined
  return typeof withToJson?.toJSON === 'function' ? withToJson.toJSON(key) : value
}

/** Members JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol'
}
