// Test wiring for the monitoring steps: a LabContext over recording SDK clients pointed at a test
// emulator, an emulator Target (client IP, flush, SNS confirm and outbox through the control API),
// and ways to put flow records into CloudWatch Logs and S3 without any SSH traffic.
import { gzipSync } from 'node:zlib';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../../aws/clients';
import type { Ctx as LabContext, Env as LabEnvironment } from '../../scenarios/vpc-flow-logs/blocks';
import { systemClock } from '../../core/clock';
import { formatRecord, headerLine, s3KeyFor } from '../../flowlogs';
import { LOG_GROUP } from '../../fixtures/vpc-flow-logs/lab';
import { CleanupLedger } from '../../runner/ledger';
import type { Capability } from '../../runner/model';
import type { SentEmail, Target } from '../../runner/target';
import { startTestEmulator, TEST_REGION, type TestEmulator } from '../emulator/helpers';
import { clientsFor, emulatorControl, emulatorTarget, stopEmulatorFixture } from './emulator-target';

export const BUCKET = 'labwright-flow-logs-monitoring';
export const ENI = 'eni-0a1b2c3d4e5f60718';
export const PRIVATE_IP = '10.0.1.25';
export const FLOW_LOG_ID = 'fl-0123456789abcdef0';

/** The emulator Target of the monitoring tests: no instance to reach; SNS confirmations and sent email through the control API. */
export function monitoringTarget(endpoint: string): Target {
  const caps: Capability[] = ['flow-log-delivery', 'flow-log-delivery-s3', 'metric-filter-eval', 'alarm-eval', 'sns-delivery', 'logs-insights', 'athena'];
  return emulatorTarget(endpoint, caps, {
    instanceAddress: async () => {
      throw new Error('The monitoring tests reach no instance.');
    },
    confirmSubscriptions: async (topicArn) => void (await emulatorControl(endpoint, '/_emulator/sns/confirm', 'POST', { topicArn })),
    emails: async (topicArn?: string) => {
      const answer = await emulatorControl(endpoint, `/_emulator/sns/messages${topicArn ? `?topicArn=${encodeURIComponent(topicArn)}` : ''}`);
      return (answer.messages as SentEmail[]).filter((m) => m.protocol.startsWith('email'));
    },
  });
}

/** An emulator with the lab's log group and bucket, and contexts for steps. */
export interface MonitoringFixture {
  emu: TestEmulator;
  target: Target;
  clients: AwsClients;
  readOnlyClients: AwsClients;
  ledger: CleanupLedger;
  env: LabEnvironment;
  lines: string[];
  clientIp: string;
  /** `run` mode gets writable clients, `check` mode read-only ones (unless `writable` is asked for). */
  ctx(mode?: 'run' | 'check', opts?: { writable?: boolean }): LabContext;
  /** Empties the emulator and recreates the log group and bucket. */
  reset(): Promise<void>;
}

/** Starts an emulator and creates what the monitoring steps build on. */
export async function startMonitoringFixture(): Promise<MonitoringFixture> {
  const emu = await startTestEmulator();
  const target = monitoringTarget(emu.endpoint);
  const clients = clientsFor(emu.endpoint);
  const readOnlyClients = clientsFor(emu.endpoint, true);
  const accountId = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account!;
  const env: LabEnvironment = {
    accountId,
    region: TEST_REGION,
    vpcId: 'vpc-0123456789abcdef0',
    subnetId: 'subnet-0123456789abcdef0',
    securityGroups: { SecurityGroupHTTPAndSSH: 'sg-0000000000000000a', SecurityGroupHTTPOnly: 'sg-0000000000000000b' },
    instanceId: 'i-0123456789abcdef0',
    eniId: ENI,
    privateIp: PRIVATE_IP,
    bucket: BUCKET,
    roleArn: `arn:aws:iam::${accountId}:role/DeliverVPCFlowLogsRole`,
    sshUser: 'cloud_user',
  };
  const ledger = new CleanupLedger();
  const lines: string[] = [];
  const state = new Map<string, unknown>();
  const f: MonitoringFixture = {
    emu,
    target,
    clients,
    readOnlyClients,
    ledger,
    env,
    lines,
    clientIp: await target.clientIp(),
    ctx: (mode = 'run', opts = {}) => ({
      runId: 'test-run',
      mode,
      target,
      clients: mode === 'check' && !opts.writable ? readOnlyClients : clients,
      env,
      ledger,
      state,
      clock: systemClock,
      signal: new AbortController().signal,
      log: (line) => void lines.push(line),
    }),
    reset: async () => {
      await fetch(`${emu.endpoint}/_emulator/reset`, { method: 'POST' });
      state.clear();
      await clients.logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
      await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    },
  };
  await f.reset();
  return f;
}

/** Stops the fixture's clients and emulator. */
export const stopMonitoringFixture: (f: MonitoringFixture | undefined) => Promise<void> = stopEmulatorFixture;

/** What a test says about one flow record; the rest is filled with plausible values. */
export interface RecordSpec {
  src: string;
  dstPort: number;
  action: 'ACCEPT' | 'REJECT';
  protocol?: number;
  /** Epoch seconds of the capture window's start (default: now). */
  start?: number;
}

/** The record line a flow log would write for a spec. */
export function recordLine(f: MonitoringFixture, r: RecordSpec): string {
  const start = r.start ?? Math.floor(Date.now() / 1000);
  return formatRecord({
    'account-id': f.env.accountId,
    'interface-id': ENI,
    srcaddr: r.src,
    dstaddr: PRIVATE_IP,
    srcport: 50_000 + r.dstPort,
    dstport: r.dstPort,
    protocol: r.protocol ?? 6,
    packets: 2,
    bytes: 120,
    start,
    end: start + 30,
    action: r.action,
    'log-status': 'OK',
  });
}

/** Puts records into VPCFlowLogs as a flow log delivers them (stream per ENI, timestamp = start). */
export async function putFlowEvents(f: MonitoringFixture, records: RecordSpec[]): Promise<string[]> {
  const stream = `${ENI}-all`;
  await f.clients.logs.send(new CreateLogStreamCommand({ logGroupName: LOG_GROUP, logStreamName: stream })).catch((err) => {
    if (err.name !== 'ResourceAlreadyExistsException') throw err;
  });
  const lines = records.map((r) => recordLine(f, r));
  const events = lines.map((message) => ({ message, timestamp: Number(message.split(' ')[10]) * 1000 })).sort((a, b) => a.timestamp - b.timestamp);
  await f.clients.logs.send(new PutLogEventsCommand({ logGroupName: LOG_GROUP, logStreamName: stream, logEvents: events }));
  return lines;
}

/** Puts a gzip flow-log file (header line first) under the key a flow log to S3 would use at `time`. */
export async function putFlowFile(f: MonitoringFixture, records: RecordSpec[], time = Date.now()): Promise<string> {
  const key = s3KeyFor({ accountId: f.env.accountId, region: f.env.region, time, flowLogId: FLOW_LOG_ID });
  const body = gzipSync(`${[headerLine(), ...records.map((r) => recordLine(f, r))].join('\n')}\n`);
  await f.clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return key;
}
