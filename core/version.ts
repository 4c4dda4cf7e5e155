/** labwright's version, from package.json. */
export const VERSION: string = require('../package.json').version;
