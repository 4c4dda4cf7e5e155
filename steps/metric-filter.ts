// Building block: create a CloudWatch Logs metric filter on a log group (the console's
// "Create metric filter" wizard). Names, pattern and metric come from the lab.
import { putMetricFilter } from '../aws/logs-metric-filters';
import type { LabContext } from '../runner/context';

/** A metric filter as the lab names it. */
export interface MetricFilterParams {
  logGroup: string;
  name: string;
  pattern: string;
  namespace: string;
  metricName: string;
  metricValue: string;
}

/** Solve: creates the metric filter and records it for teardown (metric filters take no tags). */
export function createMetricFilter(p: MetricFilterParams): (ctx: LabContext) => Promise<void> {
  return async (ctx) => {
    await putMetricFilter(
      ctx.clients.logs,
      { logGroup: p.logGroup, name: p.name, pattern: p.pattern, namespace: p.namespace, metricName: p.metricName, metricValue: p.metricValue },
      ctx.log,
    );
    ctx.ledger.add({ kind: 'metric-filter', id: p.name, region: ctx.env.region, meta: { logGroup: p.logGroup, logGroupName: p.logGroup } });
  };
}
