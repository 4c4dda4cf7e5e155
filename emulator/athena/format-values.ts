/**
 * Turns DuckDB result columns and values into what Athena returns: Trino type names with their
 * precision and scale, and every value as Trino prints it (doubles as Java does, timestamps with
 * milliseconds, `timestamp with time zone` with its zone).
 */
import type { ResultColumn } from './result-set';

/** Maps a DuckDB type name to an Athena ColumnInfo type, precision and scale. */
export function athenaColumn(name: string, duckType: string): ResultColumn {
  const t = duckType.toUpperCase();
  const col = (type: string, precision: number, scale = 0): ResultColumn => ({ name, type, precision, scale });
  if (t === 'VARCHAR') return col('varchar', 2147483647);
  if (t === 'INTEGER') return col('integer', 10);
  if (t === 'BIGINT' || t === 'HUGEINT' || t === 'UBIGINT' || t === 'UINTEGER') return col('bigint', 19);
  if (t === 'SMALLINT' || t === 'USMALLINT') return col('smallint', 5);
  if (t === 'TINYINT' || t === 'UTINYINT') return col('tinyint', 3);
  if (t === 'DOUBLE') return col('double', 17);
  if (t === 'FLOAT') return col('real', 17);
  if (t === 'BOOLEAN') return col('boolean', 0);
  if (t === 'DATE') return col('date', 0);
  if (t === 'TIMESTAMP WITH TIME ZONE') return col('timestamp with time zone', 3);
  if (t.startsWith('TIMESTAMP')) return col('timestamp', 3);
  if (t === 'INTERVAL') return col('interval day to second', 0);
  const dec = /^DECIMAL\((\d+),(\d+)\)$/.exec(t);
  if (dec) return col('decimal', Number(dec[1]), Number(dec[2]));
  if (t.endsWith('[]')) return col('array', 0);
  if (t.startsWith('MAP')) return col('map', 0);
  if (t.startsWith('STRUCT')) return col('row', 0);
  if (t === '"NULL"' || t === 'NULL') return col('unknown', 0);
  return col('varchar', 2147483647);
}

/** The parts of a DuckDB result type that nested values need (the node-api type objects have them). */
export interface DuckTypeShape {
  toString(): string;
  entryNames?: readonly string[];
  entryTypes?: readonly DuckTypeShape[];
  keyType?: DuckTypeShape;
  valueType?: DuckTypeShape;
}

/**
 * Formats a value of a DuckDB-typed result column as Athena prints it: rows as `{arn=…, type=…}`,
 * arrays as `[a, b]`, maps as `{k=v}`, nested values likewise and nested nulls as `null`.
 */
export function formatTyped(value: unknown, type: DuckTypeShape): string | null {
  if (value === null || value === undefined) return null;
  if (!type.entryNames && !type.valueType) return formatValue(value, athenaColumn('', type.toString()).type);
  const inner = (v: unknown, t: DuckTypeShape) => formatTyped(v, t) ?? 'null';
  if (type.entryNames && type.entryTypes) {
    const o = value as Record<string, unknown>;
    return `{${type.entryNames.map((n, i) => `${n}=${inner(o[n], type.entryTypes![i])}`).join(', ')}}`;
  }
  if (type.keyType && type.valueType) {
    const entries = value as Array<{ key: unknown; value: unknown }>;
    return `{${entries.map((e) => `${inner(e.key, type.keyType!)}=${inner(e.value, type.valueType!)}`).join(', ')}}`;
  }
  return `[${(value as unknown[]).map((v) => inner(v, type.valueType!)).join(', ')}]`;
}

/** Formats one value of an Athena-typed column; null stays null. */
export function formatValue(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'double' || type === 'real') return javaDouble(Number(value));
  if (type === 'timestamp') return timestampText(String(value));
  if (type === 'timestamp with time zone') return `${timestampText(String(value).replace(/[+-]\d\d(:?\d\d)?$/, ''))} UTC`;
  if (Array.isArray(value)) return `[${value.map((v) => (v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `2024-01-01 10:00:00` or `…10:00:00.123456` → `2024-01-01 10:00:00.000` (Trino's timestamp(3)). */
function timestampText(s: string): string {
  const m = /^(\d{4,}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?/.exec(s);
  if (!m) return s;
  return `${m[1]} ${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}`;
}

/** Java's Double.toString: `2.0`, `0.1`, `1.0E7`, `1.0E-4`, `NaN`, `Infinity`. */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exp] = n.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${Number(exp)}`;
}
