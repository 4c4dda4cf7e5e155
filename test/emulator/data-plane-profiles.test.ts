import { FilterLogEventsCommand, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, DescribeImagesCommand, DescribeInstancesCommand, RunInstancesCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { FakeClock } from '../../core/clock';
import type { LabEngines } from '../../emulator/engines/lab-engines';
import { FLOW_LOGS_TRUST_POLICY } from '../../fixtures/vpc-flow-logs/environment';
import { parseRecord } from '../../flowlogs';
import { createVpcWithSubnet } from './ec2-fixture';
import { startTestEmulator, waitFor, type TestEmulator, type TestEmulatorOptions } from './helpers';

// A VPC with both flow logs and one instance; returns its ENI.
async function labVpc(emu: TestEmulator, clock?: FakeClock): Promise<{ eniId: string; privateIp: string }> {
  const { ec2, s3, iam, logs } = emu.clients;
  const { vpcId, subnetId } = await createVpcWithSubnet(ec2);
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'closed', Description: 'closed', VpcId: vpcId }))).GroupId!;
  await s3.send(new CreateBucketCommand({ Bucket: 'profile-flow-logs' }));
  const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }))).Role!.Arn!;
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
  await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: 'VPCFlowLogs', DeliverLogsPermissionArn: roleArn, MaxAggregationInterval: 60 }));
  await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::profile-flow-logs', MaxAggregationInterval: 60 }));
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
  const id = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [sg] }))).Instances![0].InstanceId!;
  if (clock) await clock.advance(60_000);
  const eni = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0].NetworkInterfaces![0];
  return { eniId: eni.NetworkInterfaceId!, privateIp: eni.PrivateIpAddress! };
}

async function cwEvents(emu: TestEmulator): Promise<string[]> {
  return ((await emu.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'VPCFlowLogs' }))).events ?? []).map((e) => e.message!);
}

async function s3Keys(emu: TestEmulator): Promise<string[]> {
  return ((await emu.clients.s3.send(new ListObjectsV2Command({ Bucket: 'profile-flow-logs' }))).Contents ?? []).map((o) => o.Key!);
}

describe('time profiles and background noise', () => {
  let emu: TestEmulator | undefined;
  const start = async (opts: TestEmulatorOptions) => (emu = await startTestEmulator(opts));
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  test('realtime: one-minute windows, CloudWatch Logs ~5 minutes later, S3 files when their five minutes end', async () => {
    // 12:00:30 UTC: the five-minute S3 file of this traffic ends at 12:05:00.
    const clock = new FakeClock(Date.UTC(2026, 10, 28, 12, 0, 30));
    const e = await start({ clock, profile: 'realtime' });
    const eni = await labVpc(e, clock);
    const engines = e.emulator.runtime.engines.get('lab') as LabEngines;
    engines.flows.open({ eniId: eni.eniId, srcAddr: '192.0.2.44', dstAddr: eni.privateIp, srcPort: 40000, dstPort: 22, protocol: 6, action: 'REJECT', direction: 'ingress' }).add(1, 60, 2, clock.now());
    await clock.advance(60_000); // the window closes at the next tick
    expect(await cwEvents(e)).toEqual([]);
    expect(await s3Keys(e)).toEqual([]);
    await clock.advance(4 * 60_000);
    const events = await cwEvents(e);
    expect(events).toHaveLength(1);
    expect(parseRecord(events[0]).action).toBe('REJECT');
    const keys = await s3Keys(e);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/_20261128T1200Z_[0-9a-f]{8}\.log\.gz$/);
  });

  test('fast: the flush endpoint delivers everything pending at once', async () => {
    const e = await start({ autoTick: false });
    const eni = await labVpc(e);
    const engines = e.emulator.runtime.engines.get('lab') as LabEngines;
    engines.flows.open({ eniId: eni.eniId, srcAddr: '192.0.2.44', dstAddr: eni.privateIp, srcPort: 40001, dstPort: 22, protocol: 6, action: 'REJECT', direction: 'ingress' }).add(1, 60, 2, Date.now());
    expect(await cwEvents(e)).toEqual([]);
    await fetch(`${e.endpoint}/_emulator/flow-logs/flush`, { method: 'POST' });
    expect(await cwEvents(e)).toHaveLength(1);
    expect(await s3Keys(e)).toHaveLength(1);
  });

  test('seeded noise: rejected scans from public addresses, the same for the same seed, none by default', async () => {
    const scans = async (noise?: { seed: number; perWindow: number }) => {
      const e = await start({ autoTick: false, ...(noise ? { noise } : {}) });
      const eni = await labVpc(e);
      await waitFor('the instance\'s ports', async () => {
        const res = await fetch(`${e.endpoint}/_emulator/instances/${(await e.clients.ec2.send(new DescribeInstancesCommand({}))).Reservations![0].Instances![0].InstanceId}/ports`);
        return res.ok || undefined;
      });
      await fetch(`${e.endpoint}/_emulator/flow-logs/flush`, { method: 'POST' });
      const records = (await cwEvents(e)).map((m) => parseRecord(m));
      await e.stop();
      emu = undefined;
      return { records, eni };
    };
    const a = await scans({ seed: 7, perWindow: 5 });
    expect(a.records).toHaveLength(5);
    for (const r of a.records) {
      expect(r.action).toBe('REJECT');
      expect(r.dstAddr).toBe(a.eni.privateIp);
      expect(r.srcAddr).not.toMatch(/^(10|127|192)\./);
    }
    const b = await scans({ seed: 7, perWindow: 5 });
    expect(b.records.map((r) => `${r.srcAddr}:${r.dstPort}`)).toEqual(a.records.map((r) => `${r.srcAddr}:${r.dstPort}`));
    expect((await scans()).records).toEqual([]);
  });
});
