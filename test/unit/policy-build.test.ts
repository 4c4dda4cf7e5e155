// IAM policy generation: valid documents grouped by service, and the SDK-call → IAM-action mapping.
import { allows, buildPolicy, iamActionsFor, policyActions, uncoveredCalls } from '../../runner/policy';

describe('buildPolicy', () => {
  it('groups actions by service into sorted statements with Resource "*"', () => {
    const p = buildPolicy(['logs:FilterLogEvents', 'ec2:DescribeFlowLogs', 'logs:DescribeLogGroups', 'ec2:DescribeFlowLogs', 'athena:GetWorkGroup'], 'LabwrightCheck');
    expect(p).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'LabwrightCheckAthena', Effect: 'Allow', Action: ['athena:GetWorkGroup'], Resource: '*' },
        { Sid: 'LabwrightCheckEc2', Effect: 'Allow', Action: ['ec2:DescribeFlowLogs'], Resource: '*' },
        { Sid: 'LabwrightCheckLogs', Effect: 'Allow', Action: ['logs:DescribeLogGroups', 'logs:FilterLogEvents'], Resource: '*' },
      ],
    });
    expect(policyActions(p)).toHaveLength(4);
  });

  it('refuses something that is not an IAM action name', () => {
    expect(() => buildPolicy(['DescribeFlowLogs'], 'X')).toThrow(/not an IAM action name/);
  });

  it('gives every statement a Sid of letters and digits only, as IAM requires', () => {
    const p = buildPolicy(['cloudwatch:DescribeAlarms', 'glue:GetTable', 'sns:ListTopics'], 'LabwrightRun');
    for (const s of p.Statement) expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
  });
});

describe('iamActionsFor', () => {
  it.each([
    ['ec2:DescribeFlowLogs', ['ec2:DescribeFlowLogs']],
    ['logs:FilterLogEvents', ['logs:FilterLogEvents']],
    ['cloudwatch:DescribeAlarmHistory', ['cloudwatch:DescribeAlarmHistory']],
    ['s3:ListBuckets', ['s3:ListAllMyBuckets']],
    ['s3:HeadBucket', ['s3:ListBucket']],
    ['s3:ListObjectsV2', ['s3:ListBucket']],
    ['s3:DeleteObjects', ['s3:DeleteObject']],
    ['sts:GetCallerIdentity', []],
    ['CloudWatch Logs:StartQuery', ['logs:StartQuery']],
    ['monitoring:DescribeAlarms', ['cloudwatch:DescribeAlarms']],
  ])('%s → %j', (call, actions) => {
    expect(iamActionsFor(call)).toEqual(actions);
  });
});

describe('coverage', () => {
  it('accepts exact actions and trailing wildcards, case-insensitively', () => {
    expect(allows(['ec2:Describe*'], 'ec2:DescribeFlowLogs')).toBe(true);
    expect(allows(['EC2:describeflowlogs'], 'ec2:DescribeFlowLogs')).toBe(true);
    expect(allows(['ec2:DescribeVpcs'], 'ec2:DescribeFlowLogs')).toBe(false);
  });

  it('lists the calls a set of actions does not authorize', () => {
    expect(uncoveredCalls(['s3:ListBuckets', 'sts:GetCallerIdentity', 'ec2:DescribeVpcs', 'logs:StartQuery'], ['s3:ListAllMyBuckets', 'ec2:DescribeVpcs'])).toEqual(['logs:StartQuery']);
  });
});
