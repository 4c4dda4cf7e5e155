// Steps "athena-result-location", "athena-table", "athena-partition" and "athena-rejects-query":
// what the student does in the Athena console (Analyze VPC Flow Logs Data in Athena).
import * as athena from '../aws/athena';
import type { LabContext } from '../aws/context';
import { ATHENA_REJECTS_QUERY, ATHENA_TABLE, athenaAddPartition, athenaCreateTable, utcDay } from '../fixtures/vpc-flow-logs';

/** RunState keys the Athena solves write. */
export const ATHENA_STATE = { rejectsRows: 'athena.rejects.rows', rejectsExecutionId: 'athena.rejects.executionId' } as const;

/** How long a small Athena statement takes on AWS (scaled by the target). */
const STATEMENT_BUDGET_MS = 120_000;

function wait(ctx: LabContext): athena.Wait {
  return { budgetMs: STATEMENT_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal };
}

/** The result location the lab's solve uses: a folder of the lab bucket. */
export function resultLocationFor(bucket: string): string {
  return `s3://${bucket}/athena-results/`;
}

/** Runs one statement in the primary workgroup to SUCCEEDED (a FAILED one throws with Athena's message). */
async function run(ctx: LabContext, sql: string, what: string, beforeWait?: () => void): Promise<athena.QueryRows> {
  ctx.log(`Running Athena ${what}`);
  const id = await athena.startQueryExecution(ctx.clients.athena, sql);
  beforeWait?.();
  const exec = await athena.waitForQueryExecution(ctx.clients.athena, id, wait(ctx));
  return athena.getQueryRows(ctx.clients.athena, exec);
}

/** Step athena-result-location: the primary workgroup writes results under the lab bucket. */
export async function solveAthenaResultLocation(ctx: LabContext): Promise<void> {
  await athena.setResultLocation(ctx.clients.athena, athena.DEFAULT_WORKGROUP, resultLocationFor(ctx.env.bucket), ctx.log);
}

/** Step athena-table: Query 1, the external table over the bucket's flow-log prefix. */
export async function solveAthenaTable(ctx: LabContext): Promise<void> {
  const sql = athenaCreateTable(ctx.env.bucket, ctx.env.accountId, ctx.env.region);
  // `IF NOT EXISTS` keeps a table that was already there; teardown must then leave it alone too.
  const existed = Boolean(await athena.getTableMetadata(ctx.clients.athena, 'default', ATHENA_TABLE));
  // Recorded as soon as the statement is accepted: a table may exist even if the wait is interrupted.
  await run(ctx, sql, `Query 1: CREATE EXTERNAL TABLE default.${ATHENA_TABLE}`, () => {
    if (!existed) ctx.ledger.add({ kind: 'athena-table', id: `default.${ATHENA_TABLE}`, region: ctx.env.region, meta: { database: 'default', workGroup: athena.DEFAULT_WORKGROUP } });
  });
}

/** Step athena-partition: Query 2, today's (UTC) partition at the day's folder. */
export async function solveAthenaPartition(ctx: LabContext): Promise<void> {
  const day = utcDay(ctx.clock.now());
  await run(ctx, athenaAddPartition(ctx.env.bucket, ctx.env.accountId, ctx.env.region, day), `Query 2: ADD PARTITION (dt='${day}')`);
}

/** Step athena-rejects-query: Query 3 over today's records (an emulator delivers its open windows first). */
export async function solveAthenaRejectsQuery(ctx: LabContext): Promise<void> {
  await ctx.target.flushFlowLogs?.();
  const out = await run(ctx, ATHENA_REJECTS_QUERY, 'Query 3: rejected TCP traffic');
  ctx.state.set(ATHENA_STATE.rejectsExecutionId, out.executionId);
  ctx.state.set(ATHENA_STATE.rejectsRows, out.rows);
}
