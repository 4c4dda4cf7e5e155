import type { Expr } from './ast';
import { InsightsSyntaxError } from './errors';
import { ipInSubnet, parseIPv4, parseIPv6 } from './ip';
import type { Row } from './row';
import { ceilTime, floorTime, toPeriod, type Period } from './time';
import { isNumeric, toNumber, toStr, type Value } from './values';

/** A compiled expression: an evaluator and whether its values are timestamps (formatted as dates). */
export interface Compiled {
  fn: (r: Row) => Value;
  time: boolean;
}

type Fn = (r: Row) => Value;
type CompileArg = (e: Expr) => Compiled;

/** Compiles a call to a scalar (non-aggregate) function. `timestamp` reads @timestamp in the current scope. */
export function compileScalar(call: Extract<Expr, { kind: 'call' }>, compile: CompileArg, timestamp: Fn): Compiled {
  const { name, args } = call;
  switch (name) {
    case 'bin': {
      const p = period(args[0]);
      return time((r) => {
        const t = timestamp(r);
        return typeof t === 'number' ? floorTime(t, p) : undefined;
      });
    }
    case 'datefloor':
    case 'dateceil': {
      const t = compile(args[0]).fn;
      const p = period(args[1]);
      const round = name === 'datefloor' ? floorTime : ceilTime;
      return time((r) => {
        const n = toNumber(t(r));
        return Number.isNaN(n) ? undefined : round(n, p);
      });
    }
    case 'frommillis':
      return time(num1(compile(args[0]).fn, (n) => n));
    case 'tomillis':
      return plain(num1(compile(args[0]).fn, (n) => n));
    case 'ispresent': {
      const a = compile(args[0]).fn;
      return plain((r) => a(r) !== undefined);
    }
    case 'isempty': {
      const a = compile(args[0]).fn;
      return plain((r) => {
        const v = a(r);
        return v === undefined || v === '';
      });
    }
    case 'isblank': {
      const a = compile(args[0]).fn;
      return plain((r) => {
        const v = a(r);
        return v === undefined || (typeof v === 'string' && v.trim() === '');
      });
    }
    case 'coalesce': {
      const cs = args.map(compile);
      return {
        time: cs.every((c) => c.time),
        fn: (r) => {
          for (const c of cs) {
            const v = c.fn(r);
            if (v !== undefined) return v;
          }
          return undefined;
        },
      };
    }
    case 'concat': {
      const fs = args.map((a) => compile(a).fn);
      return plain((r) => fs.map((f) => toStr(f(r)) ?? '').join(''));
    }
    case 'ltrim':
    case 'rtrim':
    case 'trim': {
      const a = compile(args[0]).fn;
      const chars = args[1] ? compile(args[1]).fn : undefined;
      const left = name !== 'rtrim';
      const right = name !== 'ltrim';
      return plain((r) => {
        const s = toStr(a(r));
        if (s === undefined) return undefined;
        const set = chars ? toStr(chars(r)) ?? '' : undefined;
        return trimChars(s, set, left, right);
      });
    }
    case 'strlen':
      return plain(str1(compile(args[0]).fn, (s) => s.length));
    case 'toupper':
      return plain(str1(compile(args[0]).fn, (s) => s.toUpperCase()));
    case 'tolower':
      return plain(str1(compile(args[0]).fn, (s) => s.toLowerCase()));
    case 'substr': {
      const [s, start, len] = args.map((a) => compile(a).fn);
      return plain((r) => {
        const v = toStr(s(r));
        const from = toNumber(start(r));
        if (v === undefined || Number.isNaN(from)) return undefined;
        if (!len) return v.substring(from);
        const n = toNumber(len(r));
        return Number.isNaN(n) ? undefined : v.substr(from, n);
      });
    }
    case 'replace': {
      const [s, search, repl] = args.map((a) => compile(a).fn);
      return plain((r) => {
        const v = toStr(s(r));
        const what = toStr(search(r));
        if (v === undefined || what === undefined || what === '') return v;
        return v.split(what).join(toStr(repl(r)) ?? '');
      });
    }
    case 'strcontains': {
      const [s, sub] = args.map((a) => compile(a).fn);
      return plain((r) => {
        const v = toStr(s(r));
        const w = toStr(sub(r));
        if (v === undefined || w === undefined) return undefined;
        return v.includes(w) ? 1 : 0;
      });
    }
    case 'abs':
      return plain(num1(compile(args[0]).fn, Math.abs));
    case 'ceil':
      return plain(num1(compile(args[0]).fn, Math.ceil));
    case 'floor':
      return plain(num1(compile(args[0]).fn, Math.floor));
    case 'log':
      return plain(num1(compile(args[0]).fn, Math.log));
    case 'sqrt':
      return plain(num1(compile(args[0]).fn, Math.sqrt));
    case 'greatest':
    case 'least': {
      const cs = args.map(compile);
      const pick = name === 'greatest' ? Math.max : Math.min;
      return {
        time: cs.every((c) => c.time),
        fn: (r) => {
          const ns = cs.map((c) => toNumber(c.fn(r))).filter((n) => !Number.isNaN(n));
          return ns.length ? pick(...ns) : undefined;
        },
      };
    }
    case 'isvalidip':
      return plain(str1(compile(args[0]).fn, (s) => parseIPv4(s) !== undefined || parseIPv6(s) !== undefined, false));
    case 'isvalidipv4':
      return plain(str1(compile(args[0]).fn, (s) => parseIPv4(s) !== undefined, false));
    case 'isvalidipv6':
      return plain(str1(compile(args[0]).fn, (s) => parseIPv6(s) !== undefined, false));
    case 'isipinsubnet':
    case 'isipv4insubnet':
    case 'isipv6insubnet': {
      const [ip, cidr] = args.map((a) => compile(a).fn);
      const family = name === 'isipv4insubnet' ? 4 : name === 'isipv6insubnet' ? 6 : undefined;
      return plain((r) => {
        const a = toStr(ip(r));
        const c = toStr(cidr(r));
        return a !== undefined && c !== undefined && ipInSubnet(a, c, family);
      });
    }
    default:
      throw new InsightsSyntaxError(`The function ${name} cannot be used here.`, call.start, call.end);
  }
}

function period(e: Expr): Period {
  if (e.kind !== 'duration') throw new InsightsSyntaxError('Expected a time period such as 5m or 1h.', e.start, e.end);
  return toPeriod(e.amount, e.unit, e.start, e.end);
}

function time(fn: Fn): Compiled {
  return { fn, time: true };
}

function plain(fn: Fn): Compiled {
  return { fn, time: false };
}

function num1(a: Fn, op: (n: number) => number): Fn {
  return (r) => {
    const v = a(r);
    if (!isNumeric(v)) return undefined;
    const out = op(toNumber(v));
    return Number.isFinite(out) ? out : undefined;
  };
}

function str1(a: Fn, op: (s: string) => Value, missing?: Value): Fn {
  return (r) => {
    const s = toStr(a(r));
    return s === undefined ? missing : op(s);
  };
}

function trimChars(s: string, set: string | undefined, left: boolean, right: boolean): string {
  const strip = set === undefined ? (c: string) => /\s/.test(c) : (c: string) => set.includes(c);
  let i = 0;
  let j = s.length;
  if (left) while (i < j && strip(s[i])) i++;
  if (right) while (j > i && strip(s[j - 1])) j--;
  return s.slice(i, j);
}
