import { checkRegexQuota } from './aws-regex';
import { CompiledPattern, noMatch, PatternMatch } from './compiled-pattern';
import { EventCursor } from './event-cursor';
import { parseSpacePattern, Slot } from './space-pattern-parser';
import { RangeTest } from './value-tests';

/**
 * Compiles a space-delimited pattern `[a, b = x, ..., c]` (spec §4.3). Without `...` the event
 * must have exactly as many fields as the pattern; `...` stands for any number of fields.
 */
export function compileSpacePattern(text: string, inner: string): CompiledPattern {
  const { slots, regexCount } = parseSpacePattern(inner);
  checkRegexQuota(regexCount);
  const fieldNames = [...new Set(slots.flatMap((s) => (s.kind === 'field' && s.name !== null ? [`$${s.name}`] : [])))];
  const matcher = slots.some((s) => s.kind === 'ellipsis') ? new EllipsisMatcher(slots) : new FixedMatcher(slots);
  return {
    kind: 'space',
    text,
    regexCount,
    supportsDimensions: true,
    fieldNames,
    test: (m) => matcher.test(m),
    match: (m) => matcher.match(m),
  };
}

/**
 * Extracted values as TestMetricFilter reports them: `$name` for each named field, and `$N`
 * (the 1-based field position in the event) for fields covered by `...` or by an empty slot
 * (FP-2021's example: `[..., request=*.html*, status_code=4*,]` gives $1…$4 and $7).
 */
function extracted(names: (string | null)[], values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < values.length; i++) out[`$${names[i] ?? i + 1}`] = values[i];
  return out;
}

/** The hot path: no `...`, so field i of the event is slot i; fails on the first failing slot. */
class FixedMatcher {
  private readonly tests: (RangeTest | null)[];
  private readonly names: (string | null)[];
  private readonly cursor = new EventCursor();

  constructor(slots: Slot[]) {
    this.tests = slots.map((s) => (s.kind === 'field' ? s.test : null));
    this.names = slots.map((s) => (s.kind === 'field' ? s.name : null));
  }

  // The cursor's walk, inlined with locals: this loop is the metric-filter hot path.
  test(m: string): boolean {
    const tests = this.tests;
    const n = m.length;
    let p = 0;
    for (let i = 0; i < tests.length; i++) {
      while (p < n && m.charCodeAt(p) === 32) p++;
      if (p >= n) return false;
      let vs = p;
      let ve: number;
      let from = p + 1;
      const c = m.charCodeAt(p);
      if ((c === 91 || c === 34) && (ve = m.indexOf(c === 91 ? ']' : '"', from)) >= 0 && (ve + 1 === n || m.charCodeAt(ve + 1) === 32)) {
        vs = p + 1;
        p = ve + 1;
      } else {
        if (c === 91 || c === 34) from = Math.max(from, m.indexOf(c === 91 ? ']' : '"', from) + 1);
        ve = m.indexOf(' ', from);
        if (ve < 0) ve = n;
        p = ve;
      }
      const t = tests[i];
      if (t !== null && !t(m, vs, ve)) return false;
    }
    while (p < n && m.charCodeAt(p) === 32) p++;
    return p >= n;
  }

  match(m: string): PatternMatch {
    if (!this.test(m)) return noMatch();
    const cur = this.cursor;
    cur.reset(m);
    const values: string[] = [];
    while (cur.next()) values.push(m.slice(cur.vs, cur.ve));
    return { matched: true, extractedValues: extracted(this.names, values) };
  }
}

/**
 * With `...` anywhere (possibly several): the event's fields are collected into reused buffers,
 * then slots are matched with backtracking; each `...` takes as few fields as it can.
 */
class EllipsisMatcher {
  private readonly cursor = new EventCursor();
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private count = 0;
  /** For the successful path: which slot each event field went to (-1: an ellipsis). */
  private owner = new Int32Array(64);
  private readonly fixedSlots: number;
  /** The index of the only `...`, or -1 when there are several (then backtracking is needed). */
  private readonly single: number;

  constructor(private readonly slots: Slot[]) {
    this.fixedSlots = slots.filter((s) => s.kind === 'field').length;
    const ellipses = slots.flatMap((s, i) => (s.kind === 'ellipsis' ? [i] : []));
    this.single = ellipses.length === 1 ? ellipses[0] : -1;
  }

  /** One `...`: the slots before it take the first fields, the slots after it the last ones. */
  private direct(m: string): boolean {
    const slots = this.slots;
    const skip = this.count - this.fixedSlots; // fields the ellipsis covers
    for (let i = 0; i < slots.length; i++) {
      if (i === this.single) continue;
      const field = i < this.single ? i : i - 1 + skip;
      const s = slots[i] as Extract<Slot, { kind: 'field' }>;
      if (s.test !== null && !s.test(m, this.starts[field], this.ends[field])) return false;
    }
    return true;
  }

  private collect(m: string): void {
    const cur = this.cursor;
    cur.reset(m);
    let n = 0;
    while (cur.next()) {
      if (n === this.starts.length) this.grow();
      this.starts[n] = cur.vs;
      this.ends[n] = cur.ve;
      n++;
    }
    this.count = n;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const copy = (a: Int32Array) => { const b = new Int32Array(size); b.set(a); return b; };
    this.starts = copy(this.starts);
    this.ends = copy(this.ends);
    this.owner = new Int32Array(size);
  }

  private from(m: string, slot: number, field: number): boolean {
    const slots = this.slots;
    if (slot === slots.length) return field === this.count;
    const s = slots[slot];
    if (s.kind === 'ellipsis') {
      for (let f = field; f <= this.count; f++) {
        if (this.from(m, slot + 1, f)) {
          for (let k = field; k < f; k++) this.owner[k] = -1;
          return true;
        }
      }
      return false;
    }
    if (field >= this.count) return false;
    if (s.test !== null && !s.test(m, this.starts[field], this.ends[field])) return false;
    if (!this.from(m, slot + 1, field + 1)) return false;
    this.owner[field] = slot;
    return true;
  }

  test(m: string): boolean {
    this.collect(m);
    if (this.count < this.fixedSlots) return false;
    return this.single >= 0 ? this.direct(m) : this.from(m, 0, 0);
  }

  match(m: string): PatternMatch {
    if (!this.test(m)) return noMatch();
    if (this.single >= 0) {
      // direct() does not record owners (test() must stay cheap); they follow from the layout.
      const skip = this.count - this.fixedSlots;
      for (let f = 0; f < this.count; f++) this.owner[f] = f < this.single ? f : f < this.single + skip ? -1 : f - skip + 1;
    }
    const names: (string | null)[] = [];
    const values: string[] = [];
    for (let f = 0; f < this.count; f++) {
      const o = this.owner[f];
      const s = o >= 0 ? this.slots[o] : undefined;
      names.push(s && s.kind === 'field' ? s.name : null);
      values.push(m.slice(this.starts[f], this.ends[f]));
    }
    return { matched: true, extractedValues: extracted(names, values) };
  }
}
