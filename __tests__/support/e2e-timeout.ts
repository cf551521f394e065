import { jest } from '@jest/globals'

// The e2e project's per-test timeout (jest.config.js): a test may start several runs of the bundled
// action one after another, each a child process. Jest reads `testTimeout` from the global config
// only, so a project sets its own here.
jest.setTimeout(30_000)
