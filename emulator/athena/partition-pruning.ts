/**
 * Partition pruning: which partitions a query can skip, so they are neither read nor counted in
 * DataScannedInBytes, as Athena skips partitions the WHERE clause excludes. Deliberately narrow:
 * only a single-table query, only the top-level WHERE, only when that WHERE has no OR at its top
 * level, and only `key = 'literal'` / `key IN ('a', 'b')` on string partition keys. Anything else
 * keeps every partition; the WHERE clause still filters the rows either way.
 */
import type { CatalogTable } from './catalog';
import { isName, isWord, type Token } from './sql-lexer';

const CLAUSE_END = ['group', 'order', 'limit', 'having', 'union', 'except', 'intersect', 'offset', 'window', 'fetch'];

/** A test on a partition's values (key order), or undefined when the query prunes nothing. */
export function partitionFilter(tokens: Token[], table: CatalogTable, tableCount: number): ((values: string[]) => boolean) | undefined {
  if (tableCount !== 1 || table.partitionKeys.length === 0) return undefined;
  const sig = tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
  const where = topLevelWhere(sig);
  if (!where) return undefined;
  const allowed = new Map<number, Set<string>>();
  for (const conjunct of splitAnd(where)) {
    const c = constraint(conjunct, table);
    if (!c) continue;
    const prev = allowed.get(c.index);
    allowed.set(c.index, prev ? new Set([...prev].filter((v) => c.values.has(v))) : c.values);
  }
  if (!allowed.size) return undefined;
  return (values) => [...allowed].every(([i, set]) => set.has(values[i]));
}

/** The tokens of the outermost query's WHERE clause, or undefined when it has none or has a top-level OR. */
function topLevelWhere(sig: Token[]): Token[] | undefined {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && isWord(t, 'with')) return undefined;
    else if (depth === 0 && isWord(t, 'where')) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) return undefined;
  const out: Token[] = [];
  depth = 0;
  for (let i = start; i < sig.length; i++) {
    const t = sig[i];
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (depth < 0 || (depth === 0 && (t.text === ';' || CLAUSE_END.some((w) => isWord(t, w))))) break;
    if (depth === 0 && isWord(t, 'or')) return undefined;
    out.push(t);
  }
  return out;
}

function splitAnd(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  let between = false;
  for (const t of tokens) {
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    // `x BETWEEN a AND b` keeps its AND.
    if (depth === 0 && isWord(t, 'between')) between = true;
    if (depth === 0 && isWord(t, 'and')) {
      if (between) between = false;
      else {
        parts.push([]);
        continue;
      }
    }
    parts[parts.length - 1].push(t);
  }
  return parts;
}

/** `key = 'v'`, `'v' = key` or `key IN ('a', 'b')` on a string partition key (optionally qualified). */
function constraint(c: Token[], table: CatalogTable): { index: number; values: Set<string> } | undefined {
  const keyIndex = (tokens: Token[]): number => {
    const name = tokens.length === 1 ? tokens[0] : tokens.length === 3 && tokens[1].text === '.' && isName(tokens[0]) ? tokens[2] : undefined;
    if (!name || !isName(name)) return -1;
    const i = table.partitionKeys.findIndex((k) => k.name === name.value.toLowerCase());
    return i >= 0 && ['string', 'varchar'].includes(table.partitionKeys[i].type.replace(/\(.*$/, '')) ? i : -1;
  };
  const eq = c.findIndex((t) => t.kind === 'op' && t.text === '=');
  if (eq > 0 && eq === c.length - 2 && c[c.length - 1].kind === 'string') {
    const i = keyIndex(c.slice(0, eq));
    if (i >= 0) return { index: i, values: new Set([c[c.length - 1].value]) };
  }
  if (eq === 1 && c[0].kind === 'string') {
    const i = keyIndex(c.slice(2));
    if (i >= 0) return { index: i, values: new Set([c[0].value]) };
  }
  const inAt = c.findIndex((t) => isWord(t, 'in'));
  if (inAt > 0 && c[inAt + 1]?.text === '(' && c[c.length - 1].text === ')' && !isWord(c[inAt - 1], 'not')) {
    const i = keyIndex(c.slice(0, inAt));
    const list = c.slice(inAt + 2, -1);
    const values = list.filter((_, n) => n % 2 === 0);
    const commas = list.filter((_, n) => n % 2 === 1);
    if (i >= 0 && values.length && values.every((t) => t.kind === 'string') && commas.every((t) => t.text === ',')) {
      return { index: i, values: new Set(values.map((t) => t.value)) };
    }
  }
  return undefined;
}
