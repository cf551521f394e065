#!/usr/bin/env node

// src/cli-entry.ts
var MINIMUM_NODE_MAJOR = 22;
var major = Number(process.versions.node.split(".")[0]);
if (!(major >= MINIMUM_NODE_MAJOR)) {
  process.stderr.write(
    `entra-b2b-drift needs Node ${MINIMUM_NODE_MAJOR} or later (this is Node ${process.versions.node})
`
  );
  process.exit(2);
}
var program = await import(new URL("./cli-main.js", import.meta.url).href);
process.exitCode = await program.main(process.argv.slice(2));
