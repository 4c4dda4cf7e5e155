// Wall time of the whole lab on the embedded target, emulator start included:
// `node bin/run-ts.js bench/e2e.ts [runs]` (default 5). Each run starts a fresh embedded emulator,
// runs all fourteen steps through `runSession` in-process, tears down and stops the emulator; one
// more run goes through the CLI child process (`node bin/labwright.js run`) for comparison.
// Prints the median/min/max, where the time goes (emulator start, provisioning, steps, teardown)
// and a table of time and AWS calls per step. Goal: median ≤ 3 s. Asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSession } from '../session/session';
import { resolveTarget } from '../session/targets';
import type { RunRecord } from '../runner/model';
import { vpcFlowLogs } from '../scenarios/vpc-flow-logs.scenario';

// As bin/labwright.js does: the SDK's Node-22 notice is noise here (the pinned SDK supports Node 20).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const RUNS = Math.max(1, Number(process.argv[2] ?? 5));
const ROOT = join(__dirname, '..');

interface Sample {
  totalMs: number;
  startMs: number;
  setupMs: number;
  stepsMs: number;
  teardownMs: number;
  stopMs: number;
  requests: number;
  passed: number;
  run: RunRecord;
}

async function once(): Promise<Sample> {
  const t0 = performance.now();
  const target = await resolveTarget({ target: 'embedded' });
  const t1 = performance.now();
  let result: Awaited<ReturnType<typeof runSession>>;
  let requests = 0;
  let t2: number;
  try {
    result = await runSession({ mode: 'run', lab: vpcFlowLogs, target, reporters: [], log: () => undefined });
    requests = ((await (await fetch(`${target.endpoint}/_emulator/requests`)).json()) as unknown[]).length;
  } finally {
    t2 = performance.now();
    await target.close();
  }
  const t3 = performance.now();
  const run = result.run;
  const firstStart = Math.min(...run.steps.map((s) => s.startedAt));
  const lastEnd = Math.max(...run.steps.map((s) => s.finishedAt));
  return {
    totalMs: t3 - t0,
    startMs: t1 - t0,
    setupMs: firstStart - run.startedAt,
    stepsMs: lastEnd - firstStart,
    teardownMs: run.finishedAt - lastEnd,
    stopMs: t3 - t2,
    requests,
    passed: run.steps.filter((s) => s.result.verdict === 'passed').length,
    run,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(8);

async function main(): Promise<void> {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = await once();
    samples.push(s);
    process.stderr.write(`  run ${i + 1}/${RUNS}: ${(s.totalMs / 1000).toFixed(2)} s, ${s.passed}/14 passed\n`);
  }

  const dir = mkdtempSync(join(tmpdir(), 'labwright-bench-e2e-'));
  const c0 = performance.now();
  const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'labwright.js'), 'run', '--report-dir', dir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const cliMs = performance.now() - c0;
  rmSync(dir, { recursive: true, force: true });

  const col = (f: (s: Sample) => number) => samples.map(f);
  const row = (name: string, xs: number[]) => console.log(`  ${name.padEnd(28)}${sec(median(xs))}${sec(Math.min(...xs))}${sec(Math.max(...xs))}`);
  console.log(`\nThe whole VPC Flow Logs lab on the embedded target, ${RUNS} in-process run(s) of runSession (emulator start included)\n`);
  console.log(`  ${''.padEnd(28)}  median       min       max`);
  row('whole run (wall)', col((s) => s.totalMs));
  row('  emulator start', col((s) => s.startMs));
  row('  provisioning', col((s) => s.setupMs));
  row('  fourteen steps', col((s) => s.stepsMs));
  row('  teardown', col((s) => s.teardownMs));
  row('  emulator stop', col((s) => s.stopMs));
  console.log(`\n  through the CLI child process (node bin/labwright.js run): ${(cliMs / 1000).toFixed(2)} s, exit ${cli.status}`);
  console.log(`  passed per run: ${samples.map((s) => s.passed).join(', ')} of 14; AWS requests per run (emulator log): ${samples.map((s) => s.requests).join(', ')}`);

  const steps = vpcFlowLogs.steps.map((st) => st.id);
  const w = Math.max(...steps.map((id) => id.length));
  console.log(`\n  per step (median over the runs; steps run concurrently by their needs)\n`);
  console.log(`  ${'step'.padEnd(w)}  verdict     time      waited    attempts  AWS calls`);
  let calls = 0;
  for (const id of steps) {
    const recs = samples.map((s) => s.run.steps.find((r) => r.stepId === id)!);
    const c = median(recs.map((r) => r.apiCalls));
    calls += c;
    console.log(
      `  ${id.padEnd(w)}  ${recs[recs.length - 1].result.verdict.padEnd(10)}${sec(median(recs.map((r) => r.finishedAt - r.startedAt)))}  ${sec(median(recs.map((r) => r.waitedMs)))}  ${String(median(recs.map((r) => r.attempts))).padStart(8)}  ${String(c).padStart(9)}`,
    );
  }
  console.log(`\n  ${calls} calls counted against steps; ${median(col((s) => s.requests)) - calls} more outside the steps (provisioning and teardown).`);
  console.log(`  Goal: median whole run ≤ 3 s; this run: ${(median(col((s) => s.totalMs)) / 1000).toFixed(2)} s.`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
