import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parseBaseline } from '../../../src/core/baseline/baseline.js'
import { serializeSnapshot, serializeSnapshotInPieces } from '../../../src/core/baseline/snapshot-file.js'

describe('serializeSnapshotInPieces', () => {
  it('given the example baseline, then its pieces joined are serializeSnapshot', () => {
    const text = readFileSync('baselines/example.json', 'utf8')
    const parsed = parseBaseline(text, 'baselines/example.json')
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error))

    const pieces = [...serializeSnapshotInPieces(parsed.baseline)]

    expect(pieces.join('')).toBe(serializeSnapshot(parsed.baseline))
    expect(pieces.length).toBeGreaterThan(10)
  })
})
