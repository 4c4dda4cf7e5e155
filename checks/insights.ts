// Check: the student ran the console sample "Top 20 source IP addresses with highest number of
// rejected requests" on a flow-log log group, and their run lists the client's IP. The check finds that run in the query history (DescribeQueries) and reads its rows;
// every query the check runs itself is marked, so it never mistakes its own run for the student's.
import type { LabContext } from '../runner/context';
import { getQueryResults, listQueries, runQuery, type InsightsResult } from '../aws/logs-insights';
import { getLogGroup } from '../aws/logs';
import { result, type CheckResult, type Evidence } from '../runner/model';

/** The log group, and the lab text's words hints use. */
export interface InsightsCheckParams {
  logGroup: string;
  /** The lab text's sections: the Insights one and the one that creates the log group's flow log. */
  section: string;
  logGroupSection: string;
  /** What makes rejected traffic, in the lab's words ("an SSH attempt with SecurityGroupX attached (step …)"). */
  breachingTraffic: string;
}

/** Check: the student's newest completed run of the sample on the log group lists the client's IP. */
export function insightsTopRejectsListsClient(p: InsightsCheckParams): (ctx: LabContext) => Promise<CheckResult> {
  return (ctx) => checkInsightsTopRejects(ctx, p);
}
const SAMPLE = 'Top 20 source IP addresses with highest number of rejected requests';
/** The first line of every query the checker runs (Insights treats `#` lines as comments). */
export const CHECK_MARK = '# labwright check';
/**
 * The range of the checker's own queries. Wider than the console's default hour, so a student who
 * checks later still has their records found.
 */
const RANGE_MS = 24 * 3_600_000;
const QUERY_BUDGET_MS = 120_000;
/** On AWS, records reach the log group several minutes after the traffic. */
const RECORDS_ETA_MS = 600_000;
/** The sample lists this many sources. */
const TOP = 20;

/** Whether a query string is the checker's own (its first non-blank line is the mark). */
export function isCheckerQuery(query: string): boolean {
  const first = query.split('\n').find((line) => line.trim() !== '');
  return first?.trim().toLowerCase() === CHECK_MARK;
}

/**
 * Whether a query string is the console sample, whatever its layout, case, quotes and comments:
 * `filter action="REJECT" | stats count(*) … by srcAddr | sort … desc | limit 20`, with or
 * without the console's leading `fields` line.
 */
export function isTopRejectsSample(query: string): boolean {
  const commands = query
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/count ?\( ?\* ?\)/g, 'count(*)')
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean);
  if (commands[0]?.startsWith('fields ')) commands.shift();
  return (
    commands.length === 4 &&
    /^filter action ?= ?("reject"|'reject')$/.test(commands[0]) &&
    /^stats count\(\*\)( as [\w@.]+)? by srcaddr$/.test(commands[1]) &&
    /^sort \S+ desc$/.test(commands[2]) &&
    commands[3] === 'limit 20'
  );
}

/** The same count as the sample, for one source address only. */
function clientRejectsQuery(ip: string): string {
  return `filter action="REJECT" and srcAddr="${ip}"\n| stats count(*) as numRejections by srcAddr`;
}

/** Runs one of the checker's own queries, marked, over the last day. */
async function runOwnQuery(ctx: LabContext, LOG_GROUP: string, query: string): Promise<InsightsResult> {
  const now = ctx.clock.now();
  return runQuery(
    ctx.clients.logs,
    { logGroup: LOG_GROUP, query: `${CHECK_MARK}\n${query}`, startMs: now - RANGE_MS, endMs: now },
    { budgetMs: QUERY_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
  );
}

/** Rows of a stats query as the report's table: columns in order of first appearance, no `@ptr`. */
export function insightsTable(rows: Array<Record<string, string>>): { columns: string[]; rows: string[][] } {
  const columns: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (k !== '@ptr' && !columns.includes(k)) columns.push(k);
  return { columns, rows: rows.map((r) => columns.map((c) => r[c] ?? '')) };
}

/** The rejected count a row of the sample gives an address (undefined when it is not listed). */
function countFor(rows: Array<Record<string, string>>, ip: string): number | undefined {
  for (const row of rows) {
    const key = Object.keys(row).find((k) => k.toLowerCase() === 'srcaddr');
    if (!key || row[key] !== ip) continue;
    const value = row.numRejections ?? Object.entries(row).find(([k]) => k !== key && k !== '@ptr')?.[1];
    return Number(value ?? 0);
  }
  return undefined;
}

function listed(rows: Array<Record<string, string>>): string {
  return rows
    .map((r) => {
      const key = Object.keys(r).find((k) => k.toLowerCase() === 'srcaddr') ?? 'srcAddr';
      return `${r[key]} (${r.numRejections ?? Object.entries(r).find(([k]) => k !== key && k !== '@ptr')?.[1]})`;
    })
    .join(', ');
}

/** Finds the student's newest completed run of the sample on the log group and looks for the client in its rows. */
async function checkInsightsTopRejects(ctx: LabContext, p: InsightsCheckParams): Promise<CheckResult> {
  const LOG_GROUP = p.logGroup;
  const STEP = `step "${p.section}"`;
  if (!(await getLogGroup(ctx.clients.logs, LOG_GROUP))) {
    return result('failed', `The log group ${LOG_GROUP} does not exist.`, {
      hint: `Logs Insights queries the log group ${LOG_GROUP}, which was not found (step "${p.logGroupSection}").`,
    });
  }
  const history = await listQueries(ctx.clients.logs, { logGroup: LOG_GROUP, status: 'Complete' });
  const run = history.find((q) => !isCheckerQuery(q.queryString) && isTopRejectsSample(q.queryString));
  if (!run) {
    const others = history.filter((q) => !isCheckerQuery(q.queryString));
    return result('failed', `You have not run the sample query "${SAMPLE}" on ${LOG_GROUP}.`, {
      hint: `Run the sample query "${SAMPLE}" in Logs Insights on ${LOG_GROUP} (${STEP}).`,
      detail: `DescribeQueries(logGroupName=${LOG_GROUP}, status=Complete) → ${history.length} query(ies), ${history.length - others.length} of them the checker's; ` +
        `none of the others is the sample: ${others.slice(0, 5).map((q) => `${q.queryId} ${JSON.stringify(q.queryString)}`).join('; ') || 'none'}`,
    });
  }
  const res = await getQueryResults(ctx.clients.logs, run.queryId);
  const ip = await ctx.target.clientIp();
  const at = new Date(run.createTime).toISOString();
  const evidence: Evidence[] = [{ kind: 'insights-rows', title: `${SAMPLE} (your run at ${at})`, data: insightsTable(res.rows) }];
  const detail = `the student's query ${run.queryId} (created ${at}, ${JSON.stringify(run.queryString)}): ${res.rows.length} row(s); ` +
    `statistics ${JSON.stringify(res.statistics ?? {})}; client IP ${ip}`;
  const count = countFor(res.rows, ip);
  if (count !== undefined && count >= 1) {
    return result('passed', `Your run of the sample query lists your IP ${ip} with ${count} rejected request(s).`, { detail, evidence });
  }

  // The run does not list the client: ask Logs Insights, with the checker's own query, whether the
  // client's rejected records are there now.
  const own = await runOwnQuery(ctx, p.logGroup, clientRejectsQuery(ip));
  const ownCount = countFor(own.rows, ip) ?? 0;
  const ownDetail = `${detail}; the checker's query ${own.queryId} over the last day counted ${ownCount} rejected request(s) from ${ip}`;
  const ownEvidence: Evidence = { kind: 'insights-rows', title: `Rejected requests from ${ip} (the checker's query, last day)`, data: insightsTable(own.rows) };
  if (ownCount >= 1 && res.rows.length >= TOP) {
    // On a public instance, internet scanners can outnumber the student's few attempts: the top 20
    // may leave the client out although its records are there.
    return result('passed', `Your IP ${ip} has ${ownCount} rejected request(s), below the top ${TOP} sources of rejected traffic.`, {
      detail: ownDetail,
      evidence: [...evidence, ownEvidence],
    });
  }
  if (ownCount >= 1) {
    return result('failed', `Your run of the sample query does not list your IP ${ip}, though its rejected requests are in ${LOG_GROUP} now.`, {
      hint: `Your last run of "${SAMPLE}" (at ${at}) does not list your IP ${ip}, but ${LOG_GROUP} now has ${ownCount} rejected request(s) from it: the run came before their records arrived or its time range left them out. Run it again after the rejected SSH attempt (${STEP}).`,
      detail: ownDetail,
      evidence: [...evidence, ownEvidence],
    });
  }
  if (!res.rows.length) {
    return result('pending', `Logs Insights finds no rejected traffic in ${LOG_GROUP} yet.`, {
      hint: `No REJECT records from your IP ${ip} are in ${LOG_GROUP} yet; they arrive a few minutes after rejected traffic such as ${p.breachingTraffic}. Then run the sample query again (${STEP}).`,
      detail: ownDetail,
      evidence: [...evidence, ownEvidence],
      etaMs: RECORDS_ETA_MS * ctx.target.budgetScale,
    });
  }
  return result('failed', `Your IP ${ip} is not among the top rejected sources.`, {
    hint: `Logs Insights lists rejected traffic from ${listed(res.rows)}, but not from your IP ${ip}: make ${p.breachingTraffic} so it is rejected and logged, then run the sample query again (${STEP}).`,
    detail: ownDetail,
    evidence: [...evidence, ownEvidence],
  });
}
