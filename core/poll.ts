import { Clock, systemClock } from './clock';

/** What a probe says each time it is asked. */
export type ProbeResult<T> =
  | { done: true; value: T }
  | { done: false; value?: unknown; reason?: string };

/** Thrown by a probe to stop polling at once (AccessDenied, "exists with the wrong type"). */
export class FatalPollError extends Error {
  override readonly name = 'FatalPollError';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

/** A wait that ran out of budget; carries what it waited for and the last value it saw. */
export class PollTimeoutError extends Error {
  override readonly name = 'PollTimeoutError';
  constructor(
    readonly description: string,
    readonly budgetMs: number,
    readonly attempts: number,
    readonly lastValue: unknown,
    readonly lastReason: string | undefined,
  ) {
    super(
      `Timed out after ${Math.round(budgetMs / 1000)}s (${attempts} attempts) waiting for ${description}` +
        (lastReason ? `; last seen: ${lastReason}` : ''),
    );
  }
}

/** Progress of a running wait, for live console output. */
export interface PollProgress {
  description: string;
  attempt: number;
  elapsedMs: number;
  budgetMs: number;
  reason?: string;
}

export interface PollOptions {
  /** What is awaited, in words ("an ACCEPT record in the log group"). */
  description: string;
  /** The whole budget in milliseconds. */
  budgetMs: number;
  /** Successive intervals between attempts; the last repeats. */
  intervalsMs?: number[];
  clock?: Clock;
  signal?: AbortSignal;
  onProgress?: (p: PollProgress) => void;
}

export interface PollOutcome<T> {
  value: T;
  attempts: number;
  waitedMs: number;
}

const DEFAULT_INTERVALS = [100, 250, 500, 1000];

/**
 * The single polling primitive: asks `probe` until it says done, the budget runs out
 * (PollTimeoutError quoting the last value seen) or it throws FatalPollError (re-thrown at once).
 * Any other error thrown by the probe counts as "not yet" and is quoted if the wait times out.
 */
export async function poll<T>(probe: () => Promise<ProbeResult<T>>, opts: PollOptions): Promise<PollOutcome<T>> {
  const clock = opts.clock ?? systemClock;
  const intervals = opts.intervalsMs?.length ? opts.intervalsMs : DEFAULT_INTERVALS;
  const start = clock.now();
  let attempts = 0;
  let lastValue: unknown;
  let lastReason: string | undefined;
  for (;;) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    attempts++;
    try {
      const r = await probe();
      if (r.done) return { value: r.value, attempts, waitedMs: clock.now() - start };
      lastValue = r.value;
      lastReason = r.reason;
    } catch (err) {
      if (err instanceof FatalPollError) throw err;
      lastReason = err instanceof Error ? err.message : String(err);
    }
    const elapsed = clock.now() - start;
    opts.onProgress?.({ description: opts.description, attempt: attempts, elapsedMs: elapsed, budgetMs: opts.budgetMs, reason: lastReason });
    if (elapsed >= opts.budgetMs) throw new PollTimeoutError(opts.description, opts.budgetMs, attempts, lastValue, lastReason);
    const interval = intervals[Math.min(attempts - 1, intervals.length - 1)];
    await clock.sleep(Math.min(interval, opts.budgetMs - elapsed), opts.signal);
  }
}

/** AWS's ways of refusing a call for lack of permission: waiting will not change the answer. */
const ACCESS_DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/;

/**
 * Runs one AWS read inside a probe so a refusal for lack of permission ends the wait at once and
 * reaches the caller as AWS's own error (see `unwrapDenied`), instead of being polled until timeout.
 */
export async function deniedIsFatal<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (ACCESS_DENIED.test((err as Error)?.name ?? '')) throw new FatalPollError((err as Error).message, err);
    throw err;
  }
}

/** Re-throws the AWS refusal a probe ended with (deniedIsFatal), else the error itself. */
export function unwrapDenied(err: unknown): never {
  if (err instanceof FatalPollError && ACCESS_DENIED.test((err.cause as Error)?.name ?? '')) throw err.cause;
  throw err;
}
