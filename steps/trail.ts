// Building blocks for CloudTrail: create a trail to the environment's bucket and start it (the
// console's "Create trail"), send it to a CloudWatch Logs group through the environment's role, and
// make calls signed with an IAM user's own keys that AWS denies (the activity a trail should catch).
import { createClients, destroyClients, type AwsClients } from '../aws/clients';
import * as cloudtrail from '../aws/cloudtrail';
import { visibilityFor, waitUntilVisible } from '../aws/idempotent';
import * as logs from '../aws/logs';
import { FatalPollError, poll } from '../core/poll';
import { RUN_TAG } from '../core/run-tag';
import type { LabContext, LabEnvironment } from '../runner/context';
import { createLogGroup } from './flow-logs';

/** What the trail solves read from the environment: the bucket and the delivery role. */
export type TrailEnv = LabEnvironment & { bucket: string; roleArn: string };
/** What the denied-calls solve reads: the user's ARN and, after provisioning, its access key. */
export type IntruderEnv = LabEnvironment & { userArn: string; userAccessKeyId?: string; userSecretAccessKey?: string };

/** The trail as the lab asks for it. */
export interface TrailParams {
  name: string;
  multiRegion: boolean;
  /** Management events, read and write ('All'), 'ReadOnly' or 'WriteOnly'. */
  readWriteType: 'All' | 'ReadOnly' | 'WriteOnly';
}

/** RunState key: when the denied calls were made (ms). */
export const TRAIL_STATE = { deniedAt: 'denied-calls.at' } as const;

/** The log group ARN CloudTrail takes (`…:log-group:<name>:*`, as the console fills it in). */
export function logGroupArnFor(env: LabEnvironment, logGroup: string): string {
  return `arn:aws:logs:${env.region}:${env.accountId}:log-group:${logGroup}:*`;
}

/** Solve: a trail to the environment's bucket with the lab's management-event selection, logging started. */
export function createTrail(p: TrailParams): (ctx: LabContext<TrailEnv>) => Promise<void> {
  return async (ctx) => {
    const ct = ctx.clients.cloudtrail;
    await cloudtrail.createTrail(ct, { name: p.name, bucket: ctx.env.bucket, multiRegion: p.multiRegion, tags: { [RUN_TAG]: ctx.runId } }, ctx.log);
    ctx.ledger.add({ kind: 'trail', id: p.name, region: ctx.env.region });
    await cloudtrail.putEventSelectors(ct, p.name, [{ ReadWriteType: p.readWriteType, IncludeManagementEvents: true }], ctx.log);
    await cloudtrail.setLogging(ct, p.name, true, ctx.log);
    await waitUntilVisible(`The trail ${p.name}`, () => cloudtrail.getTrail(ct, p.name), visibilityFor(ctx.target, ctx.clock, ctx.signal));
  };
}

/** Solve: creates the log group and has the trail deliver to it with the environment's role. */
export function sendTrailToLogGroup(p: { trail: string; logGroup: string }): (ctx: LabContext<TrailEnv>) => Promise<void> {
  const makeGroup = createLogGroup({ name: p.logGroup });
  return async (ctx) => {
    await makeGroup(ctx);
    await logs.waitForLogGroup(ctx.clients.logs, p.logGroup, visibilityFor(ctx.target, ctx.clock, ctx.signal));
    await cloudtrail.updateTrail(ctx.clients.cloudtrail, p.trail, { logGroupArn: logGroupArnFor(ctx.env, p.logGroup), roleArn: ctx.env.roleArn }, ctx.log);
  };
}

/** One call the user makes that AWS must deny: which client, what to send, and the error expected. */
export interface DeniedCall {
  /** How the student would make it ("aws ec2 describe-instances"). */
  label: string;
  send(clients: AwsClients): Promise<unknown>;
  /** The error code AWS answers (UnauthorizedOperation on EC2, AccessDenied on S3 and IAM). */
  errorCode: RegExp;
}

/** How long a new access key may take to be accepted on AWS (scaled by the target). */
const KEY_PROPAGATION_BUDGET_MS = 60_000;
/** What AWS answers while a new key is not yet known everywhere. */
const KEY_NOT_YET = /InvalidClientTokenId|InvalidAccessKeyId|AuthFailure|UnrecognizedClient|SignatureDoesNotMatch/;

/** SDK clients signed with the environment user's own keys (never logged). */
export function userClients(ctx: LabContext<IntruderEnv>): AwsClients {
  const { userAccessKeyId: accessKeyId, userSecretAccessKey: secretAccessKey } = ctx.env;
  if (!accessKeyId || !secretAccessKey) throw new Error(`The environment has no access key for ${ctx.env.userArn}; only a provisioned environment (run, verify-checks) carries it.`);
  return createClients({ region: ctx.env.region, endpoint: ctx.target.endpoint, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

/** Makes the calls with the user's keys; each must be denied with its expected code (a new key is waited for). */
export async function makeDeniedCallsNow(ctx: LabContext<IntruderEnv>, calls: readonly DeniedCall[]): Promise<void> {
  const clients = userClients(ctx);
  try {
    for (const call of calls) {
      ctx.log(`Running ${call.label} as ${ctx.env.userArn.split('/').pop()} (expecting it to be denied)`);
      await poll<string>(
        async () => {
          try {
            await call.send(clients);
          } catch (err) {
            const name = (err as Error).name ?? '';
            if (call.errorCode.test(name)) return { done: true, value: name };
            if (KEY_NOT_YET.test(name)) return { done: false, reason: `the new access key is not accepted yet (${name})` };
            throw new FatalPollError(`${call.label} as ${ctx.env.userArn} failed with ${name} instead of being denied: ${(err as Error).message}`, err);
          }
          throw new FatalPollError(`${call.label} as ${ctx.env.userArn} succeeded; the user should have no permissions.`);
        },
        { description: `${call.label} to be denied`, budgetMs: KEY_PROPAGATION_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
      );
    }
  } finally {
    destroyClients(clients);
  }
  ctx.state.set(TRAIL_STATE.deniedAt, ctx.clock.now());
  // On an emulator the trail delivers now rather than at its next delivery (minutes on AWS).
  await ctx.target.flushFlowLogs?.();
}

/** Solve: the user, with its own keys and no permissions, makes calls AWS denies. */
export function makeDeniedCalls(calls: readonly DeniedCall[]): (ctx: LabContext<IntruderEnv>) => Promise<void> {
  return (ctx) => makeDeniedCallsNow(ctx, calls);
}
