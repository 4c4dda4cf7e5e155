import type { Query } from './ast';
import type { Accumulator } from './aggregates';
import { ptrOf } from './compile';
import { compileQuery, SLOT, type CompiledQuery, type Op } from './plan';
import { Row, type InsightsEvent } from './row';
import { compareValues, formatValue, type Value } from './values';

/** One result cell, as GetQueryResults returns it. */
export interface ResultField {
  field: string;
  value: string;
}

/** Query statistics (GetQueryResults.statistics). */
export interface QueryStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

/** The rows and statistics of one query run. */
export interface QueryResult {
  rows: ResultField[][];
  statistics: QueryStatistics;
}

/** Rows returned when neither the query's `limit` command nor the API's limit says otherwise. */
export const DEFAULT_LIMIT = 1000;

/** Runs a query over events. `limit` is StartQuery's limit (a `limit` command in the query wins). */
export function runQuery(q: string | Query | CompiledQuery, events: readonly InsightsEvent[], options: { limit?: number } = {}): QueryResult {
  const cq = typeof q === 'object' && 'ops' in q ? q : compileQuery(q);
  const ops = cq.ops;
  const streams: Array<(r: Row) => boolean> = [];
  let i = 0;
  while (i < ops.length && ops[i].t === 'stream') streams.push((ops[i++] as Extract<Op, { t: 'stream' }>).apply);
  const pass = (r: Row): boolean => {
    for (let s = 0; s < streams.length; s++) if (!streams[s](r)) return false;
    return true;
  };

  let bytes = 0;
  let matched = 0;
  let rows: Row[];
  let eventRows = true;
  let ordered = false;
  const first = ops[i];
  if (first?.t === 'stats') {
    // Stats consumes each row at once, so one Row object is reused for the whole scan.
    const stats = new StatsRun(first);
    const row = new Row(null, 0);
    for (let k = 0; k < events.length; k++) {
      const ev = events[k];
      bytes += ev.message.length;
      row.reset(ev, k);
      if (pass(row)) {
        matched++;
        stats.add(row);
      }
    }
    rows = stats.finish();
    eventRows = false;
    i++;
  } else {
    // Filter with one scratch Row; only rows that pass are copied out (without the flow-offset buffer,
    // which is cheap to recompute for the few rows that get rendered).
    rows = [];
    const scratch = new Row(null, 0);
    for (let k = 0; k < events.length; k++) {
      const ev = events[k];
      bytes += ev.message.length;
      scratch.reset(ev, k);
      if (pass(scratch)) {
        const kept = new Row(ev, k);
        kept.ext = scratch.ext;
        kept.json = scratch.json;
        rows.push(kept);
      }
    }
    matched = rows.length;
  }

  for (; i < ops.length; i++) {
    const op = ops[i];
    switch (op.t) {
      case 'stream':
        rows = rows.filter(op.apply);
        break;
      case 'stats': {
        const stats = new StatsRun(op);
        for (const r of rows) stats.add(r);
        rows = stats.finish();
        eventRows = false;
        ordered = false;
        break;
      }
      case 'sort':
        rows = sortRows(rows, op.keys);
        ordered = true;
        break;
      case 'limit':
        if (!ordered && eventRows) rows = newestFirst(rows, op.n);
        ordered = true;
        rows = rows.slice(0, op.n);
        break;
      case 'dedup':
        if (!ordered && eventRows) rows = newestFirst(rows);
        ordered = true;
        rows = dedup(rows, op.fns);
        break;
    }
  }
  const cap = cq.hasLimit ? Infinity : options.limit ?? DEFAULT_LIMIT;
  if (!ordered && eventRows) rows = newestFirst(rows, cap);
  if (rows.length > cap) rows = rows.slice(0, cap);

  return {
    rows: rows.map((r) => render(r, cq)).filter((cells) => cells.length > 0),
    statistics: { recordsMatched: matched, recordsScanned: events.length, bytesScanned: bytes },
  };
}

function render(r: Row, cq: CompiledQuery): ResultField[] {
  const out: ResultField[] = [];
  let hasPtr = false;
  for (const c of cq.columns) {
    const v = c.fn(r);
    if (v === undefined) continue;
    if (c.name === '@ptr') hasPtr = true;
    out.push({ field: c.name, value: formatValue(v, c.time) });
  }
  if (r.ev && !hasPtr) out.push({ field: '@ptr', value: ptrOf(r) as string });
  return out;
}

class StatsRun {
  private readonly groups = new Map<string, { keys: Value[]; accs: Accumulator[] }>();
  constructor(private readonly op: Extract<Op, { t: 'stats' }>) {}

  add(r: Row): void {
    const keyFns = this.op.keys;
    let key = '';
    let single: Value;
    if (keyFns.length === 1) {
      single = keyFns[0].fn(r);
      key = single === undefined ? '\u0000' : typeof single === 'string' ? single : String(single);
    } else {
      for (let k = 0; k < keyFns.length; k++) {
        const v = keyFns[k].fn(r);
        key += (v === undefined ? '\u0000' : String(v)) + '\u0001';
      }
    }
    let g = this.groups.get(key);
    if (g === undefined) {
      const keys = keyFns.length === 1 ? [single] : keyFns.map((f) => f.fn(r));
      g = { keys, accs: this.op.factories.map((f) => f.make()) };
      this.groups.set(key, g);
    }
    const accs = g.accs;
    for (let a = 0; a < accs.length; a++) accs[a].add(r);
  }

  /** One row per group: keys first, then the aggregates in query order (AWS's order is not established). */
  finish(): Row[] {
    const { keys, factories, outputs } = this.op;
    // Without `by`, stats answers one row even over no events (count 0).
    if (keys.length === 0 && this.groups.size === 0) this.groups.set('', { keys: [], accs: factories.map((f) => f.make()) });
    const rows: Row[] = [];
    let index = 0;
    for (const g of this.groups.values()) {
      const row = new Row(null, index++);
      const ext: Record<string, Value> = {};
      row.ext = ext;
      g.accs.forEach((acc, a) => (ext[SLOT + (a + 1)] = acc.result()));
      const values = outputs.map((o) => o.fn(row));
      for (const k of Object.keys(ext)) delete ext[k];
      keys.forEach((k, j) => (ext[k.name] = g.keys[j]));
      outputs.forEach((o, j) => (ext[o.name] = values[j]));
      rows.push(row);
    }
    return rows;
  }
}

function sortRows(rows: Row[], keys: Array<{ fn: (r: Row) => Value; descending: boolean }>): Row[] {
  const decorated = rows.map((r) => ({ r, v: keys.map((k) => k.fn(r)) }));
  decorated.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const c = compareValues(a.v[k], b.v[k]);
      if (c !== 0) return keys[k].descending ? -c : c;
    }
    return 0;
  });
  return decorated.map((d) => d.r);
}

// The default order: @timestamp descending (later input first among equal timestamps). With a small
// `keep`, a bounded heap picks the newest `keep` rows, so a 1,000-row page of a million events stays cheap.
function newestFirst(rows: Row[], keep = Infinity): Row[] {
  if (keep * 4 >= rows.length) return rows.slice().sort(newer);
  // Min-heap on "newness": the root is the oldest row kept so far.
  const heap: Row[] = [];
  for (const r of rows) {
    if (heap.length < keep) {
      heap.push(r);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (newer(heap[p], heap[i]) >= 0) break;
        [heap[p], heap[i]] = [heap[i], heap[p]];
        i = p;
      }
    } else if (newer(r, heap[0]) < 0) {
      heap[0] = r;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        let m = i;
        if (l < heap.length && newer(heap[l], heap[m]) > 0) m = l;
        if (l + 1 < heap.length && newer(heap[l + 1], heap[m]) > 0) m = l + 1;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
  }
  return heap.sort(newer);
}

// Comparator: negative when `a` is newer than `b` (sorts first).
function newer(a: Row, b: Row): number {
  return (b.ev as { timestamp: number }).timestamp - (a.ev as { timestamp: number }).timestamp || b.index - a.index;
}

// Keeps the first row per key combination; a row with any missing key is never a duplicate.
function dedup(rows: Row[], fns: Array<(r: Row) => Value>): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    let key = '';
    for (const f of fns) {
      const v = f(r);
      if (v === undefined) return true;
      key += String(v) + '\u0001';
    }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
