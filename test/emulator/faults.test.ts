// Fault injection (POST /_emulator/faults) through the real SDK clients, one attempt each so the
// injected errors surface as the SDK sees them: codes per protocol, 5xx before and after the
// handler, eventual consistency of created resources, seeding, scoping and reset.
import { ListWorkGroupsCommand } from '@aws-sdk/client-athena';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, DescribeLogGroupsCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, GetRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetBucketPolicyCommand, HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, GetTopicAttributesCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { FakeClock } from '../../core/clock';
import { failure, startTestEmulator, TEST_CREDENTIALS, TEST_REGION, type TestEmulator } from './helpers';

describe('fault injection', () => {
  let emu: TestEmulator;
  const clock = new FakeClock(Date.UTC(2026, 5, 1, 12));
  const control = async (method: string, body?: unknown) => {
    const res = await fetch(`${emu.endpoint}/_emulator/faults`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
    return { status: res.status, json: (await res.json()) as any };
  };
  const requests = async () => (await (await fetch(`${emu.endpoint}/_emulator/requests`)).json()) as Array<{ operation: string; status: number; error?: string; fault?: string; attempt?: number; invocationId?: string }>;

  beforeAll(async () => {
    emu = await startTestEmulator({ clock, engines: false });
  });
  afterAll(() => emu.stop());
  afterEach(async () => void (await control('DELETE')));

  it('POST validates the settings, GET shows them, DELETE clears them', async () => {
    expect(await control('POST', { throttleRate: 2 })).toEqual({ status: 400, json: { error: 'throttleRate must be a number from 0 to 1 (a fraction of requests), not 2.' } });
    expect((await control('POST', { throttleRate: 0.7, errorRate: 0.5 })).json.error).toBe('throttleRate + errorRate must not exceed 1 (a request fails one way at most); got 1.2.');
    expect((await control('POST', { throtleRate: 0.1 })).json.error).toMatch(/^Unknown fault setting 'throtleRate'/);
    expect((await control('POST', { services: ['ec3'] })).json.error).toMatch(/^'ec3' is not a service of the emulator/);
    const set = await control('POST', { throttleRate: 0.1, errorRate: 0.05, latencyMs: 2, consistencyDelayMs: 500, seed: 42, services: ['ec2', 'cloudwatch'] });
    expect(set.status).toBe(200);
    expect((await control('GET')).json).toMatchObject({ active: true, settings: { throttleRate: 0.1, errorRate: 0.05, latencyMs: 2, latencyJitterMs: 0, consistencyDelayMs: 500, seed: 42, services: ['ec2', 'monitoring'] } });
    expect((await control('DELETE')).json).toMatchObject({ active: false, settings: { throttleRate: 0, errorRate: 0, consistencyDelayMs: 0 } });
  });

  it('throttles with each protocol\'s own code and status, which the SDK classifies as throttling', async () => {
    await control('POST', { throttleRate: 1 });
    const c = emu.clients;
    const seen = await Promise.all([
      failure(c.ec2.send(new DescribeVpcsCommand({}))),
      failure(c.s3.send(new ListBucketsCommand({}))),
      failure(c.iam.send(new ListRolesCommand({}))),
      failure(c.sts.send(new GetCallerIdentityCommand({}))),
      failure(c.sns.send(new ListTopicsCommand({}))),
      failure(c.logs.send(new DescribeLogGroupsCommand({}))),
      failure(c.cloudwatch.send(new DescribeAlarmsCommand({}))),
      failure(c.athena.send(new ListWorkGroupsCommand({}))),
    ]);
    expect(seen.map((e) => `${e.name} ${e.$metadata.httpStatusCode}`)).toEqual([
      'RequestLimitExceeded 503',
      'SlowDown 503',
      'Throttling 400',
      'Throttling 400',
      'Throttling 400',
      'ThrottlingException 400',
      'Throttling 400',
      'TooManyRequestsException 400',
    ]);
    expect((await requests()).slice(-8).every((r) => r.fault === 'throttle')).toBe(true);
  });

  it('never touches control routes, and applies only to the listed services and operations', async () => {
    await control('POST', { throttleRate: 1, services: ['ec2'], operations: ['DescribeVpcs'] });
    expect((await fetch(`${emu.endpoint}/_emulator/health`)).status).toBe(200);
    expect((await failure(emu.clients.ec2.send(new DescribeVpcsCommand({})))).name).toBe('RequestLimitExceeded');
    await expect(emu.clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).resolves.toBeDefined();
    await expect(emu.clients.s3.send(new ListBucketsCommand({}))).resolves.toBeDefined();
  });

  it('a 5xx after the handler ran loses the answer but keeps the change; one before it changes nothing', async () => {
    await control('POST', { errorRate: 1, seed: 7, operations: ['CreateLogGroup'] });
    const names = Array.from({ length: 12 }, (_, i) => `faulty-group-${i}`);
    const errors = [];
    for (const name of names) errors.push(await failure(emu.clients.logs.send(new CreateLogGroupCommand({ logGroupName: name }))));
    expect(errors.every((e) => (e.$metadata.httpStatusCode ?? 0) >= 500)).toBe(true);
    const log = (await requests()).filter((r) => r.operation === 'CreateLogGroup').slice(-12);
    const after = names.filter((_, i) => log[i].fault === 'error-after');
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(12);
    await control('DELETE');
    const groups = (await emu.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'faulty-group-' }))).logGroups!.map((g) => g.logGroupName).sort();
    expect(groups).toEqual([...after].sort());
  });

  it('maxFaults stops failing after that many faults; errorAfterShare 0 keeps every 5xx before the handler', async () => {
    await control('POST', { errorRate: 1, errorAfterShare: 0, maxFaults: 2, operations: ['CreateLogGroup'] });
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) outcomes.push(await emu.clients.logs.send(new CreateLogGroupCommand({ logGroupName: `limited-${i}` })).then(() => 'ok', (e: Error) => e.name));
    expect(outcomes.slice(2)).toEqual(['ok', 'ok']);
    expect(outcomes.slice(0, 2).every((o) => o !== 'ok')).toBe(true);
    expect((await control('GET')).json.counts).toMatchObject({ 'error-before': 2, 'error-after': 0 });
    const made = (await emu.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'limited-' }))).logGroups!.map((g) => g.logGroupName);
    expect(made).toEqual(['limited-2', 'limited-3']);
  });

  it('the same seed injects the same faults in the same order', async () => {
    const pattern = async () => {
      await control('POST', { throttleRate: 0.3, errorRate: 0.3, seed: 42, operations: ['GetCallerIdentity'] });
      const out: string[] = [];
      for (let i = 0; i < 20; i++) out.push(await emu.clients.sts.send(new GetCallerIdentityCommand({})).then(() => 'ok', (e: Error) => e.name));
      return out;
    };
    const first = await pattern();
    expect(first).toContain('Throttling');
    expect(first).toContain('ok');
    expect(await pattern()).toEqual(first);
  });

  describe('eventual consistency', () => {
    beforeEach(async () => void (await control('POST', { consistencyDelayMs: 500 })));

    it('a new VPC is NotFound by id and missing from lists until the delay has passed', async () => {
      const vpcId = (await emu.clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
      const err = await failure(emu.clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })));
      expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual(['InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`, 400]);
      const listed = async () => (await emu.clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.map((v) => v.VpcId);
      expect(await listed()).not.toContain(vpcId);
      await clock.advance(499);
      expect(await listed()).not.toContain(vpcId);
      await clock.advance(1);
      expect(await listed()).toContain(vpcId);
      expect((await emu.clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0].VpcId).toBe(vpcId);
    });

    it('buckets, roles, log groups and topics answer their service\'s NotFound while young', async () => {
      const c = emu.clients;
      await c.s3.send(new CreateBucketCommand({ Bucket: 'young-bucket' }));
      await c.iam.send(new CreateRoleCommand({ RoleName: 'YoungRole', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
      await c.logs.send(new CreateLogGroupCommand({ logGroupName: 'YoungGroup' }));
      const topicArn = (await c.sns.send(new CreateTopicCommand({ Name: 'young-topic' }))).TopicArn!;
      const seen = await Promise.all([
        failure(c.s3.send(new HeadBucketCommand({ Bucket: 'young-bucket' }))),
        failure(c.s3.send(new GetBucketPolicyCommand({ Bucket: 'young-bucket' }))),
        failure(c.iam.send(new GetRoleCommand({ RoleName: 'YoungRole' }))),
        failure(c.logs.send(new DescribeLogStreamsCommand({ logGroupName: 'YoungGroup' }))),
        failure(c.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))),
      ]);
      expect(seen.map((e) => `${e.name} ${e.$metadata.httpStatusCode}`)).toEqual(['NotFound 404', 'NoSuchBucket 404', 'NoSuchEntityException 404', 'ResourceNotFoundException 400', 'NotFoundException 404']);
      expect(seen[2].message).toBe('The role with name YoungRole cannot be found.');
      expect((await c.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).not.toContain('young-bucket');
      expect((await c.iam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName)).not.toContain('YoungRole');
      expect((await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'Young' }))).logGroups).toEqual([]);
      expect((await c.sns.send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn)).not.toContain(topicArn);
      await clock.advance(500);
      await expect(c.s3.send(new HeadBucketCommand({ Bucket: 'young-bucket' }))).resolves.toBeDefined();
      expect((await c.iam.send(new GetRoleCommand({ RoleName: 'YoungRole' }))).Role!.RoleName).toBe('YoungRole');
      expect((await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'Young' }))).logGroups!.map((g) => g.logGroupName)).toEqual(['YoungGroup']);
      expect((await c.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes!.TopicArn).toBe(topicArn);
    });
  });

  it('a reset clears the faults; the startEmulator option sets them from the start', async () => {
    await control('POST', { throttleRate: 1 });
    await fetch(`${emu.endpoint}/_emulator/reset`, { method: 'POST' });
    expect((await control('GET')).json.active).toBe(false);
    await expect(emu.clients.sts.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();

    const other = await startTestEmulator({ engines: false, faults: { throttleRate: 1, services: ['ec2'] } });
    try {
      expect((await failure(other.clients.ec2.send(new DescribeVpcsCommand({})))).name).toBe('RequestLimitExceeded');
    } finally {
      await other.stop();
    }
  });

  it('the SDK\'s retries show in the request log: a throttled attempt, then the next attempt of the same call', async () => {
    await control('POST', { throttleRate: 0.5, seed: 3, operations: ['DescribeVpcs'] });
    const ec2 = new EC2Client({ endpoint: emu.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 10 });
    try {
      const outs = await Promise.all(Array.from({ length: 10 }, () => ec2.send(new DescribeVpcsCommand({}))));
      expect(outs.some((o) => (o.$metadata.attempts ?? 1) > 1)).toBe(true);
    } finally {
      ec2.destroy();
    }
    const log = (await requests()).filter((r) => r.operation === 'DescribeVpcs' && r.invocationId);
    const throttled = log.filter((r) => r.fault === 'throttle');
    expect(throttled.length).toBeGreaterThan(0);
    for (const t of throttled) {
      expect(log).toContainEqual(expect.objectContaining({ invocationId: t.invocationId, attempt: t.attempt! + 1 }));
    }
  });
});
