import type { RequestContext } from '../../framework/types';
import { evaluate } from '../../iam-policy/evaluate';
import { getRoleByArn, roleTrustsService, type IamState } from '../iam/store';
import { getLogGroup, type LogsState } from '../logs/store';
import { getBucket, type S3State } from '../s3/store';
import { ctErrors } from './errors';

/** CloudTrail's service principal (bucket policies and role trust name it). */
export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/** Checks a trail name against CreateTrail's documented rules, throwing InvalidTrailNameException. */
export function checkTrailName(name: unknown): void {
  const n = typeof name === 'string' ? name : '';
  if (n.length < 3) throw ctErrors.invalidName(`Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${n.length} characters.`);
  if (n.length > 128) throw ctErrors.invalidName(`Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${n.length} characters.`);
  if (!/^[A-Za-z0-9._-]+$/.test(n)) throw ctErrors.invalidName('Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).');
  if (!/^[A-Za-z0-9]/.test(n)) throw ctErrors.invalidName('Trail name must starts with a letter or number.');
  if (!/[A-Za-z0-9]$/.test(n)) throw ctErrors.invalidName('Trail name must ends with a letter or number.');
  if (/[._-]{2}/.test(n)) throw ctErrors.invalidName('Trail name cannot have adjacent periods, underscores or dashes.');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(n)) throw ctErrors.invalidName('Trail name must not be in an IP address format.');
}

function statementsFor(policyJson: string, principal: string): string {
  try {
    const doc = JSON.parse(policyJson) as { Statement?: unknown };
    const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    const mine = list.filter((s: any) => {
      const p = s?.Principal;
      if (p === '*' || p?.AWS === '*') return true;
      const services = p?.Service === undefined ? [] : Array.isArray(p.Service) ? p.Service : [p.Service];
      return services.includes(principal);
    });
    return JSON.stringify({ Statement: mine });
  } catch {
    return '{"Statement":[]}';
  }
}

/**
 * True when a bucket policy lets CloudTrail deliver this trail's files: s3:GetBucketAcl on the bucket
 * and s3:PutObject on `[prefix/]AWSLogs/<account>/*`, for the cloudtrail.amazonaws.com principal, with
 * the conditions of AWS's documented policy (SourceArn/SourceAccount, bucket-owner-full-control).
 */
export function bucketPolicyAllowsTrail(policyJson: string | undefined, bucket: string, prefix: string | undefined, accountId: string, trailArnValue: string): boolean {
  if (!policyJson) return false;
  const doc = statementsFor(policyJson, CLOUDTRAIL_PRINCIPAL);
  const context = { 'aws:sourcearn': trailArnValue, 'aws:sourceaccount': accountId, 's3:x-amz-acl': 'bucket-owner-full-control' };
  const folder = prefix ? `${prefix}/` : '';
  const acl = evaluate([doc], { action: 's3:GetBucketAcl', resource: `arn:aws:s3:::${bucket}`, context });
  const put = evaluate([doc], { action: 's3:PutObject', resource: `arn:aws:s3:::${bucket}/${folder}AWSLogs/${accountId}/x`, context });
  return acl === 'Allow' && put === 'Allow';
}

/** Validates the bucket CreateTrail/UpdateTrail names: it exists and its policy admits CloudTrail. */
export function checkBucket(ctx: RequestContext, bucket: string, prefix: string | undefined, arn: string): void {
  const s3 = ctx.stateOf<S3State>('s3', ctx.accountId, 'us-east-1');
  const b = getBucket(s3, bucket);
  if (!b) throw ctErrors.bucketMissing(bucket);
  if (!bucketPolicyAllowsTrail(b.policy, bucket, prefix, ctx.accountId, arn)) throw ctErrors.bucketPolicy(bucket);
}

const GROUP_ARN = /^arn:aws[\w-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([.\-_/#A-Za-z0-9]+):\*$/;

/** The log group an ARN names (`arn:aws:logs:region:account:log-group:name:*`), or undefined when malformed. */
export function parseLogGroupArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = GROUP_ARN.exec(arn);
  return m ? { region: m[1], accountId: m[2], name: m[3] } : undefined;
}

/** True when the role exists in the account and trusts cloudtrail.amazonaws.com. */
export function roleUsableByCloudTrail(ctx: Pick<RequestContext, 'stateOf' | 'accountId'>, roleArn: string): boolean {
  const role = getRoleByArn(ctx.stateOf<IamState>('iam', ctx.accountId, 'us-east-1'), roleArn);
  return !!role && roleTrustsService(role, CLOUDTRAIL_PRINCIPAL);
}

/** Validates the CloudWatch Logs pair: both or neither, a well-formed ARN of an existing group, a usable role. */
export function checkCloudWatchLogs(ctx: RequestContext, groupArn: string | undefined, roleArn: string | undefined): void {
  if (!groupArn && !roleArn) return;
  if (!groupArn) throw ctErrors.logGroupArn('You must specify a log group ARN when you specify a CloudWatch Logs role ARN.');
  if (!roleArn) throw ctErrors.roleArn('You must specify a role ARN when you specify a CloudWatch Logs log group ARN.');
  const group = parseLogGroupArn(groupArn);
  if (!group || group.accountId !== ctx.accountId) throw ctErrors.logGroupArn('CloudWatch Logs log group ARN is invalid.');
  if (!getLogGroup(ctx.stateOf<LogsState>('logs', group.accountId, group.region), group.name)) {
    throw ctErrors.logGroupArn('Access denied. Verify in IAM that the role has adequate permissions.');
  }
  if (!/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/.test(roleArn)) throw ctErrors.roleArn('CloudWatch Logs role ARN is invalid.');
  if (!roleUsableByCloudTrail(ctx, roleArn)) throw ctErrors.roleArn('Access denied. Verify in IAM that the role has adequate permissions.');
}
