/**
 * Predicates over a slice `m[s, e)` of an event, so the hot path never allocates a substring.
 * Shared by space-delimited fields (slices of the event) and JSON values (whole strings).
 */
export type RangeTest = (m: string, s: number, e: number) => boolean;

/** The comparison operators of filter patterns. */
export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `text` is a number as filter patterns write them: sign, decimals, exponent. */
export function isNumberText(text: string): boolean {
  return NUMBER_RE.test(text);
}

/** Parses `m[s, e)` as a number (sign, fraction, exponent); NaN when it is not one. */
export function parseNumberRange(m: string, s: number, e: number): number {
  if (s >= e) return NaN;
  let i = s;
  let c = m.charCodeAt(i);
  const neg = c === 45;
  if (neg || c === 43) {
    if (++i >= e) return NaN;
  }
  // Fast path for plain integers (ports, bytes, packets): no substring, no regex.
  let v = 0;
  const first = i;
  for (; i < e; i++) {
    c = m.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  if (i === e && i - first < 16) return neg ? -v : v;
  const text = m.slice(s, e);
  return NUMBER_RE.test(text) ? Number(text) : NaN;
}

/** A numeric comparison of the slice against `n`; non-numbers never match. */
export function numberTest(op: CompareOp, n: number): RangeTest {
  switch (op) {
    case '=': return (m, s, e) => parseNumberRange(m, s, e) === n;
    case '!=': return (m, s, e) => { const v = parseNumberRange(m, s, e); return v === v && v !== n; };
    case '<': return (m, s, e) => parseNumberRange(m, s, e) < n;
    case '>': return (m, s, e) => parseNumberRange(m, s, e) > n;
    case '<=': return (m, s, e) => parseNumberRange(m, s, e) <= n;
    case '>=': return (m, s, e) => parseNumberRange(m, s, e) >= n;
  }
}

/** Exact equality of the slice with `value`. */
export function exactTest(value: string): RangeTest {
  const len = value.length;
  return (m, s, e) => e - s === len && m.startsWith(value, s);
}

/**
 * Glob equality: `*` matches any run of characters, anywhere in the value (space-delimited
 * fields: `4*`, `*.html*`, `10.0.2.*`, spec §4.3).
 */
export function globTest(value: string): RangeTest {
  const parts = value.split('*');
  if (parts.length === 1) return exactTest(value);
  const prefix = parts[0];
  const suffix = parts[parts.length - 1];
  const middles = parts.slice(1, -1).filter((p) => p.length > 0);
  const minLen = parts.reduce((sum, p) => sum + p.length, 0);
  return (m, s, e) => {
    if (e - s < minLen) return false;
    if (prefix.length > 0 && !m.startsWith(prefix, s)) return false;
    const limit = e - suffix.length;
    if (suffix.length > 0 && !m.startsWith(suffix, limit)) return false;
    let p = s + prefix.length;
    for (const mid of middles) {
      const at = m.indexOf(mid, p);
      if (at < 0 || at + mid.length > limit) return false;
      p = at + mid.length;
    }
    return true;
  };
}

/**
 * Affix wildcards only: a leading and/or trailing `*`; a `*` inside the value is a literal
 * (JSON strings: "*Event matches PutEvent … Ev*ent will only match the actual string Ev*ent",
 * FP-2021).
 */
export function affixTest(value: string): RangeTest {
  const lead = value.startsWith('*');
  const trail = value.length > 1 && value.endsWith('*');
  if (value === '*') return () => true;
  const core = value.slice(lead ? 1 : 0, trail ? -1 : undefined);
  const len = core.length;
  if (lead && trail) return (m, s, e) => { const at = m.indexOf(core, s); return at >= 0 && at + len <= e; };
  if (lead) return (m, s, e) => e - s >= len && m.startsWith(core, e - len);
  if (trail) return (m, s, e) => e - s >= len && m.startsWith(core, s);
  return exactTest(core);
}

/** An unanchored regex search in the slice (`%…%` values). */
export function regexTest(re: RegExp): RangeTest {
  return (m, s, e) => re.test(s === 0 && e === m.length ? m : m.slice(s, e));
}

/** Negates a test (`!=`). */
export function notTest(t: RangeTest): RangeTest {
  return (m, s, e) => !t(m, s, e);
}

/** ANDs tests. */
export function allTests(tests: RangeTest[]): RangeTest {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) { const [a, b] = tests; return (m, s, e) => a(m, s, e) && b(m, s, e); }
  return (m, s, e) => { for (const t of tests) if (!t(m, s, e)) return false; return true; };
}

/** ORs tests. */
export function anyTests(tests: RangeTest[]): RangeTest {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) { const [a, b] = tests; return (m, s, e) => a(m, s, e) || b(m, s, e); }
  return (m, s, e) => { for (const t of tests) if (t(m, s, e)) return true; return false; };
}
