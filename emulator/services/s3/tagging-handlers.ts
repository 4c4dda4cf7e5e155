import type { Handler, RequestContext } from '../../framework/types';
import { requireBucket } from './access';
import { s3Errors } from './errors';

/** S3 allows this many tags on a bucket. */
const MAX_BUCKET_TAGS = 50;

/** Validates a tag set the way S3 does before it replaces the bucket's tags. */
function validTagSet(tagSet: Array<{ Key?: string; Value?: string }>): Array<{ Key: string; Value: string }> {
  if (tagSet.length > MAX_BUCKET_TAGS) throw s3Errors.invalidTag(`Bucket tag count cannot be greater than ${MAX_BUCKET_TAGS}`);
  const seen = new Set<string>();
  return tagSet.map((t) => {
    const key = t.Key ?? '';
    const value = t.Value ?? '';
    if (!key || key.length > 128) throw s3Errors.invalidTag('The TagKey you have provided is invalid');
    if (value.length > 256) throw s3Errors.invalidTag('The TagValue you have provided is invalid');
    if (key.toLowerCase().startsWith('aws:')) throw s3Errors.invalidTag('System tags cannot be added/updated by requester');
    if (seen.has(key)) throw s3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(key);
    return { Key: key, Value: value };
  });
}

function putBucketTagging(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  const tags = validTagSet(input.Tagging?.TagSet ?? []);
  // PutBucketTagging replaces the whole set; an empty set leaves the bucket without tags.
  if (tags.length) bucket.tags = tags;
  else delete bucket.tags;
  ctx.runtime.markDirty();
  return { $httpStatus: 204 };
}

function getBucketTagging(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  if (!bucket.tags?.length) throw s3Errors.noSuchTagSet(bucket.name);
  return { TagSet: bucket.tags.map((t) => ({ ...t })) };
}

function deleteBucketTagging(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  // Deleting tags a bucket does not have succeeds (204 either way), as on AWS.
  delete bucket.tags;
  ctx.runtime.markDirty();
  return {};
}

/** Bucket tagging: PutBucketTagging, GetBucketTagging, DeleteBucketTagging. */
export const taggingHandlers: Record<string, Handler> = {
  PutBucketTagging: putBucketTagging,
  GetBucketTagging: getBucketTagging,
  DeleteBucketTagging: deleteBucketTagging,
};
