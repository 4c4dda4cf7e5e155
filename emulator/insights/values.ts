// Runtime values and their comparison. Insights is dynamically typed: a field holds a string or a
// number (flow-log counters, JSON numbers), and operators compare numerically when both sides look
// like numbers. Missing fields are `undefined` and are left out of result rows, as AWS does.

/** A value during evaluation. Timestamps are epoch-ms numbers; the compiler tracks which columns are times. */
export type Value = string | number | boolean | undefined;

const NUMBER_RE = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** The value as a number, or NaN when it is not numeric. */
export function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return NUMBER_RE.test(v) ? Number(v) : NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN;
}

/** Whether a value counts as a number for comparison and sorting (a number, or a string of only a number). */
export function isNumeric(v: Value): boolean {
  return typeof v === 'number' ? !Number.isNaN(v) : typeof v === 'string' && NUMBER_RE.test(v);
}

/** The value as a string (numbers formatted as in results), or undefined when missing. */
export function toStr(v: Value): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/** Truthiness for filter: true, a non-zero number or a non-empty string other than "false". */
export function truthy(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return v !== undefined && v !== '' && v !== 'false';
}

/** `=` semantics: numeric when both sides are numeric, otherwise exact (case-sensitive) string equality. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (isNumeric(a) && isNumeric(b)) return toNumber(a) === toNumber(b);
  return toStr(a) === toStr(b);
}

/**
 * The sort order of the AWS `sort` page: ascending puts non-numbers before numbers; numbers compare
 * by value; non-numbers compare chunk by chunk (digit runs by length, then value; other runs by
 * Unicode). Not established: where missing values go — here before everything in ascending order.
 */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const an = isNumeric(a);
  const bn = isNumeric(b);
  if (an && bn) {
    const x = toNumber(a);
    const y = toNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (an !== bn) return an ? 1 : -1;
  return naturalCompare(String(a), String(b));
}

function naturalCompare(a: string, b: string): number {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === y) continue;
    const xd = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yd = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (xd && yd && x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

/** Formats a number as AWS shows it: integers without decimals, other numbers at full precision. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** Formats epoch ms as Insights does in results: `YYYY-MM-DD HH:mm:ss.SSS` (UTC). */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Formats a value for a result cell; `time` marks columns that hold timestamps. */
export function formatValue(v: Exclude<Value, undefined>, time: boolean): string {
  if (typeof v === 'number') return time && Number.isFinite(v) ? formatTimestamp(v) : formatNumber(v);
  return String(v);
}
