// Acceptance (issue 15, "Safe in a shared account"): runs in one account never meet. Four runs at
// once against one emulator all pass and leave nothing; in an account that already holds
// resources under the lab's literal names, two concurrent runs pass and every one of those
// resources is exactly as it was; `run --lab-names` refuses to start there, naming the first clash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueryExecutionCommand, GetWorkGroupCommand, StartQueryExecutionCommand, UpdateWorkGroupCommand, GetTableMetadataCommand } from '@aws-sdk/client-athena';
import { DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, DescribeInstancesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, GetRoleCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { runSession, type SessionResult } from '../../session/session';
import { resolveTarget } from '../../session/targets';
import { startTestEmulator, type TestClients, type TestEmulator } from '../emulator/helpers';
import { runCli } from './helpers-cli';

jest.setTimeout(300_000);

/** Runs the whole lab in-process against the emulator, as `labwright run --endpoint` does. */
async function runs(emu: TestEmulator, n: number): Promise<SessionResult[]> {
  const target = await resolveTarget({ endpoint: emu.endpoint });
  try {
    return await Promise.all(Array.from({ length: n }, () => runSession({ mode: 'run', lab: vpcFlowLogs, target, reporters: [], log: () => undefined })));
  } finally {
    await target.close();
  }
}

const verdicts = (r: SessionResult) => r.run.steps.map((s) => `${s.stepId}: ${s.result.verdict}${s.result.verdict === 'passed' ? '' : ` (${s.result.summary})`}`);

/** No instance running, no VPC but the default, no flow log. */
async function leftovers(c: TestClients): Promise<number> {
  const inst = (await c.ec2.send(new DescribeInstancesCommand({}))).Reservations?.flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name !== 'terminated').length ?? 0;
  const vpcs = (await c.ec2.send(new DescribeVpcsCommand({}))).Vpcs?.filter((v) => !v.IsDefault).length ?? 0;
  const fl = (await c.ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs?.length ?? 0;
  return inst + vpcs + fl;
}

describe('four concurrent runs on one emulator', () => {
  let emu: TestEmulator;
  beforeAll(async () => (emu = await startTestEmulator()));
  afterAll(async () => emu?.stop());

  it('all pass, each with its own names, and leave no instance, VPC or flow log', async () => {
    const results = await runs(emu, 4);
    for (const r of results) expect(verdicts(r)).toEqual(vpcFlowLogs.steps.map((s) => `${s.id}: passed`));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    expect(results.map((r) => r.leftStanding)).toEqual([0, 0, 0, 0]);
    expect(new Set(results.map((r) => r.run.runId)).size).toBe(4);
    expect(await leftovers(emu.clients)).toBe(0);
  });
});

describe("an account that already holds the lab's names", () => {
  let emu: TestEmulator;
  let c: TestClients;
  let before: unknown;
  let results: SessionResult[];
  let account: string;

  /** What the account's own resources look like, field by field. */
  async function snapshot(): Promise<unknown> {
    const topicArn = `arn:aws:sns:us-east-1:${account}:Default_CloudWatch_Alarms_Topic`;
    const group = (await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'VPCFlowLogs' }))).logGroups?.filter((g) => g.logGroupName === 'VPCFlowLogs');
    const alarm = (await c.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['SSH rejects'] }))).MetricAlarms?.map((a) => ({ ...a, StateUpdatedTimestamp: undefined, StateReasonData: undefined }));
    const role = (await c.iam.send(new GetRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole' }))).Role;
    const table = (await c.athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'default', TableName: 'vpc_flow_logs' }))).TableMetadata;
    return {
      group,
      filters: (await c.logs.send(new DescribeMetricFiltersCommand({ logGroupName: 'VPCFlowLogs' }))).metricFilters,
      events: (await c.logs.send(new GetLogEventsCommand({ logGroupName: 'VPCFlowLogs', logStreamName: 'theirs', startFromHead: true }))).events?.map((e) => e.message),
      alarm,
      topic: (await c.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes,
      subscriptions: (await c.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions,
      role: { ...role, RoleLastUsed: undefined },
      rolePolicies: (await c.iam.send(new ListRolePoliciesCommand({ RoleName: 'DeliverVPCFlowLogsRole' }))).PolicyNames,
      table: { ...table, Parameters: table?.Parameters, LastAccessTime: undefined },
      primary: (await c.athena.send(new GetWorkGroupCommand({ WorkGroup: 'primary' }))).WorkGroup?.Configuration,
      objects: (await c.s3.send(new ListObjectsV2Command({ Bucket: 'their-bucket' }))).Contents?.map((o) => [o.Key, o.Size, o.ETag]),
    };
  }

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = emu.clients;
    account = (await c.sts.send(new (await import('@aws-sdk/client-sts')).GetCallerIdentityCommand({}))).Account!;
    await c.s3.send(new CreateBucketCommand({ Bucket: 'their-bucket' }));
    for (const key of ['results/a.csv', 'data/b.txt']) await c.s3.send(new PutObjectCommand({ Bucket: 'their-bucket', Key: key, Body: `their ${key}` }));
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
    await c.logs.send(new PutRetentionPolicyCommand({ logGroupName: 'VPCFlowLogs', retentionInDays: 7 }));
    await c.logs.send(new PutMetricFilterCommand({ logGroupName: 'VPCFlowLogs', filterName: 'their-filter', filterPattern: 'ERROR', metricTransformations: [{ metricName: 'Errors', metricNamespace: 'Theirs', metricValue: '1' }] }));
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: 'VPCFlowLogs', logStreamName: 'theirs' }));
    await c.logs.send(new PutLogEventsCommand({ logGroupName: 'VPCFlowLogs', logStreamName: 'theirs', logEvents: [{ timestamp: Date.now(), message: 'their event' }] }));
    await c.cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'SSH rejects', Namespace: 'Theirs', MetricName: 'Errors', Statistic: 'Sum', Period: 300, EvaluationPeriods: 2, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' }));
    const topic = (await c.sns.send(new CreateTopicCommand({ Name: 'Default_CloudWatch_Alarms_Topic' }))).TopicArn!;
    await c.sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'owner@example.com' }));
    await c.iam.send(new CreateRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
    await c.athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'primary', ConfigurationUpdates: { ResultConfigurationUpdates: { OutputLocation: 's3://their-bucket/results/' } } }));
    const id = (await c.athena.send(new StartQueryExecutionCommand({ QueryString: "CREATE EXTERNAL TABLE default.vpc_flow_logs (line string) LOCATION 's3://their-bucket/data/'", WorkGroup: 'primary' }))).QueryExecutionId!;
    for (;;) {
      const state = (await c.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`Setting up their table ended ${state}`);
    }
    before = await snapshot();
    results = await runs(emu, 2);
  });
  afterAll(async () => emu?.stop());

  it('two concurrent runs both pass and leave no instance, VPC or flow log', async () => {
    for (const r of results) expect(verdicts(r)).toEqual(vpcFlowLogs.steps.map((s) => `${s.id}: passed`));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(await leftovers(c)).toBe(0);
  });

  it("leaves every one of the account's resources exactly as it was", async () => {
    expect(await snapshot()).toEqual(before);
  });

  it('run --lab-names refuses to start, exit 2, naming the first clash, and creates nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwright-lab-names-'));
    try {
      const r = await runCli(['run', '--endpoint', emu.endpoint, '--lab-names', '--report-dir', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--lab-names: the log group VPCFlowLogs already exists in us-east-1');
      expect(r.stderr).toMatch(/the IAM role DeliverVPCFlowLogsRole.*the alarm SSH rejects.*the SNS topic Default_CloudWatch_Alarms_Topic.*the Athena table default\.vpc_flow_logs.*the Athena workgroup primary/s);
      expect(await leftovers(c)).toBe(0);
      expect(await snapshot()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('run --lab-names on an empty account', () => {
  let emu: TestEmulator;
  beforeAll(async () => (emu = await startTestEmulator()));
  afterAll(async () => emu?.stop());

  it("passes with the lab's literal names and removes them all", async () => {
    const target = await resolveTarget({ endpoint: emu.endpoint });
    const lines: string[] = [];
    const r = await runSession({ mode: 'run', lab: vpcFlowLogs, target, reporters: [], labNames: true, log: (l) => void lines.push(l) }).finally(() => target.close());
    expect(verdicts(r)).toEqual(vpcFlowLogs.steps.map((s) => `${s.id}: passed`));
    expect(lines).toContain('Creating log group VPCFlowLogs');
    expect(lines).toContain('Creating IAM role DeliverVPCFlowLogsRole');
    expect(r.leftStanding).toBe(0);
    expect((await emu.clients.logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
  });
});
