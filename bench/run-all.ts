// Every benchmark, one after another: `npm run bench` (or `node bin/run-ts.js bench/run-all.ts`).
//   --quick       smaller sizes where a bench takes one (a smoke run of a few minutes)
//   NAME ...      only these benches (file names without .ts, e.g. `e2e check`)
// Each bench runs in its own child process (`node bin/run-ts.js bench/<name>.ts`), so one bench's
// warm caches and heap never flatter the next; their tables print as they finish, then a summary
// of wall time and exit status per bench. Asserts nothing; exits 1 if a bench crashed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** The smaller size each bench accepts (argv or environment), used with --quick. */
const QUICK: Record<string, { args?: string[]; env?: Record<string, string> }> = {
  'analytics-athena': { env: { ATHENA_BENCH_RECORDS: '1000000' } },
  'analytics-insights': { env: { INSIGHTS_BENCH_EVENTS: '100000' } },
  'aws-profile': { args: ['0.02'] },
  check: { args: ['3'] },
  delivery: { args: ['20000'] },
  e2e: { args: ['2'] },
  emulator: { args: ['600', '8'] },
  'emulator-overhead': { args: ['288', '3', '1500', '10000', '3000'] },
  fleet: { args: ['4'] },
  flowlogs: { args: ['100000'] },
  patterns: { args: ['100000'] },
  startup: { args: ['3'] },
  steady: { args: ['3'] },
};

/** Files in bench/ that serve the benches rather than being one. */
const NOT_BENCHES = ['run-all.ts', 'no-work-server.ts'];

function main(): void {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const unknownFlags = argv.filter((a) => a.startsWith('-') && a !== '--quick');
  if (unknownFlags.length) {
    process.stderr.write(`Unknown option(s) ${unknownFlags.join(', ')}; use --quick and bench names.\n`);
    process.exitCode = 2;
    return;
  }
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !NOT_BENCHES.includes(f))
    .map((f) => f.slice(0, -3))
    .sort();
  const wanted = argv.filter((a) => !a.startsWith('-'));
  const missing = wanted.filter((w) => !available.includes(w));
  if (missing.length) {
    process.stderr.write(`No bench named ${missing.join(', ')}; the benches are: ${available.join(', ')}.\n`);
    process.exitCode = 2;
    return;
  }
  const benches = wanted.length ? available.filter((b) => wanted.includes(b)) : available;

  const summary: Array<{ name: string; seconds: number; status: string }> = [];
  for (const name of benches) {
    const size = quick ? QUICK[name] : undefined;
    const args = size?.args ?? [];
    console.log(`\n━━ bench/${name}.ts${args.length ? ` ${args.join(' ')}` : ''}${size?.env ? ` (${Object.entries(size.env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`);
    const started = performance.now();
    const child = spawnSync(process.execPath, [join(ROOT, 'bin', 'run-ts.js'), join('bench', `${name}.ts`), ...args], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...size?.env },
    });
    const status = child.error ? `error: ${child.error.message}` : child.signal ? `killed by ${child.signal}` : child.status === 0 ? 'ok' : `exit ${child.status}`;
    summary.push({ name, seconds: (performance.now() - started) / 1000, status });
  }

  const w = Math.max(5, ...summary.map((s) => s.name.length));
  console.log(`\n━━ ${summary.length} bench(es)${quick ? ' (--quick sizes)' : ''}\n`);
  console.log(`  ${'bench'.padEnd(w)}  wall time  status`);
  for (const s of summary) console.log(`  ${s.name.padEnd(w)}  ${`${s.seconds.toFixed(1)} s`.padStart(9)}  ${s.status}`);
  if (summary.some((s) => s.status !== 'ok')) process.exitCode = 1;
}

main();
