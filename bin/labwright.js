#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx compiles on the fly (and caches).
// The AWS SDK warns on every start that its 2027 releases will need Node 22; the versions pinned in
// package-lock.json support Node 20, so the warning is noise in labwright's output (see README).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('./cli.ts').main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`labwright: ${err && err.message ? err.message : err}\n`); process.exitCode = 2; },
);
