/** The Athena service state (per account and region): workgroups, the data catalog and query executions. */
import { createCatalog, type Catalog } from '../../athena/catalog';
import type { ResultSet } from '../../athena/result-set';
import type { StatementType } from '../../athena/engine';

export interface WorkGroupRecord {
  name: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  outputLocation?: string;
  enforce: boolean;
  publishCloudWatchMetrics: boolean;
  requesterPays: boolean;
  bytesScannedCutoffPerQuery?: number;
  createdAt: number;
  tags: Array<{ Key: string; Value: string }>;
}

export interface ExecutionRecord {
  id: string;
  query: string;
  statementType: StatementType;
  workGroup: string;
  database: string;
  catalog: string;
  /** The result file, `<location>/<id>.csv` (`.txt` for DDL and utility statements); absent when no location was resolved. */
  outputLocation?: string;
  clientRequestToken?: string;
  submittedAt: number;
  /** How long the query shows QUEUED (the time profile's pace). */
  queueMs: number;
  /** How long it shows RUNNING at least (the time profile's pace; absent in old snapshots: 1 ms). */
  minRunMs?: number;
  /** Clock time at which the engine finished; absent while it runs. */
  finishedAt?: number;
  cancelledAt?: number;
  /** Wall-clock milliseconds the engine spent (planning + DuckDB). */
  engineMs?: number;
  bytesScanned: number;
  result?: ResultSet;
  error?: { message: string; errorType: number; errorCategory: number };
}

export interface AthenaState {
  workGroups: Record<string, WorkGroupRecord>;
  catalog: Catalog;
  executions: Record<string, ExecutionRecord>;
  /** Execution ids in submission order. */
  order: string[];
}

/** A region's initial Athena state: the `primary` workgroup with no result location, and the `default` database. */
export function createAthenaState(): AthenaState {
  return {
    workGroups: { primary: newWorkGroup('primary', 0) },
    catalog: createCatalog(),
    executions: {},
    order: [],
  };
}

/** A workgroup with AWS's defaults. */
export function newWorkGroup(name: string, nowMs: number): WorkGroupRecord {
  return { name, state: 'ENABLED', enforce: false, publishCloudWatchMetrics: false, requesterPays: false, createdAt: nowMs, tags: [] };
}
