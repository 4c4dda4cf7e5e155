/**
 * Hive column types as a tree: `struct<arn:string,sessioncontext:struct<…>>`, `array<…>`, `map<…,…>`
 * and primitives, parsed from the normalised type text the DDL parser stores (lowercase, no spaces),
 * and rendered as the DuckDB type a JSON table's column is read as.
 */
import { ddlError } from './errors';

export type HiveType =
  | { kind: 'primitive'; name: string }
  | { kind: 'struct'; fields: Array<{ name: string; type: HiveType }> }
  | { kind: 'array'; of: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType };

/** Parses a normalised Hive type; throws a Hive DDL error for malformed text. */
export function parseHiveType(text: string): HiveType {
  let i = 0;
  const fail = (): never => {
    throw ddlError(`FAILED: ParseException line 1:${i} cannot recognize input near '${text.slice(i, i + 10)}' in column type`);
  };
  const word = (): string => {
    const m = /^[a-z0-9_]+/.exec(text.slice(i));
    if (!m) return fail();
    i += m[0].length;
    return m[0];
  };
  const take = (c: string) => {
    if (text[i] !== c) fail();
    i++;
  };
  const type = (): HiveType => {
    const name = word();
    if (name === 'struct') {
      take('<');
      const fields: Array<{ name: string; type: HiveType }> = [];
      if (text[i] !== '>') {
        do {
          const field = word();
          take(':');
          fields.push({ name: field, type: type() });
        } while (text[i] === ',' && ++i);
      }
      take('>');
      return { kind: 'struct', fields };
    }
    if (name === 'array') {
      take('<');
      const of = type();
      take('>');
      return { kind: 'array', of };
    }
    if (name === 'map') {
      take('<');
      const key = type();
      take(',');
      const value = type();
      take('>');
      return { kind: 'map', key, value };
    }
    // decimal(10,2), varchar(20), char(3): the parameters stay part of the primitive's name.
    if (text[i] === '(') {
      const end = text.indexOf(')', i);
      if (end < 0) fail();
      const params = text.slice(i, end + 1);
      i = end + 1;
      return { kind: 'primitive', name: `${name}${params}` };
    }
    return { kind: 'primitive', name };
  };
  const t = type();
  if (i !== text.length) fail();
  return t;
}

/** The DuckDB type a primitive Hive type is read as; unknown names read as text. */
export function duckPrimitive(hiveType: string): string {
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

/** The DuckDB type for a whole Hive type tree: STRUCT(…), T[] and MAP(K, V) for the complex kinds. */
export function duckTypeOf(t: HiveType): string {
  switch (t.kind) {
    case 'primitive':
      return duckPrimitive(t.name);
    case 'array':
      return `${duckTypeOf(t.of)}[]`;
    case 'map':
      return `MAP(${duckTypeOf(t.key)}, ${duckTypeOf(t.value)})`;
    case 'struct':
      return `STRUCT(${t.fields.map((f) => `"${f.name.replace(/"/g, '""')}" ${duckTypeOf(f.type)}`).join(', ')})`;
  }
}

/** Trino's name for a Hive type, as its error messages print it: `row(arn varchar, …)`, `array(varchar)`, `map(varchar, varchar)`. */
export function trinoTypeOf(t: HiveType): string {
  switch (t.kind) {
    case 'array':
      return `array(${trinoTypeOf(t.of)})`;
    case 'map':
      return `map(${trinoTypeOf(t.key)}, ${trinoTypeOf(t.value)})`;
    case 'struct':
      return `row(${t.fields.map((f) => `${f.name} ${trinoTypeOf(f.type)}`).join(', ')})`;
    case 'primitive': {
      const n = t.name;
      if (n === 'string') return 'varchar';
      if (n === 'int') return 'integer';
      if (n === 'float') return 'real';
      if (n === 'timestamp') return 'timestamp(3)';
      return n;
    }
  }
}
