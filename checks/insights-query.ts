// Check: the student ran the lab's Logs Insights query on a log group, and their newest completed
// run lists what the lab expects. The lab gives how to recognise its query and what an expected row
// is; when the run misses it, the checker's own (marked) run of the same query tells "ran too
// early" (failed, re-run it) from "not there yet" (pending).
import { getLogGroup } from '../aws/logs';
import { getQueryResults, listQueries, runQuery } from '../aws/logs-insights';
import type { LabContext, LabEnvironment } from '../runner/context';
import { result, type CheckResult, type Evidence } from '../runner/model';
import { CHECK_MARK, insightsTable, isCheckerQuery } from './insights';

type Row = Record<string, string>;

/** The lab's query, how to recognise a student's run of it, and what its rows must list. */
export interface InsightsQueryCheckParams<E extends LabEnvironment> {
  logGroup: string;
  /** The lab's query (the checker runs it too). */
  query: string;
  /** How the lab text names it ("the query of the denied calls"). */
  label: string;
  /** Whether a query string is the student's run of the lab's query (layout, case and comments aside). */
  isLabQuery(query: string): boolean;
  /**
   * What is wrong with a recognised run's query, in the student's words (undefined: nothing). Lets
   * `isLabQuery` recognise the student's attempt broadly and this judge it (a missing filter…).
   */
  queryProblem?(query: string): string | undefined;
  /** Whether a row is one the lab expects to see (e.g. the environment user's denied call). */
  expectedRow(row: Row, env: E): boolean;
  /** What expected rows are, in words, for hints ("a denied call of lab-intruder"). */
  expectedWhat(env: E): string;
  /** The lab text's section that runs the query, the one that creates the group, and the one that makes the data. */
  section: string;
  logGroupSection: string;
  dataSection: string;
}

/** The checker's own runs cover the last day (wider than the console's hour). */
const RANGE_MS = 24 * 3_600_000;
const QUERY_BUDGET_MS = 120_000;
/** On AWS, records reach the log group minutes after the calls. */
const RECORDS_ETA_MS = 600_000;

/** Check: the student's newest completed run of the lab's query on the group lists an expected row. */
export function insightsQueryLists<E extends LabEnvironment>(p: InsightsQueryCheckParams<E>): (ctx: LabContext<E>) => Promise<CheckResult> {
  return async (ctx) => {
    const STEP = `step "${p.section}"`;
    if (!(await getLogGroup(ctx.clients.logs, p.logGroup))) {
      return result('failed', `The log group ${p.logGroup} does not exist.`, { hint: `Logs Insights queries the log group ${p.logGroup}, which was not found (step "${p.logGroupSection}").` });
    }
    const history = await listQueries(ctx.clients.logs, { logGroup: p.logGroup, status: 'Complete' });
    const run = history.find((q) => !isCheckerQuery(q.queryString) && p.isLabQuery(q.queryString));
    if (!run) {
      const others = history.filter((q) => !isCheckerQuery(q.queryString));
      return result('failed', `You have not run ${p.label} on ${p.logGroup}.`, {
        hint: others.length
          ? `Your queries on ${p.logGroup} do not do what ${p.label} does (filter the calls by their error code and count them by user ARN and event name); run the lab's query (${STEP}).`
          : `Run ${p.label} in Logs Insights on ${p.logGroup} (${STEP}).`,
        detail: `DescribeQueries(logGroupName=${p.logGroup}, status=Complete) → ${history.length} query(ies), ${history.length - others.length} of them the checker's; ` +
          `others: ${others.slice(0, 5).map((q) => `${q.queryId} ${JSON.stringify(q.queryString)}`).join('; ') || 'none'}`,
      });
    }
    const at = new Date(run.createTime).toISOString();
    const wrong = p.queryProblem?.(run.queryString);
    if (wrong) {
      return result('failed', `Your last run of ${p.label} on ${p.logGroup} is not the lab's query.`, {
        hint: `Your last query of this kind (at ${at}) ${wrong} (${STEP}).`,
        detail: `the student's query ${run.queryId}: ${JSON.stringify(run.queryString)}`,
      });
    }
    const res = await getQueryResults(ctx.clients.logs, run.queryId);
    const evidence: Evidence[] = [{ kind: 'insights-rows', title: `${p.label} (your run at ${at})`, data: insightsTable(res.rows) }];
    const detail = `the student's query ${run.queryId} (created ${at}, ${JSON.stringify(run.queryString)}): ${res.rows.length} row(s)`;
    const hits = res.rows.filter((r) => p.expectedRow(r, ctx.env));
    if (hits.length) return result('passed', `Your run of ${p.label} lists ${hits.length} row(s) of ${p.expectedWhat(ctx.env)}.`, { detail, evidence });

    const now = ctx.clock.now();
    const own = await runQuery(
      ctx.clients.logs,
      { logGroup: p.logGroup, query: `${CHECK_MARK}\n${p.query}`, startMs: now - RANGE_MS, endMs: now },
      { budgetMs: QUERY_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
    );
    const ownHits = own.rows.filter((r) => p.expectedRow(r, ctx.env));
    const ownDetail = `${detail}; the checker's run ${own.queryId} over the last day: ${ownHits.length} expected row(s) of ${own.rows.length}`;
    evidence.push({ kind: 'insights-rows', title: `${p.label} (the checker's run, last day)`, data: insightsTable(own.rows) });
    if (ownHits.length) {
      return result('failed', `Your run of ${p.label} does not list ${p.expectedWhat(ctx.env)}, though ${p.logGroup} has them now.`, {
        hint: `Your last run of ${p.label} (at ${at}) does not list ${p.expectedWhat(ctx.env)}, but ${p.logGroup} has them now: the run came before they arrived or its time range left them out. Run it again (${STEP}).`,
        detail: ownDetail,
        evidence,
      });
    }
    return result('pending', `Logs Insights finds no ${p.expectedWhat(ctx.env)} in ${p.logGroup} yet.`, {
      hint: `${p.logGroup} has no ${p.expectedWhat(ctx.env)} yet; they arrive a few minutes after the calls (step "${p.dataSection}"). Then run the query again (${STEP}).`,
      detail: ownDetail,
      evidence,
      etaMs: RECORDS_ETA_MS * ctx.target.budgetScale,
    });
  };
}
