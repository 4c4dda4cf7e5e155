import { randomUUID } from 'node:crypto';
import type { Caller, ServiceName } from '../../framework/types';

/** What AWS puts in place of secrets in a record (CloudTrail "information that is not logged"). */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

// Member names whose values CloudTrail never logs: secrets, passwords, private keys, user data.
const SECRET_MEMBER = /(secret|password|privatekey|keymaterial|sessiontoken|credentials$)/i;
const REMOVED_MEMBER = /^(userData|body)$/i;

/** The eventSource of each emulated service (CloudWatch is monitoring.amazonaws.com in CloudTrail). */
const EVENT_SOURCE: Record<ServiceName, string> = {
  ec2: 'ec2.amazonaws.com', s3: 's3.amazonaws.com', iam: 'iam.amazonaws.com', sts: 'sts.amazonaws.com', sns: 'sns.amazonaws.com',
  logs: 'logs.amazonaws.com', monitoring: 'monitoring.amazonaws.com', athena: 'athena.amazonaws.com', cloudtrail: 'cloudtrail.amazonaws.com',
};

/** S3 object-level operations: data events, not management events (logged only when a data selector asks). */
const S3_DATA_OPS = /^(GetObject|HeadObject|PutObject|CopyObject|DeleteObjects?|GetObjectTagging|PutObjectTagging|DeleteObjectTagging|GetObjectAcl|PutObjectAcl|CreateMultipartUpload|UploadPart|CompleteMultipartUpload|AbortMultipartUpload|ListParts|RestoreObject|SelectObjectContent|GetObjectAttributes)$/;

/** One API call as the gateway saw it. */
export interface ApiCall {
  service: ServiceName;
  operation: string;
  input: Record<string, unknown>;
  output?: unknown;
  error?: { code: string; message: string };
  caller: Caller;
  accountId: string;
  region: string;
  requestId: string;
  userAgent?: string;
  sourceIp: string;
  timeMs: number;
}

/** True for calls CloudTrail marks readOnly (Describe/Get/List/Lookup/Head… and Athena's reads). */
export function isReadOnly(operation: string): boolean {
  return /^(Describe|Get|List|Lookup|Head|Search|BatchGet|Select|Filter|Test)/.test(operation);
}

/** True for data events (S3 object operations). */
export function isDataEvent(service: ServiceName, operation: string): boolean {
  return service === 's3' && S3_DATA_OPS.test(operation);
}

/** CloudTrail's eventSource for a service. */
export function eventSourceOf(service: ServiceName): string {
  return EVENT_SOURCE[service];
}

function lowerFirst(s: string): string {
  return s ? s[0].toLowerCase() + s.slice(1) : s;
}

/** Request/response members as CloudTrail logs them: lowerCamelCase keys, secrets hidden, bodies removed. */
export function loggable(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return undefined;
  if (depth > 12) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) return value.map((v) => loggable(v, depth + 1)).filter((v) => v !== undefined);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (REMOVED_MEMBER.test(k)) continue;
      if (SECRET_MEMBER.test(k)) {
        out[lowerFirst(k)] = HIDDEN;
        continue;
      }
      const lv = loggable(v, depth + 1);
      if (lv !== undefined) out[lowerFirst(k)] = lv;
    }
    return out;
  }
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function userIdentity(c: ApiCall): Record<string, unknown> {
  const base = { type: c.caller.type, principalId: c.caller.principalId, arn: c.caller.arn, accountId: c.accountId };
  const key = c.caller.accessKeyId ? { accessKeyId: c.caller.accessKeyId } : {};
  return c.caller.type === 'IAMUser' ? { ...base, ...key, userName: c.caller.userName } : { ...base, ...key };
}

function s3RequestParameters(c: ApiCall): Record<string, unknown> | null {
  const p: Record<string, unknown> = {};
  if (typeof c.input.Bucket === 'string') p.bucketName = c.input.Bucket;
  if (typeof c.input.Key === 'string') p.key = c.input.Key;
  if (typeof c.input.Prefix === 'string') p.prefix = c.input.Prefix;
  p.Host = typeof c.input.Bucket === 'string' ? `${c.input.Bucket}.s3.amazonaws.com` : 's3.amazonaws.com';
  return p;
}

/** The CloudTrail record of a call, in the documented shape (eventVersion 1.09). */
export function buildRecord(c: ApiCall): Record<string, unknown> {
  const readOnly = isReadOnly(c.operation);
  const data = isDataEvent(c.service, c.operation);
  const params = c.service === 's3' ? s3RequestParameters(c) : (loggable(c.input) as Record<string, unknown>);
  // AWS leaves responseElements null for read-only calls and failures.
  const response = c.error || readOnly ? null : (loggable(c.output) as Record<string, unknown> | undefined);
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: userIdentity(c),
    eventTime: new Date(c.timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: eventSourceOf(c.service),
    eventName: c.operation,
    // IAM and STS (global endpoint) calls are logged in us-east-1.
    awsRegion: c.service === 'iam' ? 'us-east-1' : c.region,
    sourceIPAddress: c.sourceIp,
    userAgent: c.userAgent ?? '',
  };
  if (c.error) {
    record.errorCode = c.error.code;
    record.errorMessage = c.error.message;
  }
  Object.assign(record, {
    requestParameters: params && Object.keys(params).length ? params : null,
    responseElements: response && Object.keys(response).length ? response : null,
    requestID: c.requestId,
    eventID: randomUUID(),
    readOnly,
    ...(data && typeof c.input.Bucket === 'string'
      ? { resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${c.input.Bucket}/${String(c.input.Key ?? '')}` }, { accountId: c.accountId, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${c.input.Bucket}` }] }
      : {}),
    eventType: 'AwsApiCall',
    managementEvent: !data,
    recipientAccountId: c.accountId,
    eventCategory: data ? 'Data' : 'Management',
  });
  return record;
}
