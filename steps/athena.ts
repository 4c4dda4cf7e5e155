// Building blocks for Athena: set the workgroup's result location, and run a statement (DDL or a
// query) to SUCCEEDED, as a student does in the Athena console. The statements come from the lab.
import * as athena from '../aws/athena';
import type { LabContext, LabEnvironment } from '../runner/context';

/** RunState keys a query solve writes by default. */
export const ATHENA_STATE = { rejectsRows: 'athena.rejects.rows', rejectsExecutionId: 'athena.rejects.executionId' } as const;

/** How long a small Athena statement takes on AWS (scaled by the target). */
const STATEMENT_BUDGET_MS = 120_000;

/** What the Athena solves read from the environment: the bucket results and data live in. */
export type AthenaEnv = LabEnvironment & { bucket: string };
type Ctx = LabContext<AthenaEnv>;

function wait(ctx: LabContext): athena.Wait {
  return { budgetMs: STATEMENT_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal };
}

/** The result location the solve sets: a folder of the environment's bucket. */
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

/** Solve: the primary workgroup writes results under the environment's bucket. */
export function setAthenaResultLocation(): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    await athena.setResultLocation(ctx.clients.athena, athena.DEFAULT_WORKGROUP, resultLocationFor(ctx.env.bucket), ctx.log);
  };
}

/**
 * Solve: a CREATE EXTERNAL TABLE statement (`sql` builds it from the environment). A table that
 * existed before is kept, and teardown leaves it alone too (`IF NOT EXISTS`).
 */
export function createAthenaTable<E extends AthenaEnv>(p: { database: string; table: string; label: string; sql(env: E): string }): (ctx: LabContext<E>) => Promise<void> {
  return async (ctx) => {
    const existed = Boolean(await athena.getTableMetadata(ctx.clients.athena, p.database, p.table));
    // Recorded as soon as the statement is accepted: a table may exist even if the wait is interrupted.
    await run(ctx, p.sql(ctx.env), p.label, () => {
      if (!existed) ctx.ledger.add({ kind: 'athena-table', id: `${p.database}.${p.table}`, region: ctx.env.region, meta: { database: p.database, workGroup: athena.DEFAULT_WORKGROUP } });
    });
  };
}

/** Solve: one statement built from the environment and now (ALTER TABLE … ADD PARTITION, a SELECT…); `stateKeys` keep its rows. */
export function runAthenaStatement<E extends AthenaEnv>(p: {
  label(now: number): string;
  sql(env: E, now: number): string;
  /** Deliver an emulator's open capture windows first (a query over just-made traffic). */
  flushFirst?: boolean;
  stateKeys?: { rows: string; executionId: string };
  /**
   * A query over data that is still arriving (S3 files come minutes after the traffic): run it again
   * every `everyMs` (AWS-sized, scaled) until `until` says its rows show what they should, within
   * `budgetMs` (scaled); the last run stands either way and the check judges it.
   */
  rerun?: { until(rows: athena.QueryRows['rows'], ctx: LabContext<E>): Promise<boolean>; everyMs: number; budgetMs: number };
}): (ctx: LabContext<E>) => Promise<void> {
  return async (ctx) => {
    const started = ctx.clock.now();
    for (;;) {
      if (p.flushFirst) await ctx.target.flushFlowLogs?.();
      const now = ctx.clock.now();
      const out = await run(ctx, p.sql(ctx.env, now), p.label(now));
      if (p.stateKeys) {
        ctx.state.set(p.stateKeys.executionId, out.executionId);
        ctx.state.set(p.stateKeys.rows, out.rows);
      }
      if (!p.rerun || (await p.rerun.until(out.rows, ctx))) return;
      const scale = ctx.target.budgetScale;
      if (ctx.clock.now() - started + p.rerun.everyMs * scale > p.rerun.budgetMs * scale) return;
      ctx.log(`${p.label(now)} does not show it yet; running it again in ${Math.round((p.rerun.everyMs * scale) / 1000)} s`);
      await ctx.clock.sleep(p.rerun.everyMs * scale, ctx.signal);
    }
  };
}
