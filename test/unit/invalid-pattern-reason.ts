import { compilePattern, PatternSyntaxError } from '../../patterns';

/**
 * Compiles a pattern that must be refused and returns the refusal's detailed reason, after checking
 * it carries the generic message and the AWS code every API answers a bad pattern with.
 */
export function invalidPatternReason(pattern: string): string {
  try {
    compilePattern(pattern);
  } catch (err) {
    expect(err).toBeInstanceOf(PatternSyntaxError);
    expect((err as PatternSyntaxError).message).toBe('Invalid metric filter pattern');
    expect((err as PatternSyntaxError).code).toBe('InvalidParameterException');
    return (err as PatternSyntaxError).reason;
  }
  throw new Error(`pattern ${pattern} compiled but should not`);
}
