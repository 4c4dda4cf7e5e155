import {
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DeleteFlowLogsCommand,
  DeleteVpcCommand,
  DescribeFlowLogsCommand,
  RunInstancesCommand,
  type CreateFlowLogsCommandInput,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import { deliverableFlowLogsForEni, eniFacts, flowLogsForEni, setFlowLogDeliveryError } from '../../emulator/services/ec2/store';
import { createVpcWithSubnet, ec2StateOf, startEc2Emulator } from './ec2-fixture';
import { failureSummary, type TestEmulator } from './helpers';

const DEFAULT_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';
const ROLE = 'arn:aws:iam::000000000000:role/DeliverVPCFlowLogsRole';

interface PolicyStatement {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition: Record<string, Record<string, string>>;
}

describe('EC2 flow logs through the real SDK', () => {
  let emu: TestEmulator;
  let ec2: EC2Client;
  let s3: S3Client;
  let vpcId: string;
  let subnetId: string;
  let eniId: string;
  const state = () => ec2StateOf(emu);

  beforeAll(async () => {
    ({ emu, ec2 } = await startEc2Emulator());
    s3 = emu.clients.s3;
    ({ vpcId, subnetId } = await createVpcWithSubnet(ec2));
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: vpcId }))).GroupId!;
    const run = await ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-05b10e08d247fb927', InstanceType: 't3.micro', SubnetId: subnetId, SecurityGroupIds: [sg], MinCount: 1, MaxCount: 1 }),
    );
    eniId = run.Instances![0].NetworkInterfaces![0].NetworkInterfaceId!;
  });
  afterAll(() => emu.stop());

  const create = (input: Partial<CreateFlowLogsCommandInput>) =>
    ec2.send(new CreateFlowLogsCommand({ ResourceType: 'VPC', ResourceIds: [vpcId], TrafficType: 'ALL', ...input } as CreateFlowLogsCommandInput));

  async function bucket(name: string) {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  }

  async function policyOf(name: string): Promise<{ Version: string; Id?: string; Statement: PolicyStatement[] }> {
    return JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy!);
  }

  describe('to CloudWatch Logs', () => {
    it('creates the lab flow log (VPC, ALL, 1 minute, VPCFlowLogs, the delivery role) and describes every field', async () => {
      const out = await create({
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: 'VPCFlowLogs',
        DeliverLogsPermissionArn: ROLE,
        MaxAggregationInterval: 60,
        TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: [{ Key: 'Name', Value: 'cw' }] }],
      });
      expect(out.Unsuccessful).toEqual([]);
      expect(out.FlowLogIds).toHaveLength(1);
      const id = out.FlowLogIds![0];
      expect(id).toMatch(/^fl-[0-9a-f]{17}$/);
      const described = await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [id] }));
      expect(described.FlowLogs).toHaveLength(1);
      const fl = described.FlowLogs![0];
      expect(fl).toEqual({
        CreationTime: expect.any(Date),
        DeliverLogsPermissionArn: ROLE,
        DeliverLogsStatus: 'SUCCESS',
        FlowLogId: id,
        FlowLogStatus: 'ACTIVE',
        LogGroupName: 'VPCFlowLogs',
        ResourceId: vpcId,
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogDestination: 'arn:aws:logs:us-east-1:000000000000:log-group:VPCFlowLogs',
        LogFormat: DEFAULT_FORMAT,
        Tags: [{ Key: 'Name', Value: 'cw' }],
        MaxAggregationInterval: 60,
      });
      expect(Math.abs(fl.CreationTime!.getTime() - Date.now())).toBeLessThan(60_000);
    });

    it('requires the delivery role and one of LogGroupName or LogDestination', async () => {
      expect(await failureSummary(create({ LogGroupName: 'no-role' }))).toEqual({
        name: 'InvalidParameter',
        message: "DeliverLogsPermissionArn can't be empty if LogDestinationType is cloud-watch-logs.",
        status: 400,
      });
      expect(await failureSummary(create({ DeliverLogsPermissionArn: ROLE }))).toMatchObject({ name: 'InvalidParameter' });
      expect(
        await failureSummary(create({ DeliverLogsPermissionArn: ROLE, LogGroupName: 'a', LogDestination: 'arn:aws:logs:us-east-1:000000000000:log-group:a' })),
      ).toMatchObject({ name: 'InvalidParameter', message: 'Please only provide LogGroupName or only provide LogDestination.' });
      // A log group ARN works as LogDestination and names the group.
      const out = await create({ TrafficType: 'REJECT', DeliverLogsPermissionArn: ROLE, LogDestination: 'arn:aws:logs:us-east-1:000000000000:log-group:FromArn:*' });
      const fl = (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: out.FlowLogIds }))).FlowLogs![0];
      expect(fl.LogGroupName).toBe('FromArn');
    });

    it('reports per-resource failures: unknown VPC, duplicate flow log; the good resources still succeed', async () => {
      const first = await create({ TrafficType: 'ACCEPT', LogGroupName: 'dupes', DeliverLogsPermissionArn: ROLE });
      expect(first.FlowLogIds).toHaveLength(1);
      const out = await create({ ResourceIds: [vpcId, 'vpc-0123456789abcdef0'], TrafficType: 'ACCEPT', LogGroupName: 'dupes', DeliverLogsPermissionArn: ROLE });
      expect(out.FlowLogIds).toEqual([]);
      expect(out.Unsuccessful).toEqual([
        {
          ResourceId: vpcId,
          Error: { Code: 'FlowLogAlreadyExists', Message: 'Error. There is an existing Flow Log with the same configuration and log destination.' },
        },
        { ResourceId: 'vpc-0123456789abcdef0', Error: { Code: 'InvalidVpcID.NotFound', Message: "The vpc ID 'vpc-0123456789abcdef0' does not exist" } },
      ]);
      // Same resource, another traffic type: a different flow log.
      const other = await create({ ResourceIds: [vpcId, 'vpc-0123456789abcdef0'], TrafficType: 'REJECT', LogGroupName: 'dupes', DeliverLogsPermissionArn: ROLE });
      expect(other.FlowLogIds).toHaveLength(1);
      expect(other.Unsuccessful!.map((u) => u.ResourceId)).toEqual(['vpc-0123456789abcdef0']);
    });

    it('accepts subnets and network interfaces; refuses bad traffic types, intervals and formats', async () => {
      const sub = await ec2.send(
        new CreateFlowLogsCommand({ ResourceType: 'Subnet', ResourceIds: [subnetId, 'subnet-0123456789abcdef0'], TrafficType: 'ACCEPT', LogGroupName: 'sub', DeliverLogsPermissionArn: ROLE }),
      );
      expect(sub.FlowLogIds).toHaveLength(1);
      expect(sub.Unsuccessful![0].Error).toEqual({ Code: 'InvalidSubnetID.NotFound', Message: "The subnet ID 'subnet-0123456789abcdef0' does not exist" });
      const custom = '${version} ${vpc-id} ${subnet-id} ${instance-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr}';
      const eni = await ec2.send(
        new CreateFlowLogsCommand({ ResourceType: 'NetworkInterface', ResourceIds: [eniId], TrafficType: 'REJECT', LogGroupName: 'eni', DeliverLogsPermissionArn: ROLE, LogFormat: custom }),
      );
      const fl = (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: eni.FlowLogIds }))).FlowLogs![0];
      expect(fl).toMatchObject({ ResourceId: eniId, TrafficType: 'REJECT', LogFormat: custom, MaxAggregationInterval: 600 });

      expect(await failureSummary(create({ TrafficType: 'SOME' as never, LogGroupName: 'x', DeliverLogsPermissionArn: ROLE }))).toMatchObject({ name: 'InvalidParameterValue' });
      expect(await failureSummary(create({ MaxAggregationInterval: 120, LogGroupName: 'x', DeliverLogsPermissionArn: ROLE }))).toMatchObject({ name: 'InvalidParameter' });
      const badFormat = await failureSummary(create({ LogFormat: '${version} ${nonsense}', LogGroupName: 'x', DeliverLogsPermissionArn: ROLE }));
      expect(badFormat.name).toBe('InvalidParameter');
      expect(badFormat.message).toContain("1 validation error detected: Value '${version} ${nonsense}' at 'logFormat' has an invalid format");
      expect(await failureSummary(create({ LogGroupName: 'x', DeliverLogsPermissionArn: ROLE, DryRun: true }))).toMatchObject({ name: 'DryRunOperation', status: 412 });
    });
  });

  describe('to S3', () => {
    it('creates the lab S3 flow log with default destination options and adds the delivery statements to the bucket policy', async () => {
      await bucket('lab-flow-logs');
      const out = await create({ LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::lab-flow-logs', MaxAggregationInterval: 60 });
      expect(out.Unsuccessful).toEqual([]);
      const fl = (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: out.FlowLogIds }))).FlowLogs![0];
      expect(fl).toMatchObject({
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::lab-flow-logs',
        DestinationOptions: { FileFormat: 'plain-text', HiveCompatiblePartitions: false, PerHourPartition: false },
        FlowLogStatus: 'ACTIVE',
        DeliverLogsStatus: 'SUCCESS',
        LogFormat: DEFAULT_FORMAT,
        MaxAggregationInterval: 60,
      });
      expect(fl.LogGroupName).toBeUndefined();
      expect(fl.DeliverLogsPermissionArn).toBeUndefined();

      const policy = await policyOf('lab-flow-logs');
      expect(policy.Version).toBe('2012-10-17');
      expect(policy.Statement).toEqual([
        {
          Sid: 'AWSLogDeliveryWrite',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::lab-flow-logs/AWSLogs/000000000000/*',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '000000000000', 's3:x-amz-acl': 'bucket-owner-full-control' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:000000000000:*' },
          },
        },
        {
          Sid: 'AWSLogDeliveryAclCheck',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['s3:GetBucketAcl', 's3:ListBucket'],
          Resource: 'arn:aws:s3:::lab-flow-logs',
          Condition: { StringEquals: { 'aws:SourceAccount': '000000000000' }, ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:000000000000:*' } },
        },
      ]);
    });

    it('appends folders to the write statement and keeps the owner’s own statements', async () => {
      await bucket('shared-logs');
      const own = { Sid: 'Mine', Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::shared-logs' };
      await s3.send(new PutBucketPolicyCommand({ Bucket: 'shared-logs', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [own] }) }));
      await create({ TrafficType: 'ACCEPT', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::shared-logs/team-a/' });
      await create({
        TrafficType: 'REJECT',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::shared-logs',
        DestinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true },
      });
      const policy = await policyOf('shared-logs');
      expect(policy.Statement.map((s) => s.Sid)).toEqual(['Mine', 'AWSLogDeliveryWrite', 'AWSLogDeliveryAclCheck']);
      expect(policy.Statement[1].Resource).toEqual([
        'arn:aws:s3:::shared-logs/team-a/AWSLogs/000000000000/*',
        'arn:aws:s3:::shared-logs/AWSLogs/aws-account-id=000000000000/*',
      ]);
      const hive = (await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'traffic-type', Values: ['REJECT'] }, { Name: 'log-destination-type', Values: ['s3'] }] })))
        .FlowLogs!;
      expect(hive.map((f) => f.DestinationOptions)).toEqual([{ FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true }]);
    });

    it('refuses a missing bucket per resource, the AWSLogs folder, and a role or log group with S3', async () => {
      const out = await create({ LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::no-such-bucket-here' });
      expect(out.FlowLogIds).toEqual([]);
      expect(out.Unsuccessful).toEqual([
        { ResourceId: vpcId, Error: { Code: 'LogDestinationNotFoundException', Message: 'LogDestination: no-such-bucket-here does not exist.' } },
      ]);
      await bucket('reserved-folder');
      expect(await failureSummary(create({ LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::reserved-folder/AWSLogs/' }))).toMatchObject({ name: 'InvalidParameter' });
      expect(await failureSummary(create({ LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::reserved-folder', DeliverLogsPermissionArn: ROLE }))).toEqual({
        name: 'InvalidParameter',
        message: 'DeliverLogsPermissionArn is not applicable for s3 delivery',
        status: 400,
      });
      expect(await failureSummary(create({ LogDestinationType: 's3', LogDestination: 'not-an-arn' }))).toMatchObject({ name: 'InvalidParameter' });
      expect(await failureSummary(create({ LogDestinationType: 's3' }))).toMatchObject({ name: 'InvalidParameter' });
    });

    it('refuses another account’s bucket whose policy does not allow delivery', async () => {
      await emu.clientsFor('111122223333').s3.send(new CreateBucketCommand({ Bucket: 'someone-elses-bucket' }));
      const out = await create({ LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::someone-elses-bucket' });
      expect(out.Unsuccessful![0].Error).toEqual({
        Code: 'LogDestinationPermissionIssueException',
        Message: 'Access Denied for LogDestination: someone-elses-bucket. Please check LogDestination permission',
      });
    });
  });

  describe('describing, deleting, and what the delivery engine reads', () => {
    it('filters by resource, log group, destination type, id, status and tag', async () => {
      const out = await create({
        TrafficType: 'ALL',
        LogGroupName: 'filters-group',
        DeliverLogsPermissionArn: ROLE,
        TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: [{ Key: 'Stage', Value: 'filters' }] }],
      });
      const id = out.FlowLogIds![0];
      const by = async (Name: string, Values: string[]) =>
        (await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name, Values }] }))).FlowLogs!.map((f) => f.FlowLogId);
      expect(await by('log-group-name', ['filters-group'])).toEqual([id]);
      expect(await by('flow-log-id', [id])).toEqual([id]);
      expect(await by('tag:Stage', ['filters'])).toEqual([id]);
      expect(await by('resource-id', [vpcId])).toContain(id);
      expect(await by('resource-id', [subnetId])).not.toContain(id);
      expect(await by('deliver-log-status', ['SUCCESS'])).toContain(id);
      expect(await by('log-destination-type', ['s3'])).not.toContain(id);
    });

    it('gives the delivery engine the flow logs covering an ENI, and shows delivery errors', async () => {
      const covering = flowLogsForEni(state(), eniId);
      const resources = new Set(covering.map((f) => f.resourceId));
      expect(resources).toEqual(new Set([vpcId, subnetId, eniId]));
      const deliverable = deliverableFlowLogsForEni(state(), eniId, '000000000000', 'us-east-1');
      expect(deliverable).toHaveLength(covering.length);
      expect(deliverable.find((d) => d.logGroupName === 'VPCFlowLogs')).toMatchObject({
        accountId: '000000000000',
        region: 'us-east-1',
        trafficType: 'ALL',
        destinationType: 'cloud-watch-logs',
        deliverLogsPermissionArn: ROLE,
        logFormat: DEFAULT_FORMAT,
        maxAggregationInterval: 60,
      });
      expect(eniFacts(state(), eniId, '000000000000', 'us-east-1')).toMatchObject({ eniId, vpcId, subnetId, azId: 'use1-az1', instanceId: expect.stringMatching(/^i-/) });

      const target = covering.find((f) => f.logGroupName === 'VPCFlowLogs')!;
      setFlowLogDeliveryError(state(), target.id, 'Access error');
      const failed = (await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'deliver-log-status', Values: ['FAILED'] }] }))).FlowLogs!;
      expect(failed.map((f) => [f.FlowLogId, f.DeliverLogsStatus, f.DeliverLogsErrorMessage])).toEqual([[target.id, 'FAILED', 'Access error']]);
      setFlowLogDeliveryError(state(), target.id, undefined);
      const fixed = (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [target.id] }))).FlowLogs![0];
      expect(fixed.DeliverLogsStatus).toBe('SUCCESS');
      expect(fixed.DeliverLogsErrorMessage).toBeUndefined();
    });

    it('answers a repeated client token with the first answer', async () => {
      const input = { TrafficType: 'ALL' as const, LogGroupName: 'idempotent', DeliverLogsPermissionArn: ROLE, ClientToken: 'abc-123' };
      const first = await create(input);
      const second = await create(input);
      expect(first.ClientToken).toBe('abc-123');
      expect(second).toMatchObject({ ClientToken: 'abc-123', FlowLogIds: first.FlowLogIds, Unsuccessful: [] });
      const listed = await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'log-group-name', Values: ['idempotent'] }] }));
      expect(listed.FlowLogs).toHaveLength(1);
    });

    it('deletes flow logs, reporting unknown ids as unsuccessful; a deleted VPC takes its flow logs with it', async () => {
      const out = await create({ TrafficType: 'ALL', LogGroupName: 'to-delete', DeliverLogsPermissionArn: ROLE });
      const id = out.FlowLogIds![0];
      const del = await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [id, 'fl-0123456789abcdef0'] }));
      expect(del.Unsuccessful).toEqual([
        {
          ResourceId: 'fl-0123456789abcdef0',
          Error: { Code: 'InvalidFlowLogId.NotFound', Message: 'These flow log ids in the input list are not found: [TotalCount: 1] fl-0123456789abcdef0' },
        },
      ]);
      expect((await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [id] }))).FlowLogs).toEqual([]);

      const lone = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.7.0.0/16' }))).Vpc!.VpcId!;
      const fl = await ec2.send(new CreateFlowLogsCommand({ ResourceType: 'VPC', ResourceIds: [lone], TrafficType: 'ALL', LogGroupName: 'lone', DeliverLogsPermissionArn: ROLE }));
      await ec2.send(new DeleteVpcCommand({ VpcId: lone }));
      expect((await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: fl.FlowLogIds }))).FlowLogs).toEqual([]);
    });
  });
});
