// Checks for Athena over flow logs in S3: the query result location, a flow-log table as the lab's
// DDL declares it, the partition of the records' date (today's), and the student's run of the lab's rejected-traffic query. Checks run only read-only SQL (runReadOnlySql),
// each statement marked as the checker's, so the student's own runs can be told from the checker's.
import type { QueryExecution } from '@aws-sdk/client-athena';
import { ListObjectsV2Command, type _Object } from '@aws-sdk/client-s3';
import * as athena from '../aws/athena';
import { utcDay } from '../core/clock';
import { s3FolderFor } from '../flowlogs';
import type { LabContext, LabEnvironment } from '../runner/context';
import { result, type CheckResult, type Evidence } from '../runner/model';

/** What the Athena checks read from the environment: the bucket the flow logs write to. */
export type AthenaCheckEnv = LabEnvironment & { bucket: string };
type Ctx = LabContext<AthenaCheckEnv>;

/** The lab's flow-log table (in `default` unless a run names its own database), its statements, and the lab text's words hints use. */
export interface AthenaFlowLogParams {
  table: string;
  /** The table's database (default `default`) and the workgroup queries run in (default `primary`). */
  database?: string;
  workGroup?: string;
  /** Query 1 as the lab gives it (its columns and partition keys are read from it). */
  createTableSql(bucket: string, accountId: string, region: string): string;
  /** Query 3: the rejected-traffic query the student runs (`WHERE action = 'REJECT' AND protocol = 6`). */
  rejectsQuery: string;
  /** Where the lab text does each part ('step "…", Query 1'). */
  sections: { table: string; partition: string; query: string; settings: string };
  /** What makes rejected traffic, in the lab's words ("an SSH attempt with SecurityGroupX (step …)"). */
  breachingTraffic: string;
}
const QUERY_BUDGET_MS = 120_000;
const DAY_MS = 86_400_000;
/**
 * Within this long after 00:00 UTC, while today's folder has no file yet, the day before's partition
 * still counts: a run (or a student) that started shortly before midnight added that day's.
 */
const MIDNIGHT_GRACE_MS = 3_600_000;
/** On AWS, a flow log writes its first S3 file 10–15 minutes after the traffic. */
const S3_DELIVERY_ETA_MS = 12 * 60_000;
const READ_ONLY_SQL = /^(SELECT|SHOW|DESCRIBE|DESC|WITH)\b/i;
/** Query 3 returns at most this many rows (its LIMIT). */
const QUERY3_LIMIT = 100;
/** The first line of every query the checker runs (the last line of its DDL statements). */
export const CHECK_SQL_MARK = '-- labwright check';

/** IAM: Athena on the AwsDataCatalog reads table metadata from Glue as the caller. */
export const GLUE_TABLE_READ_ACTIONS: readonly string[] = ['glue:GetDatabase', 'glue:GetTable'];

/**
 * IAM: what running one read-only statement needs. Athena reads the catalog and the data, and
 * writes its result file, on the caller's behalf (a check needs this one write).
 */
export const ATHENA_READ_QUERY_ACTIONS: readonly string[] = [
  'athena:StartQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  ...GLUE_TABLE_READ_ACTIONS,
  'glue:GetPartitions',
  's3:GetBucketLocation',
  's3:GetObject',
  's3:ListBucket',
  's3:PutObject',
];
/** Statements Athena hands to its DDL engine, whose parser has rejected a leading comment line. */
const DDL_SQL = /^(SHOW|DESCRIBE|DESC)\b/i;

/** The statement as the checker sends it: marked by a comment line, first for queries, last for DDL. */
export function markCheckerSql(sql: string): string {
  const text = sql.replace(/^\s+/, '');
  return DDL_SQL.test(text) ? `${sql.replace(/;?\s*$/, '')}\n${CHECK_SQL_MARK}` : `${CHECK_SQL_MARK}\n${sql}`;
}

/** Thrown when a check is asked to run SQL that could change something. */
export class ReadOnlySqlError extends Error {
  override readonly name = 'ReadOnlySqlError';
}

/** Whether a statement is the checker's own (its first non-blank line is the mark, or the last of a DDL statement). */
export function isCheckerSql(sql: string): boolean {
  const lines = sql.split('\n').filter((line) => line.trim() !== '');
  if (lines[0]?.trim().toLowerCase() === CHECK_SQL_MARK) return true;
  return DDL_SQL.test(lines[0]?.trim() ?? '') && lines[lines.length - 1]?.trim().toLowerCase() === CHECK_SQL_MARK;
}

/**
 * Whether a statement is the lab's Query 3, whatever its layout, case and comments: a query of
 * [default.]<table> for action = 'REJECT' and protocol = 6.
 */
export function isRejectsQuery(sql: string, table: string): boolean {
  const name = table.toLowerCase().replace(/[^a-z0-9_]/g, '');
  const text = sql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  return (
    /^(select|with)\b/.test(text) &&
    new RegExp(`\\bfrom ("?default"? ?\\. ?)?"?${name}"?(?![\\w.])`).test(text) &&
    /\baction ?= ?'reject'/.test(text) &&
    /\bprotocol ?= ?6(?!\d)/.test(text)
  );
}

/** Query rows as the report's table (a NULL is an empty cell). */
export function athenaTable(out: Pick<athena.QueryRows, 'columns' | 'rows'>): { columns: string[]; rows: string[][] } {
  return { columns: out.columns, rows: out.rows.map((r) => out.columns.map((c) => r[c] ?? '')) };
}

/**
 * Runs one read-only statement (SELECT, SHOW, DESCRIBE, WITH) in the primary workgroup and returns
 * its rows; anything else, or more than one statement, is refused before it leaves the machine.
 * The statement goes out marked as the checker's (a leading comment line).
 */
export async function runReadOnlySql(ctx: LabContext, sql: string, where: athena.ExecutionOptions = {}): Promise<athena.QueryRows> {
  const text = sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)+/, '');
  const body = text.replace(/;\s*$/, '');
  if (!READ_ONLY_SQL.test(text) || body.includes(';')) {
    const first = text.split(/\s+/, 3).join(' ');
    throw new ReadOnlySqlError(`The checker runs only single read-only SQL statements (SELECT, SHOW, DESCRIBE, WITH) and refused "${first} …".`);
  }
  return athena.runQuery(ctx.clients.athena, markCheckerSql(sql), {
    budgetMs: QUERY_BUDGET_MS * ctx.target.budgetScale,
    intervalsMs: ctx.target.intervalsMs,
    clock: ctx.clock,
    signal: ctx.signal,
  }, where);
}

/** The database and workgroup of the lab's table and queries. */
const whereOf = (p: Pick<AthenaFlowLogParams, 'database' | 'workGroup'>) => ({ database: p.database ?? 'default', workGroup: p.workGroup ?? athena.DEFAULT_WORKGROUP });

/** Check: the workgroup (default `primary`) has an S3 output location. */
export function athenaResultLocationSet(p: { where: string; workGroup?: string }): (ctx: LabContext) => Promise<CheckResult> {
  return (ctx) => checkAthenaResultLocation(ctx, p.where, p.workGroup ?? athena.DEFAULT_WORKGROUP);
}

async function checkAthenaResultLocation(ctx: LabContext, SETTINGS_STEP: string, workGroup: string): Promise<CheckResult> {
  const wg = await athena.getWorkGroup(ctx.clients.athena, workGroup);
  const location = wg?.Configuration?.ResultConfiguration?.OutputLocation;
  const evidence: Evidence[] = [{ kind: 'resource', title: `Athena workgroup ${workGroup}`, data: wg?.Configuration ?? null }];
  const detail = `GetWorkGroup(${workGroup}).Configuration.ResultConfiguration.OutputLocation = ${JSON.stringify(location)}`;
  if (!location || !/^s3:\/\/[^/]+/.test(location)) {
    return result('failed', 'Athena has no query result location.', {
      hint: `Athena needs a location for query results before it runs any query: set "Location of query result" to an S3 URI (${SETTINGS_STEP}).`,
      detail,
      evidence,
    });
  }
  return result('passed', `Athena writes query results to ${location}.`, { detail, evidence });
}

/** The columns and partition keys of the lab's Query 1, read from the lab's own DDL. */
export function expectedTableShape(p: Pick<AthenaFlowLogParams, 'createTableSql'>): { columns: Array<[string, string]>; partitionKeys: Array<[string, string]> } {
  const ddl = p.createTableSql('bucket', '000000000000', 'region');
  const pairs = (text: string) =>
    text
      .split(',')
      .map((c) => c.trim().split(/\s+/))
      .filter((p) => p.length === 2)
      .map(([n, t]) => [n.toLowerCase(), t.toLowerCase()] as [string, string]);
  const columns = pairs(ddl.slice(ddl.indexOf('(') + 1, ddl.indexOf(')\nPARTITIONED')));
  const partitionKeys = pairs(/PARTITIONED BY \(([^)]*)\)/.exec(ddl)![1]);
  return { columns, partitionKeys };
}

/** Where the lab's table must point: the bucket's flow-log prefix for the account and region. */
export function expectedTableLocation(ctx: Ctx): string {
  return `s3://${ctx.env.bucket}/AWSLogs/${ctx.env.accountId}/vpcflowlogs/${ctx.env.region}/`;
}

/** Check: the table has the lab's columns, partition key, location and header skip. */
export function athenaFlowLogTableMatches(p: AthenaFlowLogParams): (ctx: Ctx) => Promise<CheckResult> {
  return (ctx) => checkAthenaTable(ctx, p);
}

/** Check: the table has a partition for today that reads today's files. */
export function athenaTodayPartitionReads(p: AthenaFlowLogParams): (ctx: Ctx) => Promise<CheckResult> {
  return (ctx) => checkAthenaPartition(ctx, p);
}

/** Check: the student's run of the rejects query lists the client's rejected traffic. */
export function athenaRejectsQueryListsClient(p: AthenaFlowLogParams): (ctx: Ctx) => Promise<CheckResult> {
  return (ctx) => checkAthenaRejectsQuery(ctx, p);
}

async function checkAthenaTable(ctx: Ctx, p: AthenaFlowLogParams): Promise<CheckResult> {
  const { database } = whereOf(p);
  const t = await athena.getTableMetadata(ctx.clients.athena, database, p.table);
  if (!t) {
    return result('failed', `No table ${database}.${p.table}.`, {
      hint: `Athena has no table ${p.table} in the database ${database}; run Query 1 and check that it succeeds (${p.sections.table}).`,
      detail: `GetTableMetadata(AwsDataCatalog, ${database}, ${p.table}) → MetadataException`,
    });
  }
  const want = expectedTableShape(p);
  const have = (t.Columns ?? []).map((c) => [c.Name?.toLowerCase() ?? '', c.Type?.toLowerCase() ?? ''] as [string, string]);
  const problems: string[] = [];
  const haveNames = have.map(([n]) => n);
  const wantNames = want.columns.map(([n]) => n);
  for (const [name, type] of want.columns) {
    const col = have.find(([n]) => n === name);
    if (!col) problems.push(`it has no column ${name}`);
    else if (col[1] !== type) problems.push(`its column ${name} is of type ${col[1]}, but the lab's Query 1 declares ${type}`);
  }
  for (const name of haveNames) if (!wantNames.includes(name)) problems.push(`it has a column ${name} that the lab's table does not have`);
  if (!problems.length && haveNames.join() !== wantNames.join()) {
    problems.push('its columns are not in the order of the fields of a flow-log record, so values would land in the wrong columns');
  }
  const keys = (t.PartitionKeys ?? []).map((c) => `${c.Name?.toLowerCase()} ${c.Type?.toLowerCase()}`);
  const wantKeys = want.partitionKeys.map(([n, ty]) => `${n} ${ty}`);
  if (keys.join() !== wantKeys.join()) {
    problems.push(keys.length ? `it is partitioned by (${keys.join(', ')}), but the lab's table is partitioned by (${wantKeys.join(', ')})` : 'it is not partitioned, but the lab adds a partition per day');
  }
  const params = t.Parameters ?? {};
  const location = params.location ?? '';
  const wantLocation = expectedTableLocation(ctx);
  if (location.replace(/\/+$/, '') !== wantLocation.replace(/\/+$/, '')) {
    problems.push(`it reads ${location || 'no location'}, but the flow logs of account ${ctx.env.accountId} in ${ctx.env.region} are under ${wantLocation}`);
  }
  if (params['skip.header.line.count'] !== '1') problems.push('it does not skip the header line at the top of each flow-log file (TBLPROPERTIES)');
  const delim = params['serde.param.field.delim'] ?? params['field.delim'];
  if (delim !== undefined && delim !== ' ') problems.push(`its fields are separated by ${JSON.stringify(delim)}, but flow-log fields are separated by spaces`);

  const evidence: Evidence[] = [{ kind: 'resource', title: `Table ${database}.${p.table}`, data: t }];
  const detail = `columns ${have.map(([n, ty]) => `${n}:${ty}`).join(', ')}; partition keys ${keys.join(', ') || 'none'}; location ${location}; ` +
    `skip.header.line.count ${params['skip.header.line.count']}; field delimiter ${JSON.stringify(delim)}`;
  if (problems.length) {
    return result('failed', `Table ${database}.${p.table} does not match the lab's Query 1.`, { hint: `Your table ${p.table}: ${problems.join('; ')} (${p.sections.table}).`, detail, evidence });
  }
  return result('passed', `Table ${database}.${p.table} has the lab's ${have.length} columns, partition key dt and reads ${location}.`, { detail, evidence });
}

async function checkAthenaPartition(ctx: Ctx, p: AthenaFlowLogParams): Promise<CheckResult> {
  const { database } = whereOf(p);
  if (!(await athena.getTableMetadata(ctx.clients.athena, database, p.table))) {
    return result('failed', `No table ${database}.${p.table}.`, { hint: `Partitions belong to the table ${p.table}, which does not exist yet (${p.sections.table}).` });
  }
  const now = ctx.clock.now();
  const today = utcDay(now);
  const partitions = await listPartitions(ctx, p);
  const folders = await recentFolders(ctx);
  const withFiles = folders.filter((f) => f.objects.length);
  // The partition for the records' date counts: a run that started shortly before midnight added
  // the day it started on, and its records may be filed under either day.
  const accepted = new Set([today, ...withFiles.map((f) => f.day)]);
  if (!withFiles.some((f) => f.day === today) && now - Date.parse(`${today}T00:00:00Z`) < MIDNIGHT_GRACE_MS) accepted.add(utcDay(now - DAY_MS));
  const days = [...accepted].filter((d) => partitions.includes(`dt=${d}`)).sort();
  const evidence: Evidence[] = [{ kind: 'athena-rows', title: `SHOW PARTITIONS ${p.table}`, data: { columns: ['partition'], rows: partitions.map((p) => [p]) } }];
  const filed = withFiles.map((f) => `${f.objects.length} object(s) under s3://${ctx.env.bucket}/${f.folder}`).join(', ') || `no objects under s3://${ctx.env.bucket}/${folders[0].folder} or the day before's folder`;
  if (!days.length) {
    const others = withFiles.filter((f) => f.day !== today).map((f) => `dt='${f.day}'`);
    return result('failed', `Table ${p.table} has no partition for today (${today}).`, {
      hint: `Your table has ${partitions.length ? `the partitions ${partitions.join(', ')}` : 'no partitions'} but none for today, dt='${today}'${others.length ? ` (nor ${others.join(', ')}, whose folder has the flow-log files)` : ''} (flow-log folders are named by the UTC date), so queries see none of today's records (${p.sections.partition}).`,
      detail: `SHOW PARTITIONS → [${partitions.join(', ')}]; today (UTC) ${today}; ${filed}`,
      evidence,
    });
  }
  const named = (d: string) => (d === today ? `today (${d})` : `${d}`);
  // SHOW PARTITIONS names partitions but not their locations: when a day's folder has files, its
  // partition must read records from them, which it does only if it points at that folder.
  const toCount = days.filter((d) => withFiles.some((f) => f.day === d));
  if (!toCount.length) {
    return result('passed', `Table ${p.table} has a partition for ${named(days[days.length - 1])}.`, {
      detail: `SHOW PARTITIONS → [${partitions.join(', ')}]; ${filed}, so the partition's location was not confirmed`,
      evidence,
    });
  }
  const counts: Array<{ day: string; records: number; executionId: string }> = [];
  for (const day of toCount) {
    const counted = await runReadOnlySql(ctx, `SELECT count(*) AS records FROM ${database}.${p.table} WHERE dt = '${day}'`, whereOf(p));
    counts.push({ day, records: Number(Object.values(counted.rows[0] ?? {})[0] ?? 0), executionId: counted.executionId });
  }
  const detail = `SHOW PARTITIONS → [${partitions.join(', ')}]; ${filed}; ${counts.map((c) => `${c.records} record(s) in dt='${c.day}' (query ${c.executionId})`).join('; ')}`;
  const empty = counts.find((c) => !(c.records > 0));
  if (empty) {
    const folder = withFiles.find((f) => f.day === empty.day)!.folder;
    return result('failed', `${empty.day === today ? "Today's partition" : `The partition dt='${empty.day}'`} of ${p.table} reads no records although ${empty.day === today ? "today's" : 'its'} flow-log files exist.`, {
      hint: `The partition dt='${empty.day}' finds no records, yet the bucket has flow-log files for ${empty.day === today ? 'today' : empty.day} in s3://${ctx.env.bucket}/${folder}: check the partition's location (${p.sections.partition}).`,
      detail,
      evidence,
    });
  }
  const records = counts.reduce((n, c) => n + c.records, 0);
  return result('passed', `Table ${p.table} has a partition for ${counts.map((c) => named(c.day)).join(' and ')} that reads ${records} record(s).`, { detail, evidence });
}

async function checkAthenaRejectsQuery(ctx: Ctx, p: AthenaFlowLogParams): Promise<CheckResult> {
  const today = utcDay(ctx.clock.now());
  // The records are filed under the UTC date of their file: today's folder, or the day before's for
  // a run that started shortly before midnight.
  const folders = await recentFolders(ctx);
  const withFiles = folders.filter((f) => f.objects.length);
  if (!withFiles.length) {
    return result('pending', `No flow-log file for today in s3://${ctx.env.bucket}/${folders[0].folder} yet.`, {
      hint: 'The flow log to S3 writes its first files 10–15 minutes after the traffic; Query 3 finds records once they are there.',
      detail: `ListObjectsV2(${ctx.env.bucket}, ${folders.map((f) => f.folder).join(' and ')}) → 0 objects`,
      etaMs: S3_DELIVERY_ETA_MS * ctx.target.budgetScale,
    });
  }
  const objects = withFiles.flatMap((f) => f.objects);
  const folder = withFiles.map((f) => f.folder).join(' and ');
  const partitions = await listPartitions(ctx, p);
  const unpartitioned = withFiles.filter((f) => !partitions.includes(`dt=${f.day}`));
  if (unpartitioned.length === withFiles.length) {
    const which = unpartitioned.map((f) => `dt='${f.day}'`).join(' or ');
    const days = unpartitioned.map((f) => (f.day === today ? 'today' : f.day));
    return result('failed', `Query 3 cannot see ${days.includes('today') ? "today's" : `${days.join(' and ')}'s`} records: ${p.table} has no partition for ${unpartitioned.map((f) => f.day).join(' or ')}.`, {
      hint: `${days.includes('today') ? "Today's" : `The ${days.join(' and ')}`} flow-log files are in the bucket, but your table has no partition ${which}, so Query 3 cannot read them (${p.sections.partition}).`,
      detail: `SHOW PARTITIONS → [${partitions.join(', ')}]; ${objects.length} object(s) under ${folder}`,
    });
  }
  const missingNote = unpartitioned.length ? ` The flow-log files of ${unpartitioned.map((f) => f.day).join(' and ')} have no partition (dt='${unpartitioned[0].day}') yet, so Query 3 does not read them.` : '';

  const isQuery3 = (e: QueryExecution) => !isCheckerSql(e.Query ?? '') && isRejectsQuery(e.Query ?? '', p.table);
  const search = await athena.findQueryExecution(ctx.clients.athena, (e) => isQuery3(e) && e.Status?.State === 'SUCCEEDED', { workGroup: whereOf(p).workGroup });
  const run = search.found;
  if (!run) return noQuery3(p, search.seen, search.seen.filter(isQuery3));

  const ip = await ctx.target.clientIp();
  const out = await athena.getQueryRows(ctx.clients.athena, run);
  const at = run.Status?.SubmissionDateTime?.toISOString();
  const isMine = (r: Record<string, string | null>) => r.sourceaddress === ip && r.destinationport === '22' && r.action === 'REJECT' && r.protocol === '6';
  const mine = out.rows.filter(isMine);
  const evidence: Evidence[] = [{ kind: 'athena-rows', title: `Query 3: rejected TCP traffic (your run at ${at})`, data: athenaTable(out) }];
  const detail = `the student's execution ${run.QueryExecutionId} (submitted ${at}): ${out.rows.length} row(s); ${objects.length} object(s) under ${folder}; client IP ${ip}`;
  if (mine.length) {
    return result('passed', `Your run of Query 3 lists ${mine.length} rejected SSH record(s) from your IP ${ip}.`, { detail, evidence });
  }

  // The run does not list the client: are the client's records there now? The checker asks with
  // its own (marked) Query 3 for the client's address only.
  const own = await runReadOnlySql(ctx, p.rejectsQuery.replace("WHERE action = 'REJECT' AND protocol = 6", `WHERE action = 'REJECT' AND protocol = 6 AND sourceaddress = '${ip}'`), whereOf(p));
  const ownMine = own.rows.filter(isMine);
  const ownDetail = `${detail}; the checker's query ${own.executionId} for ${ip}: ${ownMine.length} rejected SSH row(s)`;
  evidence.push({ kind: 'athena-rows', title: `Query 3 for ${ip} only (the checker's query)`, data: athenaTable(own) });
  if (ownMine.length && out.rows.length >= QUERY3_LIMIT) {
    // LIMIT 100 ordered by address can cut the client off when scanners are rejected too.
    return result('passed', `Your IP ${ip} has ${ownMine.length} rejected SSH record(s), past the ${QUERY3_LIMIT} rows Query 3 shows.`, { detail: ownDetail, evidence });
  }
  if (ownMine.length) {
    return result('failed', `Your run of Query 3 does not list your IP ${ip}, though its rejected SSH records are in the table now.`, {
      hint: `Your last run of Query 3 (at ${at}) does not list your IP ${ip}, but the table now has ${ownMine.length} rejected SSH record(s) from it: run Query 3 again, your last run was before the records arrived (${p.sections.query}).`,
      detail: ownDetail,
      evidence,
    });
  }
  return result('pending', `Query 3 does not list your IP ${ip} with a rejected SSH attempt yet.`, {
    hint: `Your run of Query 3 returns ${out.rows.length} rejected record(s), none from your IP ${ip} to port 22, and none has arrived since; the flow log writes to S3 every few minutes. If you have not made ${p.breachingTraffic} yet, make one, then run Query 3 again.${missingNote}`,
    detail: ownDetail,
    evidence,
    etaMs: S3_DELIVERY_ETA_MS * ctx.target.budgetScale,
  });
}

/** No successful run of Query 3 by the student: say so, with Athena's error if their last run failed. */
function noQuery3(p: AthenaFlowLogParams, history: QueryExecution[], runs: QueryExecution[]): CheckResult {
  // `history` is what the search read: the whole workgroup history, or its newest part when long.
  const last = runs[0];
  const error = last?.Status?.AthenaError?.ErrorMessage ?? last?.Status?.StateChangeReason;
  const mine = history.filter((e) => !isCheckerSql(e.Query ?? ''));
  return result('failed', 'You have not run Query 3 successfully.', {
    hint: last
      ? `Your last run of Query 3 ended ${last.Status?.State}${error ? `: ${error}` : ''}. Run Query 3 again and check that it succeeds (${p.sections.query}).`
      : `Run Query 3 in the Athena query editor and check that it succeeds (${p.sections.query}).`,
    detail: `ListQueryExecutions(${whereOf(p).workGroup}) → ${history.length} execution(s), ${history.length - mine.length} of them the checker's; ` +
      `runs of Query 3: ${runs.map((e) => `${e.QueryExecutionId} ${e.Status?.State}`).join(', ') || 'none'}`,
  });
}

/** The partition names of the lab table (`dt=YYYY-MM-DD`), through read-only SQL. */
async function listPartitions(ctx: Ctx, p: AthenaFlowLogParams): Promise<string[]> {
  const { database } = whereOf(p);
  const out = await runReadOnlySql(ctx, `SHOW PARTITIONS ${database}.${p.table}`, whereOf(p));
  return out.rows.map((r) => String(Object.values(r)[0] ?? '')).filter(Boolean);
}

/**
 * The flow-log folders of today and the day before (UTC), each with a few of its objects: the days
 * the records a run produced are filed under (a run is shorter than a day).
 */
async function recentFolders(ctx: Ctx): Promise<Array<{ day: string; folder: string; objects: _Object[] }>> {
  const now = ctx.clock.now();
  return Promise.all(
    [now, now - DAY_MS].map(async (time) => {
      const folder = s3FolderFor({ accountId: ctx.env.accountId, region: ctx.env.region, time });
      const out = await ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: ctx.env.bucket, Prefix: folder, MaxKeys: 20 }));
      return { day: utcDay(time), folder, objects: out.Contents ?? [] };
    }),
  );
}
