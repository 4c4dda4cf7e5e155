#!/usr/bin/env node
// Runs the CLI compiled to dist/ (scripts/build.js; `prepare` builds it on `npm ci`, and a source edited
// since is compiled again here, only that file); without @swc/core (an install that cannot build) the
// TypeScript runs through tsx, which compiles on the fly.
// The AWS SDK warns on every start that its 2027 releases will need Node 22; the versions pinned in
// package-lock.json support Node 20, so the warning is noise in labwright's output (see README).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const built = require('../scripts/build.js').compiled('bin/cli.ts');
if (!built) require('tsx/cjs');
else require('./compile-cache.js').enableCompileCache();
require(built ?? './cli.ts').main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`labwright: ${err && err.message ? err.message : err}\n`); process.exitCode = 2; },
);
