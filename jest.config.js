/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // run .ts test files as native ESM: the @actions/* packages are import-only ESM
  extensionsToTreatAsEsm: ['.ts'],
  // src/ uses NodeNext-style "./x.js" specifiers; map them back to the .ts source
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { experimental: { keepImportAttributes: true } } }] },
  testTimeout: 60000,
  // One worker per core, not Jest's default of one fewer: the end-to-end suites mostly wait on the
  // bundled action's child process and the local stand-ins, so both cores stay busy (2 min, not 4).
  maxWorkers: '100%'
}
