// CloudWatch Logs Insights helpers: start a query, read its results, wait for it to complete, and
// list the queries already run on a log group (the console's query history).
// Queries create nothing a student must clean up, so read-only (check) clients may run them.
import { DescribeQueriesCommand, GetQueryResultsCommand, StartQueryCommand, type CloudWatchLogsClient, type QueryStatistics, type QueryStatus } from '@aws-sdk/client-cloudwatch-logs';
import { deniedIsFatal, FatalPollError, poll, unwrapDenied, type PollOptions } from '../core/poll';

/** The only CloudWatch Logs client method the helpers use. */
export type Logs = Pick<CloudWatchLogsClient, 'send'>;
/** How long and how often to wait (everything of PollOptions but the description). */
export type Wait = Omit<PollOptions, 'description'>;

/** One Insights query over one log group and a time range (epoch ms; the API takes seconds). */
export interface InsightsQuery {
  logGroup: string;
  query: string;
  startMs: number;
  endMs: number;
  limit?: number;
}

/** A finished query: rows as field → value (every value a string, as the API returns them). */
export interface InsightsResult {
  queryId: string;
  status: string;
  rows: Array<Record<string, string>>;
  statistics?: QueryStatistics;
}

/** Starts a query and returns its id (MalformedQueryException and the like are thrown as is). */
export async function startQuery(logs: Logs, q: InsightsQuery): Promise<string> {
  const out = await logs.send(
    new StartQueryCommand({
      logGroupName: q.logGroup,
      queryString: q.query,
      startTime: Math.floor(q.startMs / 1000),
      endTime: Math.ceil(q.endMs / 1000),
      ...(q.limit ? { limit: q.limit } : {}),
    }),
  );
  return out.queryId!;
}

/** A query's status and its rows so far (partial while Running). */
export async function getQueryResults(logs: Logs, queryId: string): Promise<InsightsResult> {
  const out = await logs.send(new GetQueryResultsCommand({ queryId }));
  const rows = (out.results ?? []).map((row) => Object.fromEntries(row.map((f) => [f.field ?? '', f.value ?? ''])));
  return { queryId, status: out.status ?? 'Unknown', rows, statistics: out.statistics };
}

const FAILED = ['Failed', 'Cancelled', 'Timeout', 'Unknown'];

/** Polls a query until Complete; a Failed, Cancelled or Timeout query ends the wait with an error. */
export async function waitForQuery(logs: Logs, queryId: string, wait: Wait): Promise<InsightsResult> {
  const { value } = await poll(
    async () => {
      const r = await deniedIsFatal(() => getQueryResults(logs, queryId));
      if (r.status === 'Complete') return { done: true, value: r };
      if (FAILED.includes(r.status)) throw new FatalPollError(`The Logs Insights query ${queryId} ended with status ${r.status}.`);
      return { done: false, value: r.status, reason: `query ${queryId} is ${r.status}` };
    },
    { description: `Logs Insights query ${queryId} to complete`, ...wait },
  ).catch(unwrapDenied);
  return value;
}

/** Starts a query and waits for its complete results. */
export async function runQuery(logs: Logs, q: InsightsQuery, wait: Wait): Promise<InsightsResult> {
  return waitForQuery(logs, await startQuery(logs, q), wait);
}

/** One query as DescribeQueries lists it (createTime in epoch ms). */
export interface QueryInfo {
  queryId: string;
  queryString: string;
  status: string;
  createTime: number;
  logGroupName?: string;
}

/**
 * The queries run on a log group (optionally only those of one status), newest first, read through
 * every page of DescribeQueries up to `max` (AWS keeps a query's history for a limited time).
 */
export async function listQueries(logs: Logs, opts: { logGroup: string; status?: QueryStatus; max?: number }): Promise<QueryInfo[]> {
  const max = opts.max ?? 5_000;
  const out: QueryInfo[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new DescribeQueriesCommand({ logGroupName: opts.logGroup, status: opts.status, maxResults: 1000, nextToken }));
    for (const q of page.queries ?? []) {
      out.push({ queryId: q.queryId ?? '', queryString: q.queryString ?? '', status: q.status ?? 'Unknown', createTime: q.createTime ?? 0, logGroupName: q.logGroupName });
    }
    nextToken = page.nextToken;
  } while (nextToken && out.length < max);
  // AWS does not document the order of the list.
  return out.sort((a, b) => b.createTime - a.createTime);
}
