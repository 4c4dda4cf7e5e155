// `labwright policy [LAB] [--run]`: valid IAM JSON on stdout, one statement per service, sorted.
import { runInProcess } from '../cli-in-process';

interface Policy {
  Version: string;
  Statement: Array<{ Sid: string; Effect: string; Action: string[]; Resource: string }>;
}

function expectWellFormed(p: Policy): void {
  expect(p.Version).toBe('2012-10-17');
  const services = p.Statement.map((s) => s.Action[0].split(':')[0]);
  expect(services).toEqual([...new Set(services)].sort());
  for (const s of p.Statement) {
    expect(s).toEqual({ Sid: expect.stringMatching(/^[A-Za-z0-9]+$/), Effect: 'Allow', Action: expect.any(Array), Resource: '*' });
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

  it('exits 2 naming the known labs for an unknown lab', async () => {
    const r = await runInProcess('policy', 'no-such-lab');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown lab 'no-such-lab'; known labs: cloudtrail-security-monitoring, vpc-flow-logs");
  });
});
