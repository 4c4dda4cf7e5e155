import type { Handler, RequestContext } from '../../framework/types';
import { requireBucket } from './access';
import { isValidBucketName } from './bucket-names';
import { s3Errors } from './errors';
import { canonicalUserId, getBucket, type S3State } from './store';
import { policyProblem } from '../../policy/grammar';

/** The region a LocationConstraint names; `EU` is the legacy alias of eu-west-1. */
function constraintRegion(constraint: string | undefined): string | undefined {
  if (!constraint) return undefined;
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

function createBucket(input: any, ctx: RequestContext) {
  const name: string = input.Bucket ?? '';
  if (!isValidBucketName(name)) throw s3Errors.invalidBucketName(name);
  const constraint: string | undefined = input.CreateBucketConfiguration?.LocationConstraint || undefined;
  // A regional endpoint only creates buckets in its own region; us-east-1 is the one region
  // that must be left unspecified (naming it explicitly is rejected).
  if (constraint === 'us-east-1') throw s3Errors.invalidLocationConstraint(constraint);
  const region = constraintRegion(constraint) ?? 'us-east-1';
  if (region !== ctx.region) throw s3Errors.illegalLocationConstraint(constraint);
  const state = ctx.state<S3State>();
  const existing = getBucket(state, name);
  if (existing) {
    if (existing.ownerAccountId !== ctx.accountId) throw s3Errors.bucketAlreadyExists(name);
    // For legacy compatibility us-east-1 answers 200 and changes nothing; every other region says 409.
    if (ctx.region !== 'us-east-1') throw s3Errors.bucketAlreadyOwnedByYou(name);
    return { Location: `/${name}` };
  }
  state.buckets[name] = { name, region, ownerAccountId: ctx.accountId, createdAt: ctx.clock.now(), objects: {} };
  ctx.runtime.markDirty();
  return { Location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
}

function headBucket(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket, true);
  return { BucketRegion: bucket.region, AccessPointAlias: false };
}

function listBuckets(input: any, ctx: RequestContext) {
  const state = ctx.state<S3State>();
  const prefix: string = input.Prefix ?? '';
  const after: string = input.ContinuationToken ? Buffer.from(input.ContinuationToken, 'base64').toString('utf8') : '';
  const all = Object.values(state.buckets)
    .filter((b) => b.ownerAccountId === ctx.accountId && b.name.startsWith(prefix) && b.name > after)
    .filter((b) => !input.BucketRegion || b.region === input.BucketRegion)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const max: number = input.MaxBuckets ?? 10000;
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  return {
    Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.createdAt), BucketRegion: b.region })),
    Owner: { ID: canonicalUserId(ctx.accountId) },
    ContinuationToken: truncated ? Buffer.from(page[page.length - 1].name).toString('base64') : undefined,
    Prefix: input.Prefix,
  };
}

function deleteBucket(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  if (Object.keys(bucket.objects).length > 0) throw s3Errors.bucketNotEmpty(bucket.name);
  delete ctx.state<S3State>().buckets[bucket.name];
  ctx.runtime.markDirty();
  return {};
}

function putBucketPolicy(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  const text = typeof input.Policy === 'string' ? input.Policy : Buffer.isBuffer(input.Policy) ? input.Policy.toString('utf8') : '';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw s3Errors.malformedPolicy();
  }
  if (!text.trimStart().startsWith('{') || typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw s3Errors.malformedPolicy();
  const problem = policyProblem(doc, { flavor: 'bucket', bucket: bucket.name });
  if (problem) throw s3Errors.malformedPolicy(problem.s3);
  bucket.policy = text;
  ctx.runtime.markDirty();
  // The model says 200; S3 answers 204 No Content.
  return { $httpStatus: 204 };
}

function getBucketPolicy(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.policy === undefined) throw s3Errors.noSuchBucketPolicy(bucket.name);
  return { Policy: bucket.policy };
}

function deleteBucketPolicy(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  // Deleting a policy that is not there succeeds, as on AWS (204 either way).
  delete bucket.policy;
  ctx.runtime.markDirty();
  return { $httpStatus: 204 };
}

function getBucketAcl(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  const owner = { ID: canonicalUserId(bucket.ownerAccountId) };
  return { Owner: owner, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: owner.ID }, Permission: 'FULL_CONTROL' }] };
}

function getBucketLocation(input: any, ctx: RequestContext) {
  const bucket = requireBucket(ctx, input.Bucket);
  // us-east-1 buckets answer an empty <LocationConstraint/>, which the SDK reads as no value.
  return bucket.region === 'us-east-1' ? {} : { LocationConstraint: bucket.region };
}

/** The bucket-level S3 operations. */
export const bucketHandlers: Record<string, Handler> = {
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  ListBuckets: listBuckets,
  DeleteBucket: deleteBucket,
  PutBucketPolicy: putBucketPolicy,
  GetBucketPolicy: getBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketAcl: getBucketAcl,
  GetBucketLocation: getBucketLocation,
};
