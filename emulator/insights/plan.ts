import { aggregateFactory, type AggregateFactory } from './aggregates';
import type { Command, Query } from './ast';
import { compileExpr, fieldAccessor, isTimeField, type Scope } from './compile';
import type { Compiled } from './functions';
import { parseQuery } from './parser';
import { compileRegex } from './regex';
import type { Row } from './row';
import { toStr, truthy, type Value } from './values';

type Fn = (r: Row) => Value;

/** A named evaluator: a result column, a group key, a stats output. */
export interface NamedFn {
  name: string;
  fn: Fn;
  time: boolean;
}

/** One executable step. Streaming steps run per row in the scan; the others need all rows first. */
export type Op =
  | { t: 'stream'; apply: (r: Row) => boolean }
  | { t: 'stats'; keys: NamedFn[]; factories: AggregateFactory[]; outputs: NamedFn[] }
  | { t: 'sort'; keys: Array<{ fn: Fn; descending: boolean }> }
  | { t: 'limit'; n: number }
  | { t: 'dedup'; fns: Fn[] };

/** A query compiled to steps and output columns. */
export interface CompiledQuery {
  query: Query;
  ops: Op[];
  columns: NamedFn[];
  /** A `limit` command is present, so neither the API limit nor the default applies. */
  hasLimit: boolean;
}

/** Prefix of the hidden fields that carry aggregate values into a stats output expression. */
export const SLOT = '\u0000agg';
// Without fields, display or stats the results carry these (not established; the console adds `fields @timestamp, @message`).
const DEFAULT_COLUMNS = ['@timestamp', '@message', '@logStream', '@log'];

/** Parses (if needed) and compiles a query; throws InsightsSyntaxError for anything invalid. */
export function compileQuery(q: string | Query): CompiledQuery {
  const query = typeof q === 'string' ? parseQuery(q) : q;
  const scope: Scope = { defined: new Set(), time: new Map(), text: query.text };
  const ops: Op[] = [];
  let projection: string[] | null = null;
  let display: Extract<Command, { kind: 'display' }> | null = null;
  let hasLimit = false;

  const define = (name: string, time: boolean) => {
    scope.defined.add(name);
    scope.time.set(name, time);
  };

  for (const cmd of query.commands) {
    switch (cmd.kind) {
      case 'fields': {
        projection ??= [];
        const assigns: NamedFn[] = [];
        for (const item of cmd.items) {
          if (!projection.includes(item.name)) projection.push(item.name);
          if (item.expr.kind === 'field' && item.alias === undefined) continue;
          const c = compileExpr(item.expr, scope);
          assigns.push({ name: item.name, fn: c.fn, time: c.time });
          define(item.name, c.time);
        }
        if (assigns.length) {
          ops.push({
            t: 'stream',
            apply: (r) => {
              for (const a of assigns) r.set(a.name, a.fn(r));
              return true;
            },
          });
        }
        break;
      }
      case 'display':
        display = cmd;
        break;
      case 'filter': {
        const f = compileExpr(cmd.expr, scope).fn;
        ops.push({ t: 'stream', apply: (r) => truthy(f(r)) });
        break;
      }
      case 'parse':
        ops.push({ t: 'stream', apply: parseStep(cmd, compileExpr(cmd.source, scope).fn) });
        for (const n of cmd.names) define(n, false);
        break;
      case 'stats': {
        const keys = cmd.groupBy.map((g) => named(g.name, compileExpr(g.expr, scope)));
        const factories: AggregateFactory[] = [];
        const timestamp = fieldAccessor('@timestamp', scope);
        const outputs = cmd.aggregates.map((a) =>
          named(
            a.name,
            compileExpr(a.expr, scope, (call) => {
              const factory = aggregateFactory(call, (e) => compileExpr(e, scope), timestamp);
              const slot = SLOT + factories.push(factory);
              return { fn: (r) => r.ext?.[slot], time: factory.time };
            }),
          ),
        );
        ops.push({ t: 'stats', keys, factories, outputs });
        // After stats only its keys and outputs exist; earlier fields are gone.
        scope.defined = new Set();
        scope.time = new Map();
        projection = [];
        for (const f of [...keys, ...outputs]) {
          define(f.name, f.time);
          if (!projection.includes(f.name)) projection.push(f.name);
        }
        break;
      }
      case 'sort':
        ops.push({ t: 'sort', keys: cmd.keys.map((k) => ({ fn: compileExpr(k.expr, scope).fn, descending: k.descending })) });
        break;
      case 'limit':
        hasLimit = true;
        ops.push({ t: 'limit', n: cmd.count });
        break;
      case 'dedup':
        ops.push({ t: 'dedup', fns: cmd.fields.map((f) => compileExpr(f.expr, scope).fn) });
        break;
    }
  }

  const columns: NamedFn[] = display
    ? display.items.map((item) => named(item.name, compileExpr(item.expr, scope)))
    : (projection ?? DEFAULT_COLUMNS).map((name) => ({ name, fn: fieldAccessor(name, scope), time: isTimeField(name, scope) }));
  return { query, ops, columns, hasLimit };
}

function named(name: string, c: Compiled): NamedFn {
  return { name, fn: c.fn, time: c.time };
}

// parse keeps every event; events that do not match simply lack the extracted fields.
function parseStep(cmd: Extract<Command, { kind: 'parse' }>, source: Fn): (r: Row) => boolean {
  const names = cmd.names;
  if (cmd.mode === 'regex') {
    const re = compileRegex(cmd.pattern, cmd.ignoreCase).regex;
    return (r) => {
      const s = toStr(source(r));
      const m = s === undefined ? null : re.exec(s);
      if (m?.groups) for (const n of names) if (m.groups[n] !== undefined) r.set(n, m.groups[n]);
      return true;
    };
  }
  const re = globRegex(cmd.pattern);
  return (r) => {
    const s = toStr(source(r));
    const m = s === undefined ? null : re.exec(s);
    if (m) for (let i = 0; i < names.length; i++) r.set(names[i], m[i + 1]);
    return true;
  };
}

/** Turns a parse glob into a regex: literal text between `*`s, lazy captures, the last one greedy when it ends the pattern. */
export function globRegex(glob: string): RegExp {
  const parts = glob.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  let source = parts[0];
  for (let i = 1; i < parts.length; i++) {
    const last = i === parts.length - 1 && parts[i] === '';
    source += (last ? '(.*)' : '(.*?)') + parts[i];
  }
  return new RegExp(source, 's');
}
