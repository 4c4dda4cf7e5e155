// Athena helpers: the workgroup's result location, query executions (start, wait, read rows, list
// a workgroup's history) and the catalog's table metadata.
import {
  BatchGetQueryExecutionCommand,
  CreateWorkGroupCommand,
  DeleteWorkGroupCommand,
  GetDatabaseCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  GetWorkGroupCommand,
  ListQueryExecutionsCommand,
  StartQueryExecutionCommand,
  UpdateWorkGroupCommand,
  type AthenaClient,
  type QueryExecution,
  type TableMetadata,
  type WorkGroup,
} from '@aws-sdk/client-athena';
import { deniedIsFatal, FatalPollError, poll, unwrapDenied, type PollOptions } from '../core/poll';

/** The only Athena client method the helpers use. */
export type Athena = Pick<AthenaClient, 'send'>;
/** One console line per mutating call. */
export type Log = (line: string) => void;
/** How long and how often to wait (everything of PollOptions but the description). */
export type Wait = Omit<PollOptions, 'description'>;

/** The workgroup a console user gets by default. */
export const DEFAULT_WORKGROUP = 'primary';
/** The catalog Athena's console uses (the Glue Data Catalog). */
export const DEFAULT_CATALOG = 'AwsDataCatalog';

/** A query that ended FAILED or CANCELLED; the message is Athena's own. */
export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
  constructor(
    readonly executionId: string,
    readonly state: string,
    readonly athenaMessage: string,
  ) {
    super(`Athena query ${executionId} ${state}: ${athenaMessage}`);
  }
}

/** Sets a workgroup's query result location (the console's Settings › Manage). */
export async function setResultLocation(athena: Athena, workGroup: string, outputLocation: string, log: Log): Promise<void> {
  log(`Setting the Athena query result location of workgroup ${workGroup} to ${outputLocation}`);
  await athena.send(
    new UpdateWorkGroupCommand({ WorkGroup: workGroup, ConfigurationUpdates: { ResultConfigurationUpdates: { OutputLocation: outputLocation } } }),
  );
}

/** The description a run's own workgroup carries: GetWorkGroup shows it, so ownership is readable without tag permissions. */
export function runWorkGroupDescription(runId: string): string {
  return `labwright run ${runId}`;
}

/**
 * Creates a workgroup with its own result location, tagged and described as the run's; its
 * settings override the client's, so every statement in it writes only under that location.
 */
export async function createWorkGroup(athena: Athena, name: string, outputLocation: string, runId: string, tags: Record<string, string>, log: Log): Promise<void> {
  log(`Creating Athena workgroup ${name} with query result location ${outputLocation}`);
  try {
    await athena.send(
      new CreateWorkGroupCommand({
        Name: name,
        Description: runWorkGroupDescription(runId),
        Configuration: { ResultConfiguration: { OutputLocation: outputLocation }, EnforceWorkGroupConfiguration: true },
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  } catch (err) {
    // The SDK retried a create whose first answer was lost: the workgroup it finds is this run's own
    // when it carries the run's description; anything else is someone else's and stays an error.
    if (!/already (created|exists)/i.test((err as Error).message ?? '')) throw err;
    const existing = await getWorkGroup(athena, name);
    if (existing?.Description !== runWorkGroupDescription(runId)) throw err;
  }
}

/** Deletes a workgroup and its saved queries and history. */
export async function deleteWorkGroup(athena: Athena, name: string, log: Log): Promise<void> {
  log(`Deleting Athena workgroup ${name}`);
  await athena.send(new DeleteWorkGroupCommand({ WorkGroup: name, RecursiveDeleteOption: true }));
}

/** Whether a database exists in the default catalog. */
export async function getDatabase(athena: Athena, name: string): Promise<boolean> {
  try {
    return Boolean((await athena.send(new GetDatabaseCommand({ CatalogName: DEFAULT_CATALOG, DatabaseName: name }))).Database);
  } catch (err) {
    if (/MetadataException|NotFound/.test((err as Error).name) || /not found|does not exist/i.test((err as Error).message)) return false;
    throw err;
  }
}

/** A workgroup, or undefined when it does not exist. */
export async function getWorkGroup(athena: Athena, name: string): Promise<WorkGroup | undefined> {
  try {
    return (await athena.send(new GetWorkGroupCommand({ WorkGroup: name }))).WorkGroup;
  } catch (err) {
    if ((err as Error).name === 'InvalidRequestException' && /not found|does not exist/i.test((err as Error).message)) return undefined;
    throw err;
  }
}

/** Where and how a statement runs. */
export interface ExecutionOptions {
  workGroup?: string;
  database?: string;
}

/** Starts a statement and returns its execution id. */
export async function startQueryExecution(athena: Athena, sql: string, opts: ExecutionOptions = {}): Promise<string> {
  const out = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: opts.workGroup ?? DEFAULT_WORKGROUP,
      QueryExecutionContext: { Database: opts.database ?? 'default', Catalog: DEFAULT_CATALOG },
    }),
  );
  return out.QueryExecutionId!;
}

/** Polls an execution through QUEUED and RUNNING to SUCCEEDED; FAILED or CANCELLED throws AthenaQueryError. */
export async function waitForQueryExecution(athena: Athena, executionId: string, wait: Wait): Promise<QueryExecution> {
  const { value } = await poll(
    async () => {
      const exec = (await deniedIsFatal(() => athena.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId })))).QueryExecution!;
      const state = exec.Status?.State ?? 'QUEUED';
      if (state === 'SUCCEEDED') return { done: true, value: exec };
      if (state === 'FAILED' || state === 'CANCELLED') {
        const message = exec.Status?.AthenaError?.ErrorMessage ?? exec.Status?.StateChangeReason ?? 'no reason given';
        throw new FatalPollError(message, new AthenaQueryError(executionId, state, message));
      }
      return { done: false, value: state, reason: `query ${executionId} is ${state}` };
    },
    { description: `Athena query ${executionId} to succeed`, ...wait },
  ).catch((err) => {
    // The poller wraps probe failures; callers want Athena's own error.
    if (err instanceof FatalPollError && err.cause instanceof AthenaQueryError) throw err.cause;
    unwrapDenied(err);
  });
  return value;
}

/** A finished statement's rows as column → value (null for SQL NULL). */
export interface QueryRows {
  executionId: string;
  columns: string[];
  rows: Array<Record<string, string | null>>;
}

/**
 * Reads every row of a finished execution. Athena puts the column names in the first row of a
 * query (DML) result; DDL and utility statements (SHOW, DESCRIBE) return bare rows.
 */
export async function getQueryRows(athena: Athena, execution: QueryExecution, maxRows = 10_000): Promise<QueryRows> {
  const executionId = execution.QueryExecutionId!;
  let columns: string[] = [];
  const raw: Array<Array<string | null>> = [];
  let NextToken: string | undefined;
  let first = true;
  do {
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: executionId, NextToken, MaxResults: 1000 }));
    if (first) columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
    const rows = (page.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? null));
    raw.push(...(first && execution.StatementType === 'DML' ? rows.slice(1) : rows));
    first = false;
    NextToken = page.NextToken;
  } while (NextToken && raw.length < maxRows);
  return { executionId, columns, rows: raw.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))) };
}

/** Runs one statement to the end and returns its rows. */
export async function runQuery(athena: Athena, sql: string, wait: Wait, opts: ExecutionOptions = {}): Promise<QueryRows> {
  const id = await startQueryExecution(athena, sql, opts);
  const exec = await waitForQueryExecution(athena, id, wait);
  return getQueryRows(athena, exec);
}

/** What a search of a workgroup's history found, and what it read on the way (newest first). */
export interface ExecutionSearch {
  found?: QueryExecution;
  seen: QueryExecution[];
}

/**
 * Searches a workgroup's query history from the newest execution back for the first one `match`
 * accepts: pages of ListQueryExecutions (ids, newest first), each described by one
 * BatchGetQueryExecution, until a match or `max` executions. Stopping at the first match keeps
 * the search short however many statements ran since (a checker that re-checks adds its own).
 */
export async function findQueryExecution(athena: Athena, match: (e: QueryExecution) => boolean, opts: { workGroup?: string; max?: number } = {}): Promise<ExecutionSearch> {
  const max = opts.max ?? 2_000;
  const seen: QueryExecution[] = [];
  const submitted = (e: QueryExecution) => e.Status?.SubmissionDateTime?.getTime() ?? 0;
  let NextToken: string | undefined;
  do {
    const page = await athena.send(new ListQueryExecutionsCommand({ WorkGroup: opts.workGroup ?? DEFAULT_WORKGROUP, MaxResults: 50, NextToken }));
    const ids = page.QueryExecutionIds ?? [];
    if (!ids.length) break;
    // Within a page, order by submission time: BatchGetQueryExecution does not promise the ids' order.
    const execs = ((await athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: ids }))).QueryExecutions ?? []).sort((x, y) => submitted(y) - submitted(x));
    for (const e of execs) {
      seen.push(e);
      if (match(e)) return { found: e, seen };
    }
    NextToken = page.NextToken;
  } while (NextToken && seen.length < max);
  return { seen };
}

/** A table's catalog metadata, or undefined when the database or the table does not exist. */
export async function getTableMetadata(athena: Athena, database: string, table: string): Promise<TableMetadata | undefined> {
  try {
    const out = await athena.send(new GetTableMetadataCommand({ CatalogName: DEFAULT_CATALOG, DatabaseName: database, TableName: table }));
    return out.TableMetadata;
  } catch (err) {
    if ((err as Error).name === 'MetadataException') return undefined;
    throw err;
  }
}
