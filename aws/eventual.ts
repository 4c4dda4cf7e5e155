// Create-then-use under EC2's eventual consistency: for a few seconds after a create, a request that
// names the new resource may answer `…NotFound` (EC2 developer guide, "Eventual consistency in the
// Amazon EC2 API"). AWS's advice is to retry with backoff; this is the one place that does it.
import { systemClock } from '../core/clock';
import { DEFAULT_VISIBILITY, type Visibility } from './idempotent';

/** Errors that mean "not visible yet" right after a create: EC2's `Invalid<Thing>ID.NotFound` and kin. */
export function isNotYetVisible(err: unknown): boolean {
  const name = (err as Error)?.name ?? '';
  return /^Invalid[A-Za-z]+\.NotFound$/.test(name);
}

/** Backoff between retries when the visibility settings give none (AWS suggests exponential). */
const BACKOFF_MS = [100, 200, 400, 800, 1600, 3200];

/**
 * Runs `call`, retrying it with backoff while it fails because a resource it names is not visible
 * yet, until the visibility budget is spent; then (or on any other error) the error is thrown.
 * `call` must be safe to repeat: a NotFound answer means the request changed nothing.
 */
export async function retryWhileNotFound<T>(call: () => Promise<T>, visibility: Visibility = DEFAULT_VISIBILITY): Promise<T> {
  const clock = visibility.clock ?? systemClock;
  const intervals = visibility.intervalsMs?.length ? visibility.intervalsMs : BACKOFF_MS;
  const start = clock.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const elapsed = clock.now() - start;
      if (!isNotYetVisible(err) || elapsed >= visibility.budgetMs || visibility.signal?.aborted) throw err;
      // Back off: each retry waits at least as long as the interval list says, doubling past its end.
      const base = intervals[Math.min(attempt, intervals.length - 1)];
      const wait = attempt < intervals.length ? base : base * 2 ** Math.min(attempt - intervals.length + 1, 4);
      await clock.sleep(Math.min(wait, visibility.budgetMs - elapsed), visibility.signal);
    }
  }
}
