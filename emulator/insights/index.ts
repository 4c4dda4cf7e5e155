// The CloudWatch Logs Insights engine: parse a query, compile it, run it over events. Pure, no I/O.
export type { Command, Expr, Query } from './ast';
export { InsightsSyntaxError } from './errors';
export { parseQuery } from './parser';
export { compileQuery, type CompiledQuery } from './plan';
export { runQuery, DEFAULT_LIMIT, type QueryResult, type QueryStatistics, type ResultField } from './executor';
export { decodePtr } from './compile';
export type { InsightsEvent } from './row';
export { formatTimestamp } from './values';
