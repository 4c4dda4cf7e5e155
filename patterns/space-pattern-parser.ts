import { readRegex } from './aws-regex';
import { invalidPattern } from './errors';
import { allTests, anyTests, CompareOp, exactTest, globTest, isNumberText, notTest, numberTest, parseNumberRange, RangeTest, regexTest } from './value-tests';

/** One comma-separated slot of a space-delimited pattern. */
export type Slot =
  | { kind: 'ellipsis' }
  /** `name` is null for an empty slot (the trailing `,]` of FP-2021's example). */
  | { kind: 'field'; name: string | null; test: RangeTest | null };

/** The parsed pattern: its slots and how many `%regex%` it used. */
export interface SpacePattern {
  slots: Slot[];
  regexCount: number;
}

const NAME = /[A-Za-z0-9_]/;
// A bare value runs up to whitespace or a character that ends it or starts an operator.
const BARE_STOP = new Set([' ', '\t', ',', '&', '|', '"', '%', '=', '!', '<', '>', '[', ']', '(', ')']);
const OPS: CompareOp[] = ['!=', '>=', '<=', '=', '>', '<'];

/** Parses the text between `[` and `]` of a space-delimited pattern (spec §4.3). */
export function parseSpacePattern(inner: string): SpacePattern {
  const p = new SlotParser(inner);
  const slots: Slot[] = [];
  for (;;) {
    p.skipWs();
    if (p.peek() === ',' || p.atEnd()) {
      if (p.atEnd() && slots.length === 0) invalidPattern('a space-delimited pattern needs at least one field name between [ and ]');
      slots.push({ kind: 'field', name: null, test: null });
    } else if (p.text.startsWith('...', p.i)) {
      p.i += 3;
      slots.push({ kind: 'ellipsis' });
    } else {
      slots.push(p.field());
    }
    p.skipWs();
    if (p.atEnd()) break;
    if (p.peek() !== ',') invalidPattern(`expected ',' between fields at position ${p.i + 2} of the pattern, found '${p.peek()}'`);
    p.i++;
    p.skipWs();
    if (p.atEnd()) {
      slots.push({ kind: 'field', name: null, test: null });
      break;
    }
  }
  return { slots, regexCount: p.regexCount };
}

class SlotParser {
  i = 0;
  regexCount = 0;
  constructor(readonly text: string) {}

  peek(): string { return this.text[this.i]; }
  atEnd(): boolean { return this.i >= this.text.length; }
  skipWs(): void { while (this.peek() === ' ' || this.peek() === '\t') this.i++; }

  name(): string {
    const start = this.i;
    while (!this.atEnd() && NAME.test(this.peek())) this.i++;
    if (this.i === start) invalidPattern(`expected a field name at position ${start + 2} of the pattern, found '${this.peek() ?? 'the end'}'`);
    return this.text.slice(start, this.i);
  }

  /** `name`, or `name OP value ((&&|\|\|) name OP value)*` on that same name. */
  field(): Slot {
    const name = this.name();
    this.skipWs();
    if (this.atEnd() || this.peek() === ',') return { kind: 'field', name, test: null };
    // OR of AND groups: && binds tighter than ||, as in JSON patterns.
    const groups: RangeTest[][] = [[this.condition()]];
    for (;;) {
      this.skipWs();
      const join = this.text.slice(this.i, this.i + 2);
      if (join !== '&&' && join !== '||') break;
      this.i += 2;
      this.skipWs();
      const other = this.name();
      if (other !== name) invalidPattern(`a condition can only join tests of one field; '${name}' and '${other}' are different fields (write one condition per field)`);
      this.skipWs();
      const cond = this.condition();
      if (join === '&&') groups[groups.length - 1].push(cond);
      else groups.push([cond]);
    }
    return { kind: 'field', name, test: anyTests(groups.map(allTests)) };
  }

  condition(): RangeTest {
    const op = OPS.find((o) => this.text.startsWith(o, this.i));
    if (!op) invalidPattern(`expected an operator (=, !=, <, >, <=, >=) at position ${this.i + 2} of the pattern, found '${this.peek() ?? 'the end'}'`);
    this.i += op.length;
    this.skipWs();
    const ch = this.peek();
    if (ch === '%') {
      if (op !== '=' && op !== '!=') invalidPattern(`a regular expression can only be compared with = or !=, not ${op}`);
      const { re, end } = readRegex(this.text, this.i);
      this.i = end;
      this.regexCount++;
      const t = regexTest(re);
      return op === '=' ? t : notTest(t);
    }
    if (ch === '"') return this.quoted(op);
    const start = this.i;
    while (!this.atEnd() && !BARE_STOP.has(this.peek())) this.i++;
    const value = this.text.slice(start, this.i);
    if (value === '') invalidPattern(`expected a value after ${op} at position ${start + 2} of the pattern`);
    if (isNumberText(value)) return numericEquality(op, value);
    if (op !== '=' && op !== '!=') invalidPattern(`${op} needs a number, not '${value}'`);
    const t = globTest(value);
    return op === '=' ? t : notTest(t);
  }

  quoted(op: CompareOp): RangeTest {
    const close = this.text.indexOf('"', this.i + 1);
    if (close < 0) invalidPattern(`the quoted value at position ${this.i + 2} of the pattern has no closing double quote`);
    const value = this.text.slice(this.i + 1, close);
    this.i = close + 1;
    if (op !== '=' && op !== '!=') {
      if (!isNumberText(value)) invalidPattern(`${op} needs a number, not '"${value}"'`);
      return numberTest(op, Number(value));
    }
    // A quoted value is a string comparison (the lab's destport="22"); `*` still wildcards.
    const t = globTest(value);
    return op === '=' ? t : notTest(t);
  }
}

/**
 * An unquoted number. Ordering operators compare numerically. For = and != a numeric field is
 * compared as a number (`bytes = 400` matches `400.0`) and any other field as text; that choice
 * is ours, AWS does not document mixed cases.
 */
function numericEquality(op: CompareOp, text: string): RangeTest {
  const n = Number(text);
  if (op !== '=' && op !== '!=') return numberTest(op, n);
  const asText = exactTest(text);
  const eq: RangeTest = (m, s, e) => {
    const v = parseNumberRange(m, s, e);
    return v === v ? v === n : asText(m, s, e);
  };
  return op === '=' ? eq : notTest(eq);
}
