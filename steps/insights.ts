// Step "insights-top-rejects": the student runs the console sample "Top 20 source IP addresses with
// highest number of rejected requests" on VPCFlowLogs (Use CloudWatch Logs Insights).
import type { LabContext } from '../aws/context';
import { runQuery } from '../aws/logs-insights';
import { INSIGHTS_TOP_REJECTS, LOG_GROUP } from '../fixtures/vpc-flow-logs';

/** RunState keys the Insights solve writes. */
export const INSIGHTS_STATE = { queryId: 'insights.queryId', rows: 'insights.rows' } as const;

/** The console's default time range for a query. */
const LAST_HOUR_MS = 3_600_000;
/** How long an Insights query over a small group takes on AWS (scaled by the target). */
const QUERY_BUDGET_MS = 120_000;

/** Runs the sample query over the last hour and waits for its results. */
export async function solveInsightsTopRejects(ctx: LabContext): Promise<void> {
  const now = ctx.clock.now();
  ctx.log(`Running the Logs Insights sample query "Top 20 source IP addresses with highest number of rejected requests" on ${LOG_GROUP}`);
  const result = await runQuery(
    ctx.clients.logs,
    { logGroup: LOG_GROUP, query: INSIGHTS_TOP_REJECTS, startMs: now - LAST_HOUR_MS, endMs: now },
    { budgetMs: QUERY_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
  );
  ctx.state.set(INSIGHTS_STATE.queryId, result.queryId);
  ctx.state.set(INSIGHTS_STATE.rows, result.rows);
}
