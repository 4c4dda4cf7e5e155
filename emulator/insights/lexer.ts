import { InsightsSyntaxError } from './errors';

/** A token kind. `ident` covers keywords too; `quoted` is an identifier written in backticks. */
export type TokenKind = 'ident' | 'quoted' | 'number' | 'duration' | 'string' | 'regex' | 'op' | 'eof';

/** One token with its [start, end) span in the query text. */
export interface Token {
  kind: TokenKind;
  /** Identifier name, operator text, string contents, regex source or number text. */
  text: string;
  start: number;
  end: number;
  /** For numbers and durations: the numeric amount. */
  num?: number;
  /** For durations: the unit as written (`m`, `h`, `min`…). */
  unit?: string;
}

const OPERATORS = ['!=', '<=', '>=', '=~', '|', ',', '(', ')', '[', ']', '=', '<', '>', '+', '-', '*', '/', '%', '^', '!'];
const IDENT_START = /[A-Za-z_@$]/;
const IDENT_PART = /[A-Za-z0-9_@.$]/;
// A `/` opens a regex unless it follows a value (then it is division). `like` and `parse <field>`
// are the keyword cases where a regex follows an identifier.
const VALUE_END: ReadonlySet<TokenKind> = new Set(['ident', 'quoted', 'number', 'duration', 'string', 'regex']);

/** Splits a query into tokens, dropping `#` comments (to the end of the line) and whitespace. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (IDENT_START.test(c)) {
      while (i < n && IDENT_PART.test(text[i])) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) throw new InsightsSyntaxError('The backticked field name is not closed.', start, n);
      i = close + 1;
      tokens.push({ kind: 'quoted', text: text.slice(start + 1, close), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      while (i < n && /[0-9]/.test(text[i])) i++;
      if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < n && /[0-9]/.test(text[i])) i++;
      }
      if (/[eE]/.test(text[i] ?? '') && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < n && /[0-9]/.test(text[i])) i++;
      }
      const numText = text.slice(start, i);
      if (/[A-Za-z]/.test(text[i] ?? '')) {
        const unitStart = i;
        while (i < n && /[A-Za-z]/.test(text[i])) i++;
        tokens.push({ kind: 'duration', text: text.slice(start, i), start, end: i, num: Number(numText), unit: text.slice(unitStart, i) });
      } else {
        tokens.push({ kind: 'number', text: numText, start, end: i, num: Number(numText) });
      }
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) throw new InsightsSyntaxError('The string is not closed.', start, n);
        const d = text[i];
        if (d === c) break;
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: value, start, end: i });
      continue;
    }
    if (c === '/' && regexAllowed(tokens)) {
      let source = '';
      i++;
      for (;;) {
        if (i >= n || text[i] === '\n') throw new InsightsSyntaxError('The regular expression is not closed.', start, i);
        const d = text[i];
        if (d === '/') break;
        if (d === '\\' && i + 1 < n) {
          // `\/` is an escaped delimiter; other escapes belong to the regex itself.
          source += text[i + 1] === '/' ? '/' : d + text[i + 1];
          i += 2;
          continue;
        }
        source += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'regex', text: source, start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new InsightsSyntaxError(`Unexpected character '${c}'.`, start, start + 1);
    i += op.length;
    tokens.push({ kind: 'op', text: op, start, end: i });
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n });
  return tokens;
}

function regexAllowed(tokens: Token[]): boolean {
  const prev = tokens[tokens.length - 1];
  if (!prev) return true;
  if (prev.kind === 'ident') {
    const word = prev.text.toLowerCase();
    if (word === 'like' || word === 'parse') return true;
    const before = tokens[tokens.length - 2];
    return before?.kind === 'ident' && before.text.toLowerCase() === 'parse';
  }
  if (prev.kind === 'quoted') {
    const before = tokens[tokens.length - 2];
    return before?.kind === 'ident' && before.text.toLowerCase() === 'parse';
  }
  if (VALUE_END.has(prev.kind)) return false;
  return !(prev.kind === 'op' && (prev.text === ')' || prev.text === ']'));
}
