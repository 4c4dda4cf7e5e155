/**
 * JSON tables the way Athena reads them: the input format splits a file into records, the JSON
 * SerDe maps each record onto the table's columns.
 * - `com.amazon.emr.cloudtrail.CloudTrailInputFormat` (and the old CloudTrail SerDe) reads a
 *   CloudTrail log file, one JSON document `{"Records":[…]}`, and yields each element of `Records`.
 * - Hive's TextInputFormat yields each line; the JSON SerDes expect one JSON object per line.
 * Keys match columns and struct fields case-insensitively (`eventName` → `eventname`); a column of
 * type string holding an object or array gets the value's JSON text (how `requestparameters` is read);
 * missing keys are NULL. The output is newline-delimited JSON with exactly the column names, for
 * DuckDB's `read_json` with the columns' DuckDB types.
 */
import { gunzipSync } from 'node:zlib';
import type { CatalogColumn, CatalogTable } from './catalog';
import { AthenaQueryError } from './errors';
import { parseHiveType, type HiveType } from './hive-types';

export const CLOUDTRAIL_INPUT_FORMAT = 'com.amazon.emr.cloudtrail.CloudTrailInputFormat';
export const CLOUDTRAIL_SERDE = 'com.amazon.emr.hive.serde.CloudTrailSerde';
const JSON_SERDES = ['org.apache.hive.hcatalog.data.JsonSerDe', 'org.openx.data.jsonserde.JsonSerDe', CLOUDTRAIL_SERDE];

/** True when the table's rows are JSON (a JSON SerDe or the CloudTrail input format), not delimited text. */
export function isJsonTable(table: CatalogTable): boolean {
  return JSON_SERDES.includes(table.rowFormat.serde) || table.rowFormat.inputFormat === CLOUDTRAIL_INPUT_FORMAT;
}

/** True when files are CloudTrail log files whose `Records` are the rows. */
export function readsCloudTrailRecords(table: CatalogTable): boolean {
  const input = table.rowFormat.inputFormat;
  return input === CLOUDTRAIL_INPUT_FORMAT || (input === undefined && table.rowFormat.serde === CLOUDTRAIL_SERDE);
}

/** The column types as trees, parsed once per query. */
export function columnTypes(columns: CatalogColumn[]): HiveType[] {
  return columns.map((c) => parseHiveType(c.type));
}

/** Turns one object body into newline-delimited JSON rows holding only the table's columns. */
export function jsonRows(body: Buffer, columns: CatalogColumn[], types: HiveType[], cloudTrail: boolean, where: string): string {
  const bytes = body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
  const text = bytes.toString('utf8');
  const records: unknown[] = [];
  if (cloudTrail) {
    if (text.trim() === '') return '';
    const doc = parseJson(text, where);
    const list = isObject(doc) ? keyed(doc).get('records') : undefined;
    if (!Array.isArray(list)) {
      throw new AthenaQueryError(`HIVE_CURSOR_ERROR: ${where} is not a CloudTrail log file: it has no "Records" array`);
    }
    records.push(...list);
  } else {
    for (const line of text.split('\n')) if (line.trim() !== '') records.push(parseJson(line, where));
  }
  const out: string[] = [];
  for (const record of records) {
    if (!isObject(record)) throw new AthenaQueryError(`HIVE_CURSOR_ERROR: Row is not a valid JSON Object - ${where}`);
    const fields = keyed(record);
    const row: Record<string, unknown> = {};
    columns.forEach((c, i) => (row[c.name] = convert(fields.get(c.name), types[i], c.name)));
    out.push(JSON.stringify(row));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AthenaQueryError(`HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: ${(e as Error).message} (${where})`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object's entries by lowercased key; the first spelling wins, as the SerDe's lookup does. */
function keyed(o: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [k, v] of Object.entries(o)) if (!m.has(k.toLowerCase())) m.set(k.toLowerCase(), v);
  return m;
}

/** One JSON value as the SerDe reads it into a column of type `t`. */
function convert(v: unknown, t: HiveType, field: string): unknown {
  if (v === undefined || v === null) return null;
  switch (t.kind) {
    case 'struct': {
      if (!isObject(v)) throw badData(v, field);
      const fields = keyed(v);
      const out: Record<string, unknown> = {};
      for (const f of t.fields) out[f.name] = convert(fields.get(f.name), f.type, f.name);
      return out;
    }
    case 'array':
      if (!Array.isArray(v)) throw badData(v, field);
      return v.map((x) => convert(x, t.of, field));
    case 'map': {
      if (!isObject(v)) throw badData(v, field);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = convert(x, t.value, field);
      return out;
    }
    case 'primitive':
      return primitive(v, t.name, field);
  }
}

function primitive(v: unknown, type: string, field: string): unknown {
  const name = type.replace(/\(.*$/, '');
  if (['string', 'varchar', 'char'].includes(name)) return typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v === 'object') throw badData(v, field);
  if (name === 'boolean') {
    if (typeof v === 'boolean') return v;
    const s = String(v).toLowerCase();
    return s === 'true' ? true : s === 'false' ? false : null;
  }
  if (['int', 'integer', 'bigint', 'smallint', 'tinyint'].includes(name)) {
    const s = String(v).trim();
    if (!/^[-+]?\d+$/.test(s)) throw badData(v, field);
    return s;
  }
  if (['double', 'float', 'real', 'decimal'].includes(name)) {
    const s = String(v).trim();
    if (s === '' || Number.isNaN(Number(s))) throw badData(v, field);
    return s;
  }
  return String(v);
}

function badData(v: unknown, field: string): AthenaQueryError {
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return new AthenaQueryError(`HIVE_BAD_DATA: Error parsing field value '${text}' for field ${field}: the JSON value does not match the column type`);
}
