#!/usr/bin/env node
// Runs a TypeScript file (bench scripts, tools) through tsx: `node bin/run-ts.js bench/patterns.ts`.
require('tsx/cjs');
const path = require('node:path');
const file = process.argv[2];
if (!file) { process.stderr.write('usage: node bin/run-ts.js FILE.ts [ARGS...]\n'); process.exit(2); }
process.argv.splice(1, 1);
require(path.resolve(file));
