// Checks of SSH traffic to an instance: an accepted connection, a rejected one after the swap to the
// closed security group, and an accepted one after the swap back, each proven by the client's flow
// records in a log group. Names come from the lab.
import * as ec2 from '../aws/ec2';
import type { FlowRecord } from '../flowlogs';
import type { LabContext } from '../runner/context';
import { result, type CheckResult, type Evidence } from '../runner/model';
import { readSshRecords, recordEvidence, stillDelivering, type FlowRecordEnv, type SshRecords } from './flow-records';
import { describeSources } from './traffic-sources';

/** What the traffic checks read from the environment. */
export type TrafficCheckEnv = FlowRecordEnv & { securityGroups: Record<string, string> };
type Ctx = LabContext<TrafficCheckEnv>;

/** The lab's names for the traffic checks. */
export interface TrafficCheckParams {
  /** The log group the flow log delivers to. */
  logGroup: string;
  /** How hints call the instance ("the web server"). */
  instanceLabel: string;
  /** The group that lets SSH in, and the one that does not. */
  openGroup: string;
  closedGroup: string;
  /** The lab text's sections: the traffic one, and the one that creates the log group's flow log. */
  section: string;
  logGroupSection: string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "your address 203.0.113.7", or "you" when no record told which address is the student's. */
const yourAddress = (rec: SshRecords) => (rec.choice && !rec.choice.ip ? 'you' : `your address ${rec.clientIp}`);

/** check: which address was taken for the student and why, and every address seen (for summaries). */
function whose(rec: SshRecords): string {
  if (!rec.choice?.ip) return '';
  const others = rec.choice.sources.filter((s) => s.ip !== rec.choice!.ip);
  return ` (${rec.choice.why}${others.length ? `; also seen: ${describeSources(others)}` : ''})`;
}

/** check: a failed hint's last sentence when SSH records came from addresses other than the one taken. */
function otherSources(rec: SshRecords): string {
  const others = rec.choice?.sources.filter((s) => s.ip !== rec.choice!.ip) ?? [];
  if (!others.length) return '';
  return ` SSH records to it came from ${describeSources(others)}; if one of them is you (CloudShell, another network), pass it with --client-ip.`;
}

/** Check: the client's SSH to the instance is accepted and logged. */
export function sshAcceptedLogged(p: TrafficCheckParams): (ctx: Ctx) => Promise<CheckResult> {
  return (ctx) => checkSshAccepted(ctx, p);
}

/** Check: with only the closed group, SSH is rejected and logged. */
export function sshRejectedLogged(p: TrafficCheckParams): (ctx: Ctx) => Promise<CheckResult> {
  return (ctx) => checkSshRejected(ctx, p);
}

/** Check: with the open group back, a new accepted SSH is logged after the rejected one. */
export function sshRestoredLogged(p: TrafficCheckParams): (ctx: Ctx) => Promise<CheckResult> {
  return (ctx) => checkSshRestored(ctx, p);
}
// The RunState keys steps/traffic.ts writes (checks may not import steps/): when each SSH started.
const ACCEPTED_AT = 'ssh-accepted.at';
const REJECTED_AT = 'ssh-rejected.at';
const RESTORED_AT = 'ssh-restored.at';

/** The later of the flow log's creation and the time a solve recorded (run mode only). */
function since(ctx: Ctx, rec: SshRecords, stateKey: string, ...more: number[]): number {
  const created = rec.flowLog.CreationTime?.getTime() ?? 0;
  const solved = ctx.state.get(stateKey);
  return Math.max(created, typeof solved === 'number' ? solved : 0, ...more);
}

/** The instance ENI's security groups, as ids and names. */
async function eniGroups(ctx: Ctx): Promise<{ ids: string[]; names: string[]; evidence: Evidence }> {
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

async function checkSshAccepted(ctx: Ctx, p: TrafficCheckParams): Promise<CheckResult> {
  const rec = await readSshRecords(ctx, p.logGroup, 'ACCEPT', p.logGroupSection);
  if ('verdict' in rec) return rec;
  if (rec.accept.length) {
    return result('passed', `${p.logGroup} holds ${rec.accept.length} ACCEPT record(s) of SSH from ${rec.clientIp} to ${p.instanceLabel}${whose(rec)}.`, {
      detail: `eni=${ctx.env.eniId} dst=${ctx.env.privateIp} flowLog=${rec.flowLog.FlowLogId} sources=${describeSources(rec.choice?.sources ?? [])}`,
      evidence: [recordEvidence(`ACCEPT records, port 22, from ${rec.clientIp}`, rec.accept)],
    });
  }
  return (
    stillDelivering(ctx, p.logGroup, since(ctx, rec, ACCEPTED_AT), `an ACCEPT record of SSH from ${rec.clientIp}`, rec.streamExists) ??
    result('failed', `No ACCEPT record of SSH from ${rec.clientIp} to ${p.instanceLabel} is in ${p.logGroup}.`, {
      hint: `${p.logGroup} shows no accepted SSH connection from ${yourAddress(rec)} to ${p.instanceLabel}. Log in to ${p.instanceLabel} with SSH from this machine and exit (step "${p.section}"); the record appears a few minutes later.${otherSources(rec)}`,
      detail: `eni=${ctx.env.eniId} dst=${ctx.env.privateIp} streamExists=${rec.streamExists} rejects=${rec.reject.length}`,
    })
  );
}

/**
 * ssh-rejected. In `check` mode a student who already went on to restore
 * the open group still passes, as long as the REJECT record is there.
 */
async function checkSshRejected(ctx: Ctx, p: TrafficCheckParams): Promise<CheckResult> {
  const groups = await eniGroups(ctx);
  const rec = await readSshRecords(ctx, p.logGroup, 'REJECT', p.logGroupSection);
  if ('verdict' in rec) return rec;
  const restoredLater = ctx.mode === 'check' && only(groups.ids, ctx.env.securityGroups[p.openGroup]) && rec.reject.length > 0;
  if (!only(groups.ids, ctx.env.securityGroups[p.closedGroup]) && !restoredLater) {
    return result('failed', `${cap(p.instanceLabel)} has ${groups.names.join(', ') || 'no security group'}, not only ${p.closedGroup}.`, {
      hint: `${cap(p.instanceLabel)}'s security groups are ${groups.names.join(' and ') || 'none'}; for this step it should have only ${p.closedGroup}, so that SSH is blocked (step "${p.section}", Change security groups).`,
      detail: `eni=${ctx.env.eniId} groups=${groups.ids.join(',')} expected ${ctx.env.securityGroups[p.closedGroup]}`,
      evidence: [groups.evidence],
    });
  }
  if (rec.reject.length) {
    return result('passed', `${p.logGroup} holds ${rec.reject.length} REJECT record(s) of SSH from ${rec.clientIp}${whose(rec)}${restoredLater ? `; ${p.openGroup} has since been restored` : ''}.`, {
      detail: `eni=${ctx.env.eniId} groups=${groups.ids.join(',')} flowLog=${rec.flowLog.FlowLogId}`,
      evidence: [recordEvidence(`REJECT records, port 22, from ${rec.clientIp}`, rec.reject), groups.evidence],
    });
  }
  return (
    stillDelivering(ctx, p.logGroup, since(ctx, rec, REJECTED_AT), `a REJECT record of SSH from ${rec.clientIp}`, rec.streamExists) ??
    result('failed', `No REJECT record of SSH from ${rec.clientIp} is in ${p.logGroup}.`, {
      hint: `${p.logGroup} shows no rejected SSH attempt from ${yourAddress(rec)}. With only ${p.closedGroup} on ${p.instanceLabel}, try to connect with SSH again from this machine and let it time out (step "${p.section}").${otherSources(rec)}`,
      detail: `eni=${ctx.env.eniId} streamExists=${rec.streamExists} accepts=${rec.accept.length}`,
      evidence: [groups.evidence],
    })
  );
}

/**
 * ssh-restored: only the open group again, and an ACCEPT record newer than
 * the rejected attempt. `check` mode has no saved times, so "newer" comes from the records' own
 * start times: an ACCEPT that starts after the first REJECT (later REJECTs, such as the alarm
 * step's, must not undo a finished step); `run` mode also requires it to start no earlier than the
 * restoring solve and the latest REJECT.
 */
async function checkSshRestored(ctx: Ctx, p: TrafficCheckParams): Promise<CheckResult> {
  const groups = await eniGroups(ctx);
  if (!only(groups.ids, ctx.env.securityGroups[p.openGroup])) {
    return result('failed', `${cap(p.instanceLabel)} has ${groups.names.join(', ') || 'no security group'}, not only ${p.openGroup}.`, {
      hint: `${cap(p.instanceLabel)}'s security groups are ${groups.names.join(' and ') || 'none'}; for this step it should have only ${p.openGroup} again (step "${p.section}", revert the security group).`,
      detail: `eni=${ctx.env.eniId} groups=${groups.ids.join(',')} expected ${ctx.env.securityGroups[p.openGroup]}`,
      evidence: [groups.evidence],
    });
  }
  const rec = await readSshRecords(ctx, p.logGroup, 'ACCEPT', p.logGroupSection);
  if ('verdict' in rec) return rec;
  if (rec.reject.length === 0) {
    return (
      stillDelivering(ctx, p.logGroup, since(ctx, rec, REJECTED_AT), `the REJECT record of the blocked SSH attempt from ${rec.clientIp}`, rec.streamExists) ??
      result('failed', `No REJECT record of SSH from ${rec.clientIp} is in ${p.logGroup}, so a new ACCEPT cannot be told apart.`, {
        hint: `${p.logGroup} shows no rejected SSH attempt from ${yourAddress(rec)}, so the checker cannot tell a new accepted connection from the first one. Complete the blocked-SSH part of "${p.section}" first.${otherSources(rec)}`,
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
    return result('passed', `${p.logGroup} holds a new ACCEPT record of SSH from ${rec.clientIp}${whose(rec)}, after the rejected attempt.`, {
      detail: `eni=${ctx.env.eniId} firstRejectStart=${firstReject} latestRejectStart=${latestReject} acceptStarts=${fresh.map(startOf).join(',')}`,
      evidence: [recordEvidence(`New ACCEPT records, port 22, from ${rec.clientIp}`, fresh), recordEvidence('REJECT records before them', rec.reject), groups.evidence],
    });
  }
  const rejectEndMs = Math.max(...rec.reject.map((r) => (r.num('end') ?? 0) * 1000));
  return (
    stillDelivering(ctx, p.logGroup, since(ctx, rec, RESTORED_AT, rejectEndMs), `a new ACCEPT record of SSH from ${rec.clientIp}`, rec.streamExists) ??
    result('failed', `No ACCEPT record of SSH from ${rec.clientIp} is newer than the rejected attempt.`, {
      hint: `${p.logGroup} shows no accepted SSH connection from ${yourAddress(rec)} after the blocked attempt. With ${p.openGroup} back on ${p.instanceLabel}, connect with SSH again from this machine (step "${p.section}").${otherSources(rec)}`,
      detail: `eni=${ctx.env.eniId} latestRejectStart=${latestReject} acceptStarts=${rec.accept.map(startOf).join(',') || 'none'}`,
      evidence: [recordEvidence('REJECT records', rec.reject), groups.evidence],
    })
  );
}
