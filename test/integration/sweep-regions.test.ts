// `labwright sweep` across regions and past failures, through the real SDK on the emulator: under
// the aws profile S3 answers PermanentRedirect for a bucket of another region unless the client
// follows redirects; --region sweeps one region, --all-regions every region DescribeRegions lists;
// a service that throttles every call is reported and skipped while the rest is swept (exit 1).
import { GetBucketTaggingCommand } from '@aws-sdk/client-s3';
import { createClients, destroyClients, type AwsClients } from '../../aws/clients';
import * as iam from '../../aws/iam';
import * as logs from '../../aws/logs';
import { createBucket, getBucketExists, putBucketTags } from '../../aws/s3';
import { runId as newRunId } from '../../core/ids';
import { RUN_TAG } from '../../core/run-tag';
import { FLOW_LOGS_TRUST_POLICY } from '../../fixtures/vpc-flow-logs/environment';
import { sweep } from '../../runner/sweep';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { runInProcess } from '../cli-in-process';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/helpers';

jest.setTimeout(90_000);

const HOUR = 3_600_000;
const noLog = () => undefined;
const FAST = { budgetMs: 10_000, intervalsMs: [20, 50, 100] };
let emu: TestEmulator;
const clientsIn = (region: string, extra: { followRegionRedirects?: boolean } = {}): AwsClients =>
  createClients({ region, endpoint: emu.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1, ...extra });
const faults = (body: unknown) =>
  fetch(`${emu.endpoint}/_emulator/faults`, { method: body ? 'POST' : 'DELETE', headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

beforeAll(async () => {
  emu = await startTestEmulator({ profile: 'aws', timeScale: 0.001 });
});
afterAll(async () => {
  await emu.stop();
});

describe('sweep, region by region', () => {
  const run = newRunId(new Date(Date.now() - 8 * HOUR));
  const bucket = `labwright-flow-logs-${run}`;
  let home: AwsClients;
  let eu: AwsClients;

  beforeAll(async () => {
    home = clientsIn('us-east-1');
    eu = clientsIn('eu-west-1');
    // A crashed run's bucket in eu-west-1, and its log group at home.
    await createBucket(eu.s3, bucket, 'eu-west-1', noLog);
    await putBucketTags(eu.s3, bucket, { [RUN_TAG]: run }, noLog);
    await logs.createLogGroup(home.logs, `VPCFlowLogs-${run}`, { [RUN_TAG]: run }, noLog);
  });
  afterAll(() => {
    destroyClients(home);
    destroyClients(eu);
  });

  it('S3 redirects a client of another region, and a client that follows redirects gets its answer', async () => {
    await expect(home.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'PermanentRedirect' });
    const following = clientsIn('us-east-1', { followRegionRedirects: true });
    try {
      const tags = await following.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
      expect(tags.TagSet).toEqual([{ Key: RUN_TAG, Value: run }]);
    } finally {
      destroyClients(following);
    }
  });

  it('--region sweeps that region only: the log group goes, the bucket of eu-west-1 stays, nothing is skipped', async () => {
    const r = await runInProcess('sweep', '--endpoint', emu.endpoint, '--region', 'us-east-1', '--older-than', '6h');
    expect(r.stdout).not.toContain('Skipped');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`VPCFlowLogs-${run}`);
    expect(await logs.getLogGroup(home.logs, `VPCFlowLogs-${run}`)).toBeUndefined();
    expect(await getBucketExists(eu.s3, bucket)).toBe(true);
  });

  it('--all-regions finds the bucket in its own region (DescribeRegions) and deletes it there', async () => {
    const r = await runInProcess('sweep', '--endpoint', emu.endpoint, '--region', 'us-east-1', '--all-regions', '--older-than', '6h');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Deleting 1 resources of 1 run\\(s\\) older than 6h in eu-west-1`));
    expect(r.stdout).toMatch(new RegExp(`^bucket +${bucket} +${run} +8h0\\dm$`, 'm'));
    expect(r.stdout).toContain('Nothing to sweep: no resource tagged labwright:run-id older than 6h in us-west-2');
    expect(await getBucketExists(eu.s3, bucket)).toBe(false);
  });
});

describe('sweep past a failing service', () => {
  const run = newRunId(new Date(Date.now() - 9 * HOUR));
  const role = `DeliverVPCFlowLogsRole-${run}`;
  let c: AwsClients;

  beforeAll(async () => {
    c = clientsIn('us-east-1');
    await iam.createRole(c.iam, role, FLOW_LOGS_TRUST_POLICY, { [RUN_TAG]: run }, noLog);
    await logs.createLogGroup(c.logs, `VPCFlowLogs-${run}`, { [RUN_TAG]: run }, noLog);
  });
  afterAll(async () => {
    await faults(undefined);
    destroyClients(c);
  });

  it('reports the throttled IAM listing as skipped, with the reason, and sweeps the rest', async () => {
    expect((await faults({ throttleRate: 1, services: ['iam'] })).status).toBe(200);
    const result = await sweep(c, { region: 'us-east-1', olderThanMs: 6 * HOUR, log: noLog, hints: vpcFlowLogs.sweep, teardown: FAST });
    expect(result.skipped).toEqual([{ what: 'IAM roles', region: 'us-east-1', reason: expect.stringMatching(/^Throttling: /) }]);
    expect(result.summary?.deleted.map((e) => e.id)).toContain(`VPCFlowLogs-${run}`);
    expect(result.summary?.failed).toEqual([]);
    expect(await logs.getLogGroup(c.logs, `VPCFlowLogs-${run}`)).toBeUndefined();
  });

  it('the CLI prints what it skipped and why, and exits 1 because something may be left', async () => {
    const r = await runInProcess('sweep', '--endpoint', emu.endpoint, '--region', 'us-east-1', '--older-than', '6h');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Skipped 1 that could not be read \(the rest was swept\):\n {2}IAM roles in us-east-1: Throttling: /);
  });

  it('once IAM answers again, the role is found and deleted', async () => {
    await faults(undefined);
    const r = await runInProcess('sweep', '--endpoint', emu.endpoint, '--region', 'us-east-1', '--older-than', '6h');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^role +${role} +${run} `, 'm'));
    expect(await iam.getRole(c.iam, role)).toBeUndefined();
  });
});
