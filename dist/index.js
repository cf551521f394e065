// src/index.ts
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
process.stdout.write("entra-b2b-drift: starting\n");
setFlagsFromString("--heap-growing-percent=10");
var worker = new Worker(new URL("./action.js", import.meta.url), {
  resourceLimits: { maxYoungGenerationSizeMb: 8 }
});
worker.on("error", (error) => {
  process.stdout.write(
    `::error::entra-b2b-drift failed unexpectedly: ${String(error).replace(/\r?\n/g, "%0A")}
`
  );
  process.exitCode = 1;
});
worker.on("exit", (code) => {
  if (code !== 0) process.exitCode = code;
});
