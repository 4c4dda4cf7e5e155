/** StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution, ListQueryExecutions, BatchGetQueryExecution. */
import { randomUUID } from 'node:crypto';
import type { Handler, RequestContext } from '../../framework/types';
import { invalidRequest, NO_OUTPUT_LOCATION } from './errors';
import { executionState, isRunningHere, launch } from './query-runner';
import { profileOf } from '../../framework/time-profile';
import { checkLocation, requireWorkGroup } from './workgroup-handlers';
import type { AthenaState, ExecutionRecord } from './state';

const ENGINE_VERSION = { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' };
const state = (ctx: RequestContext) => ctx.state<AthenaState>();

function requireExecution(s: AthenaState, id: unknown): ExecutionRecord {
  const exec = s.executions[String(id ?? '')];
  if (!exec) throw invalidRequest(`QueryExecution ${String(id)} was not found`);
  return exec;
}

/** The QueryExecution shape of GetQueryExecution, computed at the clock's now. */
function describe(exec: ExecutionRecord, ctx: RequestContext) {
  const now = ctx.clock.now();
  const { state: st, completedAt } = executionState(exec, now, isRunningHere(ctx.runtime, exec.id));
  const end = completedAt ?? now;
  const queue = Math.min(exec.queueMs, Math.max(0, end - exec.submittedAt));
  const engine = st === 'QUEUED' ? 0 : Math.max(0, end - exec.submittedAt - exec.queueMs);
  const status: Record<string, unknown> = { State: st, SubmissionDateTime: new Date(exec.submittedAt) };
  if (completedAt !== undefined) status.CompletionDateTime = new Date(completedAt);
  if (st === 'FAILED' && exec.error) {
    status.StateChangeReason = exec.error.message;
    status.AthenaError = { ErrorCategory: exec.error.errorCategory, ErrorType: exec.error.errorType, Retryable: false, ErrorMessage: exec.error.message };
  }
  if (st === 'CANCELLED') status.StateChangeReason = 'Query was cancelled by user';
  return {
    QueryExecutionId: exec.id,
    Query: exec.query,
    StatementType: exec.statementType,
    ResultConfiguration: exec.outputLocation ? { OutputLocation: exec.outputLocation } : {},
    ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
    QueryExecutionContext: { Database: exec.database, Catalog: exec.catalog },
    Status: status,
    Statistics: {
      EngineExecutionTimeInMillis: engine,
      DataScannedInBytes: st === 'SUCCEEDED' ? exec.bytesScanned : 0,
      TotalExecutionTimeInMillis: Math.max(0, end - exec.submittedAt),
      QueryQueueTimeInMillis: queue,
      ServicePreProcessingTimeInMillis: 0,
      QueryPlanningTimeInMillis: st === 'QUEUED' ? 0 : Math.min(engine, Math.round((exec.engineMs ?? 0) / 4)),
      ServiceProcessingTimeInMillis: completedAt !== undefined ? 1 : 0,
      ResultReuseInformation: { ReusedPreviousResult: false },
    },
    WorkGroup: exec.workGroup,
    EngineVersion: ENGINE_VERSION,
    SubstatementType: exec.statementType === 'DML' ? 'SELECT' : undefined,
  };
}

function pageToken(n: number): string {
  return Buffer.from(`lw:${n}`).toString('base64');
}

function readToken(token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  const m = /^lw:(\d+)$/.exec(Buffer.from(String(token), 'base64').toString());
  if (!m) throw invalidRequest('The NextToken is not valid.', 'INVALID_NEXT_TOKEN');
  return Number(m[1]);
}

export const executionHandlers: Record<string, Handler> = {
  StartQueryExecution: (input, ctx) => {
    const s = state(ctx);
    const query = typeof input.QueryString === 'string' ? input.QueryString : '';
    if (query.length < 1 || query.length > 262144) {
      throw invalidRequest(
        `1 validation error detected: Value at 'queryString' failed to satisfy constraint: Member must have length ${query.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 262144'}`,
      );
    }
    const wgName = String(input.WorkGroup ?? 'primary');
    const wg = requireWorkGroup(s, wgName);
    if (wg.state === 'DISABLED') throw invalidRequest(`WorkGroup ${wgName} is disabled.`);
    const token = input.ClientRequestToken as string | undefined;
    if (token) {
      const prior = Object.values(s.executions).find((e) => e.clientRequestToken === token);
      if (prior) {
        if (prior.query !== query || prior.workGroup !== wgName) throw invalidRequest('Idempotent parameters do not match', 'IDEMPOTENT_PARAMETER_MISMATCH');
        return { QueryExecutionId: prior.id };
      }
    }
    const requested = input.ResultConfiguration?.OutputLocation as string | undefined;
    const location = wg.enforce && wg.outputLocation ? wg.outputLocation : (requested ?? wg.outputLocation);
    if (!location) throw invalidRequest(NO_OUTPUT_LOCATION);
    checkLocation(location);
    const id = randomUUID();
    const exec: ExecutionRecord = {
      id,
      query,
      statementType: 'DML',
      workGroup: wgName,
      database: String(input.QueryExecutionContext?.Database ?? 'default').toLowerCase(),
      catalog: String(input.QueryExecutionContext?.Catalog ?? 'awsdatacatalog').toLowerCase(),
      clientRequestToken: token,
      submittedAt: ctx.clock.now(),
      queueMs: profileOf(ctx.runtime).durations.athenaQueueMs,
      minRunMs: profileOf(ctx.runtime).durations.athenaMinRunMs,
      bytesScanned: 0,
    };
    s.executions[id] = exec;
    s.order.push(id);
    launch(exec, ctx, s.catalog, location);
    ctx.runtime.markDirty();
    return { QueryExecutionId: id };
  },

  GetQueryExecution: (input, ctx) => ({ QueryExecution: describe(requireExecution(state(ctx), input.QueryExecutionId), ctx) }),

  BatchGetQueryExecution: (input, ctx) => {
    const s = state(ctx);
    const ids: string[] = input.QueryExecutionIds ?? [];
    if (ids.length < 1 || ids.length > 50) {
      throw invalidRequest(`1 validation error detected: Value at 'queryExecutionIds' failed to satisfy constraint: Member must have length between 1 and 50`);
    }
    const found = ids.filter((id) => s.executions[id]);
    return {
      QueryExecutions: found.map((id) => describe(s.executions[id], ctx)),
      UnprocessedQueryExecutionIds: ids
        .filter((id) => !s.executions[id])
        .map((id) => ({ QueryExecutionId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: `QueryExecution ${id} was not found` })),
    };
  },

  GetQueryResults: (input, ctx) => {
    const exec = requireExecution(state(ctx), input.QueryExecutionId);
    const { state: st } = executionState(exec, ctx.clock.now(), isRunningHere(ctx.runtime, exec.id));
    if (st === 'QUEUED' || st === 'RUNNING') throw invalidRequest(`Query has not yet finished. Current state: ${st}`, 'INVALID_QUERY_EXECUTION_STATE');
    if (st !== 'SUCCEEDED' || !exec.result) {
      throw invalidRequest(`Query did not finish successfully. Final query state: ${st}`, 'INVALID_QUERY_EXECUTION_STATE');
    }
    const max = input.MaxResults === undefined ? 1000 : Number(input.MaxResults);
    if (!(max >= 1 && max <= 1000)) {
      throw invalidRequest(`1 validation error detected: Value '${input.MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`);
    }
    const result = exec.result;
    // Queries put the column names in Rows[0]; DDL and utility statements return bare rows (SHOW TABLES lists names only).
    const all = exec.statementType === 'DML' ? [result.columns.map((c) => c.name), ...result.rows] : result.rows;
    const start = readToken(input.NextToken);
    const rows = all.slice(start, start + max);
    return {
      UpdateCount: 0,
      ResultSet: {
        Rows: rows.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: {
          ColumnInfo: result.columns.map((c) => ({
            CatalogName: 'hive',
            SchemaName: '',
            TableName: '',
            Name: c.name,
            Label: c.name,
            Type: c.type,
            Precision: c.precision,
            Scale: c.scale,
            Nullable: 'UNKNOWN',
            CaseSensitive: c.type === 'varchar',
          })),
        },
      },
      NextToken: start + max < all.length ? pageToken(start + max) : undefined,
    };
  },

  StopQueryExecution: (input, ctx) => {
    const exec = requireExecution(state(ctx), input.QueryExecutionId);
    const { state: st } = executionState(exec, ctx.clock.now(), isRunningHere(ctx.runtime, exec.id));
    if (st === 'QUEUED' || st === 'RUNNING') {
      exec.cancelledAt = ctx.clock.now();
      ctx.runtime.markDirty();
    }
    return {};
  },

  ListQueryExecutions: (input, ctx) => {
    const s = state(ctx);
    const wgName = String(input.WorkGroup ?? 'primary');
    requireWorkGroup(s, wgName);
    const ids = s.order.filter((id) => s.executions[id]?.workGroup === wgName).reverse();
    const max = input.MaxResults === undefined ? 50 : Math.min(Math.max(Number(input.MaxResults), 1), 50);
    const start = readToken(input.NextToken);
    return { QueryExecutionIds: ids.slice(start, start + max), NextToken: start + max < ids.length ? pageToken(start + max) : undefined };
  },
};
