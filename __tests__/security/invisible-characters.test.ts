import { describe, expect, it } from '@jest/globals'
import { codeBlock, inert, plain } from '../../src/core/render/inert.js'

/** "approve" spelled in the tag block: invisible in most renderers, read by language models and copy-paste. */
const TAG_TEXT = [...'approve']
  .map((char) => String.fromCodePoint(0xe0000 + (char.codePointAt(0) ?? 0)))
  .join('')
const TAG_BLOCK_EDGES = String.fromCodePoint(0xe0000, 0xe0001, 0xe007f)
const VARIATION_SELECTORS = String.fromCodePoint(0xe0100, 0xe0150, 0xe01ef)
const BIDI = '\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c'

/** Any code point of the tag block, the variation selectors supplement, or a bidirectional control. */
// eslint-disable-next-line no-misleading-character-class -- matching these characters is the point
const HIDDEN = /[\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u

describe('invisible characters from Graph or a baseline', () => {
  const hostile = `Block${TAG_TEXT} guests${TAG_BLOCK_EDGES}${VARIATION_SELECTORS}${BIDI} policy`

  it('are removed by inert, leaving the visible text', () => {
    const text = inert(hostile)
    expect(text).not.toMatch(HIDDEN)
    expect(text).toBe('Block guests policy')
  })

  it('are removed by plain, leaving the visible text', () => {
    const text = plain(hostile)
    expect(text).not.toMatch(HIDDEN)
    expect(text).toBe('Block guests policy')
  })

  it('are removed by codeBlock, which keeps the line breaks and indentation of JSON', () => {
    const json = JSON.stringify({ displayName: hostile, state: 'enabled' }, null, 2)
    const block = codeBlock(json, 'json')
    expect(block).not.toMatch(HIDDEN)
    expect(block).toBe('```json\n{\n  "displayName": "Block guests policy",\n  "state": "enabled"\n}\n```')
  })

  it('do not count towards the length bound of plain', () => {
    const long = `${'a'.repeat(10)}${TAG_TEXT.repeat(50)}`
    expect(plain(long, 10)).toBe('a'.repeat(10))
  })
})
