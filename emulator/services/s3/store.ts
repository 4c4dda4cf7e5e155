import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

// crypto.hash (Node ≥ 20.12) hashes in one call, without a Hash object per object written.
const md5Hex: (body: Buffer) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (body) => (crypto as unknown as { hash(alg: string, data: Buffer, enc: 'hex'): string }).hash('md5', body, 'hex')
    : (body) => createHash('md5').update(body).digest('hex');

/** The checksums S3 stores with an object when the writer sent them (base64, as on the wire). */
export interface S3Checksums {
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
}

/** One stored object. Times are epoch milliseconds so the state stays plain JSON-able data. */
export interface S3Object {
  key: string;
  body: Buffer;
  size: number;
  /** Quoted MD5 hex, exactly as S3 returns it in the ETag header. */
  etag: string;
  contentType: string;
  lastModified: number;
  metadata: Record<string, string>;
  checksums: S3Checksums;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
}

/** One bucket: its home region and owner matter because bucket names are global. */
export interface S3Bucket {
  name: string;
  region: string;
  ownerAccountId: string;
  createdAt: number;
  policy?: string;
  /** The bucket's tag set (PutBucketTagging replaces it whole); absent when it has none. */
  tags?: Array<{ Key: string; Value: string }>;
  objects: Record<string, S3Object>;
}

/** The S3 state: one for all accounts and regions, keyed by bucket name. */
export interface S3State {
  buckets: Record<string, S3Bucket>;
}

/** An empty S3 state. */
export function createS3State(): S3State {
  return { buckets: {} };
}

/** The bucket with that name, whoever owns it. */
export function getBucket(state: S3State, name: string): S3Bucket | undefined {
  return Object.prototype.hasOwnProperty.call(state.buckets, name) ? state.buckets[name] : undefined;
}

/** The keys under a prefix, sorted by key in UTF-8 byte order as S3 lists them. */
export function listObjectKeys(state: S3State, bucket: string, prefix: string): Array<{ key: string; size: number; lastModified: number }> {
  const b = getBucket(state, bucket);
  if (!b) return [];
  return sortedKeys(b)
    .filter((k) => k.startsWith(prefix))
    .map((k) => ({ key: k, size: b.objects[k].size, lastModified: b.objects[k].lastModified }));
}

/** An object's bytes, or undefined when the bucket or key does not exist. */
export function getObjectBody(state: S3State, bucket: string, key: string): Buffer | undefined {
  const b = getBucket(state, bucket);
  if (!b || !Object.prototype.hasOwnProperty.call(b.objects, key)) return undefined;
  return b.objects[key].body;
}

/**
 * Writes an object on AWS's side (flow-log delivery, Athena results). Throws when the bucket is
 * missing, because AWS-side writers must report that as a delivery error rather than create it.
 */
export function putObjectInternal(state: S3State, bucket: string, key: string, body: Buffer, contentType?: string, nowMs = Date.now()): void {
  const b = getBucket(state, bucket);
  if (!b) throw new Error(`The bucket ${bucket} does not exist, so ${key} cannot be written.`);
  b.objects[key] = newObject(key, body, nowMs, { contentType });
}

/** Sets a bucket's policy on AWS's side (the flow-log delivery policy); throws when the bucket is missing. */
export function setBucketPolicyInternal(state: S3State, bucket: string, policyJson: string): void {
  const b = getBucket(state, bucket);
  if (!b) throw new Error(`The bucket ${bucket} does not exist, so its policy cannot be set.`);
  b.policy = policyJson;
}

/** Builds a stored object, computing the ETag S3 gives single-part uploads (the body's MD5). */
export function newObject(
  key: string,
  body: Buffer,
  nowMs: number,
  extra: Partial<Omit<S3Object, 'key' | 'body' | 'size' | 'etag' | 'lastModified'>> = {},
): S3Object {
  return {
    key,
    body,
    size: body.length,
    etag: `"${md5Hex(body)}"`,
    contentType: extra.contentType ?? 'binary/octet-stream',
    lastModified: nowMs,
    metadata: extra.metadata ?? {},
    checksums: extra.checksums ?? {},
    contentEncoding: extra.contentEncoding,
    contentDisposition: extra.contentDisposition,
    contentLanguage: extra.contentLanguage,
    cacheControl: extra.cacheControl,
  };
}

/** A bucket's keys in the order S3 lists them: by UTF-8 bytes, not UTF-16 code units. */
export function sortedKeys(bucket: S3Bucket): string[] {
  return Object.keys(bucket.objects)
    .map((k) => ({ k, bytes: Buffer.from(k) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((e) => e.k);
}

/** The canonical user id S3 shows for an account: 64 hex characters, stable per account. */
export function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`labwright-canonical-user:${accountId}`).digest('hex');
}
