// Creating exactly once against an API that may throttle, fail or lose its answer, and that is
// eventually consistent. Throttled requests were never processed, so the SDK may retry them; a 5xx
// or a dropped connection leaves it unknown whether the create happened. Creates with a ClientToken
// are safe to retry as they are; the others go through `createOnce`, which looks for what an earlier
// attempt made (by a per-call token tag, waiting out eventual consistency) before trying again.
import { randomUUID } from 'node:crypto';
import { isThrottlingError } from '@smithy/core/retry';
import { systemClock, type Clock } from '../core/clock';
import { FatalPollError, poll, PollTimeoutError } from '../core/poll';

/** The tag a create without an idempotency token carries so a retry can find what it made. */
export const CREATE_TOKEN_TAG = 'labwright:create-token';

/** How long a just-created resource may stay invisible to reads, and how often to look. */
export interface Visibility {
  budgetMs: number;
  intervalsMs?: number[];
  clock?: Clock;
  signal?: AbortSignal;
}

/** AWS documents eventual consistency of seconds; a minute covers a slow account. */
export const DEFAULT_VISIBILITY: Visibility = { budgetMs: 60_000, intervalsMs: [250, 500, 1000, 2000] };

/** The visibility budget on a target: a minute on AWS, scaled like every wait, never under 2 s. */
export function visibilityFor(target: { budgetScale: number; intervalsMs: number[] }, clock?: Clock, signal?: AbortSignal): Visibility {
  return { budgetMs: Math.max(2000, 60_000 * target.budgetScale), intervalsMs: target.intervalsMs, clock, signal };
}

/** A write whose outcome is unknown: the service failed (5xx) or the connection dropped after it was sent. */
export class AmbiguousWriteError extends Error {
  override readonly name = 'AmbiguousWriteError';
  constructor(readonly original: Error) {
    // No `cause` and no $metadata: the SDK's retry classifier must not see a transient error here.
    super(`The outcome of the request is unknown: ${original.name}: ${original.message}`);
  }
}

type Ambiguous = Error & { $metadata?: { httpStatusCode?: number }; code?: string };

/** Whether a failed write may nevertheless have happened (a 5xx, or a connection error mid-request). */
export function isAmbiguousFailure(err: unknown): boolean {
  const e = err as Ambiguous;
  if (!e || typeof e !== 'object' || isThrottlingError(e as never)) return false;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'TimeoutError', 'RequestTimeout'].includes(e.code ?? e.name);
}

/** Whether an error says the resource does not exist (or not yet, under eventual consistency). */
export function isNotFound(err: unknown): boolean {
  const name = (err as Error)?.name ?? '';
  return /NotFound|NoSuch|ResourceNotFound/.test(name) || (err as Ambiguous)?.$metadata?.httpStatusCode === 404;
}

/** A command whose middleware stack can take one more step (every SDK v3 command). */
interface Command {
  middlewareStack: { addRelativeTo(...args: any[]): void };
}

/**
 * Stops the SDK from blindly retrying this command after a 5xx or a dropped connection: each
 * attempt's ambiguous failure becomes an AmbiguousWriteError, which the retry strategy does not
 * retry. Throttling is still retried (a throttled request was not processed).
 */
export function noBlindRetry<C extends Command>(command: C): C {
  command.middlewareStack.addRelativeTo(
    (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (err) {
        if (isAmbiguousFailure(err)) throw new AmbiguousWriteError(err as Error);
        throw err;
      }
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'labwrightNoBlindRetry', override: true },
  );
  return command;
}

/** What `createOnce` needs: the create itself and a way to find what an earlier attempt made. */
export interface CreateOnceOptions<T> {
  /** Sends the create with `token` (put it in the CREATE_TOKEN_TAG tag); wrap the command with noBlindRetry. */
  create(token: string): Promise<T>;
  /** Finds what a create with `token` made, or undefined (lists may lag behind the create). */
  find(token: string): Promise<T | undefined>;
  visibility?: Visibility;
  /** Creates tried at most (default 4). */
  attempts?: number;
}

/**
 * Creates a resource that has no idempotency token exactly once: after an ambiguous failure it
 * waits (within the visibility budget) for the resource to show up by its token tag and uses it;
 * only when it never shows up does it create again, with the same token.
 */
export async function createOnce<T>(opts: CreateOnceOptions<T>): Promise<T> {
  const token = randomUUID();
  const attempts = opts.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await opts.create(token);
    } catch (err) {
      if (!(err instanceof AmbiguousWriteError)) throw err;
      if (attempt >= attempts) throw err.original;
      const found = await findWithin(() => opts.find(token), opts.visibility ?? DEFAULT_VISIBILITY);
      if (found !== undefined) return found;
    }
  }
}

/**
 * Polls `read` until it returns something, within the visibility budget; undefined when it never
 * does. NotFound errors count as "not visible yet"; any other error ends the wait.
 */
export async function findWithin<T>(read: () => Promise<T | undefined>, visibility: Visibility = DEFAULT_VISIBILITY): Promise<T | undefined> {
  try {
    const out = await poll<T>(
      async () => {
        try {
          const v = await read();
          return v === undefined ? { done: false, reason: 'not visible yet' } : { done: true, value: v };
        } catch (err) {
          if (isNotFound(err)) return { done: false, reason: (err as Error).message };
          throw new FatalPollError((err as Error).message, err);
        }
      },
      { description: 'a just-created resource to become visible', budgetMs: visibility.budgetMs, intervalsMs: visibility.intervalsMs, clock: visibility.clock ?? systemClock, signal: visibility.signal },
    );
    return out.value;
  } catch (err) {
    if (err instanceof PollTimeoutError) return undefined;
    const cause = (err as { cause?: unknown }).cause;
    throw cause ?? err;
  }
}

/**
 * Waits until a just-created resource can be read (reads may answer NotFound for a while after the
 * create); throws a clear error naming `what` when it never becomes visible.
 */
export async function waitUntilVisible<T>(what: string, read: () => Promise<T | undefined>, visibility: Visibility = DEFAULT_VISIBILITY): Promise<T> {
  const found = await findWithin(read, visibility);
  if (found === undefined) throw new Error(`${what} was created but did not become visible within ${Math.round(visibility.budgetMs / 1000)} s.`);
  return found;
}
