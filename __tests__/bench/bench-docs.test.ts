import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  quotedBlock,
  renderHeadline,
  renderPerformanceFigures,
  withBlock,
  type BenchResults
} from '../../scripts/bench-report.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')
const results = JSON.parse(read('docs/bench-results.json')) as BenchResults

describe('the benchmark figures the documentation quotes', () => {
  it('docs/performance.md quotes docs/bench-results.json (regenerate: node scripts/bench-docs.ts)', () => {
    expect(quotedBlock(read('docs/performance.md'))).toBe(renderPerformanceFigures(results))
  })

  it('the README headline quotes the same run (regenerate: node scripts/bench-docs.ts)', () => {
    expect(quotedBlock(read('README.md'))).toBe(renderHeadline(results))
  })

  it('the README headline leads with the real-limit projection and labels the time-scaled figures', () => {
    const headline = renderHeadline(results)
    const large = results.tiers.find((tier) => tier.tier === 'large')

    expect(large).toBeDefined()
    expect(headline.indexOf("At Graph's real limits")).toBeLessThan(headline.indexOf('Time-scaled (limits ×'))
    expect(headline).toContain(`Time-scaled (limits ×${Math.round(1 / results.timeScale)})`)
  })

  it('every tier of the run has every figure the issue asks for', () => {
    for (const tier of results.tiers) {
      expect(tier.rows.map((row) => row.strategy)).toEqual(['ours', 'ours, configuration only', 'naive'])
      for (const row of tier.rows) {
        expect(row.projectionMs).toBeGreaterThan(0)
        expect(row.taskFloorMs).toBeGreaterThan(0)
        expect(row.wallMs).toBeGreaterThan(0)
        expect(row.floorMs).toBeGreaterThan(0)
        expect(row.throttled).toBeGreaterThanOrEqual(0)
      }
      expect(tier.coldStartMs.length).toBeGreaterThan(0)
      expect(tier.diff.firstMs).toBeGreaterThan(0)
      expect(tier.action.peakRssBytes).toBeGreaterThan(0)
    }
  })
})

describe('withBlock', () => {
  it('replaces only the text between the markers', () => {
    const document = 'before\n<!-- bench:start -->\nold\n<!-- bench:end -->\nafter\n'

    const rewritten = withBlock(document, 'new', 'doc.md')

    expect(rewritten).toBe('before\n<!-- bench:start -->\n\nnew\n\n<!-- bench:end -->\nafter\n')
    expect(quotedBlock(rewritten)).toBe('new')
  })

  it('refuses a document without markers, naming it', () => {
    expect(() => withBlock('no markers', 'new', 'README.md')).toThrow(
      /README\.md has no <!-- bench:start -->/
    )
  })
})
