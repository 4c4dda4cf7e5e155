// labwright's package entry: the JavaScript compiled to dist/ (scripts/build.js, built by `prepare`, a
// source edited since compiled again on load), or, when it cannot be built (no @swc/core), the
// TypeScript through tsx (a runtime dependency), so a course repository never needs a build step.
// Under the CLI this is the same dist/ the CLI runs from: one copy of every module.
const built = require('./scripts/build.js').compiled('index.ts');
if (!built && !require.extensions['.ts']) require('tsx/cjs');
module.exports = require(built ?? './index.ts');
