/**
 * A small SQL tokenizer shared by the DDL parser and the Trino → DuckDB rewriter. It keeps every
 * character (whitespace and comments are tokens too) so a rewrite can re-join the tokens and keep
 * the original layout, and every token knows its 1-based line and column for Trino-style
 * `line L:C:` error positions.
 */

export type TokenKind = 'ident' | 'quoted' | 'backtick' | 'string' | 'number' | 'op' | 'ws' | 'comment';

export interface Token {
  kind: TokenKind;
  /** The exact source text. */
  text: string;
  /** For identifiers the name (unquoted, lowercased unless quoted); for strings the unescaped value. */
  value: string;
  line: number;
  col: number;
  pos: number;
}

const TWO_CHAR_OPS = ['<>', '!=', '<=', '>=', '||', '::', '=>', '->'];

/** Splits SQL into tokens; an unterminated string or quoted name ends at the end of the input. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < sql.length) {
    const start = i;
    const startLine = line;
    const col = i - lineStart + 1;
    const c = sql[i];
    let kind: TokenKind;
    let value: string | undefined;
    if (/\s/.test(c)) {
      while (i < sql.length && /\s/.test(sql[i])) i++;
      kind = 'ws';
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      kind = 'comment';
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      kind = 'comment';
    } else if (c === "'" || c === '"' || c === '`') {
      // Doubled quote characters escape themselves, in strings and quoted identifiers alike.
      let v = '';
      i++;
      while (i < sql.length) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) {
            v += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += sql[i++];
      }
      kind = c === "'" ? 'string' : c === '"' ? 'quoted' : 'backtick';
      value = kind === 'string' ? v : v;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      while (i < sql.length && /[0-9.]/.test(sql[i])) i++;
      if (/[eE]/.test(sql[i] ?? '') && /[-+0-9]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < sql.length && /[0-9]/.test(sql[i])) i++;
      }
      kind = 'number';
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < sql.length && /[A-Za-z0-9_$]/.test(sql[i])) i++;
      kind = 'ident';
      value = sql.slice(start, i).toLowerCase();
    } else {
      const two = sql.slice(i, i + 2);
      i += TWO_CHAR_OPS.includes(two) ? 2 : 1;
      kind = 'op';
    }
    const text = sql.slice(start, i);
    for (let k = start; k < i; k++) {
      if (sql[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    out.push({ kind, text, value: value ?? text, line: startLine, col, pos: start });
  }
  return out;
}

/** The tokens that carry meaning (no whitespace, no comments). */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
}

/** True when the token is the keyword `word` (case-insensitive, never a quoted name). */
export function isWord(t: Token | undefined, word: string): boolean {
  return !!t && t.kind === 'ident' && t.value === word;
}

/** True for a name token: a bare, double-quoted or backticked identifier. */
export function isName(t: Token | undefined): boolean {
  return !!t && (t.kind === 'ident' || t.kind === 'quoted' || t.kind === 'backtick');
}
