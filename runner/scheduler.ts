import { Clock, systemClock } from '../core/clock';
import { errorMessage } from '../core/errors';
import { poll, PollTimeoutError } from '../core/poll';
import { Capability, CheckResult, Lab, result, RunRecord, Step, StepRecord, Verdict } from './model';
import { Reporter } from './reporter';

/** How the scheduler runs a lab. */
export interface ScheduleOptions<C> {
  /** `run` solves each step then waits for its check; `check` only checks, once, read-only. */
  mode: 'run' | 'check';
  /** Builds the context a step's solve and check receive. */
  contextFor(step: Step<C>, signal: AbortSignal): C;
  /** The target's capabilities; a step needing one it lacks is `unsupported`. */
  capabilities: ReadonlySet<Capability>;
  /** Why the target lacks a capability, for the unsupported summary. */
  whyMissing?: Partial<Record<Capability, string>>;
  /** Multiplies every step's wait budget (AWS minutes become emulator seconds). */
  budgetScale?: number;
  /** Poll intervals for waits. */
  intervalsMs?: number[];
  /** Only these step ids run (stages); the others are assumed done by an earlier stage. */
  only?: string[];
  /** Maps an error thrown by solve or check to a verdict: AccessDenied/throttling → `cant-verify`. */
  classifyError?(err: unknown): Verdict;
  /** AWS calls counted against a step so far (the recording middleware). */
  apiCallsFor?(stepId: string): number;
  reporter?: Required<Reporter>;
  clock?: Clock;
  signal?: AbortSignal;
}

interface Outcome {
  record: StepRecord;
}

/** The verdict of a step the run's interruption cut short while it ran: not verified, and not merely skipped. */
const INTERRUPTED = (evidence: CheckResult['evidence'] = []): CheckResult => result('cant-verify', 'Interrupted while it ran: the run stopped before this step could be verified.', { evidence });

/** Verdicts that let dependent steps go ahead (an unsupported check still had its solve done). */
const SATISFIES_NEEDS: ReadonlySet<Verdict> = new Set(['passed', 'unsupported']);

/**
 * Runs a lab's steps by their `needs`: every step starts as soon as the steps it needs have
 * passed, so independent waits run concurrently. Returns the step records in lab order.
 */
export async function schedule<C>(lab: Lab<C>, opts: ScheduleOptions<C>): Promise<StepRecord[]> {
  validateLab(lab);
  const clock = opts.clock ?? systemClock;
  const selected = opts.only?.length ? lab.steps.filter((s) => opts.only!.includes(s.id)) : lab.steps;
  const selectedIds = new Set(selected.map((s) => s.id));
  const outcomes = new Map<string, Promise<Outcome>>();

  const runOne = async (step: Step<C>): Promise<Outcome> => {
    const needed = (step.needs ?? []).filter((id) => selectedIds.has(id));
    const deps = await Promise.all(needed.map((id) => outcomes.get(id)!));
    const blocker = deps.find((d) => !SATISFIES_NEEDS.has(d.record.result.verdict));
    const startedAt = clock.now();
    if (blocker || opts.signal?.aborted) {
      // After an interruption every step not yet started says so, rather than naming a blocker it cut short.
      const summary = opts.signal?.aborted
        ? 'Skipped: the run was interrupted.'
        : `Skipped: it needs step '${blocker!.record.stepId}', which ended ${blocker!.record.result.verdict}.`;
      return finish(step, result('skipped', summary), startedAt, 0, 0);
    }
    opts.reporter?.onStepBegin(step.id, step.title);
    const { verdict, attempts, waitedMs } = await execute(step, startedAt);
    return finish(step, verdict, startedAt, waitedMs, attempts);
  };

  const execute = async (step: Step<C>, startedAt: number): Promise<{ verdict: CheckResult; attempts: number; waitedMs: number }> => {
    const controller = new AbortController();
    const onAbort = () => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const ctx = opts.contextFor(step, controller.signal);
      const missing = (step.capabilities ?? []).filter((c) => !opts.capabilities.has(c));
      const unsupported = (detail: string) => ({
        verdict: result('unsupported', `Not verifiable on this target: ${[...new Set(missing.map((c) => opts.whyMissing?.[c] ?? `it lacks ${c}`))].join('; ')}.`, { detail }),
        attempts: 0,
        waitedMs: 0,
      });
      if (opts.mode === 'run') {
        try {
          await step.solve(ctx);
        } catch (err) {
          if (opts.signal?.aborted) return { verdict: INTERRUPTED(), attempts: 0, waitedMs: 0 };
          // A target without the capability may refuse the solve itself (LocalStack has no Athena):
          // that is the same missing capability, not a failure of the lab.
          if (missing.length) return unsupported(`missing capabilities: ${missing.join(', ')}; the solve failed: ${errorMessage(err)}`);
          return { verdict: errorVerdict(err, 'Solving the step failed'), attempts: 0, waitedMs: 0 };
        }
      }
      if (missing.length) return unsupported(`missing capabilities: ${missing.join(', ')}`);
      if (opts.mode === 'check') {
        try {
          return { verdict: await step.check(ctx), attempts: 1, waitedMs: 0 };
        } catch (err) {
          if (opts.signal?.aborted) return { verdict: INTERRUPTED(), attempts: 1, waitedMs: 0 };
          return { verdict: errorVerdict(err, 'The check could not run'), attempts: 1, waitedMs: 0 };
        }
      }
      return await waitForCheck(step, ctx, controller.signal, startedAt);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  };

  const waitForCheck = async (step: Step<C>, ctx: C, signal: AbortSignal, startedAt: number) => {
    const budgetMs = Math.max(0, (step.waitBudgetMs ?? 0) * (opts.budgetScale ?? 1));
    const reproduceEveryMs = (step.reproduceEveryMs ?? 60_000) * (opts.budgetScale ?? 1);
    let lastProduced = clock.now();
    let last: CheckResult | undefined;
    try {
      const out = await poll<CheckResult>(
        async () => {
          // The evidence may not have been captured (AWS starts capturing minutes after a flow log
          // is created): produce it again now and then while waiting, as a student would retry.
          if (step.reproduce && last?.verdict === 'pending' && clock.now() - lastProduced >= reproduceEveryMs) {
            lastProduced = clock.now();
            await step.reproduce(ctx).catch(() => undefined);
          }
          try {
            last = await step.check(ctx);
          } catch (err) {
            // A check cut off by Ctrl-C did not fail: the run was interrupted.
            last = signal.aborted ? INTERRUPTED(last?.evidence) : errorVerdict(err, 'The check could not run');
          }
          // Only `pending` is worth waiting for; every other verdict is final.
          return last.verdict === 'pending' ? { done: false, value: last, reason: last.summary } : { done: true, value: last };
        },
        { description: `step '${step.id}'`, budgetMs, intervalsMs: opts.intervalsMs, clock, signal, onProgress: (p) => opts.reporter?.onStepProgress(step.id, p) },
      );
      return { verdict: out.value, attempts: out.attempts, waitedMs: out.waitedMs };
    } catch (err) {
      const waitedMs = clock.now() - startedAt;
      if (err instanceof PollTimeoutError) {
        const timedOut: CheckResult = {
          ...(last ?? result('failed', '')),
          verdict: 'failed',
          summary: `Timed out after ${Math.round(budgetMs / 1000)}s: ${last?.summary ?? 'no answer'}`,
        };
        return { verdict: timedOut, attempts: err.attempts, waitedMs };
      }
      if (signal.aborted) return { verdict: INTERRUPTED(last?.evidence), attempts: 0, waitedMs };
      return { verdict: errorVerdict(err, 'Waiting failed'), attempts: 0, waitedMs };
    }
  };

  const errorVerdict = (err: unknown, what: string): CheckResult => {
    const verdict = opts.classifyError?.(err) ?? 'failed';
    return result(verdict === 'passed' ? 'failed' : verdict, `${what}: ${errorMessage(err)}`, { detail: (err as { name?: string })?.name });
  };

  const finish = (step: Step<C>, r: CheckResult, startedAt: number, waitedMs: number, attempts: number): Outcome => {
    const record: StepRecord = {
      stepId: step.id,
      title: step.title,
      result: r,
      startedAt,
      finishedAt: clock.now(),
      waitedMs,
      attempts,
      apiCalls: opts.apiCallsFor?.(step.id) ?? 0,
    };
    opts.reporter?.onStepEnd(record);
    return { record };
  };

  for (const step of selected) outcomes.set(step.id, runOne(step));
  const done = await Promise.all(selected.map((s) => outcomes.get(s.id)!));
  return done.map((o) => o.record);
}

/** Rejects a lab whose steps repeat an id or need a step that does not exist or comes later. */
export function validateLab<C>(lab: Lab<C>): void {
  const seen = new Set<string>();
  for (const step of lab.steps) {
    if (seen.has(step.id)) throw new Error(`Lab '${lab.id}' has two steps with the id '${step.id}'.`);
    for (const need of step.needs ?? []) {
      if (!seen.has(need)) throw new Error(`Step '${step.id}' of lab '${lab.id}' needs '${need}', which is not an earlier step of the lab.`);
    }
    seen.add(step.id);
  }
}

/** Assembles the run record from the step records. */
export function runRecord(base: Omit<RunRecord, 'steps' | 'finishedAt'>, steps: StepRecord[], finishedAt: number): RunRecord {
  return { ...base, steps, finishedAt };
}
