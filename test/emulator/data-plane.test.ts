import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { Client } from 'ssh2';
import { DescribeAlarmsCommand, GetMetricStatisticsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { FilterLogEventsCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AttachInternetGatewayCommand, AuthorizeSecurityGroupIngressCommand, CreateFlowLogsCommand, CreateInternetGatewayCommand, CreateSecurityGroupCommand,
  DescribeFlowLogsCommand, DescribeImagesCommand, DescribeInstancesCommand, ModifyInstanceAttributeCommand, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { FILTER_PATTERN } from '../../fixtures/vpc-flow-logs/lab';
import { cloudConfig } from '../../environments/vpc-instance';
import { FLOW_LOGS_TRUST_POLICY } from '../../fixtures/vpc-flow-logs/environment';
import { parseRecord, parseS3Key } from '../../flowlogs';
import { createVpcWithSubnet } from './ec2-fixture';
import { startTestEmulator, waitFor, type TestEmulator } from './helpers';

const PASSWORD = 'Data-Plane-Pw1';
/** A login that should succeed may take this long on a loaded machine (a handshake is CPU work); a refused one is cut at 700 ms. */
const SSH_OK_TIMEOUT_MS = 30_000;

async function control<T>(emu: TestEmulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emu.endpoint}${path}`, { method, body: body ? JSON.stringify(body) : undefined, headers: body ? { 'content-type': 'application/json' } : {} });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function sshLogin(port: number, timeoutMs: number): Promise<'ok' | 'timeout'> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => c.exec('whoami', (err, s) => (err ? reject(err) : s.on('data', () => {}).on('close', () => (c.end(), resolve('ok'))))));
    c.on('error', (err) => (/Timed out/.test(err.message) ? resolve('timeout') : reject(err)));
    c.connect({ host: '127.0.0.1', port, username: 'cloud_user', password: PASSWORD, readyTimeout: timeoutMs });
  });
}

function httpStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => request({ host: '127.0.0.1', port, agent: false }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject).end());
}

describe('data plane: rejected SSH → REJECT record → metric → ALARM → email', () => {
  let emu: TestEmulator;
  beforeAll(async () => (emu = await startTestEmulator()));
  afterAll(() => emu.stop());

  test('the whole chain, through the real SDK clients and a real ssh2 client', async () => {
    const { ec2, s3, iam, logs, cloudwatch, sns } = emu.clients;
    const { vpcId, subnetId } = await createVpcWithSubnet(ec2);
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ VpcId: vpcId, InternetGatewayId: igw }));
    const sg = async (name: string, ports: number[]) => {
      const id = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }))).GroupId!;
      await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: ports.map((p) => ({ IpProtocol: 'tcp', FromPort: p, ToPort: p, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })) }));
      return id;
    };
    const both = await sg('SecurityGroupHTTPAndSSH', [22, 80]);
    const httpOnly = await sg('SecurityGroupHTTPOnly', [80]);
    await s3.send(new CreateBucketCommand({ Bucket: 'lab-flow-logs' }));
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }))).Role!.Arn!;
    const image = (await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-kernel-6.1-x86_64'] }] }))).Images![0].ImageId!;
    const run = await ec2.send(new RunInstancesCommand({
      ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [both],
      UserData: Buffer.from(cloudConfig('cloud_user', PASSWORD)).toString('base64'),
    }));
    const instanceId = run.Instances![0].InstanceId!;

    // Both flow logs, as the lab creates them; and the metric filter and alarm before the traffic.
    const s3Log = await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::lab-flow-logs', MaxAggregationInterval: 60 }));
    const cwLog = await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: 'VPCFlowLogs', DeliverLogsPermissionArn: roleArn, MaxAggregationInterval: 60 }));
    expect(s3Log.Unsuccessful ?? []).toEqual([]);
    expect(cwLog.Unsuccessful ?? []).toEqual([]);
    const { CreateLogGroupCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
    await logs.send(new PutMetricFilterCommand({ logGroupName: 'VPCFlowLogs', filterName: 'dest-port-22-rejects', filterPattern: FILTER_PATTERN, metricTransformations: [{ metricNamespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '1' }] }));
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'Default_CloudWatch_Alarms_Topic' }))).TopicArn!;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'student@example.com' }));
    await control(emu, 'POST', '/_emulator/sns/confirm', { topicArn });
    await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'SSH rejects', Namespace: 'vpcflowlogs', MetricName: 'SSH Rejects', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topicArn] }));
    expect((await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['SSH rejects'] }))).MetricAlarms![0].StateValue).toBe('INSUFFICIENT_DATA');

    // Wait for `running`; the instance's servers appear with it.
    const ports = await waitFor('the instance running', async () => {
      const state = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].State!.Name;
      return state === 'running' ? control<Record<string, { port: number }>>(emu, 'GET', `/_emulator/instances/${instanceId}/ports`) : undefined;
    }, 100);
    const { ip: clientIp } = await control<{ ip: string }>(emu, 'GET', '/_emulator/network/client-ip');
    const inst = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
    const eni = inst.NetworkInterfaces![0].NetworkInterfaceId!;

    expect(await sshLogin(ports!['22'].port, SSH_OK_TIMEOUT_MS)).toBe('ok');
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, Groups: [httpOnly] }));
    expect(await sshLogin(ports!['22'].port, 700)).toBe('timeout');
    expect(await httpStatus(ports!['80'].port)).toBe(200);
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, Groups: [both] }));
    expect(await sshLogin(ports!['22'].port, SSH_OK_TIMEOUT_MS)).toBe('ok');
    await control(emu, 'POST', '/_emulator/flow-logs/flush');

    // CloudWatch Logs: the stream of the ENI holds ACCEPT and REJECT records for port 22 from the client.
    const events = (await logs.send(new FilterLogEventsCommand({ logGroupName: 'VPCFlowLogs' }))).events!;
    expect(new Set(events.map((e) => e.logStreamName))).toEqual(new Set([`${eni}-all`]));
    const records = events.map((e) => parseRecord(e.message!));
    const ssh = records.filter((r) => r.dstPort === 22 && r.srcAddr === clientIp && r.dstAddr === inst.PrivateIpAddress);
    // Connections, not records: a connection that spans two capture windows is a record in each.
    const connections = (action: string) => new Set(ssh.filter((r) => r.action === action).map((r) => r.srcPort)).size;
    expect(connections('ACCEPT')).toBe(2);
    expect(connections('REJECT')).toBe(1);
    expect(records.some((r) => r.srcPort === 22 && r.dstAddr === clientIp && r.action === 'ACCEPT')).toBe(true); // the return direction
    for (const e of events) expect(e.timestamp).toBe(parseRecord(e.message!).start! * 1000);

    // S3: a gzip object under the default layout with the header line and the same REJECT.
    const listed = (await s3.send(new ListObjectsV2Command({ Bucket: 'lab-flow-logs', Prefix: 'AWSLogs/' }))).Contents!;
    expect(listed.length).toBeGreaterThan(0);
    let text = '';
    for (const { Key } of listed) {
      expect(parseS3Key(Key!)).toMatchObject({ accountId: '000000000000', region: 'us-east-1', flowLogId: s3Log.FlowLogIds![0], hive: false });
      const file = gunzipSync(Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'lab-flow-logs', Key }))).Body!.transformToByteArray())).toString();
      expect(file.split('\n')[0]).toBe('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status');
      text += file;
    }
    expect(text).toMatch(new RegExp(` ${clientIp.replace(/\./g, '\\.')} \\S+ \\d+ 22 6 \\d+ \\d+ \\d+ \\d+ REJECT OK`));

    // The metric filter turned the REJECT into a datapoint; the alarm fired and the email went out.
    const now = Date.now();
    const stats = await cloudwatch.send(new GetMetricStatisticsCommand({ Namespace: 'vpcflowlogs', MetricName: 'SSH Rejects', StartTime: new Date(now - 600_000), EndTime: new Date(now + 60_000), Period: 60, Statistics: ['Sum'] }));
    expect(stats.Datapoints!.reduce((s, d) => s + (d.Sum ?? 0), 0)).toBe(1);
    const alarm = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['SSH rejects'] }))).MetricAlarms![0];
    expect(alarm.StateValue).toBe('ALARM');
    expect(alarm.StateReason).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints \[1\.0 \(.+\)\] was greater than or equal to the threshold \(1\.0\)/);
    const { messages } = await control<{ messages: Array<{ subject: string; message: string; endpoint: string }> }>(emu, 'GET', `/_emulator/sns/messages?topicArn=${encodeURIComponent(topicArn)}`);
    const alarmMails = messages.filter((m) => m.subject.startsWith('ALARM'));
    expect(alarmMails).toHaveLength(1);
    expect(alarmMails[0].subject).toBe('ALARM: "SSH rejects" in US East (N. Virginia)');
    expect(JSON.parse(alarmMails[0].message)).toMatchObject({ AlarmName: 'SSH rejects', NewStateValue: 'ALARM', OldStateValue: 'INSUFFICIENT_DATA' });

    const described = await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [cwLog.FlowLogIds![0]] }));
    expect(described.FlowLogs![0].DeliverLogsStatus).toBe('SUCCESS');
  });

  test('a role without the vpc-flow-logs trust gives Access error and no records', async () => {
    await fetch(`${emu.endpoint}/_emulator/reset`, { method: 'POST' });
    const { ec2, iam, logs } = emu.clients;
    const { vpcId, subnetId } = await createVpcWithSubnet(ec2);
    const sgId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'open', Description: 'open', VpcId: vpcId }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sgId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const badTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'WrongTrust', AssumeRolePolicyDocument: badTrust }))).Role!.Arn!;
    const fl = await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: 'VPCFlowLogs', DeliverLogsPermissionArn: roleArn }));
    const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
    const instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [sgId] }))).Instances![0].InstanceId!;
    const ports = await waitFor('the instance\'s ports', async () => {
      const res = await fetch(`${emu.endpoint}/_emulator/instances/${instanceId}/ports`);
      return res.ok ? ((await res.json()) as Record<string, { port: number }>) : undefined;
    }, 100);
    expect(await httpStatus(ports!['80'].port)).toBe(200);
    await control(emu, 'POST', '/_emulator/flow-logs/flush');
    const described = (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: fl.FlowLogIds }))).FlowLogs![0];
    expect(described.DeliverLogsStatus).toBe('FAILED');
    expect(described.DeliverLogsErrorMessage).toBe('Access error');
    const { DescribeLogGroupsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
  });
});
