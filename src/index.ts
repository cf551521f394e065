// The first log line goes out before the bundle's dependencies (Azure identity, Octokit, the
// Graph client) are evaluated: esbuild keeps a dynamically imported module lazy, so the runner's
// log shows the action started within a fraction of the full start-up time.
process.stdout.write('entra-b2b-drift: starting\n')

const { main } = await import('./main.js')
await main()
