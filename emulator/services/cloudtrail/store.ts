/** One event selector (the classic kind; advanced selectors are not emulated). */
export interface EventSelector {
  ReadWriteType: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents: boolean;
  DataResources: Array<{ Type: string; Values: string[] }>;
  ExcludeManagementEventSources: string[];
}

/** A record waiting for delivery to one trail's destinations. */
export interface PendingRecord {
  /** Epoch ms of the event (CloudWatch Logs timestamp, S3 file time). */
  t: number;
  record: Record<string, unknown>;
  /** Still owed to S3 / to CloudWatch Logs. */
  s3: boolean;
  cwl: boolean;
}

/** A trail as the emulator keeps it. */
export interface Trail {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  SnsTopicName?: string;
  IncludeGlobalServiceEvents: boolean;
  IsMultiRegionTrail: boolean;
  LogFileValidationEnabled: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  EventSelectors: EventSelector[];
  HasCustomEventSelectors: boolean;
  Tags: Array<{ Key: string; Value: string }>;
  isLogging: boolean;
  startLoggingTime?: number;
  stopLoggingTime?: number;
  latestDeliveryTime?: number;
  latestDeliveryAttemptTime?: number;
  latestDeliveryError?: string;
  latestCloudWatchLogsDeliveryTime?: number;
  latestCloudWatchLogsDeliveryError?: string;
  pending: PendingRecord[];
}

/** A management event kept for LookupEvents (90 days of history); `record` may be built on first read (RecordedEvent). */
export interface HistoryEvent {
  readonly t: number;
  readonly record: Record<string, unknown>;
}

/** CloudTrail state of one account: trails by ARN, event history by region. */
export interface CloudTrailState {
  trails: Record<string, Trail>;
  history: Record<string, HistoryEvent[]>;
}

/** Event history kept per region: 90 days, and at most this many events (the emulator's memory bound). */
export const HISTORY_DAYS = 90;
export const HISTORY_MAX_EVENTS = 20_000;

/** An empty CloudTrail state. */
export function createCloudTrailState(): CloudTrailState {
  return { trails: {}, history: {} };
}

/** The trail ARN AWS gives a trail. */
export function trailArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

/** The trails visible from a region: those homed there and every multi-region trail (its shadows). */
export function trailsVisibleIn(state: CloudTrailState, region: string): Trail[] {
  return Object.values(state.trails).filter((t) => t.HomeRegion === region || t.IsMultiRegionTrail);
}

/** A trail by name or ARN, as seen from a region, or undefined. */
export function findTrail(state: CloudTrailState, nameOrArn: string, region: string): Trail | undefined {
  if (nameOrArn.startsWith('arn:')) return state.trails[nameOrArn];
  return trailsVisibleIn(state, region).find((t) => t.Name === nameOrArn);
}

/** The selectors a new trail has: all management events, read and write. */
export function defaultSelectors(): EventSelector[] {
  return [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
}
