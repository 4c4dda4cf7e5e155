// The aws target's guards: checkip parsing, the cost guard's allow-list and maximum run time, the
// gate before a run, and AccessDenied during a step ending `cant-verify` — never pass or fail.
import { checkLogGroup } from '../../scenarios/vpc-flow-logs/blocks';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { classifyAwsError } from '../../session/session';
import type { Ctx as LabContext } from '../../scenarios/vpc-flow-logs/blocks';
import { FakeClock, systemClock } from '../../core/clock';
import { UsageError } from '../../core/errors';
import { poll } from '../../core/poll';
import { CleanupLedger } from '../../runner/ledger';
import { schedule } from '../../runner/scheduler';
import { assertAwsReady, awsTarget, CHECKIP_URL, parseCheckIp } from '../../runner/targets/aws';
import { checkInstanceType, DEFAULT_MAX_RUN_MINUTES, maxRunMs, RunTimeExceededError, withCostGuard } from '../../runner/targets/cost-guard';
import { waitForLocalStack } from '../../runner/targets/localstack';
import { CALLER_OK, DRY_RUN_OK, imagesAnswer, stubbedClients, stubHandler } from './aws-target-stubs';

describe('checkip', () => {
  it('reads the one-line answer, trailing newline and all', () => {
    expect(parseCheckIp('203.0.113.7\n')).toBe('203.0.113.7');
  });

  it.each(['<html>captive portal</html>', '2001:db8::1', '256.1.1.1', ''])('refuses %j, naming what came back', (text) => {
    expect(() => parseCheckIp(text)).toThrow(/not an IPv4 address/);
  });

  it('asks checkip once per run and retries after a failure', async () => {
    const asked: string[] = [];
    const answers = [Promise.reject(new Error('ECONNRESET')), Promise.resolve('198.51.100.20\n')];
    const target = awsTarget({ region: 'us-east-1', fetchText: (url) => (asked.push(url), answers.shift()!) });
    await expect(target.clientIp()).rejects.toThrow('ECONNRESET');
    await expect(target.clientIp()).resolves.toBe('198.51.100.20');
    await expect(target.clientIp()).resolves.toBe('198.51.100.20');
    expect(asked).toEqual([CHECKIP_URL, CHECKIP_URL]);
  });

  it('uses real budgets and reaches instances at their public IP', async () => {
    const target = awsTarget({ region: 'eu-west-1', awsProfile: 'lab' });
    expect(target.budgetScale).toBe(1);
    expect(target).toMatchObject({ name: 'aws', region: 'eu-west-1', awsProfile: 'lab' });
    await expect(target.instanceAddress({ instanceId: 'i-1', publicIp: '54.1.2.3' }, 22)).resolves.toEqual({ host: '54.1.2.3', port: 22 });
    await expect(target.instanceAddress({ instanceId: 'i-1' }, 22)).rejects.toThrow(/no public IPv4/);
  });
});

describe('cost guard', () => {
  it.each(['t3.micro', 't3.small', 't4g.micro', 't2.micro'])('allows %s', (type) => {
    expect(() => checkInstanceType(type)).not.toThrow();
  });

  it.each(['m5.large', 'p4d.24xlarge', 't3.medium'])('refuses %s with a usage error naming the allowed types', (type) => {
    expect(() => checkInstanceType(type)).toThrow(UsageError);
    expect(() => checkInstanceType(type)).toThrow(`refuses instance type '${type}': a run on AWS may launch only t3.micro, t3.small, t4g.micro, t2.micro.`);
  });

  it('reads the maximum run time from LABWRIGHT_MAX_RUN_MINUTES, 45 minutes by default', () => {
    expect(maxRunMs({})).toBe(DEFAULT_MAX_RUN_MINUTES * 60_000);
    expect(maxRunMs({ LABWRIGHT_MAX_RUN_MINUTES: '10' })).toBe(600_000);
    expect(() => maxRunMs({ LABWRIGHT_MAX_RUN_MINUTES: 'soon' })).toThrow(/LABWRIGHT_MAX_RUN_MINUTES='soon' is not a positive number/);
  });

  it('aborts a wait that outlives the maximum run time, with a reason saying so', async () => {
    const guarded = withCostGuard(new AbortController().signal, 30);
    // The poll's own budget (60 s) is far beyond the guard's 30 ms: a RunTimeExceededError (not a
    // PollTimeoutError) shows the guard stopped it, with no timed assertion on a noisy machine.
    const waiting = poll(async () => ({ done: false as const, reason: 'no records yet' }), { description: 'flow records', budgetMs: 60_000, intervalsMs: [5], clock: systemClock, signal: guarded });
    const err = await waiting.catch((e) => e);
    expect(err).toBeInstanceOf(RunTimeExceededError);
    expect(err.message).toBe('The run exceeded its maximum time of 0 min (LABWRIGHT_MAX_RUN_MINUTES); it was aborted and torn down.');
  });

  it('passes Ctrl-C through before the maximum time', () => {
    const outer = new AbortController();
    const guarded = withCostGuard(outer.signal, 60_000);
    expect(guarded.aborted).toBe(false);
    outer.abort(new Error('SIGINT'));
    expect(guarded.aborted).toBe(true);
    expect((guarded.reason as Error).message).toBe('SIGINT');
  });

  it('gates a run on an instance type outside the allow-list before any AWS call', async () => {
    const c = stubbedClients({ GetCallerIdentity: CALLER_OK });
    await expect(assertAwsReady({ region: 'us-east-1' }, { instanceType: 'c5.4xlarge', clients: c })).rejects.toThrow(/cost guard refuses instance type 'c5.4xlarge'/);
    expect(c.handler.calls).toEqual([]);
  });

  it('gates a run on the preflight and returns what it found', async () => {
    const routes = { GetCallerIdentity: CALLER_OK, DescribeImages: imagesAnswer([{ id: 'ami-0123456789abcdef0', name: 'al2023-ami-2023.7.1-kernel-6.1-x86_64', created: '2025-01-01T00:00:00Z' }]), DescribeVpcs: DRY_RUN_OK, CreateVpc: DRY_RUN_OK, RunInstances: DRY_RUN_OK };
    await expect(assertAwsReady({ region: 'us-east-1' }, { instanceType: 't3.micro', clients: stubbedClients(routes) })).resolves.toMatchObject({ ok: true, imageId: 'ami-0123456789abcdef0' });
    await expect(assertAwsReady({ region: 'us-east-1' }, { instanceType: 't3.micro', clients: stubbedClients({ ...routes, DescribeImages: imagesAnswer([]) }) })).rejects.toThrow(/Region us-east-1 has no Amazon Linux 2023 image/);
  });
});

describe('AccessDenied during a step', () => {
  it('makes the step cant-verify in run and check mode, never passed or failed', async () => {
    const handler = stubHandler({
      DescribeLogGroups: {
        status: 400,
        contentType: 'application/x-amz-json-1.1',
        body: JSON.stringify({ __type: 'AccessDeniedException', message: 'User: arn:aws:sts::123456789012:assumed-role/student/s is not authorized to perform: logs:DescribeLogGroups' }),
      },
    });
    const logs = new CloudWatchLogsClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'stub' }, requestHandler: handler as never, maxAttempts: 1 });
    const ctx = { clients: { logs }, env: { region: 'us-east-1' }, ledger: new CleanupLedger(), state: new Map(), clock: systemClock, log: () => undefined } as unknown as LabContext;
    const lab = { id: 'vpc-flow-logs', title: 't', steps: [{ id: 'log-group', title: 'Create the CloudWatch log group VPCFlowLogs', waitBudgetMs: 30_000, solve: async () => undefined, check: checkLogGroup }] };
    for (const mode of ['run', 'check'] as const) {
      const [record] = await schedule<LabContext>(lab, { mode, contextFor: () => ctx, capabilities: new Set(), classifyError: classifyAwsError, intervalsMs: [1] });
      expect(record.result.verdict).toBe('cant-verify');
      expect(record.result.summary).toContain('not authorized to perform: logs:DescribeLogGroups');
      expect(record.result.detail).toBe('AccessDeniedException');
    }
    expect(handler.calls.map((c) => c.op)).toEqual(['DescribeLogGroups', 'DescribeLogGroups']);
  });
});

describe('waitForLocalStack', () => {
  it('waits until every service the lab needs is available', async () => {
    const answers = [
      { status: 0, error: true },
      { status: 200, json: { services: { ec2: 'available', s3: 'running', iam: 'available', sts: 'available', sns: 'available', logs: 'initializing', cloudwatch: 'available' } } },
      { status: 200, json: { services: { ec2: 'available', s3: 'running', iam: 'available', sts: 'available', sns: 'available', logs: 'available', cloudwatch: 'available' }, version: '4.14.0' } },
    ];
    const urls: string[] = [];
    const fetchJson = async (url: string) => {
      urls.push(url);
      const a = answers.shift()!;
      if ('error' in a) throw new Error('ECONNREFUSED');
      return a;
    };
    const health = await waitForLocalStack('http://localhost:4566/', 10_000, { fetchJson, intervalsMs: [1] });
    expect(health.version).toBe('4.14.0');
    expect(urls).toEqual(Array(3).fill('http://localhost:4566/_localstack/health'));
  });

  it('gives up with the command that starts LocalStack', async () => {
    const clock = new FakeClock(0);
    const fetchJson = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:4566');
    };
    const waiting = waitForLocalStack('http://127.0.0.1:4566', 5000, { fetchJson, clock, intervalsMs: [1000] }).catch((e) => e);
    for (let i = 0; i < 6; i++) await clock.advance(1000);
    const err = await waiting;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/^LocalStack is not answering at http:\/\/127\.0\.0\.1:4566 \(last: no answer \(connect ECONNREFUSED 127\.0\.0\.1:4566\)\): start it with docker compose -f docker-compose\.localstack\.yml up -d$/);
  });
});
