import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { CreateFlowLogsCommand, CreateSubnetCommand, CreateVpcCommand, DescribeInstancesCommand, DescribeVpcsCommand, ModifyInstanceAttributeCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { isInstanceType } from '../../emulator/services/ec2/instance-types';
import { seedValidState, stateDump } from '../fuzz/state';
import { useTestEmulator } from './helpers';

async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('The call succeeded; AWS refuses it.');
}

const emu = useTestEmulator({ engines: false });

describe('model constraints in each service’s words', () => {
  it('answers Coral’s validation message for JSON and query services, and EC2’s for EC2', async () => {
    const c = emu.clients;
    expect(await failure(c.logs.send(new CreateLogGroupCommand({ logGroupName: 'x'.repeat(513) })))).toMatchObject({
      name: 'InvalidParameterException',
      status: 400,
      message: `1 validation error detected: Value '${'x'.repeat(513)}' at 'logGroupName' failed to satisfy constraint: Member must have length less than or equal to 512`,
    });
    expect(await failure(c.iam.send(new CreateRoleCommand({ RoleName: 'a b', AssumeRolePolicyDocument: '{}' })))).toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value 'a b' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
    expect(await failure(c.ec2.send(new DescribeVpcsCommand({ MaxResults: 3 })))).toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than or equal to 5.',
    });
  });
});

describe('documented semantic checks', () => {
  it('launches only instance types that exist', async () => {
    expect(isInstanceType('t3.micro')).toBe(true);
    expect(isInstanceType('t3.mega')).toBe(false);
    const c = emu.clients;
    await seedValidState(emu);
    const before = stateDump(emu);
    const err = await failure(c.ec2.send(new RunInstancesCommand({ ImageId: 'ami-0e2c8caa4b6378d8c', InstanceType: 't3.mega' as never, MinCount: 1, MaxCount: 1 })));
    expect(err).toMatchObject({ name: 'InvalidParameterValue', message: "Invalid value 't3.mega' for InstanceType." });
    expect(stateDump(emu)).toEqual(before);
    expect((await c.ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
  });

  it('refuses ModifyInstanceAttribute with no attribute, and a type that does not exist', async () => {
    const c = emu.clients;
    const vpc = await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const subnet = await c.ec2.send(new CreateSubnetCommand({ VpcId: vpc.Vpc?.VpcId, CidrBlock: '10.0.1.0/24' }));
    const run = await c.ec2.send(new RunInstancesCommand({ ImageId: 'ami-0e2c8caa4b6378d8c', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnet.Subnet?.SubnetId }));
    const id = run.Instances?.[0]?.InstanceId;
    expect(id).toBeDefined();
    const before = stateDump(emu);
    expect(await failure(c.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id })))).toMatchObject({ name: 'InvalidParameterCombination', message: 'No attributes specified.' });
    expect(await failure(c.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 'q9.huge' } })))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(stateDump(emu)).toEqual(before);
  });

  it('wants ARNs where ARNs go: alarm actions and the flow-log delivery role', async () => {
    const c = emu.clients;
    await seedValidState(emu);
    const before = stateDump(emu);
    const alarm = { AlarmName: 'SSH rejects', MetricName: 'SSH Rejects', Namespace: 'vpcflowlogs', Statistic: 'Sum' as const, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' as const };
    expect(await failure(c.cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, AlarmActions: ['my-topic'] })))).toMatchObject({ status: 400, message: 'Invalid arn syntax: my-topic' });
    const vpcId = (await c.ec2.send(new DescribeVpcsCommand({}))).Vpcs?.find((v) => v.CidrBlock === '10.0.0.0/16')?.VpcId;
    const flow = { ResourceIds: [vpcId as string], ResourceType: 'VPC' as const, TrafficType: 'ALL' as const, LogGroupName: 'VPCFlowLogs' };
    expect(await failure(c.ec2.send(new CreateFlowLogsCommand({ ...flow, DeliverLogsPermissionArn: 'DeliverVPCFlowLogsRole' })))).toMatchObject({ name: 'InvalidParameter', message: expect.stringContaining('not a valid IAM role ARN') });
    expect(stateDump(emu)).toEqual(before);
  });

  it('checks bucket policy grammar with S3’s MalformedPolicy messages and keeps the old policy', async () => {
    const c = emu.clients;
    await seedValidState(emu);
    const before = stateDump(emu);
    const stmt = { Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::fuzz-bucket/*' };
    const cases: Array<[unknown, string]> = [
      [{ Version: '2012-10-17', Statement: [{ ...stmt, Effect: 'Allowed' }] }, 'Invalid effect: Allowed'],
      [{ Version: '2012-10-17', Statement: [{ ...stmt, Resource: 'arn:aws:s3:::another-bucket/*' }] }, 'Policy has invalid resource'],
      [{ Version: '2012-10-17', Statement: [] }, 'Could not parse the policy: Statement is empty!'],
      [{ Version: '2012-10-17', Statement: [{ ...stmt, Action: 'ec2:RunInstances' }] }, 'Policy has invalid action'],
      [{ Version: '2012-10-17', Statement: [{ ...stmt, Principal: undefined }] }, 'Missing required field Principal'],
      [{ Version: '2020-01-01', Statement: [stmt] }, 'The policy must contain a valid version string'],
    ];
    for (const [doc, message] of cases) {
      expect(await failure(c.s3.send(new PutBucketPolicyCommand({ Bucket: 'fuzz-bucket', Policy: JSON.stringify(doc) })))).toMatchObject({ name: 'MalformedPolicy', status: 400, message });
    }
    expect(stateDump(emu)).toEqual(before);
  });

  it('checks IAM policy grammar with MalformedPolicyDocument', async () => {
    const c = emu.clients;
    await seedValidState(emu);
    const before = stateDump(emu);
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['CreateLogGroup'], Resource: '*' }] };
    expect(await failure(c.iam.send(new PutRolePolicyCommand({ RoleName: 'DeliverVPCFlowLogsRole', PolicyName: 'p', PolicyDocument: JSON.stringify(doc) })))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    });
    expect(stateDump(emu)).toEqual(before);
  });
});
