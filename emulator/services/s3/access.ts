import { profileOf } from '../../framework/time-profile';
import { AwsError, type RequestContext } from '../../framework/types';
import { s3Errors } from './errors';
import { getBucket, type S3Bucket, type S3State } from './store';

/**
 * The bucket a request names, checked for existence and ownership. Bucket policies are not
 * evaluated, so another account's bucket is always denied; AWS-side writers use store.ts instead.
 * HEAD requests get body-less errors, which the SDK names from the status alone.
 */
export function requireBucket(ctx: RequestContext, name: string, head = false): S3Bucket {
  const bucket = getBucket(ctx.state<S3State>(), name);
  if (!bucket) throw head ? s3Errors.headNotFound() : s3Errors.noSuchBucket(name);
  // The aws profile answers like a regional S3 endpoint: a bucket of another region is a 301 that
  // names its region (clients that follow redirects retry there). GetBucketLocation works anywhere.
  if (bucket.region !== ctx.region && ctx.operation !== 'GetBucketLocation' && profileOf(ctx.runtime).strict) throw s3Errors.permanentRedirect(name, bucket.region);
  if (bucket.ownerAccountId !== ctx.accountId) throw head ? new AwsError('Forbidden', 'Forbidden', 403) : s3Errors.accessDenied();
  return bucket;
}
