// labwright's package entry: the TypeScript sources run through tsx (a runtime dependency), so a
// course repository needs no build step. Under the labwright CLI tsx is already registered.
if (!require.extensions['.ts']) require('tsx/cjs');
module.exports = require('./index.ts');
