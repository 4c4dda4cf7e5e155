/**
 * Starts query executions: resolves the result location, runs DDL at once and queries in the
 * background, and records the outcome in the execution record. The state a client sees is derived
 * from timestamps (see `executionState`), so the QUEUED → RUNNING → terminal progression is paced
 * by the emulator's clock and is deterministic under a fake one.
 */
import { performance } from 'node:perf_hooks';
import type { EmulatorRuntime, RequestContext } from '../../framework/types';
import { prepareStatement, type Outcome } from '../../athena/engine';
import { AthenaQueryError, ERROR_CATEGORY_USER, ERROR_TYPE } from '../../athena/errors';
import { parseS3Uri, type ObjectReader } from '../../athena/object-reader';
import { getBucket, getObjectBody, listObjectKeys, putObjectInternal, type S3State } from '../s3/store';
import { resultCsv, resultMetadata, resultText } from './results-file';
import type { ExecutionRecord } from './state';
import type { Catalog } from '../../athena/catalog';

/** Background runs in flight, so `stop()` can wait for them and tests never leak DuckDB work. */
const ENGINE_KEY = 'athena.inflight';

/** An ObjectReader over the emulator's S3 store. */
export function s3Reader(s3: S3State): ObjectReader {
  return {
    list: (bucket, prefix) => listObjectKeys(s3, bucket, prefix),
    get: (bucket, key) => getObjectBody(s3, bucket, key),
    hasBucket: (bucket) => !!getBucket(s3, bucket),
  };
}

function inflight(runtime: EmulatorRuntime): Set<Promise<void>> {
  let set = runtime.engines.get(ENGINE_KEY) as Set<Promise<void>> | undefined;
  if (!set) {
    set = new Set();
    runtime.engines.set(ENGINE_KEY, set);
    const all = set;
    runtime.onStop?.(async () => void (await Promise.allSettled([...all])));
  }
  return set;
}

/** True while this process still runs the execution's engine work. */
export function isRunningHere(runtime: EmulatorRuntime, id: string): boolean {
  return ((runtime.engines.get(`${ENGINE_KEY}.ids`) as Set<string> | undefined) ?? new Set()).has(id);
}

function markRunning(runtime: EmulatorRuntime, id: string, on: boolean): void {
  let ids = runtime.engines.get(`${ENGINE_KEY}.ids`) as Set<string> | undefined;
  if (!ids) runtime.engines.set(`${ENGINE_KEY}.ids`, (ids = new Set()));
  if (on) ids.add(id);
  else ids.delete(id);
}

/** Runs the statement of a fresh execution record (DDL synchronously, queries in the background). */
export function launch(exec: ExecutionRecord, ctx: RequestContext, catalog: Catalog, location: string): void {
  const s3 = ctx.stateOf<S3State>('s3');
  const clock = ctx.clock;
  const runtime = ctx.runtime;
  const t0 = performance.now();
  const finish = (outcome: Outcome | undefined, error: AthenaQueryError | undefined) => {
    exec.engineMs = Math.max(1, Math.round(performance.now() - t0));
    exec.finishedAt = clock.now();
    if (exec.cancelledAt !== undefined) return;
    if (error) {
      exec.error = { message: error.message, errorType: error.errorType, errorCategory: error.errorCategory };
    } else if (outcome) {
      exec.result = outcome.result;
      exec.bytesScanned = outcome.bytesScanned;
      writeResults(exec, s3, clock.now());
    }
    runtime.markDirty();
  };

  const base = location.endsWith('/') ? location : `${location}/`;
  const out = parseS3Uri(base);
  if (out && !getBucket(s3, out.bucket)) {
    exec.outputLocation = `${base}${exec.id}.csv`;
    finish(undefined, new AthenaQueryError(`Unable to verify/create output bucket ${out.bucket}`, ERROR_TYPE.user, ERROR_CATEGORY_USER));
    return;
  }
  const prepared = prepareStatement(exec.query, { catalog, database: exec.database, reader: s3Reader(s3), nowMs: clock.now() });
  exec.statementType = prepared.statementType;
  // Queries write `<id>.csv`; DDL and utility statements write `<id>.txt`, as Athena does.
  exec.outputLocation = `${base}${exec.id}.${exec.statementType === 'DML' ? 'csv' : 'txt'}`;
  if (!prepared.run) {
    finish(prepared.outcome, prepared.error);
    return;
  }
  markRunning(runtime, exec.id, true);
  const set = inflight(runtime);
  const p: Promise<void> = prepared
    .run()
    .then(
      (o) => finish(o, undefined),
      (e) => finish(undefined, e instanceof AthenaQueryError ? e : new AthenaQueryError(String(e))),
    )
    .finally(() => {
      markRunning(runtime, exec.id, false);
      set.delete(p);
    });
  set.add(p);
}

function writeResults(exec: ExecutionRecord, s3: S3State, nowMs: number): void {
  const out = exec.outputLocation ? parseS3Uri(exec.outputLocation) : undefined;
  if (!out || !exec.result || !getBucket(s3, out.bucket)) return;
  try {
    if (exec.statementType === 'DML') {
      putObjectInternal(s3, out.bucket, out.prefix, resultCsv(exec.result), 'text/csv', nowMs);
      putObjectInternal(s3, out.bucket, `${out.prefix}.metadata`, resultMetadata(exec.result), 'application/octet-stream', nowMs);
    } else {
      putObjectInternal(s3, out.bucket, out.prefix, resultText(exec.result), 'text/plain', nowMs);
    }
  } catch {
    // The bucket vanished while the query ran; AWS would fail the write, the result stays readable through the API.
  }
}

export type ExecutionStateName = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** The state at `now`, and when it was reached for terminal states. */
export function executionState(exec: ExecutionRecord, now: number, runningHere: boolean): { state: ExecutionStateName; completedAt?: number } {
  if (exec.cancelledAt !== undefined) return { state: 'CANCELLED', completedAt: exec.cancelledAt };
  const runningFrom = exec.submittedAt + exec.queueMs;
  if (now < runningFrom) return { state: 'QUEUED' };
  if (exec.finishedAt === undefined) {
    // A record persisted mid-run and reloaded by a new process has no engine behind it any more.
    if (!runningHere) {
      exec.finishedAt = now;
      exec.error = { message: 'Query was interrupted because the emulator restarted.', errorType: ERROR_TYPE.internal, errorCategory: 1 };
    } else return { state: 'RUNNING' };
  }
  // Athena reports a query RUNNING for at least the profile's minimum, however fast DuckDB was.
  const completedAt = Math.max(exec.finishedAt!, runningFrom + (exec.minRunMs ?? 1));
  if (now < completedAt) return { state: 'RUNNING' };
  return { state: exec.error ? 'FAILED' : 'SUCCEEDED', completedAt };
}
