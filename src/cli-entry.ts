#!/usr/bin/env node
/**
 * The CLI's first module, kept free of imports and of recent syntax: the program itself imports
 * `glob` from node:fs/promises (Node 22+), and an ES module's imports are linked before any of its
 * code runs, so an older Node would die with a SyntaxError before the CLI could say anything.
 */
const MINIMUM_NODE_MAJOR = 22
const major = Number(process.versions.node.split('.')[0])
if (!(major >= MINIMUM_NODE_MAJOR)) {
  process.stderr.write(
    `entra-b2b-drift needs Node ${MINIMUM_NODE_MAJOR} or later (this is Node ${process.versions.node})\n`
  )
  process.exit(2)
}
// A computed specifier: the bundler leaves it alone, so the program stays a separate file loaded only now.
const program = (await import(new URL('./cli-main.js', import.meta.url).href)) as {
  main: (argv: readonly string[]) => Promise<number>
}
process.exitCode = await program.main(process.argv.slice(2))
