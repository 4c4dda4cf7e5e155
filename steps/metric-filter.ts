// Step "metric-filter": the student creates the metric filter dest-port-22-rejects on VPCFlowLogs
// from the lab's pattern (Create a CloudWatch Log Metric Filter, steps 6–14).
import type { LabContext } from '../aws/context';
import { putMetricFilter } from '../aws/logs-metric-filters';
import { FILTER_PATTERN, LOG_GROUP, METRIC_FILTER_NAME, METRIC_NAME, METRIC_NAMESPACE, METRIC_VALUE } from '../fixtures/vpc-flow-logs';

/** Creates the lab's metric filter and records it for teardown (metric filters take no tags). */
export async function solveMetricFilter(ctx: LabContext): Promise<void> {
  await putMetricFilter(
    ctx.clients.logs,
    { logGroup: LOG_GROUP, name: METRIC_FILTER_NAME, pattern: FILTER_PATTERN, namespace: METRIC_NAMESPACE, metricName: METRIC_NAME, metricValue: METRIC_VALUE },
    ctx.log,
  );
  ctx.ledger.add({ kind: 'metric-filter', id: METRIC_FILTER_NAME, region: ctx.env.region, meta: { logGroup: LOG_GROUP, logGroupName: LOG_GROUP } });
}
