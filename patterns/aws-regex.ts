import { invalidPattern } from './errors';

/** At most this many `%regex%` in one filter pattern (spec §4.5). */
export const MAX_REGEXES_PER_PATTERN = 2;

// Spec §4.5: letters, digits, the symbols `: _ # = @ / ; , -` and the operators `^ $ ? [ ] { } | \ * + .`.
const ALLOWED = /^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+.]$/;
// Escapes with a meaning of their own; any other escaped letter or digit (`\b`, `\n`, `\1`) is not
// in AWS's documented subset, so it is rejected rather than given JavaScript's meaning.
const CLASS_ESCAPES = 'dDsSwW';

/**
 * Compiles the body of a `%regex%` (without the percent signs) in AWS's subset into a JavaScript
 * RegExp with the same meaning: an unanchored search, `\xhh`, `\d\D\s\S\w\W`, `{m,n}` with either
 * end optional, top-level `|`; no `(` `)`, no multi-byte characters.
 */
export function compileAwsRegex(body: string): RegExp {
  if (body.length === 0) invalidPattern('a regular expression between % signs is empty');
  let out = '';
  let inClass = false; // inside [...], '{' is an ordinary character
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass && body[i - 1] !== '[' && !(body[i - 1] === '^' && body[i - 2] === '[')) inClass = false;
    if (ch === '\\') {
      const next = body[i + 1];
      if (next === undefined) invalidPattern(`the regular expression %${body}% ends with a lone backslash`);
      if (next === 'x') {
        const hex = body.slice(i + 2, i + 4);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) invalidPattern(`\\x in %${body}% must be followed by two hex digits`);
        out += `\\x${hex}`;
        i += 3;
        continue;
      }
      if (/[A-Za-z0-9]/.test(next) && !CLASS_ESCAPES.includes(next)) {
        invalidPattern(`the escape \\${next} in %${body}% is not supported; use \\xhh for a character`);
      }
      if (!ALLOWED.test(next)) invalidPattern(`the character '${next}' is not allowed in a regular expression; write it as \\x${hex2(next)}`);
      out += `\\${next}`;
      i += 1;
      continue;
    }
    if (ch === '{' && !inClass) {
      // {m,n} with either end optional; JavaScript has no {,n}, so it becomes {0,n}.
      const m = /^\{(\d*)(,?)(\d*)\}/.exec(body.slice(i));
      if (!m || (m[1] === '' && m[3] === '') || (m[2] === '' && m[3] !== '')) invalidPattern(`'{' in %${body}% must start a quantifier {m,n}`);
      out += `{${m[1] || '0'}${m[2]}${m[3]}}`;
      i += m[0].length - 1;
      continue;
    }
    if (!ALLOWED.test(ch)) {
      const what = ch === '(' || ch === ')' ? 'parentheses are not supported' : `the character '${ch}' is not allowed; write it as \\x${hex2(ch)}`;
      invalidPattern(`in the regular expression %${body}%, ${what}`);
    }
    out += ch;
  }
  try {
    return new RegExp(out);
  } catch (err) {
    return invalidPattern(`the regular expression %${body}% is not valid (${(err as Error).message})`);
  }
}

function hex2(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 256 ? code.toString(16).padStart(2, '0') : '??';
}

/** Reads a `%…%` regex starting at `text[at] === '%'`; returns the RegExp and the index after it. */
export function readRegex(text: string, at: number): { re: RegExp; end: number } {
  const close = text.indexOf('%', at + 1);
  if (close < 0) invalidPattern(`a regular expression starting with % at position ${at + 1} has no closing %`);
  return { re: compileAwsRegex(text.slice(at + 1, close)), end: close + 1 };
}

/** Enforces the quota of regexes per pattern. */
export function checkRegexQuota(count: number): void {
  if (count > MAX_REGEXES_PER_PATTERN) invalidPattern(`a filter pattern can contain at most ${MAX_REGEXES_PER_PATTERN} regular expressions; this one has ${count}`);
}
