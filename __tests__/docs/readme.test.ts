import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { readManifest, renderTables, withTables } from '../../scripts/readme-table.ts'
import { INPUT_NAMES } from '../../src/inputs.js'

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
