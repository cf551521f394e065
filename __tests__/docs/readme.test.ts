import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { readManifest, renderTables, withTables } from '../../scripts/readme-table.ts'
import { INPUT_NAMES } from '../../src/inputs.js'
import { fencedBlocks, isWholeWorkflow, problemsInYamlBlocks } from './workflow-linter.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8')

describe('README.md', () => {
  it('holds the inputs and outputs tables of action.yml, exactly (regenerate: node scripts/readme-table.ts)', () => {
    expect(readme).toBe(withTables(readme, readManifest(ROOT)))
  })

  it('fails that check when action.yml and the README disagree', () => {
    const manifest = readManifest(ROOT)
    const changed = {
      ...manifest,
      inputs: { ...manifest.inputs, 'fail-on': { description: 'x', default: 'low' } }
    }

    expect(withTables(readme, changed)).not.toBe(readme)
    expect(renderTables(changed)).toContain('| `fail-on` | x | `low` |')
  })

  it('starts with the two commands a new user needs: the demo and the tests', () => {
    const commands = [...readme.matchAll(/^```sh\n([\s\S]*?)```/gm)].map((block) => block[1] ?? '')

    expect(commands[0]).toMatch(/^npm ci && npm run demo/m)
    expect(commands[0]).toMatch(/^npm test/m)
  })

  it('names in the code exactly the inputs action.yml declares', () => {
    expect([...INPUT_NAMES].sort()).toEqual(Object.keys(readManifest(ROOT).inputs).sort())
  })

  it('describes every input of action.yml with its default', () => {
    for (const [name, input] of Object.entries(readManifest(ROOT).inputs)) {
      expect(input.description.length).toBeGreaterThan(20)
      if (!input.required) expect(input).toHaveProperty('default')
      expect(readme).toContain(`\`${name}\``)
    }
  })
})

describe("README.md's YAML, as a reader copies it", () => {
  const yamlBlocks = fencedBlocks(readme).filter((block) => /^ya?ml$/.test(block.language))
  const useItBlock = yamlBlocks.find((block) => isWholeWorkflow(block.text))

  it('holds a whole workflow to copy (with on: and jobs:), next to fragments that show a few lines', () => {
    expect(useItBlock).toBeDefined()
    expect(yamlBlocks.length).toBeGreaterThan(1)
  })

  // Fragments (a few `with:` lines) are parsed only: actionlint needs a whole workflow.
  it('every yaml block parses, and every whole workflow passes actionlint', async () => {
    expect(await problemsInYamlBlocks(readme, 'README.md')).toEqual([])
  })

  it('fails that check when a block stops parsing: an unquoted ${{ }} inside a flow mapping', async () => {
    const broken = readme.replace(
      /^concurrency:\n(?: {2}[^\n]*\n)+/m,
      'concurrency: { group: entra-drift-${{ github.ref }}, cancel-in-progress: false }\n'
    )
    expect(broken).not.toBe(readme)

    const problems = await problemsInYamlBlocks(broken, 'README.md')

    const line = broken.split('\n').findIndex((text) => text.startsWith('concurrency: {')) + 1
    expect(problems[0]).toMatch(new RegExp(`^README\\.md:${line}:\\d+: Unexpected flow-map-start`))
  })

  it('fails that check when a fragment stops parsing', async () => {
    const broken = readme.replace(/^```yaml\n( +)with:\n/m, '```yaml\n$1with: [\n')
    expect(broken).not.toBe(readme)

    expect(await problemsInYamlBlocks(broken, 'README.md')).not.toEqual([])
  })

  it.each([
    [
      'a cron with four fields',
      "cron: '17 5 * * *'",
      "cron: '17 5 * *'",
      /invalid CRON format .*\[events\]$/
    ],
    [
      'a number that is text',
      'runs-on: ubuntu-latest',
      'runs-on: ubuntu-latest\n    timeout-minutes: soon',
      /float number literal, but found plain text node \[syntax-check\]$/
    ]
  ])(
    'fails that check when a whole workflow parses as YAML but actionlint rejects it: %s',
    async (_case, from, to, expected) => {
      const broken = readme.replace(from, to)
      expect(broken).not.toBe(readme)

      expect(await problemsInYamlBlocks(broken, 'README.md')).toEqual([expect.stringMatching(expected)])
    }
  )
})
