// Checks of steps 1–3 through the real SDK against the emulator: each passes on the lab's state and
// fails, with a hint naming the console field, when one thing is wrong.
import { checkFlowLogCloudWatch, checkFlowLogS3, checkLogGroup, solveFlowLogCloudWatch, solveFlowLogS3, solveLogGroup } from '../../scenarios/vpc-flow-logs/blocks';
import { CreateFlowLogsCommand, DeleteFlowLogsCommand, DescribeFlowLogsCommand } from '@aws-sdk/client-ec2';
import { CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { clearSecrets } from '../../core/redact';
import { setFlowLogDeliveryError } from '../../emulator/services/ec2/store';
import { FLOW_LOGS_TRUST_POLICY } from '../../fixtures/vpc-flow-logs/environment';
import { LOG_GROUP } from '../../fixtures/vpc-flow-logs/lab';
import { TEST_REGION } from '../emulator/helpers';
import { startNetworkFixture, stopNetworkFixture, type NetworkFixture } from './network-helpers';

let f: NetworkFixture;
beforeAll(async () => {
  f = await startNetworkFixture();
  await f.clients.s3.send(new CreateBucketCommand({ Bucket: 'someone-elses-bucket' }));
  await f.clients.iam.send(new CreateRoleCommand({ RoleName: 'SomeOtherRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST_POLICY }));
});
afterAll(async () => {
  await stopNetworkFixture(f);
  clearSecrets();
});
afterEach(async () => {
  const { ec2, s3, logs } = f.clients;
  const ids = ((await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs ?? []).map((x) => x.FlowLogId!);
  if (ids.length) await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: ids }));
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: f.env.bucket }));
  await logs.send(new DeleteLogGroupCommand({ logGroupName: LOG_GROUP })).catch(() => undefined);
});

/** Creates a flow log on the lab VPC, the lab's settings unless overridden. */
async function flowLog(overrides: Record<string, unknown>): Promise<string> {
  const out = await f.clients.ec2.send(
    new CreateFlowLogsCommand({ ResourceType: 'VPC', ResourceIds: [f.env.vpcId], TrafficType: 'ALL', MaxAggregationInterval: 60, ...overrides } as never),
  );
  expect(out.Unsuccessful ?? []).toEqual([]);
  return out.FlowLogIds![0];
}
const s3Log = (o: Record<string, unknown> = {}) => flowLog({ LogDestinationType: 's3', LogDestination: `arn:aws:s3:::${f.env.bucket}`, ...o });
const cwLog = (o: Record<string, unknown> = {}) => flowLog({ LogDestinationType: 'cloud-watch-logs', LogGroupName: LOG_GROUP, DeliverLogsPermissionArn: f.env.roleArn, ...o });

describe('check flow-log-s3', () => {
  it('passes after the solve, with the flow log and the bucket policy as evidence', async () => {
    await solveFlowLogS3(f.ctx('run'));
    const r = await checkFlowLogS3(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.evidence.map((e) => e.title)).toEqual([expect.stringMatching(/^Flow log fl-/), `Bucket policy of ${f.env.bucket}`]);
  });

  it('fails when the VPC has no flow log at all', async () => {
    const r = await checkFlowLogS3(f.ctx('check'));
    expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/no flow log yet/) });
  });

  it('fails when the only flow log goes to CloudWatch Logs', async () => {
    await cwLog();
    const r = await checkFlowLogS3(f.ctx('check'));
    expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/send to cloud-watch-logs only.*Destination/) });
  });

  it.each([
    ['ACCEPT-only traffic', { TrafficType: 'ACCEPT' }, /captures only ACCEPT traffic; the lab asks for all traffic \(step "Create a VPC Flow Log to S3", Filter\)/],
    ['the 10-minute interval', { MaxAggregationInterval: 600 }, /over 10 minutes.*Maximum aggregation interval/],
    ['a custom format', { LogFormat: '${version} ${srcaddr} ${dstaddr} ${dstport} ${action}' }, /custom log record format.*Log record format/],
    ['a folder in the bucket', { LogDestination: 'arn:aws:s3:::BUCKET/flows' }, /folder "flows\/".*S3 bucket ARN/],
    ['Parquet files', { DestinationOptions: { FileFormat: 'parquet' } }, /S3 file options/],
  ])('fails on %s with a hint naming the field', async (_name, overrides, hint) => {
    const o = { ...overrides } as Record<string, unknown>;
    if (typeof o.LogDestination === 'string') o.LogDestination = o.LogDestination.replace('BUCKET', f.env.bucket);
    await s3Log(o);
    const r = await checkFlowLogS3(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(hint);
    expect(r.detail).toBeTruthy();
  });

  it('fails when the flow log sends to another bucket, naming it but not the lab bucket', async () => {
    await s3Log({ LogDestination: 'arn:aws:s3:::someone-elses-bucket' });
    const r = await checkFlowLogS3(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(/bucket someone-elses-bucket, which is not the bucket provided/);
    expect(r.hint).not.toContain(f.env.bucket);
    expect(r.detail).toContain(f.env.bucket);
  });

  it('fails when the bucket policy lost the ACL-check statement', async () => {
    await s3Log();
    const policy = JSON.parse((await f.clients.s3.send(new GetBucketPolicyCommand({ Bucket: f.env.bucket }))).Policy!);
    policy.Statement = policy.Statement.filter((s: { Sid?: string }) => s.Sid !== 'AWSLogDeliveryAclCheck');
    await f.clients.s3.send(new PutBucketPolicyCommand({ Bucket: f.env.bucket, Policy: JSON.stringify(policy) }));
    const r = await checkFlowLogS3(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(/check the bucket's ACL/);
    expect(r.hint).not.toMatch(/write log files/);
    expect(r.detail).toMatch(/AWSLogDeliveryAclCheck/);
  });

  it('fails when AWS reports the delivery as failed, quoting its message', async () => {
    const id = await s3Log();
    setFlowLogDeliveryError(f.emu.emulator.runtime.stateOf!('ec2', f.env.accountId, TEST_REGION), id, 'Unknown error');
    const r = await checkFlowLogS3(f.ctx('check'));
    expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/cannot deliver.*"Unknown error"/) });
  });

  it('passes on the right flow log even when a wrong one sits next to it', async () => {
    await s3Log({ TrafficType: 'REJECT' });
    await s3Log();
    expect((await checkFlowLogS3(f.ctx('check'))).verdict).toBe('passed');
  });
});

describe('check log-group', () => {
  it('passes once the group exists', async () => {
    await solveLogGroup(f.ctx('run'));
    expect(await checkLogGroup(f.ctx('check'))).toMatchObject({ verdict: 'passed', detail: expect.stringContaining(`log-group:${LOG_GROUP}`) });
  });

  it('fails when it is missing', async () => {
    const r = await checkLogGroup(f.ctx('check'));
    expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/no log group named VPCFlowLogs/) });
  });

  it('fails on a near miss in case, saying that names are case-sensitive', async () => {
    await f.clients.logs.send(new CreateLogGroupCommand({ logGroupName: 'vpcflowlogs' }));
    try {
      const r = await checkLogGroup(f.ctx('check'));
      expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/"vpcflowlogs".*case-sensitive/) });
    } finally {
      await f.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: 'vpcflowlogs' }));
    }
  });

  it('fails on a near miss in spelling among other groups, naming it (listed, not found by the case-sensitive pattern)', async () => {
    const names = ['/aws/lambda/a', 'VPC-Flow-Log', 'unrelated'];
    for (const n of names) await f.clients.logs.send(new CreateLogGroupCommand({ logGroupName: n }));
    try {
      const r = await checkLogGroup(f.ctx('check'));
      expect(r.hint).toBe('You have a log group named "VPC-Flow-Log"; the lab\'s name is spelled differently, letter for letter (step "Create the CloudWatch Log Group and VPC Flow Log", Log group name).');
    } finally {
      for (const n of names) await f.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: n }));
    }
  });
});

describe('check flow-log-cloudwatch', () => {
  it('passes after the solve', async () => {
    await solveLogGroup(f.ctx('run'));
    await solveFlowLogCloudWatch(f.ctx('run'));
    const r = await checkFlowLogCloudWatch(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toMatch(/VPCFlowLogs with DeliverVPCFlowLogsRole/);
  });

  it('fails when only the S3 flow log exists', async () => {
    await s3Log();
    expect(await checkFlowLogCloudWatch(f.ctx('check'))).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/send to s3 only/) });
  });

  it('fails on another log group', async () => {
    await cwLog({ LogGroupName: 'OtherGroup' });
    expect(await checkFlowLogCloudWatch(f.ctx('check'))).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/"OtherGroup".*Destination log group/) });
  });

  it('fails on the wrong role', async () => {
    await cwLog({ DeliverLogsPermissionArn: `arn:aws:iam::${f.env.accountId}:role/SomeOtherRole` });
    const r = await checkFlowLogCloudWatch(f.ctx('check'));
    expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/role "SomeOtherRole".*DeliverVPCFlowLogsRole.*IAM role/) });
  });

  it('fails on REJECT-only traffic and the 10-minute interval together, with both hints', async () => {
    await cwLog({ TrafficType: 'REJECT', MaxAggregationInterval: 600 });
    const r = await checkFlowLogCloudWatch(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(/only REJECT traffic/);
    expect(r.hint).toMatch(/Maximum aggregation interval/);
  });

  it('surfaces an "Access error" with a pointer to the role trust policy', async () => {
    const id = await cwLog();
    setFlowLogDeliveryError(f.emu.emulator.runtime.stateOf!('ec2', f.env.accountId, TEST_REGION), id, 'Access error');
    const r = await checkFlowLogCloudWatch(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(/"Access error".*trust policy/);
    expect(r.detail).toMatch(/DeliverLogsErrorMessage=Access error/);
  });
});
