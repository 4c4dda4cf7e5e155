// Checks of steps 4–6 ("Generate Network Traffic"): the accepted SSH connection, the rejected one
// after the swap to SecurityGroupHTTPOnly, and the accepted one after the swap back, each proven by
// the client's flow records in VPCFlowLogs.
import type { LabContext } from '../aws/context';
import * as ec2 from '../aws/ec2';
import type { FlowRecord } from '../flowlogs';
import { LOG_GROUP, SG_HTTP_AND_SSH, SG_HTTP_ONLY } from '../fixtures/vpc-flow-logs';
import { result, type CheckResult, type Evidence } from '../runner/model';
import { readSshRecords, recordEvidence, stillDelivering, type SshRecords } from './flow-records';

const STEP = 'Generate Network Traffic';
// The RunState keys steps/traffic.ts writes (checks may not import steps/): when each SSH started.
const ACCEPTED_AT = 'ssh-accepted.at';
const REJECTED_AT = 'ssh-rejected.at';
const RESTORED_AT = 'ssh-restored.at';

/** The later of the flow log's creation and the time a solve recorded (run mode only). */
function since(ctx: LabContext, rec: SshRecords, stateKey: string, ...more: number[]): number {
  const created = rec.flowLog.CreationTime?.getTime() ?? 0;
  const solved = ctx.state.get(stateKey);
  return Math.max(created, typeof solved === 'number' ? solved : 0, ...more);
}

/** The Web Server ENI's security groups, as ids and names. */
async function eniGroups(ctx: LabContext): Promise<{ ids: string[]; names: string[]; evidence: Evidence }> {
  const eni = await ec2.getNetworkInterface(ctx.clients.ec2, ctx.env.eniId);
  const groups = eni?.Groups ?? [];
  return {
    ids: groups.map((g) => g.GroupId!),
    names: groups.map((g) => g.GroupName ?? g.GroupId!),
    evidence: { kind: 'resource', title: `Security groups of ${ctx.env.eniId}`, data: groups },
  };
}

const only = (ids: string[], id: string) => ids.length === 1 && ids[0] === id;
const startOf = (r: FlowRecord) => r.num('start') ?? 0;

/** Check of step ssh-accepted. */
export async function checkSshAccepted(ctx: LabContext): Promise<CheckResult> {
  const rec = await readSshRecords(ctx, 'ACCEPT');
  if ('verdict' in rec) return rec;
  if (rec.accept.length) {
    return result('passed', `${LOG_GROUP} holds ${rec.accept.length} ACCEPT record(s) of SSH from ${rec.clientIp} to the Web Server.`, {
      detail: `eni=${ctx.env.eniId} dst=${ctx.env.privateIp} flowLog=${rec.flowLog.FlowLogId}`,
      evidence: [recordEvidence(`ACCEPT records, port 22, from ${rec.clientIp}`, rec.accept)],
    });
  }
  return (
    stillDelivering(ctx, since(ctx, rec, ACCEPTED_AT), `an ACCEPT record of SSH from ${rec.clientIp}`, rec.streamExists) ??
    result('failed', `No ACCEPT record of SSH from ${rec.clientIp} to the Web Server is in ${LOG_GROUP}.`, {
      hint: `${LOG_GROUP} shows no accepted SSH connection from your address ${rec.clientIp} to the Web Server. Log in to the Web Server with SSH from this machine and exit (step "${STEP}"); the record appears a few minutes later.`,
      detail: `eni=${ctx.env.eniId} dst=${ctx.env.privateIp} streamExists=${rec.streamExists} rejects=${rec.reject.length}`,
    })
  );
}

/**
 * Check of step ssh-rejected. In `check` mode a student who already went on to restore
 * SecurityGroupHTTPAndSSH (step 6) still passes, as long as the REJECT record is there.
 */
export async function checkSshRejected(ctx: LabContext): Promise<CheckResult> {
  const groups = await eniGroups(ctx);
  const rec = await readSshRecords(ctx, 'REJECT');
  if ('verdict' in rec) return rec;
  const restoredLater = ctx.mode === 'check' && only(groups.ids, ctx.env.sgHttpAndSshId) && rec.reject.length > 0;
  if (!only(groups.ids, ctx.env.sgHttpOnlyId) && !restoredLater) {
    return result('failed', `The Web Server has ${groups.names.join(', ') || 'no security group'}, not only ${SG_HTTP_ONLY}.`, {
      hint: `The Web Server's security groups are ${groups.names.join(' and ') || 'none'}; for this step it should have only ${SG_HTTP_ONLY}, so that SSH is blocked (step "${STEP}", Change security groups).`,
      detail: `eni=${ctx.env.eniId} groups=${groups.ids.join(',')} expected ${ctx.env.sgHttpOnlyId}`,
      evidence: [groups.evidence],
    });
  }
  if (rec.reject.length) {
    return result('passed', `${LOG_GROUP} holds ${rec.reject.length} REJECT record(s) of SSH from ${rec.clientIp}${restoredLater ? `; ${SG_HTTP_AND_SSH} has since been restored` : ''}.`, {
      detail: `eni=${ctx.env.eniId} groups=${groups.ids.join(',')} flowLog=${rec.flowLog.FlowLogId}`,
      evidence: [recordEvidence(`REJECT records, port 22, from ${rec.clientIp}`, rec.reject), groups.evidence],
    });
  }
  return (
    stillDelivering(ctx, since(ctx, rec, REJECTED_AT), `a REJECT record of SSH from ${rec.clientIp}`, rec.streamExists) ??
    result('failed', `No REJECT record of SSH from ${rec.clientIp} is in ${LOG_GROUP}.`, {
      hint: `${LOG_GROUP} shows no rejected SSH attempt from your address ${rec.clientIp}. With only ${SG_HTTP_ONLY} on the Web Server, try to connect with SSH again from this machine and let it time out (step "${STEP}").`,
      detail: `eni=${ctx.env.eniId} streamExists=${rec.streamExists} accepts=${rec.accept.length}`,
      evidence: [groups.evidence],
    })
  );
}

/**
 * Check of step ssh-restored: only SecurityGroupHTTPAndSSH again, and an ACCEPT record newer than
 * the rejected attempt. `check` mode has no saved times, so "newer" comes from the records' own
 * start times: an ACCEPT that starts after the first REJECT (later REJECTs, such as the alarm
 * step's, must not undo a finished step); `run` mode also requires it to start no earlier than the
 * restoring solve and the latest REJECT.
 */
export async function checkSshRestored(ctx: LabContext): Promise<CheckResult> {
  const groups = await eniGroups(ctx);
  if (!only(groups.ids, ctx.env.sgHttpAndSshId)) {
    return result('failed', `The Web Server has ${groups.names.join(', ') || 'no security group'}, not only ${SG_HTTP_AND_SSH}.`, {
      hint: `The Web Server's security groups are ${groups.names.join(' and ') || 'none'}; for this step it should have only ${SG_HTTP_AND_SSH} again (step "${STEP}", revert the security group).`,
      detail: `eni=${ctx.env.eniId} groups=${groups.ids.join(',')} expected ${ctx.env.sgHttpAndSshId}`,
      evidence: [groups.evidence],
    });
  }
  const rec = await readSshRecords(ctx, 'ACCEPT');
  if ('verdict' in rec) return rec;
  if (rec.reject.length === 0) {
    return (
      stillDelivering(ctx, since(ctx, rec, REJECTED_AT), `the REJECT record of the blocked SSH attempt from ${rec.clientIp}`, rec.streamExists) ??
      result('failed', `No REJECT record of SSH from ${rec.clientIp} is in ${LOG_GROUP}, so a new ACCEPT cannot be told apart.`, {
        hint: `${LOG_GROUP} shows no rejected SSH attempt from your address ${rec.clientIp}, so the checker cannot tell a new accepted connection from the first one. Complete the blocked-SSH part of "${STEP}" first.`,
        detail: `eni=${ctx.env.eniId} accepts=${rec.accept.length}`,
        evidence: [groups.evidence],
      })
    );
  }
  const firstReject = startOf(rec.reject[0]);
  const latestReject = Math.max(...rec.reject.map(startOf));
  const restoredAt = ctx.state.get(RESTORED_AT);
  const fresh =
    ctx.mode === 'run' && typeof restoredAt === 'number'
      ? rec.accept.filter((a) => startOf(a) >= Math.floor(restoredAt / 1000) && startOf(a) >= latestReject)
      : rec.accept.filter((a) => startOf(a) > firstReject);
  if (fresh.length) {
    return result('passed', `${LOG_GROUP} holds a new ACCEPT record of SSH from ${rec.clientIp}, after the rejected attempt.`, {
      detail: `eni=${ctx.env.eniId} firstRejectStart=${firstReject} latestRejectStart=${latestReject} acceptStarts=${fresh.map(startOf).join(',')}`,
      evidence: [recordEvidence(`New ACCEPT records, port 22, from ${rec.clientIp}`, fresh), recordEvidence('REJECT records before them', rec.reject), groups.evidence],
    });
  }
  const rejectEndMs = Math.max(...rec.reject.map((r) => (r.num('end') ?? 0) * 1000));
  return (
    stillDelivering(ctx, since(ctx, rec, RESTORED_AT, rejectEndMs), `a new ACCEPT record of SSH from ${rec.clientIp}`, rec.streamExists) ??
    result('failed', `No ACCEPT record of SSH from ${rec.clientIp} is newer than the rejected attempt.`, {
      hint: `${LOG_GROUP} shows no accepted SSH connection from your address ${rec.clientIp} after the blocked attempt. With ${SG_HTTP_AND_SSH} back on the Web Server, connect with SSH again from this machine (step "${STEP}").`,
      detail: `eni=${ctx.env.eniId} latestRejectStart=${latestReject} acceptStarts=${rec.accept.map(startOf).join(',') || 'none'}`,
      evidence: [recordEvidence('REJECT records', rec.reject), groups.evidence],
    })
  );
}
