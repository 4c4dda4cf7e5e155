// The cost guard of the aws target: a run on a real account launches only small instance types
// and never outlives a maximum run time — past it, the run is aborted and torn down like Ctrl-C,
// so a hung wait cannot leave an instance billing overnight.
import { UsageError } from '../../core/errors';

/** Instance types a run may launch: the free-tier-sized ones. */
export const ALLOWED_INSTANCE_TYPES: readonly string[] = ['t3.micro', 't3.small', 't4g.micro', 't2.micro'];

/** The default maximum run time: the lab's longest waits (S3 delivery ~15 min) with margin. */
export const DEFAULT_MAX_RUN_MINUTES = 45;

/** Refuses an instance type outside the allow-list with a one-line UsageError. */
export function checkInstanceType(instanceType: string): void {
  if (!ALLOWED_INSTANCE_TYPES.includes(instanceType)) {
    throw new UsageError(`The cost guard refuses instance type '${instanceType}': a run on AWS may launch only ${ALLOWED_INSTANCE_TYPES.join(', ')}.`);
  }
}

/** The maximum run time in ms, from LABWRIGHT_MAX_RUN_MINUTES (default 45); a bad value is a UsageError. */
export function maxRunMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.LABWRIGHT_MAX_RUN_MINUTES?.trim();
  if (!raw) return DEFAULT_MAX_RUN_MINUTES * 60_000;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new UsageError(`LABWRIGHT_MAX_RUN_MINUTES='${raw}' is not a positive number of minutes (for example 45).`);
  }
  return Math.round(minutes * 60_000);
}

/** The reason a cost-guarded signal carries when the run outlived its maximum time. */
export class RunTimeExceededError extends Error {
  override readonly name = 'RunTimeExceededError';
  constructor(readonly maxMs: number) {
    super(`The run exceeded its maximum time of ${Math.round(maxMs / 60_000)} min (LABWRIGHT_MAX_RUN_MINUTES); it was aborted and torn down.`);
  }
}

/**
 * An AbortSignal that fires on whichever comes first: the given signal (Ctrl-C) or `maxMs`
 * elapsing (reason: RunTimeExceededError). The timer does not keep the process alive and is
 * cleared when the outer signal fires.
 */
export function withCostGuard(signal: AbortSignal | undefined, maxMs: number): AbortSignal {
  const controller = new AbortController();
  if (signal?.aborted) {
    controller.abort(signal.reason);
    return controller.signal;
  }
  const timer = setTimeout(() => {
    signal?.removeEventListener('abort', onOuter);
    controller.abort(new RunTimeExceededError(maxMs));
  }, maxMs);
  timer.unref?.();
  const onOuter = () => {
    clearTimeout(timer);
    controller.abort(signal?.reason);
  };
  signal?.addEventListener('abort', onOuter, { once: true });
  return controller.signal;
}
