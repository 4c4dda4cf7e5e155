#!/usr/bin/env node
// Compiles labwright's TypeScript to CommonJS JavaScript in dist/ (git-ignored) with swc, so the CLI
// starts without compiling on the fly. Package imports compile lazy (swc `lazy: true`): an SDK client,
// DuckDB or ssh2 is required when a command first uses it, not when the CLI loads. Incremental: a
// manifest records each source's mtime and size, and only changed sources are compiled again.
// `node scripts/build.js` builds (`--force`: everything); `prepare` runs it on `npm ci`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const MANIFEST = path.join(DIST, '.build.json');
/** The folders the package ships as TypeScript (tests, bench and examples stay on tsx/jest). */
const SOURCE_DIRS = ['bin', 'core', 'flowlogs', 'patterns', 'emulator', 'aws', 'runner', 'environments', 'steps', 'checks', 'fixtures', 'scenarios', 'reports', 'session'];
/** Root files compiled or copied beside them (package.json: `require('../package.json')` finds the version). */
const ROOT_FILES = ['index.ts', 'package.json'];
/** Bumped when the compile options change, so an old dist is rebuilt whole. */
const FORMAT = 1;
const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
  module: { type: 'commonjs', lazy: true },
  sourceMaps: false,
  swcrc: false,
  configFile: false,
};

/** Every source file the build covers (relative paths), TypeScript and assets (json, css, js) alike. */
function sources() {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && !e.name.endsWith('.d.ts')) out.push(r);
    }
  };
  for (const d of SOURCE_DIRS) walk(d);
  for (const f of ROOT_FILES) out.push(f);
  return out;
}

function readManifest() {
  try {
    const m = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
    return m.format === FORMAT ? m : undefined;
  } catch {
    return undefined;
  }
}

const outputOf = (rel) => path.join(DIST, rel.endsWith('.ts') ? `${rel.slice(0, -3)}.js` : rel);

/**
 * What differs between the sources and dist: sources newer (or of another size) than when they were
 * compiled, new sources, and outputs whose source is gone. A few hundred stat calls: a few ms.
 */
function status() {
  const manifest = readManifest();
  const seen = (manifest && manifest.files) || {};
  const changed = [];
  const files = {};
  for (const rel of sources()) {
    const st = fs.statSync(path.join(ROOT, rel));
    files[rel] = [st.mtimeMs, st.size];
    const was = seen[rel];
    // `>` rather than `!==`: a packed tarball resets every mtime to an old date; that is not an edit.
    if (!was || st.mtimeMs > was[0] || st.size !== was[1]) changed.push(rel);
  }
  const removed = Object.keys(seen).filter((rel) => !(rel in files));
  return { current: Boolean(manifest) && changed.length === 0 && removed.length === 0, changed, removed, files };
}

/** Compiles what changed (all with `force`); returns how many files were written. */
function build({ force = false } = {}) {
  const st = status();
  const todo = force ? Object.keys(st.files) : st.changed;
  if (!todo.length && !st.removed.length && !force && readManifest()) return 0;
  const swc = require('@swc/core');
  for (const rel of todo) {
    const src = path.join(ROOT, rel);
    const out = outputOf(rel);
    const body = rel.endsWith('.ts') ? swc.transformFileSync(src, { ...SWC_OPTIONS, filename: src }).code : fs.readFileSync(src);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Temp file + rename: CLIs started side by side (jest workers) may rebuild the same file at once.
    const tmp = `${out}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, out);
  }
  for (const rel of st.removed) fs.rmSync(outputOf(rel), { force: true });
  fs.mkdirSync(DIST, { recursive: true });
  const tmp = `${MANIFEST}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify({ format: FORMAT, files: st.files }));
  fs.renameSync(tmp, MANIFEST);
  return todo.length;
}

/**
 * The compiled entry point of a source (e.g. 'bin/cli.ts' → dist/bin/cli.js) when dist can be made
 * current: as it is, or after compiling the sources edited since (needs @swc/core, a devDependency).
 * Undefined when it cannot (an install without @swc/core and an edited source): run the TypeScript.
 */
function compiled(rel) {
  if (process.env.LABWRIGHT_NO_DIST) return undefined;
  try {
    if (!status().current) build();
    return outputOf(rel);
  } catch {
    return undefined;
  }
}

module.exports = { build, status, compiled, DIST };

if (require.main === module) {
  const t0 = Date.now();
  try {
    require.resolve('@swc/core');
  } catch {
    // An install without devDependencies: the CLI runs the TypeScript through tsx instead.
    process.stdout.write('labwright build: @swc/core is not installed; skipped (the CLI runs the TypeScript through tsx)\n');
    process.exit(0);
  }
  const n = build({ force: process.argv.includes('--force') });
  process.stdout.write(`labwright build: ${n} file(s) compiled to dist/ in ${Date.now() - t0} ms\n`);
}
