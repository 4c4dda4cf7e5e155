// `labwright sweep` against the emulator through the real SDK: two runs "crash" (their resources
// stay), a student's own untagged resources sit next to them; the sweep finds the tagged ones
// by kind, ages them by the run id, lists them on a dry run and deletes exactly the old ones.
import { scopedNames } from '../../runner/names';
import { RUN_NAMES } from '../../fixtures/vpc-flow-logs/lab';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import * as cloudwatch from '../../aws/cloudwatch';
import { createClients, destroyClients, type AwsClients } from '../../aws/clients';
import * as ec2 from '../../aws/ec2';
import * as logs from '../../aws/logs';
import * as sns from '../../aws/sns';
import { runId as newRunId } from '../../core/ids';
import { clearSecrets } from '../../core/redact';
import { RUN_TAG } from '../../core/run-tag';
import { CleanupLedger, TEARDOWN_ORDER } from '../../runner/ledger';
import type { Env as LabEnvironment } from '../../scenarios/vpc-flow-logs/blocks';
import { provisionLabEnvironment } from '../../scenarios/vpc-flow-logs/blocks';
import { CallRecorder } from '../../aws/calls';
import { uncoveredCalls } from '../../runner/policy';
import { findLeftovers, runIdTime, sweep, SWEEP_ACTIONS } from '../../runner/sweep';
import { runInProcess } from '../cli-in-process';
import { startTestEmulator, TEST_CREDENTIALS, TEST_REGION, type TestEmulator } from '../emulator/helpers';

const HOUR = 3_600_000;
const FAST = { budgetMs: 30_000, intervalsMs: [50, 100, 200] };
let emu: TestEmulator;
let clients: AwsClients;
const oldRun = newRunId(new Date(Date.now() - 7 * HOUR));
const newRun = newRunId();
let oldEnv: LabEnvironment;
let newEnv: LabEnvironment;
const log = () => undefined;

/** Provisions a run's environment plus its flow log, log group, topic and alarm, then "crashes". */
async function crashedRun(runId: string, suffix: string): Promise<LabEnvironment> {
  // The aws naming (role and key pair carry the run id) lets two runs share one account.
  const env = await provisionLabEnvironment({ clients, target: { name: 'aws', budgetScale: 0.02, intervalsMs: [20, 50, 100] }, ledger: new CleanupLedger(), runId, names: scopedNames(RUN_NAMES, runId), log, region: TEST_REGION });
  const tags = { [RUN_TAG]: runId };
  const group = `VPCFlowLogs-${suffix}`;
  await logs.createLogGroup(clients.logs, group, tags, log);
  await ec2.createFlowLog(clients.ec2, { vpcId: env.vpcId, trafficType: 'ALL', maxAggregationInterval: 60, destination: { logGroupName: group, roleArn: env.roleArn }, tags }, log);
  const topicArn = await sns.createTopic(clients.sns, `alarm-topic-${suffix}`, tags, log);
  await cloudwatch.putMetricAlarm(
    clients.cloudwatch,
    { name: `SSH rejects ${suffix}`, namespace: 'vpcflowlogs', metricName: 'SSH Rejects', statistic: 'Sum', periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', treatMissingData: 'missing', alarmActions: [topicArn], tags },
    log,
  );
  return env;
}

beforeAll(async () => {
  emu = await startTestEmulator();
  clients = createClients({ region: TEST_REGION, endpoint: emu.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  oldEnv = await crashedRun(oldRun, 'old');
  newEnv = await crashedRun(newRun, 'new');
  // The student's own log group and VPC: untagged, never swept.
  await logs.createLogGroup(clients.logs, 'VPCFlowLogs', {}, log);
  await ec2.createVpc(clients.ec2, '10.9.0.0/16', { Name: 'mine' }, log);
}, 60_000);

afterAll(async () => {
  destroyClients(clients);
  await emu.stop();
  clearSecrets();
});

const kindsOf = (items: Array<{ entry: { kind: string } }>) => [...new Set(items.map((i) => i.entry.kind))].sort();

describe('sweep on the emulator', () => {
  it('finds every kind a run creates, by tag, with the run id and its age', async () => {
    const found = await findLeftovers(clients, TEST_REGION, Date.now(), vpcFlowLogs.sweep);
    const old = found.filter((i) => i.runId === oldRun);
    expect(kindsOf(old)).toEqual(
      ['alarm', 'bucket', 'flow-log', 'instance', 'internet-gateway', 'internet-gateway-attachment', 'key-pair', 'log-group', 'role', 'route-table', 'route-table-association', 'security-group', 'sns-topic', 'subnet', 'vpc'].sort(),
    );
    expect(old.map((i) => i.entry.id)).toEqual(expect.arrayContaining([oldEnv.vpcId, oldEnv.instanceId, ...Object.values(oldEnv.securityGroups), oldEnv.bucket, `DeliverVPCFlowLogsRole-${oldRun}`]));
    for (const i of old) expect(i.ageMs).toBeGreaterThanOrEqual(6 * HOUR);
    for (const i of found.filter((x) => x.runId === newRun)) expect(i.ageMs).toBeLessThan(HOUR);
    // Nothing untagged is found.
    expect(found.map((i) => i.entry.id)).not.toContain('VPCFlowLogs');
    expect(found.every((i) => i.runId === oldRun || i.runId === newRun)).toBe(true);
  });

  it('--dry-run lists kind, id, run id and age, and deletes nothing', async () => {
    // Ages come from the run id, which has minute precision: a slow provisioning could carry the
    // new run past its minute and show "1m". The CLI's clock (Date only; timers stay real) is set to
    // 30 s into the new run's minute, so its age reads in seconds however loaded the machine is.
    jest.useFakeTimers({ now: runIdTime(newRun)! + 30_000, advanceTimers: true, doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const { code, stdout: text } = await runInProcess('sweep', '--endpoint', emu.endpoint, '--region', TEST_REGION, '--older-than', '0m', '--dry-run').finally(() => jest.useRealTimers());
    expect(code).toBe(0);
    expect(text).toMatch(/^KIND +ID +RUN ID +AGE$/m);
    expect(text).toMatch(new RegExp(`^vpc +${oldEnv.vpcId} +${oldRun} +7h0\\dm$`, 'm'));
    expect(text).toMatch(new RegExp(`^instance +${newEnv.instanceId} +${newRun} +\\d+s$`, 'm'));
    expect(text).toContain('Dry run: nothing was deleted.');
    // Rows come in teardown order: flow logs first, the role last.
    const kinds = text.split('\n').filter((l) => l.includes(oldRun)).map((l) => l.split(/ +/)[0]);
    expect(kinds).toEqual([...kinds].sort((a, b) => TEARDOWN_ORDER.indexOf(a as never) - TEARDOWN_ORDER.indexOf(b as never)));
    const vpcs = await clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [oldEnv.vpcId, newEnv.vpcId] }));
    expect(vpcs.Vpcs).toHaveLength(2);
  });

  it('--older-than 6h deletes the crashed old run in dependency order and leaves the recent one', async () => {
    const result = await sweep(clients, { hints: vpcFlowLogs.sweep, region: TEST_REGION, olderThanMs: 6 * HOUR, log, teardown: FAST });
    expect(result.summary?.failed).toEqual([]);
    expect(result.summary?.deleted.length).toBe(result.found.length);
    expect(new Set(result.found.map((i) => i.runId))).toEqual(new Set([oldRun]));
    const left = await findLeftovers(clients, TEST_REGION, Date.now(), vpcFlowLogs.sweep);
    expect(left.filter((i) => i.runId === oldRun)).toEqual([]);
    expect(kindsOf(left.filter((i) => i.runId === newRun))).toContain('vpc');
    expect(await ec2.getInstance(clients.ec2, oldEnv.instanceId).then((i) => i?.State?.Name ?? 'gone')).toMatch(/terminated|gone/);
  }, 60_000);

  it('needs no IAM action beyond SWEEP_ACTIONS', async () => {
    // A crashed run of its own, swept through recording clients.
    await crashedRun(newRunId(new Date(Date.now() - 30 * HOUR)), 'policy');
    const recorder = new CallRecorder();
    const recording = createClients({ region: TEST_REGION, endpoint: emu.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1, recorder });
    try {
      const result = await sweep(recording, { hints: vpcFlowLogs.sweep, region: TEST_REGION, olderThanMs: 24 * HOUR, log, teardown: FAST });
      expect(result.summary?.failed).toEqual([]);
    } finally {
      destroyClients(recording);
    }
    expect(recorder.actions()).toEqual(expect.arrayContaining(['ec2:TerminateInstances', 'iam:ListRoleTags', 'logs:ListTagsForResource']));
    expect(uncoveredCalls(recorder.actions(), SWEEP_ACTIONS)).toEqual([]);
  }, 60_000);

  it('--older-than 0m deletes everything tagged and nothing else', async () => {
    const { code, stdout } = await runInProcess('sweep', '--endpoint', emu.endpoint, '--region', TEST_REGION, '--older-than', '0m');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Deleted \d+ resources\.\n/);
    expect(await findLeftovers(clients, TEST_REGION, Date.now(), vpcFlowLogs.sweep)).toEqual([]);
    expect(await logs.getLogGroup(clients.logs, 'VPCFlowLogs')).toBeDefined();
    const mine = await clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['mine'] }] }));
    expect(mine.Vpcs).toHaveLength(1);
  }, 60_000);
});
