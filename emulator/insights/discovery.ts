import type { Row } from './row';
import type { Value } from './values';

// Field discovery (aws-fidelity §5): default-format VPC flow records and JSON messages.
// Flow records are not split into strings: one scan records where the 13 spaces are, and a field is
// cut out (or, for numbers, read digit by digit) only when the query asks for it. We do not call
// flowlogs' parseRecord here: it validates every field and builds a FlowRecord per event, far too
// slow for a million-event scan, and Insights discovers fields without validating them.

/** The discovered names of the 14 default-format fields, in record order. */
export const FLOW_FIELDS = [
  'version', 'accountId', 'interfaceId', 'srcAddr', 'dstAddr', 'srcPort', 'dstPort',
  'protocol', 'packets', 'bytes', 'startTime', 'endTime', 'action', 'logStatus',
] as const;

/** Indexes of flow fields that are numbers (compare and sort numerically; `-` stays a string). */
export const NUMERIC_FLOW_FIELDS: ReadonlySet<number> = new Set([0, 5, 6, 7, 8, 9, 10, 11]);

/** Name → index in a flow record. */
export const FLOW_INDEX: Readonly<Record<string, number>> = Object.fromEntries(FLOW_FIELDS.map((f, i) => [f, i]));

/** Whether a row's message is a default-format version-2 flow record (14 single-space-separated fields). */
export function isFlow(row: Row): boolean {
  if (row.flowState !== 0) return row.flowState === 1;
  const m = row.ev?.message;
  let ok = false;
  // A v2 default record starts with "2 ".
  if (m !== undefined && m.charCodeAt(0) === 50 && m.charCodeAt(1) === 32) {
    const spaces = (row.flowSpaces ??= new Int32Array(13));
    const len = m.length;
    // indexOf is a native search, several times faster than a charCodeAt loop over ~100 characters.
    let prev = 1; // the space after the leading "2"
    spaces[0] = 1;
    ok = true;
    for (let n = 1; n < 13; n++) {
      const at = m.indexOf(' ', prev + 1);
      // Missing fields, or two spaces in a row (an empty field): not a default-format record.
      if (at < 0 || at === prev + 1) {
        ok = false;
        break;
      }
      spaces[n] = at;
      prev = at;
    }
    ok = ok && prev < len - 1 && m.indexOf(' ', prev + 1) < 0;
  }
  row.flowState = ok ? 1 : 2;
  return ok;
}

/** One field of a row known to be a flow record; numeric fields as numbers (`-` stays a string). */
export function flowValue(row: Row, idx: number): Value {
  const m = (row.ev as { message: string }).message;
  const spaces = row.flowSpaces as Int32Array;
  const from = idx === 0 ? 0 : spaces[idx - 1] + 1;
  const to = idx === 13 ? m.length : spaces[idx];
  if (NUMERIC_FLOW_FIELDS.has(idx)) {
    // Read digits in place: no substring for the common all-digits case.
    let n = 0;
    let i = from;
    for (; i < to; i++) {
      const c = m.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
    }
    if (i === to && to > from) return n;
  }
  return m.slice(from, to);
}

/** The flattened JSON fields of a row's message (parsed once), or null when it is not a JSON object. */
export function jsonOf(row: Row): Record<string, Value> | null {
  if (row.json !== undefined) return row.json;
  const m = row.ev?.message;
  let out: Record<string, Value> | null = null;
  if (m !== undefined) {
    const s = m.trimStart();
    if (s.charCodeAt(0) === 123) {
      try {
        const parsed: unknown = JSON.parse(s);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          out = {};
          flatten(parsed as Record<string, unknown>, '', out);
        }
      } catch {
        out = null;
      }
    }
  }
  row.json = out;
  return out;
}

// Nested objects become dotted names (`a.b.c`), arrays index names (`list.0.x`), as Insights flattens JSON.
function flatten(obj: Record<string, unknown> | unknown[], prefix: string, out: Record<string, Value>): void {
  const entries: Array<[string, unknown]> = Array.isArray(obj) ? obj.map((v, i) => [String(i), v]) : Object.entries(obj);
  for (const [k, v] of entries) {
    const name = prefix + k;
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') flatten(v as Record<string, unknown>, `${name}.`, out);
    else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[name] = v;
  }
}
