// CloudTrail helpers: create, read, update, start/stop and delete a trail, and its event selectors.
import {
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  type CloudTrailClient,
  type EventSelector,
  type GetTrailStatusCommandOutput,
  type Trail,
} from '@aws-sdk/client-cloudtrail';

/** The only CloudTrail client method the helpers use. */
export type CloudTrail = Pick<CloudTrailClient, 'send'>;
/** One console line per mutating call. */
export type Log = (line: string) => void;

/** A trail as a lab creates it. */
export interface TrailSpec {
  name: string;
  bucket: string;
  multiRegion: boolean;
  /** CloudWatch Logs delivery: the log group's ARN (`…:log-group:Name:*`) and the role CloudTrail assumes. */
  logGroupArn?: string;
  roleArn?: string;
  tags?: Record<string, string>;
}

/** Creates a trail; returns its ARN. */
export async function createTrail(ct: CloudTrail, spec: TrailSpec, log: Log): Promise<string> {
  log(`Creating trail ${spec.name} to s3://${spec.bucket}${spec.multiRegion ? ' (all regions)' : ''}`);
  const out = await ct.send(
    new CreateTrailCommand({
      Name: spec.name,
      S3BucketName: spec.bucket,
      IsMultiRegionTrail: spec.multiRegion,
      ...(spec.logGroupArn ? { CloudWatchLogsLogGroupArn: spec.logGroupArn, CloudWatchLogsRoleArn: spec.roleArn } : {}),
      TagsList: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return out.TrailARN!;
}

/** Changes a trail's settings (only the given ones). */
export async function updateTrail(ct: CloudTrail, name: string, changes: { multiRegion?: boolean; bucket?: string; logGroupArn?: string; roleArn?: string }, log: Log): Promise<void> {
  log(`Updating trail ${name}`);
  await ct.send(
    new UpdateTrailCommand({
      Name: name,
      ...(changes.multiRegion !== undefined ? { IsMultiRegionTrail: changes.multiRegion } : {}),
      ...(changes.bucket ? { S3BucketName: changes.bucket } : {}),
      ...(changes.logGroupArn !== undefined ? { CloudWatchLogsLogGroupArn: changes.logGroupArn, CloudWatchLogsRoleArn: changes.roleArn } : {}),
    }),
  );
}

/** Starts (or stops) recording API calls. */
export async function setLogging(ct: CloudTrail, name: string, on: boolean, log: Log): Promise<void> {
  log(`${on ? 'Starting' : 'Stopping'} logging of trail ${name}`);
  await ct.send(on ? new StartLoggingCommand({ Name: name }) : new StopLoggingCommand({ Name: name }));
}

/** The trail of this name visible in the client's region (shadows of multi-region trails included), or undefined. */
export async function getTrail(ct: CloudTrail, name: string): Promise<Trail | undefined> {
  return (await listTrails(ct)).find((t) => t.Name === name);
}

/** Every trail visible in the client's region. */
export async function listTrails(ct: CloudTrail): Promise<Trail[]> {
  return (await ct.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
}

/** Whether the trail is logging, and when it last delivered. */
export async function getTrailStatus(ct: CloudTrail, name: string): Promise<GetTrailStatusCommandOutput> {
  return ct.send(new GetTrailStatusCommand({ Name: name }));
}

/** The trail's basic event selectors (empty when it uses advanced ones). */
export async function getEventSelectors(ct: CloudTrail, name: string): Promise<EventSelector[]> {
  return (await ct.send(new GetEventSelectorsCommand({ TrailName: name }))).EventSelectors ?? [];
}

/** Replaces the trail's basic event selectors. */
export async function putEventSelectors(ct: CloudTrail, name: string, selectors: EventSelector[], log: Log): Promise<void> {
  log(`Putting event selectors on trail ${name}`);
  await ct.send(new PutEventSelectorsCommand({ TrailName: name, EventSelectors: selectors }));
}

/** Deletes a trail. */
export async function deleteTrail(ct: CloudTrail, name: string, log: Log): Promise<void> {
  log(`Deleting trail ${name}`);
  await ct.send(new DeleteTrailCommand({ Name: name }));
}
