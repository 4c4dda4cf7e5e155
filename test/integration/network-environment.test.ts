// The lab environment through the real SDK against the emulator: provisioned exactly as the
// template says, found again by discovery, and torn down without leaving anything behind.
import { bindNames, scopedNames } from '../../runner/names';
import { ENVIRONMENT } from '../../fixtures/vpc-flow-logs/environment';
import { provisionVpcInstance } from '../../environments/vpc-instance';
import { RUN_NAMES } from '../../fixtures/vpc-flow-logs/lab';
import { solveFlowLogCloudWatch, solveFlowLogS3, solveLogGroup } from '../../scenarios/vpc-flow-logs/blocks';
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DescribeFlowLogsCommand,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, DeleteBucketCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DiscoveryError } from '../../environments/vpc-instance-discover';
import { discoverLabEnvironment } from '../../scenarios/vpc-flow-logs/blocks';
import { clearSecrets, redact } from '../../core/redact';
import { RUN_TAG } from '../../core/run-tag';
import { INSTANCE_NAME, ROLE_NAME } from '../../fixtures/vpc-flow-logs/lab';
import { CleanupLedger } from '../../runner/ledger';
import { provisionLabEnvironment } from '../../scenarios/vpc-flow-logs/blocks';
import { teardown } from '../../runner/teardown';
import { TEST_REGION } from '../emulator/helpers';
import { startNetworkFixture, stopNetworkFixture, type NetworkFixture } from './network-helpers';

let f: NetworkFixture;
beforeAll(async () => {
  f = await startNetworkFixture();
});
afterAll(async () => {
  await stopNetworkFixture(f);
  clearSecrets();
});

describe('provisionEnvironment', () => {
  it('creates the template: VPC, public subnet, routed IGW, both groups, the running Web Server with its ENI and IPs', async () => {
    const { ec2 } = f.clients;
    const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [f.env.vpcId] }))).Vpcs![0];
    expect(vpc.CidrBlock).toBe('10.0.0.0/16');
    expect(vpc.Tags).toEqual(expect.arrayContaining([{ Key: RUN_TAG, Value: f.runId }, { Key: 'Name', Value: 'Lab VPC' }]));
    const subnet = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [f.env.subnetId] }))).Subnets![0];
    expect(subnet).toMatchObject({ CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: true, VpcId: f.env.vpcId });
    const rt = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [f.env.routeTableId!] }))).RouteTables![0];
    expect(rt.Routes).toEqual(expect.arrayContaining([expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: f.env.internetGatewayId })]));
    expect(rt.Associations?.map((a) => a.SubnetId)).toContain(f.env.subnetId);
    const igw = (await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [f.env.internetGatewayId!] }))).InternetGateways![0];
    expect(igw.Attachments?.[0]?.VpcId).toBe(f.env.vpcId);

    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [f.env.securityGroups.SecurityGroupHTTPAndSSH, f.env.securityGroups.SecurityGroupHTTPOnly] }))).SecurityGroups!;
    const ports = (id: string) => groups.find((g) => g.GroupId === id)!.IpPermissions!.map((p) => p.FromPort).sort();
    expect(ports(f.env.securityGroups.SecurityGroupHTTPAndSSH)).toEqual([22, 80]);
    expect(ports(f.env.securityGroups.SecurityGroupHTTPOnly)).toEqual([80]);

    const inst = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [f.env.instanceId] }))).Reservations![0].Instances![0];
    expect(inst.State?.Name).toBe('running');
    expect(inst.InstanceType).toBe('t3.micro');
    expect(inst.Tags).toEqual(expect.arrayContaining([{ Key: 'Name', Value: INSTANCE_NAME }, { Key: RUN_TAG, Value: f.runId }]));
    expect(inst.SecurityGroups?.map((g) => g.GroupId)).toEqual([f.env.securityGroups.SecurityGroupHTTPAndSSH]);
    expect(inst.NetworkInterfaces?.[0]?.NetworkInterfaceId).toBe(f.env.eniId);
    expect(f.env.privateIp).toMatch(/^10\.0\.1\.\d+$/);
    expect(f.env.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('creates the log bucket and the exactly named delivery role on an emulator target', async () => {
    expect(f.env.bucket).toBe(`labwright-flow-logs-${f.runId}`);
    const buckets = (await f.clients.s3.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name);
    expect(buckets).toContain(f.env.bucket);
    expect(f.env.roleArn).toMatch(new RegExp(`:role/${ROLE_NAME}$`));
  });

  it('sets no password, keeps the private key out of every line it logged, and registers it as a secret', () => {
    const text = f.lines.join('\n');
    expect(text).toMatch(/Creating VPC 10\.0\.0\.0\/16/);
    expect(f.env.sshPassword).toBeUndefined();
    expect(text).not.toContain(f.env.sshPrivateKey!.split('\n')[1]);
    expect(redact(f.env.sshPrivateKey!)).not.toContain(f.env.sshPrivateKey!.split('\n')[1]);
  });

  it('writes every created resource to the ledger', () => {
    const kinds = new Set(f.ledger.teardownOrder().map((e) => e.kind));
    for (const k of ['vpc', 'subnet', 'internet-gateway', 'internet-gateway-attachment', 'route-table', 'route', 'route-table-association', 'security-group', 'key-pair', 'instance', 'bucket', 'role', 'role-policy']) {
      expect(kinds).toContain(k);
    }
  });
});

describe('discoverEnvironment', () => {
  it('finds the same environment read-only, by names and tags', async () => {
    const found = await discoverLabEnvironment(f.readOnlyClients, TEST_REGION);
    const { sshPassword, sshPrivateKey, internetGatewayId, routeTableId, ...expected } = f.env;
    expect(found).toEqual({ ...expected, keyPairName: f.env.keyPairName });
  });

  it('fails on an image no zone has, only after every other branch ended: all it made is in the ledger and tears down', async () => {
    const ledger = new CleanupLedger();
    const runId = 'lw-no-image-run';
    const template = { ...bindNames(ENVIRONMENT, scopedNames(RUN_NAMES, runId)), imageNamePattern: 'no-such-image-*' };
    const err = await provisionVpcInstance(template, { clients: f.clients, target: { ...f.target, name: 'aws' as const }, ledger, runId, log: () => undefined, region: TEST_REGION }).catch((e) => e);
    expect(err.message).toMatch(/No image matches 'no-such-image-\*'/);
    // The branches beside the image lookup had finished when it threw: their last resources are recorded.
    const kinds = ledger.teardownOrder().map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['security-group', 'key-pair', 'role-policy', 'bucket', 'vpc']));
    expect(kinds).not.toContain('instance');
    const summary = await teardown(ledger, f.clients, () => undefined, { intervalsMs: [10] });
    expect(summary.failed).toEqual([]);
    expect(ledger.size).toBe(0);
  });

  it('reports two Web Server instances as ambiguous, naming both', async () => {
    const other = new CleanupLedger();
    try {
      // As on a real account, account-unique names (role, key pair) carry the second run's id.
      const target = { ...f.target, name: 'aws' as const };
      const env2 = await provisionLabEnvironment({ clients: f.clients, target, ledger: other, runId: 'lw-second-run', names: scopedNames(RUN_NAMES, 'lw-second-run'), log: () => undefined, region: TEST_REGION });
      expect(env2.roleArn).toMatch(new RegExp(`:role/${ROLE_NAME}-lw-second-run$`));
      expect(env2.keyPairName).toBe('labwright-web-server-lw-second-run');
      const err = await discoverLabEnvironment(f.readOnlyClients, TEST_REGION).catch((e) => e);
      expect(err).toBeInstanceOf(DiscoveryError);
      expect(err.message).toContain(f.env.instanceId);
      expect(err.message).toContain(env2.instanceId);
      expect(err.message).toMatch(/cannot tell/);
    } finally {
      const summary = await teardown(other, f.clients, () => undefined, { intervalsMs: [50, 100] });
      expect(summary.failed).toEqual([]);
    }
  });

  it("picks the bucket of the VPC's run id when other labwright buckets exist", async () => {
    await f.clients.s3.send(new CreateBucketCommand({ Bucket: 'labwright-flow-logs-lw-some-other-run' }));
    try {
      expect((await discoverLabEnvironment(f.readOnlyClients, TEST_REGION)).bucket).toBe(f.env.bucket);
    } finally {
      await f.clients.s3.send(new DeleteBucketCommand({ Bucket: 'labwright-flow-logs-lw-some-other-run' }));
    }
  });

  it('explains when no Web Server exists', async () => {
    const err = await discoverLabEnvironment(f.emu.clientsFor('111122223333'), TEST_REGION).catch((e) => e);
    expect(err).toBeInstanceOf(DiscoveryError);
    expect(err.message).toMatch(/No running instance named 'Web Server'/);
  });
});

describe('teardown', () => {
  it('deletes the environment and the lab resources steps created, leaving nothing of any kind', async () => {
    const ctx = f.ctx('run');
    await solveFlowLogS3(ctx);
    await solveLogGroup(ctx);
    await solveFlowLogCloudWatch(ctx);
    // A delivered flow-log file: the bucket must be emptied before it can go.
    await f.clients.s3.send(new PutObjectCommand({ Bucket: f.env.bucket, Key: 'AWSLogs/x/vpcflowlogs/f.log.gz', Body: 'x' }));

    const lines: string[] = [];
    const summary = await teardown(f.ledger, f.clients, (l) => lines.push(l), { intervalsMs: [50, 100, 200] });
    expect(summary.failed).toEqual([]);
    expect(f.ledger.size).toBe(0);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^Terminating instance i-/), expect.stringMatching(/^Emptying bucket /)]));

    const { ec2, s3, iam, logs } = f.clients;
    const live = (await ec2.send(new DescribeInstancesCommand({}))).Reservations!.flatMap((r) => r.Instances!).filter((i) => i.State?.Name !== 'terminated');
    expect(live).toEqual([]);
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
    expect((await ec2.send(new DescribeSubnetsCommand({}))).Subnets).toEqual([]);
    expect((await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways).toEqual([]);
    expect((await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables).toEqual([]);
    expect((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups).toEqual([]);
    expect((await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs).toEqual([]);
    expect((await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs).toEqual([]);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
  });

  it('treats resources that are already gone as deleted', async () => {
    const ledger = new CleanupLedger();
    ledger.add({ kind: 'vpc', id: 'vpc-0123456789abcdef0', region: TEST_REGION });
    ledger.add({ kind: 'bucket', id: 'labwright-flow-logs-gone', region: TEST_REGION });
    ledger.add({ kind: 'role', id: 'NoSuchRole', region: TEST_REGION });
    ledger.add({ kind: 'log-group', id: 'NoSuchGroup', region: TEST_REGION });
    const summary = await teardown(ledger, f.clients, () => undefined, { intervalsMs: [50] });
    expect(summary.failed).toEqual([]);
    expect(summary.deleted.map((e) => e.kind).sort()).toEqual(['bucket', 'log-group', 'role', 'vpc']);
    expect(ledger.size).toBe(0);
  });
});
