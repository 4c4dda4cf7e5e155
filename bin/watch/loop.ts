// The --watch loop: a check pass, a pause of one interval, again, until Ctrl-C. It is a wait that
// never completes, so it runs on the one polling primitive with an endless budget.
import { systemClock, type Clock } from '../../core/clock';
import { FatalPollError, poll } from '../../core/poll';

/** The shortest interval --watch accepts: a full check costs dozens of read calls. */
export const MIN_INTERVAL_MS = 2_000;
/** The default interval of --watch. */
export const DEFAULT_INTERVAL_MS = 10_000;

/** Parses `--interval` (`10s`, `2500ms`, `1m`, or seconds as a bare number). */
export function parseInterval(value: string | undefined): number {
  if (value === undefined) return DEFAULT_INTERVAL_MS;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new Error(`--interval '${value}' is not a duration; write it like 10s, 2500ms or 1m.`);
  const ms = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000);
  if (ms < MIN_INTERVAL_MS) throw new Error(`--interval ${value} is too short; the minimum is ${MIN_INTERVAL_MS / 1000}s.`);
  return ms;
}

/** Options of the watch loop. */
export interface WatchLoopOptions<T> {
  intervalMs: number;
  /** One check pass. */
  pass(signal: AbortSignal): Promise<T>;
  /** Called after every pass that was not interrupted, with its 1-based number. */
  onPass(result: T, n: number): void;
  signal: AbortSignal;
  clock?: Clock;
}

/** Runs check passes every interval until the signal aborts; resolves (never rejects) on abort. */
export async function watchLoop<T>(opts: WatchLoopOptions<T>): Promise<number> {
  let n = 0;
  try {
    await poll<never>(
      async () => {
        let out: T;
        try {
          out = await opts.pass(opts.signal);
        } catch (err) {
          // A pass that throws is a bug or a configuration error: stop rather than retry quietly.
          throw new FatalPollError('A check pass failed.', err);
        }
        if (opts.signal.aborted) return { done: false };
        opts.onPass(out, ++n);
        return { done: false };
      },
      { description: 'the student to finish the lab', budgetMs: Number.POSITIVE_INFINITY, intervalsMs: [opts.intervalMs], clock: opts.clock ?? systemClock, signal: opts.signal },
    );
  } catch (err) {
    if (opts.signal.aborted) return n;
    throw err instanceof FatalPollError ? err.cause : err;
  }
  return n;
}
