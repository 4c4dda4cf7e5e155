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
import { translateQuery, type Translation } from './translate';
import { athenaColumn, formatTyped, type DuckTypeShape } from './format-values';
import type { ResultSet } from './result-set';
import type { Token } from './sql-lexer';

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
    for (const t of tr.tables) bytesScanned += (await materializeTable(con, h, t, ctx.reader, ctx.nowMs)).bytesScanned;
    let reader;
    try {
      reader = await con.runAndReadAll(tr.sql);
    } catch (e) {
      throw mapDuckError(e, tr.tokens);
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
export function mapDuckError(e: unknown, tokens: Token[]): AthenaQueryError {
  const message = e instanceof Error ? e.message : String(e);
  const first = message.split('\n')[0];
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
