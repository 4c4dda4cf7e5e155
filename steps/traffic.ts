// Building blocks for network traffic: SSH to an instance, swap its security groups (the console's
// Security > Change security groups), SSH again; and rejected SSH on demand (for alarms).
import * as ec2 from '../aws/ec2';
import { FatalPollError, poll, PollTimeoutError } from '../core/poll';
import type { LabContext } from '../runner/context';
import { sshLogin, type SshEnv, type SshResult } from './ssh';

/** What the traffic solves read from the environment: the instance and its security groups by name. */
export type TrafficEnv = SshEnv & { securityGroups: Record<string, string> };

/** The lab's names for the traffic solves. */
export interface TrafficParams {
  /** How hints and errors call the instance ("the web server"). */
  instanceLabel: string;
  /** The group that lets SSH in, and the one that does not. */
  openGroup: string;
  closedGroup: string;
}

type Ctx = LabContext<TrafficEnv>;

/** How long a new instance's SSH server may take to answer on AWS (scaled by the target). */
const SSH_BOOT_BUDGET_MS = 180_000;

/** RunState keys: when each SSH of the lab started (ms); checks read them to date records in `run` mode. */
export const TRAFFIC_STATE = {
  acceptedAt: 'ssh-accepted.at',
  rejectedAt: 'ssh-rejected.at',
  restoredAt: 'ssh-restored.at',
  /** When the latest SSH attempt that had to be dropped opened its connection (ms). */
  lastDroppedAt: 'ssh.last-dropped-at',
  /** When a flush after dropped attempts returned: their REJECT records were stamped by then (ms). */
  droppedStampedBy: 'ssh.dropped-stamped-by',
} as const;

/** How long after the client saw it connected an in-process emulator may stamp a connection (callbacks of one event-loop turn). */
const SYN_SLACK_MS = 50;

/** Replaces the instance's security groups with exactly the named one of the environment. */
export async function swapSecurityGroups(ctx: Ctx, name: string): Promise<void> {
  const id = ctx.env.securityGroups[name];
  if (!id) throw new Error(`The environment has no security group named ${name}.`);
  await ec2.putInstanceSecurityGroups(ctx.clients.ec2, ctx.env.instanceId, [id], name, ctx.log);
}

/** On emulator targets, delivers the captured traffic now instead of at the next capture window. */
export async function flushFlowLogs(ctx: Pick<LabContext, 'target'>): Promise<void> {
  await ctx.target.flushFlowLogs?.();
}

/**
 * A flush after dropped attempts. Once it returns, the emulator has stamped their REJECT records (it
 * stamps a connection when it accepts it, which a loaded machine — or another process — may do well
 * after the client's connect call): the wait for a new second starts from this evidence.
 */
async function flushAfterDropped(ctx: Ctx): Promise<void> {
  await flushFlowLogs(ctx);
  // An emulator in this process stamped the connection in the turn the client saw it open: the
  // connect time already bounds the stamp, and waiting from the flush would cost up to a second more.
  if (ctx.target.flushFlowLogs && !ctx.target.inProcess) ctx.state.set(TRAFFIC_STATE.droppedStampedBy, ctx.clock.now());
}

function describe(r: SshResult): string {
  return r.ok ? `it logged in as ${r.output}` : `it ended with ${r.reason} (${r.message})`;
}

/**
 * Whether the target can reach the instance's SSH port (LocalStack cannot): without it the solves
 * still make the API changes, skip the connections, and the step ends `unsupported`.
 */
function canSsh(ctx: Ctx): boolean {
  if (ctx.target.capabilities.has('instance-ssh')) return true;
  ctx.log('Skipping the SSH connection: this target cannot reach instances');
  return false;
}

/** Whether a failed login is the host key changing (final), not a login cloud-init has yet to create. */
function hostKeyChanged(r: SshResult): boolean {
  return !r.ok && r.reason === 'auth' && /host key .* changed/i.test(r.message);
}

/**
 * SSH that must log in; throws a clear error otherwise. A fresh instance's sshd comes up a minute
 * or so after `running`, and answers before cloud-init has created the lab's login (authentication
 * fails for a while), so a refused, timed-out or rejected login is retried within a boot budget;
 * a changed host key is final.
 */
async function sshMustSucceed(ctx: Ctx, p: TrafficParams, why: string): Promise<void> {
  if (!canSsh(ctx)) return;
  try {
    await poll<true>(
      async () => {
        const r = await sshLogin(ctx);
        if (r.ok) return { done: true, value: true };
        if (hostKeyChanged(r)) throw new FatalPollError(`SSH to ${p.instanceLabel} should have been accepted ${why}, but ${describe(r)}.`);
        return { done: false, value: r, reason: describe(r) };
      },
      { description: `an SSH login to ${p.instanceLabel} ${why}`, budgetMs: SSH_BOOT_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
    );
  } catch (err) {
    if (err instanceof PollTimeoutError) throw new Error(`SSH to ${p.instanceLabel} should have been accepted ${why}, but ${err.lastReason ?? 'it never answered'}.`);
    throw err;
  }
}

/** SSH that must hang until it times out, as a dropped connection does; throws otherwise. */
async function sshMustTimeOut(ctx: Ctx, p: TrafficParams): Promise<void> {
  if (!canSsh(ctx)) return;
  const r = await sshLogin(ctx, { timeoutMs: ctx.target.sshRejectWaitMs ?? ctx.target.sshTimeoutMs });
  // Its REJECT record starts when the capture saw its SYN (an emulator: when it accepted the
  // connection, which the client sees as connected), not when the wait for an answer ended.
  const previous = ctx.state.get(TRAFFIC_STATE.lastDroppedAt) as number | undefined;
  ctx.state.set(TRAFFIC_STATE.lastDroppedAt, Math.max(previous ?? 0, r.connectedAt ?? r.startedAt ?? ctx.clock.now()));
  if (r.ok) throw new Error(`SSH to ${p.instanceLabel} succeeded although it has only ${p.closedGroup}; the security group change did not take effect.`);
  if (r.reason !== 'timeout') throw new Error(`SSH to ${p.instanceLabel} should have timed out with only ${p.closedGroup}, but ${describe(r)}.`);
}

/**
 * Swaps to HTTP-only, makes `attempts` SSH attempts that must each time out, and swaps back (also
 * when an attempt misbehaves). Returns when each attempt started (ms).
 */
export async function generateRejectedSsh(ctx: Ctx, p: TrafficParams, attempts = 3): Promise<number[]> {
  const times: number[] = [];
  await swapSecurityGroups(ctx, p.closedGroup);
  try {
    // Attempts side by side, as a scanner (or an impatient student with several terminals) makes them.
    await Promise.all(
      Array.from({ length: attempts }, () => {
        times.push(ctx.clock.now());
        return sshMustTimeOut(ctx, p);
      }),
    );
  } finally {
    await swapSecurityGroups(ctx, p.openGroup);
  }
  await flushAfterDropped(ctx);
  return times;
}

/**
 * Reproduce: one more SSH login, whatever its outcome (the scheduler calls it while the check waits
 * for the record: the first login may have come before the flow log started capturing).
 */
export function sshAgain(p: TrafficParams): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    if (!ctx.target.capabilities.has('instance-ssh')) return;
    const r = await sshLogin(ctx);
    if (!r.ok) ctx.log(`The extra SSH login to ${p.instanceLabel} ${describe(r)}`);
    await flushFlowLogs(ctx);
  };
}

/** Reproduce: one more SSH attempt that the closed group drops (its REJECT record may be lost or late). */
export function sshDroppedAgain(p: TrafficParams): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    if (!ctx.target.capabilities.has('instance-ssh')) return;
    await sshMustTimeOut(ctx, p).catch((err) => ctx.log(`The extra SSH attempt: ${(err as Error).message}`));
    await flushAfterDropped(ctx);
  };
}

/** Solve: SSH in and exit (must be accepted). */
export function sshAccepted(p: TrafficParams): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    ctx.state.set(TRAFFIC_STATE.acceptedAt, ctx.clock.now());
    await sshMustSucceed(ctx, p, `with ${p.openGroup}`);
    await flushFlowLogs(ctx);
  };
}

/** Solve: swap to the closed group; SSH must time out. */
export function sshRejected(p: TrafficParams): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    await swapSecurityGroups(ctx, p.closedGroup);
    ctx.state.set(TRAFFIC_STATE.rejectedAt, ctx.clock.now());
    await sshMustTimeOut(ctx, p);
    await flushAfterDropped(ctx);
  };
}

/** The first wall-clock second (ms) in which no dropped attempt so far can have been stamped. */
export function secondAfterDropped(state: ReadonlyMap<string, unknown>, now: number): number {
  const dropped = (state.get(TRAFFIC_STATE.lastDroppedAt) as number | undefined) ?? now;
  const stampedBy = (state.get(TRAFFIC_STATE.droppedStampedBy) as number | undefined) ?? 0;
  return (Math.floor(Math.max(dropped + SYN_SLACK_MS, stampedBy) / 1000) + 1) * 1000;
}

/** Solve: swap back to the open group; SSH must be accepted again. */
export function sshRestored(p: TrafficParams): (ctx: Ctx) => Promise<void> {
  return (ctx) => restore(ctx, p);
}

async function restore(ctx: Ctx, p: TrafficParams): Promise<void> {
  await swapSecurityGroups(ctx, p.openGroup);
  // Records have one-second resolution and the check proves the new ACCEPT is later than the
  // REJECT: on an emulator, where steps come milliseconds apart, start after the second in which the
  // last dropped attempt was stamped — by the flush that followed it (evidence), else its connect
  // plus a little slack for the SYN to leave; unknown: after the current second.
  const nextSecond = secondAfterDropped(ctx.state, ctx.clock.now());
  if (ctx.clock.now() < nextSecond) await ctx.clock.sleep(nextSecond - ctx.clock.now(), ctx.signal);
  ctx.state.set(TRAFFIC_STATE.restoredAt, ctx.clock.now());
  await sshMustSucceed(ctx, p, `once ${p.openGroup} is back`);
  await flushFlowLogs(ctx);
}
