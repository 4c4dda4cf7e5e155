// What verify-checks breaks, per step of the VPC Flow Logs lab: each mutation puts the lab in one
// wrong state a student could really end up in (a setting left at the console's default, a typo,
// a step half done), and the step's check must not pass on it. Restores re-solve, or undo exactly.
import { DeleteLogStreamCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DisableAlarmActionsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { UpdateWorkGroupCommand } from '@aws-sdk/client-athena';
import { DeleteBucketPolicyCommand } from '@aws-sdk/client-s3';
import { UnsubscribeCommand } from '@aws-sdk/client-sns';
import * as athena from '../../aws/athena';
import * as cloudwatch from '../../aws/cloudwatch';
import type { LabContext } from '../../runner/context';
import { utcDay } from '../../core/clock';
import { RUN_TAG } from '../../core/run-tag';
import * as ec2 from '../../aws/ec2';
import * as iam from '../../aws/iam';
import * as logs from '../../aws/logs';
import { runQuery as runInsightsQuery } from '../../aws/logs-insights';
import { deleteMetricFilter, putMetricFilter } from '../../aws/logs-metric-filters';
import * as sns from '../../aws/sns';
import { poll } from '../../core/poll';
import { FLOW_LOGS_TRUST_POLICY } from '../../fixtures/vpc-flow-logs/environment';
import * as lab from '../../fixtures/vpc-flow-logs/lab';
import type { CheckResult } from '../../runner/model';
import type { Mutations } from '../../runner/verify';
import { generateRejectedSsh, swapSecurityGroups } from '../../steps/traffic';
import {
  checkSshRejected,
  FLOW_LOG_STATE,
  solveAlarm,
  solveAlarmFires,
  solveAthenaPartition,
  solveAthenaTable,
  solveFlowLogCloudWatch,
  solveFlowLogS3,
  solveLogGroup,
  solveSshAccepted,
  solveSshRejected,
  solveSshRestored,
  traffic,
  type Env,
} from './blocks';

type Ctx = LabContext<Env>;
type FlowLogOverrides = { trafficType?: 'ACCEPT' | 'REJECT'; maxAggregationInterval?: 600; s3Folder?: string; logGroupName?: string; roleArn?: string };

const OTHER_GROUP = 'VPCFlowLogs-other';
const OTHER_ROLE = 'SomeOtherFlowLogsRole';
const OTHER_IP = '198.51.100.77';

/** Flow logs the mutations and solves made, by id: EC2's lists leave a new one out for a few seconds. */
const madeFlowLogs = new Map<string, 's3' | 'cloud-watch-logs'>();
const deletedFlowLogs = new Set<string>();

/** Deletes the VPC's flow logs of one destination type (the lab's and any a mutation made). */
async function deleteFlowLogs(ctx: Ctx, type: 's3' | 'cloud-watch-logs'): Promise<void> {
  const solved = ctx.state.get(type === 's3' ? FLOW_LOG_STATE.s3 : FLOW_LOG_STATE.cloudwatch) as string | undefined;
  if (solved && !deletedFlowLogs.has(solved)) madeFlowLogs.set(solved, type);
  const known = [...madeFlowLogs].filter(([, t]) => t === type).map(([id]) => id);
  // Wait until the list shows every flow log known to exist (eventual consistency), then delete what it shows.
  const { value: listed } = await poll(
    async () => {
      const all = await ec2.listFlowLogs(ctx.clients.ec2, ctx.env.vpcId);
      const ids = new Set(all.map((f) => f.FlowLogId));
      const hidden = known.filter((id) => !ids.has(id));
      // A known id stays unlisted for good once deleted: give up on it after the budget, not before.
      return hidden.length ? { done: false, value: all, reason: `the list does not show ${hidden.join(', ')} yet` } : { done: true, value: all };
    },
    { description: 'the flow logs to be listed', budgetMs: 10_000 * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
  ).catch((err) => ({ value: (err as { lastValue?: Awaited<ReturnType<typeof ec2.listFlowLogs>> }).lastValue ?? [] }));
  for (const f of listed) {
    if (f.LogDestinationType !== type) continue;
    await ec2.deleteFlowLog(ctx.clients.ec2, f.FlowLogId!, ctx.log);
    deletedFlowLogs.add(f.FlowLogId!);
  }
  for (const id of known) (madeFlowLogs.delete(id), deletedFlowLogs.add(id));
}

/** Replaces the lab's flow log of one destination with one that differs in the given settings. */
async function replaceFlowLog(ctx: Ctx, type: 's3' | 'cloud-watch-logs', o: FlowLogOverrides): Promise<void> {
  await deleteFlowLogs(ctx, type);
  const destination =
    type === 's3'
      ? { s3Arn: `arn:aws:s3:::${ctx.env.bucket}${o.s3Folder ? `/${o.s3Folder}` : ''}` }
      : { logGroupName: o.logGroupName ?? lab.LOG_GROUP, roleArn: o.roleArn ?? ctx.env.roleArn };
  const id = await ec2.createFlowLog(
    ctx.clients.ec2,
    { vpcId: ctx.env.vpcId, trafficType: o.trafficType ?? 'ALL', maxAggregationInterval: o.maxAggregationInterval ?? lab.FLOW_LOG_INTERVAL, destination, tags: { [RUN_TAG]: ctx.runId } },
    ctx.log,
  );
  madeFlowLogs.set(id, type);
}

/** A flow-log mutation restored by deleting what it made and solving the step again. */
function flowLog(type: 's3' | 'cloud-watch-logs', name: string, o: FlowLogOverrides, setUp?: (ctx: Ctx) => Promise<FlowLogOverrides>, tearDown?: (ctx: Ctx) => Promise<void>) {
  return {
    name,
    apply: async (ctx: Ctx) => replaceFlowLog(ctx, type, { ...o, ...(setUp ? await setUp(ctx) : {}) }),
    restore: async (ctx: Ctx) => {
      await deleteFlowLogs(ctx, type);
      await tearDown?.(ctx);
      await (type === 's3' ? solveFlowLogS3(ctx) : solveFlowLogCloudWatch(ctx));
    },
  };
}

/** The emulator's control API: what public address loopback clients appear as. */
async function setClientIp(ctx: Ctx, ip: string): Promise<void> {
  if (!ctx.target.endpoint) throw new Error('This mutation needs the labwright emulator (it changes the address SSH comes from).');
  const res = await fetch(`${ctx.target.endpoint.replace(/\/+$/, '')}/_emulator/network/client-ip`, { method: 'POST', body: JSON.stringify({ ip }), headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`The emulator refused the client IP ${ip}: ${res.status} ${await res.text()}`);
}

/**
 * The SSH checks of `check` take the student's traffic from any address (CloudShell, another NAT),
 * unless the student pins theirs with --client-ip: pinned to an address that made no SSH, they must
 * not pass on someone else's records.
 */
function pinnedElsewhere() {
  return {
    name: `the student's address is pinned (--client-ip ${OTHER_IP}) and made no SSH traffic`,
    apply: async (ctx: Ctx) => {
      ctx.target.studentIp = OTHER_IP;
    },
    restore: async (ctx: Ctx) => {
      delete ctx.target.studentIp;
    },
  };
}

/** The student made the traffic from another machine: the records are from an address that is not theirs. */
function fromAnotherAddress() {
  let real = '';
  return {
    name: `the SSH traffic came from another address (${OTHER_IP})`,
    apply: async (ctx: Ctx) => {
      real = await ctx.target.clientIp();
      await setClientIp(ctx, OTHER_IP);
    },
    restore: async (ctx: Ctx) => setClientIp(ctx, real),
  };
}

/** Deletes the Web Server ENI's log streams in VPCFlowLogs: no flow record of the traffic is left. */
async function deleteEniStreams(ctx: Ctx): Promise<void> {
  const out = await ctx.clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: lab.LOG_GROUP, logStreamNamePrefix: ctx.env.eniId }));
  for (const s of out.logStreams ?? []) {
    ctx.log(`Deleting log stream ${s.logStreamName} of ${lab.LOG_GROUP}`);
    await ctx.clients.logs.send(new DeleteLogStreamCommand({ logGroupName: lab.LOG_GROUP, logStreamName: s.logStreamName! }));
  }
}

/** Replaces the lab alarm's configuration with the given changes; restores the saved original. */
function alarmChange(name: string, change: (a: MetricAlarm) => Partial<cloudwatch.AlarmSpec>) {
  let saved: MetricAlarm | undefined;
  const put = (ctx: Ctx, a: MetricAlarm, extra: Partial<cloudwatch.AlarmSpec> = {}) =>
    cloudwatch.putMetricAlarm(
      ctx.clients.cloudwatch,
      {
        name: a.AlarmName!,
        namespace: a.Namespace!,
        metricName: a.MetricName!,
        statistic: a.Statistic!,
        periodSeconds: a.Period!,
        evaluationPeriods: a.EvaluationPeriods!,
        datapointsToAlarm: a.DatapointsToAlarm ?? a.EvaluationPeriods!,
        threshold: a.Threshold!,
        comparison: a.ComparisonOperator!,
        treatMissingData: (a.TreatMissingData ?? 'missing') as cloudwatch.AlarmSpec['treatMissingData'],
        alarmActions: a.AlarmActions ?? [],
        tags: { [RUN_TAG]: ctx.runId },
        ...extra,
      },
      ctx.log,
    );
  return {
    name,
    apply: async (ctx: Ctx) => {
      saved = await cloudwatch.getAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME);
      if (!saved) throw new Error(`The alarm ${lab.ALARM_NAME} does not exist.`);
      await put(ctx, saved, change(saved));
    },
    restore: async (ctx: Ctx) => put(ctx, saved!),
  };
}

/** A metric filter that differs from the lab's in one field; the solve puts the lab's back. */
function filterChange(name: string, change: { pattern?: string; metricValue?: string }) {
  return {
    name,
    apply: (ctx: Ctx) =>
      putMetricFilter(
        ctx.clients.logs,
        { logGroup: lab.LOG_GROUP, name: lab.METRIC_FILTER_NAME, pattern: lab.FILTER_PATTERN, namespace: lab.METRIC_NAMESPACE, metricName: lab.METRIC_NAME, metricValue: lab.METRIC_VALUE, ...change },
        ctx.log,
      ),
  };
}

/** Runs Athena DDL through the writable clients, at the target's pace. */
async function sql(ctx: Ctx, text: string): Promise<void> {
  ctx.log(`Running Athena: ${text.split('\n')[0]}`);
  await athena.runQuery(ctx.clients.athena, text, { budgetMs: 120_000 * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal });
}

/** Re-creates the lab's table from Query 1 with one change. */
function tableChange(name: string, edit: (ddl: string) => string) {
  return {
    name,
    apply: async (ctx: Ctx) => {
      await sql(ctx, `DROP TABLE IF EXISTS default.${lab.ATHENA_TABLE}`);
      await sql(ctx, edit(lab.athenaCreateTable(ctx.env.bucket, ctx.env.accountId, ctx.env.region)));
    },
    restore: async (ctx: Ctx) => {
      await sql(ctx, `DROP TABLE IF EXISTS default.${lab.ATHENA_TABLE}`);
      await solveAthenaTable(ctx);
    },
  };
}

const today = (ctx: Ctx) => utcDay(ctx.clock.now());
const dropToday = (ctx: Ctx) => sql(ctx, `ALTER TABLE default.${lab.ATHENA_TABLE} DROP IF EXISTS PARTITION (dt='${today(ctx)}')`);
const flowLogFolder = (ctx: Ctx) => `s3://${ctx.env.bucket}/AWSLogs/${ctx.env.accountId}/vpcflowlogs/${ctx.env.region}`;

/** Waits until the lab alarm is in ALARM (the mutation's wrong state is only complete then). */
async function alarmInAlarm(ctx: Ctx): Promise<void> {
  await poll(
    async () => {
      const a = await cloudwatch.getAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME);
      return a?.StateValue === 'ALARM' ? { done: true, value: a } : { done: false, reason: `the alarm is ${a?.StateValue}` };
    },
    { description: `alarm ${lab.ALARM_NAME} to go to ALARM`, budgetMs: 900_000 * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
  );
}

/** Waits until a step's check passes (delivered evidence), within its AWS-sized budget scaled to the target. */
async function recorded(ctx: Ctx, check: (ctx: Ctx) => Promise<CheckResult>, budgetMs: number): Promise<void> {
  await poll(
    async () => {
      const r = await check(ctx);
      return r.verdict === 'passed' ? { done: true, value: r } : { done: false, reason: r.summary };
    },
    { description: 'the evidence to be delivered', budgetMs: budgetMs * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
  );
}

/** The declared mutations of every step of the lab. */
export const vpcFlowLogsMutations: Mutations<Ctx> = {
  'flow-log-s3': [
    flowLog('s3', 'the S3 flow log captures ACCEPT traffic only', { trafficType: 'ACCEPT' }),
    flowLog('s3', 'the S3 flow log aggregates over 10 minutes', { maxAggregationInterval: 600 }),
    flowLog('s3', 'the S3 flow log writes into a folder of the bucket', { s3Folder: 'flow-logs' }),
    {
      name: 'the bucket policy lost its log-delivery statements',
      apply: (ctx) => ctx.clients.s3.send(new DeleteBucketPolicyCommand({ Bucket: ctx.env.bucket })).then(() => undefined),
      restore: async (ctx) => {
        await deleteFlowLogs(ctx, 's3');
        await solveFlowLogS3(ctx);
      },
    },
  ],
  'log-group': [
    { name: 'the log group VPCFlowLogs is deleted', apply: (ctx) => logs.deleteLogGroup(ctx.clients.logs, lab.LOG_GROUP, ctx.log) },
    {
      name: 'the log group is named VPCFlowLog (typo)',
      apply: async (ctx) => {
        await logs.deleteLogGroup(ctx.clients.logs, lab.LOG_GROUP, ctx.log);
        await logs.createLogGroup(ctx.clients.logs, 'VPCFlowLog', { [RUN_TAG]: ctx.runId }, ctx.log);
      },
      restore: async (ctx) => {
        await logs.deleteLogGroup(ctx.clients.logs, 'VPCFlowLog', ctx.log);
        await solveLogGroup(ctx);
      },
    },
  ],
  'flow-log-cloudwatch': [
    flowLog('cloud-watch-logs', 'the CloudWatch flow log captures REJECT traffic only', { trafficType: 'REJECT' }),
    flowLog('cloud-watch-logs', 'the CloudWatch flow log aggregates over 10 minutes', { maxAggregationInterval: 600 }),
    flowLog(
      'cloud-watch-logs',
      `the CloudWatch flow log sends to another log group (${OTHER_GROUP})`,
      {},
      async (ctx) => {
        await logs.createLogGroup(ctx.clients.logs, OTHER_GROUP, { [RUN_TAG]: ctx.runId }, ctx.log);
        return { logGroupName: OTHER_GROUP };
      },
      (ctx) => logs.deleteLogGroup(ctx.clients.logs, OTHER_GROUP, ctx.log),
    ),
    flowLog(
      'cloud-watch-logs',
      `the CloudWatch flow log uses another IAM role (${OTHER_ROLE})`,
      {},
      async (ctx) => ({ roleArn: (await iam.getRole(ctx.clients.iam, OTHER_ROLE))?.Arn ?? (await iam.createRole(ctx.clients.iam, OTHER_ROLE, FLOW_LOGS_TRUST_POLICY, { [RUN_TAG]: ctx.runId }, ctx.log)) }),
      (ctx) => iam.deleteRole(ctx.clients.iam, OTHER_ROLE, ctx.log),
    ),
  ],
  'ssh-accepted': [pinnedElsewhere(), { name: "the ENI's flow records are gone from VPCFlowLogs", apply: deleteEniStreams }],
  'ssh-rejected': [
    {
      name: 'the Web Server has both security groups',
      apply: (ctx) => ec2.putInstanceSecurityGroups(ctx.clients.ec2, ctx.env.instanceId, [ctx.env.securityGroups[lab.SG_HTTP_AND_SSH], ctx.env.securityGroups[lab.SG_HTTP_ONLY]], 'both lab groups', ctx.log),
      restore: (ctx) => swapSecurityGroups(ctx, lab.SG_HTTP_ONLY),
    },
    pinnedElsewhere(),
    { name: "the ENI's flow records are gone from VPCFlowLogs", apply: deleteEniStreams },
  ],
  'ssh-restored': [
    { name: 'the Web Server still has SecurityGroupHTTPOnly', apply: (ctx) => swapSecurityGroups(ctx, lab.SG_HTTP_ONLY), restore: (ctx) => swapSecurityGroups(ctx, lab.SG_HTTP_AND_SSH) },
    {
      name: 'the group was swapped back but SSH was not tried again',
      apply: async (ctx) => {
        await deleteEniStreams(ctx);
        await solveSshAccepted(ctx);
        await solveSshRejected(ctx);
        // The state is complete once the REJECT is in the log group (on AWS, minutes later).
        await recorded(ctx, checkSshRejected, 900_000);
        await swapSecurityGroups(ctx, lab.SG_HTTP_AND_SSH);
      },
      restore: solveSshRestored,
    },
  ],
  'metric-filter': [
    filterChange('the pattern also counts rejects to port 80', { pattern: lab.FILTER_PATTERN.replace('destport="22"', 'destport') }),
    filterChange('the pattern also counts ACCEPT records', { pattern: lab.FILTER_PATTERN.replace('action="REJECT"', 'action') }),
    filterChange('the metric value is 10', { metricValue: '10' }),
    { name: 'the metric filter is deleted', apply: (ctx) => deleteMetricFilter(ctx.clients.logs, lab.LOG_GROUP, lab.METRIC_FILTER_NAME, ctx.log) },
  ],
  alarm: [
    alarmChange('the threshold is 10', () => ({ threshold: 10 })),
    alarmChange('the statistic is Average', () => ({ statistic: 'Average' })),
    alarmChange('the period is 5 minutes', () => ({ periodSeconds: 300 })),
    alarmChange('the condition is Greater (not Greater/Equal)', () => ({ comparison: 'GreaterThanThreshold' })),
    alarmChange('the alarm has no SNS action', () => ({ alarmActions: [] })),
    {
      name: 'the email subscription was removed',
      apply: async (ctx) => {
        const a = await cloudwatch.getAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME);
        for (const topic of a?.AlarmActions ?? []) {
          for (const s of await sns.listSubscriptions(ctx.clients.sns, topic)) {
            if (s.SubscriptionArn?.startsWith('arn:')) await ctx.clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: s.SubscriptionArn }));
          }
        }
      },
    },
  ],
  'alarm-fires': [
    { name: 'the alarm is deleted', apply: (ctx) => cloudwatch.deleteAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME, ctx.log), restore: async (ctx) => (await solveAlarm(ctx), await solveAlarmFires(ctx)) },
    {
      name: 'the alarm fired with its actions disabled, so no email went out',
      apply: async (ctx) => {
        await cloudwatch.deleteAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME, ctx.log);
        await solveAlarm(ctx);
        await ctx.clients.cloudwatch.send(new DisableAlarmActionsCommand({ AlarmNames: [lab.ALARM_NAME] }));
        await generateRejectedSsh(ctx, traffic);
        await alarmInAlarm(ctx);
      },
      restore: async (ctx) => {
        await cloudwatch.deleteAlarm(ctx.clients.cloudwatch, lab.ALARM_NAME, ctx.log);
        await solveAlarm(ctx);
        await solveAlarmFires(ctx);
      },
    },
  ],
  'insights-top-rejects': [
    fromAnotherAddress(),
    {
      name: 'the sample query was last run over a time range before the traffic',
      apply: async (ctx) => {
        // The student picked an earlier range (or ran the sample before the SSH attempt): their newest run lists nothing.
        const end = ctx.clock.now() - 2 * 86_400_000;
        ctx.log(`Running the Logs Insights sample query on ${lab.LOG_GROUP} over two days ago`);
        await runInsightsQuery(
          ctx.clients.logs,
          { logGroup: lab.LOG_GROUP, query: lab.INSIGHTS_TOP_REJECTS, startMs: end - 3_600_000, endMs: end },
          { budgetMs: 120_000 * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
        );
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
    tableChange('the table reads the bucket root instead of the flow-log prefix', (ddl) => ddl.replace(/LOCATION '[^']*'/, (m) => m.replace(/AWSLogs\/.*'$/, "'"))),
    tableChange('the table does not skip the header line', (ddl) => ddl.replace(/\nTBLPROPERTIES[^;]*;/, ';')),
    tableChange('the table is not partitioned', (ddl) => ddl.replace('PARTITIONED BY (dt string)\n', '')),
    tableChange('destinationport is a string column', (ddl) => ddl.replace('destinationport int', 'destinationport string')),
  ],
  'athena-partition': [
    { name: "today's partition is dropped", apply: dropToday },
    {
      name: "the partition is for yesterday's date",
      apply: async (ctx) => {
        await dropToday(ctx);
        const y = utcDay(ctx.clock.now() - 86_400_000);
        await sql(ctx, lab.athenaAddPartition(ctx.env.bucket, ctx.env.accountId, ctx.env.region, y));
      },
      restore: async (ctx) => {
        await sql(ctx, `ALTER TABLE default.${lab.ATHENA_TABLE} DROP IF EXISTS PARTITION (dt='${utcDay(ctx.clock.now() - 86_400_000)}')`);
        await solveAthenaPartition(ctx);
      },
    },
    {
      name: "today's partition points at another day's folder",
      apply: async (ctx) => {
        await dropToday(ctx);
        await sql(ctx, `ALTER TABLE default.${lab.ATHENA_TABLE} ADD PARTITION (dt='${today(ctx)}') LOCATION '${flowLogFolder(ctx)}/2019/07/14'`);
      },
      restore: async (ctx) => (await dropToday(ctx), await solveAthenaPartition(ctx)),
    },
  ],
  'athena-rejects-query': [
    fromAnotherAddress(),
    { name: "today's partition is dropped", apply: dropToday, restore: solveAthenaPartition },
    {
      name: "Query 3 was last run over yesterday's partition only",
      apply: (ctx) => sql(ctx, lab.ATHENA_REJECTS_QUERY.replace('protocol = 6', `protocol = 6 AND dt = '${utcDay(ctx.clock.now() - 86_400_000)}'`)),
    },
  ],
};
