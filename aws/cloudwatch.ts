// CloudWatch helpers for the lab's alarm: put, find, read history, read metric statistics, delete;
// and the region names CloudWatch writes into notification subjects.
import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  type AlarmHistoryItem,
  type CloudWatchClient,
  type ComparisonOperator,
  type Datapoint,
  type HistoryItemType,
  type MetricAlarm,
  type Statistic,
} from '@aws-sdk/client-cloudwatch';
import { regionLongName } from '../core/region-names';

export { regionLongName };

/** The only CloudWatch client method the helpers use. */
export type CloudWatch = Pick<CloudWatchClient, 'send'>;
/** One console line per mutating call. */
export type Log = (line: string) => void;

/** A single-metric alarm, as the console creates one from a metric filter. */
export interface AlarmSpec {
  name: string;
  namespace: string;
  metricName: string;
  statistic: Statistic;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: ComparisonOperator;
  treatMissingData: 'breaching' | 'notBreaching' | 'ignore' | 'missing';
  alarmActions: string[];
  tags: Record<string, string>;
}

/** Creates or replaces an alarm (PutMetricAlarm overwrites the whole configuration). */
export async function putMetricAlarm(cw: CloudWatch, spec: AlarmSpec, log: Log): Promise<void> {
  log(`Creating alarm ${spec.name} on ${spec.namespace}/${spec.metricName}`);
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: spec.name,
      Namespace: spec.namespace,
      MetricName: spec.metricName,
      Statistic: spec.statistic,
      Period: spec.periodSeconds,
      EvaluationPeriods: spec.evaluationPeriods,
      DatapointsToAlarm: spec.datapointsToAlarm,
      Threshold: spec.threshold,
      ComparisonOperator: spec.comparison,
      TreatMissingData: spec.treatMissingData,
      AlarmActions: spec.alarmActions,
      Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
}

/** The metric alarm with exactly this name, or undefined. */
export async function getAlarm(cw: CloudWatch, name: string): Promise<MetricAlarm | undefined> {
  const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['MetricAlarm'] }));
  return out.MetricAlarms?.find((a) => a.AlarmName === name);
}

/** Every metric alarm of the region (bounded), to tell a student about a near miss. */
export async function listAlarms(cw: CloudWatch): Promise<MetricAlarm[]> {
  const out: MetricAlarm[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cw.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], NextToken }));
    out.push(...(page.MetricAlarms ?? []));
    NextToken = page.NextToken;
  } while (NextToken && out.length < 500);
  return out;
}

/** An alarm's history since `since` (epoch ms), newest first, optionally of one item type. */
export async function getAlarmHistory(cw: CloudWatch, name: string, since: number, type?: HistoryItemType): Promise<AlarmHistoryItem[]> {
  const out: AlarmHistoryItem[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: type, StartDate: new Date(since), EndDate: new Date(), MaxRecords: 100, NextToken }),
    );
    out.push(...(page.AlarmHistoryItems ?? []));
    NextToken = page.NextToken;
  } while (NextToken && out.length < 500);
  return out.sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0));
}

/** What `getMetricStatistics` reads: one metric without dimensions. */
export interface MetricQuery {
  namespace: string;
  metricName: string;
  statistic: Statistic;
  periodSeconds: number;
  startMs: number;
  endMs: number;
}

/** A metric's datapoints over a time range, oldest first. */
export async function getMetricStatistics(cw: CloudWatch, q: MetricQuery): Promise<Datapoint[]> {
  const out = await cw.send(
    new GetMetricStatisticsCommand({
      Namespace: q.namespace,
      MetricName: q.metricName,
      Statistics: [q.statistic],
      Period: q.periodSeconds,
      StartTime: new Date(q.startMs),
      EndTime: new Date(q.endMs),
    }),
  );
  return (out.Datapoints ?? []).sort((a, b) => (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0));
}

/** Deletes an alarm. */
export async function deleteAlarm(cw: CloudWatch, name: string, log: Log): Promise<void> {
  log(`Deleting alarm ${name}`);
  await cw.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
}


/** The subject of the email CloudWatch sends when an alarm goes to ALARM. */
export function alarmEmailSubject(alarmName: string, region: string): string {
  return `ALARM: "${alarmName}" in ${regionLongName(region)}`;
}

/** An alarm's tags (how a run proves an alarm is its own before it changes or deletes it). */
export async function alarmTags(cw: CloudWatch, alarmArn: string): Promise<Record<string, string>> {
  const out = await cw.send(new ListTagsForResourceCommand({ ResourceARN: alarmArn }));
  return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
}
