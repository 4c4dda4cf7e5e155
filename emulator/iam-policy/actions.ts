import type { ServiceName } from '../framework/types';

/** The IAM service prefix of each emulated service (CloudWatch's SigV4 name is `monitoring`). */
const PREFIX: Record<ServiceName, string> = {
  ec2: 'ec2', s3: 's3', iam: 'iam', sts: 'sts', sns: 'sns', logs: 'logs', monitoring: 'cloudwatch', athena: 'athena', cloudtrail: 'cloudtrail',
};

/** S3 operations whose IAM action is not `s3:<Operation>` (S3's "actions, resources and condition keys"). */
const S3_ACTIONS: Record<string, string> = {
  ListBuckets: 'ListAllMyBuckets',
  ListObjects: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  HeadBucket: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  HeadObject: 'GetObject',
  CopyObject: 'PutObject',
  DeleteObjects: 'DeleteObject',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  CreateMultipartUpload: 'PutObject',
  UploadPart: 'PutObject',
  CompleteMultipartUpload: 'PutObject',
  AbortMultipartUpload: 'AbortMultipartUpload',
};

/** S3 operations that act on an object (resource `arn:aws:s3:::bucket/key`) rather than on the bucket. */
const S3_OBJECT_OPS = /Object(?!s(V2)?$|Versions$)|Multipart|UploadPart/;

/** The action a call needs and the resource it acts on. */
export interface CallAuthz {
  action: string;
  /** The resource ARN, or `*` when the emulator does not name it. */
  resource: string;
}

/**
 * Maps an operation to its IAM action (service prefix + operation name, S3's own names) and the
 * resource ARN where the emulator can compute it: S3 buckets and objects, IAM users, roles and
 * policies. Everything else is `*` (see the README: resource-level checks beyond these are not made).
 */
export function callAuthz(service: ServiceName, operation: string, input: Record<string, unknown>, accountId: string): CallAuthz {
  const prefix = PREFIX[service];
  if (service === 's3') {
    const action = `s3:${S3_ACTIONS[operation] ?? operation}`;
    const bucket = typeof input.Bucket === 'string' ? input.Bucket : undefined;
    if (!bucket) return { action, resource: '*' };
    const key = typeof input.Key === 'string' ? input.Key : undefined;
    return { action, resource: S3_OBJECT_OPS.test(operation) && key !== undefined ? `arn:aws:s3:::${bucket}/${key}` : `arn:aws:s3:::${bucket}` };
  }
  if (service === 'iam') return { action: `iam:${operation}`, resource: iamResource(operation, input, accountId) };
  return { action: `${prefix}:${operation}`, resource: '*' };
}

function iamResource(operation: string, input: Record<string, unknown>, accountId: string): string {
  if (typeof input.UserName === 'string') return `arn:aws:iam::${accountId}:user/${input.UserName}`;
  if (typeof input.RoleName === 'string') return `arn:aws:iam::${accountId}:role/${input.RoleName}`;
  if (typeof input.PolicyArn === 'string') return input.PolicyArn;
  if (operation === 'ListUsers') return `arn:aws:iam::${accountId}:user/`;
  if (operation === 'ListRoles') return `arn:aws:iam::${accountId}:role/`;
  if (operation === 'CreatePolicy' && typeof input.PolicyName === 'string') return `arn:aws:iam::${accountId}:policy/${input.PolicyName}`;
  return '*';
}

/** Calls every principal may make whatever its policies say (AWS: GetCallerIdentity needs no permission). */
export function alwaysAllowed(service: ServiceName, operation: string): boolean {
  return service === 'sts' && operation === 'GetCallerIdentity';
}
