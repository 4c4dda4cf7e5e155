// The lab on an API-only, LocalStack-like endpoint: a tiny front door on 127.0.0.1:0 answers
// /_localstack/health as LocalStack does and proxies every AWS call to an emulator started without
// its data plane. The probe must pick the LocalStack profile, and every step that depends on
// delivery must end `unsupported` with the reason — never `passed`. In seeded mode the SSH steps
// run their checks on synthetic records and say so.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runSession, type SessionResult } from '../../session/session';
import { clearSecrets } from '../../core/redact';
import { endpointTarget, probeEndpoint } from '../../runner/targets/endpoint';
import { waitForLocalStack } from '../../runner/targets/localstack';
import { ALL_CAPABILITIES, LOCALSTACK_CAPABILITIES } from '../../runner/targets/capability-sets';
import type { Target } from '../../runner/target';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { SEEDED_PREFIX } from '../../steps/seed-flow-records';
import { startEmulator, type RunningEmulator } from '../../emulator/server';

const HEALTH = { services: { ec2: 'available', s3: 'running', iam: 'available', sts: 'available', sns: 'available', logs: 'available', cloudwatch: 'available', athena: 'disabled' }, edition: 'community', version: '4.14.0' };

/** A LocalStack look-alike in front of an emulator: its health route, no /_emulator routes, AWS calls proxied. */
async function fakeLocalStack(backend: string): Promise<{ endpoint: string; server: Server }> {
  const to = new URL(backend);
  const server = createServer((req, res) => {
    if (req.url === '/_localstack/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(HEALTH));
    if (req.url?.startsWith('/_emulator') || req.url?.startsWith('/moto-api')) return void res.writeHead(404).end();
    // Athena is a Pro service: the free edition answers every call with this error.
    if (String(req.headers['x-amz-target'] ?? '').startsWith('AmazonAthena.')) {
      const message = "API for service 'athena' not yet implemented or pro feature - please check https://docs.localstack.cloud/references/coverage/ for further information";
      return void res.writeHead(501, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'InternalFailure', message }));
    }
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (err) => res.writeHead(502).end(String(err)));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Steps whose checks need a data plane LocalStack's free edition does not have. */
const DELIVERY_DEPENDENT = ['ssh-accepted', 'ssh-rejected', 'ssh-restored', 'metric-filter', 'alarm-fires', 'insights-top-rejects'];
/** Steps of a service the free edition refuses outright (Athena answers InternalFailure). */
const ATHENA = ['athena-result-location', 'athena-table', 'athena-partition', 'athena-rejects-query'];

let emulator: RunningEmulator;
let front: { endpoint: string; server: Server };
let target: Target;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, engines: false });
  front = await fakeLocalStack(emulator.endpoint);
  await waitForLocalStack(front.endpoint, 5000);
  const profile = await probeEndpoint(front.endpoint);
  target = endpointTarget({ name: 'localstack', endpoint: front.endpoint, region: 'us-east-1', capabilitySet: profile });
});

afterAll(async () => {
  await new Promise<void>((resolve) => front.server.close(() => resolve()));
  await emulator.stop();
  clearSecrets();
});

const byId = (r: SessionResult) => Object.fromEntries(r.run.steps.map((s) => [s.stepId, s.result]));

async function run(seeded: boolean): Promise<SessionResult> {
  const lines: string[] = [];
  const lab = seeded ? { ...vpcFlowLogs, steps: vpcFlowLogs.seedEvidence!(vpcFlowLogs.steps, target.capabilities) } : vpcFlowLogs;
  return runSession({ mode: 'run', lab, target, reporters: [], log: (l) => void lines.push(l) });
}

describe('the lab on a LocalStack-like, API-only endpoint', () => {
  it('is probed as LocalStack: no delivery, no metric-filter evaluation, no Insights, no Athena, no SSH', () => {
    expect(target.capabilities).toEqual(new Set(LOCALSTACK_CAPABILITIES.capabilities));
    expect(target.capabilities.has('flow-log-delivery')).toBe(false);
  });

  it('never passes a step that depends on delivery: each is unsupported with the reason', async () => {
    const result = await run(false);
    const steps = byId(result);
    expect(result.leftStanding).toBe(0);
    for (const id of DELIVERY_DEPENDENT) {
      expect({ id, verdict: steps[id].verdict }).toEqual({ id, verdict: 'unsupported' });
      expect(steps[id].summary).toMatch(/^Not verifiable on this target: .*LocalStack/);
      expect(steps[id].detail).toMatch(/^missing capabilities: /);
    }
    expect(steps['ssh-accepted'].summary).toContain('LocalStack stores flow logs but delivers no records');
    for (const id of ATHENA) expect({ id, passed: steps[id].verdict === 'passed' }).toEqual({ id, passed: false });
    // The API-only steps are verified for real.
    for (const id of ['flow-log-s3', 'log-group', 'flow-log-cloudwatch']) expect({ id, verdict: steps[id].verdict }).toEqual({ id, verdict: 'passed' });
  }, 60_000);

  // A solve refused by a target lacking the step's capability (Athena's InternalFailure on the free
  // edition) is that missing capability: unsupported, not cant-verify, and nothing after it skipped.
  it('reports the Athena steps unsupported (Athena needs LocalStack Pro), not cant-verify', async () => {
    const result = await run(false);
    const steps = byId(result);
    // With every gap unsupported, the run exits 0 (unsupported is allowed unless --strict).
    expect(result.exitCode).toBe(0);
    for (const id of ATHENA) {
      expect({ id, verdict: steps[id].verdict }).toEqual({ id, verdict: 'unsupported' });
      expect(steps[id].summary).toContain('Athena needs LocalStack Pro');
    }
  }, 60_000);

  it('in seeded mode passes the SSH steps on synthetic records and marks them seeded; the rest stays unsupported', async () => {
    const result = await run(true);
    const steps = byId(result);
    for (const id of ['ssh-accepted', 'ssh-rejected', 'ssh-restored']) {
      expect({ id, verdict: steps[id].verdict }).toEqual({ id, verdict: 'passed' });
      expect(steps[id].detail?.startsWith(SEEDED_PREFIX)).toBe(true);
      const seeded = steps[id].evidence.find((e) => e.kind === 'text' && e.title === 'seeded evidence');
      expect(String(seeded?.data)).toMatch(/written by labwright with PutLogEvents, not delivered/);
      expect(String(seeded?.data)).toMatch(/^2 \d{12} eni-\S+ 127\.0\.0\.1 10\.0\.1\.\d+ \d+ 22 6 \d+ \d+ \d+ \d+ (ACCEPT|REJECT) OK$/m);
    }
    expect(steps['ssh-rejected'].evidence.find((e) => e.kind === 'flow-records')?.data).toEqual([expect.stringContaining(' REJECT OK')]);
    for (const id of ['metric-filter', 'alarm-fires', 'insights-top-rejects']) expect({ id, verdict: steps[id].verdict }).toEqual({ id, verdict: 'unsupported' });
    for (const id of ATHENA) expect({ id, passed: steps[id].verdict === 'passed' }).toEqual({ id, passed: false });
    expect(result.leftStanding).toBe(0);
  }, 60_000);

  it('seeds nothing where the target delivers records, and nothing outside a run', async () => {
    const full = vpcFlowLogs.seedEvidence!(vpcFlowLogs.steps, new Set(ALL_CAPABILITIES));
    full.forEach((step, i) => expect(step).toBe(vpcFlowLogs.steps[i]));
    const seeded = vpcFlowLogs.seedEvidence!(vpcFlowLogs.steps, target.capabilities);
    expect(seeded.filter((s, i) => s !== vpcFlowLogs.steps[i]).map((s) => s.id)).toEqual(['ssh-accepted', 'ssh-rejected', 'ssh-restored']);
    // A check with no seeded solve before it (check mode) stays unsupported.
    const step = seeded.find((s) => s.id === 'ssh-accepted')!;
    const r = await step.check({ state: new Map() } as never);
    expect(r.verdict).toBe('unsupported');
    expect(r.detail).toBe('missing capabilities: instance-ssh, flow-log-delivery');
  });
});
