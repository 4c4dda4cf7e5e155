// Emulator gateway throughput and cold start: `node bin/run-ts.js bench/emulator.ts [calls] [concurrency]`.
// Times SDK v3 round trips (a mix of query, JSON, REST-XML and EC2 calls through the real clients) and
// the cold start of `startEmulator` plus each service's first request (its SDK model loads lazily).
// Prints a table; asserts nothing (performance is never a timed test assertion).
import { loadavg } from 'node:os';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startEmulator } from '../emulator/server';
import type { ServiceProvider } from '../emulator/framework/types';
import { makeClients, startTestEmulator, type TestClients } from '../test/emulator/helpers';

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

/** `--serve`: the emulator alone in this process (the parent measures it from another process). */
async function serve(): Promise<void> {
  const emu = await startEmulator({ port: 0, providers: bench });
  process.stdout.write(`${JSON.stringify({ endpoint: emu.endpoint })}\n`);
  process.on('SIGTERM', () => void emu.stop().then(() => process.exit(0)));
}

/** Starts `--serve` in a child process and returns its endpoint and a stop function. */
async function serverProcess(): Promise<{ endpoint: string; stop(): void }> {
  const { spawn } = await import('node:child_process');
  const { join } = await import('node:path');
  const child = spawn(process.execPath, [join(__dirname, '..', 'bin', 'run-ts.js'), join(__dirname, 'emulator.ts'), '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').once('data', (line: string) => resolve(JSON.parse(line).endpoint));
    child.once('exit', (code) => reject(new Error(`the bench server exited ${code}`)));
  });
  return { endpoint, stop: () => child.kill('SIGTERM') };
}

/** One call after another: per-call latency without queueing behind other calls. */
async function sequential(calls: Call[], clients: TestClients, n: number): Promise<Map<string, number[]>> {
  const perOp = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const [name, fn] = calls[i % calls.length];
    const t = performance.now();
    await fn(clients);
    (perOp.get(name) ?? perOp.set(name, []).get(name)!).push(performance.now() - t);
  }
  return perOp;
}

/** Throughput with `concurrency` calls in flight, client in this process, server in another. */
async function concurrent(calls: Call[], clients: TestClients): Promise<{ rate: number; latencies: number[] }> {
  let next = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CALLS) {
        const i = next++;
        const t = performance.now();
        await calls[i % calls.length][1](clients);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { rate: CALLS / ((performance.now() - t0) / 1000), latencies: latencies.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve();
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

  // The emulator as users run it: its own process, the SDK clients in another (one core each).
  const server = await serverProcess();
  const clients = makeClients(server.endpoint, 'test', 'us-east-1');
  for (let i = 0; i < 300; i++) await calls[i % calls.length][1](clients); // warm-up
  const seq = await sequential(calls, clients, 1200);
  const split = await concurrent(calls, clients);
  const splitRaw = await rawThroughput(server.endpoint);
  for (const c of Object.values(clients)) c.destroy();
  server.stop();
  const all = [...seq.values()].flat().sort((a, b) => a - b);
  console.log('');
  console.log('emulator in its own process, SDK clients in this one');
  console.log(`${'operation, one call at a time'.padEnd(44)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`);
  for (const [name, list] of seq) {
    list.sort((a, b) => a - b);
    console.log(`${name.padEnd(44)} ${f(pct(list, 50))} ${f(pct(list, 99))}`);
  }
  console.log(`${'all (goal p99 < 10 ms)'.padEnd(44)} ${f(pct(all, 50))} ${f(pct(all, 99))}`);
  console.log(`throughput: ${split.rate.toFixed(0)} calls/s through the SDK clients at concurrency ${CONCURRENCY} (goal ≥ 2,000), p99 ${pct(split.latencies, 99).toFixed(2)} ms`);
  console.log(`throughput: ${splitRaw.toFixed(0)} calls/s of raw GetCallerIdentity requests`);
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
