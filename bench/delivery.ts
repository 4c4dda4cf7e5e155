// Flow-log delivery throughput and rejected-SSH → ALARM latency: `node bin/run-ts.js bench/delivery.ts [records]`.
// Prints a table; asserts nothing (performance is never a timed test assertion).
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AuthorizeSecurityGroupIngressCommand, CreateFlowLogsCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, DescribeImagesCommand,
  DescribeInstancesCommand, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { LabEngines } from '../emulator/engines/lab-engines';
import { FILTER_PATTERN } from '../fixtures/vpc-flow-logs/lab';
import { FLOW_LOGS_TRUST_POLICY } from '../fixtures/vpc-flow-logs/environment';
import { startTestEmulator } from '../test/emulator/helpers';

const COUNT = Number(process.argv[2] ?? 200_000);

async function main(): Promise<void> {
  // No background ticks: the bench closes the capture window itself.
  const emu = await startTestEmulator({ autoTick: false });
  const { ec2, s3, iam, logs, cloudwatch } = emu.clients;
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'http', Description: 'http', VpcId: vpcId }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  await s3.send(new CreateBucketCommand({ Bucket: 'bench-flow-logs' }));
  const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }))).Role!.Arn!;
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
  await logs.send(new PutMetricFilterCommand({ logGroupName: 'VPCFlowLogs', filterName: 'dest-port-22-rejects', filterPattern: FILTER_PATTERN, metricTransformations: [{ metricNamespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '1' }] }));
  await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: 'VPCFlowLogs', DeliverLogsPermissionArn: roleArn, MaxAggregationInterval: 60 }));
  await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::bench-flow-logs', MaxAggregationInterval: 60 }));
  await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'SSH rejects', Namespace: 'vpcflowlogs', MetricName: 'SSH Rejects', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' }));
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
  const instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [sg] }))).Instances![0].InstanceId!;
  const eni = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].NetworkInterfaces![0];
  const engines = emu.emulator.runtime.engines.get('lab') as LabEngines;

  // 1. Throughput: COUNT distinct flows (a third of them rejected SSH) through capture → formatting →
  //    CloudWatch Logs + S3 delivery → the lab's metric filter → CloudWatch datapoints.
  const now = Date.now();
  for (let i = 0; i < COUNT; i++) {
    const reject = i % 3 === 0;
    engines.flows
      .open({ eniId: eni.NetworkInterfaceId!, srcAddr: `198.51.${Math.floor(i / 250) % 250}.${i % 250}`, dstAddr: eni.PrivateIpAddress!, srcPort: 1024 + (i % 60000), dstPort: reject ? 22 : 443, protocol: 6, action: reject ? 'REJECT' : 'ACCEPT', direction: 'ingress' })
      .add(reject ? 1 : 10, reject ? 60 : 4000, reject ? 2 : 3, now + (i % 1000));
  }
  await engines.reconcileNetwork();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const delivered = engines.deliverNow();
  const deliverMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  // 2. Latency: a real rejected TCP connection to port 22 until the alarm reads ALARM through the
  //    SDK, with the fast profile's own one-second windows (no manual flush).
  await emu.stop();
  const latency = await rejectToAlarm();

  const rows: Array<[string, string, string]> = [
    ['records delivered (CW Logs + S3, 2 flow logs)', String(delivered), ''],
    ['capture → delivery → metric filter (wall)', `${Math.round(deliverMs)} ms`, `${Math.round((delivered / deliverMs) * 1000).toLocaleString('en-US')} records/s (goal ≥ 100,000)`],
    ['capture → delivery → metric filter (CPU)', `${Math.round(cpuMs)} ms`, `${Math.round((delivered / cpuMs) * 1000).toLocaleString('en-US')} records/s on one core`],
    ['rejected SSH → alarm ALARM (fast profile)', latency === undefined ? 'n/a' : `${Math.round(latency)} ms`, 'goal < 2,000 ms'],
  ];
  console.log(`\nbench/delivery — node ${process.version}, load ${loadavg()[0].toFixed(1)} on 2 cores\n`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(48)} ${b.padStart(10)}  ${c}`);
}

// Builds a fresh lab-like setup on a new emulator and measures a rejected connection to ALARM.
async function rejectToAlarm(): Promise<number | undefined> {
  const emu = await startTestEmulator();
  try {
    const { ec2, iam, logs, cloudwatch } = emu.clients;
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'http-only', Description: 'http', VpcId: vpcId }))).GroupId!;
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }))).Role!.Arn!;
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
    await logs.send(new PutMetricFilterCommand({ logGroupName: 'VPCFlowLogs', filterName: 'dest-port-22-rejects', filterPattern: FILTER_PATTERN, metricTransformations: [{ metricNamespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '1' }] }));
    await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: 'VPCFlowLogs', DeliverLogsPermissionArn: roleArn, MaxAggregationInterval: 60 }));
    await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'SSH rejects', Namespace: 'vpcflowlogs', MetricName: 'SSH Rejects', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' }));
    const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
    const instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [sg] }))).Instances![0].InstanceId!;
    let port: number | undefined;
    for (let i = 0; i < 100 && !port; i++) {
      const res = await fetch(`${emu.endpoint}/_emulator/instances/${instanceId}/ports`);
      if (res.ok) port = ((await res.json()) as Record<string, { port: number }>)['22'].port;
      else await new Promise((r) => setTimeout(r, 50));
    }
    const t0 = performance.now();
    const socket = connect(port!, '127.0.0.1');
    socket.on('error', () => {});
    setTimeout(() => socket.destroy(), 300);
    for (let i = 0; i < 200; i++) {
      const state = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['SSH rejects'] }))).MetricAlarms![0].StateValue;
      if (state === 'ALARM') return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 25));
    }
    return undefined;
  } finally {
    await emu.stop();
  }
}

void main();
