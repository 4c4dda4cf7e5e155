import type { Expr } from './ast';
import { FUNCTIONS } from './catalog';
import { FLOW_INDEX, flowValue, isFlow, jsonOf } from './discovery';
import { InsightsSyntaxError } from './errors';
import { compileScalar, type Compiled } from './functions';
import { compileRegex } from './regex';
import type { Row } from './row';
import { compareValues, isNumeric, toNumber, toStr, truthy, valuesEqual, type Value } from './values';

type Fn = (r: Row) => Value;

/** What is defined at a point of the pipeline: fields created by earlier commands and which of them are times. */
export interface Scope {
  defined: Set<string>;
  time: Map<string, boolean>;
  /** The query text, so a call written like an earlier output column (`sort count(*) desc`) can read that column. */
  text?: string;
}

/** Handed an aggregate call inside stats; returns the evaluator of its finished value. */
export type AggregateHook = (call: Extract<Expr, { kind: 'call' }>) => Compiled;

const SYSTEM_TIME = new Set(['@timestamp', '@ingestionTime']);

/** Encodes an event's position as the opaque @ptr string. */
export function ptrOf(r: Row): string | undefined {
  const ev = r.ev;
  if (!ev) return undefined;
  return Buffer.from(JSON.stringify([ev.accountId, ev.logGroup, ev.logStream, ev.timestamp, r.index])).toString('base64url');
}

/** Decodes a @ptr made by ptrOf (for a future GetLogRecord), or undefined. */
export function decodePtr(ptr: string): { accountId: string; logGroup: string; logStream: string; timestamp: number; index: number } | undefined {
  try {
    const [accountId, logGroup, logStream, timestamp, index] = JSON.parse(Buffer.from(ptr, 'base64url').toString('utf8'));
    return { accountId, logGroup, logStream, timestamp, index };
  } catch {
    return undefined;
  }
}

/** Whether a field name is a timestamp in this scope. */
export function isTimeField(name: string, scope: Scope): boolean {
  return scope.time.get(name) ?? SYSTEM_TIME.has(name);
}

/** Reads a field by name: created fields first (when this scope defines it), then system and discovered fields. */
export function fieldAccessor(name: string, scope: Scope): Fn {
  const base = baseAccessor(name);
  if (!scope.defined.has(name)) return base;
  return (r) => {
    const x = r.ext;
    if (x !== null) {
      const v = x[name];
      if (v !== undefined) return v;
    }
    return base(r);
  };
}

function baseAccessor(name: string): Fn {
  switch (name) {
    case '@message':
      return (r) => r.ev?.message;
    case '@timestamp':
      return (r) => r.ev?.timestamp;
    case '@ingestionTime':
      return (r) => r.ev?.ingestionTime;
    case '@logStream':
      return (r) => r.ev?.logStream;
    case '@log':
      return (r) => (r.ev ? `${r.ev.accountId}:${r.ev.logGroup}` : undefined);
    case '@ptr':
      return ptrOf;
    default:
  }
  const idx = FLOW_INDEX[name];
  if (idx === undefined) {
    return (r) => {
      const j = r.json !== undefined ? r.json : jsonOf(r);
      return j === null ? undefined : j[name];
    };
  }
  return (r) => {
    if (r.flowState === 1 || (r.flowState === 0 && isFlow(r))) return flowValue(r, idx);
    const j = r.json !== undefined ? r.json : jsonOf(r);
    return j === null ? undefined : j[name];
  };
}

/** Compiles an expression to an evaluator. Aggregate calls are only legal when `onAggregate` is given (stats). */
export function compileExpr(e: Expr, scope: Scope, onAggregate?: AggregateHook): Compiled {
  const rec = (x: Expr): Compiled => compileExpr(x, scope, onAggregate);
  switch (e.kind) {
    case 'field':
      return { fn: fieldAccessor(e.name, scope), time: isTimeField(e.name, scope) };
    case 'number':
    case 'string': {
      const v = e.value;
      return { fn: () => v, time: false };
    }
    case 'unary': {
      const a = rec(e.operand).fn;
      if (e.op === 'not') return { fn: (r) => !truthy(a(r)), time: false };
      return { fn: (r) => arith(a(r), (n) => -n), time: false };
    }
    case 'binary':
      return compileBinary(e, rec);
    case 'like': {
      const a = rec(e.operand).fn;
      const test = patternTest(e.pattern, rec, false);
      const neg = e.negated;
      return { fn: (r) => test(r, a(r)) !== neg, time: false };
    }
    case 'match': {
      const a = rec(e.operand).fn;
      const test = patternTest(e.pattern, rec, true);
      return { fn: (r) => test(r, a(r)), time: false };
    }
    case 'in': {
      if (e.list.kind !== 'list') throw new InsightsSyntaxError('Expected a list such as ["a", "b"] after in.', e.list.start, e.list.end);
      const a = rec(e.operand).fn;
      const items = e.list.items.map((i) => rec(i).fn);
      const neg = e.negated;
      return {
        fn: (r) => {
          const v = a(r);
          if (v === undefined) return neg;
          for (const it of items) if (valuesEqual(v, it(r))) return !neg;
          return neg;
        },
        time: false,
      };
    }
    case 'call': {
      // After `stats count(*) by bin(5m)`, a later `count(*)` or `bin(5m)` means that output column.
      const asWritten = onAggregate ? undefined : scope.text?.slice(e.start, e.end);
      if (asWritten !== undefined && scope.defined.has(asWritten)) {
        return { fn: fieldAccessor(asWritten, scope), time: isTimeField(asWritten, scope) };
      }
      if (FUNCTIONS[e.name].aggregate) {
        if (!onAggregate) throw new InsightsSyntaxError(`The function ${e.name} can be used only in the stats command.`, e.start, e.end);
        return onAggregate(e);
      }
      return compileScalar(e, rec, fieldAccessor('@timestamp', scope));
    }
    case 'regex':
      throw new InsightsSyntaxError('A regular expression can be used only with like, =~ and parse.', e.start, e.end);
    case 'duration':
      throw new InsightsSyntaxError('A time period such as 5m can be used only in bin, datefloor and dateceil.', e.start, e.end);
    case 'list':
      throw new InsightsSyntaxError('A list can be used only after in or not in.', e.start, e.end);
    case 'star':
      throw new InsightsSyntaxError('* can be used only in count(*).', e.start, e.end);
  }
}

function compileBinary(e: Extract<Expr, { kind: 'binary' }>, rec: (x: Expr) => Compiled): Compiled {
  const l = rec(e.left);
  const r = rec(e.right);
  const a = l.fn;
  const b = r.fn;
  switch (e.op) {
    case 'and':
      return { fn: (x) => truthy(a(x)) && truthy(b(x)), time: false };
    case 'or':
      return { fn: (x) => truthy(a(x)) || truthy(b(x)), time: false };
    case '=':
      return { fn: (x) => valuesEqual(a(x), b(x)), time: false };
    case '!=':
      return {
        fn: (x) => {
          const u = a(x);
          const v = b(x);
          return u !== undefined && v !== undefined && !valuesEqual(u, v);
        },
        time: false,
      };
    case '<':
      return { fn: (x) => order(a(x), b(x), (c) => c < 0), time: false };
    case '<=':
      return { fn: (x) => order(a(x), b(x), (c) => c <= 0), time: false };
    case '>':
      return { fn: (x) => order(a(x), b(x), (c) => c > 0), time: false };
    case '>=':
      return { fn: (x) => order(a(x), b(x), (c) => c >= 0), time: false };
    case '+':
      // A time plus a number of ms stays a time (e.g. @timestamp + 60000).
      return { fn: (x) => arith2(a(x), b(x), (p, q) => p + q), time: l.time !== r.time };
    case '-':
      return { fn: (x) => arith2(a(x), b(x), (p, q) => p - q), time: l.time && !r.time };
    case '*':
      return { fn: (x) => arith2(a(x), b(x), (p, q) => p * q), time: false };
    case '/':
      return { fn: (x) => arith2(a(x), b(x), (p, q) => p / q), time: false };
    case '%':
      return { fn: (x) => arith2(a(x), b(x), (p, q) => p % q), time: false };
    case '^':
      return { fn: (x) => arith2(a(x), b(x), (p, q) => p ** q), time: false };
  }
}

// Comparisons with a missing side are false (not established; it matches SQL's null semantics).
function order(u: Value, v: Value, ok: (c: number) => boolean): boolean {
  if (u === undefined || v === undefined) return false;
  if (typeof u === 'number' && typeof v === 'number') return ok(u < v ? -1 : u > v ? 1 : 0);
  if (isNumeric(u) && isNumeric(v)) return ok(compareValues(toNumber(u), toNumber(v)));
  const s = toStr(u) as string;
  const t = toStr(v) as string;
  return ok(s < t ? -1 : s > t ? 1 : 0);
}

function arith(u: Value, op: (n: number) => number): Value {
  const n = toNumber(u);
  return Number.isNaN(n) ? undefined : op(n);
}

function arith2(u: Value, v: Value, op: (p: number, q: number) => number): Value {
  const p = toNumber(u);
  const q = toNumber(v);
  if (Number.isNaN(p) || Number.isNaN(q)) return undefined;
  const out = op(p, q);
  return Number.isFinite(out) ? out : undefined;
}

// `like "sub"` is a case-sensitive substring test; `like /re/` and `=~ /re/` are unanchored regex searches.
// `=~ "text"` treats the string as a regex (not established; Hyperscan-style patterns are usually written /…/).
function patternTest(p: Expr, rec: (x: Expr) => Compiled, stringIsRegex: boolean): (r: Row, v: Value) => boolean {
  if (p.kind === 'regex' || (stringIsRegex && p.kind === 'string')) {
    const re = compileRegex(p.kind === 'regex' ? p.source : p.value, p.kind === 'regex' && p.ignoreCase).regex;
    return (_r, v) => {
      const s = toStr(v);
      return s !== undefined && re.test(s);
    };
  }
  if (p.kind === 'string') {
    const sub = p.value;
    return (_r, v) => {
      const s = toStr(v);
      return s !== undefined && s.includes(sub);
    };
  }
  const f = rec(p).fn;
  return (r, v) => {
    const s = toStr(v);
    const sub = toStr(f(r));
    return s !== undefined && sub !== undefined && s.includes(sub);
  };
}
