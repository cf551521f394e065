/**
 * Writes the inputs and outputs tables of README.md from action.yml, between the
 * `inputs-outputs` markers. `__tests__/docs/readme.test.ts` fails when the two disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'

interface ActionManifest {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

const START = /<!-- inputs-outputs:start[^>]*-->/
const END = '<!-- inputs-outputs:end -->'

export function renderTables(manifest: ActionManifest): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim()
  const inputs = Object.entries(manifest.inputs).map(
    ([name, input]) =>
      `| \`${name}\` | ${cell(input.description)} | ${input.default === undefined || input.default === '' ? (input.required ? '**required**' : '') : `\`${input.default}\``} |`
  )
  const outputs = Object.entries(manifest.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`
  )
  return [
    '### Inputs',
    '',
    '| input | description | default |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs
  ].join('\n')
}

export function withTables(readme: string, manifest: ActionManifest): string {
  const start = START.exec(readme)
  const end = readme.indexOf(END)
  if (start === null || end === -1) throw new Error('README.md has no inputs-outputs markers.')
  return `${readme.slice(0, start.index + start[0].length)}\n\n${renderTables(manifest)}\n\n${readme.slice(end)}`
}

export function readManifest(root: string): ActionManifest {
  return parse(readFileSync(resolve(root, 'action.yml'), 'utf8')) as ActionManifest
}

if (import.meta.main) {
  const root = resolve(import.meta.dirname, '..')
  const path = resolve(root, 'README.md')
  writeFileSync(path, withTables(readFileSync(path, 'utf8'), readManifest(root)))
}
