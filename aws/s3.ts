// S3 helpers for the lab's log bucket: create, tag, read its policy, find it, empty and delete it.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';

/** The only S3 client method the helpers use. */
export type S3 = Pick<S3Client, 'send'>;
/** One console line per mutating call. */
export type Log = (line: string) => void;

/** Creates a bucket in `region` (us-east-1 takes no location constraint). */
export async function createBucket(s3: S3, bucket: string, region: string, log: Log): Promise<void> {
  log(`Creating bucket ${bucket}`);
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
  } catch (err) {
    // Outside us-east-1 a retry after a lost answer is told the bucket is already ours: it is.
    if ((err as Error).name !== 'BucketAlreadyOwnedByYou') throw err;
  }
}

/**
 * Tags a bucket. Returns false when the endpoint does not implement bucket tagging (some
 * emulators), so provisioning still works there; the bucket's name carries the run id anyway.
 */
export async function putBucketTags(s3: S3, bucket: string, tags: Record<string, string>, log: Log): Promise<boolean> {
  log(`Tagging bucket ${bucket}`);
  try {
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } }));
    return true;
  } catch (err) {
    if (isNotImplemented(err)) return false;
    throw err;
  }
}

/** A bucket's tags; empty when it has none or the endpoint does not implement tagging. */
export async function getBucketTags(s3: S3, bucket: string): Promise<Record<string, string>> {
  try {
    const out = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  } catch (err) {
    if ((err as Error).name === 'NoSuchTagSet' || isNotImplemented(err)) return {};
    throw err;
  }
}

/** Whether the bucket exists (and is visible to the caller). */
export async function getBucketExists(s3: S3, bucket: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotFound' || e.name === 'NoSuchBucket' || e.$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

/** Names of every bucket of the account. */
export async function listBuckets(s3: S3): Promise<string[]> {
  const names: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const out = await s3.send(new ListBucketsCommand({ ContinuationToken }));
    names.push(...(out.Buckets ?? []).map((b) => b.Name!).filter(Boolean));
    ContinuationToken = out.ContinuationToken;
  } while (ContinuationToken);
  return names;
}

/** A bucket's policy document parsed, or undefined when it has none. */
export async function getBucketPolicy(s3: S3, bucket: string): Promise<{ Statement?: unknown[] } | undefined> {
  try {
    const out = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    return out.Policy ? JSON.parse(out.Policy) : undefined;
  } catch (err) {
    if ((err as Error).name === 'NoSuchBucketPolicy') return undefined;
    throw err;
  }
}

/** DeleteObjects refused some keys (AccessDenied, a retention lock…): reported, never retried forever. */
export class DeleteObjectsError extends Error {
  override readonly name = 'DeleteObjectsError';
}

/** Deletes every object of a bucket (flow-log files), a page of up to 1000 keys at a time; a key S3 refuses ends it with a DeleteObjectsError. */
export async function deleteBucketObjects(s3: S3, bucket: string, log: Log): Promise<number> {
  let deleted = 0;
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) return deleted;
    if (deleted === 0) log(`Emptying bucket ${bucket}`);
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    // Per-key failures come back in a 200 answer: listing again would find the same keys forever.
    if (out.Errors?.length) {
      const first = out.Errors[0];
      throw new DeleteObjectsError(`S3 refused to delete ${out.Errors.length} object(s) of ${bucket}, e.g. ${first.Key}: ${first.Code} ${first.Message ?? ''}`.trim());
    }
    deleted += keys.length;
  }
}

/** Deletes an (empty) bucket. */
export async function deleteBucket(s3: S3, bucket: string, log: Log): Promise<void> {
  log(`Deleting bucket ${bucket}`);
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

function isNotImplemented(err: unknown): boolean {
  const e = err as Error & { $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotImplemented' || e.$metadata?.httpStatusCode === 501;
}
