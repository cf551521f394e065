// Import cycles in src/, type-only imports included (ESLint's import-x/no-cycle skips `import type`,
// and the cycles this project had, publisher <-> detect and run-mode <-> snapshot, were type cycles). A cycle hides which module owns a type and makes load order matter.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Move the shared type to a module both sides import (e.g. src/modes/outcome.ts).',
      from: { path: '^src/' },
      to: { circular: true }
    },
    {
      name: 'graph-writes-only-in-revert',
      severity: 'error',
      comment:
        'Only mode: revert may write to Microsoft Graph (issue 18): every other mode reads, and cannot reach a writer.',
      from: { path: '^src/', pathNot: '^src/(modes/revert|graph/graph-writer)\\.ts$' },
      to: { path: '^src/graph/graph-writer\\.ts$' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] }
  }
}
