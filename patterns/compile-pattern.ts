import { compileAwsRegex } from './aws-regex';
import { CompiledPattern, noMatch } from './compiled-pattern';
import { invalidPattern, PatternPurpose, PatternSyntaxError } from './errors';
import { compileJsonPattern } from './json-pattern';
import { compileSpacePattern } from './space-pattern';
import { compileTermsPattern } from './terms-pattern';

/** The longest filter pattern the APIs accept (spec §4.7: filterPattern 0–1024 characters). */
export const MAX_PATTERN_LENGTH = 1024;

/** Options of `compilePattern`. */
export interface CompileOptions {
  /** Which API the pattern is for; only changes the wording of the generic error. Default 'metric'. */
  purpose?: PatternPurpose;
}

/**
 * Compiles a CloudWatch Logs filter pattern once, to match many events (spec §4). Throws
 * `PatternSyntaxError` (code InvalidParameterException, AWS's message) when it is invalid.
 */
export function compilePattern(text: string, options: CompileOptions = {}): CompiledPattern {
  try {
    return compileByKind(text);
  } catch (err) {
    if (err instanceof PatternSyntaxError) throw err.forPurpose(options.purpose ?? 'metric');
    throw err;
  }
}

function compileByKind(text: string): CompiledPattern {
  if (text.length > MAX_PATTERN_LENGTH) invalidPattern(`a filter pattern can be at most ${MAX_PATTERN_LENGTH} characters; this one has ${text.length}`);
  const t = text.trim();
  // Spec §4.1: "" and " " (and the console's blank field) match every event.
  if (t === '') return matchAll(text);
  if (t.startsWith('{')) {
    if (!t.endsWith('}')) invalidPattern(`a JSON pattern starts with '{' and must end with '}'`);
    return compileJsonPattern(text, t.slice(1, -1));
  }
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) invalidPattern(`a space-delimited pattern starts with '[' and must end with ']'`);
    return compileSpacePattern(text, t.slice(1, -1));
  }
  if (t.startsWith('%')) {
    if (t.length < 2 || !t.endsWith('%') || t.indexOf('%', 1) !== t.length - 1) {
      invalidPattern(`a regular expression pattern is one %regex%, with no % inside (write % as \\x25)`);
    }
    return regexPattern(text, compileAwsRegex(t.slice(1, -1)));
  }
  return compileTermsPattern(text);
}

function matchAll(text: string): CompiledPattern {
  return {
    kind: 'all', text, regexCount: 0, supportsDimensions: false, fieldNames: [],
    test: () => true,
    match: () => ({ matched: true, extractedValues: {} }),
  };
}

/** A standalone `%regex%`: an unanchored search in the whole message (spec §4.5). */
function regexPattern(text: string, re: RegExp): CompiledPattern {
  const test = (m: string): boolean => re.test(m);
  return {
    kind: 'regex', text, regexCount: 1, supportsDimensions: false, fieldNames: [],
    test,
    match: (m) => (test(m) ? { matched: true, extractedValues: {} } : noMatch()),
  };
}
