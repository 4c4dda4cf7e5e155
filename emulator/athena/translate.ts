/**
 * Rewrites an Athena (Trino) query for DuckDB at the token level: table references are resolved
 * against the catalog and replaced by the materialized views, Trino-only functions are renamed to
 * their `__trino_*` macros (format strings converted), backticks become double quotes. It also
 * works out the result column names the way Trino names them (`_col0` for unnamed expressions).
 */
import { AthenaQueryError } from './errors';
import { findTable, type Catalog, type CatalogTable } from './catalog';
import { isName, isWord, tokenize, type Token } from './sql-lexer';
import { FORMAT_ARGUMENT, jodaToStrftime, mysqlToStrftime, TRINO_MACROS } from './trino-functions';

export interface ResolvedTable {
  db: string;
  name: string;
  table: CatalogTable;
  /** The DuckDB view the query reads instead. */
  view: string;
}

export interface Translation {
  sql: string;
  tables: ResolvedTable[];
  /** Trino's output column names, or undefined when the select list has a `*` (DuckDB's names are used). */
  columnNames?: string[];
  /** The original tokens, for mapping DuckDB errors back to positions. */
  tokens: Token[];
}

/** Words that end a table reference instead of being its alias. */
const NOT_ALIAS = new Set([
  'where', 'join', 'inner', 'left', 'right', 'full', 'cross', 'natural', 'on', 'using', 'group', 'order', 'having',
  'limit', 'offset', 'fetch', 'union', 'except', 'intersect', 'window', 'tablesample', 'lateral', 'outer', 'for',
]);

/** Words after which an identifier that follows is not an implicit column alias. */
const EXPRESSION_WORDS = new Set(['end', 'null', 'true', 'false', 'and', 'or', 'not', 'is', 'then', 'else', 'when', 'case', 'distinct', 'all']);

/** The view name a catalog table is materialized as. */
export function viewName(db: string, table: string): string {
  return `__lw_${db}__${table}`;
}

/** Translates one query; throws AthenaQueryError for tables or databases that do not exist. */
export function translateQuery(sql: string, catalog: Catalog, defaultDb: string): Translation {
  const tokens = tokenize(sql);
  const sig = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.kind !== 'ws' && t.kind !== 'comment');
  const out = tokens.map((t) => (t.kind === 'backtick' ? `"${t.value.replace(/"/g, '""')}"` : t.text));
  const cteNames = collectCteNames(sig.map((s) => s.t));
  const tables = new Map<string, ResolvedTable>();

  for (let k = 0; k < sig.length; k++) {
    const tok = sig[k].t;
    // Function calls: rename Trino-only functions, convert literal format strings.
    if (tok.kind === 'ident' && sig[k + 1]?.t.text === '(' && sig[k - 1]?.t.text !== '.') {
      if (TRINO_MACROS[tok.value]) out[sig[k].i] = `__trino_${tok.value}`;
      const fmt = FORMAT_ARGUMENT[tok.value];
      if (fmt) {
        const arg = argumentTokens(sig.map((s) => s.t), k + 1, fmt.index);
        if (arg && arg.length === 1 && arg[0].kind === 'string') {
          const idx = sig.findIndex((s) => s.t === arg[0]);
          const converted = fmt.dialect === 'mysql' ? mysqlToStrftime(arg[0].value) : jodaToStrftime(arg[0].value);
          out[sig[idx].i] = `'${converted.replace(/'/g, "''")}'`;
        }
      }
      continue;
    }
    // Table references follow FROM, JOIN, or a comma inside a FROM list.
    if (!(isWord(tok, 'from') || isWord(tok, 'join') || (tok.text === ',' && inFromList(sig.map((s) => s.t), k)))) continue;
    if (isWord(tok, 'from') && isInsideExtract(sig.map((s) => s.t), k)) continue;
    const first = k + 1;
    if (!isName(sig[first]?.t) || sig[first + 1]?.t.text === '(') continue;
    const parts: number[] = [first];
    while (sig[parts[parts.length - 1] + 1]?.t.text === '.' && isName(sig[parts[parts.length - 1] + 2]?.t)) {
      parts.push(parts[parts.length - 1] + 2);
    }
    const names = parts.map((p) => nameOf(sig[p].t));
    if (names.length === 1 && cteNames.has(names[0])) continue;
    const start = sig[first].t;
    const resolved = resolve(names, catalog, defaultDb, start);
    tables.set(resolved.view, resolved);
    const lastIdx = parts[parts.length - 1];
    const next = sig[lastIdx + 1]?.t;
    const hasAlias = !!next && (isWord(next, 'as') || (isName(next) && !(next.kind === 'ident' && NOT_ALIAS.has(next.value))));
    for (let ti = sig[first].i; ti <= sig[lastIdx].i; ti++) out[ti] = '';
    out[sig[first].i] = hasAlias ? `"${resolved.view}"` : `"${resolved.view}" AS "${resolved.name}"`;
    k = lastIdx;
  }
  return { sql: out.join(''), tables: [...tables.values()], columnNames: outputNames(sig.map((s) => s.t)), tokens };
}

function nameOf(t: Token): string {
  return t.kind === 'ident' ? t.value : t.value.toLowerCase();
}

function resolve(names: string[], catalog: Catalog, defaultDb: string, at: Token): ResolvedTable {
  let db = defaultDb;
  let name = names[names.length - 1];
  if (names.length >= 2) db = names[names.length - 2];
  if (names.length === 3 && names[0] !== 'awsdatacatalog') {
    throw new AthenaQueryError(`CATALOG_NOT_FOUND: line ${at.line}:${at.col}: Catalog '${names[0]}' does not exist`);
  }
  if (names.length > 3) throw new AthenaQueryError(`SYNTAX_ERROR: line ${at.line}:${at.col}: Too many dots in table name: ${names.join('.')}`);
  if (!catalog.databases[db]) {
    throw new AthenaQueryError(`SCHEMA_NOT_FOUND: line ${at.line}:${at.col}: Schema '${db}' does not exist`, 1006);
  }
  const table = findTable(catalog, db, name);
  if (!table) {
    throw new AthenaQueryError(`TABLE_NOT_FOUND: line ${at.line}:${at.col}: Table 'awsdatacatalog.${db}.${name}' does not exist`, 1006);
  }
  name = table.name;
  return { db, name, table, view: viewName(db, name) };
}

/** Names defined by `WITH name [(cols)] AS (` so they are not mistaken for catalog tables. */
function collectCteNames(t: Token[]): Set<string> {
  const names = new Set<string>();
  for (let k = 0; k < t.length; k++) {
    if (!(isWord(t[k], 'with') || t[k].text === ',') || !isName(t[k + 1])) continue;
    let j = k + 2;
    if (t[j]?.text === '(') j = skipParens(t, j) + 1;
    if (isWord(t[j], 'as') && t[j + 1]?.text === '(') names.add(nameOf(t[k + 1]));
  }
  return names;
}

function skipParens(t: Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < t.length; j++) {
    if (t[j].text === '(') depth++;
    else if (t[j].text === ')' && --depth === 0) return j;
  }
  return t.length - 1;
}

/** The tokens of argument `index` of the call whose `(` is at `open`. */
function argumentTokens(t: Token[], open: number, index: number): Token[] | undefined {
  let depth = 0;
  let arg = 0;
  const cur: Token[] = [];
  for (let j = open; j < t.length; j++) {
    const x = t[j];
    if (x.text === '(' && depth++ === 0) continue;
    if (x.text === ')' && --depth === 0) return arg === index ? cur : undefined;
    if (x.text === ',' && depth === 1) {
      if (arg === index) return cur;
      arg++;
      continue;
    }
    if (arg === index) cur.push(x);
  }
  return undefined;
}

/** True when the comma at `k` separates items of a FROM list (the nearest clause word at its depth is FROM). */
function inFromList(t: Token[], k: number): boolean {
  let depth = 0;
  for (let j = k - 1; j >= 0; j--) {
    const x = t[j];
    if (x.text === ')') depth++;
    else if (x.text === '(') {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && x.kind === 'ident') {
      if (x.value === 'from') return true;
      // ON/USING conditions of a JOIN stay inside the FROM clause: `FROM a JOIN b ON … , c` continues the list.
      if (['select', 'where', 'group', 'order', 'having', 'by', 'values', 'limit'].includes(x.value)) return false;
    }
  }
  return false;
}

/** `extract(day FROM ts)` and `substring(s FROM 2)` use FROM inside a call. */
function isInsideExtract(t: Token[], k: number): boolean {
  let depth = 0;
  for (let j = k - 1; j >= 0; j--) {
    if (t[j].text === ')') depth++;
    else if (t[j].text === '(') {
      if (depth === 0) return isWord(t[j - 1], 'extract') || isWord(t[j - 1], 'substring') || isWord(t[j - 1], 'trim');
      depth--;
    }
  }
  return false;
}

/** Trino's result column names for the first top-level SELECT; undefined when it has a `*`. */
function outputNames(t: Token[]): string[] | undefined {
  let depth = 0;
  let start = -1;
  for (let j = 0; j < t.length; j++) {
    if (t[j].text === '(') depth++;
    else if (t[j].text === ')') depth--;
    else if (depth === 0 && isWord(t[j], 'select')) {
      start = j + 1;
      break;
    }
  }
  if (start < 0) return undefined;
  if (isWord(t[start], 'distinct') || isWord(t[start], 'all')) start++;
  const items: Token[][] = [[]];
  depth = 0;
  for (let j = start; j < t.length; j++) {
    const x = t[j];
    if (depth === 0 && x.kind === 'ident' && ['from', 'where', 'group', 'order', 'limit', 'having', 'union', 'except', 'intersect', 'offset', 'window'].includes(x.value)) break;
    if (depth === 0 && x.text === ';') break;
    if (x.text === '(') depth++;
    if (x.text === ')') depth--;
    if (depth === 0 && x.text === ',') items.push([]);
    else items[items.length - 1].push(x);
  }
  const names: string[] = [];
  for (const [i, item] of items.entries()) {
    const last = item[item.length - 1];
    const prev = item[item.length - 2];
    if (!last) return undefined;
    if (last.text === '*') return undefined;
    if (isName(last) && isWord(prev, 'as')) names.push(nameOf(last));
    else if (isName(last) && item.every((x, n) => (n % 2 === 0 ? isName(x) : x.text === '.'))) names.push(nameOf(last));
    else if (
      isName(last) && prev && !(last.kind === 'ident' && EXPRESSION_WORDS.has(last.value)) &&
      (prev.text === ')' || isName(prev) || prev.kind === 'number' || prev.kind === 'string') &&
      !(prev.kind === 'ident' && EXPRESSION_WORDS.has(prev.value)) &&
      // `INTERVAL '1' DAY` ends in a unit, not an alias.
      !item.some((x) => isWord(x, 'interval'))
    ) names.push(nameOf(last));
    else names.push(`_col${i}`);
  }
  return names;
}
