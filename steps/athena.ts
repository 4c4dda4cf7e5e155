// Building blocks for Athena: set the workgroup's result location, and run a statement (DDL or a
// query) to SUCCEEDED, as a student does in the Athena console. The statements come from the lab.
// A run works in its own workgroup and database (runner/names.ts): the account's `primary` and
// `default` are the student's, and a run changes neither.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import * as athena from '../aws/athena';
import { utcDay } from '../core/clock';
import { RUN_TAG } from '../core/run-tag';
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

/** Where the statements of a step run: a workgroup (default `primary`) and a database (default `default`). */
export interface AthenaWhere {
  workGroup?: string;
  database?: string;
}

/** Runs one statement in the workgroup to SUCCEEDED (a FAILED one throws with Athena's message). */
async function run(ctx: LabContext, sql: string, what: string, where: AthenaWhere, beforeWait?: () => void): Promise<athena.QueryRows> {
  ctx.log(`Running Athena ${what}`);
  const id = await athena.startQueryExecution(ctx.clients.athena, sql, where);
  beforeWait?.();
  const exec = await athena.waitForQueryExecution(ctx.clients.athena, id, wait(ctx));
  return athena.getQueryRows(ctx.clients.athena, exec);
}

/**
 * Solve: the workgroup writes results under the environment's bucket. The account's own `primary`
 * is set as the student sets it; any other name is the run's own workgroup, created with that
 * result location (an existing one is never adopted or changed unless it carries the run's tag).
 */
export function setAthenaResultLocation(p: { workGroup?: string } = {}): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    const name = p.workGroup ?? athena.DEFAULT_WORKGROUP;
    const location = resultLocationFor(ctx.env.bucket);
    if (name === athena.DEFAULT_WORKGROUP) return athena.setResultLocation(ctx.clients.athena, name, location, ctx.log);
    const existing = await athena.getWorkGroup(ctx.clients.athena, name);
    if (existing) {
      if (existing.Description !== athena.runWorkGroupDescription(ctx.runId)) throw new Error(`The Athena workgroup ${name} already exists and is not this run's; labwright leaves it alone.`);
      return athena.setResultLocation(ctx.clients.athena, name, location, ctx.log);
    }
    await athena.createWorkGroup(ctx.clients.athena, name, location, ctx.runId, { [RUN_TAG]: ctx.runId }, ctx.log);
    ctx.ledger.add({ kind: 'athena-workgroup', id: name, region: ctx.env.region });
  };
}

/**
 * Solve: a CREATE EXTERNAL TABLE statement (`sql` builds it from the environment), in its database
 * (created first when it is the run's own and missing). A table that existed before is not the
 * run's: the solve fails rather than use it, and teardown never drops it.
 */
export function createAthenaTable<E extends AthenaEnv>(p: AthenaWhere & { database: string; table: string; label: string; sql(env: E): string }): (ctx: LabContext<E>) => Promise<void> {
  return async (ctx) => {
    const workGroup = p.workGroup ?? athena.DEFAULT_WORKGROUP;
    const meta = { database: p.database, workGroup };
    if (p.database !== 'default' && !(await athena.getDatabase(ctx.clients.athena, p.database))) {
      await run(ctx, `CREATE DATABASE IF NOT EXISTS ${p.database}`, `CREATE DATABASE ${p.database}`, { workGroup }, () =>
        ctx.ledger.add({ kind: 'athena-database', id: p.database, region: ctx.env.region, meta }),
      );
    }
    if (await athena.getTableMetadata(ctx.clients.athena, p.database, p.table)) {
      throw new Error(`The table ${p.database}.${p.table} already exists and is not this run's; labwright neither uses nor drops it.`);
    }
    // Recorded as soon as the statement is accepted: a table may exist even if the wait is interrupted.
    await run(ctx, p.sql(ctx.env), p.label, { workGroup, database: p.database }, () => {
      ctx.ledger.add({ kind: 'athena-table', id: `${p.database}.${p.table}`, region: ctx.env.region, meta });
    });
  };
}

/** Solve: one statement built from the environment and now (ALTER TABLE … ADD PARTITION, a SELECT…); `stateKeys` keep its rows. */
export function runAthenaStatement<E extends AthenaEnv>(p: AthenaWhere & {
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
  /** Runs before each execution (e.g. add the partition of data that has just arrived). */
  before?(ctx: LabContext<E>): Promise<unknown>;
}): (ctx: LabContext<E>) => Promise<void> {
  return async (ctx) => {
    const started = ctx.clock.now();
    for (;;) {
      if (p.flushFirst) await ctx.target.flushFlowLogs?.();
      await p.before?.(ctx);
      const now = ctx.clock.now();
      const out = await run(ctx, p.sql(ctx.env, now), p.label(now), { workGroup: p.workGroup, database: p.database });
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

/**
 * Solve: adds a partition for each of the last `days` UTC dates (default 2: today and the day
 * before) whose folder holds files and that has no partition yet, as a student does on seeing the
 * records filed under another date (a run that crosses midnight). Returns the dates it added.
 */
export function addPartitionsForFiledDays<E extends AthenaEnv>(p: AthenaWhere & {
  database: string;
  table: string;
  /** The S3 key prefix (in the environment's bucket) of one date's files. */
  folder(env: E, time: number): string;
  /** The ADD PARTITION statement of one date (`YYYY-MM-DD`). */
  sql(env: E, day: string): string;
  days?: number;
}): (ctx: LabContext<E>) => Promise<string[]> {
  return async (ctx) => {
    const now = ctx.clock.now();
    const filed: string[] = [];
    for (let i = 0; i < (p.days ?? 2); i++) {
      const time = now - i * 86_400_000;
      const out = await ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: ctx.env.bucket, Prefix: p.folder(ctx.env, time), MaxKeys: 1 }));
      if (out.Contents?.length) filed.push(utcDay(time));
    }
    if (!filed.length) return [];
    const where = { workGroup: p.workGroup ?? athena.DEFAULT_WORKGROUP, database: p.database };
    const shown = await run(ctx, `SHOW PARTITIONS ${p.database}.${p.table}`, `SHOW PARTITIONS ${p.table}`, where);
    const have = new Set(shown.rows.map((r) => String(Object.values(r)[0] ?? '')));
    const added: string[] = [];
    for (const day of filed.reverse()) {
      if (have.has(`dt=${day}`)) continue;
      await run(ctx, p.sql(ctx.env, day), `ADD PARTITION (dt='${day}') for the flow-log files filed under that date`, where);
      added.push(day);
    }
    return added;
  };
}
