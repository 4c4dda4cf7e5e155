// Building block: run a CloudWatch Logs Insights query on a log group over the console's default
// range (the last hour) and keep its results for the check.
import { runQuery } from '../aws/logs-insights';
import type { LabContext } from '../runner/context';

/** RunState keys the Insights solve writes. */
export const INSIGHTS_STATE = { queryId: 'insights.queryId', rows: 'insights.rows' } as const;

/** The console's default time range for a query. */
const LAST_HOUR_MS = 3_600_000;
/** How long an Insights query over a small group takes on AWS (scaled by the target). */
const QUERY_BUDGET_MS = 120_000;

/** A query as the lab gives it. */
export interface InsightsQueryParams {
  logGroup: string;
  query: string;
  /** How the console names it (`sample query "…"`), for the log line. */
  label: string;
}

/** Solve: runs the query over the last hour and waits for its results. */
export function runInsightsQuery(p: InsightsQueryParams): (ctx: LabContext) => Promise<void> {
  return async (ctx) => {
    const now = ctx.clock.now();
    ctx.log(`Running the Logs Insights ${p.label} on ${p.logGroup}`);
    const result = await runQuery(
      ctx.clients.logs,
      { logGroup: p.logGroup, query: p.query, startMs: now - LAST_HOUR_MS, endMs: now },
      { budgetMs: QUERY_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
    );
    ctx.state.set(INSIGHTS_STATE.queryId, result.queryId);
    ctx.state.set(INSIGHTS_STATE.rows, result.rows);
  };
}
