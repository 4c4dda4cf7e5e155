import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/** Runs `fn` with `stepId` as the current step, so AWS calls made inside are counted against it. */
export function withStep<T>(stepId: string, fn: () => Promise<T>): Promise<T> {
  return scope.run(stepId, fn);
}

/** The step the current async context belongs to (`setup` outside any step). */
export function currentStepId(): string {
  return scope.getStore() ?? 'setup';
}
