import { main } from './main.js'

// Started by src/index.ts as a worker thread (dist/action.js): the action's whole run.
await main()
