/**
 * The files Athena writes to the result location. `<id>.csv` is RFC 4180 CSV with every field
 * double-quoted, a header row, and NULL as an empty unquoted field (Athena's own output format).
 * `<id>.csv.metadata` is binary protobuf on AWS; the emulator writes stable JSON of the column
 * info instead, which readers treat as opaque bytes. DDL and utility statements write `<id>.txt`:
 * their rows, one per line.
 */
import type { ResultSet } from '../../athena/result-set';

/** The CSV body Athena writes for a query result. */
export function resultCsv(result: ResultSet): Buffer {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [result.columns.map((c) => quote(c.name)).join(',')];
  for (const row of result.rows) lines.push(row.map((v) => (v === null ? '' : quote(v))).join(','));
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** The `.csv.metadata` companion: the column info as JSON (stable bytes; AWS's is protobuf). */
export function resultMetadata(result: ResultSet): Buffer {
  return Buffer.from(JSON.stringify({ columns: result.columns }));
}

/** The `.txt` body of a DDL or utility statement: one row per line, columns tab-separated. */
export function resultText(result: ResultSet): Buffer {
  return Buffer.from(result.rows.map((r) => r.map((v) => v ?? '').join('\t')).map((l) => `${l}\n`).join(''));
}
