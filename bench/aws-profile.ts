// What the lab costs in time on a real account, predicted from a run on the emulator's aws profile:
// every delay of that profile is AWS's × F, so each step's wall time ÷ F is its duration on AWS.
// Prints, per step, when it started and how long it took and waited (in AWS minutes), whether it is
// on the critical path, and its API calls; then the whole run and its critical path.
//   node bin/run-ts.js bench/aws-profile.ts [F]     (default F = 0.02; a run takes about 45 s)
import { startEmulator } from '../emulator/server';
import { criticalPath } from '../runner/aws-equivalent';
import { labFor } from '../session/labs';
import { runSession } from '../session/session';
import { resolveTarget } from '../session/targets';

const minutes = (ms: number) => (ms / 60_000).toFixed(1).padStart(6);

async function main(): Promise<void> {
  const F = Number(process.argv[2] ?? process.env.AWS_PROFILE_BENCH_SCALE ?? 0.02);
  if (!(F > 0 && F <= 1)) throw new Error(`The time scale must be in (0, 1], not ${process.argv[2]}.`);
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', profile: 'aws', timeScale: F });
  const target = await resolveTarget({ endpoint: emulator.endpoint });
  try {
    const lab = labFor('vpc-flow-logs');
    const wallStart = Date.now();
    const { run, apiCalls } = await runSession({ mode: 'run', lab, target, reporters: [], log: () => undefined });
    const wall = Date.now() - wallStart;
    const needs = new Map(lab.steps.map((s: { id: string; needs?: string[] }) => [s.id, s.needs ?? []]));
    const path = new Set(criticalPath(run.steps, (id) => needs.get(id) ?? []).map((s) => s.stepId));
    const width = Math.max(...run.steps.map((s) => s.stepId.length));
    process.stdout.write(`\naws-profile: vpc-flow-logs on the aws profile × ${F}: predicted duration on AWS per step (minutes = wall ÷ F)\n\n`);
    process.stdout.write(`  ${'step'.padEnd(width)}  verdict   starts   takes  waited  critical  calls\n`);
    for (const s of run.steps) {
      process.stdout.write(
        `  ${s.stepId.padEnd(width)}  ${s.result.verdict.padEnd(8)} ${minutes((s.startedAt - run.startedAt) / F)}  ${minutes((s.finishedAt - s.startedAt) / F)}  ${minutes(s.waitedMs / F)}  ${(path.has(s.stepId) ? 'yes' : '').padEnd(8)}  ${String(s.apiCalls).padStart(5)}\n`,
      );
    }
    const steps = run.steps.filter((s) => path.has(s.stepId));
    const pathMs = steps.length ? steps[steps.length - 1].finishedAt - steps[0].startedAt : 0;
    process.stdout.write(
      `\n  ${run.steps.filter((s) => s.result.verdict === 'passed').length}/${run.steps.length} passed; wall ${(wall / 1000).toFixed(1)} s` +
        ` ≈ ${(wall / F / 60_000).toFixed(1)} min on AWS (setup and teardown included); steps ${minutes((run.finishedAt - run.startedAt) / F).trim()} min;` +
        ` critical path ${[...path].join(' → ')} ≈ ${minutes(pathMs / F).trim()} min; ${apiCalls} API calls\n`,
    );
  } finally {
    await target.close();
    await emulator.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
