// What verify-checks breaks, per step of the CloudTrail lab: each mutation is one wrong state a
// student could end up in (logging never started, a single-region trail, a pattern that counts too
// much or nothing, an alarm that notifies no one, a query without its filter…); the step's check
// must not pass on it. Restores re-solve, or undo exactly.
import { UpdateWorkGroupCommand } from '@aws-sdk/client-athena';
import { DisableAlarmActionsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DeleteLogStreamCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { UnsubscribeCommand } from '@aws-sdk/client-sns';
import * as athena from '../../aws/athena';
import * as cloudtrail from '../../aws/cloudtrail';
import * as cloudwatch from '../../aws/cloudwatch';
import * as iam from '../../aws/iam';
import * as logs from '../../aws/logs';
import { runQuery as runInsights } from '../../aws/logs-insights';
import { deleteMetricFilter, putMetricFilter } from '../../aws/logs-metric-filters';
import * as sns from '../../aws/sns';
import { RUN_TAG } from '../../core/run-tag';
import { CLOUDTRAIL_TRUST_POLICY } from '../../fixtures/cloudtrail-security-monitoring/environment';
import * as lab from '../../fixtures/cloudtrail-security-monitoring/lab';
import type { Mutation } from '../../runner/verify';
import { logGroupArnFor, makeDeniedCallsNow } from '../../steps/trail';
import { DENIED, solveAlarm, solveAlarmFires, solveAthenaTable, solveDeniedCalls, solveTrailCloudWatch, type Ctx } from './blocks';

type M = Mutation<Ctx>;
const OTHER_ROLE = 'SomeOtherCloudTrailRole';
const OTHER_USER_ARN = (ctx: Ctx) => `arn:aws:iam::${ctx.env.accountId}:user/someone-else`;

const wait = (ctx: Ctx) => ({ budgetMs: 120_000 * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal });
const sql = async (ctx: Ctx, text: string) => void (await athena.runQuery(ctx.clients.athena, text, wait(ctx)));
const ct = (ctx: Ctx) => ctx.clients.cloudtrail;

/** Deletes every stream of the lab's log group: the trail's records are gone. */
async function deleteStreams(ctx: Ctx): Promise<void> {
  const out = await ctx.clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: lab.LOG_GROUP }));
  for (const s of out.logStreams ?? []) await ctx.clients.logs.send(new DeleteLogStreamCommand({ logGroupName: lab.LOG_GROUP, logStreamName: s.logStreamName! }));
}

function filterChange(name: string, o: { pattern?: string; metricValue?: string }): M {
  return {
    name,
    apply: (ctx) =>
      putMetricFilter(
        ctx.clients.logs,
        { logGroup: lab.LOG_GROUP, name: lab.METRIC_FILTER_NAME, pattern: o.pattern ?? lab.FILTER_PATTERN, namespace: lab.METRIC_NAMESPACE, metricName: lab.METRIC_NAME, metricValue: o.metricValue ?? lab.METRIC_VALUE },
        ctx.log,
      ),
  };
}

function alarmChange(name: string, change: Partial<{ threshold: number; statistic: 'Average'; periodSeconds: number; alarmActions: string[] }>): M {
  return {
    name,
    apply: async (ctx) => {
      const a = (await cloudwatch.getAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME)) as MetricAlarm;
      await cloudwatch.putMetricAlarm(
        ctx.clients.cloudwatch,
        {
          name: lab.ALARM_NAME,
          namespace: a.Namespace!,
          metricName: a.MetricName!,
          statistic: change.statistic ?? (a.Statistic as 'Sum'),
          periodSeconds: change.periodSeconds ?? a.Period!,
          evaluationPeriods: a.EvaluationPeriods!,
          datapointsToAlarm: a.DatapointsToAlarm ?? a.EvaluationPeriods!,
          threshold: change.threshold ?? a.Threshold!,
          comparison: a.ComparisonOperator!,
          treatMissingData: (a.TreatMissingData ?? 'missing') as 'missing',
          alarmActions: change.alarmActions ?? a.AlarmActions ?? [],
          tags: { [RUN_TAG]: ctx.runId },
        },
        ctx.log,
      );
    },
  };
}

/** A table mutation: the table dropped and created again from the lab's DDL changed by `edit`. */
function tableChange(name: string, edit: (ddl: string) => string): M {
  return {
    name,
    apply: async (ctx) => {
      await sql(ctx, `DROP TABLE IF EXISTS ${lab.ATHENA_TABLE}`);
      await sql(ctx, edit(lab.athenaCreateTable(ctx.env.bucket, ctx.env.accountId, ctx.env.region)));
    },
    restore: async (ctx) => (await sql(ctx, `DROP TABLE IF EXISTS ${lab.ATHENA_TABLE}`), await solveAthenaTable(ctx)),
  };
}

/** The lab's mutations, by step id. */
export const cloudTrailMutations: Record<string, M[]> = {
  trail: [
    { name: 'logging was never started', apply: (ctx) => cloudtrail.setLogging(ct(ctx), lab.TRAIL_NAME, false, ctx.log), restore: (ctx) => cloudtrail.setLogging(ct(ctx), lab.TRAIL_NAME, true, ctx.log) },
    { name: 'the trail applies to this region only', apply: (ctx) => cloudtrail.updateTrail(ct(ctx), lab.TRAIL_NAME, { multiRegion: false }, ctx.log), restore: (ctx) => cloudtrail.updateTrail(ct(ctx), lab.TRAIL_NAME, { multiRegion: true }, ctx.log) },
    {
      name: 'the trail records write events only',
      apply: (ctx) => cloudtrail.putEventSelectors(ct(ctx), lab.TRAIL_NAME, [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }], ctx.log),
      restore: (ctx) => cloudtrail.putEventSelectors(ct(ctx), lab.TRAIL_NAME, [{ ReadWriteType: 'All', IncludeManagementEvents: true }], ctx.log),
    },
    {
      name: 'the trail records no management events',
      apply: (ctx) => cloudtrail.putEventSelectors(ct(ctx), lab.TRAIL_NAME, [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${ctx.env.bucket}/`] }] }], ctx.log),
      restore: (ctx) => cloudtrail.putEventSelectors(ct(ctx), lab.TRAIL_NAME, [{ ReadWriteType: 'All', IncludeManagementEvents: true }], ctx.log),
    },
  ],
  'trail-cloudwatch': [
    { name: 'the trail does not send to CloudWatch Logs', apply: (ctx) => cloudtrail.updateTrail(ct(ctx), lab.TRAIL_NAME, { logGroupArn: '', roleArn: '' }, ctx.log), restore: solveTrailCloudWatch },
    {
      name: `the trail delivers with another IAM role (${OTHER_ROLE})`,
      apply: async (ctx) => {
        const roleArn = (await iam.getRole(ctx.clients.iam, OTHER_ROLE))?.Arn ?? (await iam.createRole(ctx.clients.iam, OTHER_ROLE, CLOUDTRAIL_TRUST_POLICY, { [RUN_TAG]: ctx.runId }, ctx.log));
        await cloudtrail.updateTrail(ct(ctx), lab.TRAIL_NAME, { logGroupArn: logGroupArnFor(ctx.env, lab.LOG_GROUP), roleArn }, ctx.log);
      },
      restore: async (ctx) => (await solveTrailCloudWatch(ctx), await iam.deleteRole(ctx.clients.iam, OTHER_ROLE, ctx.log)),
    },
    {
      name: 'the trail sends to another log group (CloudTrailLogs-other)',
      apply: async (ctx) => {
        await logs.createLogGroup(ctx.clients.logs, 'CloudTrailLogs-other', { [RUN_TAG]: ctx.runId }, ctx.log);
        await cloudtrail.updateTrail(ct(ctx), lab.TRAIL_NAME, { logGroupArn: logGroupArnFor(ctx.env, 'CloudTrailLogs-other'), roleArn: ctx.env.roleArn }, ctx.log);
      },
      restore: async (ctx) => (await solveTrailCloudWatch(ctx), await logs.deleteLogGroup(ctx.clients.logs, 'CloudTrailLogs-other', ctx.log)),
    },
  ],
  'denied-calls': [
    { name: "the trail's records are gone from CloudTrailLogs", apply: deleteStreams, restore: solveDeniedCalls },
    {
      name: 'logging was stopped before the calls were made',
      apply: async (ctx) => {
        await deleteStreams(ctx);
        await cloudtrail.setLogging(ct(ctx), lab.TRAIL_NAME, false, ctx.log);
        await makeDeniedCallsNow(ctx, DENIED);
      },
      restore: async (ctx) => (await cloudtrail.setLogging(ct(ctx), lab.TRAIL_NAME, true, ctx.log), await solveDeniedCalls(ctx)),
    },
  ],
  'metric-filter': [
    filterChange('the pattern matches nothing (an exact UnauthorizedOperation)', { pattern: '{ ($.errorCode = "UnauthorizedOperation") || ($.errorCode = "AccessDenied") }' }),
    filterChange('the pattern counts successful calls too', { pattern: '{ $.userIdentity.type = "IAMUser" }' }),
    filterChange('the pattern counts AccessDenied only', { pattern: '{ $.errorCode = "AccessDenied*" }' }),
    filterChange('the pattern counts every error', { pattern: '{ $.errorCode = * }' }),
    filterChange('the metric value is 10', { metricValue: '10' }),
    { name: 'the metric filter is deleted', apply: (ctx) => deleteMetricFilter(ctx.clients.logs, lab.LOG_GROUP, lab.METRIC_FILTER_NAME, ctx.log) },
  ],
  alarm: [
    alarmChange('the threshold is 10', { threshold: 10 }),
    alarmChange('the statistic is Average', { statistic: 'Average' }),
    alarmChange('the period is 1 minute', { periodSeconds: 60 }),
    alarmChange('the alarm has no SNS action', { alarmActions: [] }),
    {
      name: 'the email subscription was removed',
      apply: async (ctx) => {
        const a = await cloudwatch.getAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME);
        for (const topic of a?.AlarmActions ?? []) {
          for (const s of await sns.listSubscriptions(ctx.clients.sns, topic)) if (s.SubscriptionArn?.startsWith('arn:')) await ctx.clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: s.SubscriptionArn }));
        }
      },
    },
  ],
  'alarm-fires': [
    { name: 'the alarm is deleted', apply: (ctx) => cloudwatch.deleteAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME, ctx.log), restore: async (ctx) => (await solveAlarm(ctx), await solveAlarmFires(ctx)) },
    {
      name: 'the alarm has its actions disabled, so no email goes out',
      apply: async (ctx) => {
        await cloudwatch.deleteAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME, ctx.log);
        await solveAlarm(ctx);
        await ctx.clients.cloudwatch.send(new DisableAlarmActionsCommand({ AlarmNames: [lab.ALARM_NAME] }));
        await solveAlarmFires(ctx);
      },
      restore: async (ctx) => (await cloudwatch.deleteAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME, ctx.log), await solveAlarm(ctx), await solveAlarmFires(ctx)),
    },
  ],
  'insights-denied-calls': [
    {
      name: 'the query counts every call (no errorCode filter)',
      apply: async (ctx) => {
        const now = ctx.clock.now();
        await runInsights(ctx.clients.logs, { logGroup: lab.LOG_GROUP, query: 'fields @timestamp, userIdentity.arn, eventName\n| stats count(*) as calls by userIdentity.arn, eventName\n| sort calls desc', startMs: now - 3_600_000, endMs: now }, wait(ctx));
      },
    },
    {
      name: 'the query was last run over a time range before the calls',
      apply: async (ctx) => {
        const end = ctx.clock.now() - 2 * 86_400_000;
        await runInsights(ctx.clients.logs, { logGroup: lab.LOG_GROUP, query: lab.INSIGHTS_DENIED_CALLS, startMs: end - 3_600_000, endMs: end }, wait(ctx));
      },
    },
  ],
  'athena-result-location': [
    {
      name: 'the primary workgroup has no query result location',
      apply: (ctx) => ctx.clients.athena.send(new UpdateWorkGroupCommand({ WorkGroup: athena.DEFAULT_WORKGROUP, ConfigurationUpdates: { ResultConfigurationUpdates: { RemoveOutputLocation: true } } })).then(() => undefined),
    },
  ],
  'athena-table': [
    tableChange('the table reads the bucket root', (ddl) => ddl.replace(/LOCATION\n {2}'[^']*'/, `LOCATION\n  's3://BUCKET/'`).replace('BUCKET', ddl.match(/s3:\/\/([^/]+)\//)![1])),
    tableChange('partition projection is not enabled (and no partition added)', (ddl) => ddl.replace(/\nTBLPROPERTIES \([\s\S]*\)$/, '')),
    tableChange('useridentity is a string column', (ddl) => ddl.replace(/useridentity STRUCT<[\s\S]*?\n>,\neventtime/, 'useridentity STRING,\neventtime')),
  ],
  'athena-denied-query': [
    { name: 'the query lists every call (no errorcode filter)', apply: (ctx) => sql(ctx, lab.ATHENA_DENIED_QUERY.replace(/WHERE[^\n]*\n/, '')) },
    { name: 'the query looks for another user', apply: (ctx) => sql(ctx, lab.ATHENA_DENIED_QUERY.replace('WHERE ', `WHERE useridentity.arn = '${OTHER_USER_ARN(ctx)}' AND (`).replace('\nORDER BY', ')\nORDER BY')) },
  ],
};
