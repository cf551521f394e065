import { build } from 'esbuild'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

// Bundled CommonJS dependencies (tunnel, jsonwebtoken, ...) call require('net') and friends:
// give the ESM output a real require.
const banner = {
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  sourcemap: false,
  legalComments: 'none',
  banner,
  logLevel: 'warning'
}

// dist/index.js only starts a worker thread on dist/action.js, which does the work (src/index.ts).
await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', banner: { js: '' } })
await build({ ...common, entryPoints: ['src/action.ts'], outfile: 'dist/action.js' })
// The CLI is two files: dist/cli.js checks the Node version and only then loads dist/cli-main.js,
// whose imports (glob from node:fs/promises) an older Node could not even link.
const { version } = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'))
await build({
  ...common,
  entryPoints: ['src/cli-entry.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '' }
})
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli-main.js',
  define: { __ENTRA_B2B_DRIFT_VERSION__: JSON.stringify(version) }
})

// The JSON Schemas are composed in code from each section's declaration; editors and other tools
// want files. They are written next to the bundle, so the dist/ freshness check keeps them current.
for (const [module, name, file] of [
  ['src/core/baseline/snapshot-schema.ts', 'snapshotSchema', 'dist/snapshot.schema.json'],
  ['src/core/report/report-schema.ts', 'reportSchema', 'dist/report.schema.json'],
  ['src/core/tiers/policy-schema.ts', 'policySchema', 'dist/partner-policy.schema.json'],
  ['src/core/report/owners.ts', 'OWNERS_SCHEMA', 'dist/owners.schema.json']
]) {
  const bundled = await build({ ...common, entryPoints: [module], write: false, banner })
  const scratch = await mkdtemp(join(tmpdir(), 'entra-b2b-drift-schema-'))
  try {
    const modulePath = join(scratch, 'schema.mjs')
    await writeFile(modulePath, bundled.outputFiles[0].text)
    const schema = (await import(pathToFileURL(modulePath).href))[name]
    await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
