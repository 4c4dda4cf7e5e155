// One read-only pass of `labwright check`: the session in check mode, then hints for the steps it
// skipped, so every step that did not pass tells the student what to do next.
import { toCtrf, type CtrfReport } from '../reports/ctrf';
import type { Lab, RunRecord, StepRecord } from '../runner/model';
import type { Target } from '../runner/target';
import type { AnyLab } from '../runner/lab';
import { runSession } from './session';
import { VERSION } from '../core/version';

/** What one check pass produced. */
export interface CheckPass {
  run: RunRecord;
  report: CtrfReport;
  exitCode: 0 | 1;
}

/** Options of one check pass. */
export interface CheckPassOptions {
  lab: AnyLab;
  target: Target;
  /** Step ids to check; all when empty. */
  steps?: string[];
  signal?: AbortSignal;
  log?(line: string): void;
}

/** Runs every (or the chosen) check once, read-only, and explains skipped steps. */
export async function checkOnce(opts: CheckPassOptions): Promise<CheckPass> {
  const out = await runSession({
    mode: 'check',
    lab: opts.lab,
    target: opts.target,
    reporters: [],
    only: opts.steps?.length ? opts.steps : undefined,
    signal: opts.signal,
    log: opts.log ?? (() => undefined),
  });
  const run: RunRecord = { ...out.run, steps: explainSkipped(out.run.steps, opts.lab) };
  return { run, report: toCtrf(run, VERSION), exitCode: out.exitCode };
}

/**
 * A skipped step in check mode means an earlier step is not done: its hint names the first such
 * step in the student's terms (the lab's step title and number), never the scheduler's words.
 */
export function explainSkipped(records: StepRecord[], lab: Lab<unknown>): StepRecord[] {
  const byId = new Map(records.map((r) => [r.stepId, r]));
  const index = new Map(lab.steps.map((s, i) => [s.id, i]));
  const root = (id: string, seen = new Set<string>()): string | undefined => {
    if (seen.has(id)) return undefined;
    seen.add(id);
    const rec = byId.get(id);
    if (!rec || rec.result.verdict === 'passed' || rec.result.verdict === 'unsupported') return undefined;
    if (rec.result.verdict !== 'skipped') return id;
    for (const need of lab.steps[index.get(id)!]?.needs ?? []) {
      const r = root(need, seen);
      if (r) return r;
    }
    return undefined;
  };
  return records.map((r) => {
    if (r.result.verdict !== 'skipped' || r.result.hint) return r;
    const blocker = (lab.steps[index.get(r.stepId)!]?.needs ?? []).map((n) => root(n)).find(Boolean);
    if (!blocker) return r;
    const step = lab.steps[index.get(blocker)!];
    const where = `step ${index.get(blocker)! + 1}, "${step.title}"`;
    const hint = {
      pending: `This step builds on ${where}, which is still on its way; it is checked once that one passes.`,
      'cant-verify': `This step builds on ${where}, which could not be verified; it is checked once that one passes.`,
    }[byId.get(blocker)!.result.verdict as string] ?? `This step builds on ${where}, which is not done yet: finish that one first.`;
    return { ...r, result: { ...r.result, hint } };
  });
}
