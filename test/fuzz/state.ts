import { CreateLogGroupCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { CreateVpcCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { CreateWorkGroupCommand } from '@aws-sdk/client-athena';
import type { ServiceName } from '../../emulator/framework/types';
import type { TestEmulator } from '../emulator/helpers';

/** Every store of every service, as JSON: what "nothing was stored" is compared on. */
export function stateDump(emu: TestEmulator): string {
  const runtime = emu.emulator.runtime;
  const out: Record<string, unknown> = {};
  for (const service of ['ec2', 's3', 'iam', 'sts', 'sns', 'logs', 'monitoring', 'athena'] as ServiceName[]) {
    for (const scope of runtime.scopesOf?.(service) ?? []) out[`${service}/${scope.accountId}/${scope.region}`] = runtime.stateOf?.(service, scope.accountId, scope.region);
  }
  return JSON.stringify(out);
}

/** A lab-like valid state in every service, so refused calls have something to lose. */
export async function seedValidState(emu: TestEmulator): Promise<void> {
  const c = emu.clients;
  const vpc = await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  await c.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: vpc.Vpc?.VpcId }));
  await c.s3.send(new CreateBucketCommand({ Bucket: 'fuzz-bucket' }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::fuzz-bucket/*' }] };
  await c.s3.send(new PutBucketPolicyCommand({ Bucket: 'fuzz-bucket', Policy: JSON.stringify(policy) }));
  await c.logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
  await c.logs.send(new PutMetricFilterCommand({ logGroupName: 'VPCFlowLogs', filterName: 'f', filterPattern: 'REJECT', metricTransformations: [{ metricName: 'm', metricNamespace: 'n', metricValue: '1' }] }));
  const topic = await c.sns.send(new CreateTopicCommand({ Name: 'alarms' }));
  await c.cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'a', MetricName: 'm', Namespace: 'n', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic.TopicArn as string] }));
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  await c.iam.send(new CreateRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await c.athena.send(new CreateWorkGroupCommand({ Name: 'lab' }));
}
