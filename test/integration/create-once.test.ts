// Every create of the lab's aws/ helpers when its first answer is lost (a 5xx sent after the
// emulator made the change) while reads lag behind creates: the helper returns the resource the
// first attempt made and nothing exists twice. Through the real SDK with the run's retry policy.
import { ListQueryExecutionsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand, DescribeInstancesCommand, DescribeInternetGatewaysCommand, DescribeKeyPairsCommand, DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { createClients, destroyClients, type AwsClients } from '../../aws/clients';
import * as ec2 from '../../aws/ec2';
import { createRole } from '../../aws/iam';
import { createLogGroup } from '../../aws/logs';
import { createBucket } from '../../aws/s3';
import { createTopic } from '../../aws/sns';
import { FLOW_LOGS_TRUST_POLICY } from '../../fixtures/vpc-flow-logs/environment';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { TEST_CREDENTIALS, TEST_REGION } from '../emulator/helpers';

jest.setTimeout(60_000);

const TAGS = { 'labwright:run-id': 'lw-create-once' };
// The budget only bounds a failure (visibility comes after 200 ms); a loaded machine needs room.
const visibility = { budgetMs: 15_000, intervalsMs: [20, 50, 100] };
const noLog = () => undefined;

describe('creates whose first answer is lost, under eventual consistency', () => {
  let emu: RunningEmulator;
  let c: AwsClients;
  let vpcId: string;

  /** The next call of `operation` runs but its answer is lost; creates stay invisible to reads for 200 ms. */
  const loseNextAnswer = async (operation: string) => {
    const res = await fetch(`${emu.endpoint}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 1, errorAfterShare: 1, maxFaults: 1, operations: [operation], consistencyDelayMs: 200 }),
    });
    expect(res.status).toBe(200);
  };
  /** Clears the faults and says how many answers were lost since they were set. */
  const lostAnswers = async () => {
    const counts = ((await (await fetch(`${emu.endpoint}/_emulator/faults`)).json()) as { counts: Record<string, number> }).counts;
    await fetch(`${emu.endpoint}/_emulator/faults`, { method: 'DELETE' });
    return counts['error-after'];
  };

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, engines: false });
    c = createClients({ region: TEST_REGION, endpoint: emu.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 8, retryBaseDelayMs: 5 });
    vpcId = await ec2.createVpc(c.ec2, '10.40.0.0/16', { Name: 'base', ...TAGS }, noLog);
  });
  afterAll(async () => {
    destroyClients(c);
    await emu.stop();
  });

  it('CreateVpc (no token): finds the VPC the lost attempt made by its token tag', async () => {
    await loseNextAnswer('CreateVpc');
    const id = await ec2.createVpc(c.ec2, '10.41.0.0/16', { Name: 'lost-vpc', ...TAGS }, noLog, { visibility });
    expect(await lostAnswers()).toBe(1);
    const vpcs = (await c.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['lost-vpc'] }] }))).Vpcs!;
    expect(vpcs.map((v) => v.VpcId)).toEqual([id]);
  });

  it('CreateSubnet and CreateInternetGateway (no token) likewise', async () => {
    await loseNextAnswer('CreateSubnet');
    const subnetId = await ec2.createPublicSubnet(c.ec2, vpcId, '10.40.1.0/24', { Name: 'lost-subnet', ...TAGS }, noLog, { visibility });
    expect(await lostAnswers()).toBe(1);
    expect((await c.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!.map((s) => s.SubnetId)).toEqual([subnetId]);

    await loseNextAnswer('CreateInternetGateway');
    const igwId = await ec2.createInternetGateway(c.ec2, { Name: 'lost-igw', ...TAGS }, noLog, { visibility });
    expect(await lostAnswers()).toBe(1);
    expect((await c.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'tag:Name', Values: ['lost-igw'] }] }))).InternetGateways!.map((g) => g.InternetGatewayId)).toEqual([igwId]);

    await loseNextAnswer('AttachInternetGateway');
    await ec2.attachInternetGateway(c.ec2, igwId, vpcId, noLog, { visibility });
    expect(await lostAnswers()).toBe(1);
    const igw = (await c.ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igwId] }))).InternetGateways![0];
    expect(igw.Attachments).toEqual([expect.objectContaining({ VpcId: vpcId })]);

    await loseNextAnswer('CreateRouteTable');
    const rtbId = await ec2.createRouteTable(c.ec2, vpcId, { Name: 'lost-rtb', ...TAGS }, noLog);
    expect(await lostAnswers()).toBe(1);
    expect((await c.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'tag:Name', Values: ['lost-rtb'] }] }))).RouteTables!.map((r) => r.RouteTableId)).toEqual([rtbId]);

    await loseNextAnswer('CreateRoute');
    await ec2.createRoute(c.ec2, rtbId, '0.0.0.0/0', igwId, noLog);
    expect(await lostAnswers()).toBe(1);
    await loseNextAnswer('AssociateRouteTable');
    const assocId = await ec2.associateRouteTable(c.ec2, rtbId, subnetId, noLog, { visibility });
    expect(await lostAnswers()).toBe(1);
    const rtb = (await c.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtbId] }))).RouteTables![0];
    expect(rtb.Routes!.filter((r) => r.DestinationCidrBlock === '0.0.0.0/0')).toHaveLength(1);
    expect(rtb.Associations!.map((a) => a.RouteTableAssociationId)).toEqual([assocId]);
  });

  it('CreateSecurityGroup and its rules: a duplicate name or rule is what the lost attempt made', async () => {
    await loseNextAnswer('CreateSecurityGroup');
    const groupId = await ec2.createSecurityGroup(c.ec2, vpcId, 'LostGroup', 'lost answers', [22, 80], TAGS, noLog, { visibility });
    expect(await lostAnswers()).toBe(1);
    await loseNextAnswer('AuthorizeSecurityGroupIngress');
    const otherId = await ec2.createSecurityGroup(c.ec2, vpcId, 'LostRules', 'lost answers', [80], TAGS, noLog, { visibility });
    expect(await lostAnswers()).toBe(1);
    const groups = (await c.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['LostGroup', 'LostRules'] }] }))).SecurityGroups!;
    expect(groups.map((g) => g.GroupId).sort()).toEqual([groupId, otherId].sort());
    expect(groups.find((g) => g.GroupId === groupId)!.IpPermissions!.map((p) => p.FromPort).sort()).toEqual([22, 80]);
    expect(groups.find((g) => g.GroupId === otherId)!.IpPermissions!.map((p) => p.FromPort)).toEqual([80]);
  });

  it('CreateKeyPair: the lost pair took its private key along, so it is replaced by one whose key we hold', async () => {
    await loseNextAnswer('CreateKeyPair');
    const key = await ec2.createKeyPair(c.ec2, 'lost-key', TAGS, noLog, { visibility });
    expect(await lostAnswers()).toBe(1);
    expect(key.privateKey).toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    expect((await c.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['lost-key'] }))).KeyPairs).toHaveLength(1);
    // A pair that is not this run's is never deleted.
    await expect(ec2.createKeyPair(c.ec2, 'lost-key', { 'labwright:run-id': 'another-run' }, noLog, { visibility })).rejects.toThrow(/already exists/);
  });

  it('RunInstances and CreateFlowLogs carry a ClientToken: the retry answers the first launch and flow log', async () => {
    const subnetId = (await c.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets![0].SubnetId!;
    const imageId = (await ec2.findImageByName(c.ec2, 'al2023-ami-2023.*-x86_64', 'amazon'))!;
    await loseNextAnswer('RunInstances');
    const instanceId = await ec2.runInstance(c.ec2, { imageId, instanceType: 't3.micro', subnetId, securityGroupIds: [], tags: { Name: 'lost-instance', ...TAGS } }, noLog);
    expect(await lostAnswers()).toBe(1);
    const found = (await c.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['lost-instance'] }] }))).Reservations!.flatMap((r) => r.Instances!);
    expect(found.map((i) => i.InstanceId)).toEqual([instanceId]);

    await createBucket(c.s3, 'lost-answers-logs', TEST_REGION, noLog);
    await loseNextAnswer('CreateFlowLogs');
    const flowLogId = await ec2.createFlowLog(c.ec2, { vpcId, trafficType: 'ALL', maxAggregationInterval: 60, destination: { s3Arn: 'arn:aws:s3:::lost-answers-logs' }, tags: TAGS }, noLog);
    expect(await lostAnswers()).toBe(1);
    expect((await c.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }))).FlowLogs!.map((f) => f.FlowLogId)).toEqual([flowLogId]);
  });

  it('CreateBucket, CreateRole, CreateLogGroup and CreateTopic: a retry finds the resource already ours', async () => {
    await loseNextAnswer('CreateBucket');
    await createBucket(c.s3, 'lost-answer-bucket', TEST_REGION, noLog);
    await loseNextAnswer('CreateRole');
    const arn = await createRole(c.iam, 'LostAnswerRole', FLOW_LOGS_TRUST_POLICY, TAGS, noLog, { visibility });
    await loseNextAnswer('CreateLogGroup');
    await createLogGroup(c.logs, 'LostAnswerGroup', TAGS, noLog, { visibility });
    await loseNextAnswer('CreateTopic');
    const topicArn = await createTopic(c.sns, 'lost-answer-topic', TAGS, noLog);
    await lostAnswers();
    expect((await c.s3.send(new ListBucketsCommand({}))).Buckets!.filter((b) => b.Name === 'lost-answer-bucket')).toHaveLength(1);
    expect((await c.iam.send(new ListRolesCommand({}))).Roles!.filter((r) => r.RoleName === 'LostAnswerRole').map((r) => r.Arn)).toEqual([arn]);
    expect((await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'LostAnswerGroup' }))).logGroups).toHaveLength(1);
    expect((await c.sns.send(new ListTopicsCommand({}))).Topics!.filter((t) => t.TopicArn === topicArn)).toHaveLength(1);
    // Someone else's group of the same name is not taken for ours.
    await expect(createLogGroup(c.logs, 'LostAnswerGroup', { 'labwright:run-id': 'another-run' }, noLog, { visibility })).rejects.toThrow(/already exists/);
  });

  it('Athena StartQueryExecution: the SDK\'s ClientRequestToken makes the retry answer the first execution', async () => {
    const before = (await c.athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [];
    await loseNextAnswer('StartQueryExecution');
    const out = await c.athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://lost-answer-bucket/results/' } }));
    expect(await lostAnswers()).toBe(1);
    const after = (await c.athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [];
    expect(after.filter((id) => !before.includes(id))).toEqual([out.QueryExecutionId]);
  });
});
