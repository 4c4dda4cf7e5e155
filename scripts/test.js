#!/usr/bin/env node
// `npm test`: the import directions, then the type check and jest side by side, then the example
// course. tsc uses one core for ~12 s; jest leaves about half a core idle on a 2-core machine (its
// tests wait on child processes, sockets and timers), so running them together costs jest little and
// saves the type check's whole time. tsc's output is printed after jest's, so neither interleaves.
// Arguments go to jest (`npm test -- test/unit`). Exit code: the first failure's, else 0.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const node = process.execPath;

/** Runs a command with its output shown as it comes; resolves with its exit code. */
function run(args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd: ROOT, stdio: opts.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (opts.capture) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

async function main() {
  const deps = spawnSync(node, [join(ROOT, 'scripts', 'check-imports.js')], { cwd: ROOT, stdio: 'inherit' });
  if (deps.status !== 0) return deps.status ?? 1;

  const typecheck = run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', 'out/.tsbuildinfo'], { capture: true });
  const jest = await run([require.resolve('jest/bin/jest'), ...process.argv.slice(2)]);
  const types = await typecheck;
  if (types.code !== 0) {
    process.stderr.write(`\nThe type check (tsc --noEmit) failed:\n${types.out}`);
    return types.code;
  }
  process.stdout.write('Type check (tsc --noEmit): no errors.\n');
  if (jest.code !== 0) return jest.code;

  const example = spawnSync(node, [join(ROOT, 'scripts', 'run-example.js')], { cwd: ROOT, stdio: 'inherit' });
  return example.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`npm test: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
