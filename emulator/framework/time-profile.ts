/**
 * The emulator's time profiles in one table: every delay a service or engine waits comes from
 * here, so a profile is read in one place and `--time-scale F` scales all of it at once.
 * Sources and modelling choices of the `aws` column: docs/aws-profile.md.
 */

/** The time profiles: `fast` (default, a lab in seconds), `realtime` (AWS's cadence), `aws` (AWS's delays, consistency and refusals). */
export type ProfileName = 'fast' | 'realtime' | 'aws';

/** Every profile name, for validation and help texts. */
export const PROFILE_NAMES: readonly ProfileName[] = ['fast', 'realtime', 'aws'];

/** A duration range in milliseconds; a value in it is drawn from a seed, so a run is reproducible. */
export interface Range {
  minMs: number;
  maxMs: number;
}

/** The durations of one profile, in milliseconds of wall-clock time (already multiplied by the time scale). */
export interface ProfileDurations {
  /** Capture window: the engines tick at this cadence, close the window and evaluate alarms (once a minute on AWS). */
  captureWindowMs: number;
  /** After CreateFlowLogs, how long until the flow log starts capturing (0 = at once). */
  captureStart: Range;
  /** After a capture window closes, how long until CloudWatch Logs has its records. */
  logsDelivery: Range;
  /** S3 files: each holds this long of records (0 = one file per delivery, at once). */
  s3FileMs: number;
  /** After an S3 file's period ends, how long until the file is written. */
  s3PublishMs: number;
  /** Instance state machine. */
  instancePendingMs: number;
  instanceShuttingDownMs: number;
  instanceStoppingMs: number;
  /** After an instance is running, how long until cloud-init has set up its logins (sshd already answers). */
  cloudInitMs: number;
  /** EC2: how long a new resource stays invisible to reads and writes that name it (0 = never). */
  ec2ConsistencyMs: number;
  /** IAM: how long a new or changed role takes to reach the services that use it (0 = at once). */
  iamPropagationMs: number;
  /** Logs Insights: Scheduled until this age, Running until `insightsCompleteMs`. */
  insightsRunningMs: number;
  insightsCompleteMs: number;
  /** Athena: QUEUED for this long, then RUNNING for at least `athenaMinRunMs`. */
  athenaQueueMs: number;
  athenaMinRunMs: number;
  /** CloudTrail: each S3 log file holds this long of events and is published when it is over (0 = at once). */
  trailS3FileMs: number;
  /** CloudTrail: after an API call, how long until its event reaches CloudWatch Logs. */
  trailLogsDelivery: Range;
}

/** A resolved profile: its name, scale and durations, plus the AWS behaviours it switches on. */
export interface TimeProfile {
  name: ProfileName;
  timeScale: number;
  durations: ProfileDurations;
  /** AWS's refusals and lags that the other profiles spare a lab: no flush, no SNS auto-confirm, S3 redirects, AZ offerings. */
  strict: boolean;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const at = (ms: number): Range => ({ minMs: ms, maxMs: ms });

/** The unscaled durations of each profile. `fast` and `realtime` are the values the emulator always had. */
const TABLE: Record<ProfileName, ProfileDurations> = {
  fast: {
    captureWindowMs: SECOND,
    captureStart: at(0),
    logsDelivery: at(0),
    s3FileMs: 0,
    s3PublishMs: 0,
    instancePendingMs: 50,
    instanceShuttingDownMs: 50,
    instanceStoppingMs: 50,
    cloudInitMs: 0,
    ec2ConsistencyMs: 0,
    iamPropagationMs: 0,
    insightsRunningMs: 20,
    insightsCompleteMs: 100,
    athenaQueueMs: 50,
    athenaMinRunMs: 1,
    trailS3FileMs: 0,
    trailLogsDelivery: at(0),
  },
  realtime: {
    captureWindowMs: MINUTE,
    captureStart: at(0),
    logsDelivery: at(4 * MINUTE),
    s3FileMs: 5 * MINUTE,
    s3PublishMs: 0,
    instancePendingMs: 15 * SECOND,
    instanceShuttingDownMs: 30 * SECOND,
    instanceStoppingMs: 30 * SECOND,
    cloudInitMs: 0,
    ec2ConsistencyMs: 0,
    iamPropagationMs: 0,
    insightsRunningMs: 500,
    insightsCompleteMs: 2500,
    athenaQueueMs: 400,
    athenaMinRunMs: 1,
    trailS3FileMs: 5 * MINUTE,
    trailLogsDelivery: at(5 * MINUTE),
  },
  aws: {
    // A one-minute aggregation interval (Nitro instances such as t3.micro never use more).
    captureWindowMs: MINUTE,
    // "Collection starts several minutes after creation" (VPC flow log records page).
    captureStart: { minMs: 2 * MINUTE, maxMs: 5 * MINUTE },
    // "typically ~5 minutes to CloudWatch Logs", best effort, up to about ten.
    logsDelivery: { minMs: 5 * MINUTE, maxMs: 10 * MINUTE },
    // S3 log files are published every five minutes; the first arrives about ten minutes in.
    s3FileMs: 5 * MINUTE,
    s3PublishMs: 5 * MINUTE,
    instancePendingMs: MINUTE,
    instanceShuttingDownMs: MINUTE,
    instanceStoppingMs: MINUTE,
    cloudInitMs: 45 * SECOND,
    ec2ConsistencyMs: 3 * SECOND,
    iamPropagationMs: 10 * SECOND,
    insightsRunningMs: SECOND,
    insightsCompleteMs: 4 * SECOND,
    athenaQueueMs: SECOND,
    athenaMinRunMs: 2 * SECOND,
    // "CloudTrail publishes log files multiple times an hour, about every 5 minutes" and "typically
    // delivers logs within an average of about 5 minutes of an API call" (not guaranteed; up to ~15).
    trailS3FileMs: 5 * MINUTE,
    trailLogsDelivery: { minMs: 2 * MINUTE, maxMs: 10 * MINUTE },
  },
};

/** Thrown for a profile name or time scale that makes no sense; the message names the fix. */
export class TimeProfileError extends Error {
  override readonly name = 'TimeProfileError';
}

/** Whether a string names a profile. */
export function isProfileName(value: unknown): value is ProfileName {
  return typeof value === 'string' && (PROFILE_NAMES as readonly string[]).includes(value);
}

/** Checks a time scale: a positive, finite number. */
export function checkTimeScale(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TimeProfileError(`The time scale must be a positive number (1 = AWS's own durations, 0.01 = a hundred times faster), not ${JSON.stringify(value)}.`);
  }
  return value;
}

/** The profile's durations multiplied by the time scale (never below 1 ms where the profile waits at all). */
export function timeProfile(name: ProfileName = 'fast', timeScale = 1): TimeProfile {
  if (!isProfileName(name)) throw new TimeProfileError(`The profile must be one of ${PROFILE_NAMES.join(', ')}, not ${JSON.stringify(name)}.`);
  const f = checkTimeScale(timeScale);
  const scale = (ms: number) => (ms === 0 ? 0 : Math.max(1, Math.round(ms * f)));
  const base = TABLE[name];
  const durations = Object.fromEntries(
    Object.entries(base).map(([k, v]) => [k, typeof v === 'number' ? scale(v) : { minMs: scale(v.minMs), maxMs: scale(v.maxMs) }]),
  ) as unknown as ProfileDurations;
  return { name, timeScale: f, durations, strict: name === 'aws' };
}

/** A value in a range drawn from a seed string (FNV-1a), so the same resource always gets the same delay. */
export function drawFrom(range: Range, seed: string): number {
  if (range.maxMs <= range.minMs) return range.minMs;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return range.minMs + Math.floor((h / 0x100000000) * (range.maxMs - range.minMs + 1));
}

/** The profile an emulator runtime runs with (the server sets it; small fake runtimes fall back to their name, or `fast`). */
export function profileOf(runtime: { profile?: ProfileName; timing?: TimeProfile }): TimeProfile {
  return runtime.timing ?? timeProfile(runtime.profile ?? 'fast');
}
