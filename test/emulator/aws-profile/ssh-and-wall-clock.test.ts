import { CreateLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { FakeClock } from '../../../core/clock';
import { poll } from '../../../core/poll';
import { FLOW_LOGS_TRUST_POLICY } from '../../../fixtures/vpc-flow-logs/environment';
import { parseRecord } from '../../../flowlogs';
import type { TestEmulator } from '../helpers';
import { control, labInstance, realSettle, retryNotFound, sshLogin, startAwsEmulator } from './aws-fixture';

describe('aws profile: an instance as a student meets it', () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  test('sshd answers before cloud-init has set up the login: authentication fails for a while, then succeeds', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 28, 12, 0, 0));
    emu = await startAwsEmulator({ clock, autoTick: false });
    const { instanceId } = await labInstance(emu.clients.ec2, () => clock.advance(3000));
    await clock.advance(60_000); // pending is over: the instance runs
    const state = (await emu.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].State!.Name;
    expect(state).toBe('running');
    const { status, json: ports } = await control(emu, 'GET', `/_emulator/instances/${instanceId}/ports`);
    expect(status).toBe(200);
    expect(await sshLogin(ports['22'].port)).toBe('denied');
    await clock.advance(30_000);
    expect(await sshLogin(ports['22'].port)).toBe('denied');
    await clock.advance(15_000); // 45 s after running: cloud-init has created the user
    expect(await sshLogin(ports['22'].port)).toBe('ok');
  });

  test('on the wall clock at F = 0.01: once a login works it keeps working, and an SSH login becomes an ACCEPT record in CloudWatch Logs', async () => {
    emu = await startAwsEmulator({ timeScale: 0.01 });
    const { ec2, iam, logs } = emu.clients;
    const { vpcId, instanceId } = await labInstance(ec2, realSettle);
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }))).Role!.Arn!;
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
    await retryNotFound(
      () => ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: 'VPCFlowLogs', DeliverLogsPermissionArn: roleArn, MaxAggregationInterval: 60 })),
      realSettle,
    );
    // The servers appear once the instance runs (about 0.6 s here).
    const { value: port } = await poll(
      async () => {
        const res = await control(emu!, 'GET', `/_emulator/instances/${instanceId}/ports`);
        return res.status === 200 ? { done: true, value: res.json['22'].port as number } : { done: false, reason: res.json.error };
      },
      { description: 'the instance to run', budgetMs: 20_000 },
    );
    // Keep logging in, as a student would, until a login works and its record has arrived.
    const outcomes: string[] = [];
    const { value: record } = await poll(
      async () => {
        outcomes.push(await sshLogin(port));
        const events = (await logs.send(new FilterLogEventsCommand({ logGroupName: 'VPCFlowLogs' }))).events ?? [];
        const accepted = events.map((e) => parseRecord(e.message!)).find((r) => r.dstPort === 22 && r.action === 'ACCEPT');
        return accepted ? { done: true, value: accepted } : { done: false, reason: `${events.length} events` };
      },
      { description: 'an ACCEPT record for port 22 in VPCFlowLogs', budgetMs: 25_000, intervalsMs: [200] },
    );
    expect(outcomes).toContain('ok');
    expect(record.srcAddr).toBe('192.0.2.44');
    const first = outcomes.indexOf('ok');
    expect(outcomes.slice(first)).not.toContain('denied');
  });
});
