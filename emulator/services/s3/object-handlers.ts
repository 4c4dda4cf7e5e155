import { createHash } from 'node:crypto';
import { AwsError, type Handler, type RequestContext } from '../../framework/types';
import { requireBucket } from './access';
import { resolveRange } from './byte-range';
import { s3Errors } from './errors';
import { newObject, type S3Checksums, type S3Object } from './store';

const CHECKSUM_MEMBERS = ['ChecksumCRC32', 'ChecksumCRC32C', 'ChecksumCRC64NVME', 'ChecksumSHA1', 'ChecksumSHA256'] as const;

/** The body the gateway hands over, as a Buffer (it may be absent for an empty object). */
function toBuffer(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw new Error(`The S3 provider expected the request body as a Buffer but got ${typeof body}.`);
}

/** User metadata as S3 keeps it: header names are case-insensitive, so keys are lower-cased. */
function normalizeMetadata(meta: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

function checksumsFrom(input: any): S3Checksums {
  const out: S3Checksums = {};
  for (const m of CHECKSUM_MEMBERS) if (typeof input[m] === 'string' && input[m]) out[m] = input[m];
  return out;
}

/** aws-chunked is a transfer detail of the upload, never part of the stored Content-Encoding. */
function storedEncoding(value: string | undefined): string | undefined {
  const kept = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked');
  return kept.length ? kept.join(',') : undefined;
}

function findObject(bucketObjects: Record<string, S3Object>, key: string): S3Object | undefined {
  return Object.prototype.hasOwnProperty.call(bucketObjects, key) ? bucketObjects[key] : undefined;
}

/** Conditional request headers, checked as S3 does: If-Match first (412), then If-None-Match (304). */
function checkConditions(input: any, obj: S3Object): void {
  if (input.IfMatch && input.IfMatch !== '*' && input.IfMatch.replace(/"/g, '') !== obj.etag.replace(/"/g, '')) {
    throw new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: 'If-Match' });
  }
  if (input.IfNoneMatch && (input.IfNoneMatch === '*' || input.IfNoneMatch.replace(/"/g, '') === obj.etag.replace(/"/g, ''))) {
    throw new AwsError('NotModified', 'Not Modified', 304);
  }
}

/** The headers GetObject and HeadObject share. Checksums only come back when asked for, and never for part of an object. */
function objectOutput(obj: S3Object, input: any, ranged: boolean) {
  const withChecksums = input.ChecksumMode === 'ENABLED' && !ranged && Object.keys(obj.checksums).length > 0;
  return {
    AcceptRanges: 'bytes',
    LastModified: new Date(obj.lastModified),
    ETag: obj.etag,
    ContentType: input.ResponseContentType ?? obj.contentType,
    ContentEncoding: input.ResponseContentEncoding ?? obj.contentEncoding,
    ContentDisposition: input.ResponseContentDisposition ?? obj.contentDisposition,
    ContentLanguage: input.ResponseContentLanguage ?? obj.contentLanguage,
    CacheControl: input.ResponseCacheControl ?? obj.cacheControl,
    Metadata: obj.metadata,
    ...(withChecksums ? { ...obj.checksums, ChecksumType: 'FULL_OBJECT' } : {}),
  };
}

function putObject(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  const body = toBuffer(input.Body);
  if (input.ContentMD5) {
    const md5 = createHash('md5').update(body).digest('base64');
    if (input.ContentMD5 !== md5) throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
  }
  if (input.IfNoneMatch === '*' && findObject(bucket.objects, input.Key)) {
    throw new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: 'If-None-Match' });
  }
  const obj = newObject(input.Key, body, ctx.clock.now(), {
    contentType: input.ContentType,
    metadata: normalizeMetadata(input.Metadata),
    checksums: checksumsFrom(input),
    contentEncoding: storedEncoding(input.ContentEncoding),
    contentDisposition: input.ContentDisposition,
    contentLanguage: input.ContentLanguage,
    cacheControl: input.CacheControl,
  });
  bucket.objects[input.Key] = obj;
  ctx.runtime.markDirty();
  const hasChecksum = Object.keys(obj.checksums).length > 0;
  return { ETag: obj.etag, ...obj.checksums, ...(hasChecksum ? { ChecksumType: 'FULL_OBJECT' } : {}) };
}

function getObject(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  const obj = findObject(bucket.objects, input.Key);
  if (!obj) throw s3Errors.noSuchKey(input.Key);
  checkConditions(input, obj);
  const range = resolveRange(input.Range, obj.size);
  const body = range ? obj.body.subarray(range.start, range.end + 1) : obj.body;
  return {
    ...objectOutput(obj, input, range !== undefined),
    Body: body,
    ContentLength: body.length,
    // The operation's modeled status is 200; a partial answer needs 206, which the gateway takes from here.
    ...(range ? { ContentRange: `bytes ${range.start}-${range.end}/${obj.size}`, $httpStatus: 206 } : {}),
  };
}

function headObject(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket, true);
  const obj = findObject(bucket.objects, input.Key);
  if (!obj) throw s3Errors.headNotFound();
  checkConditions(input, obj);
  const range = resolveRange(input.Range, obj.size);
  return {
    ...objectOutput(obj, input, range !== undefined),
    ContentLength: range ? range.end - range.start + 1 : obj.size,
    ...(range ? { ContentRange: `bytes ${range.start}-${range.end}/${obj.size}`, $httpStatus: 206 } : {}),
  };
}

function deleteObject(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  // Deleting a key that is not there succeeds: DeleteObject is idempotent on unversioned buckets.
  if (findObject(bucket.objects, input.Key)) {
    delete bucket.objects[input.Key];
    ctx.runtime.markDirty();
  }
  return {};
}

function deleteObjects(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  const entries: Array<{ Key?: string; VersionId?: string }> = input.Delete?.Objects ?? [];
  if (entries.length === 0 || entries.length > 1000) {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
  const deleted: Array<{ Key: string }> = [];
  const errors: Array<{ Key: string; VersionId?: string; Code: string; Message: string }> = [];
  for (const e of entries) {
    const key = e.Key ?? '';
    // Buckets here are never versioned, so the only version that can exist is the null version.
    if (e.VersionId && e.VersionId !== 'null') {
      errors.push({ Key: key, VersionId: e.VersionId, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' });
      continue;
    }
    if (findObject(bucket.objects, key)) delete bucket.objects[key];
    deleted.push({ Key: key });
  }
  ctx.runtime.markDirty();
  return { Deleted: input.Delete?.Quiet ? undefined : deleted, Errors: errors.length ? errors : undefined };
}

/** Splits `bucket/key` (URL-encoded, maybe with a leading slash or ?versionId) into its parts. */
function parseCopySource(source: string | undefined): { bucket: string; key: string } {
  const raw = (source ?? '').replace(/^\//, '').replace(/\?versionId=.*$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw s3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', source ?? '');
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

function copyObject(input: any, ctx: RequestContext) {
  const target = requireBucket(ctx, input.Bucket);
  const src = parseCopySource(input.CopySource);
  const source = requireBucket(ctx, src.bucket);
  const obj = findObject(source.objects, src.key);
  if (!obj) throw s3Errors.noSuchKey(src.key);
  const replace = input.MetadataDirective === 'REPLACE';
  if (!replace && source.name === target.name && src.key === input.Key) {
    throw s3Errors.invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const copy = newObject(input.Key, Buffer.from(obj.body), ctx.clock.now(), {
    contentType: replace ? input.ContentType : obj.contentType,
    metadata: replace ? normalizeMetadata(input.Metadata) : { ...obj.metadata },
    checksums: { ...obj.checksums },
    contentEncoding: replace ? storedEncoding(input.ContentEncoding) : obj.contentEncoding,
    contentDisposition: replace ? input.ContentDisposition : obj.contentDisposition,
    contentLanguage: replace ? input.ContentLanguage : obj.contentLanguage,
    cacheControl: replace ? input.CacheControl : obj.cacheControl,
  });
  target.objects[input.Key] = copy;
  ctx.runtime.markDirty();
  return { CopyObjectResult: { ETag: copy.etag, LastModified: new Date(copy.lastModified), ...copy.checksums } };
}

/** The object-level S3 operations (listing lives in list-objects.ts). */
export const objectHandlers: Record<string, Handler> = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
  CopyObject: copyObject,
};
