// One parsed flow-log record. It keeps the line and the column offsets only: values are cut out or
// converted when asked for, because a check usually reads two or three fields of millions of records.
import type { CompiledFormat, FlowLogFormat } from './format';

/** A value `formatRecord` accepts and `toObject` returns; undefined stands for `-`. */
export type FieldValue = string | number | bigint | null | undefined;

const DASH = 45;
const ZERO = 48;

/** A record line read against its format; `-` reads as undefined through `num` and `str`. */
export class FlowRecord {
  private rawCache: Readonly<Record<string, string>> | undefined;

  /** Built by parseRecord; `starts[i]` is where column i begins, `starts[n]` is one past the end. */
  constructor(
    readonly line: string,
    readonly format: FlowLogFormat,
    private readonly compiled: CompiledFormat,
    private readonly starts: readonly number[],
    readonly lineNumber?: number,
  ) {}

  /** The raw text of every column by field id, exactly as written (including `-`). */
  get raw(): Readonly<Record<string, string>> {
    if (!this.rawCache) {
      const out: Record<string, string> = {};
      this.compiled.fields.forEach((name, i) => (out[name] = this.column(i)));
      this.rawCache = Object.freeze(out);
    }
    return this.rawCache;
  }

  /** Whether the record's format has this field. */
  has(field: string): boolean {
    return this.compiled.index[field] !== undefined;
  }

  /** The field as a number; undefined for `-`, for a non-numeric text field, or when the format lacks it. */
  num(field: string): number | undefined {
    const i = this.compiled.index[field];
    if (i === undefined) return undefined;
    const s = this.starts[i];
    const e = this.starts[i + 1] - 1;
    const line = this.line;
    if (e - s === 1 && line.charCodeAt(s) === DASH) return undefined;
    // Integer columns were checked to be digits when parsed; sum them without cutting a substring.
    // Past 15 digits a running sum could lose precision, so let Number() round it properly.
    if (this.compiled.kinds[i] === 1 && e - s <= 15) {
      let v = 0;
      for (let k = s; k < e; k++) v = v * 10 + (line.charCodeAt(k) - ZERO);
      return v;
    }
    const v = Number(line.slice(s, e));
    return Number.isFinite(v) ? v : undefined;
  }

  /** The field as text; undefined for `-` or when the format lacks the field. */
  str(field: string): string | undefined {
    const i = this.compiled.index[field];
    if (i === undefined) return undefined;
    const s = this.starts[i];
    const e = this.starts[i + 1] - 1;
    if (e - s === 1 && this.line.charCodeAt(s) === DASH) return undefined;
    return this.line.slice(s, e);
  }

  /** Every field typed: integer fields as numbers, others as strings, `-` as undefined. */
  toObject(): Record<string, string | number | undefined> {
    const out: Record<string, string | number | undefined> = {};
    this.compiled.fields.forEach((name, i) => (out[name] = this.compiled.kinds[i] === 1 ? this.num(name) : this.str(name)));
    return out;
  }

  /** The record line as parsed. */
  toString(): string {
    return this.line;
  }

  get version(): number | undefined {
    return this.num('version');
  }
  get accountId(): string | undefined {
    return this.str('account-id');
  }
  get interfaceId(): string | undefined {
    return this.str('interface-id');
  }
  get srcAddr(): string | undefined {
    return this.str('srcaddr');
  }
  get dstAddr(): string | undefined {
    return this.str('dstaddr');
  }
  get srcPort(): number | undefined {
    return this.num('srcport');
  }
  get dstPort(): number | undefined {
    return this.num('dstport');
  }
  get protocol(): number | undefined {
    return this.num('protocol');
  }
  get packets(): number | undefined {
    return this.num('packets');
  }
  get bytes(): number | undefined {
    return this.num('bytes');
  }
  /** Unix seconds of the first packet in the aggregation interval. */
  get start(): number | undefined {
    return this.num('start');
  }
  /** Unix seconds of the last packet in the aggregation interval. */
  get end(): number | undefined {
    return this.num('end');
  }
  get action(): 'ACCEPT' | 'REJECT' | undefined {
    return this.str('action') as 'ACCEPT' | 'REJECT' | undefined;
  }
  get logStatus(): 'OK' | 'NODATA' | 'SKIPDATA' | undefined {
    return this.str('log-status') as 'OK' | 'NODATA' | 'SKIPDATA' | undefined;
  }

  private column(i: number): string {
    return this.line.slice(this.starts[i], this.starts[i + 1] - 1);
  }
}
