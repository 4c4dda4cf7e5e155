/** Exit codes of the CLI contract (architecture §3). */
export const ExitCode = { ok: 0, notPassed: 1, usage: 2 } as const;

/**
 * A usage, configuration or environment error: the CLI prints its one-line message (which names
 * the fix) and exits 2. Anything else that escapes is a bug and is reported as such.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message);
  }
}

/** Returns the message of anything thrown, without a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
