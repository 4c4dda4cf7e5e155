import { checkRegexQuota, readRegex } from './aws-regex';
import { CompiledPattern, noMatch, PatternMatch } from './compiled-pattern';
import { invalidPattern } from './errors';
import { MAX_WILDCARDS_PER_PATTERN, parseJsonEvent, readSelector, resolveSelector, Selector, visitSelector } from './json-selector';
import { affixTest, CompareOp, isNumberText, RangeTest, regexTest } from './value-tests';

type Eval = (root: object) => boolean;
type NodeTest = (node: unknown) => boolean;

const OPS: CompareOp[] = ['!=', '>=', '<=', '=', '>', '<'];
// Unquoted strings: letters, digits, `_`, plus what the docs show unquoted (`123.123.*`, `-1`).
const BARE = /^[A-Za-z0-9_.*+:\-/]+$/;
const BARE_STOP = /[\s()&|]/;

/** Compiles a JSON pattern `{ SELECTOR OP VALUE … }` with &&, ||, parentheses (spec §4.4). */
export function compileJsonPattern(text: string, inner: string): CompiledPattern {
  const parser = new JsonParser(inner);
  parser.ws();
  if (parser.atEnd()) invalidPattern('a JSON pattern needs a condition between { and }, like { $.eventType = "UpdateTrail" }');
  const root = parser.or();
  parser.ws();
  if (!parser.atEnd()) invalidPattern(`unexpected '${inner.slice(parser.i, parser.i + 10)}' at position ${parser.i + 2} of the pattern`);
  const wildcards = parser.selectors.reduce((n, s) => n + s.wildcards, 0);
  if (wildcards > MAX_WILDCARDS_PER_PATTERN) invalidPattern(`the pattern has ${wildcards} wildcards; a pattern can have at most ${MAX_WILDCARDS_PER_PATTERN}`);
  checkRegexQuota(parser.regexCount);
  const plain = dedupe(parser.selectors.filter((s) => s.wildcards === 0));
  const test = (m: string): boolean => {
    const doc = parseJsonEvent(m);
    return doc !== undefined && root(doc);
  };
  return {
    kind: 'json',
    text,
    regexCount: parser.regexCount,
    supportsDimensions: true,
    fieldNames: plain.map((s) => s.text),
    test,
    match: (m: string): PatternMatch => {
      const doc = parseJsonEvent(m);
      if (doc === undefined || !root(doc)) return noMatch();
      return { matched: true, extractedValues: extractJson(doc, plain) };
    },
  };
}

/**
 * AWS does not document extractedValues for JSON patterns (spec §8). Our choice: each
 * wildcard-free selector of the pattern that reaches a scalar, keyed by the selector as written
 * (`{"$.latency": "250"}`), the value as text; selectors reaching nothing, objects or arrays are left out.
 */
function extractJson(doc: object, selectors: Selector[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of selectors) {
    const v = resolveSelector(doc, s.steps);
    const t = scalarText(v);
    if (t !== undefined || v === null) out[s.text] = t ?? 'null';
  }
  return out;
}

function dedupe(selectors: Selector[]): Selector[] {
  const seen = new Map<string, Selector>();
  for (const s of selectors) if (!seen.has(s.text)) seen.set(s.text, s);
  return [...seen.values()];
}

/** The text of a string, number or boolean node; undefined for null, objects, arrays and missing. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

class JsonParser {
  i = 0;
  regexCount = 0;
  readonly selectors: Selector[] = [];
  constructor(readonly text: string) {}

  atEnd(): boolean { return this.i >= this.text.length; }
  ws(): void { while (!this.atEnd() && /\s/.test(this.text[this.i])) this.i++; }
  eat(s: string): boolean {
    this.ws();
    if (!this.text.startsWith(s, this.i)) return false;
    this.i += s.length;
    return true;
  }

  // Precedence: () > && > || (FP-2021).
  or(): Eval {
    const parts = [this.and()];
    while (this.eat('||')) parts.push(this.and());
    return parts.length === 1 ? parts[0] : (d) => parts.some((p) => p(d));
  }

  and(): Eval {
    const parts = [this.primary()];
    while (this.eat('&&')) parts.push(this.primary());
    return parts.length === 1 ? parts[0] : (d) => parts.every((p) => p(d));
  }

  primary(): Eval {
    if (this.eat('(')) {
      const inner = this.or();
      if (!this.eat(')')) invalidPattern(`a '(' in the pattern has no matching ')'`);
      return inner;
    }
    this.ws();
    if (this.text[this.i] !== '$') invalidPattern(`expected a selector like $.field at position ${this.i + 2} of the pattern, found '${this.text.slice(this.i, this.i + 10) || 'the end'}'`);
    const { selector, end } = readSelector(this.text, this.i);
    this.i = end;
    this.selectors.push(selector);
    return this.condition(selector);
  }

  condition(sel: Selector): Eval {
    const steps = sel.steps;
    const keyword = this.keyword();
    if (keyword === 'IS') {
      const what = this.keyword();
      if (what === 'NOT') invalidPattern(`'IS NOT' is not supported; use IS NULL, IS TRUE, IS FALSE or NOT EXISTS`);
      const want = what === 'NULL' ? null : what === 'TRUE' ? true : what === 'FALSE' ? false : invalidPattern(`'IS ${what}' is not supported; use IS NULL, IS TRUE or IS FALSE`);
      return (d) => visitSelector(d, steps, (n) => n === want);
    }
    if (keyword === 'NOT') {
      if (this.keyword() !== 'EXISTS') invalidPattern(`after NOT only EXISTS is supported (NOT EXISTS)`);
      return (d) => !visitSelector(d, steps, () => true);
    }
    if (keyword === 'EXISTS') invalidPattern(`'EXISTS' is not supported; use { ${sel.text} = * } or NOT EXISTS`);
    if (keyword !== '') invalidPattern(`unexpected '${keyword}' after ${sel.text}`);
    this.ws();
    const op = OPS.find((o) => this.text.startsWith(o, this.i));
    if (!op) invalidPattern(`expected an operator after ${sel.text} (=, !=, <, >, <=, >=, IS NULL, NOT EXISTS)`);
    this.i += op.length;
    const test = this.value(op);
    return (d) => visitSelector(d, steps, test);
  }

  /** An upper-case word at the cursor, or '' (then the cursor does not move). */
  keyword(): string {
    this.ws();
    const m = /^[A-Z]+(?![A-Za-z0-9_])/.exec(this.text.slice(this.i));
    if (!m || !['IS', 'NOT', 'NULL', 'TRUE', 'FALSE', 'EXISTS'].includes(m[0])) return '';
    this.i += m[0].length;
    return m[0];
  }

  value(op: CompareOp): NodeTest {
    this.ws();
    const ch = this.text[this.i];
    let str: RangeTest;
    if (ch === '%') {
      if (op !== '=' && op !== '!=') invalidPattern(`a regular expression can only be compared with = or !=, not ${op}`);
      const { re, end } = readRegex(this.text, this.i);
      this.i = end;
      this.regexCount++;
      str = regexTest(re);
    } else if (ch === '"') {
      const close = this.text.indexOf('"', this.i + 1);
      if (close < 0) invalidPattern(`the quoted value at position ${this.i + 2} of the pattern has no closing double quote`);
      const v = this.text.slice(this.i + 1, close);
      this.i = close + 1;
      if (op !== '=' && op !== '!=') return numberNodeTest(op, numberOrFail(op, v));
      str = affixTest(v);
    } else {
      const start = this.i;
      while (!this.atEnd() && !BARE_STOP.test(this.text[this.i])) this.i++;
      const v = this.text.slice(start, this.i);
      if (v === '') invalidPattern(`expected a value after ${op} at position ${start + 2} of the pattern`);
      if (v === '*') {
        if (op !== '=') invalidPattern(`'*' (any value) can only be used with =`);
        // `{ $.latency = * }` matches any string, number or boolean (null is not a value here).
        return (n) => scalarText(n) !== undefined;
      }
      if (isNumberText(v)) return numberNodeTest(op, Number(v));
      if (op !== '=' && op !== '!=') numberOrFail(op, v);
      if (!BARE.test(v)) invalidPattern(`the value '${v}' must be in double quotes (only letters, digits and _ may be unquoted)`);
      str = affixTest(v);
    }
    // Strings: = and != compare the text of string, number and boolean nodes; null, objects and
    // arrays never match (FP-2021: both {$.users = 1} and {$.users != 1} fail on an array).
    return op === '='
      ? (n) => { const t = scalarText(n); return t !== undefined && str(t, 0, t.length); }
      : (n) => { const t = scalarText(n); return t !== undefined && !str(t, 0, t.length); };
  }
}

function numberOrFail(op: CompareOp, v: string): number {
  if (!isNumberText(v)) invalidPattern(`${op} needs a number, not '${v}'`);
  return Number(v);
}

/** Numeric comparison of a number node, or of a string node that holds a number. */
function numberNodeTest(op: CompareOp, n: number): NodeTest {
  const num = (node: unknown): number =>
    typeof node === 'number' ? node : typeof node === 'string' && isNumberText(node) ? Number(node) : NaN;
  switch (op) {
    case '=': return (x) => num(x) === n;
    case '!=': return (x) => { const v = num(x); return v === v && v !== n; };
    case '<': return (x) => num(x) < n;
    case '>': return (x) => num(x) > n;
    case '<=': return (x) => num(x) <= n;
    case '>=': return (x) => num(x) >= n;
  }
}
