/**
 * Makes a catalog table queryable in DuckDB: a temp view over the table's S3 objects. Delimited
 * text is read with `read_csv` the way Hive's LazySimpleSerDe reads it: no quoting, the table's
 * field delimiter, `skip.header.line.count` lines skipped in every file, missing trailing fields
 * NULL, and values that do not parse as the column's type (the `-` of NODATA records in an int
 * column) NULL. JSON tables (CloudTrail) are rewritten to one row per line (json-rows.ts) and read
 * with `read_json` as typed STRUCT/LIST/MAP columns. Partition columns are constants per partition.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogColumn, CatalogTable } from './catalog';
import { derivedFile, objectFile, type DuckHost } from './duckdb-host';
import { duckPrimitive, duckTypeOf, parseHiveType } from './hive-types';
import { columnTypes, isJsonTable, jsonRows, readsCloudTrailRecords } from './json-rows';
import type { ObjectReader } from './object-reader';
import { tableFiles, type PartitionFiles } from './table-files';
import type { ResolvedTable } from './translate';

export interface MaterializeStats {
  bytesScanned: number;
  files: number;
}

/** Creates the temp view for one table on this connection (only the partitions `keep` accepts) and returns what it will scan. */
export async function materializeTable(
  con: DuckDBConnection,
  h: DuckHost,
  t: ResolvedTable,
  reader: ObjectReader,
  nowMs: number,
  keep: (values: string[]) => boolean = () => true,
): Promise<MaterializeStats> {
  const table = t.table;
  const parts = tableFiles(table, reader, nowMs).filter((p) => keep(p.values));
  if (isJsonTable(table)) return materializeJson(con, h, t, reader, parts);
  const skip = Math.max(0, parseInt(table.tblProperties['skip.header.line.count'] ?? '0', 10) || 0);
  const selects: string[] = [];
  let bytesScanned = 0;
  let files = 0;
  for (const part of parts) {
    const byCompression: Record<'gzip' | 'none', string[]> = { gzip: [], none: [] };
    for (const o of part.objects) {
      const f = objectFile(h, part.bucket, o.key, o.size, o.lastModified, () => reader.get(part.bucket, o.key));
      if (!f) continue;
      byCompression[f.gzip ? 'gzip' : 'none'].push(f.path);
      bytesScanned += o.size;
      files++;
    }
    for (const [compression, paths] of Object.entries(byCompression)) {
      if (!paths.length) continue;
      const source = readCsv(paths, table.columns.length, table.rowFormat.fieldDelimiter, skip, compression);
      const cols = table.columns.map((c, i) => `${castExpr(`c${i}`, c)} AS ${q(c.name)}`);
      const parts = table.partitionKeys.map((k, i) => `${castExpr(lit(part.values[i]), k)} AS ${q(k.name)}`);
      selects.push(`SELECT ${[...cols, ...parts].join(', ')} FROM ${source}`);
    }
  }
  if (!selects.length) selects.push(emptySelect(table, duckType));
  await con.run(`CREATE OR REPLACE TEMP VIEW ${q(t.view)} AS ${selects.join('\nUNION ALL\n')}`);
  return { bytesScanned, files };
}

/** A JSON table: each object rewritten to typed rows (cached per object and schema), then read_json. */
async function materializeJson(con: DuckDBConnection, h: DuckHost, t: ResolvedTable, reader: ObjectReader, parts: PartitionFiles[]): Promise<MaterializeStats> {
  const table = t.table;
  const types = columnTypes(table.columns);
  const duckTypes = types.map(duckTypeOf);
  const cloudTrail = readsCloudTrailRecords(table);
  const schema = createHash('sha1').update(JSON.stringify([table.columns, cloudTrail])).digest('hex');
  const columns = `{${table.columns.map((c, i) => `${lit(c.name)}: ${lit(duckTypes[i])}`).join(', ')}}`;
  const selects: string[] = [];
  let bytesScanned = 0;
  let files = 0;
  for (const part of parts) {
    const paths = jsonPaths(h, part, reader, (body, key) => jsonRows(body, table.columns, types, cloudTrail, `s3://${part.bucket}/${key}`), schema);
    bytesScanned += paths.bytes;
    files += paths.files;
    if (!paths.paths.length) continue;
    const source = `read_json([${paths.paths.map(lit).join(', ')}], format = 'newline_delimited', columns = ${columns}, compression = 'uncompressed')`;
    const parts = table.partitionKeys.map((k, i) => `${castExpr(lit(part.values[i]), k)} AS ${q(k.name)}`);
    selects.push(`SELECT ${[...table.columns.map((c) => q(c.name)), ...parts].join(', ')} FROM ${source}`);
  }
  if (!selects.length) selects.push(emptySelect(table, (type) => duckTypeOf(parseHiveType(type))));
  await con.run(`CREATE OR REPLACE TEMP VIEW ${q(t.view)} AS ${selects.join('\nUNION ALL\n')}`);
  return { bytesScanned, files };
}

function jsonPaths(
  h: DuckHost,
  part: PartitionFiles,
  reader: ObjectReader,
  rewrite: (body: Buffer, key: string) => string,
  schema: string,
): { paths: string[]; bytes: number; files: number } {
  const paths: string[] = [];
  let bytes = 0;
  let files = 0;
  for (const o of part.objects) {
    const id = `${part.bucket}\u0000${o.key}\u0000${o.size}\u0000${o.lastModified}\u0000${schema}`;
    let found = true;
    const path = derivedFile(h, id, () => {
      const body = reader.get(part.bucket, o.key);
      if (!body) {
        found = false;
        return undefined;
      }
      return rewrite(body, o.key);
    });
    if (!found) continue;
    bytes += o.size;
    files++;
    if (path) paths.push(path);
  }
  return { paths, bytes, files };
}

/** A view with the table's columns and no rows, for a table whose location holds no data. */
function emptySelect(table: CatalogTable, typeOf: (hiveType: string) => string): string {
  const cols = [...table.columns, ...table.partitionKeys].map((c) => `CAST(NULL AS ${typeOf(c.type)}) AS ${q(c.name)}`);
  return `SELECT ${cols.join(', ')} WHERE false`;
}

function readCsv(paths: string[], columns: number, delimiter: string, skip: number, compression: string): string {
  const cols = `{${Array.from({ length: Math.max(columns, 1) }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  return (
    `read_csv([${paths.map(lit).join(', ')}], delim = ${lit(delimiter)}, header = false, skip = ${skip}, ` +
    `columns = ${cols}, quote = '', escape = '', auto_detect = false, null_padding = true, ` +
    `strict_mode = false, nullstr = '\\N', compression = '${compression}')`
  );
}

/** The DuckDB type for a Hive column type of a delimited-text table; complex types are read as text. */
export function duckType(hiveType: string): string {
  return duckPrimitive(hiveType);
}

function castExpr(expr: string, c: CatalogColumn): string {
  const type = duckType(c.type);
  return type === 'VARCHAR' ? expr : `TRY_CAST(${expr} AS ${type})`;
}

function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
