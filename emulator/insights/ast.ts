// The Logs Insights query AST. Every node carries the character span it was parsed from, so errors
// and result column names (AWS names an unaliased column after its source text) can point back at it.

/** A character span in the query text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** A binary operator of the expression language. */
export type BinaryOp = 'and' | 'or' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '^';

/** An expression. */
export type Expr =
  | ({ kind: 'field'; name: string } & Span)
  | ({ kind: 'number'; value: number } & Span)
  | ({ kind: 'string'; value: string } & Span)
  | ({ kind: 'regex'; source: string; ignoreCase: boolean } & Span)
  | ({ kind: 'duration'; amount: number; unit: string } & Span)
  | ({ kind: 'list'; items: Expr[] } & Span)
  | ({ kind: 'star' } & Span)
  | ({ kind: 'call'; name: string; args: Expr[] } & Span)
  | ({ kind: 'unary'; op: '-' | 'not'; operand: Expr } & Span)
  | ({ kind: 'binary'; op: BinaryOp; left: Expr; right: Expr } & Span)
  | ({ kind: 'like'; negated: boolean; operand: Expr; pattern: Expr } & Span)
  | ({ kind: 'match'; operand: Expr; pattern: Expr } & Span)
  | ({ kind: 'in'; negated: boolean; operand: Expr; list: Expr } & Span);

/** An expression with its output name (the alias, or the expression's source text). */
export interface NamedExpr extends Span {
  expr: Expr;
  name: string;
  alias?: string;
}

/** One sort key. */
export interface SortKey extends Span {
  expr: Expr;
  name: string;
  descending: boolean;
}

/** One command of the pipeline. */
export type Command =
  | ({ kind: 'fields'; items: NamedExpr[] } & Span)
  | ({ kind: 'display'; items: NamedExpr[] } & Span)
  | ({ kind: 'filter'; expr: Expr } & Span)
  | ({ kind: 'stats'; aggregates: NamedExpr[]; groupBy: NamedExpr[] } & Span)
  | ({ kind: 'sort'; keys: SortKey[] } & Span)
  | ({ kind: 'limit'; count: number } & Span)
  | ({ kind: 'parse'; source: Expr; pattern: string; mode: 'glob'; names: string[] } & Span)
  | ({ kind: 'parse'; source: Expr; pattern: string; mode: 'regex'; names: string[]; ignoreCase: boolean } & Span)
  | ({ kind: 'dedup'; fields: NamedExpr[] } & Span);

/** A parsed query: its commands in order, and the text they came from. */
export interface Query {
  text: string;
  commands: Command[];
}
