// verify-checks: proves that every check of a lab tells right state from wrong. On one fresh
// environment, in lab order, each step's check must not pass before its solve, must pass after it,
// and must not pass under any of the step's declared mutations (one thing broken at a time).
import { Clock, systemClock } from '../core/clock';
import { errorMessage } from '../core/errors';
import { poll, PollTimeoutError } from '../core/poll';
import { CheckResult, Lab, result, Step, Verdict } from './model';
import { validateLab } from './scheduler';

/** One way to break what a step's solve built, so its check must stop passing. */
export interface Mutation<C> {
  /** What is broken, in words ("traffic type ACCEPT"). */
  name: string;
  apply(ctx: C): Promise<void>;
  /** Puts the right state back; the step's solve runs again when absent. */
  restore?(ctx: C): Promise<void>;
}

/** The mutations of a lab, by step id. */
export type Mutations<C> = Record<string, Array<Mutation<C>>>;

/** What happened to one mutation. */
export interface MutationOutcome {
  name: string;
  /** The check did not pass while the mutation was in place. */
  caught: boolean;
  verdict: Verdict;
  summary: string;
  /** Set when applying or restoring failed (the row is then weak: nothing was proven). */
  error?: string;
}

/** One row of the verify-checks table. */
export interface VerifyRow {
  stepId: string;
  title: string;
  before: { verdict: Verdict; summary: string };
  after: { verdict: Verdict; summary: string };
  mutations: MutationOutcome[];
  /** Why this check is weak, one sentence each; empty when it is strong. */
  problems: string[];
}

/** The outcome of verify-checks. */
export interface VerifyReport {
  lab: string;
  rows: VerifyRow[];
  /** True when every check failed before, passed after and caught every mutation. */
  strong: boolean;
}

/** How to run verify-checks. */
export interface VerifyOptions<C> {
  lab: Lab<C>;
  mutations: Mutations<C>;
  /**
   * The context a step's solve, a mutation or a restore gets (`solve`, writable clients), or the
   * one its check gets (`check`: read-only clients, no state from solves, as a student's check).
   */
  contextFor(kind: 'solve' | 'check', step: Step<C>): C;
  /** Multiplies wait budgets while a check stays `pending` after its solve. */
  budgetScale?: number;
  intervalsMs?: number[];
  /** At least this many mutations per step, or the row is weak (default 1). */
  minMutations?: number;
  clock?: Clock;
  signal?: AbortSignal;
  /** One line per event, for the console. */
  log?(line: string): void;
  onRow?(row: VerifyRow): void;
}

const short = (r: CheckResult) => ({ verdict: r.verdict, summary: r.summary });

/** Runs verify-checks over a lab: see the file comment. Steps run strictly in lab order. */
export async function verifyChecks<C>(opts: VerifyOptions<C>): Promise<VerifyReport> {
  validateLab(opts.lab);
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => undefined);
  const rows: VerifyRow[] = [];

  const checkOnce = async (step: Step<C>): Promise<CheckResult> => {
    try {
      return await step.check(opts.contextFor('check', step));
    } catch (err) {
      return result('cant-verify', `The check threw: ${errorMessage(err)}`, { detail: (err as Error)?.name });
    }
  };

  // After a solve, a check may say `pending` while a signal travels (flow records, alarms): wait
  // for it as a run would, within the step's budget scaled to the target.
  const checkSettled = async (step: Step<C>): Promise<CheckResult> => {
    const budgetMs = Math.max(0, (step.waitBudgetMs ?? 0) * (opts.budgetScale ?? 1));
    const reproduceEveryMs = (step.reproduceEveryMs ?? 60_000) * (opts.budgetScale ?? 1);
    let lastProduced = clock.now();
    let last: CheckResult | undefined;
    try {
      const out = await poll<CheckResult>(
        async () => {
          // As in a run: evidence that may not have been captured (AWS starts capturing minutes
          // after a flow log is created) is produced again now and then while the check waits.
          if (step.reproduce && last?.verdict === 'pending' && clock.now() - lastProduced >= reproduceEveryMs) {
            lastProduced = clock.now();
            await step.reproduce(opts.contextFor('solve', step)).catch(() => undefined);
          }
          last = await checkOnce(step);
          return last.verdict === 'pending' ? { done: false, value: last, reason: last.summary } : { done: true, value: last };
        },
        { description: `the check of '${step.id}'`, budgetMs, intervalsMs: opts.intervalsMs, clock, signal: opts.signal },
      );
      return out.value;
    } catch (err) {
      if (err instanceof PollTimeoutError && last) return last;
      throw err;
    }
  };

  const solve = async (step: Step<C>, what: string): Promise<string | undefined> => {
    try {
      await step.solve(opts.contextFor('solve', step));
      return undefined;
    } catch (err) {
      return `${what} failed: ${errorMessage(err)}`;
    }
  };

  for (const step of opts.lab.steps) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const problems: string[] = [];
    const before = await checkOnce(step);
    if (before.verdict === 'passed') problems.push(`it passes before its solve ("${before.summary}")`);
    log(`${step.id}: before the solve: ${before.verdict}`);

    const solveError = await solve(step, 'the solve');
    const after = solveError ? result('failed', solveError) : await checkSettled(step);
    if (after.verdict !== 'passed') problems.push(`it does not pass after its solve (${after.verdict}: ${after.summary})`);
    log(`${step.id}: after the solve: ${after.verdict}`);

    const outcomes: MutationOutcome[] = [];
    const declared = opts.mutations[step.id] ?? [];
    if (declared.length < (opts.minMutations ?? 1)) problems.push(`it declares ${declared.length} mutation(s); at least ${opts.minMutations ?? 1} must prove it catches wrong state`);
    // Mutations only prove something against a check that passes on the right state.
    for (const m of after.verdict === 'passed' ? declared : []) {
      const outcome = await mutate(step, m);
      outcomes.push(outcome);
      if (outcome.error) problems.push(`mutation "${m.name}": ${outcome.error}`);
      else if (!outcome.caught) problems.push(`it still passes with the mutation "${m.name}"`);
      log(`${step.id}: mutation "${m.name}": ${outcome.error ? 'error' : outcome.caught ? `caught (${outcome.verdict})` : 'MISSED'}`);
    }
    const row: VerifyRow = { stepId: step.id, title: step.title, before: short(before), after: short(after), mutations: outcomes, problems };
    rows.push(row);
    opts.onRow?.(row);
  }
  return { lab: opts.lab.id, rows, strong: rows.every((r) => r.problems.length === 0) };

  async function mutate(step: Step<C>, m: Mutation<C>): Promise<MutationOutcome> {
    const ctx = opts.contextFor('solve', step);
    try {
      await m.apply(ctx);
    } catch (err) {
      return { name: m.name, caught: false, verdict: 'cant-verify', summary: '', error: `applying it failed: ${errorMessage(err)}` };
    }
    // One look is enough: a mutated state is final, and `pending` already means "not passed".
    const seen = await checkOnce(step);
    const outcome: MutationOutcome = { name: m.name, caught: seen.verdict !== 'passed', verdict: seen.verdict, summary: seen.summary };
    try {
      if (m.restore) await m.restore(ctx);
      else await step.solve(ctx);
    } catch (err) {
      return { ...outcome, error: `restoring after it failed: ${errorMessage(err)}` };
    }
    const back = await checkSettled(step);
    if (back.verdict !== 'passed') return { ...outcome, error: `after restoring, the check no longer passes (${back.verdict}: ${back.summary})` };
    return outcome;
  }
}
