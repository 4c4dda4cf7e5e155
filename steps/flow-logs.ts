// Solves of steps 1–3: what the student does in the VPC and CloudWatch consoles, through the API.
import type { LabContext } from '../aws/context';
import * as ec2 from '../aws/ec2';
import { visibilityFor, waitUntilVisible } from '../aws/idempotent';
import * as logs from '../aws/logs';
import { RUN_TAG } from '../fixtures/environment';
import { FLOW_LOG_INTERVAL, LOG_GROUP } from '../fixtures/vpc-flow-logs';

/** Waits until DescribeFlowLogs lists a just-created flow log (it lags behind CreateFlowLogs). */
async function waitForFlowLog(ctx: LabContext, id: string): Promise<void> {
  await waitUntilVisible(`The flow log ${id}`, async () => (await ec2.listFlowLogs(ctx.clients.ec2, ctx.env.vpcId)).find((f) => f.FlowLogId === id), visibilityFor(ctx.target, ctx.clock, ctx.signal));
}

/** RunState keys the flow-log solves write. */
export const FLOW_LOG_STATE = { s3: 'flow-log-s3.id', cloudwatch: 'flow-log-cloudwatch.id' } as const;

/** Step flow-log-s3: a flow log on the VPC to the lab bucket; all traffic, 1 minute, AWS default format. */
export async function solveFlowLogS3(ctx: LabContext): Promise<void> {
  const id = await ec2.createFlowLog(
    ctx.clients.ec2,
    {
      vpcId: ctx.env.vpcId,
      trafficType: 'ALL',
      maxAggregationInterval: FLOW_LOG_INTERVAL,
      destination: { s3Arn: `arn:aws:s3:::${ctx.env.bucket}` },
      tags: { [RUN_TAG]: ctx.runId },
    },
    ctx.log,
  );
  ctx.ledger.add({ kind: 'flow-log', id, region: ctx.env.region, meta: { vpcId: ctx.env.vpcId } });
  ctx.state.set(FLOW_LOG_STATE.s3, id);
  await waitForFlowLog(ctx, id);
}

/** Step log-group: the CloudWatch log group VPCFlowLogs. */
export async function solveLogGroup(ctx: LabContext): Promise<void> {
  const visibility = visibilityFor(ctx.target, ctx.clock, ctx.signal);
  try {
    await logs.createLogGroup(ctx.clients.logs, LOG_GROUP, { [RUN_TAG]: ctx.runId }, ctx.log, { visibility });
  } catch (err) {
    // A group left by someone else is theirs to delete: use it, but keep it out of the ledger.
    if ((err as Error).name === 'ResourceAlreadyExistsException') {
      ctx.log(`Using the existing log group ${LOG_GROUP}`);
      return;
    }
    throw err;
  }
  ctx.ledger.add({ kind: 'log-group', id: LOG_GROUP, region: ctx.env.region });
  await logs.waitForLogGroup(ctx.clients.logs, LOG_GROUP, visibility);
}

/** Step flow-log-cloudwatch: a flow log on the VPC to VPCFlowLogs through DeliverVPCFlowLogsRole. */
export async function solveFlowLogCloudWatch(ctx: LabContext): Promise<void> {
  const id = await ec2.createFlowLog(
    ctx.clients.ec2,
    {
      vpcId: ctx.env.vpcId,
      trafficType: 'ALL',
      maxAggregationInterval: FLOW_LOG_INTERVAL,
      destination: { logGroupName: LOG_GROUP, roleArn: ctx.env.roleArn },
      tags: { [RUN_TAG]: ctx.runId },
    },
    ctx.log,
  );
  ctx.ledger.add({ kind: 'flow-log', id, region: ctx.env.region, meta: { vpcId: ctx.env.vpcId } });
  ctx.state.set(FLOW_LOG_STATE.cloudwatch, id);
  await waitForFlowLog(ctx, id);
}
