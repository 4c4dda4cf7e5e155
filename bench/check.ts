// Latency of a full `labwright check` on the embedded emulator after a full solve:
// `node bin/run-ts.js bench/check.ts [passes]`. Solves the lab once (run --keep), then times whole
// check passes as the CLI makes them (new clients, discovery, every check) and reports per step
// the verdict, the time and the AWS calls of the last pass. Goal: a pass under 500 ms. Asserts nothing.
import { checkOnce, type CheckPass } from '../session/check';
import { runSession } from '../session/session';
import { resolveTarget } from '../session/targets';
import { vpcFlowLogs } from '../scenarios/vpc-flow-logs.scenario';

const PASSES = Number(process.argv[2] ?? 10);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const target = await resolveTarget({ target: 'embedded' });
  try {
    const t0 = performance.now();
    const solved = await runSession({ mode: 'run', lab: vpcFlowLogs, target, reporters: [], keep: true, log: () => undefined });
    const solveMs = performance.now() - t0;
    if (solved.exitCode !== 0) throw new Error('The solve did not pass every step; the check figures would not be of a finished lab.');
    const requestsBefore = ((await (await fetch(`${target.endpoint}/_emulator/requests`)).json()) as unknown[]).length;

    const times: number[] = [];
    let last: CheckPass | undefined;
    for (let i = 0; i < PASSES; i++) {
      const t = performance.now();
      last = await checkOnce({ lab: vpcFlowLogs, target });
      times.push(performance.now() - t);
    }
    const requests = ((await (await fetch(`${target.endpoint}/_emulator/requests`)).json()) as unknown[]).length - requestsBefore;

    const sorted = [...times].sort((a, b) => a - b);
    console.log(`\nlabwright check on the embedded emulator after a full solve (solve took ${(solveMs / 1000).toFixed(1)} s)\n`);
    console.log(`  passes  first     min       median    p95       max       AWS requests per pass`);
    console.log(
      `  ${String(PASSES).padEnd(6)}  ${times[0].toFixed(0).padStart(5)} ms  ${sorted[0].toFixed(0).padStart(5)} ms  ${pct(sorted, 50).toFixed(0).padStart(5)} ms  ` +
        `${pct(sorted, 95).toFixed(0).padStart(5)} ms  ${sorted[sorted.length - 1].toFixed(0).padStart(5)} ms  ${(requests / PASSES).toFixed(1)}`,
    );
    const w = Math.max(...last!.run.steps.map((s) => s.stepId.length));
    console.log(`\n  last pass, per step (steps run concurrently by their needs)\n`);
    console.log(`  ${'step'.padEnd(w)}  verdict       time     calls`);
    for (const s of last!.run.steps) {
      console.log(`  ${s.stepId.padEnd(w)}  ${s.result.verdict.padEnd(12)}  ${String(s.finishedAt - s.startedAt).padStart(4)} ms  ${String(s.apiCalls).padStart(5)}`);
    }
    const calls = last!.run.steps.reduce((n, s) => n + s.apiCalls, 0);
    console.log(`\n  ${calls} calls counted against steps; ${((requests / PASSES) - calls).toFixed(0)} more for discovery. Goal: median under 500 ms.`);
  } finally {
    await target.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
