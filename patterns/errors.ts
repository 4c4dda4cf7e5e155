/**
 * Which API compiled the pattern: AWS words its generic syntax error per API
 * (`PutMetricFilter`/`TestMetricFilter`: "Invalid metric filter pattern"; `FilterLogEvents`:
 * "Invalid filter pattern"; spec §4.7 [obs]).
 */
export type PatternPurpose = 'metric' | 'filter';

const GENERIC_MESSAGE: Record<PatternPurpose, string> = {
  metric: 'Invalid metric filter pattern',
  filter: 'Invalid filter pattern',
};

/**
 * An invalid filter pattern or metric transformation. `message` is AWS's exact text (what an
 * emulator returns); `reason` says precisely what is wrong, for authors and the CLI.
 */
export class PatternSyntaxError extends Error {
  override readonly name = 'PatternSyntaxError';
  /** The AWS error code every API answers with for a bad pattern. */
  readonly code = 'InvalidParameterException';
  /** HTTP status of that AWS error. */
  readonly status = 400;
  /** True when `message` is the generic per-API text (and can be reworded for another API). */
  readonly generic: boolean;

  constructor(message: string, readonly reason: string, generic = false) {
    super(message);
    this.generic = generic;
  }

  /** The same error worded for another API (only the generic message changes). */
  forPurpose(purpose: PatternPurpose): PatternSyntaxError {
    return this.generic ? new PatternSyntaxError(GENERIC_MESSAGE[purpose], this.reason, true) : this;
  }
}

/** Throws the generic "Invalid metric filter pattern" error with a precise reason. */
export function invalidPattern(reason: string): never {
  throw new PatternSyntaxError(GENERIC_MESSAGE.metric, reason, true);
}

/** Throws AWS's error for an unquoted term with characters other than letters, digits and `_`. */
export function invalidTerm(term: string): never {
  throw new PatternSyntaxError(
    `Invalid character(s) in term '${term}'`,
    `the term '${term}' has characters other than letters, digits and '_'; put it in double quotes`,
  );
}
