// A fleet of labs on one standalone emulator: `node bin/run-ts.js bench/fleet.ts [labs]` starts
// `labwright emulator --port 0`, then runs LABS (default 8) `labwright run --endpoint URL` at once
// and prints labs per minute, each lab's verdict and the slowest lab's wall time. Nothing in the
// emulator should serialise the labs more than AWS would (each has its own VPC, instance, log
// group…); a lab that fails here on a name another run holds at the same time (a key pair, a
// role) shows what is not yet run-scoped. Asserts nothing.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'labwright.js');
const LABS = Number(process.argv[2] ?? 8);

interface LabRun {
  code: number | null;
  ms: number;
  summary: string;
}

function runLab(endpoint: string): Promise<LabRun> {
  const t = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', '--endpoint', endpoint], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const lines = out.split('\n').map((l) => l.trim());
      const tally = lines.filter((l) => /\b(passed|failed|skipped|broken)\b.* in [\d.]+s$/.test(l) || /^labwright:/.test(l)).pop() ?? '';
      const why = lines.find((l) => /already exists|in use|✘/.test(l)) ?? '';
      const summary = [tally, why].filter(Boolean).join(' · ');
      resolve({ code, ms: performance.now() - t, summary });
    });
  });
}

async function main(): Promise<void> {
  const emulator = spawn(process.execPath, [CLI, 'emulator', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let text = '';
      emulator.stdout!.on('data', (d) => {
        text += d;
        const m = /listening on (http:\/\/\S+)/.exec(text);
        if (m) resolve(m[1]);
      });
      emulator.once('exit', (c) => reject(new Error(`the emulator exited ${c} before listening`)));
    });
    const t0 = performance.now();
    const runs = await Promise.all(Array.from({ length: LABS }, () => runLab(endpoint)));
    const totalMs = performance.now() - t0;
    const passed = runs.filter((r) => r.code === 0).length;
    console.log(`\n${LABS} labs at once on one standalone emulator (${endpoint}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);
    runs.forEach((r, i) => console.log(`  lab ${String(i + 1).padStart(2)}  exit ${r.code}  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.summary.slice(0, 110)}`));
    const slowest = Math.max(...runs.map((r) => r.ms));
    console.log(`\n  ${passed}/${LABS} passed; ${((LABS / totalMs) * 60_000).toFixed(1)} labs per minute; slowest lab ${(slowest / 1000).toFixed(1)} s; all done in ${(totalMs / 1000).toFixed(1)} s`);
  } finally {
    emulator.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
