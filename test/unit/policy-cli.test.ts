// `labwright policy [LAB] [--run]`: valid IAM JSON on stdout, one statement per service, sorted.
import { runInProcess } from '../cli-in-process';

interface Policy {
  Version: string;
  Statement: Array<{ Sid: string; Effect: string; Action: string[]; Resource: string | string[] }>;
}

function expectWellFormed(p: Policy): void {
  expect(p.Version).toBe('2012-10-17');
  // One statement per service on '*', then the few actions limited to named resources.
  const open = p.Statement.filter((s) => s.Resource === '*');
  const services = open.map((s) => s.Action[0].split(':')[0]);
  expect(services).toEqual([...new Set(services)].sort());
  expect(p.Statement.slice(0, open.length)).toEqual(open);
  const sids = p.Statement.map((s) => s.Sid);
  expect(new Set(sids).size).toBe(sids.length);
  for (const s of p.Statement) {
    expect(s).toEqual({ Sid: expect.stringMatching(/^[A-Za-z0-9]+$/), Effect: 'Allow', Action: expect.any(Array), Resource: expect.anything() });
    expect(s.Action).toEqual([...new Set(s.Action)].sort());
    expect(new Set(s.Action.map((a) => a.split(':')[0]))).toEqual(new Set([s.Action[0].split(':')[0]]));
  }
}

describe('labwright policy', () => {
  it('prints the check policy: read actions of the checks and discovery', async () => {
    const r = await runInProcess('policy');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Policy;
    expectWellFormed(p);
    const actions = p.Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['ec2:DescribeFlowLogs', 'logs:FilterLogEvents', 'logs:StartQuery', 'athena:GetQueryResults', 'ec2:DescribeInstances', 's3:ListAllMyBuckets']));
    expect(actions).not.toContain('ec2:CreateFlowLogs');
    expect(actions).not.toContain('sts:GetCallerIdentity');
  });

  it('prints with --run the policy of a full run, a superset of the check policy', async () => {
    const check = (JSON.parse((await runInProcess('policy', 'vpc-flow-logs')).stdout) as Policy).Statement.flatMap((s) => s.Action);
    const r = await runInProcess('policy', 'vpc-flow-logs', '--run');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Policy;
    expectWellFormed(p);
    const run = p.Statement.flatMap((s) => s.Action);
    expect(run).toEqual(expect.arrayContaining([...check, 'ec2:RunInstances', 'ec2:CreateFlowLogs', 'iam:PassRole', 'ec2:DeleteVpc', 'cloudwatch:PutMetricAlarm']));
  });

  it('limits s3:PutObject (Athena writing its result file) to the result location, never "*"', async () => {
    for (const args of [['policy'], ['policy', '--run']]) {
      const p = JSON.parse((await runInProcess(...args)).stdout) as Policy;
      const put = p.Statement.filter((s) => s.Action.includes('s3:PutObject'));
      expect(put).toHaveLength(1);
      expect(put[0].Action).toEqual(['s3:PutObject']);
      expect([put[0].Resource].flat().every((r) => r.startsWith('arn:aws:s3:::') && r.endsWith('*') && r.includes('/'))).toBe(true);
    }
    const r = await runInProcess('policy', '--result-location', 's3://my-lab-bucket/AWSLogs/123456789012/');
    expect(r.code).toBe(0);
    const put = (JSON.parse(r.stdout) as Policy).Statement.find((s) => s.Action.includes('s3:PutObject'));
    expect(put?.Resource).toBe('arn:aws:s3:::my-lab-bucket/AWSLogs/123456789012/*');
  });

  it('exits 2 naming the fix for a result location that is not an S3 URI', async () => {
    const r = await runInProcess('policy', '--result-location', 'my-bucket/results');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--result-location 'my-bucket/results' is not an S3 URI");
  });

  it('exits 2 naming the known labs for an unknown lab', async () => {
    const r = await runInProcess('policy', 'no-such-lab');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown lab 'no-such-lab'; known labs: cloudtrail-security-monitoring, vpc-flow-logs");
  });
});
