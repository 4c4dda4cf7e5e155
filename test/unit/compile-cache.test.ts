// The CLI's code cache (bin/compile-cache.js): a module under the package runs the same with it, its
// compiled code is kept between processes, an edited source is never served stale, and a damaged
// cache entry costs only a compile.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('the compile cache', () => {
  const cacheHome = mkdtempSync(join(tmpdir(), 'lw-compile-cache-'));
  const moduleDir = join(ROOT, 'out', `compile-cache-test-${process.pid}`);
  const moduleFile = join(moduleDir, 'answer.js');
  afterAll(() => {
    rmSync(cacheHome, { recursive: true, force: true });
    rmSync(moduleDir, { recursive: true, force: true });
  });

  /** Loads the module in a new process with the cache on and prints what it exports. */
  const load = () => {
    const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'bin', 'compile-cache.js'))}).enableCompileCache(); console.log(JSON.stringify(require(${JSON.stringify(moduleFile)})))`], {
      env: { ...process.env, TMPDIR: cacheHome, LABWRIGHT_NO_COMPILE_CACHE: '' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  };
  const entries = () => readdirSync(cacheHome, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));

  it('keeps compiled code between processes and never serves an edited module stale', () => {
    mkdirSync(moduleDir, { recursive: true });
    writeFileSync(moduleFile, "const path = require('node:path');\nmodule.exports = { answer: 41 + 1, base: path.basename(__filename), resolved: require.resolve('./answer.js') === __filename };\n");
    expect(load()).toEqual({ answer: 42, base: 'answer.js', resolved: true });
    expect(entries()).toHaveLength(1);
    expect(load()).toEqual({ answer: 42, base: 'answer.js', resolved: true });
    expect(entries()).toHaveLength(1);

    writeFileSync(moduleFile, 'module.exports = { answer: 7 };\n');
    expect(load()).toEqual({ answer: 7 });
    expect(entries()).toHaveLength(2);
  });

  it('compiles afresh over a damaged entry', () => {
    for (const entry of entries()) writeFileSync(entry, 'not a code cache');
    expect(load()).toEqual({ answer: 7 });
  });
});
