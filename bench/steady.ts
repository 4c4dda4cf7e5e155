// Is verify-checks steady on a loaded machine? `node bin/run-ts.js bench/steady.ts [runs] [lab] [besideLab]`
// runs `labwright verify-checks LAB` RUNS times in a row (default 10, vpc-flow-logs) while a second
// copy loops `verify-checks BESIDE` (default: the other shipped lab) next to it, each on its own
// embedded emulator, and prints one row per run: its verdict, wall time and the load average. A
// verdict must never depend on how fast the machine is; any red row names what went wrong.
// Asserts nothing (exit 0 either way; the table is the result).
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'labwright.js');
const RUNS = Number(process.argv[2] ?? 10);
const LAB = process.argv[3] ?? 'vpc-flow-logs';
const BESIDE = process.argv[4] ?? (LAB === 'vpc-flow-logs' ? 'cloudtrail-security-monitoring' : 'vpc-flow-logs');

interface Outcome {
  code: number | null;
  ms: number;
  /** The last lines of the output of a red run. */
  why: string;
}

function verifyChecks(lab: string, started?: (child: ChildProcess) => void): Promise<Outcome> {
  const t = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'verify-checks', lab], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    started?.(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, ms: performance.now() - t, why: code === 0 ? '' : out.trim().split('\n').slice(-3).join(' | ') }));
  });
}

async function main(): Promise<void> {
  let stopping = false;
  let besideChild: ChildProcess | undefined;
  const beside: Outcome[] = [];
  const besideLoop = (async () => {
    while (!stopping) {
      const o = await verifyChecks(BESIDE, (c) => (besideChild = c));
      if (!stopping) beside.push(o); // the run cut short at the end is not a verdict
    }
  })();

  console.log(`verify-checks ${LAB} × ${RUNS}, with verify-checks ${BESIDE} looping beside it\n`);
  console.log(`${'run'.padEnd(5)}${'verdict'.padEnd(10)}${'wall s'.padStart(8)}${'load'.padStart(7)}  why`);
  const ours: Outcome[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const o = await verifyChecks(LAB);
    ours.push(o);
    console.log(`${String(i).padEnd(5)}${(o.code === 0 ? 'green' : `red (${o.code})`).padEnd(10)}${(o.ms / 1000).toFixed(1).padStart(8)}${loadavg()[0].toFixed(1).padStart(7)}  ${o.why}`);
  }
  stopping = true;
  besideChild?.kill('SIGINT');
  await besideLoop;

  const green = ours.filter((o) => o.code === 0).length;
  const besideDone = beside;
  const besideGreen = besideDone.filter((o) => o.code === 0).length;
  console.log(`\n${LAB}: ${green} of ${RUNS} green in a row${green === RUNS ? '' : ' (NOT steady)'}; ${BESIDE} beside it: ${besideGreen} of ${besideDone.length} finished runs green`);
  for (const o of besideDone.filter((b) => b.code !== 0)) console.log(`  ${BESIDE} red: ${o.why}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
