/**
 * The Athena SQL engine: classifies a statement, runs DDL against the catalog synchronously and
 * queries on DuckDB over the emulator's S3 objects. Every failure is an AthenaQueryError carrying
 * the message Athena would put in StateChangeReason; nothing here throws anything else.
 */
import { parseStatement, type Statement } from './ddl-parser';
import { executeDdl, type DdlContext } from './ddl-executor';
import { AthenaQueryError, ERROR_CATEGORY_SYSTEM, ERROR_TYPE } from './errors';
import { duckHost, openConnection } from './duckdb-host';
import { materializeTable } from './materialize';
import { partitionFilter } from './partition-pruning';
import { translateQuery, type Translation } from './translate';
import { athenaColumn, formatTyped, type DuckTypeShape } from './format-values';
import type { ResultSet } from './result-set';
import { isName, type Token } from './sql-lexer';
import { parseHiveType, trinoTypeOf } from './hive-types';

export type StatementType = 'DDL' | 'DML' | 'UTILITY';

export type EngineContext = DdlContext;

export interface Outcome {
  statementType: StatementType;
  result: ResultSet;
  bytesScanned: number;
}

/** A statement checked and ready to run: DDL has already been applied when `outcome` is set. */
export interface Prepared {
  statementType: StatementType;
  /** Set when the statement finished during preparation (DDL, utility, or a failure). */
  outcome?: Outcome;
  error?: AthenaQueryError;
  /** For queries: the rest of the work, to run asynchronously. */
  run?: () => Promise<Outcome>;
}

const UTILITY: Statement['kind'][] = ['showPartitions', 'showTables', 'showDatabases', 'describe', 'showCreateTable'];

/** Athena's StatementType for a query string (DDL, DML or UTILITY), guessed from its first words on parse errors. */
export function statementTypeOf(stmt: Statement): StatementType {
  if (stmt.kind === 'query') return 'DML';
  return UTILITY.includes(stmt.kind) ? 'UTILITY' : 'DDL';
}

/**
 * Parses and prepares a statement. DDL and utility statements run right here, synchronously, so the
 * catalog is up to date before StartQueryExecution returns; queries are translated (unknown tables
 * fail here) and handed back as `run`.
 */
export function prepareStatement(sql: string, ctx: EngineContext): Prepared {
  let stmt: Statement;
  try {
    stmt = parseStatement(sql);
  } catch (e) {
    const first = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '';
    const type: StatementType = ['show', 'describe', 'desc'].includes(first) ? 'UTILITY' : ['select', 'with'].includes(first) ? 'DML' : 'DDL';
    return { statementType: type, error: asQueryError(e) };
  }
  const statementType = statementTypeOf(stmt);
  if (stmt.kind !== 'query') {
    try {
      return { statementType, outcome: { statementType, result: executeDdl(stmt, sql, ctx), bytesScanned: 0 } };
    } catch (e) {
      return { statementType, error: asQueryError(e) };
    }
  }
  let translation: Translation;
  try {
    translation = translateQuery(sql, ctx.catalog, ctx.database);
  } catch (e) {
    return { statementType, error: asQueryError(e) };
  }
  return { statementType, run: () => runQuery(translation, ctx) };
}

/** Prepares and runs a statement to the end; resolves with the outcome or rejects with an AthenaQueryError. */
export async function runStatement(sql: string, ctx: EngineContext): Promise<Outcome> {
  const p = prepareStatement(sql, ctx);
  if (p.error) throw p.error;
  if (p.outcome) return p.outcome;
  return p.run!();
}

async function runQuery(tr: Translation, ctx: EngineContext): Promise<Outcome> {
  const h = await duckHost();
  const con = await openConnection(h);
  try {
    let bytesScanned = 0;
    for (const t of tr.tables) {
      const references = tr.sql.split(`"${t.view}"`).length - 1;
      const keep = partitionFilter(tr.tokens, t.table, tr.tables.length === 1 && references === 1 ? 1 : 2);
      bytesScanned += (await materializeTable(con, h, t, ctx.reader, ctx.nowMs, keep)).bytesScanned;
    }
    let reader;
    try {
      reader = await con.runAndReadAll(tr.sql);
    } catch (e) {
      throw mapDuckError(e, tr.tokens, trinoColumnTypes(tr));
    }
    const duckNames = reader.columnNames();
    const duckTypes = reader.columnTypes();
    const names = tr.columnNames && tr.columnNames.length === duckNames.length ? tr.columnNames : duckNames.map((n) => n.toLowerCase());
    const columns = names.map((n, i) => athenaColumn(n, duckTypes[i].toString()));
    const rows = (reader.getRowsJson() as unknown[][]).map((row) => row.map((v, i) => formatTyped(v, duckTypes[i] as DuckTypeShape)));
    return { statementType: 'DML', result: { columns, rows }, bytesScanned };
  } catch (e) {
    throw asQueryError(e);
  } finally {
    con.closeSync();
  }
}

function asQueryError(e: unknown): AthenaQueryError {
  if (e instanceof AthenaQueryError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new AthenaQueryError(`GENERIC_INTERNAL_ERROR: ${message.split('\n')[0]}`, ERROR_TYPE.internal, ERROR_CATEGORY_SYSTEM);
}

/** Turns a DuckDB error into the Trino message for the same mistake, positioned in the original SQL. */
export function mapDuckError(e: unknown, tokens: Token[], columnTypes?: Record<string, string>): AthenaQueryError {
  const message = e instanceof Error ? e.message : String(e);
  const first = message.split('\n')[0].replace(/^Error: /, '');
  const pos = (name: string, call = false) => {
    const lower = name.toLowerCase();
    const sig = tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
    const idx = sig.findIndex((t, i) => (t.kind === 'ident' || t.kind === 'quoted' || t.kind === 'backtick') && t.value.toLowerCase() === lower && (sig[i + 1]?.text === '(') === call);
    const t = idx >= 0 ? sig[idx] : sig[0];
    // A qualified column (`t.x`) is reported at its qualifier, as Trino does.
    const q = idx >= 2 && sig[idx - 1].text === '.' ? sig[idx - 2] : t;
    return `line ${q?.line ?? 1}:${q?.col ?? 1}: `;
  };
  let m = /Referenced column "([^"]+)" not found/.exec(first) ?? /does not have a column named "([^"]+)"/.exec(first);
  if (m) {
    return new AthenaQueryError(
      `COLUMN_NOT_FOUND: ${pos(m[1])}Column '${m[1]}' cannot be resolved or requester is not authorized to access requested resources`,
      ERROR_TYPE.notFound,
    );
  }
  // A struct field that does not exist: Trino names the whole dereference, positioned at its base.
  m = /Could not find key "([^"]+)" in struct/.exec(first);
  if (m) {
    const path = dereference(tokens, m[1]);
    return new AthenaQueryError(
      `COLUMN_NOT_FOUND: line ${path.at.line}:${path.at.col}: Column '${path.text}' cannot be resolved or requester is not authorized to access requested resources`,
      ERROR_TYPE.notFound,
    );
  }
  m = /Cannot extract field '([^']+)' from expression "([^"]+)" because it is not a struct/.exec(first);
  if (m) return new AthenaQueryError(`TYPE_MISMATCH: ${pos(m[2])}Expression ${m[2]} is not of type ROW`);
  // A column compared with a value of another type: Trino refuses at analysis, DuckDB fails on the first value it cannot cast.
  m = /when casting from source column (\w+)/.exec(first) ?? /can't be cast to the destination type (STRUCT|MAP)/.exec(first);
  if (m) {
    const mismatch = comparisonMismatch(tokens, columnTypes ?? {}, m[1].toLowerCase());
    if (mismatch) return new AthenaQueryError(`TYPE_MISMATCH: line ${mismatch.at.line}:${mismatch.at.col}: Cannot apply operator: ${mismatch.text}`);
  }
  m = /Referenced table "([^"]+)" not found/.exec(first);
  if (m) return new AthenaQueryError(`COLUMN_NOT_FOUND: ${pos(m[1])}Column '${m[1]}' cannot be resolved or requester is not authorized to access requested resources`, ERROR_TYPE.notFound);
  m = /(?:Scalar|Aggregate|Table) Function with name (\S+) does not exist/.exec(first);
  if (m) {
    const name = m[1].replace(/^__trino_/, '');
    return new AthenaQueryError(`FUNCTION_NOT_FOUND: ${pos(name, true)}Function '${name}' not registered`);
  }
  m = /syntax error at or near "([^"]*)"/.exec(first);
  if (m) return new AthenaQueryError(`SYNTAX_ERROR: ${pos(m[1])}mismatched input '${m[1]}'`);
  if (/syntax error at end of input/.test(first)) {
    const sig = tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
    const last = sig[sig.length - 1];
    return new AthenaQueryError(`SYNTAX_ERROR: line ${last?.line ?? 1}:${(last?.col ?? 0) + (last?.text.length ?? 0)}: mismatched input '<EOF>'`);
  }
  if (/^Conversion Error/.test(first)) return new AthenaQueryError(`INVALID_CAST_ARGUMENT: ${first.replace(/^Conversion Error: /, '')}`);
  if (/^(Binder|Parser|Catalog) Error/.test(first)) {
    return new AthenaQueryError(`SYNTAX_ERROR: ${first.replace(/^\w+ Error: /, '')}`);
  }
  return new AthenaQueryError(`GENERIC_USER_ERROR: ${first.replace(/^\w+ Error: /, '')}`);
}

/** The Trino type of every column of the query's tables, by lowercase name. */
function trinoColumnTypes(tr: Translation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tr.tables) {
    for (const c of [...t.table.columns, ...t.table.partitionKeys]) {
      try {
        out[c.name] = trinoTypeOf(parseHiveType(c.type));
      } catch {
        // A type the catalog could not parse has no Trino name to report.
      }
    }
  }
  return out;
}

/** The dotted text of the dereference ending in `.field`, and where its base starts. */
function dereference(tokens: Token[], field: string): { text: string; at: Token } {
  const sig = tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
  const end = sig.findIndex((t, i) => i > 0 && sig[i - 1].text === '.' && isName(t) && t.value.toLowerCase() === field.toLowerCase());
  if (end < 0) return { text: field, at: sig[0] };
  let start = end;
  while (start >= 2 && sig[start - 1].text === '.' && isName(sig[start - 2])) start -= 2;
  return { text: sig.slice(start, end + 1).map((t) => (t.text === '.' ? '.' : t.value)).join(''), at: sig[start] };
}

const COMPARISONS = ['=', '<>', '!=', '<', '>', '<=', '>='];

/** `column <op> literal` where the literal's type differs from the column's: the operator and both Trino types. */
function comparisonMismatch(tokens: Token[], types: Record<string, string>, column: string): { text: string; at: Token } | undefined {
  const sig = tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
  for (let i = 0; i + 2 < sig.length; i++) {
    const [a, op, b] = [sig[i], sig[i + 1], sig[i + 2]];
    if (!isName(a) || op.kind !== 'op' || !COMPARISONS.includes(op.text) || sig[i - 1]?.text === '.') continue;
    const type = types[a.value.toLowerCase()];
    if (!type || (column !== 'struct' && column !== 'map' && a.value.toLowerCase() !== column)) continue;
    if ((column === 'struct' && !type.startsWith('row(')) || (column === 'map' && !type.startsWith('map('))) continue;
    const literal = literalType(b);
    if (!literal || literal === type) continue;
    return { text: `${type} ${op.text === '!=' ? '<>' : op.text} ${literal}`, at: op };
  }
  return undefined;
}

/** The Trino type of a literal token: `'abc'` is varchar(3), `1` integer, `1.5` decimal(2,1). */
function literalType(t: Token): string | undefined {
  if (t.kind === 'string') return `varchar(${[...t.value].length})`;
  if (t.kind !== 'number') return undefined;
  if (/^\d+$/.test(t.text)) return Number(t.text) > 2147483647 ? 'bigint' : 'integer';
  if (/^\d*\.\d+$/.test(t.text)) {
    const digits = t.text.replace('.', '').replace(/^0+(?=\d)/, '');
    return `decimal(${Math.max(digits.length, 1)},${t.text.split('.')[1].length})`;
  }
  return 'double';
}
