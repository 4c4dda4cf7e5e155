/**
 * The one injectable clock: every timer in labwright (polls, emulator windows, alarm evaluation)
 * goes through a Clock, so tests can run hours of AWS time in milliseconds.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

interface Sleeper {
  at: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
}

/** A manual clock for tests: time moves only when `advance` or `set` is called. */
export class FakeClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      // The listener goes when the sleep ends, so long waits on one signal do not pile them up.
      const sleeper: Sleeper = { at: this.current + Math.max(0, ms), resolve: () => (signal?.removeEventListener('abort', onAbort), resolve()), reject };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves time forward, waking sleepers in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers[0];
      if (!next || next.at > target) break;
      this.sleepers.shift();
      this.current = Math.max(this.current, next.at);
      next.resolve();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Number of pending sleeps (useful to wait until code under test is parked). */
  get pending(): number {
    return this.sleepers.length;
  }
}

// Lets every pending promise continuation (and the I/O callbacks they queue) run.
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A date in UTC as `YYYY-MM-DD` (flow-log S3 folders and Athena partitions are named by it). */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
