import { gunzipSync } from 'node:zlib';
import { CreateLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, DescribeFlowLogsCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { FakeClock } from '../../../core/clock';
import type { LabEngines } from '../../../emulator/engines/lab-engines';
import { FLOW_LOGS_TRUST_POLICY } from '../../../fixtures/vpc-flow-logs/environment';
import { parseRecord } from '../../../flowlogs';
import type { TestEmulator } from '../helpers';
import { labInstance, startAwsEmulator } from './aws-fixture';

// AWS's own durations (time scale 1) on a fake clock, with the engines' one-minute beat driven by
// the test: every delay is then exact, and the assertions read only what the SDK clients see.
const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const MIN = 60_000;
const BUCKET = 'aws-profile-flow-logs';

interface Lab {
  emu: TestEmulator;
  clock: FakeClock;
  engines: LabEngines;
  vpcId: string;
  eni: { eniId: string; privateIp: string };
}

async function lab(): Promise<Lab> {
  const clock = new FakeClock(T0);
  const emu = await startAwsEmulator({ clock, autoTick: false });
  const { ec2, s3, logs } = emu.clients;
  const { vpcId, instanceId } = await labInstance(ec2, () => clock.advance(3000));
  await clock.advance(MIN);
  const nic = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].NetworkInterfaces![0];
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
  const engines = emu.emulator.runtime.engines.get('lab') as LabEngines;
  return { emu, clock, engines, vpcId, eni: { eniId: nic.NetworkInterfaceId!, privateIp: nic.PrivateIpAddress! } };
}

/** One SSH connection attempt from the client to the instance, in the open capture window. */
function traffic(l: Lab, srcPort: number, action: 'ACCEPT' | 'REJECT' = 'ACCEPT'): void {
  l.engines.flows.open({ eniId: l.eni.eniId, srcAddr: '192.0.2.44', dstAddr: l.eni.privateIp, srcPort, dstPort: 22, protocol: 6, action, direction: 'ingress' }).add(3, 180, 2, l.clock.now());
}

/** Lets `ms` pass, then runs one beat of the engines (the window closes, due deliveries go out). */
async function beat(l: Lab, ms = MIN): Promise<void> {
  await l.clock.advance(ms);
  await l.engines.tick();
}

async function cwRecords(l: Lab) {
  const events = (await l.emu.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'VPCFlowLogs' }))).events ?? [];
  return events.map((e) => ({ timestamp: e.timestamp!, record: parseRecord(e.message!) }));
}

async function s3Records(l: Lab) {
  const { s3 } = l.emu.clients;
  const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!);
  const out = [];
  for (const key of keys) {
    const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray());
    out.push(...gunzipSync(body).toString('utf8').trim().split('\n').slice(1).map((line) => parseRecord(line)));
  }
  return out;
}

const ports = (records: Array<{ srcPort?: number }>) => records.map((r) => r.srcPort);

describe('aws profile: flow-log capture and delivery on AWS\'s schedule', () => {
  let l: Lab | undefined;
  afterEach(async () => {
    await l?.emu.stop();
    l = undefined;
  });

  test('capture starts minutes after CreateFlowLogs; CloudWatch Logs gets a window 5–10 min later, S3 in five-minute files', async () => {
    l = await lab();
    const { ec2, iam } = l.emu.clients;
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }))).Role!.Arn!;
    await l.clock.advance(10_000); // the role has reached EC2
    const common = { ResourceIds: [l.vpcId], ResourceType: 'VPC' as const, TrafficType: 'ALL' as const, MaxAggregationInterval: 60 };
    await ec2.send(new CreateFlowLogsCommand({ ...common, LogGroupName: 'VPCFlowLogs', DeliverLogsPermissionArn: roleArn }));
    await ec2.send(new CreateFlowLogsCommand({ ...common, LogDestinationType: 's3', LogDestination: `arn:aws:s3:::${BUCKET}` }));

    traffic(l, 40001); // seconds after CreateFlowLogs: not captured yet
    await beat(l);
    for (let i = 0; i < 5; i++) await beat(l); // past the longest capture delay (5 min)
    traffic(l, 40002);
    const windowStart = l.clock.now(); // the last beat closed the previous window
    await beat(l);
    const windowEnd = l.clock.now();
    for (let i = 0; i < 4; i++) await beat(l); // 4 minutes after the window: too early for either destination
    expect(await cwRecords(l)).toEqual([]);
    expect(await s3Records(l)).toEqual([]);
    for (let i = 0; i < 7; i++) await beat(l); // 11 minutes after the window: both have it

    const cw = await cwRecords(l);
    expect(ports(cw.map((e) => e.record))).toEqual([40002]);
    const { timestamp, record } = cw[0];
    // The record spans its aggregation interval, and the event is stamped with the record's start.
    expect(record.start).toBe(Math.floor(windowStart / 1000));
    expect(record.end).toBe(Math.floor(windowEnd / 1000));
    expect(timestamp).toBe(record.start! * 1000);
    expect(ports(await s3Records(l))).toEqual([40002]);
  });

  test('a role that has not reached the service loses its windows with AWS\'s delivery error; the S3 copy is independent; later windows succeed', async () => {
    l = await lab();
    const { ec2, iam } = l.emu.clients;
    const roleArn = 'arn:aws:iam::000000000000:role/LateRole';
    const common = { ResourceIds: [l.vpcId], ResourceType: 'VPC' as const, TrafficType: 'ALL' as const, MaxAggregationInterval: 60 };
    const cwId = (await ec2.send(new CreateFlowLogsCommand({ ...common, LogGroupName: 'VPCFlowLogs', DeliverLogsPermissionArn: roleArn }))).FlowLogIds![0];
    await ec2.send(new CreateFlowLogsCommand({ ...common, LogDestinationType: 's3', LogDestination: `arn:aws:s3:::${BUCKET}` }));
    for (let i = 0; i < 6; i++) await beat(l); // capture has started
    const status = async () => (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [cwId] }))).FlowLogs![0];

    // The role does not exist: the window is lost for CloudWatch Logs, not for S3.
    traffic(l, 41001);
    await beat(l);
    for (let i = 0; i < 11; i++) await beat(l);
    expect(await status()).toMatchObject({ DeliverLogsStatus: 'FAILED', DeliverLogsErrorMessage: 'Access error' });
    expect(await cwRecords(l)).toEqual([]);
    expect(ports(await s3Records(l))).toEqual([41001]);

    // The role is created 5 s before a window ends: that window is still refused (10 s to propagate)…
    await l.clock.advance(MIN - 5000);
    await iam.send(new CreateRoleCommand({ RoleName: 'LateRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }));
    traffic(l, 41002);
    await beat(l, 5000);
    // …and the next one is delivered.
    traffic(l, 41003);
    await beat(l);
    for (let i = 0; i < 11; i++) await beat(l);
    expect(ports((await cwRecords(l)).map((e) => e.record))).toEqual([41003]);

    // Once every late window is in, a new window leaves the flow log healthy again.
    traffic(l, 41004);
    await beat(l);
    for (let i = 0; i < 11; i++) await beat(l);
    expect(ports((await cwRecords(l)).map((e) => e.record)).sort()).toEqual([41003, 41004]);
    const healthy = await status();
    expect(healthy.DeliverLogsStatus).toBe('SUCCESS');
    expect(healthy.DeliverLogsErrorMessage).toBeUndefined();
  });
});
