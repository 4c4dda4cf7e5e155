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
  return READ_ONLY.test(operation);
}
const READ_ONLY = /^(Describe|Get|List|Lookup|Head|Search|BatchGet|Select|Filter|Test)/;

/** True for data events (S3 object operations). */
export function isDataEvent(service: ServiceName, operation: string): boolean {
  return service === 's3' && S3_DATA_OPS.test(operation);
}

/** CloudTrail's eventSource for a service. */
export function eventSourceOf(service: ServiceName): string {
  return EVENT_SOURCE[service];
}

/** How a member name appears in a record: dropped (bodies, user data), hidden (secrets) or lower-camel. */
type KeyFate = { drop: true } | { drop: false; name: string; hidden: boolean };
// Member names repeat endlessly (the models are finite): each name's fate is worked out once.
const keyFates = new Map<string, KeyFate>();
function keyFate(k: string): KeyFate {
  let fate = keyFates.get(k);
  if (!fate) {
    fate = REMOVED_MEMBER.test(k) ? { drop: true } : { drop: false, name: k ? k[0].toLowerCase() + k.slice(1) : k, hidden: SECRET_MEMBER.test(k) };
    // Map keys (tags, metadata) are free text: stop remembering new names past a bound.
    if (keyFates.size < 10_000) keyFates.set(k, fate);
  }
  return fate;
}

/** Request/response members as CloudTrail logs them: lowerCamelCase keys, secrets hidden, bodies removed. */
export function loggable(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return undefined;
  if (depth > 12) return undefined;
  if (typeof value !== 'object') return typeof value === 'bigint' ? Number(value) : value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return undefined; // Buffers too
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) {
      const lv = loggable(v, depth + 1);
      if (lv !== undefined) out.push(lv);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const k in record) {
    if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
    const fate = keyFate(k);
    if (fate.drop) continue;
    if (fate.hidden) {
      out[fate.name] = HIDDEN;
      continue;
    }
    const lv = loggable(record[k], depth + 1);
    if (lv !== undefined) out[fate.name] = lv;
  }
  return out;
}

function userIdentity(c: ApiCall): Record<string, unknown> {
  const u: Record<string, unknown> = { type: c.caller.type, principalId: c.caller.principalId, arn: c.caller.arn, accountId: c.accountId };
  if (c.caller.accessKeyId) u.accessKeyId = c.caller.accessKeyId;
  if (c.caller.type === 'IAMUser') u.userName = c.caller.userName;
  return u;
}

function s3RequestParameters(c: ApiCall): Record<string, unknown> | null {
  const p: Record<string, unknown> = {};
  if (typeof c.input.Bucket === 'string') p.bucketName = c.input.Bucket;
  if (typeof c.input.Key === 'string') p.key = c.input.Key;
  if (typeof c.input.Prefix === 'string') p.prefix = c.input.Prefix;
  p.Host = typeof c.input.Bucket === 'string' ? `${c.input.Bucket}.s3.amazonaws.com` : 's3.amazonaws.com';
  return p;
}

function isEmpty(o: Record<string, unknown>): boolean {
  for (const _ in o) return false;
  return true;
}

/**
 * What of a call must be taken when it happens: its request and response members as they were then
 * (handlers keep and later change objects they returned). The rest of a record is made from the call's
 * plain fields whenever the record is read.
 */
export interface CallMembers {
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
}

/** A call's request and response members as CloudTrail logs them, taken now. */
export function callMembers(c: ApiCall): CallMembers {
  const params = c.service === 's3' ? s3RequestParameters(c) : (loggable(c.input) as Record<string, unknown> | undefined);
  // AWS leaves responseElements null for read-only calls and failures.
  const response = c.error || isReadOnly(c.operation) ? null : (loggable(c.output) as Record<string, unknown> | undefined);
  return { requestParameters: params && !isEmpty(params) ? params : null, responseElements: response && !isEmpty(response) ? response : null };
}

/** An event time as CloudTrail writes it: ISO 8601 to the second. */
function eventTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
}

/** The CloudTrail record of a call, in the documented shape (eventVersion 1.09); `members` default to taking them now. */
export function buildRecord(c: ApiCall, members: CallMembers = callMembers(c), eventId: string = randomUUID()): Record<string, unknown> {
  const data = isDataEvent(c.service, c.operation);
  // Written key by key in the documented order (the order JSON consumers of a trail see).
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: userIdentity(c),
    eventTime: eventTime(c.timeMs),
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
  record.requestParameters = members.requestParameters;
  record.responseElements = members.responseElements;
  record.requestID = c.requestId;
  record.eventID = eventId;
  record.readOnly = isReadOnly(c.operation);
  if (data && typeof c.input.Bucket === 'string') {
    record.resources = [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${c.input.Bucket}/${String(c.input.Key ?? '')}` }, { accountId: c.accountId, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${c.input.Bucket}` }];
  }
  record.eventType = 'AwsApiCall';
  record.managementEvent = !data;
  record.recipientAccountId = c.accountId;
  record.eventCategory = data ? 'Data' : 'Management';
  return record;
}
