// Reading and writing flow-log record lines (aws-fidelity §1). Parsing is on the hot path of checks
// and of the emulator (millions of lines), so it finds the columns with indexOf, validates them in
// place and allocates only the offsets array and the record; values are cut out lazily by FlowRecord.
import { FlowRecordError } from './errors';
import { FlowRecord, type FieldValue } from './flow-record';
import { compiledFormat, headerLine, parseFormat, type CompiledFormat, type FlowLogFormat } from './format';

const DASH = 45;
const ZERO = 48;
const NINE = 57;
const CR = 13;

/**
 * Parses one record line against a format (default: the v2 default format). `-` is allowed in every
 * field except log-status. Throws FlowRecordError naming the line number and the field.
 */
export function parseRecord(line: string, format?: FlowLogFormat, lineNumber?: number): FlowRecord {
  const fmt = format ?? parseFormat();
  const c = compiledFormat(fmt);
  let len = line.length;
  if (len > 0 && line.charCodeAt(len - 1) === CR) line = line.slice(0, --len);
  const kinds = c.kinds;
  const n = kinds.length;
  const starts: number[] = new Array(n + 1);
  // indexOf finds spaces natively, several times faster than a JS loop over every char.
  let s = 0;
  for (let f = 0; f < n - 1; f++) {
    const e = line.indexOf(' ', s);
    if (e === -1) throw countError(line, c, lineNumber);
    // Free-text columns need no check unless empty; skipping the call keeps the loop tight.
    if (kinds[f] !== 0 || e === s) checkField(line, s, e, f, c, lineNumber);
    starts[f] = s;
    s = e + 1;
  }
  if (line.indexOf(' ', s) !== -1) throw countError(line, c, lineNumber);
  checkField(line, s, len, n - 1, c, lineNumber);
  starts[n - 1] = s;
  starts[n] = len + 1;
  return new FlowRecord(line, fmt, c, starts, lineNumber);
}

/**
 * Parses a whole plain-text file: skips empty lines and, when the first line is the format's header
 * line, that header. Line numbers in errors count every line of the text from 1.
 */
export function parseRecords(text: string, format?: FlowLogFormat): FlowRecord[] {
  const fmt = format ?? parseFormat();
  const lines = text.split('\n');
  const out: FlowRecord[] = [];
  const header = headerLine(fmt);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || (i === 0 && line === header)) continue;
    out.push(parseRecord(line, fmt, i + 1));
  }
  return out;
}

/**
 * Writes one record line: values in field order (an array) or by field id (an object). Undefined
 * and null become `-`; numbers must be non-negative integers. With an object, a missing `version`
 * is filled with the format's version, since that is what AWS always writes there.
 */
export function formatRecord(values: readonly FieldValue[] | Readonly<Record<string, FieldValue>>, format?: FlowLogFormat): string {
  const fmt = format ?? parseFormat();
  const fields = fmt.fields;
  const byIndex = Array.isArray(values);
  if (byIndex && values.length !== fields.length) {
    throw new FlowRecordError(`expected ${fields.length} values (${fields.join(' ')}), got ${values.length}`, undefined, undefined, '');
  }
  const parts: string[] = new Array(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i];
    let v = byIndex ? (values as readonly FieldValue[])[i] : (values as Readonly<Record<string, FieldValue>>)[name];
    if (v == null && !byIndex && name === 'version') v = fmt.version;
    parts[i] = formatValue(name, v);
  }
  return parts.join(' ');
}

function formatValue(name: string, v: FieldValue): string {
  if (v == null) return '-';
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) throw new FlowRecordError(`field '${name}' must be a non-negative integer, got ${v}`, undefined, name, '');
    return String(v);
  }
  const s = String(v);
  // An empty value or a space would shift every later column when the line is read back.
  if (s === '' || /\s/.test(s)) throw new FlowRecordError(`field '${name}' must be non-empty text without spaces, got '${s}'`, undefined, name, '');
  return s;
}

function checkField(line: string, s: number, e: number, f: number, c: CompiledFormat, lineNumber: number | undefined): void {
  const kind = c.kinds[f];
  if (e === s) throw fieldError(line, c, f, lineNumber, `field '${c.fields[f]}' is empty (two spaces in a row, or a space at the start or end)`);
  if (e - s === 1 && line.charCodeAt(s) === DASH) {
    if (c.fields[f] === 'log-status') throw fieldError(line, c, f, lineNumber, `field 'log-status' must be one of OK, NODATA, SKIPDATA, got '-'`);
    return;
  }
  if (kind === 0) return;
  if (kind === 1) {
    let v = 0;
    for (let k = s; k < e; k++) {
      const ch = line.charCodeAt(k);
      if (ch < ZERO || ch > NINE) throw fieldError(line, c, f, lineNumber, `field '${c.fields[f]}' must be a number, got '${line.slice(s, e)}'`);
      v = v * 10 + (ch - ZERO);
    }
    if (v > c.max[f]) throw fieldError(line, c, f, lineNumber, `field '${c.fields[f]}' must be at most ${c.max[f]}, got '${line.slice(s, e)}'`);
    return;
  }
  if (kind === 2) {
    const values = c.values[f];
    for (let k = 0; k < values.length; k++) if (values[k].length === e - s && line.startsWith(values[k], s)) return;
    throw fieldError(line, c, f, lineNumber, `field '${c.fields[f]}' must be one of ${values.join(', ')}, got '${line.slice(s, e)}'`);
  }
  // An AWS service name: upper-case letters, digits and underscores.
  for (let k = s; k < e; k++) {
    const ch = line.charCodeAt(k);
    if (!((ch >= 65 && ch <= 90) || (ch >= ZERO && ch <= NINE) || ch === 95)) {
      throw fieldError(line, c, f, lineNumber, `field '${c.fields[f]}' must be an AWS service name such as AMAZON or S3, got '${line.slice(s, e)}'`);
    }
  }
}

function fieldError(line: string, c: CompiledFormat, f: number, lineNumber: number | undefined, reason: string): FlowRecordError {
  return new FlowRecordError(reason, lineNumber, c.fields[f], line);
}

function countError(line: string, c: CompiledFormat, lineNumber: number | undefined): FlowRecordError {
  const got = line.split(' ').length;
  return new FlowRecordError(`expected ${c.fields.length} fields (${c.fields.join(' ')}), got ${got}`, lineNumber, undefined, line);
}
