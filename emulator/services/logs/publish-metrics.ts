import type { RequestContext } from '../../framework/types';
import type { MonitoringState } from '../monitoring/types';
import { putDatapointInternal } from '../monitoring/store';
import { drainPendingMetrics } from './store';
import type { LogsState } from './types';

/**
 * Hands the metric-filter datapoints waiting in this account's Logs state to CloudWatch in the
 * same account and region. Called after PutLogEvents; CloudWatch also pulls them before it reads
 * metrics, so flow-log delivery (which ingests without a request) is covered too.
 */
export function publishLogMetrics(logs: LogsState, monitoring: MonitoringState): number {
  const datapoints = drainPendingMetrics(logs);
  for (const dp of datapoints) putDatapointInternal(monitoring, dp);
  return datapoints.length;
}

/** `publishLogMetrics` for a request context. */
export function publishLogMetricsFor(ctx: RequestContext): void {
  const n = publishLogMetrics(ctx.stateOf<LogsState>('logs'), ctx.stateOf<MonitoringState>('monitoring'));
  if (n > 0) ctx.runtime.markDirty();
}
