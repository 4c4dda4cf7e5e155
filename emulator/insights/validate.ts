import type { Command, Expr } from './ast';
import { FUNCTIONS } from './catalog';
import { InsightsSyntaxError } from './errors';

// Checks the rules that span commands: aggregates only inside stats (or naming an earlier stats
// output, as in `stats count(*) by srcAddr | sort count(*) desc`), dedup followed only by limit.
/** Throws InsightsSyntaxError for rules that span commands (see above). */
export function validate(commands: Command[], text: string): void {
  const statsOutputs = new Set<string>();
  commands.forEach((cmd, i) => {
    if (cmd.kind === 'dedup') {
      const after = commands.slice(i + 1).find((c) => c.kind !== 'limit');
      if (after) throw new InsightsSyntaxError('Only the limit command may follow dedup.', after.start, after.end);
    }
    if (cmd.kind === 'stats') {
      for (const a of cmd.aggregates) {
        if (!containsAggregate(a.expr)) {
          throw new InsightsSyntaxError(`The stats command needs an aggregate function such as count(*), not '${a.name}'.`, a.start, a.end);
        }
        forEachCall(a.expr, (c, inAggregate) => {
          if (inAggregate && FUNCTIONS[c.name].aggregate) throw new InsightsSyntaxError('Aggregate functions cannot be nested.', c.start, c.end);
        });
      }
      for (const g of cmd.groupBy) noAggregates(g.expr, statsOutputs, text);
      for (const o of [...cmd.aggregates, ...cmd.groupBy]) statsOutputs.add(o.name);
      return;
    }
    for (const e of commandExprs(cmd)) noAggregates(e, statsOutputs, text);
  });
}

function commandExprs(cmd: Command): Expr[] {
  switch (cmd.kind) {
    case 'fields':
    case 'display':
      return cmd.items.map((i) => i.expr);
    case 'filter':
      return [cmd.expr];
    case 'sort':
      return cmd.keys.map((k) => k.expr);
    default:
      return [];
  }
}

function noAggregates(e: Expr, outputs: Set<string>, text: string): void {
  forEachCall(e, (c) => {
    if (FUNCTIONS[c.name].aggregate && !outputs.has(text.slice(c.start, c.end))) {
      throw new InsightsSyntaxError(`The function ${c.name} can be used only in the stats command.`, c.start, c.end);
    }
  });
}

function containsAggregate(e: Expr): boolean {
  let found = false;
  forEachCall(e, (c) => {
    if (FUNCTIONS[c.name].aggregate) found = true;
  });
  return found;
}

/** Visits every function call in an expression; `inAggregate` tells whether an aggregate call encloses it. */
function forEachCall(e: Expr, visit: (c: Extract<Expr, { kind: 'call' }>, inAggregate: boolean) => void, inAggregate = false): void {
  switch (e.kind) {
    case 'call':
      visit(e, inAggregate);
      for (const a of e.args) forEachCall(a, visit, inAggregate || FUNCTIONS[e.name].aggregate);
      return;
    case 'unary':
      return forEachCall(e.operand, visit, inAggregate);
    case 'binary':
      forEachCall(e.left, visit, inAggregate);
      return forEachCall(e.right, visit, inAggregate);
    case 'like':
    case 'match':
      forEachCall(e.operand, visit, inAggregate);
      return forEachCall(e.pattern, visit, inAggregate);
    case 'in':
      forEachCall(e.operand, visit, inAggregate);
      return forEachCall(e.list, visit, inAggregate);
    case 'list':
      for (const i of e.items) forEachCall(i, visit, inAggregate);
      return;
    default:
  }
}
