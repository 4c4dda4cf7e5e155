// Steps "alarm" and "alarm-fires": the alarm SSH rejects on the metric filter's metric with a new
// SNS topic that emails the student (Create an Alarm Based on the Metric Filter), then rejected
// SSH traffic that makes it fire (Generate Traffic for Alerts).
import * as cloudwatch from '../aws/cloudwatch';
import type { LabContext } from '../aws/context';
import { visibilityFor, waitUntilVisible } from '../aws/idempotent';
import { getMetricFilter } from '../aws/logs-metric-filters';
import * as sns from '../aws/sns';
import { RUN_TAG } from '../fixtures/environment';
import {
  ALARM_COMPARISON,
  ALARM_EMAIL,
  ALARM_NAME,
  ALARM_PERIOD,
  ALARM_STATISTIC,
  ALARM_THRESHOLD,
  ALARM_TOPIC_NAME,
  LOG_GROUP,
  METRIC_FILTER_NAME,
  METRIC_NAME,
  METRIC_NAMESPACE,
} from '../fixtures/vpc-flow-logs';
import { generateRejectedSsh } from './traffic';

/** RunState keys the alarm solve writes. */
export const ALARM_STATE = { topicArn: 'alarm.topicArn', subscriptionArn: 'alarm.subscriptionArn' } as const;

/**
 * The topic's name: the console's default, suffixed with the run id on a real account, where
 * parallel runs (and the student's own topic) would otherwise share it.
 */
export function alarmTopicName(runId: string, targetName: string): string {
  return targetName === 'aws' ? `${ALARM_TOPIC_NAME}-${runId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 256) : ALARM_TOPIC_NAME;
}

/** Creates the topic with the email subscription and the alarm, as the console's alarm wizard does. */
export async function solveAlarm(ctx: LabContext): Promise<void> {
  const tags = { [RUN_TAG]: ctx.runId };
  const region = ctx.env.region;
  // The console builds the alarm from the filter's own metric, whatever namespace the student typed.
  const filter = await getMetricFilter(ctx.clients.logs, LOG_GROUP, METRIC_FILTER_NAME);
  const metric = filter?.metricTransformations?.[0];

  const topicArn = await sns.createTopic(ctx.clients.sns, alarmTopicName(ctx.runId, ctx.target.name), tags, ctx.log);
  ctx.ledger.add({ kind: 'sns-topic', id: topicArn, region });
  ctx.state.set(ALARM_STATE.topicArn, topicArn);
  // Reads of a new topic answer NotFound for a moment; the check reads it right after this solve.
  await waitUntilVisible(`The SNS topic ${topicArn}`, () => sns.getTopicAttributes(ctx.clients.sns, topicArn), visibilityFor(ctx.target, ctx.clock, ctx.signal));
  const subscriptionArn = await sns.subscribeEmail(ctx.clients.sns, topicArn, ALARM_EMAIL, ctx.log);
  ctx.state.set(ALARM_STATE.subscriptionArn, subscriptionArn);
  // The student clicks the link in the confirmation email; on AWS the address is not a mailbox we read.
  const confirmed = Boolean(ctx.target.confirmSubscriptions);
  if (ctx.target.confirmSubscriptions) {
    ctx.log(`Confirming the email subscription of ${topicArn}`);
    await ctx.target.confirmSubscriptions(topicArn);
  }
  // A subscription left pending cannot be relied on to unsubscribe; deleting its topic removes it,
  // so teardown gets an id it skips (the ARN stays in meta for the author).
  ctx.ledger.add({ kind: 'sns-subscription', id: confirmed ? subscriptionArn : `pending confirmation ${topicArn}`, region, meta: { topicArn, subscriptionArn } });

  await cloudwatch.putMetricAlarm(
    ctx.clients.cloudwatch,
    {
      name: ALARM_NAME,
      namespace: metric?.metricNamespace ?? METRIC_NAMESPACE,
      metricName: metric?.metricName ?? METRIC_NAME,
      statistic: ALARM_STATISTIC,
      periodSeconds: ALARM_PERIOD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: ALARM_THRESHOLD,
      comparison: ALARM_COMPARISON,
      treatMissingData: 'missing',
      alarmActions: [topicArn],
      tags,
    },
    ctx.log,
  );
  ctx.ledger.add({ kind: 'alarm', id: ALARM_NAME, region });
}

/** Makes SSH attempts that the security group rejects, then has an emulator deliver their records at once. */
export async function solveAlarmFires(ctx: LabContext): Promise<void> {
  await generateRejectedSsh(ctx);
  await ctx.target.flushFlowLogs?.();
}
