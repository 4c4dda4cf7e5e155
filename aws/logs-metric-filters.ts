// CloudWatch Logs metric-filter helpers: put, find, list, test a pattern, delete.
import {
  DeleteMetricFilterCommand,
  DescribeMetricFiltersCommand,
  PutMetricFilterCommand,
  TestMetricFilterCommand,
  type CloudWatchLogsClient,
  type MetricFilter,
  type MetricFilterMatchRecord,
} from '@aws-sdk/client-cloudwatch-logs';

/** The only CloudWatch Logs client method the helpers use. */
export type Logs = Pick<CloudWatchLogsClient, 'send'>;
/** One console line per mutating call. */
export type Log = (line: string) => void;

/** What a metric filter is made of (one metric transformation, as the console creates it). */
export interface MetricFilterSpec {
  logGroup: string;
  name: string;
  pattern: string;
  namespace: string;
  metricName: string;
  metricValue: string;
  defaultValue?: number;
}

/** Creates (or updates in place: same name) a metric filter on a log group. */
export async function putMetricFilter(logs: Logs, spec: MetricFilterSpec, log: Log): Promise<void> {
  log(`Creating metric filter ${spec.name} on ${spec.logGroup} → ${spec.namespace}/${spec.metricName}`);
  await logs.send(
    new PutMetricFilterCommand({
      logGroupName: spec.logGroup,
      filterName: spec.name,
      filterPattern: spec.pattern,
      metricTransformations: [
        {
          metricNamespace: spec.namespace,
          metricName: spec.metricName,
          metricValue: spec.metricValue,
          ...(spec.defaultValue !== undefined ? { defaultValue: spec.defaultValue } : {}),
        },
      ],
    }),
  );
}

/** Every metric filter of a log group (throws ResourceNotFoundException when the group does not exist). */
export async function listMetricFilters(logs: Logs, logGroup: string): Promise<MetricFilter[]> {
  const out: MetricFilter[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: logGroup, nextToken }));
    out.push(...(page.metricFilters ?? []));
    nextToken = page.nextToken;
  } while (nextToken && out.length < 1000);
  return out;
}

/** The metric filter with exactly this name on a group, or undefined. */
export async function getMetricFilter(logs: Logs, logGroup: string, name: string): Promise<MetricFilter | undefined> {
  const page = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: logGroup, filterNamePrefix: name }));
  return page.metricFilters?.find((f) => f.filterName === name);
}

/** Runs TestMetricFilter: the matching events (1-based `eventNumber`) with their extracted values. */
export async function testMetricFilter(logs: Logs, pattern: string, lines: readonly string[]): Promise<MetricFilterMatchRecord[]> {
  const out = await logs.send(new TestMetricFilterCommand({ filterPattern: pattern, logEventMessages: [...lines] }));
  return out.matches ?? [];
}

/** Deletes a metric filter. */
export async function deleteMetricFilter(logs: Logs, logGroup: string, name: string, log: Log): Promise<void> {
  log(`Deleting metric filter ${name} of ${logGroup}`);
  await logs.send(new DeleteMetricFilterCommand({ logGroupName: logGroup, filterName: name }));
}
