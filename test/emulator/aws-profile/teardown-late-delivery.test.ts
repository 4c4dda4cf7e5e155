// Teardown against the aws profile's late delivery: a flow log's records already captured are
// delivered after DeleteFlowLogs, and delivery creates a missing log group. Teardown must leave no
// log group of the run behind once that delivery lag has passed.
import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { FakeClock } from '../../../core/clock';
import { RUN_TAG } from '../../../core/run-tag';
import type { LabEngines } from '../../../emulator/engines/lab-engines';
import { FLOW_LOGS_TRUST_POLICY } from '../../../fixtures/vpc-flow-logs/environment';
import { CleanupLedger } from '../../../runner/ledger';
import { FLOW_LOG_DELIVERY_LAG_MS, teardown, type TeardownOptions } from '../../../runner/teardown';
import type { TestEmulator } from '../helpers';
import { labInstance, startAwsEmulator } from './aws-fixture';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const MIN = 60_000;
const RUN = 'lw-20261128-120000-abcd';
const GROUP = `VPCFlowLogs-${RUN}`;

describe('teardown on the aws profile: late flow-log delivery cannot bring the log group back', () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  /** A run's log group and flow log with one captured window still in flight, in a fresh ledger. */
  async function inFlight(): Promise<{ clock: FakeClock; engines: LabEngines; ledger: CleanupLedger }> {
    const clock = new FakeClock(T0);
    emu = await startAwsEmulator({ clock, autoTick: false });
    const { ec2, iam, logs } = emu.clients;
    const engines = emu.emulator.runtime.engines.get('lab') as LabEngines;
    const beat = async () => (await clock.advance(MIN), await engines.tick());
    const { vpcId, instanceId } = await labInstance(ec2, () => clock.advance(3000));
    await clock.advance(MIN);
    const nic = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].NetworkInterfaces![0];
    const tags = [{ Key: RUN_TAG, Value: RUN }];
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP, tags: { [RUN_TAG]: RUN } }));
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: `DeliverVPCFlowLogsRole-${RUN}`, AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }))).Role!.Arn!;
    await clock.advance(10_000);
    const out = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', MaxAggregationInterval: 60, LogGroupName: GROUP, DeliverLogsPermissionArn: roleArn,
        TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: tags }],
      }),
    );
    for (let i = 0; i < 6; i++) await beat(); // past the longest capture delay
    engines.flows.open({ eniId: nic.NetworkInterfaceId!, srcAddr: '192.0.2.44', dstAddr: nic.PrivateIpAddress!, srcPort: 40001, dstPort: 22, protocol: 6, action: 'ACCEPT', direction: 'ingress' }).add(3, 180, 2, clock.now());
    await beat(); // the window closes: its records go to CloudWatch Logs 5–10 minutes from now
    const ledger = new CleanupLedger();
    ledger.runId = RUN;
    ledger.add({ kind: 'flow-log', id: out.FlowLogIds![0], region: 'us-east-1' });
    ledger.add({ kind: 'log-group', id: GROUP, region: 'us-east-1' });
    return { clock, engines, ledger };
  }

  /** Runs teardown while the engines keep beating; then lets the whole delivery lag pass. */
  async function tearDownAndWait(x: { clock: FakeClock; engines: LabEngines; ledger: CleanupLedger }, opts: TeardownOptions) {
    let done = false;
    const lines: string[] = [];
    const run = teardown(x.ledger, emu!.clients, (l) => void lines.push(l), { clock: x.clock, intervalsMs: [1000], ...opts }).finally(() => (done = true));
    while (!done) {
      await x.clock.advance(1000);
      await x.engines.tick();
    }
    const summary = await run;
    for (let i = 0; i < 12; i++) (await x.clock.advance(MIN), await x.engines.tick());
    const groups = (await emu!.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'VPCFlowLogs' }))).logGroups ?? [];
    return { summary, lines, groups: groups.map((g) => g.logGroupName) };
  }

  test('teardown waits past the delivery lag after deleting the flow log: a delivery-lag later no log group of the run exists', async () => {
    const x = await inFlight();
    const { summary, lines, groups } = await tearDownAndWait(x, { deliveryLagMs: FLOW_LOG_DELIVERY_LAG_MS });
    expect(summary.failed).toEqual([]);
    expect(summary.deleted.map((e) => e.kind)).toEqual(['flow-log', 'log-group']);
    expect(lines).toContainEqual(expect.stringMatching(/^Waiting \d+ s for flow records still in flight before deleting the log group/));
    expect(groups).toEqual([]);
  });

  test('a target that can deliver at once is flushed instead: no wait, and nothing comes back', async () => {
    const x = await inFlight();
    let flushed = 0;
    const { summary, lines, groups } = await tearDownAndWait(x, { deliveryLagMs: FLOW_LOG_DELIVERY_LAG_MS, flushDelivery: async () => void (flushed += x.engines.deliverNow(true)) });
    expect(flushed).toBe(1);
    expect(summary.failed).toEqual([]);
    expect(lines.some((l) => l.startsWith('Waiting'))).toBe(false);
    expect(groups).toEqual([]);
  });
});
