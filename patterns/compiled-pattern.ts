/** The kinds of filter pattern (spec §4.1). */
export type PatternKind = 'all' | 'terms' | 'space' | 'json' | 'regex';

/** What `match()` reports for one event, as TestMetricFilter does. */
export interface PatternMatch {
  matched: boolean;
  /** `{"$name": "raw value"}`; `{}` when the event does not match or the pattern has no fields. */
  extractedValues: Record<string, string>;
}

/** A filter pattern compiled once and matched against many events. */
export interface CompiledPattern {
  readonly kind: PatternKind;
  /** The pattern as given. */
  readonly text: string;
  /** How many `%regex%` the pattern contains (quota: 2 per pattern, 5 regex patterns per log group). */
  readonly regexCount: number;
  /** Whether a metric filter with this pattern may have dimensions (space-delimited and JSON only). */
  readonly supportsDimensions: boolean;
  /**
   * Field references a metric value or dimension may use: `$name` for each named field of a
   * space-delimited pattern, `$.path` for each selector of a JSON pattern; empty otherwise.
   */
  readonly fieldNames: readonly string[];
  /** True when the event matches; the hot path (no extraction). */
  test(message: string): boolean;
  /** Matches and extracts the values TestMetricFilter reports. */
  match(message: string): PatternMatch;
}

/** A fresh "did not match" result (fresh, so a caller may change it without touching others). */
export function noMatch(): PatternMatch {
  return { matched: false, extractedValues: {} };
}
