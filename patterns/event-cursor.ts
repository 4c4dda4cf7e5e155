/**
 * Walks the fields of a space-delimited event without allocating (spec §4.3): fields are
 * separated by spaces (runs of spaces or tabs count as one separator); text inside `[...]` or
 * `"..."` is one field whose value drops the brackets or quotes. After `next()` returns true,
 * the field's value is `m.slice(vs, ve)`.
 */
export class EventCursor {
  m = '';
  n = 0;
  pos = 0;
  vs = 0;
  ve = 0;

  /** Starts walking a new event. */
  reset(m: string): void {
    this.m = m;
    this.n = m.length;
    this.pos = 0;
  }

  /** Moves to the next field; false when there is none. */
  next(): boolean {
    const m = this.m;
    const n = this.n;
    let p = this.pos;
    let c = 0;
    while (p < n && ((c = m.charCodeAt(p)) === 32 || c === 9)) p++;
    if (p >= n) {
      this.pos = p;
      return false;
    }
    let q: number;
    if (c === 91 || c === 34) {
      const close = m.indexOf(c === 91 ? ']' : '"', p + 1);
      if (close >= 0) {
        q = close + 1;
        if (q === n || (c = m.charCodeAt(q)) === 32 || c === 9) {
          this.vs = p + 1;
          this.ve = close;
          this.pos = q;
          return true;
        }
        // `[a]b`: the closer is not at a field end, so the field runs on to the next separator
        // and keeps its brackets (a plain field that happens to start with one).
      } else {
        q = p + 1;
      }
    } else {
      q = p + 1;
    }
    while (q < n && (c = m.charCodeAt(q)) !== 32 && c !== 9) q++;
    this.vs = p;
    this.ve = q;
    this.pos = q;
    return true;
  }
}

/** The values of all fields of an event (brackets and quotes dropped). */
export function eventFields(message: string): string[] {
  const cur = new EventCursor();
  cur.reset(message);
  const out: string[] = [];
  while (cur.next()) out.push(message.slice(cur.vs, cur.ve));
  return out;
}
