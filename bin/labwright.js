#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx compiles on the fly (and caches).
require('tsx/cjs');
require('./cli.ts').main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`labwright: ${err && err.message ? err.message : err}\n`); process.exitCode = 2; },
);
