// Check of step "insights-top-rejects": the console sample "Top 20 source IP addresses with highest
// number of rejected requests", run again read-only, lists the client's IP.
import type { LabContext } from '../aws/context';
import { runQuery } from '../aws/logs-insights';
import { getLogGroup } from '../aws/logs';
import { INSIGHTS_TOP_REJECTS, LOG_GROUP, SG_HTTP_ONLY } from '../fixtures/vpc-flow-logs';
import { result, type CheckResult } from '../runner/model';

/**
 * The range the check queries. Wider than the console's default hour, so a student who checks
 * later still passes; the query itself is the lab's.
 */
const RANGE_MS = 24 * 3_600_000;
const QUERY_BUDGET_MS = 120_000;
/** On AWS, records reach the log group several minutes after the traffic. */
const RECORDS_ETA_MS = 600_000;
/** The sample lists this many sources. */
const TOP = 20;

/** The same count as the sample, for one source address only. */
function clientRejectsQuery(ip: string): string {
  return `filter action="REJECT" and srcAddr="${ip}"\n| stats count(*) as numRejections by srcAddr`;
}

/** Runs the lab's Insights query and looks for the client's IP among the rejected sources. */
export async function checkInsightsTopRejects(ctx: LabContext): Promise<CheckResult> {
  if (!(await getLogGroup(ctx.clients.logs, LOG_GROUP))) {
    return result('failed', `The log group ${LOG_GROUP} does not exist.`, {
      hint: `Logs Insights queries the log group ${LOG_GROUP}, which was not found (step "Create the CloudWatch Log Group and VPC Flow Log").`,
    });
  }
  const now = ctx.clock.now();
  const res = await runQuery(
    ctx.clients.logs,
    { logGroup: LOG_GROUP, query: INSIGHTS_TOP_REJECTS, startMs: now - RANGE_MS, endMs: now },
    { budgetMs: QUERY_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
  );
  const ip = await ctx.target.clientIp();
  const evidence = [{ kind: 'insights-rows' as const, title: 'Top 20 source IP addresses with highest number of rejected requests', data: res.rows }];
  const detail = `query ${res.queryId} over ${new Date(now - RANGE_MS).toISOString()}..${new Date(now).toISOString()}: ${res.rows.length} row(s); ` +
    `statistics ${JSON.stringify(res.statistics ?? {})}; client IP ${ip}`;
  if (!res.rows.length) {
    return result('pending', `Logs Insights finds no rejected traffic in ${LOG_GROUP} yet.`, {
      hint: `No REJECT records are in ${LOG_GROUP} yet; they arrive a few minutes after rejected traffic such as SSH with ${SG_HTTP_ONLY}.`,
      detail,
      evidence,
      etaMs: RECORDS_ETA_MS * ctx.target.budgetScale,
    });
  }
  const mine = res.rows.find((r) => r.srcAddr === ip);
  const count = Number(mine?.numRejections ?? 0);
  if (!mine && res.rows.length >= TOP) {
    // On a public instance, internet scanners can outnumber the student's few attempts: the top 20
    // may leave the client out although its records are there. Ask for the client alone.
    const own = await runQuery(
      ctx.clients.logs,
      { logGroup: LOG_GROUP, query: clientRejectsQuery(ip), startMs: now - RANGE_MS, endMs: now },
      { budgetMs: QUERY_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
    );
    const ownCount = Number(own.rows[0]?.numRejections ?? 0);
    if (ownCount >= 1) {
      return result('passed', `Your IP ${ip} has ${ownCount} rejected request(s), below the top ${TOP} sources of rejected traffic.`, {
        detail: `${detail}; follow-up query ${own.queryId} counted ${ownCount}`,
        evidence: [...evidence, { kind: 'insights-rows', title: `Rejected requests from ${ip}`, data: own.rows }],
      });
    }
  }
  if (!mine || !(count >= 1)) {
    const listed = res.rows.map((r) => `${r.srcAddr} (${r.numRejections})`).join(', ');
    return result('failed', `Your IP ${ip} is not among the top rejected sources.`, {
      hint: `Logs Insights lists rejected traffic from ${listed}, but not from your IP ${ip}: make the SSH attempt with ${SG_HTTP_ONLY} attached so it is rejected and logged (step "Generate Network Traffic").`,
      detail,
      evidence,
    });
  }
  return result('passed', `Logs Insights lists your IP ${ip} with ${count} rejected request(s).`, { detail, evidence });
}
