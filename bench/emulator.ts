// Emulator gateway throughput and cold start: `node bin/run-ts.js bench/emulator.ts [calls] [concurrency]`.
// Times SDK v3 round trips (a mix of query, JSON, REST-XML and EC2 calls through the real clients) and
// the cold start of `startEmulator` plus each service's first request (its SDK model loads lazily).
// Prints a table; asserts nothing (performance is never a timed test assertion).
import { loadavg } from 'node:os';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startEmulator } from '../emulator/server';
import type { ServiceProvider } from '../emulator/framework/types';
import { startTestEmulator, type TestClients } from '../test/emulator/helpers';

const CALLS = Number(process.argv[2] ?? 6000);
const CONCURRENCY = Number(process.argv[3] ?? 16);

// Bench-only providers with trivial handlers, so the figures measure the gateway and codecs, not
// the service logic the other providers add.
const when = new Date();
const bench: ServiceProvider<object>[] = [
  { service: 'sts', scope: 'account', createState: () => ({}), handlers: { GetCallerIdentity: (_i, c) => ({ Account: c.accountId, Arn: `arn:aws:iam::${c.accountId}:root`, UserId: c.accountId }) } },
  { service: 'ec2', scope: 'region', createState: () => ({}), handlers: { DescribeVpcs: () => ({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', State: 'available', Tags: [{ Key: 'Name', Value: 'lab' }] }] }) } },
  { service: 's3', scope: 'global', createState: () => ({}), handlers: { GetObject: () => ({ Body: Buffer.from('x'.repeat(1024)), ContentLength: 1024, LastModified: when }), PutObject: () => ({ ETag: '"e"' }) } },
  { service: 'logs', scope: 'region', createState: () => ({}), handlers: { PutLogEvents: () => ({}) } },
  { service: 'monitoring', scope: 'region', createState: () => ({}), handlers: { PutMetricData: () => ({}) } },
];

type Call = [string, (c: TestClients) => Promise<unknown>];
async function mix(): Promise<Call[]> {
  const { DescribeVpcsCommand } = await import('@aws-sdk/client-ec2');
  const { GetObjectCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const { PutLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const { PutMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
  return [
    ['sts GetCallerIdentity (query)', (c) => c.sts.send(new GetCallerIdentityCommand({}))],
    ['ec2 DescribeVpcs (ec2Query)', (c) => c.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['lab'] }] }))],
    ['s3 PutObject (restXml)', (c) => c.s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x'.repeat(1024) }))],
    ['s3 GetObject (restXml)', async (c) => (await c.s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).Body?.transformToString()],
    ['logs PutLogEvents (json1.1)', (c) => c.logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'm' }] }))],
    ['cloudwatch PutMetricData (json1.0)', (c) => c.cloudwatch.send(new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'm', Value: 1 }] }))],
  ];
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function coldStart(): Promise<Array<[string, number]>> {
  const rows: Array<[string, number]> = [];
  let t = performance.now();
  const emu = await startEmulator({ port: 0 });
  rows.push(['startEmulator()', performance.now() - t]);
  const { STSClient } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ endpoint: emu.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await sts.send(new GetCallerIdentityCommand({})); // warms the client side, not the server
  await emu.stop();
  t = performance.now();
  const fresh = await startEmulator({ port: 0 });
  rows.push(['startEmulator() again (modules cached)', performance.now() - t]);
  await fresh.stop();
  return rows;
}

async function main(): Promise<void> {
  const cold = await coldStart();
  const calls = await mix();
  const emu = await startTestEmulator({ providers: bench });
  // First request per service: includes the lazy load of its SDK model on the server.
  const first: Array<[string, number]> = [];
  for (const [name, fn] of calls) {
    const t = performance.now();
    await fn(emu.clients);
    first.push([`first ${name}`, performance.now() - t]);
  }
  for (let i = 0; i < 300; i++) await calls[i % calls.length][1](emu.clients); // warm-up
  const latencies: number[] = [];
  const perOp = new Map<string, number[]>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CALLS) {
        const i = next++;
        const [name, fn] = calls[i % calls.length];
        const t = performance.now();
        await fn(emu.clients);
        const ms = performance.now() - t;
        latencies.push(ms);
        (perOp.get(name) ?? perOp.set(name, []).get(name)!).push(ms);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  // The same server without the SDK client's cost: raw signed-looking query requests over keep-alive.
  const raw = await rawThroughput(emu.endpoint);
  await emu.stop();
  latencies.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2).padStart(9);
  console.log(`labwright emulator bench — ${CALLS} SDK calls, concurrency ${CONCURRENCY}, load ${loadavg()[0].toFixed(2)} (client and server share one process)`);
  console.log(`${'measure'.padEnd(44)} ${'ms'.padStart(9)}`);
  for (const [name, ms] of [...cold, ...first]) console.log(`${name.padEnd(44)} ${f(ms)}`);
  console.log('');
  console.log(`${'operation'.padEnd(44)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`);
  for (const [name, list] of perOp) {
    list.sort((a, b) => a - b);
    console.log(`${name.padEnd(44)} ${f(pct(list, 50))} ${f(pct(list, 99))}`);
  }
  console.log(`${'all'.padEnd(44)} ${f(pct(latencies, 50))} ${f(pct(latencies, 99))}`);
  console.log(`throughput: ${(CALLS / elapsed).toFixed(0)} calls/s through the SDK clients`);
  console.log(`throughput: ${raw.toFixed(0)} calls/s of raw GetCallerIdentity requests (no SDK client cost)`);
}

async function rawThroughput(endpoint: string): Promise<number> {
  const { Agent, request } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(endpoint);
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const headers = { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0', 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) };
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers, agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < CALLS) await once();
  }));
  agent.destroy();
  return CALLS / ((performance.now() - t0) / 1000);
}

void main();
