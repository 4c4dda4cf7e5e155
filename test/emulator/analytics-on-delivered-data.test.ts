import { gunzipSync } from 'node:zlib';
import { GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, UpdateWorkGroupCommand } from '@aws-sdk/client-athena';
import { CreateLogGroupCommand, FilterLogEventsCommand, GetQueryResultsCommand as GetInsightsResults, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, CreateSecurityGroupCommand, DescribeImagesCommand, DescribeInstancesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { poll } from '../../core/poll';
import { FLOW_LOGS_TRUST_POLICY } from '../../fixtures/vpc-flow-logs/environment';
import { athenaAddPartition, athenaCreateTable, ATHENA_REJECTS_QUERY, INSIGHTS_TOP_REJECTS } from '../../fixtures/vpc-flow-logs/lab';
import { utcDay } from '../../core/clock';
import { parseRecord, parseRecords, type FlowRecord } from '../../flowlogs';
import { createVpcWithSubnet } from './ec2-fixture';
import { startTestEmulator, type TestEmulator } from './helpers';

const BUCKET = 'delivered-flow-logs';
const ACCOUNT = '000000000000';

// The four console VPC samples (aws-fidelity §5), the first in its older form with the fields line.
const SAMPLES = {
  topRejects: INSIGHTS_TOP_REJECTS,
  bytesByPair: 'stats avg(bytes), min(bytes), max(bytes) by srcAddr, dstAddr',
  udp: 'filter protocol=17 | stats count(*) by srcAddr',
  topBytes: 'stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 10',
};

async function insights(emu: TestEmulator, query: string): Promise<Array<Record<string, string>>> {
  const now = Math.floor(Date.now() / 1000);
  const { queryId } = await emu.clients.logs.send(new StartQueryCommand({ logGroupName: 'VPCFlowLogs', startTime: now - 3600, endTime: now + 60, queryString: query }));
  const { value } = await poll(
    async () => {
      const out = await emu.clients.logs.send(new GetInsightsResults({ queryId }));
      return out.status === 'Complete' ? { done: true, value: out.results! } : { done: false, reason: out.status };
    },
    { description: 'Insights query', budgetMs: 20_000, intervalsMs: [20, 50] },
  );
  return value.map((row) => Object.fromEntries(row.filter((f) => f.field !== '@ptr').map((f) => [f.field!, f.value!])));
}

async function athena(emu: TestEmulator, sql: string): Promise<string[][]> {
  const { QueryExecutionId } = await emu.clients.athena.send(new StartQueryExecutionCommand({ QueryString: sql }));
  await poll(
    async () => {
      const s = (await emu.clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution!.Status!;
      if (s.State === 'FAILED') throw new Error(s.AthenaError?.ErrorMessage);
      return s.State === 'SUCCEEDED' ? { done: true, value: s } : { done: false, reason: s.State };
    },
    { description: 'Athena query', budgetMs: 30_000, intervalsMs: [20, 50, 100] },
  );
  const rows = (await emu.clients.athena.send(new GetQueryResultsCommand({ QueryExecutionId }))).ResultSet!.Rows ?? [];
  return rows.map((r) => r.Data!.map((d) => d.VarCharValue ?? ''));
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
  return m;
}

describe('Insights samples and the lab Athena statements on data the emulator delivered', () => {
  let emu: TestEmulator;
  let cwRecords: FlowRecord[];
  let s3Records: FlowRecord[];

  beforeAll(async () => {
    // Seeded internet noise on a public instance: hundreds of REJECT records from many sources,
    // delivered by the emulator's own capture and delivery to both destinations.
    emu = await startTestEmulator({ autoTick: false, noise: { seed: 1234, perWindow: 60 } });
    const { ec2, s3, iam, logs, athena: ath } = emu.clients;
    const { vpcId, subnetId } = await createVpcWithSubnet(ec2);
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'closed', Description: 'closed', VpcId: vpcId }))).GroupId!;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'DeliverVPCFlowLogsRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }))).Role!.Arn!;
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
    await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: 'VPCFlowLogs', DeliverLogsPermissionArn: roleArn, MaxAggregationInterval: 60 }));
    await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: `arn:aws:s3:::${BUCKET}`, MaxAggregationInterval: 60 }));
    const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
    const launched = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 2, MaxCount: 2, SubnetId: subnetId, SecurityGroupIds: [sg] }))).Instances!.map((i) => i.InstanceId!);
    // Traffic flows once both are running: wait for that state, not for time to pass.
    await poll(
      async () => {
        const states = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: launched }))).Reservations!.flatMap((r) => r.Instances!.map((i) => i.State!.Name));
        return states.every((s) => s === 'running') ? { done: true, value: true } : { done: false, reason: states.join(',') };
      },
      { description: 'both instances running', budgetMs: 20_000, intervalsMs: [50] },
    );
    for (let i = 0; i < 3; i++) await fetch(`${emu.endpoint}/_emulator/flow-logs/flush`, { method: 'POST' });
    await ath.send(new UpdateWorkGroupCommand({ WorkGroup: 'primary', ConfigurationUpdates: { ResultConfigurationUpdates: { OutputLocation: `s3://${BUCKET}/athena-results/` } } }));

    // The independent side: read back exactly what was delivered and parse it ourselves.
    const events = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: 'VPCFlowLogs', nextToken }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    cwRecords = events.map((e) => parseRecord(e.message!));
    s3Records = [];
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'AWSLogs/' }))).Contents!.map((o) => o.Key!);
    for (const Key of keys) {
      const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToByteArray());
      s3Records.push(...parseRecords(gunzipSync(body).toString()));
    }
  }, 60_000);
  afterAll(() => emu.stop());

  test('the data is real delivered traffic, the same in both destinations', () => {
    expect(cwRecords.length).toBeGreaterThanOrEqual(300);
    expect(s3Records.length).toBe(cwRecords.length);
    expect(new Set(cwRecords.map((r) => r.srcAddr)).size).toBeGreaterThan(100);
  });

  test('Top 20 source IP addresses with highest number of rejected requests', async () => {
    const counts = [...groupBy(cwRecords.filter((r) => r.action === 'REJECT'), (r) => r.srcAddr!)].map(([ip, rs]) => ({ ip, n: rs.length }));
    counts.sort((a, b) => b.n - a.n);
    const rows = await insights(emu, SAMPLES.topRejects);
    expect(rows).toHaveLength(Math.min(20, counts.length));
    // Ties may come in any order: compare the counts in order, and each row against the truth.
    expect(rows.map((r) => Number(r.numRejections))).toEqual(counts.slice(0, 20).map((c) => c.n));
    const truth = new Map(counts.map((c) => [c.ip, c.n]));
    for (const r of rows) expect(Number(r.numRejections)).toBe(truth.get(r.srcAddr));
  });

  test('Average, min, and max byte transfers by source and destination IP addresses', async () => {
    const rows = await insights(emu, SAMPLES.bytesByPair);
    const groups = groupBy(cwRecords.filter((r) => r.bytes !== undefined), (r) => `${r.srcAddr}|${r.dstAddr}`);
    expect(rows).toHaveLength(Math.min(1000, groups.size));
    for (const row of rows) {
      const rs = groups.get(`${row.srcAddr}|${row.dstAddr}`)!;
      const bytes = rs.map((r) => r.bytes!);
      expect(Number(row['avg(bytes)'])).toBeCloseTo(bytes.reduce((a, b) => a + b, 0) / bytes.length, 6);
      expect(Number(row['min(bytes)'])).toBe(Math.min(...bytes));
      expect(Number(row['max(bytes)'])).toBe(Math.max(...bytes));
    }
  });

  test('IP addresses using UDP transfer protocol', async () => {
    const udp = groupBy(cwRecords.filter((r) => r.protocol === 17), (r) => r.srcAddr!);
    expect(udp.size).toBeGreaterThan(10);
    const rows = await insights(emu, SAMPLES.udp);
    expect(rows).toHaveLength(udp.size);
    for (const r of rows) expect(Number(r['count(*)'])).toBe(udp.get(r.srcAddr)!.length);
  });

  test('Top 10 byte transfers by source and destination IP addresses', async () => {
    const sums = [...groupBy(cwRecords, (r) => `${r.srcAddr}|${r.dstAddr}`)].map(([k, rs]) => ({ k, sum: rs.reduce((s, r) => s + (r.bytes ?? 0), 0) }));
    sums.sort((a, b) => b.sum - a.sum);
    const rows = await insights(emu, SAMPLES.topBytes);
    expect(rows.map((r) => Number(r.bytesTransferred))).toEqual(sums.slice(0, 10).map((s) => s.sum));
  });

  test("the lab's three Athena statements return exactly the REJECT/TCP rows of the delivered S3 files", async () => {
    const day = utcDay(Date.now());
    expect(await athena(emu, athenaCreateTable(BUCKET, ACCOUNT, 'us-east-1'))).toEqual([]);
    expect(await athena(emu, athenaAddPartition(BUCKET, ACCOUNT, 'us-east-1', day))).toEqual([]);
    const rows = await athena(emu, ATHENA_REJECTS_QUERY);
    expect(rows[0]).toEqual(['day', 'dt', 'interfaceid', 'sourceaddress', 'destinationport', 'action', 'protocol']);
    const expected = s3Records
      .filter((r) => r.action === 'REJECT' && r.protocol === 6)
      .map((r) => [r.interfaceId!, r.srcAddr!, String(r.dstPort)])
      .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .slice(0, 100);
    const got = rows.slice(1);
    expect(got).toHaveLength(expected.length);
    // ORDER BY sourceaddress: the addresses come in the same order; rows with equal addresses may swap.
    expect(got.map((r) => r[3])).toEqual(expected.map((e) => e[1]));
    const isoDow = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    for (const r of got) {
      expect(r[0]).toBe(String(isoDow));
      expect(r[1]).toBe(day);
      expect(r[5]).toBe('REJECT');
      expect(r[6]).toBe('6');
    }
    const multiset = (xs: string[][]) => xs.map((x) => x.join(' ')).sort();
    expect(multiset(got.map((r) => [r[2], r[3], r[4]]))).toEqual(multiset(expected));
  });
});
