// Checks for CloudTrail: a trail with the lab's settings records management events to the lab
// bucket and is logging; it also delivers to a log group with the lab's role; and a user's denied
// calls are in that log group as CloudTrail records. Read-only; hints name the console field.
import type { EventSelector, Trail } from '@aws-sdk/client-cloudtrail';
import * as cloudtrail from '../aws/cloudtrail';
import * as logs from '../aws/logs';
import type { LabContext, LabEnvironment } from '../runner/context';
import { result, type CheckResult, type Evidence } from '../runner/model';

/** What the trail checks read from the environment. */
export type TrailCheckEnv = LabEnvironment & { bucket: string; roleArn: string };
/** What the denied-calls check reads: the user whose calls must be recorded. */
export type IntruderCheckEnv = LabEnvironment & { userArn: string };

/** The trail as the lab asks for it, and the lab text's section that creates it. */
export interface TrailExpectation {
  name: string;
  multiRegion: boolean;
  readWriteType: 'All' | 'ReadOnly' | 'WriteOnly';
  section: string;
}

/** CloudTrail delivers to CloudWatch Logs within about 5 minutes of a call on AWS (scaled by the target). */
const CWL_DELIVERY_ETA_MS = 5 * 60_000;
/** How far back the denied-calls check reads. */
const LOOKBACK_MS = 24 * 3_600_000;

function trailEvidence(t: Trail): Evidence {
  return { kind: 'resource', title: `Trail ${t.Name}`, data: t };
}

/** What the selectors miss of "management events, read and write" (basic or advanced selectors). */
function selectorProblems(selectors: EventSelector[], want: TrailExpectation['readWriteType']): string[] {
  const mgmt = selectors.filter((s) => s.IncludeManagementEvents !== false);
  if (!mgmt.length) return ['it records no management events (Events, Management events)'];
  const types = new Set(mgmt.map((s) => s.ReadWriteType ?? 'All'));
  if (!types.has(want) && !(types.has('ReadOnly') && types.has('WriteOnly') && want === 'All')) {
    return [`it records only ${[...types].map((t) => (t === 'ReadOnly' ? 'Read' : t === 'WriteOnly' ? 'Write' : t)).join(' and ')} management events, but the lab records both Read and Write (Management events, API activity)`];
  }
  return [];
}

/** Check: the trail exists, writes to the environment's bucket, covers every region, records management events read and write, and is logging. */
export function trailConfigured(p: TrailExpectation): (ctx: LabContext<TrailCheckEnv>) => Promise<CheckResult> {
  return async (ctx) => {
    const ct = ctx.clients.cloudtrail;
    const all = await cloudtrail.listTrails(ct);
    const trail = all.find((t) => t.Name === p.name);
    if (!trail) {
      const near = all.find((t) => t.Name?.toLowerCase() === p.name.toLowerCase() || t.S3BucketName === ctx.env.bucket);
      return result('failed', `No trail named ${p.name}.`, {
        hint: near ? `You have a trail named '${near.Name}', but the lab names it '${p.name}' (step "${p.section}", Trail name).` : `There is no trail named ${p.name} in ${ctx.env.region} yet (step "${p.section}").`,
        detail: `DescribeTrails → [${all.map((t) => `${t.Name}→s3://${t.S3BucketName}`).join(', ')}]`,
      });
    }
    const [status, selectors] = await Promise.all([cloudtrail.getTrailStatus(ct, p.name), cloudtrail.getEventSelectors(ct, p.name)]);
    const problems: string[] = [];
    if (trail.S3BucketName !== ctx.env.bucket) problems.push(`it writes to the bucket ${trail.S3BucketName}, not to the bucket provided for the lab (Storage location, Use existing S3 bucket)`);
    if (trail.S3KeyPrefix) problems.push(`it writes under the prefix "${trail.S3KeyPrefix}/", but the lab's Athena table reads the bucket's AWSLogs/ folder (Prefix)`);
    if (p.multiRegion && !trail.IsMultiRegionTrail) problems.push('it records calls in one region only, but the lab asks for a trail that applies to all regions (Multi-region trail)');
    problems.push(...selectorProblems(selectors, p.readWriteType));
    if (!status.IsLogging) problems.push('its logging is stopped, so it records nothing (Logging: Start logging)');
    if (status.LatestDeliveryError) problems.push(`CloudTrail reports it cannot write to the bucket: "${status.LatestDeliveryError}" (check the bucket policy)`);
    const evidence: Evidence[] = [trailEvidence(trail), { kind: 'resource', title: `Status and event selectors of ${p.name}`, data: { IsLogging: status.IsLogging, LatestDeliveryTime: status.LatestDeliveryTime, StartLoggingTime: status.StartLoggingTime, EventSelectors: selectors } }];
    const detail = `${trail.TrailARN}: s3://${trail.S3BucketName}${trail.S3KeyPrefix ? `/${trail.S3KeyPrefix}` : ''} multiRegion=${trail.IsMultiRegionTrail} IsLogging=${status.IsLogging} selectors=${JSON.stringify(selectors)}`;
    if (problems.length) return result('failed', `Trail ${p.name} is not configured as the lab asks.`, { hint: `Your trail ${p.name}: ${problems.join('; ')} (step "${p.section}").`, detail, evidence });
    return result('passed', `Trail ${p.name} records management events (read and write) in every region to s3://${ctx.env.bucket} and is logging.`, { detail, evidence });
  };
}

/** The log group a trail's CloudWatch Logs ARN names (`arn:…:log-group:<name>:*`). */
function groupOf(arn: string | undefined): string | undefined {
  return arn ? /:log-group:([^:]+)/.exec(arn)?.[1] : undefined;
}

/** Check: the trail delivers to the log group with the environment's role, and the group exists. */
export function trailDeliversToLogGroup(p: { trail: string; logGroup: string; roleName: string; section: string; trailSection: string }): (ctx: LabContext<TrailCheckEnv>) => Promise<CheckResult> {
  return async (ctx) => {
    const trail = await cloudtrail.getTrail(ctx.clients.cloudtrail, p.trail);
    if (!trail) return result('failed', `No trail named ${p.trail}.`, { hint: `There is no trail named ${p.trail} to send to CloudWatch Logs; create it first (step "${p.trailSection}").` });
    const group = await logs.getLogGroup(ctx.clients.logs, p.logGroup);
    const evidence: Evidence[] = [trailEvidence(trail)];
    if (group) evidence.push({ kind: 'resource', title: `Log group ${p.logGroup}`, data: group });
    const problems: string[] = [];
    const target = groupOf(trail.CloudWatchLogsLogGroupArn);
    if (!target) problems.push('it does not send its events to CloudWatch Logs (CloudWatch Logs: Enabled)');
    else if (target !== p.logGroup) problems.push(`it sends its events to the log group "${target}", but the lab names it ${p.logGroup} (Log group name)`);
    if (target && trail.CloudWatchLogsRoleArn !== ctx.env.roleArn) problems.push(`it delivers with the IAM role "${(trail.CloudWatchLogsRoleArn ?? 'none').split('/').pop()}", but the lab provides ${p.roleName} for this (IAM Role)`);
    if (!group) problems.push(`the log group ${p.logGroup} does not exist`);
    const status = await cloudtrail.getTrailStatus(ctx.clients.cloudtrail, p.trail);
    if (target && status.LatestCloudWatchLogsDeliveryError) problems.push(`CloudTrail reports it cannot deliver to CloudWatch Logs: "${status.LatestCloudWatchLogsDeliveryError}"`);
    const detail = `CloudWatchLogsLogGroupArn=${trail.CloudWatchLogsLogGroupArn} CloudWatchLogsRoleArn=${trail.CloudWatchLogsRoleArn} expected role ${ctx.env.roleArn}; group ${group?.arn ?? 'missing'}; LatestCloudWatchLogsDeliveryTime=${status.LatestCloudWatchLogsDeliveryTime?.toISOString()}`;
    if (problems.length) return result('failed', `Trail ${p.trail} does not deliver to ${p.logGroup} as the lab asks.`, { hint: `Your trail ${p.trail}: ${problems.join('; ')} (step "${p.section}").`, detail, evidence });
    return result('passed', `Trail ${p.trail} delivers to ${p.logGroup} with ${p.roleName}.`, { detail, evidence });
  };
}

/** One call that must appear denied: its service and API, and the error code AWS records. */
export interface ExpectedDeniedCall {
  eventSource: string;
  eventName: string;
  errorCode: RegExp;
}

/** A CloudTrail record as the checks read it. */
interface TrailRecord {
  eventTime?: string;
  eventSource?: string;
  eventName?: string;
  errorCode?: string;
  errorMessage?: string;
  userIdentity?: { arn?: string; type?: string };
}

/** Reads the CloudTrail records of one principal from a log group (JSON filter pattern server-side, parsed here). */
export async function readTrailRecords(ctx: LabContext, logGroup: string, principalArn: string, sinceMs: number): Promise<TrailRecord[]> {
  const events = await logs.filterLogEvents(ctx.clients.logs, { group: logGroup, pattern: `{ $.userIdentity.arn = "${principalArn}" }`, startTime: sinceMs, max: 2000 });
  const out: TrailRecord[] = [];
  for (const e of events) {
    try {
      const r = JSON.parse(e.message ?? '') as TrailRecord;
      if (r.userIdentity?.arn === principalArn) out.push(r);
    } catch {
      // Not a CloudTrail record (someone else's line in the group).
    }
  }
  return out;
}

/** Check: each expected call of the environment's user is in the log group as a CloudTrail record with its error code and the user's ARN. */
export function deniedCallsLogged(p: { logGroup: string; trail: string; calls: readonly ExpectedDeniedCall[]; section: string; logGroupSection: string }): (ctx: LabContext<IntruderCheckEnv>) => Promise<CheckResult> {
  return async (ctx) => {
    const arn = ctx.env.userArn;
    if (!(await logs.getLogGroup(ctx.clients.logs, p.logGroup))) {
      return result('failed', `The log group ${p.logGroup} does not exist.`, { hint: `The trail's records go to the log group ${p.logGroup}, which was not found (step "${p.logGroupSection}").` });
    }
    const records = await readTrailRecords(ctx, p.logGroup, arn, ctx.clock.now() - LOOKBACK_MS);
    const found = p.calls.map((c) => records.find((r) => r.eventSource === c.eventSource && r.eventName === c.eventName && c.errorCode.test(r.errorCode ?? '')));
    const missing = p.calls.filter((_c, i) => !found[i]);
    const shown = found.filter((r): r is TrailRecord => Boolean(r));
    const evidence: Evidence[] = shown.length ? [{ kind: 'text', title: `CloudTrail records of ${arn.split('/').pop()}'s denied calls in ${p.logGroup}`, data: shown.map((r) => JSON.stringify(r)).join('\n') }] : [];
    const detail = `${records.length} record(s) of ${arn} in ${p.logGroup} over the last day: ${records.map((r) => `${r.eventName}${r.errorCode ? `→${r.errorCode}` : ''}`).join(', ') || 'none'}`;
    if (!missing.length) {
      return result('passed', `${p.logGroup} holds the ${shown.length} denied calls of ${arn.split('/').pop()} with their error codes (${shown.map((r) => `${r.eventName}: ${r.errorCode}`).join(', ')}).`, { detail, evidence });
    }
    const names = missing.map((c) => `${c.eventSource.split('.')[0]}:${c.eventName}`).join(', ');
    const allowed = missing.filter((c) => records.some((r) => r.eventSource === c.eventSource && r.eventName === c.eventName && !r.errorCode));
    if (allowed.length) {
      return result('failed', `Some of the user's calls were allowed, not denied.`, {
        hint: `CloudTrail recorded ${allowed.map((c) => c.eventName).join(', ')} by ${arn.split('/').pop()} without an error: the user is allowed to make them, but the lab's user has no permissions at all (check its policies in IAM).`,
        detail,
        evidence,
      });
    }
    const status = await cloudtrail.getTrailStatus(ctx.clients.cloudtrail, p.trail).catch(() => undefined);
    if (status && !status.IsLogging) {
      return result('failed', `Trail ${p.trail} is not logging, so the calls are not recorded.`, { hint: `Your trail ${p.trail} has stopped logging: no call is recorded while it is stopped (Start logging), then make the calls again (step "${p.section}").`, detail, evidence });
    }
    return result('pending', `No CloudTrail record of ${names} denied for ${arn.split('/').pop()} in ${p.logGroup} yet.`, {
      hint: `${p.logGroup} has no record yet of ${names} denied for ${arn.split('/').pop()}. CloudTrail delivers a call to CloudWatch Logs about 5 minutes after it is made; if you have not made the calls as that user yet, make them (step "${p.section}").`,
      detail,
      evidence,
      etaMs: CWL_DELIVERY_ETA_MS * ctx.target.budgetScale,
    });
  };
}
