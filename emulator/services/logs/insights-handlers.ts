import { requestId } from '../../../core/ids';
import { profileOf } from '../../framework/time-profile';
import { AwsError, type Handler, type RequestContext } from '../../framework/types';
import { compileQuery, InsightsSyntaxError, runQuery, type QueryStatistics, type ResultField } from '../../insights';
import { readEvents } from './store';
import type { LogsState } from './types';
import { constraintError, decodeToken, encodeToken, groupNameFromIdentifier, invalidParameter } from './validation';

/** Query status values of the Logs API. */
type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';

/** One Insights query as kept in Logs state (plain JSON for snapshots). */
export interface StoredQuery {
  queryId: string;
  queryString: string;
  logGroupNames: string[];
  /** Epoch seconds, inclusive, as StartQuery took them. */
  startTime: number;
  endTime: number;
  limit?: number;
  /** Epoch ms. */
  createTime: number;
  /** Set once the query reaches an end state; before that the status is derived from the clock. */
  finalStatus?: 'Complete' | 'Cancelled' | 'Failed';
  completedAt?: number;
  results?: ResultField[][];
  statistics?: QueryStatistics;
}

/** The Insights part of the Logs state (a key this module owns inside LogsState). */
export interface InsightsState {
  insightsQueries?: Record<string, StoredQuery>;
}


const MAX_QUERY_LENGTH = 10_000;
const MAX_GROUPS = 50;
const MAX_LIMIT = 10_000;
// Old finished queries are dropped beyond this many, so state (and snapshots) stay bounded.
const MAX_KEPT_QUERIES = 500;

function queries(ctx: RequestContext): { state: LogsState & InsightsState; all: Record<string, StoredQuery> } {
  const state = ctx.state<LogsState & InsightsState>();
  state.insightsQueries ??= {};
  return { state, all: state.insightsQueries };
}

/**
 * How long a query stays Scheduled and then Running, by time profile. The status is computed from
 * timestamps on read, never by timers, so a fake clock drives it deterministically.
 */
function pace(ctx: RequestContext): { runningAfterMs: number; completeAfterMs: number } {
  const d = profileOf(ctx.runtime).durations;
  return { runningAfterMs: d.insightsRunningMs, completeAfterMs: d.insightsCompleteMs };
}

function statusOf(q: StoredQuery, ctx: RequestContext): QueryStatus {
  if (q.finalStatus) return q.finalStatus;
  const age = ctx.clock.now() - q.createTime;
  const p = pace(ctx);
  if (age >= p.completeAfterMs) return 'Complete';
  return age >= p.runningAfterMs ? 'Running' : 'Scheduled';
}

// Runs the query when it first reads as Complete (events delivered while it was Scheduled count, as on AWS).
function complete(q: StoredQuery, state: LogsState, ctx: RequestContext): void {
  const events = readEvents(state, q.logGroupNames, q.startTime * 1000, q.endTime * 1000 + 999).map((e) => ({ ...e, accountId: ctx.accountId }));
  const res = runQuery(q.queryString, events, { limit: q.limit });
  q.results = res.rows;
  q.statistics = res.statistics;
  q.finalStatus = 'Complete';
  q.completedAt = ctx.clock.now();
  ctx.runtime.markDirty();
}

function requireQuery(all: Record<string, StoredQuery>, id: unknown): StoredQuery {
  if (typeof id !== 'string' || id.length === 0) throw constraintError('queryId', id ?? null, 'Member must not be null');
  const q = Object.prototype.hasOwnProperty.call(all, id) ? all[id] : undefined;
  // Not established: AWS's exact wording for an unknown query id.
  if (!q) throw new AwsError('ResourceNotFoundException', `The query ${id} does not exist.`, 400);
  return q;
}

function groupsOf(input: { logGroupName?: string; logGroupNames?: string[]; logGroupIdentifiers?: string[] }): string[] {
  const given = [input.logGroupName !== undefined, input.logGroupNames !== undefined, input.logGroupIdentifiers !== undefined].filter(Boolean).length;
  if (given === 0) throw invalidParameter('Specify one of logGroupName, logGroupNames or logGroupIdentifiers.');
  if (given > 1) throw invalidParameter('logGroupName, logGroupNames and logGroupIdentifiers are mutually exclusive parameters.');
  if (input.logGroupName !== undefined) return [input.logGroupName];
  const list = (input.logGroupNames ?? input.logGroupIdentifiers) as string[];
  const member = input.logGroupNames ? 'logGroupNames' : 'logGroupIdentifiers';
  if (list.length === 0) throw constraintError(member, list, 'Member must have length greater than or equal to 1');
  if (list.length > MAX_GROUPS) throw constraintError(member, list, `Member must have length less than or equal to ${MAX_GROUPS}`);
  return input.logGroupIdentifiers ? list.map(groupNameFromIdentifier) : list;
}

const startQuery: Handler = (input: {
  logGroupName?: string;
  logGroupNames?: string[];
  logGroupIdentifiers?: string[];
  startTime?: number;
  endTime?: number;
  queryString?: string;
  limit?: number;
  queryLanguage?: string;
}, ctx) => {
  const { state, all } = queries(ctx);
  if (input.queryLanguage !== undefined && input.queryLanguage !== 'CWLI') {
    throw invalidParameter(`Query language ${input.queryLanguage} is not supported by this emulator; use CWLI (Logs Insights QL).`);
  }
  for (const m of ['startTime', 'endTime'] as const) {
    if (typeof input[m] !== 'number') throw constraintError(m, input[m] ?? null, 'Member must not be null');
    if ((input[m] as number) < 0) throw constraintError(m, input[m], 'Member must have value greater than or equal to 0');
  }
  const startTime = input.startTime as number;
  const endTime = input.endTime as number;
  if (endTime < startTime) throw invalidParameter('The endTime must be greater than or equal to the startTime.');
  const queryString = input.queryString;
  if (typeof queryString !== 'string' || queryString.length === 0) throw constraintError('queryString', queryString ?? null, 'Member must not be null');
  if (queryString.length > MAX_QUERY_LENGTH) throw constraintError('queryString', queryString, `Member must have length less than or equal to ${MAX_QUERY_LENGTH}`);
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1)) throw constraintError('limit', input.limit, 'Member must have value greater than or equal to 1');
  if (input.limit !== undefined && input.limit > MAX_LIMIT) throw constraintError('limit', input.limit, `Member must have value less than or equal to ${MAX_LIMIT}`);

  const groups = groupsOf(input);
  for (const g of groups) {
    if (!Object.prototype.hasOwnProperty.call(state.groups, g)) {
      // Wording as seen in AWS error reports (not in the API model).
      throw new AwsError('ResourceNotFoundException', `Log group '${g}' does not exist for account ID '${ctx.accountId}'`, 400);
    }
  }
  try {
    compileQuery(queryString);
  } catch (e) {
    if (!(e instanceof InsightsSyntaxError)) throw e;
    throw new AwsError('MalformedQueryException', e.message, 400, {
      queryCompileError: { location: { startCharOffset: e.startCharOffset, endCharOffset: e.endCharOffset }, message: e.message },
    });
  }

  const queryId = requestId();
  all[queryId] = { queryId, queryString, logGroupNames: groups, startTime, endTime, limit: input.limit, createTime: ctx.clock.now() };
  prune(all);
  ctx.runtime.markDirty();
  return { queryId };
};

function prune(all: Record<string, StoredQuery>): void {
  const ids = Object.keys(all);
  if (ids.length <= MAX_KEPT_QUERIES) return;
  const finished = ids.filter((id) => all[id].finalStatus).sort((a, b) => all[a].createTime - all[b].createTime);
  for (const id of finished.slice(0, ids.length - MAX_KEPT_QUERIES)) delete all[id];
}

const getQueryResults: Handler = (input: { queryId?: string }, ctx) => {
  const { state, all } = queries(ctx);
  const q = requireQuery(all, input.queryId);
  const status = statusOf(q, ctx);
  if (status === 'Complete' && !q.results) complete(q, state, ctx);
  const done = q.finalStatus === 'Complete';
  return {
    queryLanguage: 'CWLI',
    status,
    results: done ? q.results : [],
    statistics: done ? { ...(q.statistics as QueryStatistics) } : { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
  };
};

const stopQuery: Handler = (input: { queryId?: string }, ctx) => {
  const { all } = queries(ctx);
  const q = requireQuery(all, input.queryId);
  const status = statusOf(q, ctx);
  if (status !== 'Scheduled' && status !== 'Running') {
    // Not established: AWS's exact wording for stopping a query that already ended.
    throw invalidParameter(`The query ${q.queryId} is not running (status ${status}), so it cannot be stopped.`);
  }
  q.finalStatus = 'Cancelled';
  q.completedAt = ctx.clock.now();
  ctx.runtime.markDirty();
  return { success: true };
};

const describeQueries: Handler = (input: { logGroupName?: string; status?: string; maxResults?: number; nextToken?: string; queryLanguage?: string }, ctx) => {
  const { state, all } = queries(ctx);
  const max = input.maxResults ?? 1000;
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw constraintError('maxResults', input.maxResults, 'Member must have value between 1 and 1000');
  let list = Object.values(all)
    .map((q) => {
      const status = statusOf(q, ctx);
      // A query that reads as Complete has run, whichever operation looks first.
      if (status === 'Complete' && !q.results) complete(q, state, ctx);
      return { q, status };
    })
    .filter(({ q, status }) => (input.logGroupName === undefined || q.logGroupNames.includes(input.logGroupName)) && (input.status === undefined || status === input.status))
    .sort((a, b) => b.q.createTime - a.q.createTime || (a.q.queryId < b.q.queryId ? -1 : 1));
  const offset = input.nextToken ? decodeToken<{ offset: number }>(input.nextToken).offset : 0;
  list = list.slice(offset);
  const page = list.slice(0, max);
  const now = ctx.clock.now();
  return {
    queries: page.map(({ q, status }) => ({
      queryLanguage: 'CWLI',
      queryId: q.queryId,
      queryString: q.queryString,
      status,
      createTime: q.createTime,
      logGroupName: q.logGroupNames[0],
      queryDuration: (q.completedAt ?? now) - q.createTime,
      ...(q.statistics ? { bytesScanned: q.statistics.bytesScanned } : {}),
    })),
    ...(list.length > max ? { nextToken: encodeToken({ offset: offset + max }) } : {}),
  };
};

/** The Logs Insights operations; the Logs provider spreads these into its handler table. */
export const insightsHandlers: Record<string, Handler> = {
  StartQuery: startQuery,
  GetQueryResults: getQueryResults,
  StopQuery: stopQuery,
  DescribeQueries: describeQueries,
};
