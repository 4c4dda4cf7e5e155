// Building blocks: an alarm on a metric filter's metric with a new SNS topic that emails someone
// (the console's alarm wizard), and rejected SSH traffic that makes such an alarm fire.
import type { ComparisonOperator, Statistic } from '@aws-sdk/client-cloudwatch';
import * as cloudwatch from '../aws/cloudwatch';
import { visibilityFor, waitUntilVisible } from '../aws/idempotent';
import { getMetricFilter } from '../aws/logs-metric-filters';
import * as sns from '../aws/sns';
import { RUN_TAG } from '../core/run-tag';
import type { LabContext } from '../runner/context';
import { flushFlowLogs, generateRejectedSsh, type TrafficEnv, type TrafficParams } from './traffic';

/** RunState keys the alarm solve writes. */
export const ALARM_STATE = { topicArn: 'alarm.topicArn', subscriptionArn: 'alarm.subscriptionArn' } as const;

/** An alarm as the lab configures it, on the metric of a metric filter. */
export interface AlarmParams {
  name: string;
  /** The filter whose metric the alarm watches (the console starts from it). */
  logGroup: string;
  metricFilter: string;
  /** Used when the filter cannot be read. */
  namespace: string;
  metricName: string;
  statistic: Statistic;
  periodSeconds: number;
  threshold: number;
  comparison: ComparisonOperator;
  /** The topic the wizard creates, and the address it subscribes. */
  topicName: string;
  email: string;
}

/** Solve: creates the topic with the email subscription and the alarm, as the console's alarm wizard does. */
export function createAlarmWithEmailTopic(p: AlarmParams): (ctx: LabContext) => Promise<void> {
  return async (ctx) => {
    const tags = { [RUN_TAG]: ctx.runId };
    const region = ctx.env.region;
    // The console builds the alarm from the filter's own metric, whatever namespace the student typed.
    const filter = await getMetricFilter(ctx.clients.logs, p.logGroup, p.metricFilter);
    const metric = filter?.metricTransformations?.[0];

    // PutMetricAlarm replaces an alarm of the same name: one that is not this run's is left alone.
    const existing = await cloudwatch.getAlarm(ctx.clients.cloudwatch, p.name);
    if (existing && (await cloudwatch.alarmTags(ctx.clients.cloudwatch, existing.AlarmArn!))[RUN_TAG] !== ctx.runId) {
      throw new Error(`The alarm ${p.name} already exists and is not this run's; labwright neither changes nor deletes it.`);
    }
    // CreateTopic answers with the ARN of a topic that already exists: only a new topic is the run's.
    const before = `arn:aws:sns:${region}:${ctx.env.accountId}:${p.topicName}`;
    if ((await sns.getTopicAttributes(ctx.clients.sns, before)) && (await sns.topicTags(ctx.clients.sns, before))[RUN_TAG] !== ctx.runId) {
      throw new Error(`The SNS topic ${p.topicName} already exists and is not this run's; labwright neither uses nor deletes it.`);
    }
    const topicArn = await sns.createTopic(ctx.clients.sns, p.topicName, tags, ctx.log);
    ctx.ledger.add({ kind: 'sns-topic', id: topicArn, region });
    ctx.state.set(ALARM_STATE.topicArn, topicArn);
    // Reads of a new topic answer NotFound for a moment; the check reads it right after this solve.
    await waitUntilVisible(`The SNS topic ${topicArn}`, () => sns.getTopicAttributes(ctx.clients.sns, topicArn), visibilityFor(ctx.target, ctx.clock, ctx.signal));
    const subscriptionArn = await sns.subscribeEmail(ctx.clients.sns, topicArn, p.email, ctx.log);
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
        name: p.name,
        namespace: metric?.metricNamespace ?? p.namespace,
        metricName: metric?.metricName ?? p.metricName,
        statistic: p.statistic,
        periodSeconds: p.periodSeconds,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: p.threshold,
        comparison: p.comparison,
        treatMissingData: 'missing',
        alarmActions: [topicArn],
        tags,
      },
      ctx.log,
    );
    ctx.ledger.add({ kind: 'alarm', id: p.name, region });
  };
}

/** RunState key: when makeRejectedSsh started its rejected SSH (ms); the alarm-fires check names what its transition counted. */
export const ALARM_TRAFFIC_AT = 'alarm-fires.traffic-at';

/** Solve: SSH attempts the security group rejects, then an emulator delivers their records at once. */
export function makeRejectedSsh(p: TrafficParams): (ctx: LabContext<TrafficEnv>) => Promise<void> {
  return async (ctx) => {
    ctx.state.set(ALARM_TRAFFIC_AT, ctx.clock.now());
    await generateRejectedSsh(ctx, p);
    await flushFlowLogs(ctx);
  };
}

/**
 * Reproduce: one more rejected SSH attempt (closed group, attempt, open group again) while the
 * alarm-fires check waits: the earlier attempts' records may be late, or counted before the alarm
 * could judge them.
 */
export function rejectedSshAgain(p: TrafficParams): (ctx: LabContext<TrafficEnv>) => Promise<void> {
  return async (ctx) => {
    if (!ctx.target.capabilities.has('instance-ssh')) return;
    await generateRejectedSsh(ctx, p, 1).catch((err) => ctx.log(`The extra rejected SSH attempt: ${(err as Error).message}`));
  };
}
