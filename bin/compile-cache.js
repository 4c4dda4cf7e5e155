// V8's code cache for labwright's own compiled JavaScript and its packages, kept between runs.
// Compiling the AWS SDK clients' JavaScript (megabytes of it) was about a third of a command's
// start-up, paid again by every command. Node 22 has this built in (module.enableCompileCache), used
// when present; on Node 20 the CommonJS loader's compile step is wrapped here for files under this
// package: a module whose source is unchanged starts from the code V8 produced for it last time.
// One file per module version (named by a hash of its path and source), written whole then renamed,
// so parallel processes never read a half-written entry. LABWRIGHT_NO_COMPILE_CACHE=1 turns it off.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const { dirname, join, sep } = require('node:path');
const vm = require('node:vm');

const ROOT = join(__dirname, '..') + sep;

/** Turns the code cache on for this process (a no-op when disabled or already on). */
function enableCompileCache() {
  if (process.env.LABWRIGHT_NO_COMPILE_CACHE || Module.prototype._compile.labwrightCached) return;
  if (typeof Module.enableCompileCache === 'function') return void Module.enableCompileCache();
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const dir = join(tmpdir(), `labwright-compile-cache-${uid}`, `${process.versions.v8}-${process.arch}`);
  const pending = [];
  const original = Module.prototype._compile;

  function compile(content, filename) {
    if (!filename.startsWith(ROOT) || !filename.endsWith('.js') || content.startsWith('#!')) return original.call(this, content, filename);
    const file = join(dir, createHash('sha1').update(filename).update('\0').update(content).digest('hex'));
    let cachedData;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (!cachedData || script.cachedDataRejected) pending.push({ file, script });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  }
  compile.labwrightCached = true;
  Module.prototype._compile = compile;

  // Written at exit, once the modules ran: the cache then holds the functions they compiled too.
  process.once('exit', () => {
    if (!pending.length) return;
    try {
      mkdirSync(dir, { recursive: true });
      for (const { file, script } of pending) {
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, file);
      }
    } catch {
      // A cache that cannot be written only costs the next start its compile time.
    }
  });
}

/** The `require` a CommonJS module gets, as Node's loader makes it. */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

module.exports = { enableCompileCache };
