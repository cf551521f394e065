/**
 * `node scripts/bench-docs.ts [results.json]` (default docs/bench-results.json)
 *
 * Quotes one benchmark run everywhere it is quoted: writes the results file to
 * docs/bench-results.json (formatted as the repository formats JSON) and rewrites the text between
 * `<!-- bench:start -->` and `<!-- bench:end -->` in docs/performance.md (every tier's table and
 * figures) and in the README (the headline: real-limit projections first). The test
 * __tests__/bench/bench-docs.test.ts fails when either no longer matches docs/bench-results.json.
 *
 *   npm run bench -- --json docs/bench-results.json && node scripts/bench-docs.ts
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { renderHeadline, renderPerformanceFigures, withBlock, type BenchResults } from './bench-report.ts'

const ROOT = resolve(import.meta.dirname, '..')
const RESULTS = join(ROOT, 'docs/bench-results.json')
const source = resolve(process.argv[2] ?? RESULTS)
const text = readFileSync(source, 'utf8')
const results = JSON.parse(text) as BenchResults
if (!Array.isArray(results.tiers) || results.tiers.length === 0) {
  throw new Error(`${source} holds no tier: run npm run bench -- --json ${source} first.`)
}
// Written as the repository formats JSON, so `prettier --check` (npm run lint) passes on it.
writeFileSync(RESULTS, await format(text, { ...(await resolveConfig(RESULTS)), filepath: RESULTS }))

const documents: [string, string][] = [
  ['docs/performance.md', renderPerformanceFigures(results)],
  ['README.md', renderHeadline(results)]
]
for (const [path, block] of documents) {
  const file = join(ROOT, path)
  writeFileSync(file, withBlock(readFileSync(file, 'utf8'), block, path))
  console.log(`${path}: figures of the run of ${results.measuredAt}.`)
}
