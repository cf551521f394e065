import type { JsonObject, JsonValue } from '../model/json.js'

/**
 * A JSON parser that remembers where every value is, so that an error in a hand-edited file can
 * name the line and column. JSON.parse cannot: it neither gives positions nor reports duplicate
 * keys (it silently keeps the last one, so an edit could be overridden without anyone noticing).
 * One pass, no regular expressions over the text, no backtracking: linear in the input.
 * Why not jsonc-parser plus a visitor: docs/adr/0001-positions-parser.md.
 */

/** 1-based; columns count characters (code points), so an emoji is one column. */
export interface SourcePosition {
  line: number
  column: number
}

/** Where a value starts; for an object member also where its key starts. */
export interface ValuePosition extends SourcePosition {
  key?: SourcePosition
}

export interface JsonSourceError extends SourcePosition {
  kind: 'syntax' | 'duplicateKey' | 'mergeConflict'
  message: string
  /** The innermost object member or array item being read (RFC 6901); absent outside any container. */
  pointer?: string
  /** duplicateKey only: where the key first appeared. */
  firstOccurrence?: SourcePosition
}

export type ParsedJson =
  | { ok: true; value: JsonValue; positions: (pointer: string) => ValuePosition | undefined }
  | { ok: false; error: JsonSourceError }

/** Far deeper than any Graph object, shallow enough that recursion cannot overflow the stack. */
export const MAX_NESTING_DEPTH = 512

const MERGE_CONFLICT_MARKERS = ['<<<<<<<', '=======', '>>>>>>>']

interface MemberOffsets {
  key: number
  value: number
}

export function parseJsonWithPositions(text: string): ParsedJson {
  // Editors hide a byte order mark, so columns are counted from after it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const quick = parseQuickly(source)
  if (quick !== undefined) {
    // Positions are wanted only to report a problem: found then, by reading the text again.
    let slow: ParsedJson | undefined
    return {
      ok: true,
      value: quick.value,
      positions: (pointer) => {
        slow ??= parseSlowly(source)
        return slow.ok ? slow.positions(pointer) : undefined
      }
    }
  }
  return parseSlowly(source)
}

/**
 * The document by JSON.parse where that gives what the reader below would: the text is valid
 * JSON, no object repeats a key (JSON.parse would keep the last one silently; counted: every
 * ':' outside strings is one member) and nothing nests deeper than the reader allows. Undefined
 * otherwise, and the reader says what is wrong and where. JSON.parse is native: a baseline of
 * thousands of partners reads several times faster, and without the reader's offsets for every
 * member, in a fraction of the memory.
 */
function parseQuickly(source: string): { value: JsonValue } | undefined {
  const shape = shapeOf(source)
  if (shape === undefined) return undefined
  let value: JsonValue
  try {
    value = JSON.parse(source) as JsonValue
  } catch {
    return undefined
  }
  return membersIn(value) === shape.members ? { value } : undefined
}

/** How many object members the text writes, or undefined past the nesting limit. */
function shapeOf(source: string): { members: number } | undefined {
  let members = 0
  let depth = 0
  let inString = false
  for (let offset = 0; offset < source.length; offset++) {
    const code = source.charCodeAt(offset)
    if (inString) {
      if (code === 0x5c) offset++
      else if (code === 0x22) inString = false
    } else if (code === 0x22) {
      inString = true
    } else if (code === 0x3a) {
      members++
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > MAX_NESTING_DEPTH) return undefined
    } else if (code === 0x7d || code === 0x5d) {
      depth--
    }
  }
  return { members }
}

/** Object members in a parsed value (without recursion: the depth is bounded, but not small). */
function membersIn(root: JsonValue): number {
  let members = 0
  const pending: JsonValue[] = [root]
  for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
    if (typeof value !== 'object' || value === null) continue
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item)
    } else {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue
        members++
        pending.push(value[key] as JsonValue)
      }
    }
  }
  return members
}

function parseSlowly(source: string): ParsedJson {
  const lines = new LineIndex(source)
  const reader = new JsonReader(source)
  try {
    const value = reader.readDocument()
    return { ok: true, value, positions: (pointer) => reader.locate(value, pointer, lines) }
  } catch (error) {
    if (!(error instanceof ReadFailure)) throw error
    const located: JsonSourceError = {
      kind: error.kind,
      message: error.message,
      ...lines.position(error.offset)
    }
    if (error.pointer !== undefined) located.pointer = error.pointer
    if (error.firstOffset !== undefined) {
      const first = lines.position(error.firstOffset)
      located.firstOccurrence = first
      located.message = `${error.message} (first at line ${first.line}, column ${first.column})`
    }
    return { ok: false, error: located }
  }
}

/** `pointer` extended by one reference token, escaped as RFC 6901 says. */
export function appendPointer(pointer: string, token: string): string {
  return `${pointer}/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`
}

class ReadFailure extends Error {
  readonly kind: JsonSourceError['kind']
  readonly offset: number
  readonly pointer: string | undefined
  readonly firstOffset: number | undefined

  constructor(
    kind: JsonSourceError['kind'],
    message: string,
    offset: number,
    pointer?: string,
    firstOffset?: number
  ) {
    super(message)
    this.kind = kind
    this.offset = offset
    this.pointer = pointer
    this.firstOffset = firstOffset
  }
}

class JsonReader {
  readonly #text: string
  #offset = 0
  /** Keys and indexes of the containers being read: the pointer of the current position. */
  readonly #path: string[] = []
  #depth = 0
  #rootOffset = 0
  // Offsets are kept per container and turned into lines and columns only when asked for.
  readonly #memberOffsets = new WeakMap<JsonObject, Map<string, MemberOffsets>>()
  readonly #itemOffsets = new WeakMap<JsonValue[], number[]>()

  constructor(text: string) {
    this.#text = text
  }

  readDocument(): JsonValue {
    this.#skipWhitespace()
    this.#rootOffset = this.#offset
    const value = this.#readValue()
    this.#skipWhitespace()
    if (this.#offset < this.#text.length) {
      this.#failAtUnexpected(`unexpected ${this.#describeNext()} after the end of the JSON value`)
    }
    return value
  }

  locate(root: JsonValue, pointer: string, lines: LineIndex): ValuePosition | undefined {
    if (pointer === '') return lines.position(this.#rootOffset)
    if (!pointer.startsWith('/')) return undefined
    let value: JsonValue | undefined = root
    let offset = this.#rootOffset
    let keyOffset: number | undefined
    for (const escaped of pointer.slice(1).split('/')) {
      const token = escaped.replaceAll('~1', '/').replaceAll('~0', '~')
      if (Array.isArray(value)) {
        if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined
        const index = Number(token)
        const itemOffset = this.#itemOffsets.get(value)?.[index]
        if (itemOffset === undefined) return undefined
        value = value[index]
        offset = itemOffset
        keyOffset = undefined
      } else if (typeof value === 'object' && value !== null) {
        const member = this.#memberOffsets.get(value)?.get(token)
        if (member === undefined) return undefined
        value = value[token]
        offset = member.value
        keyOffset = member.key
      } else {
        return undefined
      }
    }
    const position: ValuePosition = lines.position(offset)
    if (keyOffset !== undefined) position.key = lines.position(keyOffset)
    return position
  }

  #readValue(): JsonValue {
    const char = this.#text[this.#offset]
    if (char === '{') return this.#readObject()
    if (char === '[') return this.#readArray()
    if (char === '"') return this.#readString()
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.#readNumber()
    for (const [word, value] of LITERALS) {
      if (
        this.#text.startsWith(word, this.#offset) &&
        !isWordCharacter(this.#text[this.#offset + word.length])
      ) {
        this.#offset += word.length
        return value
      }
    }
    return this.#failAtUnexpected(`expected a value but found ${this.#describeNext()}`)
  }

  #readObject(): JsonObject {
    this.#enterContainer()
    const object: JsonObject = {}
    const members = new Map<string, MemberOffsets>()
    this.#memberOffsets.set(object, members)
    this.#offset++ // {
    this.#skipWhitespace()
    if (this.#text[this.#offset] === '}') {
      this.#offset++
      this.#depth--
      return object
    }
    for (;;) {
      this.#skipWhitespace()
      if (this.#text[this.#offset] !== '"') {
        this.#failAtUnexpected(`expected a property name in double quotes but found ${this.#describeNext()}`)
      }
      const keyOffset = this.#offset
      const key = this.#readString()
      const first = members.get(key)
      if (first !== undefined) {
        const pointer = appendPointer(this.#pointer(), key)
        throw new ReadFailure('duplicateKey', `duplicate key ${quote(key)}`, keyOffset, pointer, first.key)
      }
      this.#skipWhitespace()
      if (this.#text[this.#offset] !== ':') {
        this.#failAtUnexpected(`expected ':' after the property name but found ${this.#describeNext()}`)
      }
      this.#offset++
      this.#skipWhitespace()
      members.set(key, { key: keyOffset, value: this.#offset })
      this.#path.push(key)
      const value = this.#readValue()
      this.#path.pop()
      defineMember(object, key, value)
      this.#skipWhitespace()
      const next = this.#text[this.#offset]
      if (next === '}') break
      if (next !== ',')
        this.#failAtUnexpected(`expected ',' or '}' after a property value but found ${this.#describeNext()}`)
      this.#failOnTrailingComma('}')
      this.#offset++
    }
    this.#offset++ // }
    this.#depth--
    return object
  }

  #readArray(): JsonValue[] {
    this.#enterContainer()
    const array: JsonValue[] = []
    const offsets: number[] = []
    this.#itemOffsets.set(array, offsets)
    this.#offset++ // [
    this.#skipWhitespace()
    if (this.#text[this.#offset] === ']') {
      this.#offset++
      this.#depth--
      return array
    }
    for (;;) {
      this.#skipWhitespace()
      offsets.push(this.#offset)
      this.#path.push(String(array.length))
      array.push(this.#readValue())
      this.#path.pop()
      this.#skipWhitespace()
      const next = this.#text[this.#offset]
      if (next === ']') break
      if (next !== ',')
        this.#failAtUnexpected(`expected ',' or ']' after an array item but found ${this.#describeNext()}`)
      this.#failOnTrailingComma(']')
      this.#offset++
    }
    this.#offset++ // ]
    this.#depth--
    return array
  }

  #readString(): string {
    const text = this.#text
    const start = this.#offset
    this.#offset++ // opening quote
    let chunkStart = this.#offset
    let result = ''
    while (this.#offset < text.length) {
      const code = text.charCodeAt(this.#offset)
      if (code === 0x22) {
        result += text.slice(chunkStart, this.#offset)
        this.#offset++
        return result
      }
      if (code === 0x5c) {
        result += text.slice(chunkStart, this.#offset)
        result += this.#readEscape()
        chunkStart = this.#offset
        continue
      }
      if (code === 0x0a || code === 0x0d) break
      if (code < 0x20) {
        this.#fail(`control character ${codePointName(code)} in a string must be escaped`, this.#offset)
      }
      this.#offset++
    }
    return this.#fail('unterminated string (no closing quote on its line)', start)
  }

  /** Reads the escape sequence at the current backslash and returns the character it stands for. */
  #readEscape(): string {
    const start = this.#offset
    const letter = this.#text[start + 1]
    const simple = letter === undefined ? undefined : SIMPLE_ESCAPES[letter]
    if (simple !== undefined) {
      this.#offset += 2
      return simple
    }
    if (letter === 'u') {
      const hex = this.#text.slice(start + 2, start + 6)
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.#offset += 6
        return String.fromCharCode(parseInt(hex, 16))
      }
      return this.#fail(`invalid escape '\\u${hex}' in a string`, start)
    }
    return this.#fail(`invalid escape '\\${letter ?? ''}' in a string`, start)
  }

  #readNumber(): number {
    const text = this.#text
    const start = this.#offset
    let end = start
    while (end < text.length && isNumberCharacter(text[end])) end++
    const token = text.slice(start, end)
    if (!NUMBER.test(token)) this.#fail(`invalid number '${token}'`, start)
    this.#offset = end
    return Number(token)
  }

  #enterContainer(): void {
    this.#depth++
    if (this.#depth > MAX_NESTING_DEPTH)
      this.#fail(`nesting deeper than ${MAX_NESTING_DEPTH} levels`, this.#offset)
  }

  #failOnTrailingComma(closer: '}' | ']'): void {
    const comma = this.#offset
    this.#offset++
    this.#skipWhitespace()
    if (this.#text[this.#offset] === closer) this.#fail(`trailing comma before '${closer}'`, comma)
    this.#offset = comma
  }

  #skipWhitespace(): void {
    const text = this.#text
    let offset = this.#offset
    for (;;) {
      const code = text.charCodeAt(offset)
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break
      offset++
    }
    this.#offset = offset
  }

  /** Fails at the current offset, recognising the mistakes people make in hand-edited JSON. */
  #failAtUnexpected(message: string): never {
    const text = this.#text
    const offset = this.#offset
    const marker = MERGE_CONFLICT_MARKERS.find((m) => text.startsWith(m, offset))
    if (marker !== undefined) {
      throw new ReadFailure(
        'mergeConflict',
        `git merge conflict marker '${marker}': resolve the conflict first`,
        offset,
        this.#containerPointer()
      )
    }
    if (text[offset] === '/' && (text[offset + 1] === '/' || text[offset + 1] === '*')) {
      return this.#fail('comments are not allowed in JSON', offset)
    }
    if (text[offset] === "'") return this.#fail('strings must be in double quotes', offset)
    return this.#fail(message, offset)
  }

  #fail(message: string, offset: number): never {
    throw new ReadFailure('syntax', message, offset, this.#containerPointer())
  }

  #describeNext(): string {
    const text = this.#text
    const offset = this.#offset
    if (offset >= text.length) return 'the end of the input'
    let end = offset
    while (end < text.length && end - offset < 20 && isWordCharacter(text[end])) end++
    if (end > offset) return `'${text.slice(offset, end)}'`
    const code = text.codePointAt(offset) ?? 0
    return code > 0x20 && code < 0x7f ? `'${String.fromCodePoint(code)}'` : codePointName(code)
  }

  #pointer(): string {
    let pointer = ''
    for (const token of this.#path) pointer = appendPointer(pointer, token)
    return pointer
  }

  /** The pointer of the current position, or undefined when no container has been opened. */
  #containerPointer(): string | undefined {
    return this.#depth === 0 ? undefined : this.#pointer()
  }
}

const LITERALS: ReadonlyArray<readonly [string, JsonValue]> = [
  ['true', true],
  ['false', false],
  ['null', null]
]

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t'
}

/** The JSON number grammar; applied to a short token only, and it has no nested quantifiers. */
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/

function isNumberCharacter(char: string | undefined): boolean {
  return (
    char !== undefined &&
    ((char >= '0' && char <= '9') ||
      char === '-' ||
      char === '+' ||
      char === '.' ||
      char === 'e' ||
      char === 'E')
  )
}

function isWordCharacter(char: string | undefined): boolean {
  return (
    char !== undefined &&
    ((char >= 'a' && char <= 'z') ||
      (char >= 'A' && char <= 'Z') ||
      (char >= '0' && char <= '9') ||
      char === '_')
  )
}

/** Assigning "__proto__" would replace the object's prototype; JSON means an ordinary property. */
function defineMember(object: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    object[key] = value
  }
}

function quote(key: string): string {
  return `'${JSON.stringify(key).slice(1, -1)}'`
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Turns offsets into line and column; the line starts are found once, on first use. */
class LineIndex {
  readonly #text: string
  #lineStarts: number[] | undefined

  constructor(text: string) {
    this.#text = text
  }

  position(offset: number): SourcePosition {
    const starts = this.#starts()
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((starts[middle] ?? 0) <= offset) low = middle
      else high = middle - 1
    }
    const lineStart = starts[low] ?? 0
    let column = 1
    for (let i = lineStart; i < offset; i++) {
      // The second half of a surrogate pair is the same character as the first.
      if (!(isLowSurrogate(this.#text.charCodeAt(i)) && isHighSurrogate(this.#text.charCodeAt(i - 1))))
        column++
    }
    return { line: low + 1, column }
  }

  #starts(): number[] {
    if (this.#lineStarts !== undefined) return this.#lineStarts
    const text = this.#text
    const starts = [0]
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === 0x0a) starts.push(i + 1)
      else if (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a) starts.push(i + 1)
    }
    this.#lineStarts = starts
    return starts
  }
}
