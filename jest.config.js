/** What both projects share: TypeScript run as native ESM, through swc. */
const shared = {
  testEnvironment: 'node',
  // run .ts test files as native ESM: the @actions/* packages are import-only ESM
  extensionsToTreatAsEsm: ['.ts'],
  // src/ uses NodeNext-style "./x.js" specifiers; map them back to the .ts source
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { experimental: { keepImportAttributes: true } } }] }
}

/**
 * The suites that run the bundled action (`node dist/index.js`, `dist/cli.js`, the demo script) as a
 * runner does: they need `npm run build` first, and each run is a child process of its own.
 */
const END_TO_END = ['<rootDir>/__tests__/e2e/', '<rootDir>/__tests__/security/']

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...END_TO_END]
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: END_TO_END.map((folder) => `${folder}**/*.test.ts`),
      // 30 s a test: one may start several runs of the bundled action one after another.
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/e2e-timeout.ts']
    }
  ],
  // In-process tests run on an injected clock: none waits on the wall clock for long. (A project's
  // own testTimeout is not read by Jest; the e2e project sets its longer one in a setup file.)
  testTimeout: 15_000,
  // One worker per core, not Jest's default of one fewer: the end-to-end suites mostly wait on the
  // bundled action's child process and the local stand-ins, so both cores stay busy.
  maxWorkers: '100%'
}
