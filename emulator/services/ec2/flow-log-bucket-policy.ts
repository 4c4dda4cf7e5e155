/**
 * The bucket policy statements CreateFlowLogs adds for S3 delivery (aws-fidelity §3). The docs
 * disagree on overwrite vs append; we append (CWL-AWS-logs-and-resource-policy), so a student's own
 * statements survive, and each new flow log adds its folder to the write statement's Resource.
 */

/** AWS refuses bucket policies over 20 KB; past it CreateFlowLogs fails. */
export const MAX_POLICY_BYTES = 20 * 1024;

interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

/** The folder ARN (ending in `/*`) the delivery service writes to for one flow log. */
export function deliveryResourceArn(bucket: string, prefix: string, accountId: string, hive: boolean): string {
  const folder = prefix ? `${prefix}/` : '';
  return `arn:aws:s3:::${bucket}/${folder}AWSLogs/${hive ? 'aws-account-id=' : ''}${accountId}/*`;
}

function conditions(accountId: string, region: string, withAcl: boolean) {
  return {
    StringEquals: withAcl ? { 'aws:SourceAccount': accountId, 's3:x-amz-acl': 'bucket-owner-full-control' } : { 'aws:SourceAccount': accountId },
    ArnLike: { 'aws:SourceArn': `arn:aws:logs:${region}:${accountId}:*` },
  };
}

/** Returns the policy JSON with the AWSLogDeliveryWrite and AWSLogDeliveryAclCheck statements added or extended. */
export function withLogDeliveryStatements(existing: string | undefined, bucket: string, resourceArn: string, accountId: string, region: string): string {
  let policy: { Version?: string; Id?: string; Statement?: Statement[] | Statement } = {};
  if (existing) {
    try {
      policy = JSON.parse(existing);
    } catch {
      policy = {};
    }
  }
  if (!policy.Version) policy.Version = '2012-10-17';
  if (!existing) policy.Id = 'AWSLogDeliveryWrite20150319';
  const statements: Statement[] = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
  const principal = { Service: 'delivery.logs.amazonaws.com' };
  const write = statements.find((s) => s.Sid === 'AWSLogDeliveryWrite');
  if (!write) {
    statements.push({ Sid: 'AWSLogDeliveryWrite', Effect: 'Allow', Principal: principal, Action: 's3:PutObject', Resource: resourceArn, Condition: conditions(accountId, region, true) });
  } else {
    const resources = Array.isArray(write.Resource) ? write.Resource : write.Resource ? [write.Resource] : [];
    if (!resources.includes(resourceArn)) write.Resource = [...resources, resourceArn];
  }
  if (!statements.some((s) => s.Sid === 'AWSLogDeliveryAclCheck')) {
    statements.push({
      Sid: 'AWSLogDeliveryAclCheck',
      Effect: 'Allow',
      Principal: principal,
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: `arn:aws:s3:::${bucket}`,
      Condition: conditions(accountId, region, false),
    });
  }
  policy.Statement = statements;
  return JSON.stringify(policy);
}

/** True when a policy already lets the delivery service write to this folder (needed for buckets of other accounts). */
export function policyAllowsDelivery(policyJson: string | undefined, resourceArn: string): boolean {
  if (!policyJson) return false;
  try {
    const policy = JSON.parse(policyJson) as { Statement?: Statement[] | Statement };
    const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
    return statements.some((s) => {
      if (s.Effect !== 'Allow' || !JSON.stringify(s.Principal ?? '').includes('delivery.logs.amazonaws.com')) return false;
      const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource ?? ''];
      return resources.some((r) => r === resourceArn || (r.endsWith('*') && resourceArn.startsWith(r.slice(0, -1))));
    });
  } catch {
    return false;
  }
}
