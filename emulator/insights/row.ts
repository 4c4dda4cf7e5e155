import type { Value } from './values';

/** One log event as the executor reads it (the Logs store's readEvents shape plus the account). */
export interface InsightsEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  logStream: string;
  logGroup: string;
  accountId: string;
}

/**
 * A row flowing through the pipeline: an event (or, after stats, none) plus the fields commands
 * created. Discovered fields are parsed lazily, once, on first access.
 */
export class Row {
  /** Flow-record state: 0 = not looked at yet, 1 = a default-format v2 record, 2 = not one. */
  flowState = 0;
  /** Offsets of the 13 separating spaces of a flow record (kept across `reset` to avoid allocation). */
  flowSpaces: Int32Array | null = null;
  /** Flattened JSON fields; null = not JSON; undefined = not looked at yet. */
  json: Record<string, Value> | null | undefined = undefined;
  /** Fields set by fields/parse/stats. */
  ext: Record<string, Value> | null = null;

  constructor(
    public ev: InsightsEvent | null,
    public index: number,
  ) {}

  /** Points this row at another event, so a streaming stats scan can reuse one object. */
  reset(ev: InsightsEvent, index: number): void {
    this.ev = ev;
    this.index = index;
    this.flowState = 0;
    this.json = undefined;
    this.ext = null;
  }

  /** Sets a created field. */
  set(name: string, v: Value): void {
    (this.ext ??= {})[name] = v;
  }
}
