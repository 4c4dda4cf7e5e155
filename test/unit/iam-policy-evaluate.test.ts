import { callAuthz } from '../../emulator/iam-policy/actions';
import { evaluate, wildcardMatch } from '../../emulator/iam-policy/evaluate';

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('IAM identity-policy evaluation', () => {
  it('denies implicitly when nothing allows', () => {
    expect(evaluate([], { action: 'ec2:DescribeInstances', resource: '*' })).toBe('ImplicitDeny');
    expect(evaluate([doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], { action: 'ec2:DescribeInstances', resource: '*' })).toBe('ImplicitDeny');
  });

  it('allows with a matching Allow, actions compared case-insensitively and with wildcards', () => {
    const d = doc({ Effect: 'Allow', Action: ['EC2:describe*'], Resource: '*' });
    expect(evaluate([d], { action: 'ec2:DescribeInstances', resource: '*' })).toBe('Allow');
    expect(evaluate([d], { action: 'ec2:RunInstances', resource: '*' })).toBe('ImplicitDeny');
    expect(evaluate([doc({ Effect: 'Allow', Action: 'iam:Get?ser', Resource: '*' })], { action: 'iam:GetUser', resource: '*' })).toBe('Allow');
  });

  it('lets an explicit Deny win over any Allow, across documents', () => {
    const allow = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
    const deny = doc({ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::logs-*' });
    expect(evaluate([allow, deny], { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::logs-bucket' })).toBe('ExplicitDeny');
    expect(evaluate([allow, deny], { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::other' })).toBe('Allow');
  });

  it('honours NotAction and NotResource', () => {
    const d = doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
    expect(evaluate([d], { action: 'iam:ListUsers', resource: '*' })).toBe('ImplicitDeny');
    expect(evaluate([d], { action: 'logs:DescribeLogGroups', resource: '*' })).toBe('Allow');
    const nr = doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' });
    expect(evaluate([nr], { action: 's3:GetObject', resource: 'arn:aws:s3:::secret/a.txt' })).toBe('ImplicitDeny');
    expect(evaluate([nr], { action: 's3:GetObject', resource: 'arn:aws:s3:::public/a.txt' })).toBe('Allow');
  });

  it('matches resources case-sensitively, with * and ? and ${aws:username}', () => {
    expect(wildcardMatch('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x')).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::b?cket/*', 'arn:aws:s3:::bucket/a/b')).toBe(true);
    const home = doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' });
    const ctx = { 'aws:username': 'alice' };
    expect(evaluate([home], { action: 's3:PutObject', resource: 'arn:aws:s3:::home/alice/f', context: ctx })).toBe('Allow');
    expect(evaluate([home], { action: 's3:PutObject', resource: 'arn:aws:s3:::home/bob/f', context: ctx })).toBe('ImplicitDeny');
  });

  it('tests the implemented condition operators; a missing key fails the condition unless IfExists', () => {
    const d = doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
    expect(evaluate([d], { action: 'ec2:DescribeVpcs', resource: '*', context: { 'aws:requestedregion': 'eu-west-1' } })).toBe('Allow');
    expect(evaluate([d], { action: 'ec2:DescribeVpcs', resource: '*', context: { 'aws:requestedregion': 'us-east-1' } })).toBe('ImplicitDeny');
    expect(evaluate([d], { action: 'ec2:DescribeVpcs', resource: '*' })).toBe('ImplicitDeny');
    const like = doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotLikeIfExists: { 'aws:RequestedRegion': 'eu-*' } } });
    expect(evaluate([like], { action: 'ec2:DescribeVpcs', resource: '*', context: { 'aws:requestedregion': 'us-east-1' } })).toBe('ExplicitDeny');
    expect(evaluate([like], { action: 'ec2:DescribeVpcs', resource: '*' })).toBe('ExplicitDeny');
    expect(evaluate([like], { action: 'ec2:DescribeVpcs', resource: '*', context: { 'aws:requestedregion': 'eu-west-1' } })).toBe('ImplicitDeny');
  });

  it('grants nothing from an unreadable document', () => {
    expect(evaluate(['not json'], { action: 'ec2:DescribeVpcs', resource: '*' })).toBe('ImplicitDeny');
  });
});

describe('operation to IAM action', () => {
  it("uses S3's own action names and bucket/object ARNs", () => {
    expect(callAuthz('s3', 'ListBuckets', {}, '123456789012')).toEqual({ action: 's3:ListAllMyBuckets', resource: '*' });
    expect(callAuthz('s3', 'ListObjectsV2', { Bucket: 'b' }, '123456789012')).toEqual({ action: 's3:ListBucket', resource: 'arn:aws:s3:::b' });
    expect(callAuthz('s3', 'GetObject', { Bucket: 'b', Key: 'k/1' }, '123456789012')).toEqual({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k/1' });
    expect(callAuthz('s3', 'PutBucketPolicy', { Bucket: 'b' }, '123456789012')).toEqual({ action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::b' });
  });

  it('prefixes other services, CloudWatch as cloudwatch, and names IAM users', () => {
    expect(callAuthz('ec2', 'DescribeInstances', {}, '1').action).toBe('ec2:DescribeInstances');
    expect(callAuthz('monitoring', 'PutMetricAlarm', {}, '1').action).toBe('cloudwatch:PutMetricAlarm');
    expect(callAuthz('iam', 'GetUser', { UserName: 'bob' }, '123456789012')).toEqual({ action: 'iam:GetUser', resource: 'arn:aws:iam::123456789012:user/bob' });
  });
});
