import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { drawFrom, profileOf } from '../framework/time-profile';
import type { EmulatorRuntime } from '../framework/types';
import type { CloudTrailState, PendingRecord, Trail } from '../services/cloudtrail/store';
import { bucketPolicyAllowsTrail, parseLogGroupArn, roleUsableByCloudTrail } from '../services/cloudtrail/trail-validation';
import { getLogGroup, ingestEvents, type LogsState } from '../services/logs/store';
import { publishLogMetrics } from '../services/logs/publish-metrics';
import type { MonitoringState } from '../services/monitoring/types';
import { getBucket, putObjectInternal, type S3State } from '../services/s3/store';


/** Events a trail keeps waiting while its destination fails (AWS retries for 30 days; memory bounds this). */
const MAX_PENDING = 10_000;
const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += KEY_CHARS[bytes[i] % KEY_CHARS.length];
  return s;
}

/** The S3 key of a CloudTrail log file: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz */
export function trailObjectKey(prefix: string | undefined, accountId: string, region: string, timeMs: number): string {
  const iso = new Date(timeMs).toISOString();
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const stamp = `${y}${m}${d}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
  return `${prefix ? `${prefix}/` : ''}AWSLogs/${accountId}/CloudTrail/${region}/${y}/${m}/${d}/${accountId}_CloudTrail_${region}_${stamp}_${randomId(16)}.json.gz`;
}

/** Delivers the events trails queued: log files to S3, events to CloudWatch Logs (where metric filters run). */
export class TrailDelivery {
  constructor(private readonly runtime: EmulatorRuntime) {}

  /** CloudTrail's pace comes from the emulator's one timing table (framework/time-profile.ts). */
  private get durations() {
    return profileOf(this.runtime).durations;
  }

  /** Delivers what is due now; `force` delivers everything queued (the flush endpoint). Returns records delivered. */
  deliver(force = false): number {
    const now = this.runtime.clock.now();
    let delivered = 0;
    for (const { accountId } of this.runtime.scopesOf?.('cloudtrail') ?? []) {
      const state = this.runtime.stateOf!<CloudTrailState>('cloudtrail', accountId, 'us-east-1');
      for (const trail of Object.values(state.trails)) {
        if (!trail.pending.length) continue;
        delivered += this.toS3(trail, accountId, now, force);
        this.toCloudWatchLogs(trail, accountId, now, force);
        trail.pending = trail.pending.filter((p) => p.s3 || p.cwl).slice(-MAX_PENDING);
        this.runtime.markDirty();
      }
    }
    return delivered;
  }

  private toS3(trail: Trail, accountId: string, now: number, force: boolean): number {
    const s3FileMs = this.durations.trailS3FileMs;
    // A file holds five minutes of events and is published when they are over.
    const due = trail.pending.filter((p) => p.s3 && (force || !s3FileMs || Math.floor(p.t / s3FileMs) * s3FileMs + s3FileMs <= now));
    if (!due.length) return 0;
    trail.latestDeliveryAttemptTime = now;
    const s3 = this.runtime.stateOf!<S3State>('s3', accountId, 'us-east-1');
    const bucket = getBucket(s3, trail.S3BucketName);
    if (!bucket) {
      trail.latestDeliveryError = 'NoSuchBucket';
      return 0;
    }
    if (!bucketPolicyAllowsTrail(bucket.policy, trail.S3BucketName, trail.S3KeyPrefix, accountId, trail.TrailARN)) {
      trail.latestDeliveryError = 'AccessDenied';
      return 0;
    }
    const byRegion = new Map<string, PendingRecord[]>();
    for (const p of due) {
      const region = String(p.record.awsRegion);
      byRegion.set(region, [...(byRegion.get(region) ?? []), p]);
    }
    for (const [region, items] of byRegion) {
      const body = gzipSync(JSON.stringify({ Records: items.map((p) => p.record) }));
      putObjectInternal(s3, trail.S3BucketName, trailObjectKey(trail.S3KeyPrefix, accountId, region, now), body, 'application/json', now);
    }
    for (const p of due) p.s3 = false;
    trail.latestDeliveryTime = now;
    trail.latestDeliveryError = undefined;
    return due.length;
  }

  private toCloudWatchLogs(trail: Trail, accountId: string, now: number, force: boolean): void {
    const delay = this.durations.trailLogsDelivery;
    const due = trail.pending.filter((p) => p.cwl && (force || p.t + drawFrom(delay, String(p.record.eventID)) <= now));
    if (!due.length) return;
    for (const p of due) p.cwl = false;
    const group = trail.CloudWatchLogsLogGroupArn ? parseLogGroupArn(trail.CloudWatchLogsLogGroupArn) : undefined;
    if (!group || !trail.CloudWatchLogsRoleArn) return;
    const ctx = { accountId, stateOf: <S>(service: Parameters<NonNullable<EmulatorRuntime['stateOf']>>[0], acct = accountId, region = 'us-east-1') => this.runtime.stateOf!<S>(service, acct, region) };
    if (!roleUsableByCloudTrail(ctx, trail.CloudWatchLogsRoleArn)) {
      trail.latestCloudWatchLogsDeliveryError = 'AccessDeniedException';
      return;
    }
    const logs = this.runtime.stateOf!<LogsState>('logs', group.accountId, group.region);
    if (!getLogGroup(logs, group.name)) {
      trail.latestCloudWatchLogsDeliveryError = 'ResourceNotFoundException';
      return;
    }
    const byStream = new Map<string, Array<{ timestamp: number; message: string }>>();
    for (const p of due) {
      const stream = `${accountId}_CloudTrail_${String(p.record.awsRegion)}`;
      byStream.set(stream, [...(byStream.get(stream) ?? []), { timestamp: Date.parse(String(p.record.eventTime)), message: JSON.stringify(p.record) }]);
    }
    for (const [stream, events] of byStream) {
      events.sort((a, b) => a.timestamp - b.timestamp);
      // The same ingestion path as PutLogEvents: metric filters on the group run on these events.
      ingestEvents(logs, group.name, stream, events, now);
    }
    publishLogMetrics(logs, this.runtime.stateOf!<MonitoringState>('monitoring', group.accountId, group.region));
    trail.latestCloudWatchLogsDeliveryTime = now;
    trail.latestCloudWatchLogsDeliveryError = undefined;
  }
}
