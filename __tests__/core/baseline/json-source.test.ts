import { describe, expect, it } from '@jest/globals'
import {
  appendPointer,
  parseJsonWithPositions,
  type ValuePosition
} from '../../../src/core/baseline/json-source.js'

function parsed(text: string) {
  const result = parseJsonWithPositions(text)
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${result.error.message}`)
  return result
}

function failure(text: string) {
  const result = parseJsonWithPositions(text)
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail`)
  return result.error
}

describe('parseJsonWithPositions: values', () => {
  it('gives the same value as JSON.parse for every kind of JSON value', () => {
    const text =
      '{"n": [0, -0.5, 1e3, 1E+2, -12.5e-1, 12345678901234567890], "s": "\\"\\\\\\/\\b\\f\\n\\r\\t",' +
      ' "u": "caf\\u00e9 \\ud83d\\ude00", "t": true, "f": false, "z": null, "o": {}, "e": [], "": "empty key"}'

    const result = parsed(text)

    expect(result.value).toEqual(JSON.parse(text))
  })

  it('strips a UTF-8 byte order mark and counts columns from after it', () => {
    const result = parsed('\uFEFF{"a": 1}')

    expect(result.value).toEqual({ a: 1 })
    expect(result.positions('')).toEqual({ line: 1, column: 1 })
    expect(result.positions('/a')).toEqual({ line: 1, column: 7, key: { line: 1, column: 2 } })
  })

  it('keeps a "__proto__" key as a plain own property instead of changing the prototype', () => {
    const result = parsed('{"__proto__": {"polluted": true}}')

    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype)
    expect(Object.keys(result.value as object)).toEqual(['__proto__'])
    expect((result.value as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(result.positions('/__proto__/polluted')).toEqual({
      line: 1,
      column: 28,
      key: { line: 1, column: 16 }
    })
  })
})

describe('parseJsonWithPositions: positions by JSON pointer', () => {
  // prettier-ignore
  const text = [
    '{',
    '  "a": {',
    '    "b": [1, {"c": true}],',
    '    "d/e~f": "x"',
    '  }',
    '}'
  ].join('\n')

  it.each<[string, ValuePosition | undefined]>([
    ['', { line: 1, column: 1 }],
    ['/a', { line: 2, column: 8, key: { line: 2, column: 3 } }],
    ['/a/b', { line: 3, column: 10, key: { line: 3, column: 5 } }],
    ['/a/b/0', { line: 3, column: 11 }],
    ['/a/b/1', { line: 3, column: 14 }],
    ['/a/b/1/c', { line: 3, column: 20, key: { line: 3, column: 15 } }],
    ['/a/d~1e~0f', { line: 4, column: 14, key: { line: 4, column: 5 } }],
    ['/a/x', undefined],
    ['/a/b/2', undefined],
    ['/a/b/01', undefined],
    ['/a/b/-', undefined],
    ['/a/b/0/deeper', undefined],
    ['a', undefined]
  ])('locates %j', (pointer, expected) => {
    const result = parsed(text)

    expect(result.positions(pointer)).toEqual(expected)
  })

  it('counts escape sequences as the characters written in the file', () => {
    const result = parsed('{"tab\\tkey": "line\\nbreak \\u00e9 \\ud83d\\ude00", "k": 2}')

    expect(result.positions('/tab\tkey')).toEqual({ line: 1, column: 14, key: { line: 1, column: 2 } })
    expect(result.positions('/k')).toEqual({ line: 1, column: 54, key: { line: 1, column: 49 } })
  })

  it('counts a character outside the BMP (an emoji) as one column', () => {
    const result = parsed('{"é🙂": "ü", "n": 1}')

    expect(result.positions('/é🙂')).toEqual({ line: 1, column: 8, key: { line: 1, column: 2 } })
    expect(result.positions('/n')).toEqual({ line: 1, column: 18, key: { line: 1, column: 13 } })
  })

  it('treats CRLF as one line break and a lone CR as a line break', () => {
    expect(parsed('{\r\n  "a": 1,\r\n  "b": 2\r\n}').positions('/b')).toEqual({
      line: 3,
      column: 8,
      key: { line: 3, column: 3 }
    })
    expect(parsed('{\r"a":\r1}').positions('/a')).toEqual({ line: 3, column: 1, key: { line: 2, column: 1 } })
  })
})

describe('parseJsonWithPositions: duplicate keys', () => {
  it('reports the second occurrence with its pointer and where the first one is', () => {
    const error = failure('{\n  "a": 1,\n  "b": {"x": 1, "x": 2}\n}')

    expect(error).toEqual({
      kind: 'duplicateKey',
      message: "duplicate key 'x' (first at line 3, column 9)",
      line: 3,
      column: 17,
      pointer: '/b/x',
      firstOccurrence: { line: 3, column: 9 }
    })
  })

  it('compares keys after unescaping them', () => {
    const error = failure('{"a": 1, "\\u0061": 2}')

    expect(error).toMatchObject({ kind: 'duplicateKey', pointer: '/a', line: 1, column: 10 })
  })

  it('allows the same key in different objects', () => {
    expect(parsed('{"a": {"x": 1}, "b": {"x": 2}}').value).toEqual({ a: { x: 1 }, b: { x: 2 } })
  })
})

describe('parseJsonWithPositions: syntax errors', () => {
  it.each<[string, string, number, number, string | undefined]>([
    ['', 'expected a value but found the end of the input', 1, 1, undefined],
    ['   \n  ', 'expected a value but found the end of the input', 2, 3, undefined],
    ['{"a": 1,}', "trailing comma before '}'", 1, 8, ''],
    ['[1, 2,]', "trailing comma before ']'", 1, 6, ''],
    ['{"a": 1 "b": 2}', `expected ',' or '}' after a property value but found '"'`, 1, 9, ''],
    ['{\n  "a": tru\n}', "expected a value but found 'tru'", 2, 8, '/a'],
    ['{"a": NaN}', "expected a value but found 'NaN'", 1, 7, '/a'],
    ['{"a": "abc\n"}', 'unterminated string (no closing quote on its line)', 1, 7, '/a'],
    ['{"a": "abc', 'unterminated string (no closing quote on its line)', 1, 7, '/a'],
    ['{"a": 01}', "invalid number '01'", 1, 7, '/a'],
    ['{"a": -}', "invalid number '-'", 1, 7, '/a'],
    ['{"a": 1.}', "invalid number '1.'", 1, 7, '/a'],
    ['{"a": 2e}', "invalid number '2e'", 1, 7, '/a'],
    ['{"a": 1} // note', 'comments are not allowed in JSON', 1, 10, undefined],
    ['{\n  /* note */ "a": 1}', 'comments are not allowed in JSON', 2, 3, ''],
    ["{'a': 1}", 'strings must be in double quotes', 1, 2, ''],
    ['{"a": "x\ty"}', 'control character U+0009 in a string must be escaped', 1, 9, '/a'],
    ['{"a": "\\x"}', "invalid escape '\\x' in a string", 1, 8, '/a'],
    ['"x\\', "invalid escape '\\' in a string", 1, 3, undefined],
    ['{"a": "\\u12g4"}', "invalid escape '\\u12g4' in a string", 1, 8, '/a'],
    ['{"a": 1} x', "unexpected 'x' after the end of the JSON value", 1, 10, undefined],
    ['[1, [2, {"b": ]}]', "expected a value but found ']'", 1, 15, '/1/1/b'],
    ['{"a" 1}', "expected ':' after the property name but found '1'", 1, 6, ''],
    ['{1: 2}', "expected a property name in double quotes but found '1'", 1, 2, ''],
    ['{"a": [1, 2', "expected ',' or ']' after an array item but found the end of the input", 1, 12, '/a'],
    ['{"a": 1\u00a0}', `expected ',' or '}' after a property value but found U+00A0`, 1, 8, '']
  ])('rejects %j: %s at %i:%i', (text, message, line, column, pointer) => {
    const error = failure(text)

    expect(error).toEqual({
      kind: 'syntax',
      message,
      line,
      column,
      ...(pointer === undefined ? {} : { pointer })
    })
  })

  it.each<[string, string, number, number, string | undefined]>([
    ['<<<<<<< HEAD\n{}', '<<<<<<<', 1, 1, undefined],
    ['{\n=======\n}', '=======', 2, 1, ''],
    ['{"a": 1,\n>>>>>>> topic\n}', '>>>>>>>', 2, 1, '']
  ])('recognises a git merge conflict marker in %j', (text, marker, line, column, pointer) => {
    const error = failure(text)

    expect(error).toEqual({
      kind: 'mergeConflict',
      message: `git merge conflict marker '${marker}': resolve the conflict first`,
      line,
      column,
      ...(pointer === undefined ? {} : { pointer })
    })
  })

  it('stops at a nesting depth limit instead of overflowing the stack', () => {
    const error = failure('['.repeat(100_000))

    expect(error).toMatchObject({
      kind: 'syntax',
      message: 'nesting deeper than 512 levels',
      line: 1,
      column: 513
    })
  })
})

describe('appendPointer', () => {
  it('escapes ~ and / as RFC 6901 says', () => {
    expect(appendPointer('', 'a/b~c')).toBe('/a~1b~0c')
    expect(appendPointer('/partners', '')).toBe('/partners/')
  })
})
