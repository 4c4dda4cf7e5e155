import type { BinaryOp, Command, Expr, NamedExpr, Query, SortKey } from './ast';
import { FUNCTIONS } from './catalog';
import { InsightsSyntaxError } from './errors';
import { tokenize, type Token } from './lexer';
import { compileRegex } from './regex';
import { toPeriod } from './time';
import { validate } from './validate';

const COMMANDS = ['fields', 'display', 'filter', 'stats', 'sort', 'limit', 'parse', 'dedup'];
// Shaped like the ANTLR messages AWS returns ("mismatched input 'count' expecting {K_PARSE, …}").
const EXPECTING = `{${COMMANDS.map((c) => `K_${c.toUpperCase()}`).join(', ')}}`;
const KEYWORDS = new Set(['and', 'or', 'not', 'like', 'in', 'as', 'by', 'asc', 'desc']);
const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Parses a Logs Insights query into its commands; throws InsightsSyntaxError with offsets. */
export function parseQuery(text: string): Query {
  const parser = new Parser(text, tokenize(text));
  const commands = parser.parseCommands();
  validate(commands, text);
  return { text, commands };
}

class Parser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parseCommands(): Command[] {
    if (this.peek().kind === 'eof') throw new InsightsSyntaxError('The query is empty.', 0, this.text.length);
    const commands: Command[] = [];
    for (;;) {
      commands.push(this.parseCommand());
      const t = this.peek();
      if (t.kind === 'eof') return commands;
      if (isOp(t, '|')) {
        this.pos++;
        continue;
      }
      throw this.error(`extraneous input '${t.text}' expecting {<EOF>, '|'}`, t);
    }
  }

  private parseCommand(): Command {
    const t = this.next();
    const word = t.kind === 'ident' ? t.text.toLowerCase() : '';
    if (!COMMANDS.includes(word)) throw this.error(`mismatched input '${t.text || '<EOF>'}' expecting ${EXPECTING}`, t);
    const start = t.start;
    let cmd: Command;
    switch (word) {
      case 'fields':
        cmd = { kind: 'fields', items: this.namedList(true), start, end: 0 };
        break;
      case 'display':
        cmd = { kind: 'display', items: this.namedList(true), start, end: 0 };
        break;
      case 'filter':
        cmd = { kind: 'filter', expr: this.expr(), start, end: 0 };
        break;
      case 'stats': {
        const aggregates = this.namedList(true);
        let groupBy: NamedExpr[] = [];
        if (this.acceptWord('by')) groupBy = this.namedList(true);
        cmd = { kind: 'stats', aggregates, groupBy, start, end: 0 };
        break;
      }
      case 'sort':
        cmd = { kind: 'sort', keys: this.sortKeys(), start, end: 0 };
        break;
      case 'limit': {
        const n = this.next();
        if (n.kind !== 'number' || !Number.isInteger(n.num) || (n.num as number) < 1) {
          throw this.error(`The limit must be a positive whole number, not '${n.text || '<EOF>'}'.`, n);
        }
        cmd = { kind: 'limit', count: n.num as number, start, end: 0 };
        break;
      }
      case 'parse':
        cmd = this.parseParse(start);
        break;
      default:
        cmd = { kind: 'dedup', fields: this.namedList(false), start, end: 0 };
    }
    cmd.end = this.tokens[this.pos - 1].end;
    return cmd;
  }

  private parseParse(start: number): Command {
    let source: Expr = { kind: 'field', name: '@message', start, end: start };
    const first = this.peek();
    if (first.kind === 'ident' || first.kind === 'quoted') {
      this.pos++;
      source = { kind: 'field', name: first.text, start: first.start, end: first.end };
    }
    const pat = this.next();
    if (pat.kind === 'string') {
      if (!this.acceptWord('as')) throw this.error(`missing 'as' after the parse pattern`, this.peek());
      const names: string[] = [];
      do names.push(this.fieldName()); while (this.acceptOp(','));
      const stars = pat.text.split('*').length - 1;
      if (stars !== names.length) {
        throw this.error(`The parse pattern has ${stars} wildcard(s) but ${names.length} field name(s) follow 'as'.`, pat);
      }
      return { kind: 'parse', source, pattern: pat.text, mode: 'glob', names, start, end: 0 };
    }
    if (pat.kind === 'regex') {
      const { ignoreCase } = this.checkRegex(pat);
      const names = [...pat.text.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]);
      if (names.length === 0) throw this.error('The parse regular expression needs at least one named capturing group (?<name>…).', pat);
      return { kind: 'parse', source, pattern: pat.text, mode: 'regex', names, ignoreCase, start, end: 0 };
    }
    throw this.error(`mismatched input '${pat.text || '<EOF>'}' expecting a "glob * pattern" or a /regular expression/`, pat);
  }

  private namedList(allowExpr: boolean): NamedExpr[] {
    const items: NamedExpr[] = [];
    do {
      const expr = allowExpr ? this.expr() : this.fieldExpr();
      let alias: string | undefined;
      if (this.acceptWord('as')) alias = this.fieldName();
      const end = this.tokens[this.pos - 1].end;
      const name = alias ?? (expr.kind === 'field' ? expr.name : this.text.slice(expr.start, expr.end));
      items.push({ expr, name, alias, start: expr.start, end });
    } while (this.acceptOp(','));
    return items;
  }

  private sortKeys(): SortKey[] {
    const keys: SortKey[] = [];
    do {
      const expr = this.expr();
      // Not established: AWS's default direction without asc/desc. Descending, like the default @timestamp order.
      let descending = true;
      if (this.acceptWord('asc')) descending = false;
      else this.acceptWord('desc');
      const name = expr.kind === 'field' ? expr.name : this.text.slice(expr.start, expr.end);
      keys.push({ expr, name, descending, start: expr.start, end: this.tokens[this.pos - 1].end });
    } while (this.acceptOp(','));
    return keys;
  }

  // ---- expressions, lowest precedence first ----

  expr(): Expr {
    let left = this.andExpr();
    while (this.acceptWord('or')) left = bin('or', left, this.andExpr());
    return left;
  }

  private andExpr(): Expr {
    let left = this.notExpr();
    while (this.acceptWord('and')) left = bin('and', left, this.notExpr());
    return left;
  }

  private notExpr(): Expr {
    const t = this.peek();
    if (isWord(t, 'not') || isOp(t, '!')) {
      this.pos++;
      const operand = this.notExpr();
      return { kind: 'unary', op: 'not', operand, start: t.start, end: operand.end };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const t = this.peek();
    if (t.kind === 'op' && COMPARISONS.has(t.text)) {
      this.pos++;
      return bin(t.text as BinaryOp, left, this.additive());
    }
    if (isOp(t, '=~')) {
      this.pos++;
      const pattern = this.patternOperand(true);
      return { kind: 'match', operand: left, pattern, start: left.start, end: pattern.end };
    }
    let negated = false;
    if (isWord(t, 'not') && (isWord(this.peek(1), 'like') || isWord(this.peek(1), 'in'))) {
      negated = true;
      this.pos++;
    }
    const u = this.peek();
    if (isWord(u, 'like')) {
      this.pos++;
      const pattern = this.patternOperand(false);
      return { kind: 'like', negated, operand: left, pattern, start: left.start, end: pattern.end };
    }
    if (isWord(u, 'in')) {
      this.pos++;
      const list = this.additive();
      return { kind: 'in', negated, operand: left, list, start: left.start, end: list.end };
    }
    return left;
  }

  private patternOperand(regexOnly: boolean): Expr {
    const t = this.peek();
    if (t.kind === 'regex' || t.kind === 'string') return this.primary();
    if (regexOnly) throw this.error(`mismatched input '${t.text || '<EOF>'}' expecting a /regular expression/`, t);
    return this.additive();
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (!isOp(t, '+') && !isOp(t, '-')) return left;
      this.pos++;
      left = bin(t.text as BinaryOp, left, this.multiplicative());
    }
  }

  private multiplicative(): Expr {
    let left = this.power();
    for (;;) {
      const t = this.peek();
      if (!isOp(t, '*') && !isOp(t, '/') && !isOp(t, '%')) return left;
      this.pos++;
      left = bin(t.text as BinaryOp, left, this.power());
    }
  }

  private power(): Expr {
    const base = this.unary();
    if (!this.acceptOp('^')) return base;
    return bin('^', base, this.power());
  }

  private unary(): Expr {
    const t = this.peek();
    if (isOp(t, '-')) {
      this.pos++;
      const operand = this.unary();
      if (operand.kind === 'number') return { ...operand, value: -operand.value, start: t.start };
      return { kind: 'unary', op: '-', operand, start: t.start, end: operand.end };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.num as number, start: t.start, end: t.end };
      case 'duration':
        toPeriod(t.num as number, t.unit as string, t.start, t.end); // rejects unknown units now, not at run time
        return { kind: 'duration', amount: t.num as number, unit: t.unit as string, start: t.start, end: t.end };
      case 'string':
        return { kind: 'string', value: t.text, start: t.start, end: t.end };
      case 'regex': {
        const { source, ignoreCase } = this.checkRegex(t);
        return { kind: 'regex', source, ignoreCase, start: t.start, end: t.end };
      }
      case 'quoted':
        return { kind: 'field', name: t.text, start: t.start, end: t.end };
      case 'ident':
        if (isOp(this.peek(), '(')) return this.call(t);
        if (KEYWORDS.has(t.text.toLowerCase())) throw this.error(`mismatched input '${t.text}' expecting an expression`, t);
        return { kind: 'field', name: t.text, start: t.start, end: t.end };
      case 'op':
        if (t.text === '(') {
          const inner = this.expr();
          this.expectOp(')');
          return inner;
        }
        if (t.text === '[') {
          const items: Expr[] = [];
          if (!isOp(this.peek(), ']')) {
            do items.push(this.expr());
            while (this.acceptOp(','));
          }
          const close = this.expectOp(']');
          return { kind: 'list', items, start: t.start, end: close.end };
        }
        break;
      default:
    }
    throw this.error(`mismatched input '${t.text || '<EOF>'}' expecting an expression`, t);
  }

  private call(nameTok: Token): Expr {
    const name = nameTok.text.toLowerCase();
    this.expectOp('(');
    const args: Expr[] = [];
    if (!isOp(this.peek(), ')')) {
      do {
        const t = this.peek();
        if (isOp(t, '*') && isOp(this.peek(1), ')')) {
          this.pos++;
          args.push({ kind: 'star', start: t.start, end: t.end });
        } else {
          args.push(this.expr());
        }
      } while (this.acceptOp(','));
    }
    const close = this.expectOp(')');
    const sig = FUNCTIONS[name];
    if (!sig) throw this.error(`Unknown function '${nameTok.text}'.`, nameTok);
    if (args.length < sig.min || args.length > sig.max) {
      const want = sig.min === sig.max ? `${sig.min}` : sig.max === Infinity ? `at least ${sig.min}` : `${sig.min} to ${sig.max}`;
      throw new InsightsSyntaxError(`The function ${nameTok.text} takes ${want} argument(s), not ${args.length}.`, nameTok.start, close.end);
    }
    return { kind: 'call', name, args, start: nameTok.start, end: close.end };
  }

  private checkRegex(t: Token): { source: string; ignoreCase: boolean } {
    try {
      const compiled = compileRegex(t.text);
      return { source: compiled.source, ignoreCase: compiled.ignoreCase };
    } catch (e) {
      throw this.error(`Invalid regular expression: ${(e as Error).message}`, t);
    }
  }

  private fieldExpr(): Expr {
    const t = this.next();
    if (t.kind !== 'ident' && t.kind !== 'quoted') throw this.error(`mismatched input '${t.text || '<EOF>'}' expecting a field name`, t);
    return { kind: 'field', name: t.text, start: t.start, end: t.end };
  }

  private fieldName(): string {
    const t = this.next();
    if ((t.kind === 'ident' && !KEYWORDS.has(t.text.toLowerCase())) || t.kind === 'quoted') return t.text;
    throw this.error(`mismatched input '${t.text || '<EOF>'}' expecting a field name`, t);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private acceptWord(word: string): boolean {
    if (!isWord(this.peek(), word)) return false;
    this.pos++;
    return true;
  }

  private acceptOp(op: string): boolean {
    if (!isOp(this.peek(), op)) return false;
    this.pos++;
    return true;
  }

  private expectOp(op: string): Token {
    const t = this.peek();
    if (!isOp(t, op)) throw this.error(`missing '${op}' at '${t.text || '<EOF>'}'`, t);
    this.pos++;
    return t;
  }

  private error(message: string, t: Token): InsightsSyntaxError {
    return new InsightsSyntaxError(message, t.start, Math.max(t.end, t.start + (t.kind === 'eof' ? 0 : 1)));
  }
}

function bin(op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, start: left.start, end: right.end };
}

function isWord(t: Token, word: string): boolean {
  return t.kind === 'ident' && t.text.toLowerCase() === word;
}

function isOp(t: Token, op: string): boolean {
  return t.kind === 'op' && t.text === op;
}
