// Acceptance of fault injection (labwright issue 8): a full `run` of the lab on an emulator that
// throttles, fails and answers late passes all fourteen steps, creates nothing twice and leaves
// nothing behind; the request log proves the SDK retried what was throttled.
import { ListTableMetadataCommand } from '@aws-sdk/client-athena';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand, DescribeInstancesCommand, DescribeInternetGatewaysCommand, DescribeKeyPairsCommand, DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListSubscriptionsCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import { destroyClients } from '../../aws/clients';
import { runSession, type SessionResult } from '../../session/session';
import { clearSecrets } from '../../core/redact';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { endpointTarget } from '../../runner/targets/endpoint';
import { LABWRIGHT_CAPABILITIES } from '../../runner/targets/capability-sets';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { makeClients, TEST_REGION, type TestClients } from '../emulator/helpers';

jest.setTimeout(120_000);

const FAULTS = { throttleRate: 0.1, errorRate: 0.05, consistencyDelayMs: 300, latencyMs: 5, seed: 20261128 };

interface LogEntry { service: string; operation: string; status: number; error?: string; fault?: string; attempt?: number; invocationId?: string }

/** Every resource of every kind the lab touches, as sorted `kind id` lines. */
async function inventory(c: TestClients): Promise<string[]> {
  const lines = (kind: string, ids: Array<string | undefined>) => ids.filter(Boolean).map((id) => `${kind} ${id}`);
  const [vpcs, subnets, igws, rtbs, sgs, reservations, keys, flowLogs, enis] = await Promise.all([
    c.ec2.send(new DescribeVpcsCommand({})),
    c.ec2.send(new DescribeSubnetsCommand({})),
    c.ec2.send(new DescribeInternetGatewaysCommand({})),
    c.ec2.send(new DescribeRouteTablesCommand({})),
    c.ec2.send(new DescribeSecurityGroupsCommand({})),
    c.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] }] })),
    c.ec2.send(new DescribeKeyPairsCommand({})),
    c.ec2.send(new DescribeFlowLogsCommand({})),
    c.ec2.send(new DescribeNetworkInterfacesCommand({})),
  ]);
  const [buckets, roles, groups, topics, subs, alarms, tables] = await Promise.all([
    c.s3.send(new ListBucketsCommand({})),
    c.iam.send(new ListRolesCommand({})),
    c.logs.send(new DescribeLogGroupsCommand({})),
    c.sns.send(new ListTopicsCommand({})),
    c.sns.send(new ListSubscriptionsCommand({})),
    c.cloudwatch.send(new DescribeAlarmsCommand({})),
    c.athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'default' })),
  ]);
  return [
    ...lines('vpc', vpcs.Vpcs!.map((v) => v.VpcId)),
    ...lines('subnet', subnets.Subnets!.map((s) => s.SubnetId)),
    ...lines('internet-gateway', igws.InternetGateways!.map((g) => g.InternetGatewayId)),
    ...lines('route-table', rtbs.RouteTables!.map((r) => r.RouteTableId)),
    ...lines('security-group', sgs.SecurityGroups!.map((g) => g.GroupId)),
    ...lines('instance', reservations.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId))),
    ...lines('key-pair', keys.KeyPairs!.map((k) => k.KeyName)),
    ...lines('flow-log', flowLogs.FlowLogs!.map((f) => f.FlowLogId)),
    ...lines('network-interface', enis.NetworkInterfaces!.map((n) => n.NetworkInterfaceId)),
    ...lines('bucket', (buckets.Buckets ?? []).map((b) => b.Name)),
    ...lines('role', (roles.Roles ?? []).map((r) => r.RoleName)),
    ...lines('log-group', (groups.logGroups ?? []).map((g) => g.logGroupName)),
    ...lines('sns-topic', (topics.Topics ?? []).map((t) => t.TopicArn)),
    ...lines('sns-subscription', (subs.Subscriptions ?? []).map((s) => s.SubscriptionArn)),
    ...lines('alarm', (alarms.MetricAlarms ?? []).map((a) => a.AlarmName)),
    ...lines('athena-table', (tables.TableMetadataList ?? []).map((t) => t.Name)),
  ].sort();
}

describe('a full run under injected faults', () => {
  let emulator: RunningEmulator;
  let clients: TestClients;
  let stopClients: () => Promise<void>;
  let baseline: string[];
  let session: SessionResult;
  let log: LogEntry[];
  let faultCounts: Record<string, number>;
  let wallMs: number;
  const lines: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    clients = makeClients(emulator.endpoint);
    stopClients = async () => destroyClients(clients);
    baseline = await inventory(clients);
    const set = await fetch(`${emulator.endpoint}/_emulator/faults`, { method: 'POST', body: JSON.stringify(FAULTS), headers: { 'content-type': 'application/json' } });
    expect(set.status).toBe(200);

    const target = endpointTarget({ name: 'embedded', endpoint: emulator.endpoint, region: TEST_REGION, capabilitySet: LABWRIGHT_CAPABILITIES });
    const started = Date.now();
    session = await runSession({ mode: 'run', lab: vpcFlowLogs, target, reporters: [], log: (line) => lines.push(line) });
    wallMs = Date.now() - started;
    faultCounts = ((await (await fetch(`${emulator.endpoint}/_emulator/faults`)).json()) as { counts: Record<string, number> }).counts;
    log = (await (await fetch(`${emulator.endpoint}/_emulator/requests`)).json()) as LogEntry[];
    await fetch(`${emulator.endpoint}/_emulator/faults`, { method: 'DELETE' });
  });
  afterAll(async () => {
    await stopClients?.();
    await emulator?.stop();
    clearSecrets();
  });

  it('passes all fourteen steps', () => {
    const verdicts = session.run.steps.map((s) => `${s.stepId}: ${s.result.verdict}${s.result.verdict === 'passed' ? '' : ` — ${s.result.summary} ${s.result.detail ?? ''}`}`);
    expect(verdicts).toEqual(vpcFlowLogs.steps.map((s) => `${s.id}: passed`));
    // What broke the run as a whole (a teardown that left something standing) says why here.
    expect(session.run.problems ?? []).toEqual([]);
    expect(session.exitCode).toBe(0);
    process.stdout.write(`faulty run: ${(wallMs / 1000).toFixed(1)} s, faults ${JSON.stringify(faultCounts)}\n`);
  });

  it('really was faulty: throttles, 5xx before and after the handler, and young resources were all injected', () => {
    expect(faultCounts.throttle).toBeGreaterThan(5);
    expect(faultCounts['error-before']).toBeGreaterThan(0);
    expect(faultCounts['error-after']).toBeGreaterThan(0);
    expect(faultCounts.consistency).toBeGreaterThan(0);
  });

  it('tears everything down and created nothing twice: every kind lists exactly what it did before the run', async () => {
    expect(session.leftStanding).toBe(0);
    expect(await inventory(clients)).toEqual(baseline);
  });

  it('the request log shows each throttled call retried by the SDK as the next attempt of the same invocation', () => {
    const throttled = log.filter((e) => e.fault === 'throttle' && e.invocationId);
    expect(throttled.length).toBeGreaterThan(0);
    const retried = throttled.filter((t) => log.some((e) => e.invocationId === t.invocationId && e.attempt === (t.attempt ?? 0) + 1));
    expect(retried).toHaveLength(throttled.length);
  });
});
