// Acceptance (issues 15 and 19): the second lab is as safe in a shared account as the first. Two
// runs of "CloudTrail for Security Monitoring" at once on one emulator, in an account that already
// holds a trail `SecurityTrail`, a log group `CloudTrailLogs`, a user `lab-intruder` (and the lab's
// role, alarm, table and `primary` result location), both pass, leave nothing of theirs, and leave
// every one of the account's resources exactly as it was; `run --lab-names` refuses to start there,
// naming the trail; on an empty account `--lab-names` passes under the lab's literal names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetQueryExecutionCommand,
  GetTableMetadataCommand,
  GetWorkGroupCommand,
  ListDatabasesCommand,
  ListTableMetadataCommand,
  ListWorkGroupsCommand,
  StartQueryExecutionCommand,
  UpdateWorkGroupCommand,
} from '@aws-sdk/client-athena';
import { CreateTrailCommand, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, ListTagsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
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
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListRolePoliciesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CLOUDTRAIL_TRUST_POLICY, trailBucketPolicy } from '../../fixtures/cloudtrail-security-monitoring/environment';
import { cloudTrailSecurityMonitoring as lab } from '../../scenarios/cloudtrail-security-monitoring.scenario';
import { runSession, type SessionResult } from '../../session/session';
import { resolveTarget } from '../../session/targets';
import { startTestEmulator, type TestClients, type TestEmulator } from '../emulator/helpers';
import { inventory, runCli } from './helpers-cli';

jest.setTimeout(300_000);

/** Runs the whole lab `n` times at once in-process against the emulator, as `labwright run --endpoint` does. */
async function runs(emu: TestEmulator, n: number, labNames = false): Promise<SessionResult[]> {
  const target = await resolveTarget({ endpoint: emu.endpoint });
  try {
    return await Promise.all(Array.from({ length: n }, () => runSession({ mode: 'run', lab, target, reporters: [], labNames, log: () => undefined })));
  } finally {
    await target.close();
  }
}

const verdicts = (r: SessionResult) => r.run.steps.map((s) => `${s.stepId}: ${s.result.verdict}${s.result.verdict === 'passed' ? '' : ` (${s.result.summary})`}`);
const allPassed = lab.steps.map((s) => `${s.id}: passed`);

/** Everything the account holds of the kinds the lab creates: the first lab's kinds plus trails, users and their keys, Athena workgroups, databases and tables. */
async function everything(c: TestClients): Promise<string[]> {
  const trails = (await c.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
  const users = (await c.iam.send(new ListUsersCommand({}))).Users ?? [];
  const keys = await Promise.all(users.map(async (u) => (await c.iam.send(new ListAccessKeysCommand({ UserName: u.UserName }))).AccessKeyMetadata ?? []));
  const workGroups = (await c.athena.send(new ListWorkGroupsCommand({}))).WorkGroups ?? [];
  const databases = (await c.athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }))).DatabaseList ?? [];
  const tables = await Promise.all(
    databases.map(async (d) => ((await c.athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: d.Name }))).TableMetadataList ?? []).map((t) => `${d.Name}.${t.Name}`)),
  );
  return [
    ...(await inventory(c)),
    ...trails.map((t) => `trail ${t.Name}`),
    ...users.map((u) => `user ${u.UserName}`),
    ...keys.flat().map((k) => `access-key ${k.UserName}/${k.AccessKeyId} ${k.Status}`),
    ...workGroups.map((w) => `workgroup ${w.Name}`),
    ...databases.map((d) => `database ${d.Name}`),
    ...tables.flat().map((t) => `table ${t}`),
  ].sort();
}

/** Waits for an Athena statement the account's owner runs. */
async function athenaSql(c: TestClients, sql: string): Promise<void> {
  const id = (await c.athena.send(new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: 'primary' }))).QueryExecutionId!;
  for (;;) {
    const state = (await c.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') return;
    if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`${sql} ended ${state}`);
  }
}

describe("two concurrent runs of the CloudTrail lab in an account that already holds the lab's names", () => {
  let emu: TestEmulator;
  let c: TestClients;
  let account: string;
  let before: unknown;
  let held: string[];
  let results: SessionResult[];

  /** What the account's own resources under the lab's names look like, field by field. */
  async function snapshot(): Promise<unknown> {
    const trail = (await c.cloudtrail.send(new DescribeTrailsCommand({ trailNameList: ['SecurityTrail'] }))).trailList;
    const alarm = (await c.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['Unauthorized API calls'] }))).MetricAlarms?.map((a) => ({ ...a, StateUpdatedTimestamp: undefined, StateReasonData: undefined }));
    const user = (await c.iam.send(new GetUserCommand({ UserName: 'lab-intruder' }))).User;
    const table = (await c.athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'default', TableName: 'cloudtrail_logs' }))).TableMetadata;
    return {
      trail,
      trailTags: (await c.cloudtrail.send(new ListTagsCommand({ ResourceIdList: [trail![0].TrailARN!] }))).ResourceTagList,
      trailLogging: (await c.cloudtrail.send(new GetTrailStatusCommand({ Name: 'SecurityTrail' }))).IsLogging,
      trailSelectors: (await c.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: 'SecurityTrail' }))).EventSelectors,
      group: (await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'CloudTrailLogs' }))).logGroups?.filter((g) => g.logGroupName === 'CloudTrailLogs'),
      filters: (await c.logs.send(new DescribeMetricFiltersCommand({ logGroupName: 'CloudTrailLogs' }))).metricFilters,
      events: (await c.logs.send(new GetLogEventsCommand({ logGroupName: 'CloudTrailLogs', logStreamName: 'theirs', startFromHead: true }))).events?.map((e) => e.message),
      user,
      userKeys: (await c.iam.send(new ListAccessKeysCommand({ UserName: 'lab-intruder' }))).AccessKeyMetadata,
      userPolicy: (await c.iam.send(new GetUserPolicyCommand({ UserName: 'lab-intruder', PolicyName: 'their-policy' }))).PolicyDocument,
      role: { ...(await c.iam.send(new GetRoleCommand({ RoleName: 'CloudTrailRoleForCloudWatchLogs' }))).Role, RoleLastUsed: undefined },
      rolePolicies: (await c.iam.send(new ListRolePoliciesCommand({ RoleName: 'CloudTrailRoleForCloudWatchLogs' }))).PolicyNames,
      alarm,
      table: { ...table, LastAccessTime: undefined },
      primary: (await c.athena.send(new GetWorkGroupCommand({ WorkGroup: 'primary' }))).WorkGroup?.Configuration,
    };
  }

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = emu.clients;
    account = (await c.sts.send(new GetCallerIdentityCommand({}))).Account!;
    // Their own trail, logging to their own bucket.
    await c.s3.send(new CreateBucketCommand({ Bucket: 'their-trail-bucket' }));
    await c.s3.send(new PutBucketPolicyCommand({ Bucket: 'their-trail-bucket', Policy: trailBucketPolicy('their-trail-bucket', account, 'us-east-1', 'SecurityTrail') }));
    await c.cloudtrail.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: 'their-trail-bucket', IsMultiRegionTrail: true, TagsList: [{ Key: 'owner', Value: 'security-team' }] }));
    await c.cloudtrail.send(new StartLoggingCommand({ Name: 'SecurityTrail' }));
    // Their log group, with its own retention, metric filter and events.
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: 'CloudTrailLogs' }));
    await c.logs.send(new PutRetentionPolicyCommand({ logGroupName: 'CloudTrailLogs', retentionInDays: 90 }));
    await c.logs.send(new PutMetricFilterCommand({ logGroupName: 'CloudTrailLogs', filterName: 'unauthorized-api-calls', filterPattern: '{ $.errorCode = "*" }', metricTransformations: [{ metricName: 'Errors', metricNamespace: 'Theirs', metricValue: '1' }] }));
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: 'CloudTrailLogs', logStreamName: 'theirs' }));
    await c.logs.send(new PutLogEventsCommand({ logGroupName: 'CloudTrailLogs', logStreamName: 'theirs', logEvents: [{ timestamp: Date.now(), message: 'their event' }] }));
    // Their user with a key and a policy, their role, their alarm, their table and result location.
    await c.iam.send(new CreateUserCommand({ UserName: 'lab-intruder', Tags: [{ Key: 'owner', Value: 'security-team' }] }));
    await c.iam.send(new CreateAccessKeyCommand({ UserName: 'lab-intruder' }));
    await c.iam.send(new PutUserPolicyCommand({ UserName: 'lab-intruder', PolicyName: 'their-policy', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }) }));
    await c.iam.send(new CreateRoleCommand({ RoleName: 'CloudTrailRoleForCloudWatchLogs', AssumeRolePolicyDocument: CLOUDTRAIL_TRUST_POLICY }));
    await c.cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'Unauthorized API calls', Namespace: 'Theirs', MetricName: 'Errors', Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 3, ComparisonOperator: 'GreaterThanThreshold' }));
    await c.athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'primary', ConfigurationUpdates: { ResultConfigurationUpdates: { OutputLocation: 's3://their-trail-bucket/results/' } } }));
    await athenaSql(c, "CREATE EXTERNAL TABLE default.cloudtrail_logs (line string) LOCATION 's3://their-trail-bucket/AWSLogs/'");
    before = await snapshot();
    held = await everything(c);
    results = await runs(emu, 2);
  });
  afterAll(async () => emu?.stop());

  it('both pass every step, each under its own names', () => {
    for (const r of results) expect(verdicts(r)).toEqual(allPassed);
    expect(results.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(results.map((r) => r.leftStanding)).toEqual([0, 0]);
    expect(new Set(results.map((r) => r.run.runId)).size).toBe(2);
  });

  it('leave nothing of theirs: no trail, user, key, role, log group, filter, alarm, topic, bucket, workgroup, database or table', async () => {
    expect(await everything(c)).toEqual(held);
  });

  it("leave every one of the account's resources exactly as it was", async () => {
    expect(await snapshot()).toEqual(before);
  });

  it('run --lab-names refuses to start, exit 2, naming the trail first, and creates nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwright-lab-names-'));
    try {
      const r = await runCli(['run', 'cloudtrail-security-monitoring', '--endpoint', emu.endpoint, '--lab-names', '--report-dir', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--lab-names: the trail SecurityTrail already exists in us-east-1');
      expect(r.stderr).toMatch(/the log group CloudTrailLogs.*the IAM role CloudTrailRoleForCloudWatchLogs.*the IAM user lab-intruder.*the alarm Unauthorized API calls.*the Athena table default\.cloudtrail_logs.*the Athena workgroup primary/s);
      expect(await everything(c)).toEqual(held);
      expect(await snapshot()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('run --lab-names of the CloudTrail lab on an empty account', () => {
  let emu: TestEmulator;
  beforeAll(async () => (emu = await startTestEmulator()));
  afterAll(async () => emu?.stop());

  it("passes with the lab's literal names and removes them all", async () => {
    const held = await everything(emu.clients);
    const [r] = await runs(emu, 1, true);
    expect(verdicts(r)).toEqual(allPassed);
    expect(r.run.steps.find((s) => s.stepId === 'trail')?.result.summary).toContain('Trail SecurityTrail records');
    expect(r.leftStanding).toBe(0);
    expect(await everything(emu.clients)).toEqual(held);
  });
});
