// AWS runs Insights regexes on Hyperscan (PCRE-like). We run them on JavaScript's engine after
// translating the few PCRE spellings that differ: a leading `(?i)` flag and `(?P<name>…)` groups.

/** A regex translated for JavaScript. */
export interface CompiledRegex {
  source: string;
  ignoreCase: boolean;
  regex: RegExp;
}

/** Translates an Insights regex to a JavaScript RegExp; throws SyntaxError when it is not valid. */
export function compileRegex(pattern: string, forceIgnoreCase = false): CompiledRegex {
  let source = pattern;
  let ignoreCase = forceIgnoreCase;
  if (source.startsWith('(?i)')) {
    ignoreCase = true;
    source = source.slice(4);
  }
  source = source.replace(/\(\?P</g, '(?<');
  return { source, ignoreCase, regex: new RegExp(source, ignoreCase ? 'i' : '') };
}
