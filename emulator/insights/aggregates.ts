import type { Expr } from './ast';
import { InsightsSyntaxError } from './errors';
import type { Compiled } from './functions';
import type { Row } from './row';
import { compareValues, toNumber, toStr, type Value } from './values';

/** One running aggregate for one group. */
export interface Accumulator {
  add(r: Row): void;
  result(): Value;
}

/** Makes a fresh accumulator per group; `time` tells whether the result is a timestamp. */
export interface AggregateFactory {
  make(): Accumulator;
  time: boolean;
}

type Fn = (r: Row) => Value;

/** Builds the factory for an aggregate call; `compile` compiles its (scalar) arguments. */
export function aggregateFactory(call: Extract<Expr, { kind: 'call' }>, compile: (e: Expr) => Compiled, timestamp: Fn): AggregateFactory {
  const { name, args } = call;
  if (name === 'count') {
    if (args.length === 0 || args[0].kind === 'star') return { make: () => new CountAll(), time: false };
    const f = compile(args[0]).fn;
    return { make: () => new CountPresent(f), time: false };
  }
  if (args[0].kind === 'star') throw new InsightsSyntaxError('* can be used only in count(*).', args[0].start, args[0].end);
  const arg = compile(args[0]);
  const f = arg.fn;
  switch (name) {
    case 'count_distinct':
      return { make: () => new CountDistinct(f), time: false };
    case 'sum':
      return { make: () => new Sum(f, false), time: false };
    case 'avg':
      return { make: () => new Sum(f, true), time: false };
    case 'min':
      return { make: () => new Extreme(f, -1), time: arg.time };
    case 'max':
      return { make: () => new Extreme(f, 1), time: arg.time };
    case 'sortsfirst':
      return { make: () => new Extreme(f, -1, false), time: arg.time };
    case 'sortslast':
      return { make: () => new Extreme(f, 1, false), time: arg.time };
    case 'stddev':
      return { make: () => new StdDev(f), time: false };
    case 'earliest':
      return { make: () => new ByTime(f, timestamp, -1), time: arg.time };
    case 'latest':
      return { make: () => new ByTime(f, timestamp, 1), time: arg.time };
    case 'pct':
    case 'percentile': {
      const p = args[1];
      if (p.kind !== 'number' || p.value < 0 || p.value > 100) {
        throw new InsightsSyntaxError('The percentile must be a number from 0 to 100.', p.start, p.end);
      }
      return { make: () => new Percentile(f, p.value), time: arg.time };
    }
    default:
      throw new InsightsSyntaxError(`The function ${name} is not an aggregate function.`, call.start, call.end);
  }
}

class CountAll implements Accumulator {
  n = 0;
  add(): void {
    this.n++;
  }
  result(): Value {
    return this.n;
  }
}

class CountPresent implements Accumulator {
  n = 0;
  constructor(private readonly f: Fn) {}
  add(r: Row): void {
    if (this.f(r) !== undefined) this.n++;
  }
  result(): Value {
    return this.n;
  }
}

// Exact count; AWS documents count_distinct as approximate for high cardinality.
class CountDistinct implements Accumulator {
  seen = new Set<string>();
  constructor(private readonly f: Fn) {}
  add(r: Row): void {
    const s = toStr(this.f(r));
    if (s !== undefined) this.seen.add(s);
  }
  result(): Value {
    return this.seen.size;
  }
}

// Non-numeric values are skipped; a group without any numeric value has no sum/avg (field left out).
class Sum implements Accumulator {
  total = 0;
  n = 0;
  constructor(
    private readonly f: Fn,
    private readonly average: boolean,
  ) {}
  add(r: Row): void {
    const v = this.f(r);
    const x = typeof v === 'number' ? v : toNumber(v);
    if (x === x) {
      this.total += x;
      this.n++;
    }
  }
  result(): Value {
    if (this.n === 0) return undefined;
    return this.average ? this.total / this.n : this.total;
  }
}

// min/max prefer numbers (numeric order); sortsFirst/sortsLast use the sort order over any value.
class Extreme implements Accumulator {
  best: Value = undefined;
  constructor(
    private readonly f: Fn,
    private readonly sign: number,
    private readonly numericOnly = true,
  ) {}
  add(r: Row): void {
    let v = this.f(r);
    if (v === undefined) return;
    if (this.numericOnly) {
      const x = toNumber(v);
      if (x !== x) return;
      v = x;
    }
    if (this.best === undefined || compareValues(v, this.best) * this.sign > 0) this.best = v;
  }
  result(): Value {
    return this.best;
  }
}

// Sample standard deviation (n − 1), by Welford's method. Not established: AWS may use the population form.
class StdDev implements Accumulator {
  n = 0;
  mean = 0;
  m2 = 0;
  constructor(private readonly f: Fn) {}
  add(r: Row): void {
    const x = toNumber(this.f(r));
    if (x !== x) return;
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  result(): Value {
    if (this.n === 0) return undefined;
    return this.n === 1 ? 0 : Math.sqrt(this.m2 / (this.n - 1));
  }
}

class ByTime implements Accumulator {
  at = NaN;
  value: Value = undefined;
  constructor(
    private readonly f: Fn,
    private readonly timestamp: Fn,
    private readonly sign: number,
  ) {}
  add(r: Row): void {
    const v = this.f(r);
    if (v === undefined) return;
    const t = toNumber(this.timestamp(r));
    if (this.value === undefined || (t - this.at) * this.sign > 0) {
      this.at = t;
      this.value = v;
    }
  }
  result(): Value {
    return this.value;
  }
}

// Nearest-rank percentile over the exact values (AWS computes an approximation).
class Percentile implements Accumulator {
  values: number[] = [];
  constructor(
    private readonly f: Fn,
    private readonly p: number,
  ) {}
  add(r: Row): void {
    const x = toNumber(this.f(r));
    if (x === x) this.values.push(x);
  }
  result(): Value {
    const n = this.values.length;
    if (n === 0) return undefined;
    const sorted = Float64Array.from(this.values).sort();
    const rank = Math.max(1, Math.ceil((this.p / 100) * n));
    return sorted[rank - 1];
  }
}
