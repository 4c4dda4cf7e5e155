/**
 * Makes a catalog table queryable in DuckDB: a temp view over `read_csv` of the table's S3 objects,
 * read the way Hive's LazySimpleSerDe reads text: no quoting, the table's field delimiter,
 * `skip.header.line.count` lines skipped in every file, missing trailing fields NULL, and values
 * that do not parse as the column's type (the `-` of NODATA records in an int column) NULL.
 * Partition columns are constants per partition.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogColumn } from './catalog';
import { objectFile, type DuckHost } from './duckdb-host';
import type { ObjectReader } from './object-reader';
import { tableFiles } from './table-files';
import type { ResolvedTable } from './translate';

export interface MaterializeStats {
  bytesScanned: number;
  files: number;
}

/** Creates the temp view for one table on this connection and returns what it will scan. */
export async function materializeTable(
  con: DuckDBConnection,
  h: DuckHost,
  t: ResolvedTable,
  reader: ObjectReader,
  nowMs: number,
): Promise<MaterializeStats> {
  const table = t.table;
  const skip = Math.max(0, parseInt(table.tblProperties['skip.header.line.count'] ?? '0', 10) || 0);
  const selects: string[] = [];
  let bytesScanned = 0;
  let files = 0;
  for (const part of tableFiles(table, reader, nowMs)) {
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
  if (!selects.length) {
    const cols = [...table.columns, ...table.partitionKeys].map((c) => `CAST(NULL AS ${duckType(c.type)}) AS ${q(c.name)}`);
    selects.push(`SELECT ${cols.join(', ')} WHERE false`);
  }
  await con.run(`CREATE OR REPLACE TEMP VIEW ${q(t.view)} AS ${selects.join('\nUNION ALL\n')}`);
  return { bytesScanned, files };
}

function readCsv(paths: string[], columns: number, delimiter: string, skip: number, compression: string): string {
  const cols = `{${Array.from({ length: Math.max(columns, 1) }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  return (
    `read_csv([${paths.map(lit).join(', ')}], delim = ${lit(delimiter)}, header = false, skip = ${skip}, ` +
    `columns = ${cols}, quote = '', escape = '', auto_detect = false, null_padding = true, ` +
    `strict_mode = false, nullstr = '\\N', compression = '${compression}')`
  );
}

/** The DuckDB type for a Hive column type; complex types are read as text. */
export function duckType(hiveType: string): string {
  const t = hiveType.toLowerCase();
  if (t === 'int' || t === 'integer') return 'INTEGER';
  if (t === 'bigint') return 'BIGINT';
  if (t === 'smallint') return 'SMALLINT';
  if (t === 'tinyint') return 'TINYINT';
  if (t === 'double') return 'DOUBLE';
  if (t === 'float' || t === 'real') return 'FLOAT';
  if (t === 'boolean') return 'BOOLEAN';
  if (t === 'date') return 'DATE';
  if (t === 'timestamp') return 'TIMESTAMP';
  const dec = /^decimal(?:\((\d+),(\d+)\))?$/.exec(t);
  if (dec) return `DECIMAL(${dec[1] ?? 10},${dec[2] ?? 0})`;
  return 'VARCHAR';
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
