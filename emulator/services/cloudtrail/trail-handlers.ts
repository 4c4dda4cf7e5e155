import type { Handler, RequestContext } from '../../framework/types';
import { ctErrors } from './errors';
import { defaultSelectors, findTrail, trailArn, trailsVisibleIn, type CloudTrailState, type Trail } from './store';
import { checkBucket, checkCloudWatchLogs, checkTrailName } from './trail-validation';

function state(ctx: RequestContext): CloudTrailState {
  return ctx.state<CloudTrailState>();
}

/** The trail a Name (name or ARN) designates from this region, or TrailNotFoundException. */
export function requireTrail(ctx: RequestContext, nameOrArn: unknown): Trail {
  const key = String(nameOrArn ?? '');
  const trail = findTrail(state(ctx), key, ctx.region);
  if (!trail) throw ctErrors.trailNotFound(key.startsWith('arn:') ? key : trailArn(ctx.region, ctx.accountId, key), ctx.accountId);
  return trail;
}

/** Changes are made from the trail's home region only. */
export function requireHome(ctx: RequestContext, trail: Trail): void {
  if (trail.HomeRegion !== ctx.region) throw ctErrors.homeRegion();
}

function snsTopicArn(trail: Trail) {
  return trail.SnsTopicName ? (trail.SnsTopicName.startsWith('arn:') ? trail.SnsTopicName : `arn:aws:sns:${trail.HomeRegion}:${trail.TrailARN.split(':')[4]}:${trail.SnsTopicName}`) : undefined;
}

/** The fields CreateTrail and UpdateTrail answer with. */
function writeOutput(t: Trail) {
  return {
    Name: t.Name,
    S3BucketName: t.S3BucketName,
    S3KeyPrefix: t.S3KeyPrefix,
    SnsTopicName: t.SnsTopicName,
    SnsTopicARN: snsTopicArn(t),
    IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
    IsMultiRegionTrail: t.IsMultiRegionTrail,
    TrailARN: t.TrailARN,
    LogFileValidationEnabled: t.LogFileValidationEnabled,
    CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn,
    KmsKeyId: t.KmsKeyId,
    IsOrganizationTrail: false,
  };
}

/** The Trail shape of DescribeTrails and GetTrail. */
function trailOutput(t: Trail) {
  return { ...writeOutput(t), HomeRegion: t.HomeRegion, HasCustomEventSelectors: t.HasCustomEventSelectors, HasInsightSelectors: false };
}

function createTrail(input: any, ctx: RequestContext) {
  checkTrailName(input.Name);
  const st = state(ctx);
  const arn = trailArn(ctx.region, ctx.accountId, input.Name);
  if (findTrail(st, input.Name, ctx.region) || st.trails[arn]) throw ctErrors.trailExists(input.Name, ctx.accountId);
  checkBucket(ctx, input.S3BucketName, input.S3KeyPrefix, arn);
  checkCloudWatchLogs(ctx, input.CloudWatchLogsLogGroupArn, input.CloudWatchLogsRoleArn);
  if (input.IsOrganizationTrail) throw ctErrors.invalidParameter('Organization trails are not emulated: this account is not an organization\'s management account.');
  const trail: Trail = {
    Name: input.Name,
    TrailARN: arn,
    HomeRegion: ctx.region,
    S3BucketName: input.S3BucketName,
    S3KeyPrefix: input.S3KeyPrefix || undefined,
    SnsTopicName: input.SnsTopicName || undefined,
    IncludeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? true,
    IsMultiRegionTrail: input.IsMultiRegionTrail ?? false,
    LogFileValidationEnabled: input.EnableLogFileValidation ?? false,
    CloudWatchLogsLogGroupArn: input.CloudWatchLogsLogGroupArn || undefined,
    CloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn || undefined,
    KmsKeyId: input.KmsKeyId || undefined,
    EventSelectors: defaultSelectors(),
    HasCustomEventSelectors: false,
    Tags: (input.TagsList ?? []).map((t: any) => ({ Key: t.Key, Value: t.Value ?? '' })),
    isLogging: false,
    pending: [],
  };
  if (trail.IsMultiRegionTrail && !trail.IncludeGlobalServiceEvents) {
    throw ctErrors.invalidParameter('Multi-Region trail must include global service events.');
  }
  st.trails[arn] = trail;
  ctx.runtime.markDirty();
  return writeOutput(trail);
}

function updateTrail(input: any, ctx: RequestContext) {
  const trail = requireTrail(ctx, input.Name);
  requireHome(ctx, trail);
  const bucket = input.S3BucketName ?? trail.S3BucketName;
  const prefix = input.S3KeyPrefix !== undefined ? input.S3KeyPrefix || undefined : trail.S3KeyPrefix;
  if (input.S3BucketName !== undefined || input.S3KeyPrefix !== undefined) checkBucket(ctx, bucket, prefix, trail.TrailARN);
  const group = input.CloudWatchLogsLogGroupArn !== undefined ? input.CloudWatchLogsLogGroupArn || undefined : trail.CloudWatchLogsLogGroupArn;
  const role = input.CloudWatchLogsRoleArn !== undefined ? input.CloudWatchLogsRoleArn || undefined : trail.CloudWatchLogsRoleArn;
  if (input.CloudWatchLogsLogGroupArn !== undefined || input.CloudWatchLogsRoleArn !== undefined) checkCloudWatchLogs(ctx, group, role);
  const multi = input.IsMultiRegionTrail ?? trail.IsMultiRegionTrail;
  const global = input.IncludeGlobalServiceEvents ?? trail.IncludeGlobalServiceEvents;
  if (multi && !global) throw ctErrors.invalidParameter('Multi-Region trail must include global service events.');
  Object.assign(trail, {
    S3BucketName: bucket,
    S3KeyPrefix: prefix,
    SnsTopicName: input.SnsTopicName !== undefined ? input.SnsTopicName || undefined : trail.SnsTopicName,
    IncludeGlobalServiceEvents: global,
    IsMultiRegionTrail: multi,
    LogFileValidationEnabled: input.EnableLogFileValidation ?? trail.LogFileValidationEnabled,
    CloudWatchLogsLogGroupArn: group,
    CloudWatchLogsRoleArn: role,
    KmsKeyId: input.KmsKeyId !== undefined ? input.KmsKeyId || undefined : trail.KmsKeyId,
  });
  ctx.runtime.markDirty();
  return writeOutput(trail);
}

function deleteTrail(input: any, ctx: RequestContext) {
  const trail = requireTrail(ctx, input.Name);
  requireHome(ctx, trail);
  delete state(ctx).trails[trail.TrailARN];
  ctx.runtime.markDirty();
  return {};
}

function describeTrails(input: any, ctx: RequestContext) {
  const shadows = input.includeShadowTrails ?? true;
  let trails = trailsVisibleIn(state(ctx), ctx.region).filter((t) => shadows || t.HomeRegion === ctx.region);
  const names: string[] | undefined = input.trailNameList;
  if (names && names.length) trails = trails.filter((t) => names.includes(t.Name) || names.includes(t.TrailARN));
  return { trailList: trails.sort((a, b) => (a.Name < b.Name ? -1 : 1)).map(trailOutput) };
}

function getTrail(input: any, ctx: RequestContext) {
  return { Trail: trailOutput(requireTrail(ctx, input.Name)) };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function getTrailStatus(input: any, ctx: RequestContext) {
  const t = requireTrail(ctx, input.Name);
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  return {
    IsLogging: t.isLogging,
    LatestDeliveryError: t.latestDeliveryError,
    LatestDeliveryTime: date(t.latestDeliveryTime),
    StartLoggingTime: date(t.startLoggingTime),
    StopLoggingTime: date(t.stopLoggingTime),
    LatestCloudWatchLogsDeliveryError: t.latestCloudWatchLogsDeliveryError,
    LatestCloudWatchLogsDeliveryTime: date(t.latestCloudWatchLogsDeliveryTime),
    TimeLoggingStarted: iso(t.startLoggingTime),
    TimeLoggingStopped: iso(t.stopLoggingTime),
    LatestDeliveryAttemptTime: iso(t.latestDeliveryAttemptTime) ?? '',
    LatestDeliveryAttemptSucceeded: t.latestDeliveryAttemptTime === undefined ? '' : t.latestDeliveryError ? '' : iso(t.latestDeliveryTime) ?? '',
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
  };
}

function startLogging(input: any, ctx: RequestContext) {
  const trail = requireTrail(ctx, input.Name);
  requireHome(ctx, trail);
  if (!trail.isLogging) {
    trail.isLogging = true;
    trail.startLoggingTime = ctx.clock.now();
    ctx.runtime.markDirty();
  }
  return {};
}

function stopLogging(input: any, ctx: RequestContext) {
  const trail = requireTrail(ctx, input.Name);
  requireHome(ctx, trail);
  if (trail.isLogging) {
    trail.isLogging = false;
    trail.stopLoggingTime = ctx.clock.now();
    ctx.runtime.markDirty();
  }
  return {};
}

/** Trail lifecycle and status operations. */
export const trailHandlers: Record<string, Handler> = {
  CreateTrail: createTrail,
  UpdateTrail: updateTrail,
  DeleteTrail: deleteTrail,
  DescribeTrails: describeTrails,
  GetTrail: getTrail,
  GetTrailStatus: getTrailStatus,
  StartLogging: startLogging,
  StopLogging: stopLogging,
};
