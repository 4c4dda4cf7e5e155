// Building blocks: create a flow log on a VPC to S3 or to CloudWatch Logs, and create a log group,
// as a student does in the VPC and CloudWatch consoles. Names and settings come from the lab.
import * as ec2 from '../aws/ec2';
import { visibilityFor, waitUntilVisible } from '../aws/idempotent';
import * as logs from '../aws/logs';
import { RUN_TAG } from '../core/run-tag';
import type { LabContext, LabEnvironment } from '../runner/context';

/** What a flow-log solve reads from the environment. */
export type FlowLogEnv = LabEnvironment & { vpcId: string; bucket: string; roleArn: string };

/** The settings a flow log is created with. */
export interface FlowLogSettings {
  trafficType: 'ALL' | 'ACCEPT' | 'REJECT';
  /** Maximum aggregation interval in seconds (60 or 600). */
  intervalSeconds: 60 | 600;
  /** RunState key the created flow log's id is written to. */
  stateKey?: string;
}

/** Waits until DescribeFlowLogs lists a just-created flow log (it lags behind CreateFlowLogs). */
async function waitForFlowLog(ctx: LabContext<FlowLogEnv>, id: string): Promise<void> {
  await waitUntilVisible(`The flow log ${id}`, async () => (await ec2.listFlowLogs(ctx.clients.ec2, ctx.env.vpcId)).find((f) => f.FlowLogId === id), visibilityFor(ctx.target, ctx.clock, ctx.signal));
}

async function createFlowLog(ctx: LabContext<FlowLogEnv>, s: FlowLogSettings, destination: ec2.FlowLogSpec['destination']): Promise<void> {
  const id = await ec2.createFlowLog(
    ctx.clients.ec2,
    { vpcId: ctx.env.vpcId, trafficType: s.trafficType, maxAggregationInterval: s.intervalSeconds, destination, tags: { [RUN_TAG]: ctx.runId } },
    ctx.log,
  );
  ctx.ledger.add({ kind: 'flow-log', id, region: ctx.env.region, meta: { vpcId: ctx.env.vpcId } });
  if (s.stateKey) ctx.state.set(s.stateKey, id);
  await waitForFlowLog(ctx, id);
}

/** Solve: a flow log on the environment's VPC to its bucket, in the AWS default format. */
export function createFlowLogToS3(s: FlowLogSettings): (ctx: LabContext<FlowLogEnv>) => Promise<void> {
  return (ctx) => createFlowLog(ctx, s, { s3Arn: `arn:aws:s3:::${ctx.env.bucket}` });
}

/** Solve: a flow log on the environment's VPC to a log group, delivered through the environment's role. */
export function createFlowLogToLogGroup(s: FlowLogSettings & { logGroup: string }): (ctx: LabContext<FlowLogEnv>) => Promise<void> {
  return (ctx) => createFlowLog(ctx, s, { logGroupName: s.logGroup, roleArn: ctx.env.roleArn });
}

/**
 * Solve: a CloudWatch log group of the given name. A group that exists and is not this run's is
 * someone else's: the solve fails rather than write into it (a run's names are its own).
 */
export function createLogGroup(p: { name: string }): (ctx: LabContext) => Promise<void> {
  return async (ctx) => {
    const visibility = visibilityFor(ctx.target, ctx.clock, ctx.signal);
    try {
      await logs.createLogGroup(ctx.clients.logs, p.name, { [RUN_TAG]: ctx.runId }, ctx.log, { visibility });
    } catch (err) {
      if ((err as Error).name === 'ResourceAlreadyExistsException') throw new Error(`The log group ${p.name} already exists and is not this run's; labwright neither uses nor deletes it.`);
      throw err;
    }
    ctx.ledger.add({ kind: 'log-group', id: p.name, region: ctx.env.region });
    await logs.waitForLogGroup(ctx.clients.logs, p.name, visibility);
  };
}
