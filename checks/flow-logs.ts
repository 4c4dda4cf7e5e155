// Checks: a flow log to S3 with these settings exists (and the bucket policy AWS adds for it), a log
// group exists, a flow log to a log group with these settings and role exists. Read-only; each wrong setting gets its own hint in the
// student's terms (the console field to look at), and the exact values go to `detail`.
import type { FlowLog } from '@aws-sdk/client-ec2';
import * as ec2 from '../aws/ec2';
import * as logs from '../aws/logs';
import * as s3 from '../aws/s3';
import { DEFAULT_FORMAT } from '../flowlogs';
import type { LabContext, LabEnvironment } from '../runner/context';
import { result, type CheckResult, type Evidence } from '../runner/model';

/** What the flow-log checks read from the environment. */
export type FlowLogCheckEnv = LabEnvironment & { vpcId: string; bucket: string; roleArn: string };
type Ctx = LabContext<FlowLogCheckEnv>;

/** The settings a flow log must have, and where the lab text asks for them (hints name the section). */
export interface FlowLogExpectation {
  intervalSeconds: number;
  /** The lab text's section that creates the flow log ("Create a VPC Flow Log to S3"). */
  section: string;
  /** The delivery role's name as the student sees it (CloudWatch Logs destinations). */
  roleName?: string;
}
const DELIVERY_SERVICE = 'delivery.logs.amazonaws.com';

/** One thing wrong with a flow log: a hint for the student and the raw value for the author. */
interface Problem {
  hint: string;
  detail: string;
}

/** The bucket an S3 log destination ARN names, and the folder after it (empty for the bucket itself). */
export function s3Destination(arn: string | undefined): { bucket: string; prefix: string } {
  const rest = (arn ?? '').replace(/^arn:aws[a-z-]*:s3:::/, '');
  const i = rest.indexOf('/');
  return i < 0 ? { bucket: rest, prefix: '' } : { bucket: rest.slice(0, i), prefix: rest.slice(i + 1).replace(/\/$/, '') };
}

/** What the lab asks of every flow log it creates: all traffic, 1 minute, default format, active and delivering. */
function settingsProblems(fl: FlowLog, e: FlowLogExpectation): Problem[] {
  const step = e.section;
  const out: Problem[] = [];
  if (fl.TrafficType !== 'ALL') {
    out.push({
      hint: `Your flow log captures only ${fl.TrafficType} traffic; the lab asks for all traffic (step "${step}", Filter).`,
      detail: `TrafficType=${fl.TrafficType}`,
    });
  }
  if (fl.MaxAggregationInterval !== e.intervalSeconds) {
    const minutes = (fl.MaxAggregationInterval ?? 600) / 60;
    out.push({
      hint: `Your flow log aggregates traffic over ${minutes} minutes; the lab asks for a shorter maximum aggregation interval (step "${step}", Maximum aggregation interval).`,
      detail: `MaxAggregationInterval=${fl.MaxAggregationInterval}`,
    });
  }
  if ((fl.LogFormat ?? DEFAULT_FORMAT) !== DEFAULT_FORMAT) {
    out.push({
      hint: `Your flow log uses a custom log record format; the lab's filter pattern and Athena table expect the AWS default format (step "${step}", Log record format).`,
      detail: `LogFormat=${fl.LogFormat}`,
    });
  }
  if (fl.FlowLogStatus && fl.FlowLogStatus !== 'ACTIVE') {
    out.push({ hint: `Your flow log's status is ${fl.FlowLogStatus}, not Active (step "${step}").`, detail: `FlowLogStatus=${fl.FlowLogStatus}` });
  }
  if (fl.DeliverLogsStatus === 'FAILED') {
    const why = fl.DeliverLogsErrorMessage ?? 'no reason given';
    const access =
      fl.LogDestinationType === 'cloud-watch-logs'
        ? ` An "Access error" means the flow-logs service cannot use the IAM role: check that the role you chose is ${e.roleName ?? 'the role the lab provides'} and that its trust policy lets vpc-flow-logs.amazonaws.com assume it.`
        : ' Check that the bucket still exists and that its policy lets the log delivery service write to it.';
    out.push({ hint: `AWS reports that it cannot deliver this flow log's records: "${why}".${access}`, detail: `DeliverLogsStatus=FAILED DeliverLogsErrorMessage=${why}` });
  }
  return out;
}

/** The S3-specific settings: the bucket itself (no folder) and default file options. */
function s3Problems(fl: FlowLog, S3_STEP: string): Problem[] {
  const out: Problem[] = [];
  const { prefix } = s3Destination(fl.LogDestination);
  if (prefix) {
    out.push({
      hint: `Your flow log writes into the folder "${prefix}/" of the bucket; the lab's Athena table expects the bucket ARN exactly as Copy ARN gives it (step "${S3_STEP}", S3 bucket ARN).`,
      detail: `LogDestination=${fl.LogDestination}`,
    });
  }
  const o = fl.DestinationOptions;
  if (o && (o.FileFormat === 'parquet' || o.HiveCompatiblePartitions || o.PerHourPartition)) {
    out.push({
      hint: `Your flow log changes the S3 file options (format or partitioning); the lab leaves them at their defaults, which its Athena table expects (step "${S3_STEP}", "Leave the other fields as the default settings").`,
      detail: `DestinationOptions=${JSON.stringify(o)}`,
    });
  }
  return out;
}

/** Picks the candidate with the fewest problems and turns the outcome into a verdict. */
function judge(candidates: FlowLog[], problemsOf: (fl: FlowLog) => Problem[]): { best: FlowLog; problems: Problem[] } {
  const scored = candidates.map((fl) => ({ fl, problems: problemsOf(fl) })).sort((a, b) => a.problems.length - b.problems.length);
  return { best: scored[0].fl, problems: scored[0].problems };
}

function flowLogEvidence(fl: FlowLog): Evidence {
  const { Tags, ...rest } = fl;
  return { kind: 'resource', title: `Flow log ${fl.FlowLogId}`, data: rest };
}

function failedWith(summary: string, problems: Problem[], evidence: Evidence[]): CheckResult {
  return result('failed', summary, { hint: problems.map((p) => p.hint).join(' '), detail: problems.map((p) => p.detail).join('; '), evidence });
}

/** Check: the environment's VPC has a flow log to its bucket with the expected settings, and the bucket policy lets delivery write. */
export function flowLogToS3Exists(e: FlowLogExpectation): (ctx: Ctx) => Promise<CheckResult> {
  return (ctx) => checkFlowLogS3(ctx, e);
}

async function checkFlowLogS3(ctx: Ctx, e: FlowLogExpectation): Promise<CheckResult> {
  const { env } = ctx;
  const S3_STEP = e.section;
  const all = await ec2.listFlowLogs(ctx.clients.ec2, env.vpcId);
  const toS3 = all.filter((f) => f.LogDestinationType === 's3');
  if (toS3.length === 0) {
    return result('failed', 'The VPC has no flow log that sends to S3.', {
      hint: all.length
        ? `Your VPC's flow logs send to ${[...new Set(all.map((f) => f.LogDestinationType))].join(' and ')} only; this step asks for one that sends to an Amazon S3 bucket (step "${S3_STEP}", Destination).`
        : `Your VPC has no flow log yet (step "${S3_STEP}").`,
      detail: `vpc=${env.vpcId} flowLogs=${all.map((f) => `${f.FlowLogId}→${f.LogDestination}`).join(',') || 'none'}`,
    });
  }
  const toBucket = toS3.filter((f) => s3Destination(f.LogDestination).bucket === env.bucket);
  if (toBucket.length === 0) {
    const theirs = [...new Set(toS3.map((f) => s3Destination(f.LogDestination).bucket))].join(', ');
    return result('failed', 'The flow log to S3 sends to another bucket than the lab bucket.', {
      hint: `Your flow log sends to the bucket ${theirs}, which is not the bucket provided for the lab; copy the ARN of the provided bucket (step "${S3_STEP}", Get the S3 bucket ARN).`,
      detail: `expected arn:aws:s3:::${env.bucket}; found ${toS3.map((f) => `${f.FlowLogId}→${f.LogDestination}`).join(', ')}`,
      evidence: toS3.map(flowLogEvidence),
    });
  }
  const { best, problems } = judge(toBucket, (fl) => [...settingsProblems(fl, e), ...s3Problems(fl, S3_STEP)]);
  const evidence = [flowLogEvidence(best)];
  if (problems.length) return failedWith(`The flow log to S3 (${best.FlowLogId}) is not configured as the lab asks.`, problems, evidence);

  const policy = await s3.getBucketPolicy(ctx.clients.s3, env.bucket);
  const missing = missingDeliveryStatements(policy);
  if (missing.length) {
    return result('failed', `The bucket policy of ${env.bucket} lacks the log-delivery statements.`, {
      hint: `The bucket's policy no longer lets the log delivery service ${missing.map((m) => m.what).join(' and ')}. AWS adds these statements when you create the flow log; if the policy was edited or replaced afterwards, restore them (step "${S3_STEP}", review the bucket policy).`,
      detail: `missing Sid ${missing.map((m) => m.sid).join(', ')} for ${DELIVERY_SERVICE}; policy=${policy ? JSON.stringify(policy) : 'none'}`,
      evidence,
    });
  }
  evidence.push({ kind: 'resource', title: `Bucket policy of ${env.bucket}`, data: policy });
  return result('passed', `Flow log ${best.FlowLogId} sends all traffic at ${e.intervalSeconds / 60}-minute intervals in the default format to s3://${env.bucket}.`, {
    detail: `${best.FlowLogId} ${best.LogDestination} DeliverLogsStatus=${best.DeliverLogsStatus}`,
    evidence,
  });
}

/** The delivery statements AWS adds to the bucket policy, by Sid, that the policy lacks. */
function missingDeliveryStatements(policy: { Statement?: unknown[] } | undefined): Array<{ sid: string; what: string }> {
  const statements = (policy?.Statement ?? []) as Array<{ Sid?: string; Effect?: string; Principal?: { Service?: string | string[] }; Action?: string | string[] }>;
  const has = (sid: string, action: string) =>
    statements.some((s) => {
      const services = ([] as string[]).concat(s.Principal?.Service ?? []);
      const actions = ([] as string[]).concat(s.Action ?? []);
      return s.Sid === sid && s.Effect === 'Allow' && services.includes(DELIVERY_SERVICE) && actions.includes(action);
    });
  const out: Array<{ sid: string; what: string }> = [];
  if (!has('AWSLogDeliveryWrite', 's3:PutObject')) out.push({ sid: 'AWSLogDeliveryWrite', what: 'write log files (s3:PutObject)' });
  if (!has('AWSLogDeliveryAclCheck', 's3:GetBucketAcl')) out.push({ sid: 'AWSLogDeliveryAclCheck', what: "check the bucket's ACL (s3:GetBucketAcl)" });
  return out;
}

/** Check: a log group of this name exists (a near miss in case or spelling gets its own hint). */
export function logGroupExists(p: { name: string; section: string }): (ctx: LabContext) => Promise<CheckResult> {
  return (ctx) => checkLogGroup(ctx, p.name, p.section);
}

async function checkLogGroup(ctx: LabContext, LOG_GROUP: string, CW_STEP: string): Promise<CheckResult> {
  const group = await logs.getLogGroup(ctx.clients.logs, LOG_GROUP);
  if (group) {
    return result('passed', `The log group ${LOG_GROUP} exists.`, { detail: group.arn, evidence: [{ kind: 'resource', title: `Log group ${LOG_GROUP}`, data: group }] });
  }
  const near = await logs.findLogGroupsByName(ctx.clients.logs, LOG_GROUP);
  return result('failed', `No log group named ${LOG_GROUP} exists.`, {
    hint: near.length
      ? near[0].logGroupName!.toLowerCase() === LOG_GROUP.toLowerCase()
        ? `You have a log group named "${near[0].logGroupName}"; log group names are case-sensitive and the lab's name is spelled differently (step "${CW_STEP}", Log group name).`
        : `You have a log group named "${near[0].logGroupName}"; the lab's name is spelled differently, letter for letter (step "${CW_STEP}", Log group name).`
      : `There is no log group named ${LOG_GROUP} in ${ctx.env.region} yet (step "${CW_STEP}", Create log group). Check that the console is in the lab's region.`,
    detail: `region=${ctx.env.region} similar=${near.map((g) => g.logGroupName).join(',') || 'none'}`,
  });
}

/** Check: the environment's VPC has a flow log to this log group, with the environment's role and the expected settings. */
export function flowLogToLogGroupExists(e: FlowLogExpectation & { logGroup: string; roleName: string }): (ctx: Ctx) => Promise<CheckResult> {
  return (ctx) => checkFlowLogCloudWatch(ctx, e);
}

async function checkFlowLogCloudWatch(ctx: Ctx, e: FlowLogExpectation & { logGroup: string; roleName: string }): Promise<CheckResult> {
  const { env } = ctx;
  const { logGroup: LOG_GROUP, roleName: ROLE_NAME, section: CW_STEP } = e;
  const all = await ec2.listFlowLogs(ctx.clients.ec2, env.vpcId);
  const toLogs = all.filter((f) => f.LogDestinationType === 'cloud-watch-logs');
  if (toLogs.length === 0) {
    return result('failed', 'The VPC has no flow log that sends to CloudWatch Logs.', {
      hint: all.length
        ? `Your VPC's flow logs send to ${[...new Set(all.map((f) => f.LogDestinationType))].join(' and ')} only; this step asks for a second one that sends to CloudWatch Logs (step "${CW_STEP}", Destination).`
        : `Your VPC has no flow log to CloudWatch Logs yet (step "${CW_STEP}").`,
      detail: `vpc=${env.vpcId} flowLogs=${all.map((f) => `${f.FlowLogId}→${f.LogDestination}`).join(',') || 'none'}`,
    });
  }
  const toGroup = toLogs.filter((f) => f.LogGroupName === LOG_GROUP);
  if (toGroup.length === 0) {
    return result('failed', `The flow log to CloudWatch Logs sends to another log group than ${LOG_GROUP}.`, {
      hint: `Your flow log sends to the log group "${toLogs.map((f) => f.LogGroupName).join('", "')}"; the lab asks for the log group you created in this step (step "${CW_STEP}", Destination log group).`,
      detail: toLogs.map((f) => `${f.FlowLogId}→${f.LogGroupName}`).join(', '),
      evidence: toLogs.map(flowLogEvidence),
    });
  }
  const roleProblem = (fl: FlowLog): Problem[] =>
    fl.DeliverLogsPermissionArn === env.roleArn
      ? []
      : [
          {
            hint: `Your flow log delivers with the IAM role "${(fl.DeliverLogsPermissionArn ?? 'none').split('/').pop()}"; the lab provides ${ROLE_NAME} for this (step "${CW_STEP}", IAM role).`,
            detail: `DeliverLogsPermissionArn=${fl.DeliverLogsPermissionArn} expected ${env.roleArn}`,
          },
        ];
  const { best, problems } = judge(toGroup, (fl) => [...roleProblem(fl), ...settingsProblems(fl, e)]);
  const evidence = [flowLogEvidence(best)];
  if (problems.length) return failedWith(`The flow log to ${LOG_GROUP} (${best.FlowLogId}) is not configured as the lab asks.`, problems, evidence);
  return result('passed', `Flow log ${best.FlowLogId} sends all traffic at ${e.intervalSeconds / 60}-minute intervals in the default format to ${LOG_GROUP} with ${ROLE_NAME}.`, {
    detail: `${best.FlowLogId} role=${best.DeliverLogsPermissionArn} DeliverLogsStatus=${best.DeliverLogsStatus}`,
    evidence,
  });
}
