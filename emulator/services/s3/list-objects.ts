import type { Handler, RequestContext } from '../../framework/types';
import { requireBucket } from './access';
import { s3Errors } from './errors';
import { canonicalUserId, sortedKeys, type S3Bucket } from './store';

type Entry = { kind: 'key'; key: string } | { kind: 'prefix'; prefix: string };

interface Page {
  entries: Entry[];
  truncated: boolean;
}

/** Byte-wise comparison of two keys, the order S3 lists in. */
function cmp(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * One page of a listing: keys after `after` under `prefix`, rolled up into common prefixes at the
 * first delimiter after the prefix. A common prefix counts as one entry against maxKeys, and when a
 * page ends on one, the next page resumes after every key it covers.
 */
function listPage(bucket: S3Bucket, prefix: string, delimiter: string, after: Entry | undefined, maxKeys: number): Page {
  const entries: Entry[] = [];
  let lastPrefix: string | undefined;
  for (const key of sortedKeys(bucket)) {
    if (!key.startsWith(prefix)) continue;
    if (after?.kind === 'key' && cmp(key, after.key) <= 0) continue;
    if (after?.kind === 'prefix' && (cmp(key, after.prefix) <= 0 || key.startsWith(after.prefix))) continue;
    let entry: Entry = { kind: 'key', key };
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const cp = key.slice(0, at + delimiter.length);
        if (cp === lastPrefix) continue;
        lastPrefix = cp;
        entry = { kind: 'prefix', prefix: cp };
      }
    }
    if (entries.length === maxKeys) return { entries, truncated: true };
    entries.push(entry);
  }
  return { entries, truncated: false };
}

function encodeToken(entry: Entry): string {
  return Buffer.from(JSON.stringify(entry)).toString('base64');
}

function decodeToken(token: string): Entry {
  try {
    const e = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if ((e.kind === 'key' && typeof e.key === 'string') || (e.kind === 'prefix' && typeof e.prefix === 'string')) return e;
  } catch {
    // fall through to S3's own error for a token it did not issue
  }
  throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
}

function maxKeysOf(input: any): number {
  const n = input.MaxKeys ?? 1000;
  return Math.max(0, Math.min(1000, n));
}

/** With EncodingType=url, S3 URL-encodes key names in the answer; the SDK hands them back as they are. */
function encoder(input: any): (s: string) => string {
  return input.EncodingType === 'url' ? (s) => encodeURIComponent(s).replace(/%2F/g, '/') : (s) => s;
}

function contentsOf(bucket: S3Bucket, page: Page, enc: (s: string) => string, owner: boolean) {
  const contents = page.entries.flatMap((e) => {
    if (e.kind !== 'key') return [];
    const o = bucket.objects[e.key];
    const algorithms = Object.keys(o.checksums).map((m) => m.replace(/^Checksum/, ''));
    return [
      {
        Key: enc(o.key),
        LastModified: new Date(o.lastModified),
        ETag: o.etag,
        ...(algorithms.length ? { ChecksumAlgorithm: algorithms, ChecksumType: 'FULL_OBJECT' } : {}),
        Size: o.size,
        StorageClass: 'STANDARD',
        ...(owner ? { Owner: { ID: canonicalUserId(bucket.ownerAccountId) } } : {}),
      },
    ];
  });
  const prefixes = page.entries.flatMap((e) => (e.kind === 'prefix' ? [{ Prefix: enc(e.prefix) }] : []));
  return { Contents: contents.length ? contents : undefined, CommonPrefixes: prefixes.length ? prefixes : undefined };
}

function listObjectsV2(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  const prefix: string = input.Prefix ?? '';
  const delimiter: string = input.Delimiter ?? '';
  const maxKeys = maxKeysOf(input);
  // A continuation token wins over StartAfter, which only applies to the first page.
  const after = input.ContinuationToken ? decodeToken(input.ContinuationToken) : input.StartAfter ? ({ kind: 'key', key: input.StartAfter } as Entry) : undefined;
  const page = listPage(bucket, prefix, delimiter, after, maxKeys);
  const enc = encoder(input);
  const last = page.entries[page.entries.length - 1];
  return {
    Name: bucket.name,
    Prefix: enc(prefix),
    Delimiter: input.Delimiter !== undefined ? enc(delimiter) : undefined,
    MaxKeys: maxKeys,
    EncodingType: input.EncodingType,
    KeyCount: page.entries.length,
    IsTruncated: page.truncated,
    ContinuationToken: input.ContinuationToken,
    NextContinuationToken: page.truncated && last ? encodeToken(last) : undefined,
    StartAfter: input.StartAfter !== undefined ? enc(input.StartAfter) : undefined,
    ...contentsOf(bucket, page, enc, input.FetchOwner === true),
  };
}

function listObjects(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  const prefix: string = input.Prefix ?? '';
  const delimiter: string = input.Delimiter ?? '';
  const maxKeys = maxKeysOf(input);
  // A NextMarker that is a common prefix must skip every key it rolled up, not just the prefix itself.
  const marker: string | undefined = input.Marker || undefined;
  const isPrefixMarker = marker !== undefined && delimiter !== '' && marker.startsWith(prefix) && marker.endsWith(delimiter);
  const after: Entry | undefined = marker === undefined ? undefined : isPrefixMarker ? { kind: 'prefix', prefix: marker } : { kind: 'key', key: marker };
  const page = listPage(bucket, prefix, delimiter, after, maxKeys);
  const enc = encoder(input);
  const last = page.entries[page.entries.length - 1];
  return {
    Name: bucket.name,
    Prefix: enc(prefix),
    Marker: enc(input.Marker ?? ''),
    Delimiter: input.Delimiter !== undefined ? enc(delimiter) : undefined,
    MaxKeys: maxKeys,
    EncodingType: input.EncodingType,
    IsTruncated: page.truncated,
    // S3 sends NextMarker only when a delimiter was given; without one, clients use the last key.
    NextMarker: page.truncated && delimiter && last ? enc(last.kind === 'key' ? last.key : last.prefix) : undefined,
    ...contentsOf(bucket, page, enc, true),
  };
}

/** The listing operations. */
export const listHandlers: Record<string, Handler> = { ListObjectsV2: listObjectsV2, ListObjects: listObjects };
