// Reads the flow records of the client's SSH traffic to an instance from a log group, and
// decides whether missing records are still on their way (pending) or not coming (failed).
import type { FlowLog } from '@aws-sdk/client-ec2';
import * as ec2 from '../aws/ec2';
import * as logs from '../aws/logs';
import { parseFormat, parseRecord, type FlowRecord } from '../flowlogs';
import type { LabContext, LabEnvironment } from '../runner/context';
import { result, type CheckResult, type Evidence } from '../runner/model';
import { chooseStudent, groupBySource, type StudentChoice } from './traffic-sources';

/** What reading the records needs from the environment: the VPC and the instance's ENI and address. */
export type FlowRecordEnv = LabEnvironment & { vpcId: string; eniId: string; privateIp: string };
type Ctx = LabContext<FlowRecordEnv>;

/** Delivery to CloudWatch Logs typically takes ~5 minutes on AWS (aws-fidelity §1.3). */
export const TYPICAL_DELIVERY_MS = 5 * 60_000;
/** Past this age of the traffic (or of the flow log), missing records are no longer "on their way". */
export const DELIVERY_WINDOW_MS = 15 * 60_000;

/** The student's SSH records on the instance's ENI, split by action, oldest first. */
export interface SshRecords {
  flowLog: FlowLog;
  /** The student's address (run: this machine's; check: see `choice`), or a phrase when none is known. */
  clientIp: string;
  /** check: every address that connected to port 22, and which one was taken for the student and why. */
  choice?: StudentChoice;
  /** Whether the ENI's log stream exists yet (it appears with the first delivered record). */
  streamExists: boolean;
  accept: FlowRecord[];
  reject: FlowRecord[];
}

/** The VPC's flow log to the log group that captures `action` (ALL or that action), newest first. */
async function flowLogToGroup(ctx: Ctx, logGroup: string, action: 'ACCEPT' | 'REJECT'): Promise<FlowLog | undefined> {
  const all = await ec2.listFlowLogs(ctx.clients.ec2, ctx.env.vpcId);
  return all
    .filter((f) => f.LogDestinationType === 'cloud-watch-logs' && f.LogGroupName === logGroup && (f.TrafficType === 'ALL' || f.TrafficType === action))
    .sort((a, b) => (b.CreationTime?.getTime() ?? 0) - (a.CreationTime?.getTime() ?? 0))[0];
}

/**
 * Reads the records of TCP port 22 traffic to the instance's private IP on its ENI. `run` made the
 * traffic itself, so it reads this machine's address only; `check` reads every source address and
 * takes one for the student (`--client-ip`, this machine's, or the one with accepted SSH; see
 * traffic-sources.ts). Returns a `failed` result instead when there is no flow log to read them from.
 */
export async function readSshRecords(ctx: Ctx, logGroup: string, action: 'ACCEPT' | 'REJECT', logGroupSection: string): Promise<SshRecords | CheckResult> {
  const { env } = ctx;
  const flowLog = await flowLogToGroup(ctx, logGroup, action);
  if (!flowLog) {
    return result('failed', `No flow log of the VPC sends ${action} traffic to ${logGroup}.`, {
      hint: `Traffic can only show up in ${logGroup} once the VPC has a flow log that sends all traffic there (step "${logGroupSection}").`,
      detail: `vpc=${env.vpcId}`,
    });
  }
  const anySource = ctx.mode === 'check';
  // check: this machine's address only helps pick the student among several; without it (no
  // network to checkip, say) the records still decide.
  const own = anySource ? (ctx.target.studentIp ? undefined : await ctx.target.clientIp().catch(() => undefined)) : await ctx.target.clientIp();
  const streams = await logs.listLogStreams(ctx.clients.logs, logGroup, env.eniId);
  const format = parseFormat(flowLog.LogFormat);
  const accept: FlowRecord[] = [];
  const reject: FlowRecord[] = [];
  if (streams.length) {
    // The terms narrow the scan server-side; every hit is then parsed and compared field by field.
    const events = await logs.filterLogEvents(ctx.clients.logs, {
      group: logGroup,
      streamPrefix: env.eniId,
      pattern: anySource ? `"${env.privateIp}"` : `"${own}" "${env.privateIp}"`,
      startTime: (flowLog.CreationTime?.getTime() ?? 0) - 120_000,
      max: 5000,
    });
    for (const e of events) {
      let r: FlowRecord;
      try {
        r = parseRecord(e.message ?? '', format);
      } catch {
        continue;
      }
      if (r.has('interface-id') && r.str('interface-id') !== env.eniId) continue;
      if ((!anySource && r.str('srcaddr') !== own) || r.str('dstaddr') !== env.privateIp || r.num('dstport') !== 22) continue;
      if (r.has('protocol') && r.num('protocol') !== 6) continue;
      if (r.str('action') === 'ACCEPT') accept.push(r);
      else if (r.str('action') === 'REJECT') reject.push(r);
    }
  }
  const byStart = (a: FlowRecord, b: FlowRecord) => (a.num('start') ?? 0) - (b.num('start') ?? 0);
  if (!anySource) return { flowLog, clientIp: own!, streamExists: streams.length > 0, accept: accept.sort(byStart), reject: reject.sort(byStart) };
  const choice = chooseStudent(groupBySource(accept, reject), { pinned: ctx.target.studentIp, own });
  const mine = (r: FlowRecord) => r.str('srcaddr') === choice.ip;
  return {
    flowLog,
    clientIp: choice.ip ?? 'your address',
    choice,
    streamExists: streams.length > 0,
    accept: accept.filter(mine).sort(byStart),
    reject: reject.filter(mine).sort(byStart),
  };
}

/** Evidence holding record lines. */
export function recordEvidence(title: string, records: FlowRecord[]): Evidence {
  return { kind: 'flow-records', title, data: records.map((r) => r.line) };
}

/**
 * `pending` with an ETA while records of traffic at `sinceMs` (or of a flow log created then) may
 * still be on their way; undefined once the delivery window has passed (the caller then fails).
 * The window and the ETA scale with the target (an emulator delivers in seconds).
 */
export function stillDelivering(ctx: LabContext, logGroup: string, sinceMs: number, what: string, streamExists: boolean): CheckResult | undefined {
  const scale = ctx.target.budgetScale;
  const now = ctx.clock.now();
  const window = Math.max(DELIVERY_WINDOW_MS * scale, 30_000);
  if (now - sinceMs > window) return undefined;
  const etaMs = Math.max(sinceMs + TYPICAL_DELIVERY_MS * scale - now, Math.round(15_000 * scale), 1000);
  const where = streamExists ? `the ENI's log stream in ${logGroup}` : `${logGroup} (its log stream for the ENI does not exist yet)`;
  return result('pending', `Waiting for ${what} in ${where}.`, {
    hint: `Flow records reach CloudWatch Logs about 5 minutes after the traffic, sometimes more. Check again in a few minutes.`,
    detail: `waiting since ${new Date(sinceMs).toISOString()}`,
    etaMs,
  });
}
