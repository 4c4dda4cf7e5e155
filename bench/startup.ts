// Start-up of the CLI: `node bin/run-ts.js bench/startup.ts [runs]`. Wall time (median) of
// `labwright labs`, `labwright --help` and the README's main job `npm start` (the whole lab on the
// embedded emulator), each run from the compiled dist/ and, for comparison in the same run, from the
// TypeScript through tsx (LABWRIGHT_NO_DIST=1, what every command did before dist/). Goals: labs and
// --help ≤ 0.4 s, npm start ≤ 3.0 s on an idle 2-core machine. Prints the load average: read ratios,
// not absolutes, on a busy machine. Asserts nothing.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.argv[2] ?? 5);
const { build } = require('../scripts/build.js') as { build(o?: { force?: boolean }): number };

function wallMs(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}`);
  return performance.now() - t;
}

/** Blocks for `ms` (this process only waits between child runs). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function main(): void {
  build();
  const cli = [join(ROOT, 'bin', 'labwright.js')];
  const rows: Array<[string, number, string[], string, string[]]> = [
    ['labwright labs', RUNS, [...cli, 'labs'], process.execPath, []],
    ['labwright --help', RUNS, [...cli, '--help'], process.execPath, []],
    ['npm start', Math.max(3, RUNS), ['start', '--silent'], 'npm', []],
  ];
  console.log(`\nCLI start-up, median wall time (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine)\n`);
  console.log(`  command            runs  dist/ (compiled)   tsx (before)   goal`);
  for (const [name, runs, args, cmd] of rows) {
    const fast: number[] = [];
    const slow: number[] = [];
    // Interleaved, so load that comes and goes weighs on both columns alike.
    for (let i = 0; i < runs; i++) {
      // The lab waits for a wall-clock second (ssh-restored: records have one-second resolution), so
      // runs back to back lock onto one phase of the second: each lab run starts at a random one.
      if (name === 'npm start') pause(Math.random() * 1000);
      fast.push(wallMs(cmd, args, {}));
      if (name === 'npm start') pause(Math.random() * 1000);
      slow.push(wallMs(cmd, args, { LABWRIGHT_NO_DIST: '1' }));
    }
    const goal = name === 'npm start' ? '≤ 3.0 s' : '≤ 0.4 s';
    console.log(`  ${name.padEnd(17)}  ${String(runs).padStart(4)}  ${(median(fast) / 1000).toFixed(2).padStart(12)} s   ${(median(slow) / 1000).toFixed(2).padStart(10)} s   ${goal}`);
  }
}

main();
