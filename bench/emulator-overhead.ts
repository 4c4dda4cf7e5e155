// What the emulator costs over a server that does no work, from the same SDK v3 client, in one run:
// `node bin/run-ts.js bench/emulator-overhead.ts [callsPerRound] [rounds] [concurrentCalls] [memoryCalls] [warmupCalls]`.
// The mix is PutLogEvents (awsJson1.1) / DescribeVpcs (ec2Query) / PutObject (REST-XML). Every server
// runs in its own process (the emulator with all its services and engines, as `labwright emulator`
// runs it; bench/no-work-server.ts; moto_server when Python's moto is installed), the clients in this
// one. Within a sequential round the servers take turns in blocks of 48 calls, so that load on a shared
// machine hits them alike (the emulators with the no-work server; moto with the no-work server in rounds
// of its own, its turns hurt the emulator's); the table gives medians over rounds and the ratio emulator ÷ no-work server (the
// median of the rounds' own ratios), each server's CPU time per call, 16 clients at once (calls/s, p99), and the emulator's memory after
// `memoryCalls` calls (default 100,000). Before the rounds each server answers `warmupCalls` calls of the mix
// (default 6,000; moto a third) so that the rounds measure code V8 has optimized: the emulator runs far more
// JavaScript per call than the no-work server, and its CPU per call falls for ~5,000 calls on a 2-core
// machine (printed per 1,000 calls under the table), so with a short warm-up the rounds measure the JIT
// rather than the emulator a lab or a fleet talks to for minutes.
// BENCH_BASELINE=DIR adds another checkout's emulator (e.g. `git archive <commit>` unpacked, with a
// node_modules link) to the same run, for before/after figures under the same load.
// BENCH_CPU_PROF=DIR writes a V8 CPU profile of each node server there (`node --cpu-prof`).
// The emulator runs compiled (dist/, built here if stale) as `labwright emulator` does; LABWRIGHT_NO_DIST=1
// runs its TypeScript through tsx instead.
// Prints a table; asserts nothing (performance is never a timed test assertion).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { startEmulator } from '../emulator/server';

const PER_ROUND = Number(process.argv[2] ?? 600);
const ROUNDS = Number(process.argv[3] ?? 7);
const CONCURRENT_CALLS = Number(process.argv[4] ?? 3000);
const MEMORY_CALLS = Number(process.argv[5] ?? 100_000);
const WARMUP_CALLS = Number(process.argv[6] ?? 6000);
/** The warm-up's CPU per call is reported per slice of this many calls. */
const WARMUP_SLICE = 1000;
const CONCURRENCY = 16;
/** Calls per turn in the interleaved sequential rounds (a multiple of the mix's three operations). */
const BLOCK = 48;
const ROOT = join(__dirname, '..');

interface Target {
  name: string;
  endpoint: string;
  stop(): void;
  /** The server's process (its CPU time is read from /proc). */
  pid?: number;
  /** The emulator process's memory after a full GC. */
  memory?(): Promise<NodeJS.MemoryUsage>;
}
type Clients = { logs: CloudWatchLogsClient; ec2: EC2Client; s3: S3Client };
type Call = (c: Clients) => Promise<unknown>;

/** The three clients, configured as the harness's test clients are (one attempt, path-style S3). */
function clientsFor(endpoint: string): Clients {
  const config = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  return { logs: new CloudWatchLogsClient(config), ec2: new EC2Client(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

/** Creates what the mix writes to and returns the mix (the no-work server accepts the setup calls too). */
async function prepare(c: Clients): Promise<Call[]> {
  await c.logs.send(new CreateLogGroupCommand({ logGroupName: 'bench' }));
  await c.logs.send(new CreateLogStreamCommand({ logGroupName: 'bench', logStreamName: 's' }));
  await c.s3.send(new CreateBucketCommand({ Bucket: 'bench-bucket' }));
  const vpc = await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'bench' }] }] }));
  const vpcId = vpc.Vpc?.VpcId ?? 'vpc-0123456789abcdef0';
  const body = 'x'.repeat(1024);
  return [
    (k) => k.logs.send(new PutLogEventsCommand({ logGroupName: 'bench', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'GET /index.html 200' }] })),
    (k) => k.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })),
    (k) => k.s3.send(new PutObjectCommand({ Bucket: 'bench-bucket', Key: 'k', Body: body })),
  ];
}

/** Failed calls per client set (moto_server answers some concurrent S3 calls with an HTML 500). */
const failures = new WeakMap<Clients, number>();
async function call(mix: Call[], i: number, c: Clients): Promise<void> {
  try {
    await mix[i % mix.length](c);
  } catch {
    failures.set(c, (failures.get(c) ?? 0) + 1);
  }
}

/** `n` calls of the mix one after another: their latencies and the time they took together. */
async function sequentialCalls(mix: Call[], c: Clients, n: number): Promise<{ ms: number; latencies: number[] }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(mix, i, c);
    latencies.push(performance.now() - t);
  }
  return { ms: performance.now() - t0, latencies };
}

/** `CONCURRENCY` clients at once, each calling the mix in a loop until `n` calls are done. */
async function concurrent(mix: Call[], sets: Clients[], n: number): Promise<{ rate: number; p99: number }> {
  let next = 0;
  const ms: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    sets.map(async (c) => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await call(mix, i, c);
        ms.push(performance.now() - t);
      }
    }),
  );
  const rate = n / ((performance.now() - t0) / 1000);
  return { rate, p99: pct(ms.sort((a, b) => a - b), 99) };
}

/** User + system CPU seconds a process has used (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * The emulator's code as `labwright emulator` runs it: compiled to dist/ by scripts/build.js (built or
 * brought up to date here), or the TypeScript through tsx when dist cannot be built (or LABWRIGHT_NO_DIST).
 * Measuring tsx's output instead would count what users never run (esbuild's per-closure name helpers).
 */
function emulatorModule(root: string): { startEmulator: typeof startEmulator } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const built: string | undefined = require(join(root, 'scripts', 'build.js')).compiled('emulator/server.ts');
  return require(built ?? join(root, 'emulator', 'server'));
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** `--serve-emulator [ROOT]`: the whole emulator (this checkout's, or ROOT's) in this process; answers 'memory' messages after a GC. */
async function serveEmulator(root?: string): Promise<void> {
  const start = emulatorModule(root ?? ROOT).startEmulator;
  const emu = await start({ port: 0 });
  process.send!({ endpoint: emu.endpoint });
  process.on('disconnect', () => void emu.stop().then(() => process.exit(0)));
  process.on('message', (m) => {
    if (m === 'memory') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ memory: process.memoryUsage() });
    } else if (m === 'stop') void emu.stop().then(() => process.exit(0));
  });
}

/** Node flags that write a CPU profile of a server process into BENCH_CPU_PROF/NAME, when set. */
function profileFlags(name: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', '--cpu-prof-interval', '200', '--cpu-prof-dir', join(dir, name)] : [];
}

/** Every server process started, stopped if this process exits early (a crash must not leave them running). */
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
});

async function emulatorProcess(root?: string): Promise<Target> {
  const prof = profileFlags(root ? 'baseline' : 'emulator');
  const child = spawn(process.execPath, ['--expose-gc', ...prof, join(ROOT, 'bin', 'run-ts.js'), join('bench', 'emulator-overhead.ts'), '--serve-emulator', ...(root ? [root] : [])], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { endpoint: string }).endpoint));
    child.once('exit', (code) => reject(new Error(`the emulator process exited ${code}`)));
  });
  return {
    name: root ? 'labwright emulator (baseline)' : 'labwright emulator',
    endpoint,
    pid: child.pid,
    stop: () => child.send('stop'),
    memory: () =>
      new Promise((resolve) => {
        const on = (m: unknown) => {
          if (m && typeof m === 'object' && 'memory' in m) {
            child.off('message', on);
            resolve((m as { memory: NodeJS.MemoryUsage }).memory);
          }
        };
        child.on('message', on);
        child.send('memory');
      }),
  };
}

async function noWorkProcess(): Promise<Target> {
  const child = spawn(process.execPath, [...profileFlags('no-work'), join(ROOT, 'bin', 'run-ts.js'), join('bench', 'no-work-server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const endpoint = await firstLine(child);
  return { name: 'no-work server (node:http)', endpoint, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').once('data', (line: string) => resolve(JSON.parse(line).endpoint));
    child.once('exit', (code) => reject(new Error(`the bench server exited ${code}`)));
  });
}

/** moto_server on a free port, or why it is not available. */
async function motoProcess(): Promise<Target | string> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
  });
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  children.push(child);
  const failed = new Promise<string>((resolve) => {
    child.once('error', (err) => resolve(`not available (${err.message})`));
    child.once('exit', (code) => resolve(`not available (moto_server exited ${code})`));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let i = 0; i < 300; i++) {
      const ok = await fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false);
      if (ok) return true;
      await new Promise((r) => setTimeout(r, 100)); // polling a starting server: it gives no event to wait on
    }
    return false;
  })();
  const outcome = await Promise.race([ready, failed]);
  if (outcome !== true) {
    child.kill();
    return typeof outcome === 'string' ? outcome : 'not available (moto_server did not answer within 30 s)';
  }
  return { name: 'moto (moto_server)', endpoint, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  // The SDK's Node 22 notice (see README) is noise in a table; run-all.ts sets the same.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const serveAt = process.argv.indexOf('--serve-emulator');
  if (serveAt >= 0) return serveEmulator(process.argv[serveAt + 1]);
  const emulator = await emulatorProcess();
  // BENCH_BASELINE=DIR: another checkout's emulator (e.g. the commit before an optimisation) in the same run.
  const baseline = process.env.BENCH_BASELINE ? await emulatorProcess(process.env.BENCH_BASELINE) : undefined;
  const noWork = await noWorkProcess();
  const moto = await motoProcess();
  const targets = [emulator, ...(baseline ? [baseline] : []), noWork, ...(typeof moto === 'string' ? [] : [moto])];
  const clients = new Map<Target, Clients>();
  const mixes = new Map<Target, Call[]>();
  for (const t of targets) {
    const c = clientsFor(t.endpoint);
    clients.set(t, c);
    mixes.set(t, await prepare(c));
  }
  const emulators = [emulator, ...(baseline ? [baseline] : [])];
  // The emulators' memory before the load, taken before the warm-up: it forces a full GC, after which
  // V8 re-optimizes the emulator's code for thousands of calls (the no-work server is never collected
  // this way), so taken just before the rounds it slowed the emulator's first rounds, not the others'.
  const before = new Map(await Promise.all(emulators.map(async (t) => [t, await t.memory!()] as const)));
  // moto is ~4x slower: fewer calls keep a round short; its rate is a rate all the same.
  const share = (t: Target, n: number, motoDivisor: number) => (t === moto ? Math.ceil(n / motoDivisor) : n);
  // Warm-up: JIT (server and client), keep-alive sockets, lazily loaded SDK models. The emulators' CPU
  // per call is taken slice by slice, so the table shows how long its code takes to settle.
  const warmupCurve = new Map<Target, number[]>();
  for (const t of targets) {
    const total = share(t, WARMUP_CALLS, 3);
    const curve: number[] = [];
    for (let done = 0; done < total; ) {
      const n = Math.min(WARMUP_SLICE, total - done);
      const cpu0 = cpuSeconds(t.pid);
      await sequentialCalls(mixes.get(t)!, clients.get(t)!, n);
      const cpu1 = cpuSeconds(t.pid);
      if (cpu0 !== undefined && cpu1 !== undefined) curve.push(((cpu1 - cpu0) / n) * 1e6);
      done += n;
    }
    warmupCurve.set(t, curve);
  }
  // Every call each server answered so far: the four setup calls and its warm-up.
  const calls = new Map<Target, number>(targets.map((t) => [t, share(t, WARMUP_CALLS, 3) + 4]));

  // Sequential rounds, interleaved: within a round the servers take turns in blocks of BLOCK calls
  // (the order reversed every other block, ABBA, so neither side always follows the other), and each
  // server's round rate is its calls over the time its own blocks took. On a shared machine load comes
  // and goes within seconds; whole rounds run one server after another saw it hit one server's round
  // and not the other's (a round's ratio swung 60–110 %), blocks of a few dozen calls see it alike.
  type Round = { rate: number; p50: number; p99: number };
  // CPU time per call is steadier than a rate on a shared machine: each server's own cost, counted
  // only while its own calls run (the emulator's engines tick while the others are measured too).
  const cpu = new Map<Target, number | undefined>(targets.map((t) => [t, 0]));
  // The client's side of the same calls (this process: the SDK building requests and parsing answers).
  const clientCpu = new Map<Target, number>();
  const measured = new Map<Target, number>(targets.map((t) => [t, 0]));
  const blocks = Math.max(1, Math.round(PER_ROUND / BLOCK));
  // moto's turn is a third as long (whole mixes of three calls), as its rounds were.
  const blockOf = (t: Target) => (t === moto ? Math.max(3, Math.floor(BLOCK / 9) * 3) : BLOCK);
  /** ROUNDS rounds of the group's servers taking turns; each server's rate, p50 and p99 per round. */
  const interleaved = async (group: Target[]): Promise<Map<Target, Round[]>> => {
    const out = new Map<Target, Round[]>(group.map((t) => [t, []]));
    for (let r = 0; r < ROUNDS; r++) {
      const spent = new Map<Target, { ms: number; calls: number; latencies: number[] }>(group.map((t) => [t, { ms: 0, calls: 0, latencies: [] }]));
      for (let b = 0; b < blocks; b++) {
        const order = (b + r) % 2 === 0 ? group : [...group].reverse();
        for (const t of order) {
          const n = blockOf(t);
          const cpu0 = cpuSeconds(t.pid);
          const u0 = process.cpuUsage();
          const block = await sequentialCalls(mixes.get(t)!, clients.get(t)!, n);
          const u1 = process.cpuUsage(u0);
          clientCpu.set(t, (clientCpu.get(t) ?? 0) + u1.user + u1.system);
          const cpu1 = cpuSeconds(t.pid);
          const sum = cpu.get(t);
          cpu.set(t, sum === undefined || cpu0 === undefined || cpu1 === undefined ? undefined : sum + cpu1 - cpu0);
          const acc = spent.get(t)!;
          acc.ms += block.ms;
          acc.calls += n;
          for (const l of block.latencies) acc.latencies.push(l);
          calls.set(t, calls.get(t)! + n);
          measured.set(t, measured.get(t)! + n);
        }
      }
      for (const t of group) {
        const acc = spent.get(t)!;
        acc.latencies.sort((a, b) => a - b);
        out.get(t)!.push({ rate: acc.calls / (acc.ms / 1000), p50: pct(acc.latencies, 50), p99: pct(acc.latencies, 99) });
      }
    }
    return out;
  };
  // The emulators and the no-work server take turns; moto then takes turns with the no-work server in
  // rounds of its own. Between the emulator's turns, moto (a Python process with a large working set,
  // busy for ~75 ms a turn) left the 2-core machine's caches and CPUs to the emulator in a state that
  // doubled its CPU per call (231 against 414–481 µs, measured), which the tiny no-work server hardly felt.
  const rounds = await interleaved(targets.filter((t) => t !== moto));
  const motoRounds = typeof moto === 'string' ? undefined : await interleaved([moto, noWork]);
  if (motoRounds && typeof moto !== 'string') rounds.set(moto, motoRounds.get(moto)!);
  /** The paired no-work rounds a server's ratio is taken against. */
  const noWorkRoundsFor = (t: Target) => (motoRounds && t === moto ? motoRounds.get(noWork)! : rounds.get(noWork)!);
  const cpuPerCall = new Map(targets.map((t) => {
    const seconds = cpu.get(t);
    return [t, seconds === undefined ? undefined : (seconds / measured.get(t)!) * 1e6];
  }));
  const clientCpuPerCall = new Map(targets.map((t) => [t, (clientCpu.get(t) ?? 0) / measured.get(t)!]));
  // Each round of the concurrent load starts with the next server, so no server always follows the same one.
  const rotated = (r: number) => targets.map((_, i) => targets[(i + r) % targets.length]);

  const conc = new Map<Target, Array<{ rate: number; p99: number }>>(targets.map((t) => [t, []]));
  const sets = new Map<Target, Clients[]>(targets.map((t) => [t, Array.from({ length: CONCURRENCY }, () => clientsFor(t.endpoint))]));
  for (let r = 0; r < 3; r++) {
    for (const t of rotated(r)) {
      const n = share(t, CONCURRENT_CALLS, 6);
      conc.get(t)!.push(await concurrent(mixes.get(t)!, sets.get(t)!, n));
      calls.set(t, calls.get(t)! + n);
    }
  }
  // Up to MEMORY_CALLS calls in all, then the emulator's memory after a full GC.
  const after = new Map<Target, NodeJS.MemoryUsage>();
  for (const t of emulators) {
    const missing = MEMORY_CALLS - calls.get(t)!;
    if (missing > 0) await concurrent(mixes.get(t)!, sets.get(t)!, missing);
    calls.set(t, Math.max(calls.get(t)!, MEMORY_CALLS));
    after.set(t, await t.memory!());
  }

  const failed = new Map(targets.map((t) => [t, [clients.get(t)!, ...sets.get(t)!].reduce((sum, c) => sum + (failures.get(c) ?? 0), 0)]));
  for (const t of targets) {
    for (const c of [clients.get(t)!, ...sets.get(t)!]) for (const k of Object.values(c)) k.destroy();
    t.stop();
  }

  // On a shared machine one stall can halve a round's rate, so the ratio is taken of the medians over
  // rounds (rounds alternate between servers, so each median sees the same spread of load).
  const medRate = (m: Map<Target, Array<{ rate: number }>>, t: Target) => median(m.get(t)!.map((x) => x.rate));
  // Sequential rounds are paired (interleaved blocks): the ratio is the median of the rounds' own ratios.
  const seqRatio = (t: Target) => median(rounds.get(t)!.map((x, i) => x.rate / noWorkRoundsFor(t)[i].rate));
  const concRatio = (t: Target) => medRate(conc, t) / medRate(conc, noWork);
  const p50Ratio = (t: Target) => median(noWorkRoundsFor(t).map((x) => x.p50)) / median(rounds.get(t)!.map((x) => x.p50));
  const pc = (x: number) => `${(x * 100).toFixed(1)} %`;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const col = (v: string, width = 12) => v.padStart(width);
  console.log(`labwright emulator overhead — SDK mix PutLogEvents / DescribeVpcs / PutObject; ${WARMUP_CALLS} warm-up calls, ${ROUNDS} sequential rounds of ${Math.max(1, Math.round(PER_ROUND / BLOCK)) * BLOCK} calls per server, 3 rounds of ${CONCURRENT_CALLS} from ${CONCURRENCY} clients at once; load ${loadavg()[0].toFixed(2)}`);
  console.log(`each server in its own process, the same SDK v3 clients in this one; sequential rounds interleave the servers in turns of ${BLOCK} calls (moto in rounds of its own with the no-work server); medians over rounds; ÷ no-work: sequential, the median of the rounds' ratios; ${CONCURRENCY}×, the ratio of the medians`);
  console.log("CPU µs/call: the server process's user + system time over the sequential rounds, per call; client CPU: this process's, for the same calls\n");
  const w = 30;
  console.log(`${'server'.padEnd(w)}${col('seq calls/s')}${col('÷ no-work')}${col('seq p50 ms')}${col('seq p99 ms')}${col('CPU µs/call')}${col('client CPU')}${col(`${CONCURRENCY}× calls/s`)}${col('÷ no-work')}${col(`${CONCURRENCY}× p99 ms`)}`);
  for (const t of targets) {
    const s = rounds.get(t)!;
    const c = conc.get(t)!;
    console.log(
      `${t.name.padEnd(w)}${col(median(s.map((x) => x.rate)).toFixed(0))}${col(pc(seqRatio(t)))}${col(median(s.map((x) => x.p50)).toFixed(2))}${col(median(s.map((x) => x.p99)).toFixed(2))}` +
        `${col(cpuPerCall.get(t)?.toFixed(0) ?? '-')}${col(clientCpuPerCall.get(t)!.toFixed(0))}${col(median(c.map((x) => x.rate)).toFixed(0))}${col(pc(concRatio(t)))}${col(median(c.map((x) => x.p99)).toFixed(1))}`,
    );
  }
  if (typeof moto === 'string') console.log(`${'moto'.padEnd(w)}  ${moto}`);
  for (const t of targets) if (failed.get(t)) console.log(`${t.name}: ${failed.get(t)} call(s) failed (counted in its rates)`);
  console.log('');
  const perRound = rounds.get(emulator)!.map((x, i) => `${((x.rate / rounds.get(noWork)![i].rate) * 100).toFixed(0)} %`);
  for (const t of emulators) {
    console.log(`${t.name} ÷ no-work server, sequential: ${pc(seqRatio(t))} of its calls/s, ${pc(p50Ratio(t))} by median latency (goal ≥ 85 %)`);
  }
  console.log(`  round by round (calls/s): ${perRound.join(', ')}`);
  for (const t of [...emulators, noWork]) {
    const curve = warmupCurve.get(t)!;
    if (curve.length > 1) console.log(`${t.name}, warm-up CPU µs/call per ${WARMUP_SLICE.toLocaleString('en')} calls: ${curve.map((x) => x.toFixed(0)).join(', ')}`);
  }
  for (const t of emulators) {
    const [b, a] = [before.get(t)!, after.get(t)!];
    console.log(`${t.name} memory: RSS ${mb(b.rss)} → ${mb(a.rss)}, heapUsed ${mb(b.heapUsed)} → ${mb(a.heapUsed)} after ${calls.get(t)!.toLocaleString('en')} calls (after a full GC)`);
  }
}

void main();
