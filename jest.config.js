/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // run .ts test files as native ESM: the @actions/* packages are import-only ESM
  extensionsToTreatAsEsm: ['.ts'],
  // src/ uses NodeNext-style "./x.js" specifiers; map them back to the .ts source
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { experimental: { keepImportAttributes: true } } }] },
  testTimeout: 60000
}
