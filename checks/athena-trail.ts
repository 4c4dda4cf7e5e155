// Checks for Athena over a trail's files in S3: a CloudTrail table (AWS's documented DDL: JSON or
// CloudTrail SerDe over the CloudTrail input format, partitioned by projection or by hand) that
// reads the delivered records, and the student's run of the lab's query listing what it expects.
// Checks run only read-only SQL, marked as the checker's (runReadOnlySql).
import type { QueryExecution } from '@aws-sdk/client-athena';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import * as athena from '../aws/athena';
import type { LabContext, LabEnvironment } from '../runner/context';
import { result, type CheckResult, type Evidence } from '../runner/model';
import { athenaTable, isCheckerSql, runReadOnlySql } from './athena';

/** What the checks read from the environment: the trail's bucket. */
export type AthenaTrailEnv = LabEnvironment & { bucket: string };
type Row = Record<string, string | null>;

/** Where the lab's table lives and its queries run: a database (default `default`) and a workgroup (default `primary`). */
export interface AthenaTrailWhere {
  database?: string;
  workGroup?: string;
}
const whereOf = (p: AthenaTrailWhere) => ({ database: p.database ?? 'default', workGroup: p.workGroup ?? athena.DEFAULT_WORKGROUP });

/** The lab's CloudTrail table and where the lab text creates it. */
export interface AthenaTrailTableParams extends AthenaTrailWhere {
  table: string;
  /** Columns the lab's queries read, with the start of their Hive type (`struct<`, `string`). */
  requiredColumns: Record<string, string>;
  section: string;
}
const SERDES = ['org.apache.hive.hcatalog.data.JsonSerDe', 'com.amazon.emr.hive.serde.CloudTrailSerde'];
const INPUT_FORMAT = 'com.amazon.emr.cloudtrail.CloudTrailInputFormat';
/** On AWS, a trail writes its files to S3 about every 5 minutes. */
const S3_DELIVERY_ETA_MS = 15 * 60_000;

/** The trail's folder of an account in the bucket: `AWSLogs/<account>/CloudTrail/`. */
function trailPrefix(env: AthenaTrailEnv): string {
  return `AWSLogs/${env.accountId}/CloudTrail/`;
}

/** Whether the trail delivered any file of the environment's region yet. */
async function hasTrailFiles(ctx: LabContext<AthenaTrailEnv>): Promise<boolean> {
  const out = await ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: ctx.env.bucket, Prefix: `${trailPrefix(ctx.env)}${ctx.env.region}/`, MaxKeys: 5 }));
  return (out.Contents ?? []).length > 0;
}

/** Check: the table is a CloudTrail table over the trail's folder, partitioned so queries see the delivered records, and it reads them. */
export function athenaTrailTableReads(p: AthenaTrailTableParams): (ctx: LabContext<AthenaTrailEnv>) => Promise<CheckResult> {
  const where = whereOf(p);
  const { database } = where;
  return async (ctx) => {
    const t = await athena.getTableMetadata(ctx.clients.athena, database, p.table);
    if (!t) {
      return result('failed', `No table ${database}.${p.table}.`, {
        hint: `Athena has no table ${p.table} in the database ${database}; run Query 1 and check that it succeeds (${p.section}).`,
        detail: `GetTableMetadata(AwsDataCatalog, ${database}, ${p.table}) → MetadataException`,
      });
    }
    const params = t.Parameters ?? {};
    const problems: string[] = [];
    const cols = new Map((t.Columns ?? []).map((c) => [c.Name?.toLowerCase() ?? '', c.Type?.toLowerCase().replace(/\s+/g, '') ?? '']));
    for (const [name, type] of Object.entries(p.requiredColumns)) {
      const have = cols.get(name);
      if (have === undefined) problems.push(`it has no column ${name}`);
      else if (!have.startsWith(type)) problems.push(`its column ${name} is of type ${have}, but CloudTrail's ${name} is a ${type.replace(/<$/, '')}`);
    }
    const serde = params['serde.serialization.lib'];
    if (!SERDES.includes(serde ?? '')) problems.push(`it reads its files with ${serde ?? 'no SerDe'}, but CloudTrail records are JSON (ROW FORMAT SERDE)`);
    if (params.inputformat !== INPUT_FORMAT) problems.push(`its input format is ${params.inputformat}, but trail files are read with ${INPUT_FORMAT} (STORED AS INPUTFORMAT)`);
    const location = (params.location ?? '').replace(/\/+$/, '');
    const base = `s3://${ctx.env.bucket}/${trailPrefix(ctx.env)}`.replace(/\/+$/, '');
    if (location !== base && location !== `${base}/${ctx.env.region}`) {
      problems.push(`it reads ${location || 'no location'}, but the trail's files of account ${ctx.env.accountId} are under ${base}/ (LOCATION)`);
    }
    const keys = (t.PartitionKeys ?? []).map((k) => k.Name?.toLowerCase() ?? '');
    const projected = params['projection.enabled'] === 'true';
    if (!keys.length) problems.push('it is not partitioned, so every query reads every file of the trail (PARTITIONED BY)');
    const evidence: Evidence[] = [{ kind: 'resource', title: `Table ${database}.${p.table}`, data: t }];
    const detail = `columns ${[...cols.keys()].join(', ')}; partition keys ${keys.join(', ') || 'none'}; projection ${projected}; location ${location}; serde ${serde}; inputformat ${params.inputformat}`;
    if (problems.length) return result('failed', `Table ${database}.${p.table} is not the lab's CloudTrail table.`, { hint: `Your table ${p.table}: ${problems.join('; ')} (${p.section}).`, detail, evidence });

    if (!(await hasTrailFiles(ctx))) {
      return result('passed', `Table ${database}.${p.table} is a CloudTrail table over ${location}.`, { detail: `${detail}; the trail has delivered no file yet, so reading was not confirmed`, evidence });
    }
    const counted = await runReadOnlySql(ctx, `SELECT count(*) AS records FROM ${database}.${p.table}`, where);
    const records = Number(Object.values(counted.rows[0] ?? {})[0] ?? 0);
    evidence.push({ kind: 'athena-rows', title: `Records the table reads (the checker's query)`, data: athenaTable(counted) });
    const readDetail = `${detail}; ${records} record(s) read (query ${counted.executionId})`;
    if (!(records > 0)) {
      return result('failed', `Table ${p.table} reads no records although the trail has delivered files.`, {
        hint: `The trail's files are in s3://${ctx.env.bucket}/${trailPrefix(ctx.env)}${ctx.env.region}/, but your table finds no records in them: ${projected ? "check the projection's storage.location.template and range" : 'a partitioned table sees only the partitions it has: enable partition projection or add the partitions'} (${p.section}).`,
        detail: readDetail,
        evidence,
      });
    }
    return result('passed', `Table ${database}.${p.table} is a CloudTrail table over ${location} and reads ${records} record(s).`, { detail: readDetail, evidence });
  };
}

/** The lab's query over the table, how to recognise a student's run of it, and what it must list. */
export interface AthenaTrailQueryParams<E extends AthenaTrailEnv> extends AthenaTrailWhere {
  query: string;
  label: string;
  isLabQuery(sql: string): boolean;
  /** What is wrong with a recognised run's statement, in the student's words (undefined: nothing). */
  queryProblem?(sql: string): string | undefined;
  expectedRow(row: Row, env: E): boolean;
  expectedWhat(env: E): string;
  /** The same query narrowed to the expected rows (the checker's own run). */
  ownQuery(env: E): string;
  section: string;
  dataSection: string;
}

/** Check: the student's newest successful run of the lab's query lists an expected row. */
export function athenaTrailQueryLists<E extends AthenaTrailEnv>(p: AthenaTrailQueryParams<E>): (ctx: LabContext<E>) => Promise<CheckResult> {
  const where = whereOf(p);
  return async (ctx) => {
    const isLab = (e: QueryExecution) => !isCheckerSql(e.Query ?? '') && p.isLabQuery(e.Query ?? '');
    const search = await athena.findQueryExecution(ctx.clients.athena, (e) => isLab(e) && e.Status?.State === 'SUCCEEDED', { workGroup: where.workGroup });
    const run = search.found;
    if (!run) {
      const last = search.seen.find(isLab);
      const error = last?.Status?.AthenaError?.ErrorMessage ?? last?.Status?.StateChangeReason;
      return result('failed', `You have not run ${p.label} successfully.`, {
        hint: last
          ? `Your last run of ${p.label} ended ${last.Status?.State}${error ? `: ${error}` : ''}. Run it again and check that it succeeds (${p.section}).`
          : `Run ${p.label} in the Athena query editor and check that it succeeds; it filters the calls by their error code (${p.section}).`,
        detail: `ListQueryExecutions(${where.workGroup}) → ${search.seen.length} execution(s); runs of the lab's query: ${search.seen.filter(isLab).map((e) => `${e.QueryExecutionId} ${e.Status?.State}`).join(', ') || 'none'}`,
      });
    }
    const at = run.Status?.SubmissionDateTime?.toISOString();
    const wrong = p.queryProblem?.(run.Query ?? '');
    if (wrong) {
      return result('failed', `Your last run of ${p.label} is not the lab's query.`, {
        hint: `Your last query of this kind (at ${at}) ${wrong} (${p.section}).`,
        detail: `the student's execution ${run.QueryExecutionId}: ${JSON.stringify(run.Query)}`,
      });
    }
    const out = await athena.getQueryRows(ctx.clients.athena, run);
    const evidence: Evidence[] = [{ kind: 'athena-rows', title: `${p.label} (your run at ${at})`, data: athenaTable(out) }];
    const detail = `the student's execution ${run.QueryExecutionId} (submitted ${at}): ${out.rows.length} row(s)`;
    const hits = out.rows.filter((r) => p.expectedRow(r, ctx.env));
    if (hits.length) return result('passed', `Your run of ${p.label} lists ${hits.length} row(s) of ${p.expectedWhat(ctx.env)}.`, { detail, evidence });

    const own = await runReadOnlySql(ctx, p.ownQuery(ctx.env), where);
    const ownHits = own.rows.filter((r) => p.expectedRow(r, ctx.env));
    evidence.push({ kind: 'athena-rows', title: `${p.label}, narrowed (the checker's query)`, data: athenaTable(own) });
    const ownDetail = `${detail}; the checker's query ${own.executionId}: ${ownHits.length} expected row(s)`;
    if (ownHits.length) {
      return result('failed', `Your run of ${p.label} does not list ${p.expectedWhat(ctx.env)}, though the table has them now.`, {
        hint: `Your last run of ${p.label} (at ${at}) does not list ${p.expectedWhat(ctx.env)}, but the table has ${ownHits.length} now: run the lab's query again as it is given (${p.section}).`,
        detail: ownDetail,
        evidence,
      });
    }
    return result('pending', `The table has no ${p.expectedWhat(ctx.env)} yet.`, {
      hint: `The trail writes its files to S3 every few minutes; once ${p.expectedWhat(ctx.env)} are delivered (step "${p.dataSection}"), run the query again (${p.section}).`,
      detail: ownDetail,
      evidence,
      etaMs: S3_DELIVERY_ETA_MS * ctx.target.budgetScale,
    });
  };
}
