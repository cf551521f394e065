import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'

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

await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' })
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
