// IAM policy generation: valid documents grouped by service, and the SDK-call → IAM-action mapping.
import { callQualifiers, sqlKind } from '../../aws/calls';
import { allows, buildPolicy, iamActionsFor, iamActionsOfCalls, policyActions, uncoveredCalls } from '../../runner/policy';

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
    ['s3:HeadObject', ['s3:GetObject']],
    ['s3:PutObject', ['s3:PutObject']],
    ['ec2:RunInstances[tagged]', ['ec2:RunInstances', 'ec2:CreateTags']],
    ['iam:CreateRole[tagged]', ['iam:CreateRole', 'iam:TagRole']],
    ['ec2:CreateFlowLogs[cloud-watch-logs,tagged]', ['ec2:CreateFlowLogs', 'iam:PassRole', 'ec2:CreateTags']],
    ['ec2:CreateFlowLogs[s3]', ['ec2:CreateFlowLogs', 'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 's3:GetBucketPolicy', 's3:PutBucketPolicy']],
    ['athena:StartQueryExecution[create-table]', ['athena:StartQueryExecution', 's3:GetBucketLocation', 's3:PutObject', 'glue:GetDatabase', 'glue:CreateTable']],
  ])('%s → %j', (call, actions) => {
    expect(iamActionsFor(call)).toEqual(actions);
  });
});

describe('call qualifiers', () => {
  it('name what decides the extra actions, never a value of the call', () => {
    expect(callQualifiers('StartQueryExecution', { QueryString: "-- mark\nSELECT * FROM t WHERE secret = 'hunter2'" })).toEqual(['select']);
    expect(callQualifiers('CreateFlowLogs', { LogDestinationType: 's3', TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: [{ Key: 'k', Value: 'v' }] }] })).toEqual(['s3', 'tagged']);
    expect(callQualifiers('CreateLogGroup', { logGroupName: 'g', tags: {} })).toEqual([]);
    expect(callQualifiers('DescribeVpcs', { Filters: [] })).toEqual([]);
  });

  it.each([
    ['SHOW PARTITIONS vpc_flow_logs', 'show-partitions'],
    ['  alter table db.t ADD PARTITION (dt=1)', 'add-partition'],
    ['CREATE EXTERNAL TABLE IF NOT EXISTS t (a int)', 'create-table'],
    ['DROP TABLE IF EXISTS db.t', 'drop-table'],
    ['create database lw_x', 'create-database'],
    ['WITH a AS (SELECT 1) SELECT * FROM a', 'select'],
  ])('%s is %s', (sql, kind) => expect(sqlKind(sql)).toBe(kind));

  it('an unknown qualifier is an error, not a silently smaller policy', () => {
    expect(() => iamActionsFor('ec2:DescribeVpcs[odd]')).toThrow(/unknown qualifier 'odd'/);
    expect(iamActionsOfCalls(['s3:ListBuckets', 'sts:GetCallerIdentity', 's3:ListObjectsV2'])).toEqual(['s3:ListAllMyBuckets', 's3:ListBucket']);
  });
});

describe('resource scopes', () => {
  it('puts a scoped action in a statement of its own, limited to its resources', () => {
    const p = buildPolicy(['s3:GetObject', 's3:PutObject'], 'LabwrightCheck', { 's3:PutObject': ['arn:aws:s3:::b/results/*'] });
    expect(p.Statement).toEqual([
      { Sid: 'LabwrightCheckS3', Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
      { Sid: 'LabwrightCheckS3Scoped1', Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::b/results/*' },
    ]);
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
